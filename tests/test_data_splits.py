"""The splitting page: the class-share derivation holds, wrong variants are rejected and named, the variance
agrees with a simulation and with scipy's hypergeometric distribution, and the numbers on the page hold."""

import itertools

import numpy as np
import pytest
import sympy as sp
from scipy import stats
from sitetools import ROOT, figure_script
from sklearn.model_selection import KFold

from derivations import get, verify
from derivations.catalogue import data_splits as ds
from derivations.catalogue import kfold_counts as kc
from derivations.display import product as times
from derivations.display import reciprocal
from derivations.display import total as plus

ID = "random-split-class-share"
PAGE = ROOT / "docs" / "data" / "splitting.md"


@pytest.fixture(scope="module")
def fig():
    return figure_script("plot_data_splits")


def variance(n_all, share, size):
    """The derivation's result, written out independently of the module."""
    return share * (1 - share) / size * (n_all - size) / (n_all - 1)


def test_the_derivation_verifies():
    derivation = get(ID)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps)
    assert all(check.points >= 20 for check in report.checks)


def test_the_result_is_the_hypergeometric_variance():
    last = {step.key: step.expr for _, _, step in get(ID).steps}["factor"]
    assert sp.simplify(last - variance(ds.N, ds.pi, ds.m)) == 0


N, m, pi = ds.N, ds.m, ds.pi
bern = times(pi, plus(1, -pi))
WRONG = [
    ("scale", times(reciprocal(m), ds.var_count), "divided by m instead of m squared"),
    (
        "bernoulli",
        times(reciprocal(m**2), plus(times(m, pi), times(m, plus(m, -1), ds.cov_two))),
        "Bernoulli variance taken as pi",
    ),
    (
        "without-replacement",
        times(
            reciprocal(m**2),
            plus(times(m, bern), times(m, plus(m, -1), pi**2 - pi**2 + pi / N)),
        ),
        "a wrong joint probability",
    ),
    (
        "covariance-negative",
        times(
            reciprocal(m**2),
            plus(times(m, bern), times(m, plus(m, -1), bern, reciprocal(N - 1))),
        ),
        "positive covariance",
    ),
    (
        "factor",
        times(bern, reciprocal(m), plus(N, -m), reciprocal(N)),
        "N instead of N - 1",
    ),
    ("at-most-binomial", times(bern, reciprocal(2 * m)), "a bound that is too small"),
]


@pytest.mark.parametrize(
    "key, wrong, what", WRONG, ids=[f"{w[0]}:{w[2]}" for w in WRONG]
)
def test_a_wrong_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(ID, key, wrong)


@pytest.mark.parametrize(
    "n_all, positives, size",
    [(569, 212, 114), (1000, 100, 100), (40, 7, 13), (10, 5, 9)],
)
def test_the_variance_matches_scipy_hypergeom(n_all, positives, size):
    assert stats.hypergeom(n_all, positives, size).var() / size**2 == pytest.approx(
        variance(n_all, positives / n_all, size), rel=1e-12, abs=1e-15
    )


def test_the_variance_matches_a_simulation():
    """50 000 validation sets of 114 drawn without replacement from 569 examples, 212 positive (the relative
    standard error of the simulated variance is about sqrt(2 / 50 000) = 0.6 per cent)."""
    rng = np.random.default_rng(569)
    labels = np.r_[np.ones(212), np.zeros(569 - 212)]
    shares = np.array(
        [labels[rng.permutation(569)[:114]].mean() for _ in range(50_000)]
    )
    expected = variance(569, 212 / 569, 114)
    assert shares.mean() == pytest.approx(212 / 569, abs=1e-3)
    assert shares.var(ddof=1) == pytest.approx(expected, rel=0.03)
    binomial = (212 / 569) * (1 - 212 / 569) / 114
    assert (
        shares.var(ddof=1) < 0.9 * binomial
    )  # the finite-population factor, 455/568, is visible


def test_the_value_on_the_page():
    """The derivation's computed standard deviation is 'about 4 percentage points'."""
    (value,) = get(ID).values
    sd = float(value.expr)
    assert sd == pytest.approx(np.sqrt(variance(569, 212 / 569, 114)), rel=1e-12)
    assert 0.035 < sd < 0.045


