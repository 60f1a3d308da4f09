"""The ROC and AUC page: the binormal AUC derivation holds, wrong variants are rejected and named, the
AUC is the Mann-Whitney probability on real scores, and the numbers behind the figure hold."""

import numpy as np
import pytest
import sympy as sp
from scipy import stats
from sitetools import figure_script

from derivations import get, verify
from derivations.catalogue import binormal_auc as ba
from derivations.verify import values

ID = "binormal-auc"


@pytest.fixture(scope="module")
def fig():
    return figure_script("plot_roc_auc")


@pytest.fixture(scope="module")
def test_half():
    """Labels and scores of the test half, fitted here independently of the figure script."""
    from sklearn.datasets import load_breast_cancer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    data = load_breast_cancer()
    X, y = data.data, (data.target == 0).astype(int)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.5, random_state=0, stratify=y
    )
    two = [1, 4]  # mean texture, mean smoothness
    small = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(
        X_train[:, two], y_train
    )
    full = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(
        X_train, y_train
    )
    return (
        y_test,
        small.predict_proba(X_test[:, two])[:, 1],
        full.predict_proba(X_test)[:, 1],
    )


def test_the_derivation_verifies_symbolically():
    derivation = get(ID)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps)
    assert all(
        check.method == "symbolic" and check.points >= 20 for check in report.checks
    )


def test_the_results():
    parts = {part.key: part.conclusion for part in get(ID).parts}
    assert parts["auc"].rhs == ba.Phi(ba.z)
    assert parts["equal-means"].rhs == sp.Rational(1, 2)
    assert parts["swap"].rhs == 1 - ba.Phi(ba.z)


def test_the_values_match_scipy():
    """AUC 0.760250 at one standard deviation of separation and 0.921350 at two."""
    one, two = values(get(ID))
    assert float(one) == pytest.approx(stats.norm.cdf(1 / np.sqrt(2)), abs=1e-6)
    assert float(two) == pytest.approx(stats.norm.cdf(np.sqrt(2)), abs=1e-6)


WRONG = [
    # (step, wrong expression, what is wrong)
    (
        "difference-mgf",
        sp.exp((ba.mu1 - ba.mu0) * ba.t + ba.sigma**2 * ba.t**2 / 2),
        "variances do not add",
    ),
    (
        "error-function",
        sp.Rational(1, 2) + sp.erf(ba.delta / (2 * ba.sigma)) / 2 - sp.Rational(1, 10),
        "off by 0.1",
    ),
    ("auc-phi", ba.Phi(ba.delta / ba.sigma), "the sqrt 2 forgotten"),
    ("one-half", sp.S.Zero, "chance is 1/2, not 0"),
    ("slope", ba.phi(ba.z) / ba.sigma, "the inner derivative is 1/(sigma sqrt 2)"),
    ("one-minus-auc", ba.Phi(ba.z), "swapping does not keep the AUC"),
]


@pytest.mark.parametrize(
    "key, wrong, what", WRONG, ids=[f"{w[0]}:{w[2]}" for w in WRONG]
)
def test_a_wrong_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(ID, key, wrong)


def test_the_binormal_formula_on_simulated_scores():
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(1982)
    for mu1, mu0, sigma in ((1.0, 0.0, 1.0), (0.3, 0.8, 0.5), (2.0, -1.0, 2.0)):
        positives, negatives = (
            rng.normal(mu1, sigma, 4000),
            rng.normal(mu0, sigma, 4000),
        )
        y = np.r_[np.ones(4000), np.zeros(4000)]
        expected = stats.norm.cdf((mu1 - mu0) / (sigma * np.sqrt(2)))
        assert roc_auc_score(y, np.r_[positives, negatives]) == pytest.approx(
            expected, abs=0.015
        )


# --- the AUC as a probability, on real scores -------------------------------------------------------------


def pairs_probability(y, score) -> float:
    """The share of (positive, negative) pairs in which the positive scores higher; ties count half."""
    pos, neg = score[y == 1], score[y == 0]
    greater = (pos[:, None] > neg[None, :]).sum()
    ties = (pos[:, None] == neg[None, :]).sum()
    return (greater + 0.5 * ties) / (pos.size * neg.size)


