"""The deep-learning page: the backpropagation derivation holds, wrong variants are rejected and named, the
NumPy backpropagation behind the figure equals finite differences, and the numbers the page quotes hold."""

import numpy as np
import pytest
import sympy as sp
from sitetools import figure_script

from derivations import get, verify
from derivations.catalogue import two_layer_backprop as tl

ID = "two-layer-backprop"


@pytest.fixture(scope="module")
def net():
    return figure_script("plot_two_layer_network")


def test_the_derivation_verifies():
    derivation = get(ID)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps)
    assert all(check.points >= 20 for check in report.checks)
    assert all(not check.numeric_only for check in report.checks)


WRONG = [
    # (step, wrong expression, what is wrong)
    ("residual", tl.y - tl.sigma(tl.s), "the residual with the wrong sign"),
    ("score-in-v", tl.delta * tl.v, "the output weight instead of the hidden output"),
    ("through-unit", tl.dloss * tl.h * sp.Derivative(tl.h, tl.W), "h_k instead of v_k"),
    (
        "pre-activation-in-w",
        tl.dloss * tl.v * tl.dsigma * tl.b,
        "the bias in place of the input",
    ),
    ("sigmoid-slope", tl.delta * tl.v * tl.h * tl.x, "the slope without 1 - h_k"),
    ("bias-error", tl.delta_h * tl.x, "a bias gradient that depends on an input"),
]


@pytest.mark.parametrize(
    "key, wrong, what", WRONG, ids=[f"{w[0]}:{w[2]}" for w in WRONG]
)
def test_a_wrong_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(ID, key, wrong)


# --- the NumPy backpropagation behind the figure ----------------------------------------------------------


@pytest.mark.parametrize("hidden", [3, 5, 0])
def test_backpropagation_equals_finite_differences(net, hidden):
    """Every entry of the gradient, against a central difference of the loss in that entry alone."""
    rng = np.random.default_rng(7)
    X, y = rng.standard_normal((40, 2)), rng.integers(0, 2, 40).astype(float)
    params = net.init(hidden, seed=3)
    params = {
        name: value + 0.3 * rng.standard_normal(np.shape(value))
        for name, value in params.items()
    }
    grads = net.gradients(params, X, y)
    eps = 1e-6
    checked = 0
    for name, value in params.items():
        flat = np.asarray(value, dtype=float).ravel()
        numeric = np.empty_like(flat)
        for index in range(flat.size):
            up, down = flat.copy(), flat.copy()
            up[index] += eps
            down[index] -= eps
            shape = np.shape(value)
            numeric[index] = (
                net.loss({**params, name: up.reshape(shape)}, X, y)
                - net.loss({**params, name: down.reshape(shape)}, X, y)
            ) / (2 * eps)
            checked += 1
        assert np.allclose(
            np.atleast_1d(grads[name]).ravel(), numeric, rtol=1e-6, atol=1e-9
        ), name
    # "m(d + 2) + 1 gradients", with d = 2 inputs.
    assert checked == (hidden * (2 + 2) + 1 if hidden else 3)


def test_the_numpy_gradient_is_the_derived_formula(net):
    """The derivation's hidden error delta v_k h_k (1 - h_k) times x_j, written out here for one example."""
    params = net.init(3, seed=5)
    x, label = np.array([0.4, -1.1]), 1.0
    a = params["W"] @ x + params["b"]
    h = 1 / (1 + np.exp(-a))
    p = 1 / (1 + np.exp(-(params["v"] @ h + params["c"])))
    delta = p - label
    grads = net.gradients(params, x[None, :], np.array([label]))
    assert np.allclose(grads["v"], delta * h)
    assert np.allclose(grads["W"], np.outer(delta * params["v"] * h * (1 - h), x))
    assert np.allclose(grads["b"], delta * params["v"] * h * (1 - h))


# --- the numbers the page quotes -------------------------------------------------------------------------


def _accuracy(params, X, y):
    """An independent forward pass: sigmoid hidden layer (if any), sigmoid output, threshold one half."""
    hidden = (
        1 / (1 + np.exp(-(X @ params["W"].T + params["b"]))) if "W" in params else X
    )
    score = hidden @ params["v"] + params["c"]
    return float(np.mean((score > 0) == (y == 1)))


def test_the_data_split(net):
    X, y, X_test, _ = net.data()
    assert (len(X), len(X_test)) == (200, 100)
    assert set(np.unique(y)) == {0.0, 1.0}


def test_the_quoted_accuracies_and_losses(net):
    X, y, X_test, y_test = net.data()
    runs = net._runs()
    network, network_losses = runs["network, 3 hidden units"]
    linear, linear_losses = runs["logistic regression"]
    assert network["W"].shape == (3, 2)
    assert _accuracy(network, X, y) == pytest.approx(0.975)
    assert _accuracy(network, X_test, y_test) == pytest.approx(0.96)
    assert _accuracy(linear, X, y) == pytest.approx(0.82)
    assert _accuracy(linear, X_test, y_test) == pytest.approx(0.89)
    assert network_losses[-1] == pytest.approx(0.07, abs=0.006)  # "about 0.07"
    assert linear_losses[-1] == pytest.approx(0.32, abs=0.006)  # "0.32"
    # It levels off within 100 steps.
    assert linear_losses[100] == pytest.approx(linear_losses[-1], abs=0.01)


def test_the_plateau_lasts_about_a_thousand_steps(net):
    losses = net._runs()["network, 3 hidden units"][1]
    linear = net._runs()["logistic regression"][1][-1]
    # Near the linear model's level, then it drops.
    assert np.all(np.abs(losses[200:900] - linear) < 0.03)
    assert 900 < int(np.argmax(losses < 0.25)) < 1200  # then it drops


def test_the_figure_has_two_panels(net):
    assert len(net.figure().axes) == 2
