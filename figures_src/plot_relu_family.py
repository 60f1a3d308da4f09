"""ReLU, leaky ReLU, ELU and GELU (left) and their slopes (right): only ReLU's slope is exactly 0 for every negative input.

Left panel: four activation functions for z from −4 to 3. ReLU is 0 for negative z and z for positive
z. Leaky ReLU, drawn with a slope of 0.1 on the left so that it can be told apart from ReLU (0.01 is
the usual value), falls gently below zero for negative z. ELU with α = 1 bends smoothly below zero
and levels off towards −1. GELU, z times the standard normal distribution function, dips slightly
below zero around z = −0.75 and approaches ReLU on both sides.

Right panel: the derivatives of the same four functions. ReLU's slope jumps from 0 to 1 at z = 0 (an
open circle and a filled circle mark the two one-sided values; frameworks use 0 at the point itself).
Leaky ReLU's slope jumps from 0.1 to 1. ELU's slope, e to the power z on the left, rises smoothly to 1
and joins the right side without a jump because α = 1. GELU's slope is smooth: slightly negative for z
below about −0.75, it crosses 1 near z = 0.75, peaks at about 1.13 near z = 1.4 and then falls back
towards 1 from above.
The point to take away: only ReLU passes no gradient at all for negative inputs; the variants keep a
small slope there.
"""

import math

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure

LEAKY_SLOPE = 0.1  # drawn larger than the usual 0.01 so the line is visible
ALPHA = 1.0


def _phi(z):
    return np.exp(-z * z / 2) / math.sqrt(2 * math.pi)


def _Phi(z):
    return 0.5 * (1 + np.vectorize(math.erf)(z / math.sqrt(2)))


def figure() -> Figure:
    fig = Figure(figsize=(6.4, 3.8))
    values, slopes = fig.subplots(1, 2)

    z = np.linspace(-4, 3, 561)
    left, right = z[z < 0], z[z > 0]
    gelu = z * _Phi(z)

    relu_line, = values.plot(z, np.maximum(z, 0), label="ReLU")
    leaky_line, = values.plot(z, np.where(z > 0, z, LEAKY_SLOPE * z), label=f"leaky ReLU, $a = {LEAKY_SLOPE:g}$")
    elu_line, = values.plot(z, np.where(z > 0, z, ALPHA * np.expm1(np.minimum(z, 0))), label=r"ELU, $\alpha = 1$")
    gelu_line, = values.plot(z, gelu, label="GELU")
    values.set(xlim=(-4, 3), ylim=(-1.2, 3.1), xlabel="$z$", title="Activation")
    values.legend(loc="upper left")

    def piecewise(line, left_values, right_values, jump):
        style = {"color": line.get_color(), "linestyle": line.get_linestyle(), "linewidth": line.get_linewidth()}
        slopes.plot(left, left_values, **style)
        slopes.plot(right, right_values, **style)
        if jump:
            slopes.plot([0], [left_values[-1]], "o", color=line.get_color(), markersize=4)
            slopes.plot([0], [right_values[0]], "o", markerfacecolor=rcParams["axes.facecolor"],
                        color=line.get_color(), markersize=4)

    piecewise(relu_line, np.zeros_like(left), np.ones_like(right), jump=True)
    piecewise(leaky_line, np.full_like(left, LEAKY_SLOPE), np.ones_like(right), jump=True)
    piecewise(elu_line, ALPHA * np.exp(left), np.ones_like(right), jump=False)
    slopes.plot(z, _Phi(z) + z * _phi(z), color=gelu_line.get_color(), linestyle=gelu_line.get_linestyle())
    slopes.set(xlim=(-4, 3), ylim=(-0.25, 1.3), xlabel="$z$", title="Slope (derivative)")
    return fig
