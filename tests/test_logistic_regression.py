"""The logistic-regression page: the odds derivation holds, wrong variants are rejected and named, the
gradient-descent fit behind the figure agrees with an independent scikit-learn fit, and the numbers the page
quotes are what the data give."""

import warnings

import numpy as np
import pytest
import sympy as sp
from scipy.optimize import linprog
from sitetools import figure_script
from sklearn.datasets import load_breast_cancer
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from derivations import get, verify
from derivations.catalogue import logistic_odds as lo

ID = "logistic-regression-odds"
FEATURES = ["mean radius", "mean texture", "mean smoothness", "mean symmetry"]


@pytest.fixture(scope="module")
def fig():
    return figure_script("plot_logistic_fit")


@pytest.fixture(scope="module")
def cancer():
    data = load_breast_cancer()
    return data.data, 1 - data.target, list(data.feature_names)


@pytest.fixture(scope="module")
def reference(cancer):
    """An unpenalized scikit-learn fit on the four features, standardized by scikit-learn."""
    raw, y, names = cancer
    columns = [names.index(name) for name in FEATURES]
    scaler = StandardScaler().fit(raw[:, columns])
    model = LogisticRegression(
        C=np.inf, solver="newton-cholesky", tol=1e-12, max_iter=200
    )
    model.fit(scaler.transform(raw[:, columns]), y)
    return model, scaler


def test_the_derivation_verifies():
    derivation = get(ID)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps) == 11
    assert all(check.points >= 20 for check in report.checks)


WRONG = [
    (
        "solve-for-p",
        sp.Eq(lo.p, 1 / (1 + sp.exp(lo.z))),
        "the sign of the exponent flipped",
    ),
    (
        "odds-ratio-delta",
        sp.exp(lo.beta * lo.delta + lo.r),
        "the rest of the score left in",
    ),
    (
        "odds-ratio-power",
        sp.Pow(sp.exp(lo.delta), lo.beta, evaluate=False) + 1,
        "one added",
    ),
    ("odds-ratio-delta", 1 + lo.beta * lo.delta, "a linear change of the odds"),
    ("one-sd-unit", lo.s, "one standard deviation in raw units"),
    (
        "sd-odds-ratio",
        sp.exp(lo.beta_std * lo.s),
        "the standardized coefficient times the deviation",
    ),
    (
        "raw-coefficient",
        lo.beta_std * lo.s * lo.x + lo.b_std - lo.beta_std * lo.mu / lo.s,
        "multiplied, not divided",
    ),
]


@pytest.mark.parametrize(
    "key, wrong, what", WRONG, ids=[f"{w[0]}:{w[2]}" for w in WRONG]
)
def test_a_wrong_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(ID, key, wrong)


# --- the data and the fit ---------------------------------------------------------------------------------


def test_all_thirty_features_separate_the_classes(cancer):
    """Some hyperplane puts every malignant tumour on one side with margin 1: no finite MLE exists."""
    raw, y, _ = cancer
    X = StandardScaler().fit_transform(raw)
    design = np.column_stack([np.ones(len(y)), X])
    sign = 2 * y - 1
    found = linprog(
        np.zeros(design.shape[1]),
        A_ub=-(sign[:, None] * design),
        b_ub=-np.ones(len(y)),
        bounds=[(None, None)] * design.shape[1],
        method="highs",
    )
    assert found.status == 0  # feasible: separable
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        with pytest.raises(ConvergenceWarning):
            LogisticRegression(C=np.inf).fit(X, y)


def test_the_four_features_do_not_separate_the_classes(cancer):
    raw, y, names = cancer
    X = StandardScaler().fit_transform(raw[:, [names.index(name) for name in FEATURES]])
    design = np.column_stack([np.ones(len(y)), X])
    sign = 2 * y - 1
    found = linprog(
        np.zeros(design.shape[1]),
        A_ub=-(sign[:, None] * design),
        b_ub=-np.ones(len(y)),
        bounds=[(None, None)] * design.shape[1],
        method="highs",
    )
    assert found.status == 2  # infeasible: no separating hyperplane


def test_the_figure_uses_the_data_the_page_describes(fig, cancer):
    X, y, _, _ = fig.data()
    assert list(fig.FEATURES) == FEATURES
    assert (len(y), int(y.sum()), int((1 - y).sum())) == (569, 212, 357)
    np.testing.assert_allclose(X.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(X.std(axis=0), 1, rtol=1e-12)


def test_the_gradient_is_the_derivative_of_the_loss(fig):
    X, y, _, _ = fig.data()
    params = np.random.default_rng(0).normal(size=X.shape[1] + 1)
    h = 1e-6
    numeric = [
        (
            fig.mean_log_loss(params + h * e, X, y)
            - fig.mean_log_loss(params - h * e, X, y)
        )
        / (2 * h)
        for e in np.eye(len(params))
    ]
    np.testing.assert_allclose(
        fig.gradient(params, X, y), numeric, rtol=1e-6, atol=1e-9
    )


def test_gradient_descent_agrees_with_scikit_learn(fig, reference):
    model, _ = reference
    assert model.n_iter_[0] < 200  # Newton's method converged
    ours = fig.fitted()
    theirs = np.concatenate([model.intercept_, model.coef_[0]])
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-6)


