"""ROC curves of two logistic regressions on scikit-learn's breast cancer data, and why the precision-recall curve is the better picture once negatives are many.

Both panels use the test half of the breast cancer data set (285 tumours, 106 malignant; the positive
class is "malignant"), scored by logistic regressions trained on the other half: one on all thirty
measurements, one on only two (mean texture and mean smoothness).

Left panel: the ROC curves, true positive rate against false positive rate. The full model's curve
runs close to the top left corner (AUC 0.99); the two-measurement model's curve bends less (AUC 0.79).
The diagonal is a scorer that ranks at random (AUC 0.5).

Right panel: the precision-recall curve of the two-measurement model when every benign tumour is
counted once, 10 times and 100 times, so that malignant tumours make up 37 %, 5.6 % and 0.6 % of
the cases. Copying negatives changes neither the true nor the false positive rate, so the ROC curve
and the AUC of the left panel stay exactly as they are; precision, however, collapses: at a recall
of 0.5 it is about 0.66, 0.16 and 0.02. The point: the ROC curve and its AUC do not see the class
ratio, while precision shows what a rare positive class costs.
"""

from functools import lru_cache

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure

SEED = 0
TWO_FEATURES = ("mean texture", "mean smoothness")
COPIES = (1, 10, 100)


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
    """Test-set probabilities of malignancy from two logistic regressions: on all 30 features and on two."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X_train, X_test, y_train, _, columns = split()
    out = {}
    for name, cols in (
        ("all 30 measurements", slice(None)),
        ("2 measurements", columns),
    ):
        model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
        model.fit(X_train[:, cols], y_train)
        out[name] = model.predict_proba(X_test[:, cols])[:, 1]
    return out


def counts_above(y: np.ndarray, score: np.ndarray, negative_weight: float = 1.0):
    """True and false positives at every distinct score used as threshold (score >= threshold), highest
    threshold first, starting from (0, 0). Each negative counts `negative_weight` times."""
    order = np.argsort(-score, kind="mergesort")
    score, y = score[order], y[order]
    last_of_tie = np.r_[np.flatnonzero(np.diff(score)), y.size - 1]
    tp = np.r_[0, np.cumsum(y)[last_of_tie]].astype(float)
    fp = np.r_[0, np.cumsum(1 - y)[last_of_tie]] * negative_weight
    return tp, fp


def roc(y: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """False and true positive rates at every threshold, from (0, 0) to (1, 1)."""
    tp, fp = counts_above(y, score)
    return fp / fp[-1], tp / tp[-1]


def auc_trapezoid(y: np.ndarray, score: np.ndarray) -> float:
    """The area under the ROC curve by the trapezoidal rule (a tie between classes is a sloped segment)."""
    fpr, tpr = roc(y, score)
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))


def precision_recall(y: np.ndarray, score: np.ndarray, negative_weight: float = 1.0):
    """Precision and recall at every threshold, with each negative counted `negative_weight` times."""
    tp, fp = counts_above(y, score, negative_weight)
    tp, fp = tp[1:], fp[1:]  # no precision before anything is flagged
    return tp / (tp + fp), tp / tp[-1]


def figure() -> Figure:
    y = split()[3]
    fig = Figure(figsize=(6.4, 3.2))
    left, right = fig.subplots(1, 2)
    for name, values in scores().items():
        fpr, tpr = roc(y, values)
        left.plot(
            fpr,
            tpr,
            label=f"{name.split()[-2]} features, {auc_trapezoid(y, values):.2f}",
        )
    left.plot(
        [0, 1],
        [0, 1],
        color=rcParams["axes.edgecolor"],
        linewidth=0.8,
        linestyle=":",
        label="random, 0.5",
    )
    left.set(
        xlim=(0, 1),
        ylim=(0, 1.02),
        xlabel="false positive rate",
        ylabel="true positive rate (recall)",
        title="ROC curves",
    )
    left.legend(loc="lower right", title="model, AUC")

    score = scores()["2 measurements"]
    for copies, height in zip(COPIES, (0.7, 0.2, 0.08)):
        precision, recall = precision_recall(y, score, copies)
        share = y.sum() / (y.sum() + copies * (y.size - y.sum()))
        (line,) = right.plot(recall, precision, drawstyle="steps-post")
        right.text(
            0.6, height, f"\u00d7{copies}: {100 * share:.2g} %", color=line.get_color()
        )
    right.set(
        xlim=(0, 1),
        ylim=(0, 1.02),
        xlabel="recall",
        ylabel="precision",
        title="Precision-recall, benign copied",
    )
    return fig
