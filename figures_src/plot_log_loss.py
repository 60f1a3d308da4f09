"""Log loss is −log p when the label is 1 and −log(1 − p) when it is 0, so a confident wrong prediction costs without bound.

Two curves of the loss, in nats, against the predicted probability p of the positive class, from 0
to 1. For label y = 1 the loss −log p is 0 at p = 1 and grows without bound as p approaches 0. For
label y = 0 the loss −log(1 − p) is its mirror image: 0 at p = 0 and unbounded as p approaches 1.
The two cross at p = 1/2, where both equal log 2 ≈ 0.69, which is marked. The penalty grows slowly
for a mild mistake and without limit for a confident one.
"""

import numpy as np
from matplotlib.figure import Figure


def figure() -> Figure:
    fig = Figure()
    ax = fig.subplots()
    p = np.linspace(0.001, 0.999, 400)
    ax.plot(p, -np.log(p), label=r"$y = 1$: $-\log p$")
    ax.plot(p, -np.log(1 - p), label=r"$y = 0$: $-\log(1 - p)$")
    ax.plot(0.5, np.log(2), "o", color=ax.xaxis.label.get_color())
    ax.annotate(r"both $\log 2 \approx 0.69$ at $p = 1/2$", xy=(0.5, np.log(2)), xytext=(0.5, 2.0),
                ha="center", arrowprops={"arrowstyle": "-", "shrinkB": 4, "linewidth": 0.8})
    ax.set(xlim=(0, 1), ylim=(0, 5), xlabel="predicted probability $p$ of the positive class",
           ylabel="loss (nats)")
    ax.legend(loc="upper center")
    return fig
