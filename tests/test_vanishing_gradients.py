"""The vanishing-gradients page: its derivation holds, wrong variants are rejected and named, and the
simulation behind its figure backpropagates correctly and agrees with the bounds the page derives."""


import numpy as np
import pytest
import sympy as sp
from sitetools import figure_script

from derivations import get, verify
from derivations.catalogue import vanishing_gradients as vg

ID = "deep-chain-gradient"


@pytest.fixture(scope="module")
def sim():
    return figure_script("plot_gradient_norm_per_layer")


def test_the_derivation_verifies():
    derivation = get(ID)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps)
    # Every derivative the chain rule parts claim is checked by finite differences.
    for key in ("layer-factor", "tanh-layer-factor", "relu-layer-factor"):
        assert report.check(key).finite_differences > 0


k, n, W, w, a = vg.k, vg.n, vg.W, vg.w, vg.a
sigma = vg.sigma
WRONG = [
    # (step, wrong expression, what is wrong)
    ("layer-factor", sp.Product(vg.slope(sigma), (k, 1, n)), "the weight dropped from each factor"),
    ("quarter-per-layer", sp.Product(sp.Abs(w[k]) / 5, (k, 1, n)), "a bound tighter than the maximum slope"),
    ("largest-weight", sp.Product(W / 8, (k, 1, n)), "a bound below the weights"),
    ("sigmoid-power", (W / 4) ** (n + 1), "wrong exponent"),
    ("tanh-at-most-weight", sp.Product(sp.Abs(w[k]) / 2, (k, 1, n)), "tanh's slope bounded by one half"),
    ("relu-cases", sp.Piecewise((0, a[k] > 0), (w[k], True)), "the two cases swapped"),
]


@pytest.mark.parametrize("key, wrong, what", WRONG, ids=[f"{w[0]}:{w[2]}" for w in WRONG])
def test_a_wrong_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(ID, key, wrong)


# --- the simulation behind the figure ---------------------------------------------------------------


def _loss(sim, name, weights, x, gradient):
    """The loss the simulation differentiates: the inner product of the output with `gradient`."""
    f = sim.ACTIVATIONS[name][0]
    h = x
    for matrix in weights:
        h = f(h @ matrix)
    return float(np.sum(h * gradient))


@pytest.mark.parametrize("name", ["sigmoid, Glorot", "tanh, Glorot"])
def test_backpropagated_weight_gradients_match_finite_differences(sim, name):
    """An independent check of the backward pass: central differences of the loss in a small network.
    (ReLU is left out: a difference across its kink is not a derivative.)"""
    run = sim.backward_pass(name, width=4, depth=3, batch=5, seed=7)
    weights = [matrix.copy() for matrix in run.weights]
    eps = 1e-6
    for layer in range(3):
        numeric = np.empty_like(weights[layer])
        for index in np.ndindex(*weights[layer].shape):
            saved = weights[layer][index]
            weights[layer][index] = saved + eps
            above = _loss(sim, name, weights, run.inputs, run.output_gradient)
            weights[layer][index] = saved - eps
            below = _loss(sim, name, weights, run.inputs, run.output_gradient)
            weights[layer][index] = saved
            numeric[index] = (above - below) / (2 * eps)
        assert run.weight_grads[layer] == pytest.approx(np.linalg.norm(numeric), rel=1e-6)


def test_the_output_gradient_has_norm_one(sim):
    for name in sim.ACTIVATIONS:
        assert sim.backward_pass(name).output_grads[-1] == pytest.approx(1.0)


def test_sigmoid_gradients_obey_the_derived_bound_and_vanish(sim):
    """Through each sigmoid layer the gradient's norm shrinks by at least a quarter of the weight matrix's
    spectral norm (the matrix form of the page's bound), and over 20 layers by many orders of magnitude."""
    run = sim.backward_pass("sigmoid, Glorot")
    grads = run.output_grads
    for layer, matrix in enumerate(run.weights, start=1):
        assert grads[layer - 1] <= np.linalg.norm(matrix, 2) / 4 * grads[layer] * (1 + 1e-12)
    bound = np.prod([np.linalg.norm(matrix, 2) / 4 for matrix in run.weights])
    assert grads[0] / grads[-1] <= bound
    # Glorot's weights for width 64 have spectral norm close to 2 (2 sqrt(n) times the standard deviation
    # 1/sqrt(n)), so the bound alone is about (2/4)^20, near 1e-6; the slope is far below 1/4 on average.
    assert bound < 1e-5
    # The page and the caption: "about twelve orders of magnitude", for both panels.
    assert 11 < -np.log10(grads[0] / grads[-1]) < 13.5
    assert 11 < -np.log10(run.weight_grads[0] / run.weight_grads[-1]) < 13.5


def test_relu_with_he_initialisation_keeps_the_gradient_size(sim):
    """He's variance 2/n makes the expected squared norm of the backward signal the same at every layer:
    each of n outputs contributes weight variance 2/n times the probability 1/2 that its unit is active.
    One run of 20 layers of width 64 should stay within a modest factor of that, for several seeds."""
    for seed in range(5):
        run = sim.backward_pass("ReLU, He", seed=seed)
        assert 0.2 < run.output_grads[0] / run.output_grads[-1] < 5
        assert 0.2 < run.weight_grads[0] / run.weight_grads[-1] < 5


def test_tanh_with_glorot_shrinks_only_mildly(sim):
    """tanh's slope is at most 1 (the page's derivation) and, at Glorot's initialisation, close to 1: the
    backward signal shrinks, but by far less than the sigmoid's."""
    tanh = sim.backward_pass("tanh, Glorot")
    sigmoid = sim.backward_pass("sigmoid, Glorot")
    assert 0.01 < tanh.output_grads[0] / tanh.output_grads[-1] < 1
    assert tanh.output_grads[0] > 1e8 * sigmoid.output_grads[0]


def test_the_figure_draws_three_curves_per_panel(sim):
    fig = sim.figure()
    assert [len(ax.get_lines()) for ax in fig.axes] == [3, 3]