def test_the_standardization_is_scikit_learns(fig, reference):
    _, scaler = reference
    _, _, mean, std = fig.data()
    np.testing.assert_allclose(mean, scaler.mean_)
    np.testing.assert_allclose(std, scaler.scale_)


def test_the_odds_ratios_quoted_on_the_page(reference):
    """Per standard deviation: mean radius about 135, mean texture 5.2, mean symmetry 2.1 (and smoothness 5.2);
    per raw unit of radius about 4.0."""
    model, scaler = reference
    coef = dict(zip(FEATURES, model.coef_[0]))
    assert np.exp(coef["mean radius"]) == pytest.approx(135, abs=0.5)
    assert np.exp(coef["mean texture"]) == pytest.approx(5.2, abs=0.05)
    assert np.exp(coef["mean smoothness"]) == pytest.approx(5.2, abs=0.05)
    assert np.exp(coef["mean symmetry"]) == pytest.approx(2.1, abs=0.05)
    assert coef["mean radius"] == pytest.approx(4.91, abs=0.005)
    assert coef["mean texture"] == pytest.approx(1.65, abs=0.005)
    assert coef["mean symmetry"] == pytest.approx(0.75, abs=0.005)
    std = dict(zip(FEATURES, scaler.scale_))
    assert std["mean radius"] == pytest.approx(3.52, abs=0.005)
    assert std["mean texture"] == pytest.approx(4.30, abs=0.005)
    assert std["mean symmetry"] == pytest.approx(0.027, abs=0.0005)
    assert np.exp(coef["mean radius"] / std["mean radius"]) == pytest.approx(
        4.0, abs=0.05
    )
    # The intercept: odds of malignancy for a tumour at the mean of every feature.
    assert np.exp(model.intercept_[0]) == pytest.approx(0.38, abs=0.005)
    assert 1 / (1 + np.exp(-model.intercept_[0])) == pytest.approx(0.27, abs=0.005)


def test_size_features_are_near_copies(cancer):
    """Mean radius, mean perimeter and mean area: every pairwise correlation above 0.98."""
    raw, _, names = cancer
    columns = [
        names.index(name) for name in ("mean radius", "mean perimeter", "mean area")
    ]
    correlations = np.corrcoef(raw[:, columns].T)[np.triu_indices(3, 1)]
    assert correlations.min() > 0.98


def test_the_odds_ratio_is_the_same_wherever_the_tumour_starts(reference, cancer):
    """The derivation's claim on the fitted model: one standard deviation more mean radius multiplies each
    tumour's predicted odds by exp(coefficient), whatever its other features."""
    model, scaler = reference
    raw, _, names = cancer
    X = scaler.transform(raw[:, [names.index(name) for name in FEATURES]])
    moved = X.copy()
    moved[:, 0] += 1
    ratio = np.exp(model.decision_function(moved) - model.decision_function(X))
    np.testing.assert_allclose(ratio, np.exp(model.coef_[0][0]), rtol=1e-12)
    p, q = model.predict_proba(X)[:, 1], model.predict_proba(moved)[:, 1]
    keep = (
        (p > 1e-6) & (p < 1 - 1e-6) & (q < 1 - 1e-6)
    )  # where the odds are computed accurately
    np.testing.assert_allclose(
        (q / (1 - q))[keep] / (p / (1 - p))[keep], np.exp(model.coef_[0][0]), rtol=1e-6
    )


def test_training_accuracy_quoted_on_the_page(reference, cancer):
    model, scaler = reference
    raw, y, names = cancer
    accuracy = model.score(
        scaler.transform(raw[:, [names.index(name) for name in FEATURES]]), y
    )
    assert accuracy == pytest.approx(0.928, abs=0.0005)


def test_the_scores_beyond_the_plotted_range(fig):
    """The caption: 19 tumours score below -10 and 33 above 10; they are drawn at the edges."""
    X, _, _, _ = fig.data()
    params = fig.fitted()
    score = params[0] + X @ params[1:]
    assert (int((score < -fig.SHOWN).sum()), int((score > fig.SHOWN).sum())) == (19, 33)


def test_the_figure_draws_one_panel(fig):
    assert len(fig.figure().axes) == 1
