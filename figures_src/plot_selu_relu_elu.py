"""SELU against ReLU and ELU (left), and λⁿ, the factor by which SELU's positive side scales a gradient over n layers (right).

Left panel: three activation functions for z from −5 to 3. ReLU is max(0, z). ELU with α = 1 is z
for positive z and e to the power z, minus 1, for negative z, so it levels off towards −1. SELU is
λ times z for positive z and λα times (e to the power z, minus 1) for negative z, with λ ≈ 1.0507
and α ≈ 1.6733, so it levels off towards −λα ≈ −1.758 (a dotted line) and, for positive z, rises
slightly more steeply than the other two.

Right panel: λ to the power n against the number of layers n from 0 to 100 on a logarithmic
vertical axis, where it is a straight line, with its values after 10, 50 and 100 layers marked:
about 1.64, 11.9 and 141. A gradient that passes only through the positive side of SELU layers is
multiplied by λ in each, so it grows geometrically with depth.
"""

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure

LAMBDA = 1.0507009873554804934193349852946
ALPHA = 1.6732632423543772848170429916717


def figure() -> Figure:
    fig = Figure()
    activations, growth = fig.subplots(1, 2)

    z = np.linspace(-5, 3, 321)
    negative = np.expm1(np.minimum(z, 0))
    activations.plot(z, np.where(z > 0, LAMBDA * z, LAMBDA * ALPHA * negative), label="SELU")
    activations.plot(z, np.maximum(z, 0), label="ReLU")
    activations.plot(z, np.where(z > 0, z, negative), label=r"ELU, $\alpha = 1$")
    activations.axhline(-LAMBDA * ALPHA, color=rcParams["axes.edgecolor"], linestyle=":", linewidth=1)
    activations.text(-4.9, -LAMBDA * ALPHA - 0.08, r"$-\lambda\alpha \approx {-}1.758$", va="top")
    activations.set(xlim=(-5, 3), ylim=(-2.3, 3.3), xlabel="$z$", title="Activation functions")
    activations.legend(loc="upper left")

    n = np.arange(101)
    marked = np.array([10, 50, 100])
    (line,) = growth.semilogy(n, LAMBDA**n)
    growth.plot(marked, LAMBDA**marked, "o", color=line.get_color())
    for layers in marked:
        growth.annotate(f"{LAMBDA**layers:.3g}", xy=(layers, LAMBDA**layers), xytext=(-8, 8),
                        textcoords="offset points", ha="right", va="bottom")
    growth.set(xlim=(0, 105), ylim=(0.7, 500), xlabel="layers $n$", ylabel=r"$\lambda^n$",
               title="SELU's positive-side gradient factor")
    return fig
