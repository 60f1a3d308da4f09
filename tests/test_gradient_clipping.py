"""The exploding-gradients page: the clipping derivation holds, wrong variants are rejected and named, and
the simulation behind its figure does what the page says."""


import numpy as np
import pytest
import sympy as sp
from sitetools import figure_script

from derivations import get, verify
from derivations.catalogue import gradient_clipping as gc

ID = "gradient-clipping-by-norm"


@pytest.fixture(scope="module")
def sim():
    return figure_script("plot_gradient_clipping")


def test_the_derivation_verifies():
    derivation = get(ID)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps)
    assert all(check.points >= 20 for check in report.checks)


c, norm, s, g, i, d = gc.c, gc.norm, gc.s, gc.g, gc.i, gc.d
WRONG = [
    # (step, wrong expression, what is wrong)
    ("homogeneous", s**2 * norm, "the factor squared"),
    ("norm-min", sp.Max(norm, c), "max instead of min"),
    ("at-most-threshold", c / 2, "a bound below the threshold"),
    ("factor-cases", sp.Piecewise((1, norm > c), (c / norm, True)), "the two cases swapped"),
    ("above-equals-threshold", c**2, "wrong power"),
    ("cosine-one", -sp.S.One, "opposite direction"),
]


@pytest.mark.parametrize("key, wrong, what", WRONG, ids=[f"{w[0]}:{w[2]}" for w in WRONG])
def test_a_wrong_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(ID, key, wrong)


def test_clipping_by_norm_on_vectors_matches_the_derivation():
    """The derivation's claims, checked on random vectors with NumPy: the clipped norm is min(|g|, c), the
    direction is kept, and a gradient within the threshold is unchanged."""
    rng = np.random.default_rng(2013)
    for _ in range(200):
        vector = rng.standard_normal(rng.integers(1, 50)) * rng.uniform(0.01, 10)
        threshold = rng.uniform(0.1, 5)
        length = np.linalg.norm(vector)
        clipped = vector * min(1.0, threshold / length)
        assert np.linalg.norm(clipped) == pytest.approx(min(length, threshold))
        assert np.linalg.norm(clipped) <= threshold * (1 + 1e-12)
        assert clipped @ vector == pytest.approx(np.linalg.norm(clipped) * length)  # cosine 1
        if length <= threshold:
            assert np.array_equal(clipped, vector)


# --- the simulation behind the figure ---------------------------------------------------------------


def test_the_figure_clips_as_defined(sim):
    for value in (-40.0, -1.5, -0.3, 0.0, 0.7, 2.0, 25.0):
        clipped = sim.clip(value, 1.0)
        assert abs(clipped) == pytest.approx(min(abs(value), 1.0))
        assert np.sign(clipped) == np.sign(value)


def test_the_gradient_is_the_derivative_of_the_loss(sim):
    h = 1e-6
    for w in np.linspace(-0.5, 23, 95):
        assert sim.gradient(w) == pytest.approx((sim.loss(w + h) - sim.loss(w - h)) / (2 * h), rel=1e-5, abs=1e-6)


def test_on_the_cliff_the_gradient_is_large(sim):
    """The cliff 10 (1 - sigma(20 (w - 2))) has slope 10 * 20 * sigma' at most 10 * 20 / 4 = 50 in magnitude,
    reached at w = 2, where the bowl adds 0.25 * (2 - 4) = -0.5."""
    assert sim.gradient(2.0) == pytest.approx(-50.5)
    w = np.linspace(-0.5, 23, 20001)
    assert sim.gradient(w).min() == pytest.approx(-50.5, abs=1e-3)


def test_without_clipping_one_step_undoes_the_progress(sim):
    """The step taken on the cliff is the learning rate times the gradient there (found here by finite
    differences of the loss): it throws the parameter far past the minimum, to a loss above the start."""
    run = sim.descend(None)
    jumps = np.abs(np.diff(run))
    t = int(np.argmax(jumps))
    h = 1e-7
    slope = (sim.loss(run[t] + h) - sim.loss(run[t] - h)) / (2 * h)
    assert jumps[t] == pytest.approx(sim.LEARNING_RATE * abs(slope), rel=1e-5)
    assert 1.5 < run[t] < 2.5  # the step starts on the cliff
    assert run[t + 1] > 15  # and ends far beyond the minimum at 4
    losses = sim.loss(run)
    assert losses.max() > 3 * losses[0]  # "more than three times the starting loss"


def test_with_clipping_every_step_is_short_and_the_loss_only_falls(sim):
    run = sim.descend(sim.THRESHOLD)
    assert np.abs(np.diff(run)).max() <= sim.LEARNING_RATE * sim.THRESHOLD * (1 + 1e-12)
    losses = sim.loss(run)
    assert np.all(np.diff(losses) < 0)
    assert abs(run[-1] - sim.MINIMUM) < 1e-2


def test_the_clipped_run_reaches_the_minimum_first(sim):
    lowest = sim.loss(sim.MINIMUM)
    first_below = {name: int(np.argmax(sim.loss(run) - lowest < 1e-4)) for name, run in sim._runs().items()}
    clipped, unclipped = first_below[f"clipped to norm {sim.THRESHOLD:g}"], first_below["no clipping"]
    assert 0 < clipped < unclipped


def test_the_figure_has_two_panels(sim):
    fig = sim.figure()
    assert len(fig.axes) == 2
