"""The feature-scaling page: its derivation, wrong steps it rejects, and the step counts its figure reports.

The step counts are checked against what the condition number predicts, computed here from the data's
standard deviations and correlation alone: at the best constant learning rate, the relative distance of
the fitted values to the least-squares fit shrinks by exactly c = (kappa - 1)/(kappa + 1) per step in two
dimensions, so the first step at which it is below the tolerance is ceil(ln tol / ln c).
"""

import math

import numpy as np
import pytest
import sympy as sp
from sitetools import figure_script

from derivations import get, verify
from derivations.catalogue import feature_scaling as fs

ID = "feature-scaling-condition-number"


@pytest.fixture(scope="module")
def figure():
    return figure_script("plot_feature_scaling_paths")


@pytest.fixture(scope="module")
def runs(figure):
    return figure.runs()


def test_the_derivation_verifies_every_step_symbolically():
    report = verify(get(ID))
    assert not [c.key for c in report.checks if c.numeric_only]


@pytest.mark.parametrize("key, wrong", [
    # The uncorrelated condition number claimed to be the ratio of the scales, not its square.
    ("uncorrelated-squared-ratio", fs.s1 / fs.s2),
    # The standardized condition number written without the absolute values: wrong for a negative correlation.
    ("condition-after-value", (1 + fs.rho) / (1 - fs.rho)),
    # The Hessian's off-diagonal entry claimed to lack the 1/n.
    ("off-diagonal-second-derivative", sp.Sum(fs.x[fs.i, 1] * fs.x[fs.i, 2], (fs.i, 1, fs.n))),
    # The steps to converge with the logarithms the wrong way up.
    ("steps-to-tolerance", sp.Eq(fs.k, sp.log(fs.rate) / sp.log(fs.eps))),
])
def test_a_wrong_step_is_rejected_and_named(key, wrong, rejects):
    rejects(ID, key, wrong)


def condition_number_from_the_derivation(s1: float, s2: float, rho: float) -> float:
    """The result of the part `condition-before`, evaluated at the given scales and correlation."""
    part = next(p for p in get(ID).parts if p.key == "condition-before")
    return float(part.steps[-1].expr.subs({fs.s1: s1, fs.s2: s2, fs.rho: rho}))


def predicted_steps(kappa: float, tolerance: float) -> int:
    rate = (kappa - 1) / (kappa + 1)
    return math.ceil(math.log(tolerance) / math.log(rate))


def test_the_derived_condition_number_matches_the_eigenvalues_of_the_data(figure):
    x, _y = figure.make_data()
    s1, s2 = x.std(axis=0)
    rho = np.corrcoef(x.T)[0, 1]
    low, high = np.linalg.eigvalsh(np.cov(x.T, bias=True))
    assert condition_number_from_the_derivation(s1, s2, rho) == pytest.approx(high / low, rel=1e-10)
    # Correlation only adds to the spread of the eigenvalues that the scales alone give; the page says the
    # figure's pair of features has a condition number above a hundred.
    assert high / low > (s1 / s2) ** 2 > 100


def test_the_data_have_features_of_very_different_scales(figure):
    x, y = figure.make_data()
    s1, s2 = x.std(axis=0)
    # The figure's alt text: a scale about ten times the other's and a correlation of about 0.4.
    assert 8 < s1 / s2 < 12
    assert 0.3 < np.corrcoef(x.T)[0, 1] < 0.5
    assert np.allclose(x.mean(axis=0), 0) and abs(y.mean()) < 1e-12


def test_the_step_counts_are_what_the_condition_numbers_predict(figure, runs):
    raw, std = runs
    x, _y = figure.make_data()
    s1, s2 = x.std(axis=0)
    rho = np.corrcoef(x.T)[0, 1]
    kappa_raw = condition_number_from_the_derivation(s1, s2, rho)
    kappa_std = (1 + abs(rho)) / (1 - abs(rho))
    assert abs(raw.steps - predicted_steps(kappa_raw, figure.TOLERANCE)) <= 1
    assert abs(std.steps - predicted_steps(kappa_std, figure.TOLERANCE)) <= 1


def test_standardizing_needs_far_fewer_steps(runs):
    raw, std = runs
    # The figure's alt text and the page say: hundreds of steps on the raw features, fewer than twenty after.
    assert 100 <= raw.steps < 1000
    assert std.steps < 20
    assert raw.steps > 20 * std.steps


def test_each_run_stops_at_the_first_step_within_the_tolerance(figure, runs):
    x, y = figure.make_data()
    for run, features in zip(runs, (x, figure.standardize(x))):
        solution = np.linalg.lstsq(features, y, rcond=None)[0]
        assert np.allclose(run.solution, solution)
        distance = [np.linalg.norm(features @ (w - solution)) / np.linalg.norm(features @ solution) for w in run.path]
        assert distance[-1] <= figure.TOLERANCE < min(distance[:-1])


def test_each_run_uses_a_stable_learning_rate(runs):
    for run in runs:
        low, high = np.linalg.eigvalsh(run.hessian)
        assert 0 < run.learning_rate < 2 / high
        assert run.learning_rate == pytest.approx(2 / (low + high))


def test_the_panel_titles_report_the_measured_counts(figure, runs):
    fig = figure.figure()
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == [f"raw features: {runs[0].steps} steps", f"standardized: {runs[1].steps} steps"]
