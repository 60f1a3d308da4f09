"""The recurrent-networks page: the backpropagation-through-time derivation holds, wrong variants are
rejected and named, and the simulation behind its figure computes what the page says."""

import numpy as np
import pytest
import sympy as sp
from sitetools import figure_script

from derivations import get, verify
from derivations.catalogue import bptt

ID = "bptt-jacobian-product"


@pytest.fixture(scope="module")
def sim():
    return figure_script("plot_bptt_gradient_norm")


def test_the_derivation_verifies():
    derivation = get(ID)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps)
    assert all(check.points >= 20 for check in report.checks)
    # The two steps that use interval domains (q <= 1, c_t <= 1) are the only numeric ones.
    assert {c.key for c in report.checks if c.numeric_only} == {
        "submultiplicative",
        "slope-at-most-gamma",
    }


w, h_t, state, t, n = bptt.w, bptt.h_t, bptt.state, bptt.t, bptt.n
WRONG = [
    # (step, wrong expression, what is wrong)
    ("step-chain", bptt.slope(bptt.a_t), "the recurrent weight left out"),
    ("step-slope", w * (1 + h_t**2), "tanh's slope with the wrong sign"),
    (
        "weight-power",
        w ** (n - 1) * sp.Product(1 - state[t] ** 2, (t, 1, n)),
        "one weight too few",
    ),
    (
        "slope-at-most-gamma",
        sp.Product(bptt.gamma**2 * bptt.norm_w, (t, 1, n)),
        "gamma squared",
    ),
    ("norm-power", (bptt.gamma * bptt.norm_w) ** (n - 1), "one factor too few"),
    (
        "cell-product",
        bptt.f3 * bptt.f2 * bptt.i1,
        "an input gate instead of a forget gate",
    ),
]


@pytest.mark.parametrize(
    "key, wrong, what", WRONG, ids=[f"{w[0]}:{w[2]}" for w in WRONG]
)
def test_a_wrong_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(ID, key, wrong)


def test_the_scalar_chain_numerically():
    """dh_3/dh_0 by finite differences of the recurrence equals w^3 prod (1 - h_t^2), the unrolled part at n = 3."""
    rng = np.random.default_rng(1990)
    for _ in range(20):
        weight, u, bias = rng.uniform(-2, 2, 3)
        x = rng.uniform(-2, 2, 3)

        def run(start, weight=weight, u=u, bias=bias, x=x):
            hs = [start]
            for x_t in x:
                hs.append(np.tanh(weight * hs[-1] + u * x_t + bias))
            return hs

        start = rng.uniform(-1, 1)
        eps = 1e-6
        numeric = (run(start + eps)[-1] - run(start - eps)[-1]) / (2 * eps)
        hs = run(start)
        assert numeric == pytest.approx(
            weight**3 * np.prod([1 - v**2 for v in hs[1:]]), rel=1e-6, abs=1e-10
        )


# --- the simulation behind the figure ----------------------------------------------------------------


def test_the_recurrent_matrix_has_the_stated_scale(sim):
    for scale in sim.SCALES:
        W, _, _ = sim.network(scale)
        assert W.shape == (32, 32)
        singular = np.linalg.svd(W, compute_uv=False)
        assert np.allclose(singular, scale)  # spectral norm = spectral radius = scale
        assert np.abs(np.linalg.eigvals(W)).max() == pytest.approx(scale)


def test_the_jacobian_is_the_product_of_step_jacobians(sim):
    """Column by column finite differences of h_T in h_0, for the network with rho = 1.2 and T = 7."""
    W, U, x = sim.network(1.2)
    x = x[:7]

    def last_state(start):
        h = start
        for x_t in x:
            h = np.tanh(W @ h + U @ x_t)
        return h

    eps = 1e-6
    numeric = np.column_stack(
        [(last_state(eps * e) - last_state(-eps * e)) / (2 * eps) for e in np.eye(32)]
    )
    assert np.linalg.norm(numeric, 2) == pytest.approx(
        sim.jacobian_norms(W, U, x)[-1], rel=1e-6
    )


def test_every_norm_respects_the_bound(sim):
    steps = np.arange(1, sim.STEPS + 1)
    for scale, norms in sim.curves().items():
        assert np.all(norms <= scale**steps * (1 + 1e-9))


def test_the_numbers_on_the_page(sim):
    curves = sim.curves()
    assert (sim.HIDDEN, sim.STEPS) == (32, 60)
    assert 1e-8 < curves[0.8][-1] < 1e-7  # "below 10^-7 after 60 steps"
    # Both fall at every step.
    assert np.all(np.diff(curves[0.8]) < 0)
    assert np.all(np.diff(curves[0.95]) < 0)
    assert 1e-4 < curves[0.95][-1] < 1e-3
    peak = int(np.argmax(curves[1.2])) + 1
    # "About 4 near step 26".
    assert curves[1.2].max() == pytest.approx(4, abs=0.5)
    assert 20 <= peak <= 30
    assert curves[1.2][-1] < 1  # "back below 1 by step 60"
    assert 1.2**60 > 5e4  # its bound "past 50 000"
    assert 1e5 < curves[2.0][-1] < 1e6  # "explodes, to some 10^5"
    assert curves[2.0][-1] < 1e-10 * 2.0**60  # "far below its bound"


def test_the_figure_has_one_panel_with_the_four_scales(sim):
    fig = sim.figure()
    assert len(fig.axes) == 1
    labels = [text.get_text() for text in fig.axes[0].get_legend().get_texts()]
    assert len(labels) == len(sim.SCALES) + 1
