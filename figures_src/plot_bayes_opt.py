"""Bayesian optimisation of a one-dimensional function: a Gaussian process models the evaluations so far, and expected improvement picks the next one.

Three columns show the loop after 4, 8 and 11 evaluations of the test function
f(x) = (6x − 2)² sin(12x − 4) on [0, 1], whose lowest value, about −6.02, lies at x ≈ 0.757; it also
has a shallower local minimum near x = 0.14. The loop starts from three evaluations at x = 0.1, 0.5
and 0.9 and uses an RBF kernel with a fixed length scale of 0.1. Top row: the true function (grey), the
evaluations so far (dots), the Gaussian process's posterior mean (solid) and a band of two posterior
standard deviations around it, narrow near evaluations and wide between them. Bottom row: the
expected improvement over the lowest value found so far; a dashed line marks where it is largest,
which is where the next evaluation goes. After 4 evaluations it points into a wide unexplored gap;
after 8 the loop has checked the local minimum and moved to the right-hand valley; after 11 the
expected improvement is a narrow spike, and the 12th evaluation lands within 0.002 of the minimiser.
"""

from functools import lru_cache

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure
from scipy.special import ndtr

LENGTH_SCALE = 0.1  # of the RBF kernel, fixed
JITTER = 1e-8  # added to the kernel's diagonal: the evaluations are exact
START = (0.1, 0.5, 0.9)
CANDIDATES = np.linspace(0, 1, 1001)  # expected improvement is maximised over this grid
BUDGET = 12
SHOWN = (4, 8, 11)  # the number of evaluations shown in each column


def objective(x):
    """A standard one-dimensional test function, with a global and a local minimum on [0, 1]."""
    x = np.asarray(x, dtype=float)
    return (6 * x - 2) ** 2 * np.sin(12 * x - 4)


def kernel(a, b, length_scale: float = LENGTH_SCALE):
    """The RBF (squared exponential) kernel exp(-(a - b)^2 / (2 l^2)) between every a and every b."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.exp(-((a[:, None] - b[None, :]) ** 2) / (2 * length_scale**2))


def posterior(x_seen, y_seen, x_new):
    """Mean and standard deviation of the GP posterior at x_new, given exact evaluations y_seen at x_seen.

    The evaluations are standardised (mean 0, standard deviation 1) before fitting, and the posterior is
    mapped back to the original scale. Solved with a Cholesky factor, never an explicit inverse.
    """
    x_seen, y_seen = np.asarray(x_seen, dtype=float), np.asarray(y_seen, dtype=float)
    shift, scale = y_seen.mean(), y_seen.std()
    scale = scale if scale > 0 else 1.0
    targets = (y_seen - shift) / scale
    factor = np.linalg.cholesky(kernel(x_seen, x_seen) + JITTER * np.eye(len(x_seen)))
    alpha = np.linalg.solve(factor.T, np.linalg.solve(factor, targets))
    cross = kernel(x_seen, x_new)
    mean = cross.T @ alpha
    v = np.linalg.solve(factor, cross)
    variance = np.clip(1.0 - np.sum(v**2, axis=0), 0.0, None)
    return shift + scale * mean, scale * np.sqrt(variance)


def expected_improvement(mean, std, best):
    """E[max(best - f, 0)] for f ~ N(mean, std^2): (best - mean) Phi(z) + std phi(z), z = (best - mean)/std."""
    mean, std = np.asarray(mean, dtype=float), np.asarray(std, dtype=float)
    gap = best - mean
    safe = np.where(std > 0, std, 1.0)
    z = gap / safe
    value = gap * ndtr(z) + safe * np.exp(-(z**2) / 2) / np.sqrt(2 * np.pi)
    return np.where(std > 0, value, np.maximum(gap, 0.0))


@lru_cache(maxsize=1)
def _run(budget: int) -> tuple[np.ndarray, np.ndarray]:
    xs = list(START)
    while len(xs) < budget:
        mean, std = posterior(xs, objective(xs), CANDIDATES)
        ei = expected_improvement(mean, std, objective(xs).min())
        xs.append(float(CANDIDATES[int(np.argmax(ei))]))
    xs = np.array(xs)
    return xs, objective(xs)


def run(budget: int = BUDGET) -> tuple[np.ndarray, np.ndarray]:
    """The points evaluated by the loop, in order, and their values: three starting points, then the
    maximiser of expected improvement each time, until `budget` evaluations."""
    xs, ys = _run(budget)
    return xs.copy(), ys.copy()


def figure() -> Figure:
    fig = Figure(figsize=(6.4, 3.9))
    axes = fig.subplots(2, len(SHOWN), sharex=True, height_ratios=(2, 1))
    colours = rcParams["axes.prop_cycle"].by_key()["color"]
    muted = rcParams["axes.edgecolor"]
    xs, ys = run()
    grid = np.linspace(0, 1, 101)
    for col, n in enumerate(SHOWN):
        top, bottom = axes[0, col], axes[1, col]
        mean, std = posterior(xs[:n], ys[:n], grid)
        ei = expected_improvement(*posterior(xs[:n], ys[:n], CANDIDATES), ys[:n].min())
        chosen = CANDIDATES[int(np.argmax(ei))]
        top.plot(grid, objective(grid), color=muted, linewidth=1.0, linestyle="-")
        top.fill_between(
            grid,
            mean - 2 * std,
            mean + 2 * std,
            color=colours[0],
            alpha=0.2,
            linewidth=0,
        )
        top.plot(grid, mean, color=colours[0], linewidth=1.4, linestyle="-")
        top.plot(xs[:n], ys[:n], "o", color=colours[1], markersize=4)
        top.set(ylim=(-10, 18), title=f"{n} evaluations")
        bottom.plot(
            CANDIDATES[::10], ei[::10], color=colours[2], linewidth=1.2, linestyle="-"
        )
        bottom.axvline(chosen, color=colours[1], linewidth=1.0, linestyle="--")
        top.axvline(chosen, color=colours[1], linewidth=1.0, linestyle="--")
        bottom.set(xlim=(0, 1), ylim=(0, None), xlabel="$x$", yticks=[])
        if col == 0:
            top.set_ylabel("$f(x)$")
            bottom.set_ylabel("EI")
    return fig
