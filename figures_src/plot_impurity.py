"""Entropy and Gini impurity of a two-class node: zero when the node is pure, largest when the classes are balanced.

Three curves against the proportion p of one class in the node, from 0 to 1: the entropy in bits, the
Gini impurity 2p(1 − p), and the entropy halved, so that its peak matches the Gini impurity's. All are
zero at p = 0 and p = 1, symmetric about p = 1/2, and largest there: 1 bit for the entropy, 1/2 for the
Gini impurity; the peaks are marked. The halved entropy and the Gini impurity nearly coincide, which
is why the two criteria usually choose the same split; the entropy is slightly more sensitive to
small minorities, since it is steeper near 0 and 1.
"""

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure


def entropy_bits(p):
    """-p log2 p - (1 - p) log2(1 - p), with 0 log 0 = 0."""
    p = np.asarray(p, dtype=float)
    terms = [
        np.where(q > 0, -q * np.log2(np.where(q > 0, q, 1.0)), 0.0) for q in (p, 1 - p)
    ]
    return terms[0] + terms[1]


def gini(p):
    p = np.asarray(p, dtype=float)
    return 1 - p**2 - (1 - p) ** 2


def figure() -> Figure:
    fig = Figure(figsize=(5.6, 3.4))
    ax = fig.subplots()
    p = np.linspace(0, 1, 161)
    ax.plot(p, entropy_bits(p), label="entropy (bits)")
    ax.plot(p, gini(p), label="Gini impurity")
    ax.plot(p, entropy_bits(p) / 2, label="entropy / 2")
    ax.plot([0.5, 0.5], [1, 0.5], "o", color=rcParams["text.color"], markersize=4)
    ax.annotate("1 bit", xy=(0.5, 1), xytext=(0.62, 1.03), va="center")
    ax.annotate("1/2", xy=(0.5, 0.5), xytext=(0.53, 0.56), va="center")
    ax.set(
        xlim=(0, 1),
        ylim=(0, 1.1),
        xlabel="proportion $p$ of one class in the node",
        ylabel="impurity",
    )
    ax.legend(loc="lower center")
    return fig
