"""The weight-initialisation page: its derivation holds, wrong variants are rejected, and the simulation
behind its figure agrees with the variance argument."""

import math

import numpy as np
import pytest
import sympy as sp
from sitetools import figure_script

from derivations import get, verify
from derivations.catalogue import weight_initialization as wi

ID = "variance-preserving-initialization"


def _figure_module():
    return figure_script("plot_activation_std_per_layer")


@pytest.fixture(scope="module")
def sim():
    return _figure_module()


def test_the_derivation_verifies_symbolically_and_quickly():
    report = verify(get(ID))
    assert all(check.method == "symbolic" for check in report.checks)
    assert report.seconds < 3


def test_the_results_are_lecun_glorot_and_he():
    conclusions = {part.key: part.conclusion for part in get(ID).parts}
    assert conclusions["lecun"] == sp.Eq(wi.v, 1 / wi.n_in)
    assert conclusions["backward"] == sp.Eq(wi.v, 1 / wi.n_out)
    glorot = next(step.expr for _number, _part, step in get(ID).steps if step.key == "glorot-variance")
    assert sp.simplify(glorot.doit() - 2 / (wi.n_in + wi.n_out)) == 0
    assert conclusions["he"] == sp.Eq(wi.v, 2 / wi.n_in)


def test_the_rectified_gaussian_moment_matches_an_independent_integral():
    t, s = sp.symbols("t s", positive=True)
    gaussian = sp.exp(-t**2 / (2 * s**2)) / (s * sp.sqrt(2 * sp.pi))
    assert sp.simplify(sp.integrate(t**2 * gaussian, (t, 0, sp.oo)) - s**2 / 2) == 0


n_in, n_out, v, b, sigma = wi.n_in, wi.n_out, wi.v, wi.b, wi.sigma
WRONG = [
    ("n-equal-terms", n_in * v, "dropped the inputs' second moment"),
    ("lecun-variance", sp.Eq(v, 2 / n_in), "wrong solution"),
    ("backward-variance", sp.Eq(v, 1 / n_in), "the backward pass sums over the fan-out"),
    ("glorot-variance", 1 / (n_in + n_out), "lost the factor 2"),
    ("glorot-uniform-limit", sp.Eq(b, sp.sqrt(3 / (n_in + n_out))), "wrong limit"),
    ("relu-half-variance", sigma**2, "ReLU keeps only half"),
    ("he-variance", sp.Eq(v, 1 / n_in), "LeCun's variance is not He's"),
]


@pytest.mark.parametrize("key, wrong, what", WRONG, ids=[w[0] for w in WRONG])
def test_a_wrong_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(ID, key, wrong)


# --- the simulation behind the figure, against expectations from the variance argument ----------

WIDTH = 256


def per_layer_factor(stds):
    """The geometric mean of the ratio of one layer's std to the previous one's."""
    return float(np.exp(np.mean(np.diff(np.log(stds)))))


def relu(z):
    return np.maximum(z, 0)


def test_he_keeps_relu_activations_level(sim):
    for seed in (sim.SEED, 1, 2):
        stds = sim.activation_stds(relu, math.sqrt(2 / WIDTH), width=WIDTH, depth=30, seed=seed)
        assert 0.5 < stds.min() / stds[0] and stds.max() / stds[0] < 2, seed


def test_he_first_layer_matches_the_rectified_gaussian(sim):
    # z ~ N(0, n v) = N(0, 2) for standard normal inputs; std(relu(Z)) = sigma * sqrt(1/2 - 1/(2 pi)).
    stds = sim.activation_stds(relu, math.sqrt(2 / WIDTH), width=WIDTH, depth=1)
    assert stds[0] == pytest.approx(math.sqrt(2) * math.sqrt(0.5 - 1 / (2 * math.pi)), rel=0.02)


def test_a_small_constant_collapses_relu_activations_geometrically(sim):
    # Var(z) is multiplied by n v / 2 per ReLU layer, so the std by sqrt(256 * 0.01**2 / 2), about 1/9.
    stds = sim.activation_stds(relu, 0.01, width=WIDTH, depth=30)
    assert per_layer_factor(stds) == pytest.approx(math.sqrt(WIDTH * 0.01**2 / 2), rel=0.03)
    assert stds[-1] < 1e-25


def test_lecun_loses_a_factor_of_root_two_per_relu_layer(sim):
    stds = sim.activation_stds(relu, math.sqrt(1 / WIDTH), width=WIDTH, depth=30)
    assert per_layer_factor(stds) == pytest.approx(math.sqrt(0.5), rel=0.03)


def test_a_small_constant_collapses_tanh_activations(sim):
    # For tiny inputs tanh is the identity, so the std is multiplied by sqrt(n) * 0.01 = 0.16 per layer.
    stds = sim.activation_stds(np.tanh, 0.01, width=WIDTH, depth=30)
    assert per_layer_factor(stds) == pytest.approx(math.sqrt(WIDTH) * 0.01, rel=0.03)


def test_the_figure_uses_the_simulated_curves(sim):
    fig = sim.figure()
    assert [ax.get_title() for ax in fig.axes] == ["tanh network", "ReLU network"]
    relu_lines = fig.axes[1].get_lines()
    assert len(relu_lines) == len(sim.INITIALISATIONS)
    np.testing.assert_allclose(relu_lines[-1].get_ydata(),
                               sim.activation_stds(relu, math.sqrt(2 / WIDTH), width=WIDTH, depth=30))
