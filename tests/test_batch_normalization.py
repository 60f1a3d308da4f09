"""The batch-normalization page: its derivation holds, wrong variants of key steps are rejected and named,
and the simulation behind its figure does what the page and the figure's text say."""


import numpy as np
import pytest
import sympy as sp
from sitetools import figure_script

from derivations import get, verify
from derivations.catalogue import batch_normalization as bn

ID = "batch-norm-backward"


@pytest.fixture(scope="module")
def sim():
    return figure_script("plot_batchnorm_distributions")


def test_the_derivation_verifies_every_step_symbolically():
    derivation = get(ID)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps)
    assert not any(check.numeric_only for check in report.checks)
    # The derivatives the backward pass claims, including the direct derivative in x_i, are also
    # checked by finite differences.
    for key in ("beta-gradient", "gamma-gradient", "xhat-gradient", "variance-chain", "mean-chain", "input-chain"):
        assert report.check(key).finite_differences > 0, key


def test_the_loss_is_written_directly_in_the_inputs():
    """The start of the input part must be direct differentiation: once the definitions are put in,
    nothing but the inputs, the upstream gradients and the parameters is left."""
    derivation = get(ID)
    part = next(p for p in derivation.parts if p.key == "input")
    from derivations.verify import _Context

    expanded = _Context(derivation).expand(part.start)
    assert isinstance(expanded, sp.Derivative)
    names = {s.name for s in expanded.free_symbols if not isinstance(s, sp.Indexed)}
    bases = {e.base.label.name for e in expanded.atoms(sp.Indexed)}
    assert names <= {"x", "g", "gamma", "beta", "epsilon", "i"}, names
    assert bases == {"x", "g"}, bases


x, g, gamma, mu, i, k, m = bn.x, bn.g, bn.gamma, bn.mu, bn.i, bn.k, bn.m
WRONG = [
    # (step, wrong expression, what is wrong)
    ("xhat-gradient", g[i], "gamma dropped"),
    ("variance-chain", bn.batch_sum(g[k] * gamma * -(x[k] - mu) / (2 * bn.ROOT)), "wrong power of the root"),
    ("mean-path-vanishes", bn.batch_sum(g[k] * gamma / bn.ROOT), "wrong sign on the direct path"),
    ("input-compact", gamma / (m * bn.ROOT) * (m * g[i] - bn.d_beta + bn.xh[i] * bn.d_gamma), "wrong sign on the x-hat term"),
    ("inference-affine", bn.scale * bn.x_star - bn.shift, "wrong sign of the offset"),
]


@pytest.mark.parametrize("key, wrong, what", WRONG, ids=[f"{w[0]}:{w[2]}" for w in WRONG])
def test_a_wrong_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(ID, key, wrong)


def test_the_compact_gradient_matches_a_numeric_backward_pass():
    """An independent check in floating point, for a batch of 7: finite differences of the forward pass."""
    rng = np.random.default_rng(7)
    xs, gs, gam, bet, eps = rng.normal(size=7), rng.normal(size=7), 1.3, -0.4, 1e-3

    def loss(values):
        xhat = (values - values.mean()) / np.sqrt(values.var() + eps)
        return np.sum(gs * (gam * xhat + bet))

    h = 1e-6
    numeric = np.array([(loss(xs + h * e) - loss(xs - h * e)) / (2 * h) for e in np.eye(7)])
    xhat = (xs - xs.mean()) / np.sqrt(xs.var() + eps)
    compact = gam / (7 * np.sqrt(xs.var() + eps)) * (7 * gs - gs.sum() - xhat * np.sum(gs * xhat))
    np.testing.assert_allclose(compact, numeric, rtol=1e-6, atol=1e-8)
    assert abs(compact.sum()) < 1e-12


# --- the simulation behind the figure -------------------------------------------------------------


def test_batch_normalization_standardises_every_pre_activation(sim):
    pre, post = sim.layer_activations(sim.LARGE, True)
    assert len(pre) == len(post) == sim.LAYERS
    for z in pre:
        np.testing.assert_allclose(z.mean(axis=0), 0, atol=1e-12)
        np.testing.assert_allclose(z.var(axis=0), 1, atol=1e-5)  # var / (var + eps), and var >> eps


def test_with_batch_normalization_the_spread_is_that_of_tanh_of_a_standard_normal(sim):
    # Expected: the standard deviation of tanh(Z), Z ~ N(0, 1), by quadrature on a fine grid.
    z = np.linspace(-12, 12, 200_001)
    density = np.exp(-z**2 / 2) / np.sqrt(2 * np.pi)
    expected = np.sqrt(np.trapezoid(np.tanh(z) ** 2 * density, z))
    _, post = sim.layer_activations(sim.LARGE, True)
    for h in post:
        assert abs(h.std() - expected) < 0.01


def test_with_batch_normalization_the_weight_scale_does_not_matter(sim):
    """Both weight scales give the right panel: standardising removes any positive factor on the weights."""
    _, small = sim.layer_activations(sim.SMALL, True)
    _, large = sim.layer_activations(sim.LARGE, True)
    for a, b in zip(small, large):
        assert np.abs(a - b).max() < 1e-3


def test_small_weights_halve_the_spread_at_each_layer(sim):
    # Near 0, tanh is the identity, so each layer multiplies the spread by the weight gain, 0.5.
    _, post = sim.layer_activations(sim.SMALL, False)
    spread = np.array([h.std() for h in post])
    ratios = spread[1:] / spread[:-1]
    assert np.all((ratios > 0.45) & (ratios < 0.55))
    # "From layer 5 on ... most of it within one histogram bin" (bins of width 2/40 centred on 0).
    for h in post[4:]:
        assert np.mean(np.abs(h) < 1 / 40) > 0.5


def test_large_weights_saturate_more_than_half_of_the_units(sim):
    # With gain 3 the pre-activations have a standard deviation near 3 x 0.85, and tanh exceeds 0.9 in
    # absolute value beyond |z| = atanh(0.9) = 1.47, which such a normal passes with probability ~0.56.
    _, post = sim.layer_activations(sim.LARGE, False)
    for h in post:
        assert np.mean(np.abs(h) > 0.9) > 0.5
    assert 1 - 0.9**2 < 0.2  # the slope of tanh beyond +-0.9, as the figure's text says


def test_the_figure_has_three_panels(sim):
    fig = sim.figure()
    assert len(fig.axes) == 3
