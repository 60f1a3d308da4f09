"""Skip-gram with negative sampling: the loss of one pair against its score (left), and the weight that pair gets in the gradient (right).

Left panel: for scores s = u · v from −6 to 6, the loss of an observed (positive) pair, −log σ(s), and
of a sampled negative pair, −log σ(−s). The positive loss falls towards 0 as the score grows and rises
almost linearly for negative scores; the negative loss is its mirror image. Both equal log 2 ≈ 0.69 at
s = 0, where the two curves cross.

Right panel: the factor that multiplies the other word's vector in the gradient, σ(−s) for a positive
pair and σ(s) for a negative one, on the same scores. Both are 1/2 at s = 0. A positive pair that
already scores 3 gets a weight of about 0.05, one that scores −3 about 0.95, and the reverse holds for
negatives. The point: each update is driven by the pairs the model still gets wrong, and pairs that are
already well separated contribute almost nothing.
"""

import numpy as np
from matplotlib.figure import Figure


def sigmoid(s):
    """The logistic sigmoid, written with tanh so that large |s| cannot overflow."""
    return 0.5 * (1 + np.tanh(np.asarray(s, dtype=float) / 2))


def positive_loss(s):
    """-log sigma(s), computed as softplus(-s)."""
    return np.logaddexp(0, -np.asarray(s, dtype=float))


def negative_loss(s):
    """-log sigma(-s), computed as softplus(s)."""
    return np.logaddexp(0, np.asarray(s, dtype=float))


def positive_weight(s):
    """The magnitude of d/ds of the positive loss: sigma(-s)."""
    return sigmoid(-np.asarray(s, dtype=float))


def negative_weight(s):
    """d/ds of the negative loss: sigma(s)."""
    return sigmoid(s)


def figure() -> Figure:
    fig = Figure(figsize=(6.4, 3.0))
    losses, weights = fig.subplots(1, 2)
    s = np.linspace(-6, 6, 61)
    losses.plot(s, positive_loss(s), label=r"positive pair: $-\log\sigma(s)$")
    losses.plot(s, negative_loss(s), label=r"negative pair: $-\log\sigma(-s)$")
    losses.set(
        xlim=(-6, 6),
        ylim=(0, 6.5),
        xlabel="score $s = u \\cdot v$",
        ylabel="loss",
        title="Loss of one pair",
    )
    losses.legend(loc="upper center")
    weights.plot(s, positive_weight(s), label=r"positive pair: $\sigma(-s)$")
    weights.plot(s, negative_weight(s), label=r"negative pair: $\sigma(s)$")
    weights.plot([0], [0.5], "o", color="0.5", markersize=4)
    weights.set(
        xlim=(-6, 6),
        ylim=(0, 1.4),
        yticks=[0, 0.25, 0.5, 0.75, 1],
        xlabel="score $s = u \\cdot v$",
        ylabel="weight in the gradient",
        title="How hard the pair pushes",
    )
    weights.legend(loc="upper center")
    return fig
