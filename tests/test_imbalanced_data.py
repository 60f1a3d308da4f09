"""The imbalanced-data page: the weighted log loss derivation holds, wrong variants are rejected and named,
the SMOTE of the figure does what SMOTE should, weights behave as derived, and the page's numbers hold."""

import numpy as np
import pytest
import sympy as sp
from sitetools import figure_script

from derivations import get, verify
from derivations.catalogue import weighted_log_loss as wl

ID = "weighted-log-loss"


@pytest.fixture(scope="module")
def fig():
    return figure_script("plot_imbalanced")


def test_the_derivation_verifies_symbolically():
    derivation = get(ID)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps)
    assert all(
        check.method.startswith("symbolic") and check.points >= 20
        for check in report.checks
    )


i, j, n = wl.i, wl.j, wl.n
WRONG = [
    # (step, wrong expression, what is wrong)
    (
        "weighted-residual",
        sp.Sum((wl.sigma(wl.z[i]) - wl.y[i]) * wl.x[i, j], (i, 1, n)),
        "the weights dropped",
    ),
    ("copies-add-up", wl.ell(wl.s, wl.ys), "copies counted once"),
    ("positive-total", wl.N, "the whole total on one class"),
    ("negative-weights", wl.n0 * wl.N / wl.n1, "the other class's size"),
    ("two-halves", wl.N / 2 + wl.N / 4, "a class total misread"),
    ("total-n", 2 * wl.N, "twice the total"),
]


@pytest.mark.parametrize(
    "key, wrong, what", WRONG, ids=[f"{w[0]}:{w[2]}" for w in WRONG]
)
def test_a_wrong_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(ID, key, wrong)


# --- SMOTE ----------------------------------------------------------------------------------------------


def test_every_smote_point_lies_on_a_segment_to_a_near_neighbour(fig):
    """Found again from the points alone: each synthetic point is x + u (x_nn - x) with u in [0, 1], for a
    minority point x and one of its 5 nearest minority neighbours (scikit-learn's search, not the figure's)."""
    from sklearn.neighbors import NearestNeighbors

    X, y, _, _ = fig.data()
    minority = X[y == 1]
    new = fig.synthetic()[0]
    assert new.shape == (45, 2)
    _, neighbours = NearestNeighbors(n_neighbors=6).fit(minority).kneighbors(minority)
    neighbours = neighbours[:, 1:]  # drop each point itself
    for point in new:
        found = False
        for a in range(len(minority)):
            for b in neighbours[a]:
                d = minority[b] - minority[a]
                u = float((point - minority[a]) @ d / (d @ d))
                if (
                    -1e-12 <= u <= 1 + 1e-12
                    and np.linalg.norm(minority[a] + u * d - point) < 1e-12
                ):
                    found = True
        assert found


def test_smote_records_match_the_points(fig):
    X, y, _, _ = fig.data()
    minority = X[y == 1]
    new, base, partner, u = fig.synthetic()
    assert np.allclose(
        new, minority[base] + u[:, None] * (minority[partner] - minority[base])
    )
    assert np.all((u >= 0) & (u <= 1)) and np.all(base != partner)


# --- weights ----------------------------------------------------------------------------------------------


def weighted_loss(w, X, y, c):
    z = X @ w
    return np.sum(
        c * (np.logaddexp(0, z) - y * z)
    )  # -[y log s + (1 - y) log(1 - s)] with s = sigmoid(z)


def test_the_weighted_gradient_matches_finite_differences():
    rng = np.random.default_rng(2002)
    X = np.c_[rng.normal(size=(40, 3)), np.ones(40)]
    y = (rng.uniform(size=40) < 0.2).astype(float)
    c = rng.uniform(0.1, 10, 40)
    w = rng.normal(size=4)
    gradient = X.T @ (c * (1 / (1 + np.exp(-X @ w)) - y))
    h = 1e-6
    for k in range(4):
        e = np.zeros(4)
        e[k] = h
        numeric = (weighted_loss(w + e, X, y, c) - weighted_loss(w - e, X, y, c)) / (
            2 * h
        )
        assert numeric == pytest.approx(gradient[k], rel=1e-6, abs=1e-8)


