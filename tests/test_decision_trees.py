"""The decision-trees page: the impurity derivation holds, wrong variants are rejected and named, and the
tree behind its figure splits the way the page says, with an information gain our own code reproduces."""

import math

import numpy as np
import pytest
import sympy as sp
from sitetools import figure_script

from derivations import get, verify
from derivations.catalogue import impurity as imp
from derivations.verify import values

ID = "impurity-maximum"


@pytest.fixture(scope="module")
def trees():
    return figure_script("plot_tree_splits")


@pytest.fixture(scope="module")
def curves():
    return figure_script("plot_impurity")


def test_the_derivation_verifies():
    derivation = get(ID)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps)


def test_the_peaks_are_one_bit_ln2_nats_and_one_half():
    conclusions = {part.key: part.conclusion for part in get(ID).parts}
    assert conclusions["entropy-stationary"] == sp.Eq(imp.p, sp.S.Half)
    assert conclusions["gini-stationary"] == sp.Eq(imp.p, sp.S.Half)
    assert conclusions["entropy-peak"].rhs == 1
    assert conclusions["entropy-peak-nats"].rhs == sp.log(2)
    assert conclusions["gini-peak"].rhs == sp.S.Half
    assert float(values(get(ID))[0]) == pytest.approx(math.log(2), rel=1e-12)


p = imp.p
WRONG = [
    # (step, wrong expression, what is wrong)
    ("entropy-log-ratio", imp.lg(p / (1 - p)), "the ratio upside down"),
    ("entropy-half", sp.Eq(p, sp.Rational(1, 3)), "wrong stationary point"),
    (
        "entropy-second-combined",
        1 / (p * (1 - p) * sp.log(2)),
        "wrong sign: the entropy is concave",
    ),
    ("entropy-one-bit", sp.log(2), "nats, not bits"),
    ("gini-slope-linear", 2 - 2 * p, "lost a factor 2"),
    ("gini-at-most-half", sp.Rational(1, 4), "a bound that is too low"),
]


@pytest.mark.parametrize(
    "key, wrong, what", WRONG, ids=[f"{w[0]}:{w[2]}" for w in WRONG]
)
def test_a_wrong_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(ID, key, wrong)


# --- our own impurities ------------------------------------------------------------------------------


def entropy(labels) -> float:
    """The entropy, in bits, of the class proportions of `labels`."""
    _, counts = np.unique(labels, return_counts=True)
    q = counts / counts.sum()
    return float(-(q * np.log2(q)).sum())


def gini(labels) -> float:
    _, counts = np.unique(labels, return_counts=True)
    q = counts / counts.sum()
    return float(1 - (q**2).sum())


def gain(labels, goes_left, impurity=entropy) -> float:
    """The impurity of the parent minus the size-weighted impurities of the two children."""
    left, right = labels[goes_left], labels[~goes_left]
    n = len(labels)
    return (
        impurity(labels)
        - len(left) / n * impurity(left)
        - len(right) / n * impurity(right)
    )


def test_the_figures_curves_are_the_derivations_functions(curves):
    grid = np.linspace(0.01, 0.99, 99)
    assert curves.entropy_bits(grid) == pytest.approx(
        -grid * np.log2(grid) - (1 - grid) * np.log2(1 - grid)
    )
    assert curves.gini(grid) == pytest.approx(2 * grid * (1 - grid))
    assert curves.entropy_bits(np.array([0.0, 1.0])) == pytest.approx([0.0, 0.0])
    assert float(curves.entropy_bits(0.5)) == pytest.approx(1.0)


def test_the_halved_entropy_stays_close_to_the_gini_impurity(curves):
    """The page: halved entropy and Gini never differ by more than 0.06 (the largest gap, near p = 0.1 and 0.9)."""
    grid = np.linspace(0, 1, 100_001)
    gap = np.abs(curves.entropy_bits(grid) / 2 - curves.gini(grid))
    assert gap.max() == pytest.approx(0.055, abs=0.005)
    assert gap.max() < 0.06


# --- the fitted tree ----------------------------------------------------------------------------------


