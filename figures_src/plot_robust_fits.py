"""A straight line fitted under the L2, L1 and Huber losses to data with five outliers: least squares is dragged toward them, the other two stay near the true line.

Forty points follow the line y = 1 + 0.5 x for x between 0 and 10, with normal noise of standard
deviation 0.4 (fixed seed); the five points with the largest x are then moved 6 units down, as a faulty
sensor might. Four lines are drawn over the points: the true line, and the fits that minimise the sum
of squared residuals (L2), of absolute residuals (L1), and of Huber losses with δ = 0.5, about the noise
level. The least-squares line is tilted toward the outliers, its slope about 0.11 instead of 0.5; the L1
and Huber fits have slopes of about 0.45 and 0.44. A squared loss lets each residual pull in proportion to its size;
L1 and Huber cap the pull.
"""

from functools import lru_cache

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure

SEED = 1964
N, OUTLIERS, SHIFT = 40, 5, -6.0
INTERCEPT, SLOPE, NOISE = 1.0, 0.5, 0.4
DELTA = 0.5


@lru_cache(maxsize=1)
def data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(SEED)
    x = np.sort(rng.uniform(0, 10, N))
    y = INTERCEPT + SLOPE * x + rng.normal(0, NOISE, N)
    y[-OUTLIERS:] += SHIFT
    return x, y


def design(x):
    return np.column_stack([np.ones_like(x), x])


def huber(r, delta=DELTA):
    a = np.abs(r)
    return np.where(a <= delta, r**2 / 2, delta * (a - delta / 2))


def fit_l2(x, y) -> np.ndarray:
    """Least squares: (intercept, slope)."""
    return np.linalg.lstsq(design(x), y, rcond=None)[0]


def _irls(x, y, weights_of, iterations=200) -> np.ndarray:
    """Iteratively reweighted least squares from the least-squares fit."""
    a = design(x)
    beta = fit_l2(x, y)
    for _ in range(iterations):
        w = weights_of(y - a @ beta)
        beta = np.linalg.solve(a.T @ (w[:, None] * a), a.T @ (w * y))
    return beta


def fit_l1(x, y) -> np.ndarray:
    """Least absolute deviations by IRLS, weights 1/|r| (floored to avoid division by zero)."""
    return _irls(x, y, lambda r: 1 / np.maximum(np.abs(r), 1e-8), iterations=500)


def fit_huber(x, y, delta=DELTA) -> np.ndarray:
    """Huber regression by IRLS: weight 1 inside the threshold, delta/|r| beyond it (the clipped
    residual divided by the residual)."""
    return _irls(x, y, lambda r: np.minimum(1, delta / np.maximum(np.abs(r), 1e-12)))


@lru_cache(maxsize=1)
def fits() -> dict:
    x, y = data()
    return {
        "L2 (least squares)": fit_l2(x, y),
        "L1": fit_l1(x, y),
        f"Huber, δ = {DELTA:g}": fit_huber(x, y),
    }


def figure() -> Figure:
    fig = Figure(figsize=(6.4, 3.4))
    ax = fig.subplots()
    x, y = data()
    ax.plot(
        x[:-OUTLIERS],
        y[:-OUTLIERS],
        "o",
        color=rcParams["axes.edgecolor"],
        linestyle="none",
        markersize=3.5,
        label="data",
    )
    ax.plot(
        x[-OUTLIERS:],
        y[-OUTLIERS:],
        "x",
        color=rcParams["text.color"],
        linestyle="none",
        markersize=5,
        label="outliers",
    )
    grid = np.array([0.0, 10.0])
    ax.plot(
        grid,
        INTERCEPT + SLOPE * grid,
        color=rcParams["grid.color"],
        linestyle="-",
        linewidth=4,
        label="true line",
    )
    for name, (intercept, slope) in fits().items():
        ax.plot(grid, intercept + slope * grid, label=f"{name}: slope {slope:.2f}")
    ax.set(
        xlim=(0, 10),
        xlabel="$x$",
        ylabel="$y$",
        title="Fitting a line with five outliers",
    )
    ax.legend(loc="upper left", fontsize=8)
    return fig
