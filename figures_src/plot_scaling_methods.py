"""One real feature before and after min-max scaling and standardization: two extreme values squeeze the min-max scaled data into a narrow band near 0.

The feature is "area error" of scikit-learn's breast cancer data (the standard error of the nucleus area,
569 tumours). Three histograms with 60 bins each, one above the other, each with its own horizontal axis.

Top: the raw values, from 6.8 to 542.2, with a long right tail; two values, 525.6 and 542.2, lie far above
all others (the next largest is 233.0). Middle: min-max scaled to [0, 1] (filled bars). The two extreme
values sit near 1, and the median of the others is 0.03: nine tenths of the tumours fall below 0.16, so
almost all of the interval is empty. An outline shows the same scaling fitted without the two extreme
values; the bulk then spreads to 1. Triangles mark the two extreme values in every panel. Bottom: standardized (z-scores). The shape is unchanged, the mean is
0 and the standard deviation 1, and the two extreme values sit near 10 and 11 standard deviations above
the mean.

Both rescalings are affine, so neither changes the shape of the distribution; they differ in what sets
the scale. For min-max it is the two most extreme values alone, so a single outlier decides where every
other value lands.
"""

from functools import lru_cache

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure
from sklearn.datasets import load_breast_cancer

FEATURE = "area error"
BINS = 60


@lru_cache(maxsize=1)
def values() -> np.ndarray:
    cancer = load_breast_cancer()
    return cancer.data[:, list(cancer.feature_names).index(FEATURE)]


def min_max(x: np.ndarray, fitted_on: np.ndarray | None = None) -> np.ndarray:
    """(x - m) / (M - m), with the minimum m and the maximum M of `fitted_on` (default: x itself)."""
    fit = x if fitted_on is None else fitted_on
    return (x - fit.min()) / (fit.max() - fit.min())


def z_score(x: np.ndarray, fitted_on: np.ndarray | None = None) -> np.ndarray:
    """(x - mean) / std, with the mean and the standard deviation (dividing by n) of `fitted_on`."""
    fit = x if fitted_on is None else fitted_on
    return (x - fit.mean()) / fit.std()


def without_extremes(x: np.ndarray, count: int = 2) -> np.ndarray:
    """x without its `count` largest values."""
    return np.sort(x)[:-count]


def figure() -> Figure:
    x = values()
    colors = rcParams["axes.prop_cycle"].by_key()["color"]
    fig = Figure(figsize=(6.0, 5.0))
    raw, scaled, standard = fig.subplots(3, 1)
    raw.hist(x, bins=BINS, histtype="stepfilled", color=colors[4])
    raw.set(xlabel="raw value of area error", ylabel="tumours")
    scaled.hist(
        min_max(x),
        bins=np.linspace(0, 1, BINS + 1),
        histtype="stepfilled",
        color=colors[0],
        label="fitted on all 569 values",
    )
    rest = without_extremes(x)
    scaled.hist(
        min_max(rest),
        bins=np.linspace(0, 1, BINS + 1),
        histtype="step",
        color=colors[1],
        linewidth=1.4,
        label="fitted without the 2 extreme values",
    )
    scaled.set(xlim=(-0.02, 1.02), xlabel="min-max scaled value", ylabel="tumours")
    scaled.legend(loc="upper right")
    standard.hist(z_score(x), bins=BINS, histtype="stepfilled", color=colors[2])
    standard.axvline(0, color=rcParams["text.color"], linewidth=0.8)
    standard.annotate(
        "mean 0, standard deviation 1",
        xy=(0, 1),
        xycoords=("data", "axes fraction"),
        xytext=(6, -4),
        textcoords="offset points",
        ha="left",
        va="top",
    )
    standard.set(xlabel="standardized value (z-score)", ylabel="tumours")
    # Mark the two extreme values in every panel: a single tumour is one bar too low to see.
    extremes = np.sort(x)[-2:]
    for ax, shown in (
        (raw, extremes),
        (scaled, min_max(extremes, fitted_on=x)),
        (standard, z_score(extremes, fitted_on=x)),
    ):
        ax.plot(
            shown,
            [25, 25],
            "v",
            color=rcParams["text.color"],
            markersize=5,
            linestyle="none",
        )
    raw.annotate(
        "the 2 extreme values",
        xy=(extremes[0], 25),
        xytext=(-8, 10),
        textcoords="offset points",
        ha="right",
        va="bottom",
    )
    return fig
