"""The Word2Vec and BERT page: the skip-gram derivation holds, wrong variants are rejected and named, its
gradients agree with finite differences in NumPy, and the numbers on the page are recomputed."""

import numpy as np
import pytest
import sympy as sp
from sitetools import figure_script

from derivations import get, verify
from derivations.catalogue import skipgram_negative_sampling as sg

ID = "skipgram-negative-sampling"


@pytest.fixture(scope="module")
def fig():
    return figure_script("plot_sgns")


def test_the_derivation_verifies():
    derivation = get(ID)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps)
    assert all(check.method != "numeric" for check in report.checks)
    for key in ("centre-chain-rule", "context-chain-rule", "negative-chain-rule"):
        assert report.check(key).finite_differences >= report.check(key).points


sigma, t, s_o, s, u, uo, v, a, k, K, l = (
    sg.sigma,
    sg.t,
    sg.s_o,
    sg.s,
    sg.u,
    sg.uo,
    sg.v,
    sg.a,
    sg.k,
    sg.K,
    sg.l,
)
WRONG = [
    ("positive-cancel", sigma(t), "the slope of log sigma is 1 - sigma"),
    ("positive-weight", sigma(t), "1 - sigma(t) is sigma(-t)"),
    (
        "negative-slope",
        sp.Mul(sigma(-t), 1 - sigma(-t), 1 / sigma(-t)),
        "lost the inner derivative -1",
    ),
    ("negative-weight", -sigma(-t), "1 - sigma(-t) is sigma(t)"),
    (
        "context-chain-rule",
        -sigma(s_o) * v[a],
        "the positive pair's weight is sigma(-s_o)",
    ),
    (
        "negative-chain-rule",
        -sigma(-s[l]) * v[a],
        "a negative is pushed away with weight sigma(s_l)",
    ),
]


@pytest.mark.parametrize(
    "key, wrong, what", WRONG, ids=[f"{w[0]}:{w[2]}" for w in WRONG]
)
def test_a_wrong_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(ID, key, wrong)


# --- the gradients in NumPy, against finite differences ----------------------------------------------


def expit(x):
    return 1 / (1 + np.exp(-x))


def sgns_loss(v_c, u_o, negatives):
    return -np.log(expit(u_o @ v_c)) - np.log(expit(-(negatives @ v_c))).sum()


def sgns_gradients(v_c, u_o, negatives):
    """The derivation's results: with respect to v_c, u_o and each row of `negatives`."""
    s_o, s_k = u_o @ v_c, negatives @ v_c
    return (
        -expit(-s_o) * u_o + expit(s_k) @ negatives,
        -expit(-s_o) * v_c,
        np.outer(expit(s_k), v_c),
    )


def numeric_gradient(function, x, h=1e-6):
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[index] = h
        grad[index] = (function(x + step) - function(x - step)) / (2 * h)
    return grad


@pytest.mark.parametrize("dimension, negatives", [(1, 1), (3, 2), (10, 5), (25, 15)])
def test_the_gradients_match_finite_differences(dimension, negatives):
    rng = np.random.default_rng(dimension)
    v_c, u_o = rng.normal(0, 0.7, (2, dimension))
    noise = rng.normal(0, 0.7, (negatives, dimension))
    g_v, g_o, g_k = sgns_gradients(v_c, u_o, noise)
    assert np.allclose(
        g_v, numeric_gradient(lambda x: sgns_loss(x, u_o, noise), v_c), atol=1e-7
    )
    assert np.allclose(
        g_o, numeric_gradient(lambda x: sgns_loss(v_c, x, noise), u_o), atol=1e-7
    )
    assert np.allclose(
        g_k, numeric_gradient(lambda x: sgns_loss(v_c, u_o, x), noise), atol=1e-7
    )


def test_a_small_step_against_the_gradient_lowers_the_loss():
    rng = np.random.default_rng(7)
    v_c, u_o = rng.normal(0, 1, (2, 8))
    noise = rng.normal(0, 1, (5, 8))
    g_v, g_o, g_k = sgns_gradients(v_c, u_o, noise)
    before = sgns_loss(v_c, u_o, noise)
    after = sgns_loss(v_c - 0.01 * g_v, u_o - 0.01 * g_o, noise - 0.01 * g_k)
    assert after < before


# --- the figure and the numbers on the page ------------------------------------------------------------


def test_the_figure_plots_the_derived_weights(fig):
    scores = np.linspace(-6, 6, 25)
    h = 1e-6
    slope_positive = (fig.positive_loss(scores + h) - fig.positive_loss(scores - h)) / (
        2 * h
    )
    slope_negative = (fig.negative_loss(scores + h) - fig.negative_loss(scores - h)) / (
        2 * h
    )
    assert np.allclose(fig.positive_weight(scores), -slope_positive, atol=1e-8)
    assert np.allclose(fig.negative_weight(scores), slope_negative, atol=1e-8)
    assert np.allclose(fig.positive_loss(scores), -np.log(expit(scores)))


def test_the_numbers_in_the_caption_and_on_the_page(fig):
    """'Both equal log 2 = 0.69 at s = 0'; 'cross at one half'; 'scores 3 ... about 0.05 ... about 0.95'."""
    assert (
        fig.positive_loss(0.0)
        == pytest.approx(np.log(2))
        == pytest.approx(0.69, abs=0.005)
    )
    assert fig.negative_loss(0.0) == pytest.approx(np.log(2))
    assert fig.positive_weight(0.0) == fig.negative_weight(0.0) == pytest.approx(0.5)
    assert 1 / (1 + np.exp(3)) == pytest.approx(0.05, abs=0.005)
    assert 1 / (1 + np.exp(-3)) == pytest.approx(0.95, abs=0.005)
    assert fig.positive_weight(3.0) == pytest.approx(1 / (1 + np.exp(3)))


def mask(tokens, vocabulary, rng, rate=0.15):
    """BERT's masking: select `rate` of the positions; of those, 80% become [MASK] (-1), 10% a random token,
    10% stay. Returns the new tokens and the selected positions."""
    selected = rng.random(tokens.size) < rate
    draw = rng.random(tokens.size)
    out = tokens.copy()
    out[selected & (draw < 0.8)] = -1
    randomised = selected & (draw >= 0.8) & (draw < 0.9)
    out[randomised] = rng.integers(0, vocabulary, randomised.sum())
    return out, selected


def test_the_masking_shares_on_the_page():
    """'So 12% of all tokens appear as [MASK], 1.5% are replaced by a random token and 1.5% stay as they
    were but must still be predicted.'"""
    assert 0.15 * 0.8 == pytest.approx(0.12) and 0.15 * 0.1 == pytest.approx(0.015)
    rng = np.random.default_rng(2019)
    tokens = rng.integers(0, 30_000, 1_000_000)
    out, selected = mask(tokens, 30_000, rng)
    assert np.mean(out == -1) == pytest.approx(0.12, abs=0.002)
    assert np.mean(selected & (out != tokens) & (out != -1)) == pytest.approx(
        0.015, abs=0.001
    )
    assert np.mean(selected & (out == tokens)) == pytest.approx(0.015, abs=0.001)


def test_the_figure_has_two_panels(fig):
    assert len(fig.figure().axes) == 2
