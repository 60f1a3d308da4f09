"""Gradient descent on least squares with two features of very different scales: on the raw features it needs hundreds of steps, on standardized features fewer than twenty.

Two panels of loss contours in weight space, drawn with equal scales on both axes, each with the path of
gradient descent from zero weights to the least-squares solution (marked with a cross). The data are
synthetic and seeded: 200 examples of two centred features, one with a standard deviation about ten times
the other's and a correlation of about 0.4, and a target that depends on both. Each run uses the best
constant learning rate for its loss, 2/(λ_min + λ_max), and counts as converged at the first step where
the fitted values are within a relative distance of one millionth of the least-squares fit. On the left,
with the raw features, the contours are long, thin ellipses; the path zig-zags across the narrow valley
and crawls along it, and the title gives the number of steps it needed, in the hundreds. On the right,
after each feature is divided by its standard deviation, the contours are much rounder ellipses that are
tilted only because the features are correlated, and the path reaches the solution in fewer than twenty
steps, the number given in the title. Both counts match the prediction from the condition number of each
Hessian.
"""

from dataclasses import dataclass

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure

SEED = 20240607
N = 200
SCALES = (10.0, 1.0)  # the standard deviations the two features are drawn with
CORRELATION = 0.4  # the correlation they are drawn with
WEIGHTS = (0.3, 2.0)  # the weights the target is drawn with
TOLERANCE = 1e-6
MAX_STEPS = 100_000


@dataclass(frozen=True)
class Run:
    """One run of gradient descent: its weights at every step, the solution, and the steps it needed."""

    path: np.ndarray  # (steps + 1, 2): w_0 = 0, ..., w_steps
    solution: np.ndarray
    hessian: np.ndarray
    learning_rate: float
    steps: int


def make_data(seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """Seeded synthetic data: two centred features of very different scales, and a centred target."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((N, 2))
    x = np.column_stack([z[:, 0], CORRELATION * z[:, 0] + np.sqrt(1 - CORRELATION**2) * z[:, 1]]) * SCALES
    y = x @ np.array(WEIGHTS) + rng.standard_normal(N)
    return x - x.mean(axis=0), y - y.mean()


def standardize(x: np.ndarray) -> np.ndarray:
    """Each (centred) feature divided by its standard deviation."""
    return x / x.std(axis=0)


def gradient_descent(x: np.ndarray, y: np.ndarray, tolerance: float = TOLERANCE) -> Run:
    """Gradient descent on J(w) = |Xw - y|^2 / 2n from w = 0, at the best constant learning rate.

    The best constant learning rate for a quadratic with Hessian H is 2/(lambda_min + lambda_max).
    The run stops at the first step k where |X(w_k - w*)| <= tolerance |X w*|, w* being the
    least-squares solution: the fitted values are then within that relative distance of the best fit.
    """
    n = len(y)
    hessian = x.T @ x / n
    solution = np.linalg.solve(hessian, x.T @ y / n)
    low, high = np.linalg.eigvalsh(hessian)
    rate = 2 / (low + high)
    target = tolerance * np.linalg.norm(x @ solution)
    path = [np.zeros(2)]
    while np.linalg.norm(x @ (path[-1] - solution)) > target:
        if len(path) > MAX_STEPS:
            raise RuntimeError("gradient descent did not converge")
        w = path[-1]
        path.append(w - rate * x.T @ (x @ w - y) / n)
    return Run(np.array(path), solution, hessian, rate, len(path) - 1)


def runs() -> tuple[Run, Run]:
    """The run on the raw features and the run on the standardized ones."""
    x, y = make_data()
    return gradient_descent(x, y), gradient_descent(standardize(x), y)


def _panel(ax, run: Run, title: str, markers: bool) -> None:
    w_star = run.solution
    span = np.abs(w_star).max() * 1.25
    grid = np.linspace(-span, span, 401)
    g1, g2 = np.meshgrid(grid + w_star[0], grid + w_star[1])
    e = np.stack([g1 - w_star[0], g2 - w_star[1]], axis=-1)
    excess = 0.5 * np.einsum("...i,ij,...j->...", e, run.hessian, e)  # J(w) - J(w*)
    start = 0.5 * w_star @ run.hessian @ w_star
    ax.contour(g1, g2, excess, levels=start * np.array([0.01, 0.05, 0.2, 0.5, 1, 2]),
               colors=rcParams["axes.edgecolor"], linewidths=0.6, linestyles="-")
    ax.plot(run.path[:, 0], run.path[:, 1], linewidth=0.8 if not markers else 1.2,
            marker="o" if markers else None, markersize=3)
    ax.plot(*w_star, marker="x", color=rcParams["text.color"], markersize=8, linestyle="none")
    ax.plot(0, 0, marker="o", color=rcParams["text.color"], markersize=4, linestyle="none")
    ax.set(aspect="equal", title=title)
    ax.grid(False)


def figure() -> Figure:
    raw, std = runs()
    fig = Figure(figsize=(6.4, 3.8))
    left, right = fig.subplots(1, 2)
    _panel(left, raw, f"raw features: {raw.steps} steps", markers=False)
    left.set(xlabel="$w_1$ (feature on the large scale)", ylabel="$w_2$")
    _panel(right, std, f"standardized: {std.steps} steps", markers=True)
    right.set(xlabel=r"$\tilde w_1 = s_1 w_1$", ylabel=r"$\tilde w_2 = s_2 w_2$")
    return fig
