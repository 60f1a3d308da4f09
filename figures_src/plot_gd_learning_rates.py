"""Gradient descent on a two-dimensional quadratic with a learning rate that is too small, one that is good, and one just above the stability limit 2/L.

Two panels. On the left, the elliptical contours of a quadratic loss whose Hessian has curvatures 1 and 5
along two tilted axes, with the minimum at the centre, and the first 12 iterates of gradient descent from
the same starting point for three learning rates. With α = 0.02 the path moves slowly toward the floor
of the valley and covers only a short distance. With α = 1/3, which is 2/(μ + L) for these curvatures,
the path jumps across the narrow direction of the valley a few times and reaches the centre. With
α = 0.42, just above 2/L = 0.4, the path bounces from one side of the valley to the other along its steep
direction, each time further out. On the right, the distance to the minimum over 25 steps on a
logarithmic scale: for the small learning rate it falls slowly; for the good one it falls along a steep
straight line, by more than four orders of magnitude; for the one that is too large it dips for a few
steps and then rises steadily. Straight lines on this scale mean the error is multiplied by the same
factor every step, as the derivation shows.
"""

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure

MU, L = 1.0, 5.0  # the two curvatures of the quadratic
TILT = np.deg2rad(30)  # the angle of the steep axis
START = np.array([-3.2, 2.6])
STEPS = 25  # shown against the step number
SHOWN = 12  # shown on the contours, where a diverging path soon leaves the plot
RATES = (
    (0.02, r"too small, $\alpha = 0.02$"),
    (2 / (MU + L), r"good, $\alpha = 2/(\mu + L) = 1/3$"),
    (0.42, r"too large, $\alpha = 0.42 > 2/L$"),
)


def hessian() -> np.ndarray:
    """Q diag(L, mu) Q^T, with Q a rotation by TILT."""
    q = np.array([[np.cos(TILT), -np.sin(TILT)], [np.sin(TILT), np.cos(TILT)]])
    return q @ np.diag([L, MU]) @ q.T


def iterates(alpha: float, steps: int = STEPS) -> np.ndarray:
    """The points theta_0, ..., theta_steps of gradient descent on J(theta) = theta^T H theta / 2."""
    h = hessian()
    path = [START]
    for _ in range(steps):
        path.append(path[-1] - alpha * h @ path[-1])
    return np.array(path)


def figure() -> Figure:
    fig = Figure(figsize=(6.4, 3.4))
    left, right = fig.subplots(1, 2, width_ratios=(1, 1.15))

    grid = np.linspace(-4.5, 4.5, 301)
    t1, t2 = np.meshgrid(grid, grid)
    points = np.stack([t1, t2], axis=-1)
    loss = 0.5 * np.einsum("...i,ij,...j->...", points, hessian(), points)
    left.contour(t1, t2, loss, levels=[0.25, 1, 2.5, 5, 10, 18, 30], colors=rcParams["axes.edgecolor"],
                 linewidths=0.6, linestyles="-")
    left.plot([0], [0], marker="+", color=rcParams["text.color"], markersize=9, linestyle="none")

    steps = np.arange(STEPS + 1)
    for alpha, label in RATES:
        path = iterates(alpha)
        (line,) = left.plot(path[: SHOWN + 1, 0], path[: SHOWN + 1, 1], marker="o", markersize=2.5, linewidth=1.1, label=label)
        right.semilogy(steps, np.linalg.norm(path, axis=1), color=line.get_color(), linestyle=line.get_linestyle(),
                       marker="o", markersize=2, label=label)

    left.set(xlim=(-4.5, 4.5), ylim=(-4.5, 4.5), aspect="equal", xlabel=r"$\theta_1$", ylabel=r"$\theta_2$",
             title=f"the first {SHOWN} steps on the loss contours")
    left.grid(False)
    right.set(xlabel="step $k$", ylabel=r"distance to the minimum $\|\theta_k\|$", title="error against steps",
              xlim=(0, STEPS), ylim=(1e-4, 1e2))
    right.legend(loc="lower left", fontsize=8)
    return fig