def test_balanced_weights_are_n_over_2_n_c_and_give_equal_totals(fig):
    from sklearn.utils.class_weight import compute_class_weight

    _, y, _, _ = fig.data()
    weights = compute_class_weight("balanced", classes=np.array([0, 1]), y=y)
    counts = np.bincount(y)
    assert np.allclose(weights, y.size / (2 * counts))
    assert np.allclose(weights, [0.55, 5.5])  # 165/300 and 165/30, as on the page
    assert np.allclose(weights * counts, y.size / 2)
    assert weights[1] / weights[0] == pytest.approx(10)


def test_copies_equal_weights_in_a_fitted_model(fig):
    """Fitting on data with every malignant example copied 10 times gives the model fitted with weight 10."""
    from sklearn.linear_model import LogisticRegression

    X, y, _, _ = fig.data()
    copied = LogisticRegression(tol=1e-10, max_iter=10_000).fit(
        np.r_[X[y == 0], np.repeat(X[y == 1], 10, axis=0)],
        np.r_[y[y == 0], np.repeat(y[y == 1], 10)],
    )
    weighted = LogisticRegression(tol=1e-10, max_iter=10_000).fit(
        X, y, sample_weight=np.where(y == 1, 10.0, 1.0)
    )
    assert np.allclose(copied.coef_, weighted.coef_, atol=1e-5)
    assert np.allclose(copied.intercept_, weighted.intercept_, atol=1e-5)


def test_the_numbers_on_the_page(fig):
    """Training: 150 benign, 15 malignant (9 %); held out: 207 benign, 197 malignant. At threshold 0.5 the
    unweighted model finds 55 % of malignant tumours and flags 0 % of benign ones; balanced weights 91 % and
    15 %; SMOTE 82 % and 5 %. Accuracy of the unweighted model on a training-like mix is high all the same."""
    from sklearn.linear_model import LogisticRegression

    X, y, X_out, y_out = fig.data()
    assert (np.sum(y == 0), np.sum(y == 1), np.sum(y_out == 0), np.sum(y_out == 1)) == (
        150,
        15,
        207,
        197,
    )
    assert y.mean() == pytest.approx(0.09, abs=0.005)
    sample_weight = np.where(y == 1, y.size / (2 * 15), y.size / (2 * 150))
    refits = {
        "unweighted": LogisticRegression().fit(X, y),
        "balanced weights": LogisticRegression().fit(X, y, sample_weight=sample_weight),
    }
    expected = {
        "unweighted": (0.55, 0.0),
        "balanced weights": (0.91, 0.15),
        "SMOTE": (0.82, 0.05),
    }
    for name, (recall, false_positive_rate) in expected.items():
        model = refits.get(name, fig.models()[name])
        called = model.predict(X_out) == 1
        assert called[y_out == 1].mean() == pytest.approx(recall, abs=0.005)
        assert called[y_out == 0].mean() == pytest.approx(
            false_positive_rate, abs=0.005
        )
        assert fig.held_out_rates(fig.models()[name]) == pytest.approx(
            (recall, false_positive_rate), abs=0.005
        )
    assert y_out.size == 404
    always_benign = np.mean(y == 0)
    assert always_benign == pytest.approx(0.91, abs=0.005)
    assert 1 - 1 / 1000 == pytest.approx(
        0.999
    )  # the constant model with a one-in-a-thousand class
    assert 1 - 0.002 == pytest.approx(
        0.998
    )  # the question: a model that never flags 0.2 % fraud


def test_the_figure_has_two_panels(fig):
    assert len(fig.figure().axes) == 2
