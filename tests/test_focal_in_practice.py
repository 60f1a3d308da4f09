"""The focal-loss page's practical part: the re-weighting derivation holds, wrong variants are rejected and
named, its claims hold numerically with NumPy, and the simulated detector behind the figure gives the
shares the page quotes."""

import numpy as np
import pytest
import sympy as sp
from sitetools import figure_script

from derivations import get, verify
from derivations.catalogue import focal_loss_weighting as fw
from derivations.verify import values

ID = "focal-loss-weighting"


@pytest.fixture(scope="module")
def sim():
    return figure_script("plot_focal_reweighting")


def test_the_derivation_verifies():
    derivation = get(ID)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps)
    assert all(check.points >= 20 for check in report.checks)


def test_the_values_the_page_quotes():
    """'about 0.968' (the paper's figure) and 'about 2.9 %'."""
    thousandfold, gradient = (float(v) for v in values(get(ID)))
    assert thousandfold == pytest.approx(0.968, abs=5e-4)
    assert (1 - thousandfold) ** 2 == pytest.approx(
        1e-3, rel=1e-4
    )  # to the 6 digits shown
    assert gradient == pytest.approx(0.029, abs=5e-4)


p_t, alpha_t, gamma, e = fw.p_t, fw.alpha_t, fw.gamma, fw.e
WRONG = [
    ("factor-out", alpha_t * (1 - p_t) ** gamma, "the bracket dropped"),
    ("at-least-loss-ratio", alpha_t, "the modulating factor dropped from the bound"),
    ("hard-limit", sp.S.One, "the class weight forgotten"),
    ("easy-limit", alpha_t * gamma, "gamma instead of 1 + gamma"),
    (
        "thousandfold-epsilon",
        sp.Eq(e, sp.Rational(1, 100)),
        "a hundredth, not a thousandth",
    ),
    (
        "cancel-slope",
        fw.derivative_at(fw.FL, fw.sigma(fw.s)),
        "the denominator dropped",
    ),
]


@pytest.mark.parametrize(
    "key, wrong, what", WRONG, ids=[f"{w[0]}:{w[2]}" for w in WRONG]
)
def test_a_wrong_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(ID, key, wrong)


# --- NumPy only -------------------------------------------------------------------------------------------


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _focal(x, g, a=1.0):
    p = _sigmoid(x)
    return -a * (1 - p) ** g * np.log(p)


def _ratio(p, g):
    return (1 - p) ** g * (1 - g * p * np.log(p) / (1 - p))


def test_the_gradient_ratio_by_finite_differences_in_a_weight():
    """The ratio of the gradients in a weight w (logit w u + b) is the formula, whatever u and b."""
    rng = np.random.default_rng(7)
    h = 1e-6
    for _ in range(100):
        w, u, b, g = rng.normal(), rng.normal(0, 2), rng.normal(), rng.uniform(0, 5)

        def focal_in_w(v, u=u, b=b, g=g):
            return _focal(v * u + b, g)

        def ce_in_w(v, u=u, b=b):
            return _focal(v * u + b, 0)

        numeric = (focal_in_w(w + h) - focal_in_w(w - h)) / (
            ce_in_w(w + h) - ce_in_w(w - h)
        )
        assert numeric == pytest.approx(_ratio(_sigmoid(w * u + b), g), rel=1e-5)


def test_the_gradient_ratio_near_the_ends():
    for g in (0.5, 1, 2, 5):
        assert _ratio(1e-9, g) == pytest.approx(1, abs=1e-6)
        p = 1 - 1e-6
        assert _ratio(p, g) / (1 - p) ** g == pytest.approx(1 + g, rel=1e-4)
        grid = np.linspace(0.001, 0.999, 999)
        assert np.all(_ratio(grid, g) >= (1 - grid) ** g)


def test_focal_pushes_harder_than_ce_for_hard_examples():
    """'up to about 1.22 near p_t = 0.1' and 'for p_t below about 0.3' (gamma = 2)."""
    grid = np.linspace(1e-4, 0.999, 200_000)
    ratio = _ratio(grid, 2)
    assert ratio.max() == pytest.approx(1.22, abs=0.005)
    assert grid[ratio.argmax()] == pytest.approx(0.10, abs=0.01)
    crossing = grid[np.flatnonzero(ratio < 1)[0]]
    assert crossing == pytest.approx(0.30, abs=0.01)


def test_at_nine_tenths():
    assert (1 - 0.9) ** 2 == pytest.approx(0.01)
    assert _ratio(0.9, 2) == pytest.approx(0.029, abs=5e-4)


# --- the simulated detector ---------------------------------------------------------------------------------


def test_the_population(sim):
    negatives, positives = sim.population()
    assert len(negatives) + len(positives) == 100_000 and len(positives) == 100
    easy = (negatives > 0.9).sum() / (len(negatives) + len(positives))
    assert easy == pytest.approx(0.97, abs=0.005)


def _shares(negatives, positives, g, a=None):
    wn, wp = (1, 1) if a is None else (1 - a, a)
    neg = -wn * (1 - negatives) ** g * np.log(negatives)
    pos = -wp * (1 - positives) ** g * np.log(positives)
    total = neg.sum() + pos.sum()
    return neg[negatives > 0.9].sum() / total, pos.sum() / total


def test_the_shares_the_page_quotes(sim):
    negatives, positives = sim.population()
    easy, pos = _shares(negatives, positives, 0)
    assert easy == pytest.approx(0.65, abs=0.01) and pos == pytest.approx(
        0.03, abs=0.01
    )
    easy, pos = _shares(negatives, positives, 2)
    assert easy == pytest.approx(0.03, abs=0.01) and pos == pytest.approx(
        0.39, abs=0.01
    )
    _, pos = _shares(negatives, positives, 2, 0.25)
    assert pos == pytest.approx(0.18, abs=0.01)
    # The figure's own computation agrees.
    assert sim.shares(2)["positives"] == pytest.approx(
        _shares(negatives, positives, 2)[1]
    )
    assert sim.shares(0)["easy negatives"] == pytest.approx(
        _shares(negatives, positives, 0)[0]
    )


def test_the_figure_has_two_panels(sim):
    assert len(sim.figure().axes) == 2
