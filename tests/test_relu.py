"""The ReLU page: its derivation holds, wrong variants of its key steps are rejected, and its figure builds."""


import pytest
import sympy as sp
from sitetools import figure_script

from derivations import get, verify
from derivations.catalogue import relu

ID = "relu-family-derivatives"


def test_the_derivation_verifies_symbolically_and_quickly():
    report = verify(get(ID))
    assert all(check.method == "symbolic" for check in report.checks)
    assert report.seconds < 3


def test_the_one_sided_slopes_at_zero_differ():
    results = {part.key: part.conclusion.rhs for part in get(ID).parts if part.key.startswith("relu-kink")}
    assert results == {"relu-kink-right": 1, "relu-kink-left": 0}


def test_elu_is_smooth_exactly_for_alpha_one():
    assert get(ID).parts[-1].conclusion == sp.Eq(relu.alpha, 1)


WRONG = [
    # (step, wrong expression, what is wrong)
    ("relu-slope-left", sp.S.One, "the slope on the dead side is not 1"),
    ("relu-kink-right-value", sp.S.Zero, "the framework convention is not the right-hand slope"),
    ("active-product", sp.Rational(1, 4), "active units do not shrink the gradient"),
    ("leaky-slope-left", 1 - relu.a, "wrong slope"),
    ("elu-slope-left", relu.alpha * (sp.exp(relu.z_neg) - 1), "the function, not its slope"),
    ("elu-slope-from-value", relu.elu(relu.z_neg) - relu.alpha, "wrong sign"),
    ("elu-kink-left-value", sp.S.One, "the left slope at 0 is alpha"),
    ("elu-smooth-alpha", sp.Eq(relu.alpha, 2), "wrong solution"),
]


@pytest.mark.parametrize("key, wrong, what", WRONG, ids=[w[0] for w in WRONG])
def test_a_wrong_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(ID, key, wrong)


def test_the_figure_has_two_panels():
    fig = figure_script("plot_relu_family").figure()
    assert [ax.get_title() for ax in fig.axes] == ["Activation", "Slope (derivative)"]
