"""The attention page: its two derivations hold, wrong variants are rejected and named, the variance and the
Jacobian agree with simulation and finite differences, and the numbers on the page are recomputed."""

import itertools

import numpy as np
import pytest
import sympy as sp
from scipy.special import softmax
from sitetools import figure_script

from derivations import get, verify
from derivations.catalogue import attention_scaling as att
from derivations.catalogue import softmax_saturation as sm

SCALING = "attention-scaling"
JACOBIAN = "softmax-jacobian-saturation"


@pytest.fixture(scope="module")
def fig():
    return figure_script("plot_attention_heatmap")


@pytest.mark.parametrize("derivation_id", [SCALING, JACOBIAN])
def test_the_derivations_verify(derivation_id):
    derivation = get(derivation_id)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps)
    assert all(check.points >= 20 for check in report.checks)


def test_the_scaling_results():
    conclusions = {part.key: part.conclusion for part in get(SCALING).parts}
    assert conclusions["dot-variance"].rhs == att.d_k
    assert conclusions["scaled-variance"].rhs == 1
    assert conclusions["term-mean"].rhs == 0


def test_the_jacobian_is_checked_by_finite_differences():
    check = verify(get(JACOBIAN)).check("quotient-rule")
    assert check.finite_differences >= check.points


d_k, root_d, var_dot = att.d_k, att.root_d, att.var_dot
n, delta, s, i, j, z, Z, kd = sm.n, sm.delta, sm.s, sm.i, sm.j, sm.z, sm.Z, sm.kd
WRONG = [
    # (derivation, step, wrong expression, what is wrong)
    (
        SCALING,
        "term-mean-zero",
        sp.S.One,
        "the product of two centred factors has mean 0",
    ),
    (
        SCALING,
        "term-variance-one",
        sp.Integer(2),
        "the second moments multiply, they do not add",
    ),
    (SCALING, "dot-variance-dk", d_k**2, "variances of independent terms add linearly"),
    (
        SCALING,
        "scaled-variance-factor",
        sp.Mul(1 / root_d, var_dot, evaluate=False),
        "the factor must be squared",
    ),
    (
        JACOBIAN,
        "quotient-rule",
        -sp.exp(z[i]) * sp.exp(z[j]) / Z**2,
        "the diagonal term is missing",
    ),
    (JACOBIAN, "softmax-form", s[i] * (kd + s[j]), "wrong sign"),
    (JACOBIAN, "row-sum-zero", sp.S.One, "rows sum to 0"),
    (
        JACOBIAN,
        "margin-bound",
        sp.Sum(sp.exp(-2 * delta), (sm.m, 2, n)),
        "a bound that is too tight",
    ),
]


@pytest.mark.parametrize(
    "derivation_id, key, wrong, what", WRONG, ids=[f"{w[1]}:{w[3]}" for w in WRONG]
)
def test_a_wrong_step_is_rejected_and_named(derivation_id, key, wrong, what, rejects):
    rejects(derivation_id, key, wrong)


# --- the claims, by simulation and finite differences --------------------------------------------


@pytest.mark.parametrize("dimension", [1, 4, 16, 64, 256])
def test_the_dot_product_has_variance_dk_by_simulation(dimension):
    rng = np.random.default_rng(dimension)
    samples = 40_000
    q = rng.standard_normal((samples, dimension))
    k = rng.standard_normal((samples, dimension))
    dots = np.einsum("ij,ij->i", q, k)
    assert dots.mean() == pytest.approx(0, abs=4 * np.sqrt(dimension / samples))
    assert dots.var() == pytest.approx(dimension, rel=0.05)
    assert (dots / np.sqrt(dimension)).var() == pytest.approx(1, rel=0.05)


def test_the_page_standard_deviation_at_dk_64():
    """'For the paper's d_k = 64, unscaled logits have a standard deviation of 8.'"""
    rng = np.random.default_rng(64)
    q, k = rng.standard_normal((2, 40_000, 64))
    assert np.einsum("ij,ij->i", q, k).std() == pytest.approx(8, rel=0.03)


def jacobian(logits):
    weights = softmax(logits)
    return np.diag(weights) - np.outer(weights, weights)


