"""Left: how 5-fold cross-validation and a time-series split divide the examples. Right: the share of malignant tumours in 1000 validation sets of 114 examples drawn from the breast-cancer data, at random and stratified.

Left panel, two diagrams of horizontal bars. The upper five bars are the five splits of 5-fold
cross-validation: the examples, in a fixed shuffled order, are cut into five equal blocks, and split
j validates on block j (dark) and trains on the other four (light), so every block is validated once
and trained on four times. The lower four bars are an expanding-window time-series split of the same
examples in time order: each split trains on everything before a cut and validates on the next block,
never on anything earlier than its training data.

Right panel: a histogram of the malignant share in 1000 validation sets of 114 of the 569 examples of
scikit-learn's breast-cancer data set (212 malignant, a share of 37.3 per cent), each drawn at random
without replacement (scikit-learn's ShuffleSplit with a fixed seed). The shares spread from 20 to 49
per cent, with a standard deviation of about 4 percentage points; about one set in five is more than 5
points away from 37.3 per cent. The histogram follows the hypergeometric distribution, drawn as a line. The 1000 stratified validation sets of the same size
(StratifiedShuffleSplit) all contain 42 malignant examples, a share of 36.8 per cent, marked by the
narrow tall bar. The point: a random split can give a validation set whose class balance is several
points off the data set's; stratification removes that variation.
"""

from functools import lru_cache

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from scipy import stats
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import ShuffleSplit, StratifiedShuffleSplit

FOLDS = 5
TIME_SPLITS = 4
VALIDATION_SIZE = 114  # a fifth of the 569 examples, rounded up
REPEATS = 1000
SEED = 1974


def malignant() -> np.ndarray:
    """1 for a malignant tumour, 0 for a benign one (scikit-learn codes malignant as 0)."""
    return (load_breast_cancer().target == 0).astype(int)


@lru_cache(maxsize=1)
def validation_shares() -> dict[str, np.ndarray]:
    """The malignant share of the validation set in REPEATS random and REPEATS stratified splits."""
    y = malignant()
    x = np.zeros((len(y), 1))
    splitters = {
        "random": ShuffleSplit(
            n_splits=REPEATS, test_size=VALIDATION_SIZE, random_state=SEED
        ),
        "stratified": StratifiedShuffleSplit(
            n_splits=REPEATS, test_size=VALIDATION_SIZE, random_state=SEED
        ),
    }
    return {
        name: np.array([y[test].mean() for _, test in s.split(x, y)])
        for name, s in splitters.items()
    }


def kfold_blocks(folds: int = FOLDS) -> list[tuple[int, int]]:
    """For each split of k-fold cross-validation, the (start, end) of its validation block, in units
    of one example out of 1 (the whole data set is [0, 1))."""
    return [(j / folds, (j + 1) / folds) for j in range(folds)]


def time_blocks(splits: int = TIME_SPLITS) -> list[tuple[float, float, float]]:
    """For each split of an expanding-window time-series split: (end of training, start and end of
    validation), with the data in time order on [0, 1) cut into splits + 1 equal blocks."""
    width = 1 / (splits + 1)
    return [((j + 1) * width, (j + 1) * width, (j + 2) * width) for j in range(splits)]


def figure() -> Figure:
    fig = Figure(figsize=(7.2, 3.4))
    diagram, histogram = fig.subplots(1, 2, width_ratios=(1, 1.15))
    train_colour, valid_colour = rcParams["axes.prop_cycle"].by_key()["color"][:2]
    text = rcParams["text.color"]

    def bar(row, start, end, colour, alpha):
        diagram.add_patch(
            Rectangle(
                (start, row - 0.35),
                end - start,
                0.7,
                facecolor=colour,
                alpha=alpha,
                edgecolor=rcParams["axes.facecolor"],
                linewidth=1,
            )
        )

    rows, labels = [], []
    for j, (start, end) in enumerate(kfold_blocks()):
        row = -j
        bar(row, 0, 1, train_colour, 0.45)
        bar(row, start, end, valid_colour, 1.0)
        rows.append(row)
        labels.append(f"fold {j + 1}")
    for j, (train_end, start, end) in enumerate(time_blocks()):
        row = -(FOLDS + 1.2 + j)
        bar(row, 0, train_end, train_colour, 0.45)
        bar(row, start, end, valid_colour, 1.0)
        rows.append(row)
        labels.append(f"split {j + 1}")
    diagram.text(0, 0.75, "5-fold cross-validation", va="bottom")
    diagram.text(0, -FOLDS - 0.45, "time-series split (time →)", va="bottom")
    diagram.set(
        xlim=(0, 1),
        ylim=(-(FOLDS + 1.2 + TIME_SPLITS), 1.6),
        yticks=rows,
        yticklabels=labels,
        xticks=[],
    )
    diagram.grid(False)
    diagram.spines["left"].set_visible(False)
    diagram.tick_params(axis="y", length=0)
    diagram.legend(
        handles=[
            Rectangle((0, 0), 1, 1, facecolor=train_colour, alpha=0.45),
            Rectangle((0, 0), 1, 1, facecolor=valid_colour),
        ],
        labels=["train", "validate"],
        loc="upper center",
        ncols=2,
        bbox_to_anchor=(0.5, 0.0),
    )

    shares = validation_shares()
    y = malignant()
    counts = np.arange(VALIDATION_SIZE + 1)
    edges = (
        counts - 0.5
    ) / VALIDATION_SIZE  # one bin per possible count of malignant examples
    histogram.hist(
        shares["random"],
        bins=edges,
        color=train_colour,
        alpha=0.8,
        label="random",
        histtype="stepfilled",
        linewidth=0,
    )
    histogram.hist(
        shares["stratified"],
        bins=edges,
        color=valid_colour,
        label="stratified",
        histtype="stepfilled",
        linewidth=0,
    )
    pmf = stats.hypergeom(len(y), int(y.sum()), VALIDATION_SIZE).pmf(counts)
    histogram.plot(
        counts / VALIDATION_SIZE,
        REPEATS * pmf,
        color=text,
        linewidth=1.0,
        linestyle="-",
        label="hypergeometric",
    )
    histogram.axvline(
        y.mean(), color=rcParams["axes.edgecolor"], linewidth=0.8, linestyle=":"
    )
    histogram.set(
        xlim=(0.2, 0.55),
        ylim=(0, 120),
        xlabel="malignant share of the validation set",
        ylabel="validation sets (of 1000)",
        title="Class share, random vs stratified",
    )
    histogram.annotate(
        f"stratified:\nall {REPEATS} here",
        xy=(shares["stratified"][0] - 0.004, 110),
        xytext=(0.215, 96),
        arrowprops={"arrowstyle": "->", "color": text, "linewidth": 0.8},
        ha="left",
    )
    histogram.legend(loc="upper right")
    return fig
