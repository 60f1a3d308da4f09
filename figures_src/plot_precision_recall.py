"""Moving the threshold trades precision for recall: a logistic regression that flags malignant tumours in scikit-learn's breast cancer data.

Two panels for the test half of the breast cancer data set (285 tumours, 106 of them malignant; the
positive class is "malignant"). The model is a logistic regression on two of the thirty measurements,
mean texture and mean smoothness, trained on the other half; with so little information its scores
overlap, and the trade-off is easy to see.

Left panel: precision, recall and F1 against the decision threshold, from 0 to 1. Recall starts at 1
and falls as the threshold rises, because fewer tumours are flagged; precision mostly rises, with some
jitter where few tumours are flagged. F1 peaks at a threshold of about 0.3, below the default of 0.5,
which is marked by a vertical line.

Right panel: the precision-recall curves of this model and of a logistic regression on all thirty
measurements. The full model's curve stays close to the top right corner (average precision 0.99);
the two-measurement model's curve falls steadily from left to right (average precision 0.66). On that
curve the default threshold 0.5 (a circle) gives precision 0.65 at recall 0.57, and the threshold with
the largest F1 (a square) gives precision 0.58 at recall 0.80. A dashed horizontal line at 0.37, the
share of malignant tumours, is what flagging tumours at random would give. The point: one model gives
a whole curve of precision-recall pairs, and the threshold picks one of them.
"""

from functools import lru_cache

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure

SEED = 0
TWO_FEATURES = ("mean texture", "mean smoothness")
DEFAULT_THRESHOLD = 0.5


@lru_cache(maxsize=1)
def split():
    """The breast cancer data, labels 1 = malignant, split in halves stratified by label (fixed seed)."""
    from sklearn.datasets import load_breast_cancer
    from sklearn.model_selection import train_test_split

    data = load_breast_cancer()
    X, y = (
        data.data,
        1 - data.target,
    )  # scikit-learn codes benign as 1; here malignant is the positive class
    columns = [list(data.feature_names).index(name) for name in TWO_FEATURES]
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.5, random_state=SEED, stratify=y
    )
    return X_train, X_test, y_train, y_test, columns


@lru_cache(maxsize=1)
def scores() -> dict:
    """Test-set probabilities of malignancy from two logistic regressions: on two features and on all 30."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X_train, X_test, y_train, _, columns = split()
    out = {}
    for name, cols in (
        ("2 measurements", columns),
        ("all 30 measurements", slice(None)),
    ):
        model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
        model.fit(X_train[:, cols], y_train)
        out[name] = model.predict_proba(X_test[:, cols])[:, 1]
    return out


def confusion(
    y: np.ndarray, score: np.ndarray, threshold: float
) -> tuple[int, int, int, int]:
    """(TP, FP, FN, TN) when every example with score >= threshold is called positive."""
    called = score >= threshold
    positive = y == 1
    return (
        int(np.sum(called & positive)),
        int(np.sum(called & ~positive)),
        int(np.sum(~called & positive)),
        int(np.sum(~called & ~positive)),
    )


def pr_curve(
    y: np.ndarray, score: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision, recall and thresholds at every distinct score, thresholds increasing.

    Sort by score, count true and false positives above each distinct score with cumulative sums,
    and append the point (recall 0, precision 1) as scikit-learn does.
    """
    order = np.argsort(-score, kind="mergesort")
    score, y = score[order], y[order]
    last_of_tie = np.r_[
        np.flatnonzero(np.diff(score)), y.size - 1
    ]  # the last index of each run of equal scores
    tp = np.cumsum(y)[last_of_tie]
    fp = (last_of_tie + 1) - tp
    precision = tp / (tp + fp)
    recall = tp / tp[-1]
    return (
        np.r_[precision[::-1], 1.0],
        np.r_[recall[::-1], 0.0],
        score[last_of_tie][::-1],
    )


def f1(precision, recall):
    precision, recall = np.asarray(precision, float), np.asarray(recall, float)
    total = precision + recall
    return np.divide(
        2 * precision * recall, total, out=np.zeros_like(total), where=total > 0
    )


def best_f1(y: np.ndarray, score: np.ndarray) -> tuple[float, float, float, float]:
    """(threshold, precision, recall, F1) at the threshold with the largest F1."""
    precision, recall, thresholds = pr_curve(y, score)
    values = f1(precision[:-1], recall[:-1])
    k = int(np.argmax(values))
    return float(thresholds[k]), float(precision[k]), float(recall[k]), float(values[k])


def figure() -> Figure:
    y = split()[3]
    fig = Figure(figsize=(6.4, 3.2))
    left, right = fig.subplots(1, 2)
    score = scores()["2 measurements"]

    t = np.linspace(0, 1, 201)
    counts = np.array([confusion(y, score, threshold) for threshold in t], dtype=float)
    tp, fp, fn = counts[:, 0], counts[:, 1], counts[:, 2]
    precision = np.divide(tp, tp + fp, out=np.full_like(tp, np.nan), where=tp + fp > 0)
    recall = tp / (tp + fn)
    left.plot(t, precision, label="precision")
    left.plot(t, recall, label="recall")
    left.plot(t, f1(np.nan_to_num(precision), recall), label="F1")
    left.axvline(
        DEFAULT_THRESHOLD,
        color=rcParams["axes.edgecolor"],
        linewidth=0.8,
        linestyle=":",
    )
    left.set(
        xlim=(0, 1),
        ylim=(0, 1.02),
        xlabel="threshold",
        ylabel="value",
        title="Two measurements: the threshold",
    )
    left.legend(loc="lower left")

    for name, values in scores().items():
        p, r, _ = pr_curve(y, values)
        (line,) = right.plot(r, p, label=name, drawstyle="steps-post")
        if name == "2 measurements":
            tp_, fp_, fn_, _ = confusion(y, values, DEFAULT_THRESHOLD)
            right.plot(
                tp_ / (tp_ + fn_),
                tp_ / (tp_ + fp_),
                "o",
                markersize=8,
                zorder=3,
                color=line.get_color(),
                markerfacecolor=rcParams["axes.facecolor"],
                label="threshold 0.5",
            )
            _, p_best, r_best, _ = best_f1(y, values)
            right.plot(
                r_best,
                p_best,
                "s",
                markersize=7,
                zorder=3,
                color=line.get_color(),
                label="largest F1",
            )
    right.axhline(
        y.mean(), color=rcParams["axes.edgecolor"], linewidth=0.8, linestyle="--"
    )
    right.text(0.98, y.mean() - 0.03, "chance", ha="right", va="top")
    right.set(
        xlim=(0, 1.02),
        ylim=(0, 1.02),
        xlabel="recall",
        ylabel="precision",
        title="Precision-recall curves",
    )
    right.legend(loc="lower left")
    return fig
