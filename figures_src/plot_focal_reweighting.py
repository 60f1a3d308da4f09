"""How focal loss re-weights examples: the modulating factor against pₜ, and the share of the total loss that easy background takes in a simulated detector.

Left panel: the ratio of focal loss to α-weighted cross-entropy, the modulating factor (1 − pₜ)^γ, against
pₜ, the probability of the true class, for γ = 0.5, 1, 2 and 5, on a logarithmic axis from 10⁻⁶ to 1.
Every curve starts at 1 on the left, where examples are misclassified, and falls steeply toward pₜ = 1;
larger γ falls sooner. A thin dotted line shows, for γ = 2, the ratio of the gradients instead of the
losses: it lies above the loss ratio everywhere (about three times it near pₜ = 1), so gradients are
damped less than losses.

Right panel: a made-up population shaped like one image's anchors in a one-stage detector, with a fixed
seed: 99,900 background anchors whose logits are normal with mean −5 and standard deviation 1.5, and 100
object anchors with mean 1 and the same spread. Horizontal stacked bars show how the total loss splits
between easy negatives (background with pₜ above 0.9, about 97 % of all anchors), the other negatives, and
the positives, for cross-entropy, focal loss with γ = 1, 2 and 5, and γ = 2 with α = 0.25. Under
cross-entropy the easy negatives take about two thirds of the loss and the positives about 3 %; as γ grows
the easy negatives' share shrinks to almost nothing and the positives' share grows, and α = 0.25 hands part
of it back to the hard negatives.
"""

from functools import lru_cache

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure

GAMMAS = (0.5, 1, 2, 5)
SEED = 2017
NEGATIVES, POSITIVES = 99_900, 100
NEGATIVE_LOGIT, POSITIVE_LOGIT, SPREAD = -5.0, 1.0, 1.5
EASY = 0.9  # a negative with p_t above this counts as easy
BAR_GAMMAS = (1, 2, 5)
SETTINGS = (
    ("cross-entropy", 0, None),
    *((f"γ = {g:g}", g, None) for g in BAR_GAMMAS),
    ("γ = 2, α = 0.25", 2, 0.25),
)


def modulating_factor(p_t, gamma):
    """The ratio of focal loss to alpha-weighted cross-entropy."""
    return (1 - p_t) ** gamma


def gradient_ratio(p_t, gamma):
    """The ratio of focal loss's gradient to alpha-weighted cross-entropy's (over alpha_t)."""
    return (1 - p_t) ** gamma * (1 - gamma * p_t * np.log(p_t) / (1 - p_t))


@lru_cache(maxsize=1)
def population() -> tuple[np.ndarray, np.ndarray]:
    """p_t of the background anchors and of the object anchors (fixed seed)."""
    rng = np.random.default_rng(SEED)
    negative_logits = rng.normal(NEGATIVE_LOGIT, SPREAD, NEGATIVES)
    positive_logits = rng.normal(POSITIVE_LOGIT, SPREAD, POSITIVES)
    # p_t is sigma(logit) for an object and 1 - sigma(logit) = sigma(-logit) for background.
    return 1 / (1 + np.exp(negative_logits)), 1 / (1 + np.exp(-positive_logits))


def focal(p_t, gamma, weight=1.0):
    return -weight * (1 - p_t) ** gamma * np.log(p_t)


def shares(gamma: float, alpha: float | None = None) -> dict:
    """The fractions of the total loss from easy negatives, other negatives and positives."""
    negatives, positives = population()
    w_neg, w_pos = (1.0, 1.0) if alpha is None else (1 - alpha, alpha)
    loss_neg, loss_pos = focal(negatives, gamma, w_neg), focal(positives, gamma, w_pos)
    total = loss_neg.sum() + loss_pos.sum()
    easy = negatives > EASY
    return {
        "easy negatives": loss_neg[easy].sum() / total,
        "other negatives": loss_neg[~easy].sum() / total,
        "positives": loss_pos.sum() / total,
    }


def figure() -> Figure:
    fig = Figure(figsize=(6.4, 3.4))
    left, right = fig.subplots(1, 2, width_ratios=(1, 1.15))
    p_t = np.linspace(0.0005, 0.9995, 200)
    colours = {}
    for gamma in GAMMAS:
        (line,) = left.semilogy(
            p_t, modulating_factor(p_t, gamma), label=rf"$\gamma = {gamma:g}$"
        )
        colours[gamma] = line.get_color()
    left.semilogy(
        p_t,
        gradient_ratio(p_t, 2),
        color=colours[2],
        linestyle=":",
        linewidth=1.1,
        label=r"gradient, $\gamma = 2$",
    )
    left.set(
        xlim=(0, 1),
        ylim=(1e-6, 2),
        xlabel="probability of the true class $p_t$",
        ylabel="focal / cross-entropy",
        title="The modulating factor",
    )
    left.legend(loc="lower left", fontsize=8)

    names = [name for name, _, _ in SETTINGS]
    parts = [shares(gamma, alpha) for _, gamma, alpha in SETTINGS]
    rows = np.arange(len(SETTINGS))[::-1]
    cycle = rcParams["axes.prop_cycle"].by_key()["color"]
    starts = np.zeros(len(SETTINGS))
    for colour, key in zip((cycle[4], cycle[1], cycle[0]), parts[0]):
        widths = np.array([part[key] for part in parts])
        right.barh(
            rows,
            widths,
            left=starts,
            color=colour,
            edgecolor=rcParams["axes.facecolor"],
            linewidth=0.8,
            label=key,
        )
        starts += widths
    right.set_yticks(rows, names)
    right.grid(axis="y", visible=False)
    right.set(
        xlim=(0, 1), xlabel="share of the total loss", title="Where the loss goes"
    )
    right.legend(
        loc="upper center",
        bbox_to_anchor=(0.45, -0.22),
        ncol=3,
        fontsize=8,
        frameon=False,
    )
    return fig