def test_the_root_gain_from_our_code_equals_the_trees(trees):
    x, y, _ = trees.data()
    t = trees.fitted().tree_
    left, right = t.children_left[0], t.children_right[0]
    n = t.n_node_samples
    from_tree = (
        t.impurity[0]
        - n[left] / n[0] * t.impurity[left]
        - n[right] / n[0] * t.impurity[right]
    )
    ours = gain(y, x[:, t.feature[0]] <= t.threshold[0])
    assert ours == pytest.approx(from_tree, abs=1e-12)
    # Three balanced classes: log2(3) bits at the root; setosa split off pure, two balanced classes left.
    assert entropy(y) == pytest.approx(math.log2(3))
    assert ours == pytest.approx(math.log2(3) - 2 / 3, abs=1e-12)
    assert ours == pytest.approx(0.918, abs=5e-4)


def test_every_split_of_the_tree_has_the_gain_our_code_computes(trees):
    x, y, _ = trees.data()
    t = trees.fitted().tree_
    reach = {0: np.ones(len(y), dtype=bool)}
    for node in range(t.node_count):
        if t.children_left[node] == -1:
            continue
        here = reach[node]
        goes_left = x[:, t.feature[node]] <= t.threshold[node]
        reach[t.children_left[node]], reach[t.children_right[node]] = (
            here & goes_left,
            here & ~goes_left,
        )
        left, right = t.children_left[node], t.children_right[node]
        n = t.n_node_samples
        from_tree = (
            t.impurity[node]
            - (n[left] * t.impurity[left] + n[right] * t.impurity[right]) / n[node]
        )
        assert gain(y[here], goes_left[here]) == pytest.approx(from_tree, abs=1e-12)


def test_the_root_split_is_the_best_one(trees):
    """No threshold on either petal feature gains more than the root split."""
    x, y, _ = trees.data()
    t = trees.fitted().tree_
    best = max(
        gain(y, x[:, f] <= cut)
        for f in range(2)
        for cut in (np.unique(x[:, f])[:-1] + np.unique(x[:, f])[1:]) / 2
    )
    assert gain(y, x[:, t.feature[0]] <= t.threshold[0]) == pytest.approx(
        best, abs=1e-12
    )


def test_the_splits_and_accuracy_stated_on_the_page(trees):
    x, y, _ = trees.data()
    tree = trees.fitted()
    t = tree.tree_
    assert (t.feature[0], t.threshold[0]) == (
        1,
        pytest.approx(0.8),
    )  # petal width <= 0.8 cm
    right = t.children_right[0]
    assert (t.feature[right], t.threshold[right]) == (1, pytest.approx(1.75))
    third = sorted(
        t.threshold[n] for n in (t.children_left[right], t.children_right[right])
    )
    assert third == [pytest.approx(4.85), pytest.approx(4.95)]
    assert all(
        t.feature[n] == 0 for n in (t.children_left[right], t.children_right[right])
    )
    assert int((tree.predict(x) == y).sum()) == 146
    assert tree.get_depth() == 3


def test_the_root_separates_setosa_completely(trees):
    x, y, names = trees.data()
    t = trees.fitted().tree_
    left = t.children_left[0]
    assert t.impurity[left] == 0
    assert set(y[x[:, 1] <= 0.8]) == {names.index("setosa")}


def test_one_split_changes_no_prediction(trees):
    """The caption: on the upper right the last split leaves virginica on both sides."""
    tree = trees.fitted()
    t = tree.tree_
    upper = t.children_right[t.children_right[0]]
    sides = [
        int(np.argmax(t.value[n][0]))
        for n in (t.children_left[upper], t.children_right[upper])
    ]
    assert sides == [2, 2]
    assert t.impurity[upper] > 0


def test_gini_and_entropy_pick_the_same_root_split(trees):
    x, y, _ = trees.data()
    from sklearn.tree import DecisionTreeClassifier

    by_gini = DecisionTreeClassifier(max_depth=3, random_state=0).fit(x, y).tree_
    t = trees.fitted().tree_
    assert gain(y, x[:, by_gini.feature[0]] <= by_gini.threshold[0]) == pytest.approx(
        gain(y, x[:, t.feature[0]] <= t.threshold[0])
    )


def test_the_leaves_tile_the_plane(trees):
    boxes = trees.leaves(trees.fitted())
    area = sum((xs[1] - xs[0]) * (ys[1] - ys[0]) for (xs, ys), _ in boxes)
    (x0, x1), (y0, y1) = trees.LIMITS
    assert area == pytest.approx((x1 - x0) * (y1 - y0))
    assert len(boxes) == trees.fitted().get_n_leaves()
