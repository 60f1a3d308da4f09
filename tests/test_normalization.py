"""The normalization page: the standardization derivation holds, wrong variants are rejected and named, the
scalers behind the figure are scikit-learn's, and the numbers the page quotes are what the data give."""

import re

import numpy as np
import pytest
import sympy as sp
from sitetools import ROOT, figure_script
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from derivations import get, verify
from derivations.catalogue import standardization as st

ID = "standardization"
PAGE = ROOT / "docs" / "data" / "normalization.md"


@pytest.fixture(scope="module")
def fig():
    return figure_script("plot_scaling_methods")


@pytest.fixture(scope="module")
def area_error():
    """The feature of the figure, loaded here without the figure script."""
    cancer = load_breast_cancer()
    return cancer.data[:, list(cancer.feature_names).index("area error")]


def test_the_derivation_verifies():
    derivation = get(ID)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps) == 11
    assert all(check.points >= 20 for check in report.checks)


x, i, n, s, mu, lo, hi = st.x, st.i, st.n, st.s, st.mu, st.lo, st.hi
WRONG = [
    (
        "mean-split",
        (sp.Sum(x[i], (i, 1, n)) - mu) / (n * s),
        "the mean subtracted once",
    ),
    (
        "variance-factor",
        sp.Sum((x[i] - mu) ** 2, (i, 1, n)) / (n * s),
        "divided by s, not s squared",
    ),
    (
        "variance-one-value",
        sp.Rational(2, 3),
        "(n - 1)/n: the sample standard deviation's answer",
    ),
    (
        "minmax-complement",
        1 - (x[i] - lo) / (hi - lo),
        "the complement of the wrong distance",
    ),
    ("minmax-upper-bound", sp.Rational(1, 2), "a bound of one half"),
    ("minmax-ends-value", sp.Integer(2), "both ends sent to 1"),
]


@pytest.mark.parametrize(
    "key, wrong, what", WRONG, ids=[f"{w[0]}:{w[2]}" for w in WRONG]
)
def test_a_wrong_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(ID, key, wrong)


def test_a_lower_bound_above_zero_is_rejected(rejects):
    rejects(ID, "minmax-lower-bound", sp.Rational(1, 10))


# --- the scalers and the data -----------------------------------------------------------------------------


def test_the_figure_scales_like_scikit_learn(fig, area_error):
    column = area_error.reshape(-1, 1)
    np.testing.assert_allclose(
        fig.min_max(area_error), MinMaxScaler().fit_transform(column)[:, 0], atol=1e-12
    )
    np.testing.assert_allclose(
        fig.z_score(area_error),
        StandardScaler().fit_transform(column)[:, 0],
        atol=1e-12,
    )
    np.testing.assert_array_equal(fig.values(), area_error)


def test_the_derivation_on_real_features():
    """Every feature of three data sets: z-scores have mean 0 and variance 1 (dividing by n), min-max values lie in
    [0, 1] with the minimum at 0 and the maximum at 1; with n - 1 the variance is (n - 1)/n."""
    from sklearn.datasets import load_diabetes, load_wine

    for data in (load_breast_cancer().data, load_wine().data, load_diabetes().data):
        z = (data - data.mean(axis=0)) / data.std(axis=0)
        np.testing.assert_allclose(z.mean(axis=0), 0, atol=1e-12)
        np.testing.assert_allclose(z.var(axis=0), 1, rtol=1e-12)
        sample = (data - data.mean(axis=0)) / data.std(axis=0, ddof=1)
        np.testing.assert_allclose(
            sample.var(axis=0), (len(data) - 1) / len(data), rtol=1e-12
        )
        mm = (data - data.min(axis=0)) / (data.max(axis=0) - data.min(axis=0))
        assert mm.min() >= 0 and mm.max() <= 1
        np.testing.assert_allclose(mm.min(axis=0), 0, atol=1e-15)
        np.testing.assert_allclose(mm.max(axis=0), 1, atol=1e-15)


def test_the_numbers_in_the_figure_paragraph(area_error):
    ordered = np.sort(area_error)
    assert (round(ordered[0], 1), round(ordered[-1], 1)) == (6.8, 542.2)
    assert (round(ordered[-2], 1), round(ordered[-3], 1)) == (525.6, 233.0)
    mm = (area_error - area_error.min()) / np.ptp(area_error)
    assert np.median(mm) == pytest.approx(0.03, abs=0.005)
    assert np.quantile(mm, 0.9) == pytest.approx(0.16, abs=0.005)
    rest = ordered[:-2]
    assert np.quantile((rest - rest.min()) / np.ptp(rest), 0.9) == pytest.approx(
        0.37, abs=0.005
    )
    z = (area_error - area_error.mean()) / area_error.std()
    assert np.sort(z)[-2:] == pytest.approx([10.7, 11.0], abs=0.05)


def test_the_leakage_numbers(area_error):
    train, _ = train_test_split(area_error, test_size=0.3, random_state=0)
    assert len(train) == 398
    assert (round(train.mean(), 1), round(train.std(), 1)) == (41.4, 49.8)
    assert (round(area_error.mean(), 1), round(area_error.std(), 1)) == (40.3, 45.5)


def test_values_outside_the_training_range_map_outside_the_interval(area_error):
    """With seed 5 both extreme values of area error fall in the test set: they map to 2.29 and 2.37."""
    train, test = train_test_split(area_error, test_size=0.3, random_state=5)
    scaler = MinMaxScaler().fit(train.reshape(-1, 1))
    scaled = scaler.transform(test.reshape(-1, 1))[:, 0]
    outside = (test < train.min()) | (test > train.max())
    np.testing.assert_array_equal((scaled < 0) | (scaled > 1), outside)
    assert sorted(np.round(scaled[outside], 2)) == [2.29, 2.37]
    assert sorted(np.round(test[outside], 1)) == [525.6, 542.2]


def test_constant_features_are_mapped_to_zero():
    constant = np.full((5, 1), 3.0)
    assert np.all(StandardScaler().fit_transform(constant) == 0)
    assert np.all(MinMaxScaler().fit_transform(constant) == 0)


def test_the_pipeline_snippet_runs():
    """The page's scikit-learn snippet, run on the breast cancer data."""
    blocks = re.findall(
        r"^```python\n(.*?)^```",
        PAGE.read_text(encoding="utf-8"),
        flags=re.DOTALL | re.MULTILINE,
    )
    cancer = load_breast_cancer()
    namespace = {"X": cancer.data, "y": cancer.target}
    exec(compile(blocks[0], str(PAGE), "exec"), namespace)  # noqa: S102 (the page's own code)
    assert len(namespace["scores"]) == 5 and namespace["scores"].min() > 0.9


def test_the_figure_has_three_panels(fig):
    assert len(fig.figure().axes) == 3
