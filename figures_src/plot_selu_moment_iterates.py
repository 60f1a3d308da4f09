"""Layer after layer, SELU's mean and variance map draws the activations' statistics to the fixed point (mean 0, variance 1), here for weights with ω = 0 and τ = 1.

Left panel: the plane of the mean (horizontal, from −0.7 to 0.7) and the variance (vertical, from 0
to 4.2) of a layer's activations. From five starting points, marked with open circles, the map of
Klambauer et al. is applied 30 times, one dot per layer, the dots joined by thin lines. Because ω = 0
the next mean depends only on the current variance, so the first step moves every start onto one
curve through (0, 1); from there the dots walk along that curve into the fixed point, marked with a
cross, from below when the variance started small and from above when it started large. Right
panel: the distance of each start's statistics from (0, 1) against the number of layers, on a
logarithmic axis. After a few layers every line becomes straight, with the same slope: near the
fixed point the distance shrinks by a constant factor per layer, a little under 0.8, so it takes
about ten layers to divide it by ten.
"""

import math

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure

LAMBDA = 1.0507009873554804934193349852946
ALPHA = 1.6732632423543772848170429916717
STARTS = ((-0.6, 0.2), (0.6, 0.5), (-0.4, 2.0), (0.5, 3.0), (0.0, 4.0))  # (mean, variance)
LAYERS = 30


def moments(m: float, s: float, lam: float = LAMBDA, alpha: float = ALPHA) -> tuple[float, float]:
    """Mean and second moment of selu(Z) for Z ~ N(m, s^2): the closed forms of the derivation."""
    r2s = math.sqrt(2) * s
    e1 = math.exp(m + s * s / 2)
    e2 = math.exp(2 * m + 2 * s * s)
    gauss = math.sqrt(2 / math.pi) * s * math.exp(-m * m / (2 * s * s))
    mean = lam / 2 * (m * math.erfc(-m / r2s) + gauss + alpha * e1 * math.erfc((m + s * s) / r2s)
                      - alpha * math.erfc(m / r2s))
    second = lam**2 / 2 * ((m * m + s * s) * math.erfc(-m / r2s) + m * gauss
                           + alpha**2 * (e2 * math.erfc((m + 2 * s * s) / r2s) - 2 * e1 * math.erfc((m + s * s) / r2s)
                                         + math.erfc(m / r2s)))
    return mean, second


def mean_variance_map(mu: float, nu: float, omega: float = 0.0, tau: float = 1.0) -> tuple[float, float]:
    """(mu, nu) -> the next layer's (mean, variance): the pre-activation is N(mu omega, nu tau)."""
    mean, second = moments(mu * omega, math.sqrt(nu * tau))
    return mean, second - mean * mean


def iterates(start: tuple[float, float], layers: int = LAYERS) -> np.ndarray:
    """The start and the statistics after each of `layers` applications of the map, one row each."""
    points = [start]
    for _ in range(layers):
        points.append(mean_variance_map(*points[-1]))
    return np.array(points)


def figure() -> Figure:
    fig = Figure(figsize=(7.2, 3.6))
    plane, distance = fig.subplots(1, 2)
    for start in STARTS:
        path = iterates(start)
        (line,) = plane.plot(path[:, 0], path[:, 1], linewidth=0.8, marker="o", markersize=2.5)
        plane.plot(*start, marker="o", markersize=7, markerfacecolor="none", linestyle="none", color=line.get_color())
        gap = np.hypot(path[:, 0], path[:, 1] - 1)
        distance.semilogy(np.arange(len(path)), gap, color=line.get_color(), linestyle=line.get_linestyle(),
                          label=f"start ({start[0]:g}, {start[1]:g})")
    plane.plot(0, 1, marker="x", markersize=9, markeredgewidth=2, color=rcParams["text.color"], linestyle="none")
    plane.annotate("(0, 1)", xy=(0, 1), xytext=(-40, 6), textcoords="offset points")
    plane.set(xlim=(-0.7, 0.7), ylim=(0, 4.2), xlabel="mean", ylabel="variance", title=r"$(\mu, \nu)$, layer by layer")
    distance.set(xlim=(0, LAYERS), xlabel="layer", ylabel="distance from (0, 1)", title="Convergence")
    distance.legend(loc="upper right", fontsize=8)
    return fig