def test_the_data_set_numbers(fig):
    y = fig.malignant()
    assert (len(y), int(y.sum())) == (569, 212)
    assert round(100 * y.mean(), 1) == 37.3
    assert fig.VALIDATION_SIZE == int(np.ceil(569 / 5)) == 114


def test_the_random_splits_as_the_page_describes(fig):
    """'spread from 20 to 49 per cent', 'about one in five is more than 5 points off', sd about 4 points."""
    shares = fig.validation_shares()["random"]
    assert len(shares) == 1000
    assert round(100 * shares.min()) == 20 and round(100 * shares.max()) == 49
    off = np.mean(np.abs(shares - 212 / 569) > 0.05)
    assert 0.17 < off < 0.24
    assert shares.std(ddof=1) == pytest.approx(
        np.sqrt(variance(569, 212 / 569, 114)), rel=0.05
    )


def test_every_stratified_split_has_42_malignant(fig):
    shares = fig.validation_shares()["stratified"]
    assert np.all(np.round(shares * 114) == 42)


def test_the_check_yourself_number():
    """1000 examples, 10 per cent positive, validation set of 100: about 2.8 percentage points."""
    assert 100 * np.sqrt(variance(1000, 0.1, 100)) == pytest.approx(2.8, abs=0.05)


def test_the_diagrams(fig):
    blocks = fig.kfold_blocks(5)
    assert sum(end - start for start, end in blocks) == pytest.approx(
        1
    )  # every example validated once
    assert all(
        b[0] == pytest.approx(a[1]) for a, b in itertools.pairwise(blocks)
    )  # disjoint, adjacent
    for train_end, start, end in fig.time_blocks(4):
        assert (
            start >= train_end and end <= 1 + 1e-12
        )  # validation never before training


def test_the_page_quotes_these_numbers():
    text = PAGE.read_text(encoding="utf-8")
    for quoted in (
        "569 tumours, 212 of them malignant",
        "37.3 per cent",
        "114 examples",
        "20 to 49 per cent",
        "42 malignant",
        "2.8 percentage points",
        "one in five",
    ):
        assert quoted in text


def test_the_figure_has_two_panels(fig):
    assert len(fig.figure().axes) == 2


# --- k-fold counts ------------------------------------------------------------------------------------

KFOLD = "kfold-counts"


def test_the_kfold_derivation_verifies():
    derivation = get(KFOLD)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps)
    assert all(check.points >= 20 for check in report.checks)


K, J, C, NF = kc.k, kc.j, kc.c, kc.n
KFOLD_WRONG = [
    ("one-round", sp.Integer(2), "validated twice"),
    (
        "sum-of-deltas",
        sp.Sum(1 - sp.KroneckerDelta(J, C), (J, 1, K)),
        "the training rounds counted instead",
    ),
    ("k-minus-one", K, "trained in every round"),
    ("split-sum", sp.Sum(1, (J, 1, K)), "the delta dropped"),
    ("cancel", (K - 1) / (K * NF), "n not cancelled"),
    ("one-minus", 1 - 2 / K, "two folds held out"),
]


@pytest.mark.parametrize(
    "key, wrong, what", KFOLD_WRONG, ids=[f"{w[0]}:{w[2]}" for w in KFOLD_WRONG]
)
def test_a_wrong_kfold_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(KFOLD, key, wrong)


@pytest.mark.parametrize("folds", [2, 5, 10])
def test_kfold_on_the_real_data_validates_once_and_trains_k_minus_one_times(folds, fig):
    """scikit-learn's KFold on the 569 examples (folds of unequal size when k does not divide 569)."""
    y = fig.malignant()
    validated, trained = np.zeros(len(y), int), np.zeros(len(y), int)
    for train, test in KFold(folds, shuffle=True, random_state=0).split(y):
        validated[test] += 1
        trained[train] += 1
        assert (
            abs(len(train) / len(y) - (folds - 1) / folds)
            < 1 / len(y) + 1e-12  # fold sizes differ by at most one
        )
    assert np.all(validated == 1) and np.all(trained == folds - 1)


def test_the_training_shares_on_the_page():
    """'80 per cent with 5 folds, 90 per cent with 10'."""
    text = PAGE.read_text(encoding="utf-8")
    assert "80 per cent with 5 folds, 90 per cent with 10" in text
    last = {step.key: step.expr for _, _, step in get(KFOLD).steps}["one-minus"]
    assert [float(last.subs(K, folds)) for folds in (5, 10)] == [0.8, 0.9]
