"""The GloVe page: its derivation holds, wrong variants are rejected and named, the summed gradients of the
whole cost agree with finite differences, and the weights quoted on the page are recomputed."""

import numpy as np
import pytest
import sympy as sp
from sitetools import figure_script

from derivations import get, verify
from derivations.catalogue import glove as gl
from derivations.verify import values

ID = "glove-cost-gradient"


@pytest.fixture(scope="module")
def fig():
    return figure_script("plot_glove_weighting")


def test_the_derivation_verifies_symbolically():
    derivation = get(ID)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps)
    assert all(check.method != "numeric" for check in report.checks)


Fw, e, w, wt, a, x, x_max, alpha, f = (
    gl.Fw,
    gl.e,
    gl.w,
    gl.wt,
    gl.a,
    gl.x,
    gl.x_max,
    gl.alpha,
    gl.f,
)
WRONG = [
    (
        "word-chain-rule",
        sp.Mul(Fw, e, sp.Derivative(e, w[a])),
        "lost the factor 2 of the square",
    ),
    (
        "word-gradient-term",
        sp.Mul(2, Fw, e, w[a]),
        "the other vector, not the word's own",
    ),
    ("bias-gradient-term", sp.Mul(2, Fw), "the residual is missing"),
    (
        "power-rule",
        alpha * x**alpha / x_max**alpha,
        "the power rule lowers the exponent by one",
    ),
    ("power-beats-log", sp.S.One, "the weight wins against the logarithm"),
]


@pytest.mark.parametrize(
    "key, wrong, what", WRONG, ids=[f"{w[0]}:{w[2]}" for w in WRONG]
)
def test_a_wrong_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(ID, key, wrong)


# --- the whole cost in NumPy ---------------------------------------------------------------------------


def weighting(counts, x_max=100.0, alpha=0.75):
    counts = np.asarray(counts, dtype=float)
    return np.where(counts < x_max, (counts / x_max) ** alpha, 1.0)


def residuals(W, Wt, b, bt, X):
    with np.errstate(divide="ignore"):
        return W @ Wt.T + b[:, None] + bt[None, :] - np.log(X)


def cost(W, Wt, b, bt, X):
    seen = X > 0  # f(0) = 0: pairs never seen are left out
    return float(np.sum(weighting(X[seen]) * residuals(W, Wt, b, bt, X)[seen] ** 2))


def gradients(W, Wt, b, bt, X):
    """The derivation's per-term gradients, summed over the pairs whose term contains the parameter."""
    seen = X > 0
    g = np.where(
        seen,
        2
        * weighting(np.where(seen, X, 1))
        * np.where(seen, residuals(W, Wt, b, bt, X), 0),
        0,
    )
    return g @ Wt, g.T @ W, g.sum(axis=1), g.sum(axis=0)


def numeric(function, value, h=1e-6):
    grad = np.zeros_like(value)
    for index in np.ndindex(value.shape):
        step = np.zeros_like(value)
        step[index] = h
        grad[index] = (function(value + step) - function(value - step)) / (2 * h)
    return grad


def test_the_summed_gradients_match_finite_differences():
    rng = np.random.default_rng(2014)
    words, dim = 6, 3
    # counts from 0 to several hundred
    X = np.round(rng.lognormal(2.5, 1.8, (words, words)))
    X[rng.random((words, words)) < 0.3] = 0
    assert (X == 0).any() and (X >= 100).any() and ((X > 0) & (X < 100)).any()
    W, Wt = rng.normal(0, 0.5, (2, words, dim))
    b, bt = rng.normal(0, 0.5, (2, words))
    g_W, g_Wt, g_b, g_bt = gradients(W, Wt, b, bt, X)
    assert np.allclose(
        g_W, numeric(lambda v: cost(v, Wt, b, bt, X), W), rtol=1e-6, atol=1e-5
    )
    assert np.allclose(
        g_Wt, numeric(lambda v: cost(W, v, b, bt, X), Wt), rtol=1e-6, atol=1e-5
    )
    assert np.allclose(
        g_b, numeric(lambda v: cost(W, Wt, v, bt, X), b), rtol=1e-6, atol=1e-5
    )
    assert np.allclose(
        g_bt, numeric(lambda v: cost(W, Wt, b, v, X), bt), rtol=1e-6, atol=1e-5
    )


def test_gradient_descent_on_the_cost_fits_the_log_counts():
    """A small check that the gradients are usable: a few hundred steps lower the cost a lot."""
    rng = np.random.default_rng(3)
    words, dim = 8, 4
    X = np.round(rng.lognormal(2.5, 1.5, (words, words)))
    X = X + X.T
    W, Wt = rng.normal(0, 0.1, (2, words, dim))
    b, bt = np.zeros((2, words))
    start = cost(W, Wt, b, bt, X)
    for _ in range(400):
        g_W, g_Wt, g_b, g_bt = gradients(W, Wt, b, bt, X)
        W, Wt, b, bt = (
            W - 0.02 * g_W,
            Wt - 0.02 * g_Wt,
            b - 0.02 * g_b,
            bt - 0.02 * g_bt,
        )
    assert cost(W, Wt, b, bt, X) < 0.05 * start


# --- the weighting function and the numbers on the page -----------------------------------------------


def test_the_weighting_is_continuous_increasing_and_vanishes_at_zero(fig):
    below = np.linspace(1e-9, 100 - 1e-9, 2001)
    assert np.all(np.diff(fig.weight(below)) > 0)
    assert (
        fig.weight(100 - 1e-9) == pytest.approx(1, abs=1e-9)
        and fig.weight(100) == 1
        and fig.weight(1e6) == 1
    )
    tiny = np.array([1e-4, 1e-8, 1e-12])
    products = fig.weight(tiny) * np.log(tiny) ** 2
    assert np.all(np.diff(products) < 0) and products[-1] < 1e-4
    assert np.allclose(fig.weight(below), weighting(below))


def test_the_values_and_the_figure_agree(fig):
    derived = dict(zip([v.key for v in get(ID).values], map(float, values(get(ID)))))
    assert derived["weight-once"] == pytest.approx(float(fig.weight(1)), rel=1e-3)
    assert derived["weight-ten"] == pytest.approx(float(fig.weight(10)), rel=1e-3)
    assert derived["weight-fifty"] == pytest.approx(float(fig.weight(50)), rel=1e-3)


def test_the_numbers_in_the_caption_and_on_the_page():
    """Caption: 'about 0.03, 0.18 and 0.59'; page: 'about a thirtieth of a pair at the cap'; 'the difference
    between one and two occurrences ... as large a step as between 50 and 100'."""
    assert 0.01**0.75 == pytest.approx(0.03, abs=0.005)
    assert 0.1**0.75 == pytest.approx(0.18, abs=0.005)
    assert 0.5**0.75 == pytest.approx(0.59, abs=0.005)
    assert 25 < 1 / 0.01**0.75 < 35
    assert np.log(2) - np.log(1) == pytest.approx(np.log(100) - np.log(50))


def test_three_quarters_lies_above_linear_below_the_cap(fig):
    """'the curve for alpha = 3/4 lies above the linear one below the cap'; the ratio grows as the count falls."""
    counts = np.linspace(0.5, 99.5, 199)
    ratio = fig.weight(counts) / fig.weight(counts, alpha=1.0)
    assert np.all(ratio > 1) and np.all(np.diff(ratio) < 0)


def test_the_figure_has_two_panels(fig):
    assert len(fig.figure().axes) == 2
