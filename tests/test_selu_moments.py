"""SELU's mean and variance map: the derivation holds, wrong variants of key steps are rejected and named,
and the numeric map behind the figure agrees with the derivation, with quadrature, and with what the page
and the figure's text say about its iterates."""

import math

import numpy as np
import pytest
import sympy as sp
from sitetools import figure_script

from derivations import get, verify
from derivations.catalogue import selu_moments as sm

ID = "selu-mean-variance-map"


@pytest.fixture(scope="module")
def fig_module():
    return figure_script("plot_selu_moment_iterates")


def test_the_derivation_verifies_every_step_symbolically():
    derivation = get(ID)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps)
    assert not any(check.numeric_only for check in report.checks)
    for key in ("positive-mean-differentiate", "negative-mean-differentiate",
                "positive-second-differentiate", "negative-second-differentiate"):
        assert report.check(key).finite_differences > 0, key


def test_no_step_needs_a_quadrature():
    """The speed of the check rests on this: no step or start contains an integral."""
    derivation = get(ID)
    for part in derivation.parts:
        assert not part.start.has(sp.Integral), part.key
        for step in part.steps:
            assert not step.expr.has(sp.Integral), step.key


a, b, m, s, lam, alpha, phi = sm.a, sm.b, sm.m, sm.s, sm.lam, sm.alpha, sm.phi
WRONG = [
    # (step, wrong expression, what is wrong)
    ("positive-mean-integrand", (m + s * a) * phi(a), "sign of the lower-limit derivative"),
    ("negative-second-integrand", (sp.exp(m + s * b) - 1) * phi(b), "square dropped"),
    ("mean-closed-form", 2 * sm.MEAN, "factor one half dropped"),
    ("standard-second-reduces", sm.fixed_point.second_closed(alpha) / 2, "wrong constant"),
    ("fixed-point-variance-one", sp.Integer(2), "wrong fixed point"),
]


@pytest.mark.parametrize("key, wrong, what", WRONG, ids=[f"{w[0]}:{w[2]}" for w in WRONG])
def test_a_wrong_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(ID, key, wrong)


# --- the numeric map behind the figure --------------------------------------------------------------

POINTS = [(0.0, 1.0), (-1.2, 0.6), (0.7, 1.8), (0.3, 0.4), (-0.5, 2.5)]  # (m, s)


def quadrature_moments(m_value, s_value, lam_value, alpha_value):
    """Mean and second moment of selu(Z), Z ~ N(m, s^2), by the trapezoid rule on each side of 0."""
    def side(z):
        density = np.exp(-((z - m_value) ** 2) / (2 * s_value**2)) / (s_value * np.sqrt(2 * np.pi))
        value = np.where(z > 0, lam_value * z, lam_value * alpha_value * np.expm1(np.minimum(z, 0)))
        return np.trapezoid(value * density, z), np.trapezoid(value**2 * density, z)

    lo, hi = m_value - 14 * s_value, m_value + 14 * s_value
    parts = [side(np.linspace(min(lo, 0), 0, 400_001)), side(np.linspace(0, max(hi, 0), 400_001))]
    return parts[0][0] + parts[1][0], parts[0][1] + parts[1][1]


@pytest.mark.parametrize("m_value, s_value", POINTS)
def test_the_closed_forms_agree_with_quadrature(fig_module, m_value, s_value):
    mean, second = fig_module.moments(m_value, s_value)
    q_mean, q_second = quadrature_moments(m_value, s_value, fig_module.LAMBDA, fig_module.ALPHA)
    assert abs(mean - q_mean) < 1e-7
    assert abs(second - q_second) < 1e-7


@pytest.mark.parametrize("m_value, s_value", POINTS)
def test_the_figure_uses_the_derivation_s_closed_forms(fig_module, m_value, s_value):
    subs = {m: m_value, s: s_value, lam: fig_module.LAMBDA, alpha: fig_module.ALPHA}
    mean, second = fig_module.moments(m_value, s_value)
    assert abs(float(sm.MEAN.subs(subs)) - mean) < 1e-12
    assert abs(float(sm.SECOND.subs(subs)) - second) < 1e-12


def test_the_figure_uses_selu_s_published_constants(fig_module):
    assert fig_module.LAMBDA == float("1.0507009873554804934193349852946")
    assert fig_module.ALPHA == float("1.6732632423543772848170429916717")


def test_zero_mean_unit_variance_maps_to_itself(fig_module):
    mean, variance = fig_module.mean_variance_map(0.0, 1.0)
    assert abs(mean) < 1e-9
    assert abs(variance - 1) < 1e-9


def test_with_omega_zero_the_next_statistics_ignore_the_mean(fig_module):
    for nu in (0.3, 1.0, 2.5):
        assert fig_module.mean_variance_map(-0.7, nu) == fig_module.mean_variance_map(0.4, nu)


def distances(fig_module, start):
    path = fig_module.iterates(start)
    return np.hypot(path[:, 0], path[:, 1] - 1)


def test_the_iterates_from_every_plotted_start_approach_the_fixed_point(fig_module):
    assert len(fig_module.STARTS) == 5
    for start in fig_module.STARTS:
        gap = distances(fig_module, start)
        assert gap[-1] < 5e-3, start
        assert np.all(np.diff(gap[3:]) < 0), start  # shrinking at every layer once on the curve


def slope_at_fixed_point():
    """d(next variance)/d(variance) at (0, 1), by central differences of the quadrature moments."""
    def next_variance(nu):
        mean, second = quadrature_moments(0.0, math.sqrt(nu), 1.0507009873554804934193349852946,
                                          1.6732632423543772848170429916717)
        return second - mean**2

    h = 1e-3
    return (next_variance(1 + h) - next_variance(1 - h)) / (2 * h)


def test_near_the_fixed_point_the_distance_shrinks_by_a_little_under_0_8_per_layer(fig_module):
    """What the figure's text and the page say: a constant factor a little under 0.8, about ten layers per
    factor of ten. Expected independently: the slope of the variance map at the fixed point (the mean's
    part of the distance is a fixed multiple of the variance's near the fixed point, so both shrink alike)."""
    slope = slope_at_fixed_point()
    assert 0.75 < slope < 0.8
    for start in fig_module.STARTS:
        gap = distances(fig_module, start)
        late = gap[-5:] / gap[-6:-1]
        np.testing.assert_allclose(late, slope, atol=5e-3)
    layers_per_decade = math.log(10) / -math.log(slope)
    assert 8.5 < layers_per_decade < 10.5


def test_the_figure_has_two_panels(fig_module):
    assert len(fig_module.figure().axes) == 2
