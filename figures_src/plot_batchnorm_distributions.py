"""Activations of a 10-layer tanh network at initialisation: with weights too small they collapse towards 0, with weights too large they pile up near ±1, and with batch normalization before each tanh they keep the same spread at every layer, whatever the weight scale.

Three panels, each showing the distribution of the tanh activations of all 256 units over a batch of
512 standard normal inputs, at layers 1 to 10 of a fully connected network, drawn as a mirrored
histogram (a violin) per layer, with activation values from −1 to 1 on the vertical axis. Each violin
is scaled to the same greatest width, so it shows the shape of a distribution, not its height. Left:
weights drawn with standard deviation 0.5/√256, half the size that keeps the variance, and no
normalization; the distribution halves in width at each layer, and from layer 5 on it looks like a
small diamond at 0, most of it within one histogram bin. Middle: weights 3/√256, three times too
large; at every layer more than half of the activations lie beyond ±0.9, where the slope of tanh is
below 0.2, so the distribution has two spikes at −1 and 1 joined by a thin stem. Right: the
same networks with batch normalization (γ = 1, β = 0) applied to every pre-activation before the
tanh; both weight scales give this panel: a distribution spread over the whole range from −1 to 1,
densest towards the ends without piling up at them, the same at every layer. This is one forward
pass with seeded random weights and inputs, not training.
"""

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure

WIDTH = 256  # units per layer (and input features)
BATCH = 512  # examples in the batch
LAYERS = 10
SMALL, LARGE = 0.5, 3.0  # weight standard deviation, in units of 1/sqrt(fan-in)
EPS = 1e-5  # added to the batch variance, as in common implementations
SEED = 20150211


def layer_activations(gain: float, batch_norm: bool, seed: int = SEED) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Pre-activations (after batch normalization, if used) and tanh activations of every layer.

    The weights of each layer are drawn with standard deviation gain / sqrt(WIDTH); the inputs are a
    standard normal batch. Both come from one seeded generator, drawn in the same order whatever
    `batch_norm` is, so the networks with and without batch normalization share their weights.
    """
    rng = np.random.default_rng(seed)
    h = rng.standard_normal((BATCH, WIDTH))
    pre, post = [], []
    for _ in range(LAYERS):
        w = rng.standard_normal((WIDTH, WIDTH)) * gain / np.sqrt(WIDTH)
        z = h @ w
        if batch_norm:  # per unit, over the batch; gamma = 1, beta = 0
            z = (z - z.mean(axis=0)) / np.sqrt(z.var(axis=0) + EPS)
        h = np.tanh(z)
        pre.append(z)
        post.append(h)
    return pre, post


def _violins(ax, activations, color, bins):
    centres = (bins[:-1] + bins[1:]) / 2
    for layer, values in enumerate(activations, start=1):
        counts, _ = np.histogram(values, bins=bins)
        half_width = 0.4 * counts / counts.max()
        ax.fill_betweenx(centres, layer - half_width, layer + half_width, color=color, linewidth=0)


def figure() -> Figure:
    fig = Figure(figsize=(7.2, 3.4))
    axes = fig.subplots(1, 3, sharey=True)
    cycle = rcParams["axes.prop_cycle"].by_key()["color"]
    bins = np.linspace(-1, 1, 41)
    panels = (
        ("weights too small,\nno normalization", layer_activations(SMALL, False)[1], cycle[0]),
        ("weights too large,\nno normalization", layer_activations(LARGE, False)[1], cycle[1]),
        ("batch normalization,\neither weight scale", layer_activations(LARGE, True)[1], cycle[2]),
    )
    for ax, (title, activations, color) in zip(axes, panels):
        _violins(ax, activations, color, bins)
        ax.set(xlim=(0.3, LAYERS + 0.7), ylim=(-1.05, 1.05), xticks=range(1, LAYERS + 1), xlabel="layer", title=title)
        ax.tick_params(axis="x", labelsize=8)
    axes[0].set_ylabel("tanh activation")
    return fig
