"""The sigmoid's derivative is at most 1/4 (left), so n sigmoid layers scale a gradient by at most 4⁻ⁿ (right).

Left panel: the logistic sigmoid σ(z) and its derivative σ′(z) = σ(z)(1 − σ(z)) for z from −8 to 8.
The sigmoid rises from 0 to 1 through 1/2 at z = 0. Its derivative is a bell-shaped curve, close to
0 for |z| beyond about 5, whose maximum, 1/4 at z = 0, is marked.

Right panel: the bound 4 to the power −n against the number of sigmoid layers n from 1 to 10, on a
logarithmic vertical axis, where it is a straight line falling from 0.25 at one layer to about one
in a million (9.5 times 10 to the power −7) at ten. Backpropagation multiplies one sigmoid
derivative per layer, so apart from the weights, each sigmoid layer shrinks a gradient by a factor
of at least four.
"""

import numpy as np
from matplotlib.figure import Figure


def figure() -> Figure:
    fig = Figure()
    curves, chain = fig.subplots(1, 2, width_ratios=(3, 2))

    z = np.linspace(-8, 8, 321)
    sigma = 1 / (1 + np.exp(-z))
    curves.plot(z, sigma, label=r"$\sigma(z)$")
    (slope,) = curves.plot(z, sigma * (1 - sigma), label=r"$\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$")
    curves.plot(0, 0.25, "o", color=slope.get_color())
    curves.annotate(r"maximum $\sigma'(0) = 1/4$", xy=(0, 0.25), xytext=(0.9, 0.36), va="center",
                    arrowprops={"arrowstyle": "-", "shrinkB": 4, "linewidth": 0.8})
    curves.set(xlim=(-8, 8), ylim=(-0.03, 1.05), xlabel="$z$", title="Sigmoid and its derivative")
    curves.legend(loc="upper left")

    n = np.arange(1, 11)
    chain.semilogy(n, 4.0**-n, "o-", color=slope.get_color())
    chain.set(xticks=n, xlabel="sigmoid layers $n$", ylabel="$4^{-n}$", title="Bound on the gradient's scale")
    return fig
