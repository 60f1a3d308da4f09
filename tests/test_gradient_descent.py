"""The gradient-descent page: its derivation, wrong steps it rejects, and the iterates its figure draws."""


import numpy as np
import pytest
import sympy as sp
from sitetools import figure_script

from derivations import Rel, VerificationError, get, verify
from derivations.catalogue import gradient_descent as gd

ID = "gradient-descent-quadratic"


def load_figure_module():
    return figure_script("plot_gd_learning_rates")


def test_the_derivation_verifies_every_step_symbolically():
    report = verify(get(ID))
    assert not [c.key for c in report.checks if c.numeric_only]


@pytest.mark.parametrize("key, wrong", [
    # One step multiplies the error by 1 + alpha L: the sign of the gradient step flipped.
    ("factor", sp.Mul(1 + gd.alpha * gd.L, gd.theta, evaluate=False)),
    # The best one-dimensional learning rate claimed to be 2/L (that is the edge of divergence).
    ("one-over-l", sp.Eq(gd.alpha, 2 / gd.L)),
    # k steps claimed to multiply the error by k (1 - alpha L) instead of its k-th power.
    ("power", gd.k * (1 - gd.alpha * gd.L) * gd.theta0),
    # The balanced learning rate claimed to be 1/(mu + L).
    ("balanced-alpha", sp.Eq(gd.alpha, 1 / (gd.mu + gd.L))),
])
def test_a_wrong_equality_is_rejected_and_named(key, wrong, rejects):
    rejects(ID, key, wrong)


def test_a_wrong_bound_is_rejected_and_named(replace):
    # Below 2/L the factor stays above -1, but not above 0: a learning rate just under 2/L overshoots.
    key = "below-threshold-above-minus-one"
    with pytest.raises(VerificationError, match=rf"step \d+ \({key}\) does not hold") as caught:
        verify(replace(get(ID), key, expr=sp.S.Zero, rel=Rel.GT))
    assert "counterexample" in str(caught.value)


def test_each_eigen_direction_of_the_figure_is_multiplied_by_one_minus_alpha_lambda():
    figure = load_figure_module()
    hessian = figure.hessian()
    curvatures, directions = np.linalg.eigh(hessian)
    assert np.allclose(curvatures, [figure.MU, figure.L])
    for alpha, _label in figure.RATES:
        along = figure.iterates(alpha, steps=6) @ directions  # the errors z_i, one column per direction
        ratios = along[1:] / along[:-1]
        assert np.allclose(ratios, 1 - alpha * curvatures)


def test_the_figure_shows_a_learning_rate_on_each_side_of_two_over_l():
    figure = load_figure_module()
    (small, _), (good, _), (large, _) = figure.RATES
    assert 0 < small < good < 2 / figure.L < large
    assert good == pytest.approx(2 / (figure.MU + figure.L))
    size = {alpha: np.linalg.norm(figure.iterates(alpha, steps=200)[-1]) for alpha in (small, good, large)}
    start = np.linalg.norm(figure.START)
    assert size[good] < 1e-20 * start
    assert size[small] < start
    assert size[large] > 1e6 * start


@pytest.mark.parametrize("below_edge", [True, False])
def test_the_iteration_converges_exactly_below_two_over_l(below_edge):
    figure = load_figure_module()
    alpha = 2 / figure.L * (0.99 if below_edge else 1.01)
    final = np.linalg.norm(figure.iterates(alpha, steps=3000)[-1])
    assert bool(final < 1e-3) is below_edge


def test_the_figure_is_a_single_matplotlib_figure():
    fig = load_figure_module().figure()
    assert len(fig.axes) == 2


def test_what_the_alt_text_says_about_the_error_curves():
    figure = load_figure_module()
    (small, _), (good, _), (large, _) = figure.RATES
    start = np.linalg.norm(figure.START)
    size = {alpha: np.linalg.norm(figure.iterates(alpha), axis=1) for alpha in (small, good, large)}
    assert np.all(np.diff(size[small]) < 0) and size[small][-1] > start / 2  # falls, slowly
    assert size[good][-1] < 1e-4 * start  # more than four orders of magnitude in 25 steps
    lowest = int(np.argmin(size[large]))
    assert 0 < lowest <= 5 and np.all(np.diff(size[large][lowest:]) > 0)  # dips, then rises steadily