def test_mann_whitney_equals_the_trapezoidal_area(fig, test_half):
    """U / (n+ n-) = the trapezoidal area under the ROC curve, to 1e-12, with and without ties."""
    y, small, full = test_half
    for score in (small, full, np.round(small, 2), np.round(full, 1)):
        u = stats.mannwhitneyu(
            score[y == 1], score[y == 0], alternative="two-sided"
        ).statistic
        mann_whitney = u / ((y == 1).sum() * (y == 0).sum())
        assert abs(mann_whitney - fig.auc_trapezoid(y, score)) < 1e-12
        assert abs(mann_whitney - pairs_probability(y, score)) < 1e-12


def test_the_roc_curve_is_scikit_learns(fig, test_half):
    from sklearn.metrics import roc_curve

    y, small, _ = test_half
    fpr, tpr = fig.roc(y, small)
    theirs_fpr, theirs_tpr, _ = roc_curve(y, small, drop_intermediate=False)
    assert np.allclose(fpr, theirs_fpr) and np.allclose(tpr, theirs_tpr)


def test_the_aucs_on_the_page(fig, test_half):
    """AUC 0.99 with all thirty measurements, 0.79 with two; reading the benign column gives 1 - AUC."""
    from sklearn.metrics import roc_auc_score

    y, small, full = test_half
    assert roc_auc_score(y, full) == pytest.approx(0.99, abs=0.005)
    assert roc_auc_score(y, small) == pytest.approx(0.79, abs=0.005)
    assert roc_auc_score(y, 1 - full) == pytest.approx(
        1 - roc_auc_score(y, full), abs=1e-12
    )
    assert roc_auc_score(y, 1 - full) == pytest.approx(0.01, abs=0.005)
    assert np.allclose(fig.scores()["2 measurements"], small)


def test_copying_negatives_keeps_the_roc_and_sinks_precision(test_half):
    """Each benign tumour copied 1, 10, 100 times: 37 %, 5.6 %, 0.59 % malignant; the ROC curve and AUC stay
    the same; precision at recall 0.5 is about 0.66, 0.16 and 0.02."""
    from sklearn.metrics import precision_recall_curve, roc_auc_score, roc_curve

    y, small, _ = test_half
    base_fpr, base_tpr, _ = roc_curve(y, small)
    for copies, share, precision_at_half in (
        (1, 0.37, 0.66),
        (10, 0.056, 0.16),
        (100, 0.0059, 0.02),
    ):
        negatives = np.repeat(small[y == 0], copies)
        labels = np.r_[np.ones((y == 1).sum()), np.zeros(negatives.size)]
        scores = np.r_[small[y == 1], negatives]
        assert labels.mean() == pytest.approx(share, rel=0.02)
        fpr, tpr, _ = roc_curve(labels, scores)
        assert np.allclose(fpr, base_fpr) and np.allclose(tpr, base_tpr)
        assert roc_auc_score(labels, scores) == pytest.approx(
            roc_auc_score(y, small), abs=1e-12
        )
        precision, recall, _ = precision_recall_curve(labels, scores)
        at_half = precision[recall >= 0.5][
            -1
        ]  # the highest threshold that reaches recall 0.5
        assert at_half == pytest.approx(precision_at_half, abs=0.006)


def test_the_figure_draws_what_the_test_checks(fig, test_half):
    y, small, _ = test_half
    for copies, expected in ((1, 0.66), (10, 0.16), (100, 0.02)):
        precision, recall = fig.precision_recall(y, small, copies)
        assert precision[np.searchsorted(recall, 0.5)] == pytest.approx(
            expected, abs=0.006
        )
    assert len(fig.figure().axes) == 2


def test_the_arithmetic_of_rare_positives():
    """1 % of a million negatives is 10 000 false alarms; with 1 fraud in 1000 payments and a false positive
    rate of 2 %, about 20 legitimate payments are flagged per fraud and precision at full recall is below 5 %."""
    assert 0.01 * 1_000_000 == pytest.approx(10_000)
    flagged_per_fraud = 0.02 * 999
    assert flagged_per_fraud == pytest.approx(20, abs=0.1)
    assert 1 / (1 + flagged_per_fraud) < 0.05
