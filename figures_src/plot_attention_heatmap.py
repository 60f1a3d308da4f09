"""Attention weights of random queries and keys of dimension 256, without and with the 1/√d_k scaling, and the average largest weight in a row as d_k grows.

Left and middle panels: heat maps of the attention weights softmax(QKᵀ) and softmax(QKᵀ/√d_k) for 8
queries (rows) and 8 keys (columns) whose 256 components are independent standard normal numbers,
drawn with a fixed seed; the colour runs from 0 (dark) to 1 (bright), and each row sums to 1. Without
scaling the logits have a standard deviation of about 16, and nearly every row is one bright cell
among dark ones: the softmax has all but picked a single key, a near one-hot row. With scaling the
logits have a standard deviation of about 1, and each row spreads its weight over several keys.

Right panel: the largest weight in a row, averaged over 1000 random draws of one query and 8 keys,
against d_k from 1 to 1024 on a logarithmic axis. The two curves start together at 0.3 for d_k = 1.
Without scaling the average climbs steadily, passes 0.9 at d_k = 128 and ends near 0.97; with scaling
it levels off near 0.35, whatever the dimension (an even spread over 8 keys would give 0.125). The point: unscaled
dot products grow with the dimension and push the softmax into saturation, where its gradients
vanish; dividing by √d_k keeps the logits at unit variance.
"""

from functools import lru_cache

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure

SEED = 1706
D_K = 256  # the dimension of the heat maps
POSITIONS = 8  # queries and keys in a heat map; keys per query in the right panel
TRIALS = 1000
DIMENSIONS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)


def softmax_rows(logits: np.ndarray) -> np.ndarray:
    """The softmax of every row, computed stably (the largest logit of each row is subtracted first)."""
    shifted = logits - logits.max(axis=-1, keepdims=True)
    weights = np.exp(shifted)
    return weights / weights.sum(axis=-1, keepdims=True)


def attention_weights(
    queries: np.ndarray, keys: np.ndarray, scaled: bool
) -> np.ndarray:
    """softmax(Q K^T / sqrt(d_k)) if scaled, else softmax(Q K^T); rows are queries, columns keys."""
    logits = queries @ keys.swapaxes(-1, -2)
    if scaled:
        logits = logits / np.sqrt(queries.shape[-1])
    return softmax_rows(logits)


def toy(
    seed: int = SEED, positions: int = POSITIONS, d_k: int = D_K
) -> tuple[np.ndarray, np.ndarray]:
    """Queries and keys with independent standard normal components."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((positions, d_k)), rng.standard_normal((positions, d_k))


def mean_largest_weight(
    d_k: int, trials: int = TRIALS, positions: int = POSITIONS, seed: int = SEED
) -> dict:
    """The largest attention weight of one random query over `positions` random keys, averaged over trials,
    without (False) and with (True) the scaling, from the same draws."""
    rng = np.random.default_rng([seed, d_k])
    queries = rng.standard_normal((trials, 1, d_k), dtype=np.float32)
    keys = rng.standard_normal((trials, positions, d_k), dtype=np.float32)
    return {
        scaled: float(attention_weights(queries, keys, scaled).max(axis=-1).mean())
        for scaled in (False, True)
    }


@lru_cache(maxsize=1)
def _curves() -> dict:
    means = [mean_largest_weight(d) for d in DIMENSIONS]
    return {scaled: np.array([m[scaled] for m in means]) for scaled in (False, True)}


def figure() -> Figure:
    fig = Figure(figsize=(6.4, 2.6))
    unscaled_ax, scaled_ax, curve_ax = fig.subplots(1, 3, width_ratios=(1, 1, 1.35))
    queries, keys = toy()
    for ax, scaled, title in (
        (unscaled_ax, False, "softmax$(QK^\\top)$"),
        (scaled_ax, True, "softmax$(QK^\\top/\\sqrt{d_k})$"),
    ):
        image = ax.imshow(
            attention_weights(queries, keys, scaled),
            vmin=0,
            vmax=1,
            cmap="viridis",
            interpolation="nearest",
        )
        ax.set(title=title, xlabel="key", xticks=[], yticks=[])
        ax.grid(False)
    unscaled_ax.set_ylabel("query")
    bar = fig.colorbar(
        image, ax=[unscaled_ax, scaled_ax], location="bottom", shrink=0.8, aspect=30
    )
    bar.set_label("attention weight")
    bar.outline.set_edgecolor(rcParams["axes.edgecolor"])

    for scaled, label in ((False, "unscaled"), (True, "scaled by $1/\\sqrt{d_k}$")):
        curve_ax.semilogx(
            DIMENSIONS, _curves()[scaled], "o-", markersize=3, label=label, base=2
        )
    ticks = DIMENSIONS[::2]
    curve_ax.set(
        ylim=(0, 1.02),
        xlabel="$d_k$",
        ylabel="largest weight in a row",
        xticks=ticks,
        xticklabels=[str(t) for t in ticks],
        title=f"Average over {TRIALS} rows",
    )
    curve_ax.minorticks_off()
    curve_ax.legend(loc="center right")
    return fig
