"""Focal loss −(1 − pₜ)^γ log pₜ lowers the loss of well-classified examples, more so for larger γ; γ = 0 is cross-entropy.

Five curves of the loss against pₜ, the probability the model gives the true class, from 0 to 1,
for γ = 0, 0.5, 1, 2 and 5. Every curve is 0 at pₜ = 1 and grows without bound as pₜ approaches 0.
Cross-entropy (γ = 0) is the top curve, and each larger γ lowers the curve, in proportion most where
examples are already classified well (pₜ above about 0.6, shaded). At pₜ = 0.9, for example,
cross-entropy is 0.105 while focal loss with γ = 2 is 0.001, a hundred times less. The focusing
parameter γ lets easy examples contribute little, so training concentrates on hard ones.
"""

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure

GAMMAS = (0, 0.5, 1, 2, 5)


def figure() -> Figure:
    fig = Figure()
    ax = fig.subplots()
    p_t = np.linspace(0.001, 1, 400)
    for gamma in GAMMAS:
        label = r"$\gamma = 0$ (cross-entropy)" if gamma == 0 else rf"$\gamma = {gamma}$"
        ax.plot(p_t, -((1 - p_t) ** gamma) * np.log(p_t), label=label)
    ax.axvspan(0.6, 1, color=rcParams["grid.color"], alpha=0.5, linewidth=0)
    ax.text(0.8, 1.2, "well-classified\nexamples", ha="center")
    ax.set(xlim=(0, 1), ylim=(0, 5), xlabel="probability of the true class $p_t$", ylabel="loss")
    ax.legend(loc="upper right")
    return fig
