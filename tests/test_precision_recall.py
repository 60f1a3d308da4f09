"""The precision-recall page: the F1 derivation holds, wrong variants are rejected and named, and the
curve and numbers behind its figure match scikit-learn's metrics computed independently."""

import numpy as np
import pytest
import sympy as sp
from sitetools import figure_script

from derivations import get, verify
from derivations.catalogue import f1_score as f1

ID = "f1-score"


@pytest.fixture(scope="module")
def fig():
    return figure_script("plot_precision_recall")


@pytest.fixture(scope="module")
def test_half(fig):
    """Labels and scores of the figure's test half, refitted here without the figure's helpers."""
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
    assert [data.feature_names[c] for c in two] == ["mean texture", "mean smoothness"]
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


def test_the_derivation_verifies():
    derivation = get(ID)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps)
    assert all(check.points >= 20 for check in report.checks)


def test_the_results_are_the_count_form_and_the_bounds():
    parts = {part.key: part for part in get(ID).parts}
    assert (
        sp.simplify(
            parts["counts"].conclusion.rhs - 2 * f1.tp / (2 * f1.tp + f1.fp + f1.fn)
        )
        == 0
    )
    assert (
        parts["upper-bound"].relation.value == "<="
        and parts["lower-bound"].relation.value == ">="
    )


WRONG = [
    # (step, wrong expression, what is wrong)
    ("product-form", f1.P * f1.R / (f1.P + f1.R), "the factor 2 dropped"),
    ("f1-counts", 2 * f1.tp / (2 * f1.tp + f1.fp), "false negatives forgotten"),
    (
        "at-most-mean",
        sp.Min(f1.P, f1.R),
        "the smaller of P and R is not an upper bound",
    ),
    ("at-least-min", sp.Max(f1.P, f1.R), "the max is not a lower bound"),
    (
        "f-beta-counts",
        (1 + f1.beta**2)
        * f1.tp
        / ((1 + f1.beta**2) * f1.tp + f1.beta**2 * f1.fp + f1.fn),
        "beta squared on the wrong error",
    ),
    ("beta-one-counts", f1.tp / (f1.tp + f1.fn + f1.fp), "the weight 1 + beta^2 lost"),
]


@pytest.mark.parametrize(
    "key, wrong, what", WRONG, ids=[f"{w[0]}:{w[2]}" for w in WRONG]
)
def test_a_wrong_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(ID, key, wrong)


def test_the_count_form_matches_scikit_learn_on_random_labels():
    from sklearn.metrics import f1_score, fbeta_score

    rng = np.random.default_rng(1979)
    for _ in range(15):
        y = rng.integers(0, 2, 60)
        pred = rng.integers(0, 2, 60)
        tp, fp, fn = np.sum(pred & y), np.sum(pred & (1 - y)), np.sum((1 - pred) & y)
        if tp == 0:
            continue
        assert 2 * tp / (2 * tp + fp + fn) == pytest.approx(f1_score(y, pred))
        beta = rng.uniform(0.2, 4)
        expected = (1 + beta**2) * tp / ((1 + beta**2) * tp + beta**2 * fn + fp)
        assert expected == pytest.approx(fbeta_score(y, pred, beta=beta))
        p, r = tp / (tp + fp), tp / (tp + fn)
        assert min(p, r) - 1e-12 <= 2 * tp / (2 * tp + fp + fn) <= (p + r) / 2 + 1e-12


# --- the figure -----------------------------------------------------------------------------------


def test_the_figure_uses_the_same_scores(fig, test_half):
    y, small, full = test_half
    assert np.array_equal(fig.split()[3], y)
    assert np.allclose(fig.scores()["2 measurements"], small)
    assert np.allclose(fig.scores()["all 30 measurements"], full)


def test_the_numpy_curve_is_scikit_learns(fig, test_half):
    from sklearn.metrics import precision_recall_curve

    y, small, full = test_half
    for score in (small, full, np.round(small, 1)):  # rounding makes ties
        ours = fig.pr_curve(y, score)
        theirs = precision_recall_curve(y, score)
        for a, b in zip(ours, theirs):
            assert a.shape == b.shape
            assert np.allclose(a, b, rtol=0, atol=1e-12)


def test_the_numbers_on_the_page(fig, test_half):
    """Test half: 285 tumours, 106 malignant (37 %); two measurements at threshold 0.5: precision 0.65,
    recall 0.57; largest F1 0.67 at a threshold near 0.3, with precision 0.58 and recall 0.80; average
    precision 0.66 (two measurements) and 0.99 (all thirty)."""
    from sklearn.metrics import (
        average_precision_score,
        f1_score,
        precision_score,
        recall_score,
    )

    y, small, full = test_half
    assert (y.size, y.sum()) == (285, 106)
    assert y.mean() == pytest.approx(0.37, abs=0.005)
    called = (small >= 0.5).astype(int)
    assert precision_score(y, called) == pytest.approx(0.65, abs=0.005)
    assert recall_score(y, called) == pytest.approx(0.57, abs=0.005)
    thresholds = np.unique(small)
    called_at = small[None, :] >= thresholds[:, None]  # one row per threshold
    tp = (called_at & (y == 1)).sum(axis=1)
    f1s = (
        2 * tp / (called_at.sum(axis=1) + y.sum())
    )  # 2TP / (2TP + FP + FN): TP + FP flagged, TP + FN positive
    best = int(np.argmax(f1s))
    assert f1s[best] == pytest.approx(
        f1_score(y, (small >= thresholds[best]).astype(int))
    )
    assert f1s[best] == pytest.approx(0.67, abs=0.005)
    assert thresholds[best] == pytest.approx(0.3, abs=0.01)
    at_best = (small >= thresholds[best]).astype(int)
    assert precision_score(y, at_best) == pytest.approx(0.58, abs=0.005)
    assert recall_score(y, at_best) == pytest.approx(0.80, abs=0.005)
    assert (thresholds[best], f1s[best]) == pytest.approx(fig.best_f1(y, small)[::3])
    assert average_precision_score(y, small) == pytest.approx(0.66, abs=0.005)
    assert average_precision_score(y, full) == pytest.approx(0.99, abs=0.005)


def test_the_threshold_trades_precision_for_recall(fig, test_half):
    """Recall can only fall as the threshold rises; over the range, precision mostly rises."""
    y, small, _ = test_half
    counts = np.array([fig.confusion(y, small, t) for t in np.linspace(0, 1, 101)])
    recall = counts[:, 0] / (counts[:, 0] + counts[:, 2])
    assert np.all(np.diff(recall) <= 0)
    precision_low, precision_high = (
        counts[k, 0] / (counts[k, 0] + counts[k, 1]) for k in (10, 80)
    )
    assert precision_high > precision_low + 0.2


def test_the_figure_has_two_panels(fig):
    assert len(fig.figure().axes) == 2
