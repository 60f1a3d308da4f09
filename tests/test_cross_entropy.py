"""The cross-entropy page: its two derivations hold, wrong variants are rejected and named, the gradient is
checked by finite differences with NumPy alone, and the numbers the page quotes are recomputed."""

import numpy as np
import pytest
import sympy as sp
from sitetools import figure_script

from derivations import get, verify
from derivations.catalogue import cross_entropy_kl as kl
from derivations.catalogue import softmax_cross_entropy as sce

IDS = ("softmax-cross-entropy", "cross-entropy-kl")


@pytest.fixture(scope="module")
def fig():
    return figure_script("plot_cross_entropy")


@pytest.mark.parametrize("derivation_id", IDS)
def test_the_derivations_verify(derivation_id):
    derivation = get(derivation_id)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps)
    assert all(check.points >= 20 for check in report.checks)


def test_the_headline_is_softmax_minus_one_hot():
    assert (
        sp.simplify(
            get("softmax-cross-entropy").result.rhs - (sce.q[sce.m] - sce.y[sce.m])
        )
        == 0
    )


z, q, y, c, m, k, K = sce.z, sce.q, sce.y, sce.c, sce.m, sce.k, sce.K
WRONG = [
    # (derivation, step, wrong expression, what is wrong)
    (
        "softmax-cross-entropy",
        "log-softmax",
        sp.Derivative(z[c] - sp.log(sce.partition), z[m]),
        "sign of the log",
    ),
    ("softmax-cross-entropy", "softmax-minus-one-hot", y[m] - q[m], "the sign flipped"),
    (
        "softmax-cross-entropy",
        "jacobian-entry",
        q[k] * (1 - q[m]),
        "the Kronecker delta dropped",
    ),
    (
        "cross-entropy-kl",
        "entropy-plus-divergence",
        kl.H_p(kl.P) - kl.D(kl.P, kl.Q),
        "entropy minus divergence",
    ),
    (
        "cross-entropy-kl",
        "entropy-is-constant",
        sp.Derivative(kl.H_p(kl.P), kl.z[kl.m]),
        "the wrong term kept",
    ),
]


@pytest.mark.parametrize(
    "derivation_id, key, wrong, what", WRONG, ids=[f"{w[1]}:{w[3]}" for w in WRONG]
)
def test_a_wrong_step_is_rejected_and_named(derivation_id, key, wrong, what, rejects):
    rejects(derivation_id, key, wrong)


# --- NumPy only, independent of SymPy ------------------------------------------------------------


def _softmax(logits):
    e = np.exp(logits - logits.max())
    return e / e.sum()


def _finite_difference_gradient(loss, logits, h=1e-6):
    grad = np.empty_like(logits)
    for i in range(len(logits)):
        step = np.zeros_like(logits)
        step[i] = h
        grad[i] = (loss(logits + step) - loss(logits - step)) / (2 * h)
    return grad


def test_the_gradient_is_softmax_minus_one_hot_by_finite_differences():
    rng = np.random.default_rng(3)
    for _ in range(50):
        classes = int(rng.integers(2, 8))
        logits = rng.normal(0, 3, classes)
        true = int(rng.integers(classes))
        one_hot = np.eye(classes)[true]
        numeric = _finite_difference_gradient(
            lambda v, true=true: -np.log(_softmax(v)[true]), logits
        )
        claimed = _softmax(logits) - one_hot
        assert np.allclose(numeric, claimed, atol=1e-7)
        assert abs(claimed.sum()) < 1e-12  # the entries sum to zero
        assert np.all(np.abs(claimed) <= 1)  # none is larger than one in size


def test_with_a_soft_target_the_gradient_is_softmax_minus_target_and_equals_the_divergences():
    rng = np.random.default_rng(4)
    for _ in range(30):
        classes = int(rng.integers(2, 8))
        logits = rng.normal(0, 2, classes)
        target = rng.dirichlet(np.ones(classes))

        def cross_entropy(v, target=target):
            return -(target * np.log(_softmax(v))).sum()

        def divergence(v, target=target):
            return (target * np.log(target / _softmax(v))).sum()

        claimed = _softmax(logits) - target
        assert np.allclose(
            _finite_difference_gradient(cross_entropy, logits), claimed, atol=1e-7
        )
        assert np.allclose(
            _finite_difference_gradient(divergence, logits), claimed, atol=1e-7
        )
        entropy = -(target * np.log(target)).sum()
        assert cross_entropy(logits) == pytest.approx(entropy + divergence(logits))
        assert divergence(logits) >= 0  # Gibbs' inequality, as the page states


def test_the_softmax_jacobian():
    rng = np.random.default_rng(5)
    logits = rng.normal(0, 2, 4)
    probs = _softmax(logits)
    jacobian = np.stack(
        [
            _finite_difference_gradient(lambda v, i=i: _softmax(v)[i], logits)
            for i in range(4)
        ]
    )
    assert np.allclose(jacobian, np.diag(probs) - np.outer(probs, probs), atol=1e-8)


def test_two_class_softmax_is_the_sigmoid_of_the_difference():
    for z1, z2 in [(0.3, -1.2), (4.0, 4.5), (-2.0, 3.0)]:
        assert _softmax(np.array([z1, z2]))[0] == pytest.approx(
            1 / (1 + np.exp(-(z1 - z2)))
        )


# --- numbers on the page and in the figure ------------------------------------------------------------


def test_the_entropy_floor_and_the_largest_divergence():
    """'the target's entropy of about 0.80 nats' and 'about 1.17 nats' for q = (0.1, 0.2, 0.7)."""
    p = np.array([0.7, 0.2, 0.1])
    assert -(p * np.log(p)).sum() == pytest.approx(0.80, abs=0.005)
    assert 0.6 * np.log(7) == pytest.approx(
        1.17, abs=0.005
    )  # 0.7 ln 7 + 0.2 ln 1 + 0.1 ln(1/7)


def test_the_figure_computes_what_the_page_says(fig):
    p = fig.TARGET
    assert fig.entropy(p) == pytest.approx(0.80, abs=0.005)
    gaps = {name: fig.divergence(p, q) for name, q in fig.MODELS.items()}
    assert gaps["q = p"] == 0
    assert gaps["q = (0.1, 0.2, 0.7)"] == pytest.approx(1.17, abs=0.005)
    assert list(gaps.values()) == sorted(
        gaps.values()
    )  # the divergence grows down the bars
    for q in fig.MODELS.values():
        assert fig.cross_entropy(p, q) == pytest.approx(
            fig.entropy(p) + fig.divergence(p, q)
        )
    # The loss at z1 = -4 with logits (z1, 0, 0) is ln(1 + 2 e^4), "about 4.7".
    assert -np.log(fig.softmax(np.array([-4.0, 0, 0]))[0]) == pytest.approx(
        np.log(1 + 2 * np.exp(4))
    )
    assert np.log(1 + 2 * np.exp(4)) == pytest.approx(4.7, abs=0.01)


def test_the_label_smoothing_floor():
    """Ten classes, smoothing 0.1: the target is 0.91 on the true class and 0.01 on each other, entropy about 0.50."""
    target = np.full(10, 0.1 / 10)
    target[0] += 0.9
    assert target[0] == pytest.approx(0.91)
    assert -(target * np.log(target)).sum() == pytest.approx(0.50, abs=0.005)


def test_the_figure_has_two_panels(fig):
    assert len(fig.figure().axes) == 2
