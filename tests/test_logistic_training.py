"""The linear-layer-plus-sigmoid page: the backward-pass derivation holds, wrong variants are rejected and named,
the training loop printed on the page is the one behind the figure, and the numbers the page quotes hold."""

import re

import numpy as np
import pytest
import sympy as sp
from sitetools import ROOT, figure_script
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

from derivations import get, verify
from derivations.catalogue import linear_sigmoid_layer as ls

ID = "linear-sigmoid-backward"
PAGE = ROOT / "docs" / "classification" / "logistic-regression-training.md"


@pytest.fixture(scope="module")
def fig():
    return figure_script("plot_logistic_learning_curve")


@pytest.fixture(scope="module")
def page_loop():
    """The first Python code block of the page, executed: it defines `mean_log_loss` and `train`."""
    blocks = re.findall(
        r"^```python\n(.*?)^```",
        PAGE.read_text(encoding="utf-8"),
        flags=re.DOTALL | re.MULTILINE,
    )
    namespace = {}
    exec(compile(blocks[0], str(PAGE), "exec"), namespace)  # noqa: S102 (the page's own code)
    return namespace


@pytest.fixture(scope="module")
def data():
    """The split the page describes, built here without the figure script: 70/30, stratified, seed 1, standardized
    with the training set's mean and standard deviation."""
    cancer = load_breast_cancer()
    X_train, X_val, y_train, y_val = train_test_split(
        cancer.data,
        1 - cancer.target,
        test_size=0.3,
        stratify=cancer.target,
        random_state=1,
    )
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return (X_train - mean) / std, y_train, (X_val - mean) / std, y_val


def test_the_derivation_verifies():
    derivation = get(ID)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps) == 14
    assert all(check.points >= 20 for check in report.checks)


sig = ls.sigma(ls.z)
WRONG = [
    (
        "loss-node-fraction",
        (ls.y - ls.q) / (ls.q * (1 - ls.q)),
        "the sign of the residual flipped",
    ),
    ("sigmoid-node-slope", sig**2, "the slope as the square of the sigmoid"),
    ("residual", ls.y - sig, "label minus prediction"),
    ("residual", sig * (1 - sig) * (sig - ls.y), "the sigmoid's slope left in"),
    ("weight-gradient", ls.sigma(ls.w * ls.x + ls.r) - ls.y, "the feature forgotten"),
    (
        "bias-gradient",
        (ls.sigma(ls.rest + ls.b) - ls.y) * ls.b,
        "multiplied by the bias",
    ),
    (
        "softplus-form",
        sp.log(1 + sp.exp(-ls.z)) - ls.y * ls.z,
        "softplus of the wrong sign",
    ),
]


@pytest.mark.parametrize(
    "key, wrong, what", WRONG, ids=[f"{w[0]}:{w[2]}" for w in WRONG]
)
def test_a_wrong_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(ID, key, wrong)


# --- the loop and the figure ------------------------------------------------------------------------------


def test_the_split_is_the_one_described(fig, data):
    X_train, y_train, X_val, y_val = fig.split()
    assert (len(y_train), len(y_val)) == (398, 171)
    for ours, theirs in zip((X_train, y_train, X_val, y_val), data):
        np.testing.assert_array_equal(ours, theirs)


def test_the_page_loop_is_the_figure_loop(fig, page_loop, data):
    ours = page_loop["train"](*data)
    theirs = fig.history()
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)


def test_the_loop_gradient_is_the_gradient_of_the_mean_loss(page_loop, data):
    """The update uses X^T (p - y) / n and sum(p - y) / n; compare with finite differences of the mean loss."""
    X, y = data[0][:32], data[1][:32]
    rng = np.random.default_rng(3)
    w, b = rng.normal(scale=0.3, size=X.shape[1]), 0.2
    dz = (1 / (1 + np.exp(-(X @ w + b))) - y) / len(y)
    loss = page_loop["mean_log_loss"]
    h = 1e-6
    numeric_w = [
        (loss(w + h * e, b, X, y) - loss(w - h * e, b, X, y)) / (2 * h)
        for e in np.eye(len(w))
    ]
    np.testing.assert_allclose(X.T @ dz, numeric_w, rtol=1e-6, atol=1e-9)
    assert dz.sum() == pytest.approx(
        (loss(w, b + h, X, y) - loss(w, b - h, X, y)) / (2 * h), rel=1e-6
    )


def test_the_logits_form_is_the_log_loss():
    """Where the probability is not rounded (|z| <= 15) the two agree; beyond, the direct form breaks down."""
    z = np.linspace(-15, 15, 121)
    for label in (0, 1):
        p = 1 / (1 + np.exp(-z))
        direct = -(label * np.log(p) + (1 - label) * np.log1p(-p))
        np.testing.assert_allclose(
            np.logaddexp(0, z) - label * z, direct, rtol=1e-7, atol=1e-12
        )
    with np.errstate(divide="ignore"):
        assert np.isinf(
            -np.log1p(-1 / (1 + np.exp(-40.0)))
        )  # the direct form: log(1 - p) with p rounded to 1
    assert np.logaddexp(0, 40.0) == pytest.approx(
        40.0
    )  # the logits form: finite and right


def test_the_numbers_on_the_page(fig):
    _, _, train_loss, val_loss = fig.history()
    assert train_loss[0] == pytest.approx(np.log(2)) and val_loss[0] == pytest.approx(
        np.log(2)
    )
    best = int(np.argmin(val_loss))
    assert best == 33
    assert val_loss[best] == pytest.approx(0.086, abs=0.0005)
    assert val_loss[-1] == pytest.approx(0.117, abs=0.0005)
    assert train_loss[-1] == pytest.approx(0.044, abs=0.0005)
    assert np.all(np.diff(train_loss[best:]) < 0)  # "the training loss keeps falling"
    assert val_loss[-1] > val_loss[best] * 1.3


def test_the_training_classes_are_separable(data):
    """A nearly unpenalized fit classifies every training tumour correctly."""
    X_train, y_train, _, _ = data
    model = LogisticRegression(C=1e6, max_iter=5000).fit(X_train, y_train)
    assert model.score(X_train, y_train) == 1.0


def test_the_best_epoch_depends_on_the_split(page_loop):
    """Six random splits (seeds 0 to 5): the lowest validation loss came at epochs from 28 to 299."""
    cancer = load_breast_cancer()
    best = []
    for seed in range(6):
        X_train, X_val, y_train, y_val = train_test_split(
            cancer.data,
            1 - cancer.target,
            test_size=0.3,
            stratify=cancer.target,
            random_state=seed,
        )
        mean, std = X_train.mean(axis=0), X_train.std(axis=0)
        *_, val_loss = page_loop["train"](
            (X_train - mean) / std, y_train, (X_val - mean) / std, y_val, seed=seed
        )
        best.append(int(np.argmin(val_loss)))
    assert (min(best), max(best)) == (28, 299)


def test_the_figure_draws_one_panel(fig):
    assert len(fig.figure().axes) == 1