def test_the_jacobian_matches_finite_differences():
    rng = np.random.default_rng(3)
    h = 1e-6
    for size in (2, 3, 5, 8):
        logits = rng.normal(0, 2, size)
        numeric = np.column_stack(
            [
                (softmax(logits + h * e) - softmax(logits - h * e)) / (2 * h)
                for e in np.eye(size)
            ]
        )
        assert np.allclose(numeric, jacobian(logits), atol=1e-9)
        assert np.allclose(jacobian(logits).sum(axis=1), 0, atol=1e-15)


def test_every_entry_of_a_saturated_jacobian_is_below_the_margin_bound():
    """The page's reading of the saturation parts: every entry is at most (n - 1) exp(-margin) in size."""
    rng = np.random.default_rng(4)
    for _ in range(500):
        size = int(rng.integers(2, 10))
        logits = rng.normal(0, rng.uniform(0.5, 10), size)
        top, runner_up = np.sort(logits)[::-1][:2]
        margin = top - runner_up
        assert (
            np.abs(jacobian(logits)).max()
            <= (size - 1) * np.exp(-margin) * (1 + 1e-9) + 1e-15
        )


def test_scaling_logits_up_makes_the_jacobian_vanish():
    logits = np.array([1.0, 0.4, -0.3, 0.0])
    sizes = [np.abs(jacobian(c * logits)).max() for c in (1, 4, 16, 64)]
    assert all(a > b for a, b in itertools.pairwise(sizes))
    assert sizes[-1] < 1e-15


# --- the figure and the numbers on the page ---------------------------------------------------------


def test_the_figure_computes_scaled_dot_product_attention(fig):
    rng = np.random.default_rng(5)
    q, k = rng.standard_normal((3, 16)), rng.standard_normal((4, 16))
    assert np.allclose(
        fig.attention_weights(q, k, scaled=True), softmax(q @ k.T / 4, axis=1)
    )
    assert np.allclose(
        fig.attention_weights(q, k, scaled=False), softmax(q @ k.T, axis=1)
    )


def test_the_heat_maps(fig):
    """'In the left heat map almost every row is a single bright cell'; the scaled map spreads each row."""
    q, k = fig.toy()
    unscaled, scaled = (
        fig.attention_weights(q, k, False),
        fig.attention_weights(q, k, True),
    )
    assert (unscaled.max(axis=1) > 0.85).sum() == 8
    assert (unscaled.max(axis=1) > 0.99).sum() >= 6
    assert scaled.max(axis=1).max() < 0.6
    # the caption: unscaled logits have a standard deviation of about 16, scaled ones about 1
    assert (q @ k.T).std() == pytest.approx(16, rel=0.1)
    assert (q @ k.T / 16).std() == pytest.approx(1, rel=0.1)


def largest_weight(dimension, scaled, trials=4000, seed=0):
    """An independent simulation of the right panel (other seed, more trials, SciPy's softmax)."""
    rng = np.random.default_rng([seed, dimension, 99])
    q = rng.standard_normal((trials, 1, dimension))
    k = rng.standard_normal((trials, 8, dimension))
    logits = (q @ k.swapaxes(1, 2))[:, 0, :] / (np.sqrt(dimension) if scaled else 1)
    return softmax(logits, axis=1).max(axis=1).mean()


def test_the_average_largest_weight_on_the_page(fig):
    """'without scaling, the average largest weight passes 0.9 at d_k = 128, while with scaling it stays
    near 0.35 from d_k = 4 upward'; the caption's 0.3 at d_k = 1 and 0.97 at 1024."""
    assert largest_weight(64, False) < 0.9 < largest_weight(128, False)
    assert largest_weight(1, False) == pytest.approx(0.3, abs=0.02)
    for dimension in (4, 32, 256):
        assert largest_weight(dimension, True) == pytest.approx(0.35, abs=0.02)
    curves = fig._curves()
    dims = list(fig.DIMENSIONS)
    assert curves[False][dims.index(64)] < 0.9 < curves[False][dims.index(128)]
    assert curves[False][-1] == pytest.approx(0.97, abs=0.01)
    assert np.all(np.abs(curves[True][dims.index(4) :] - 0.35) < 0.02)


def test_the_transformer_head_dimension():
    """'a model width of 512 and 8 heads, so each head has d_k = 512 / 8 = 64'."""
    assert 512 // 8 == 64 and 512 % 8 == 0


def test_the_figure_has_three_panels_and_a_colour_bar(fig):
    assert len(fig.figure().axes) == 4
