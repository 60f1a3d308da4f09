"""The standard deviation of the activations, layer by layer, in 30-layer networks of width 256 under three initialisations: tanh (left) and ReLU (right).

Both panels show one simulated forward pass: 256 standard normal inputs of width 256 go through 30
fully connected layers of width 256 with zero biases, and the standard deviation of all activations
of each layer is plotted against the layer number on a logarithmic vertical axis. The weights are
drawn from zero-mean normal distributions with three standard deviations: a small constant 0.01,
LeCun's variance 1/256 (Glorot's 2/(256 + 256) is the same, because every layer is square) and He's
variance 2/256.

Left panel, tanh: with the small constant the standard deviation shrinks by a factor of about six per
layer, a straight line down on the logarithmic axis, and leaves the bottom of the plot (10 to the power
−7) before layer 10. With LeCun or Glorot it decays slowly, because tanh flattens large values, and
ends a little above 0.1. With He it levels off between 0.5 and 0.6.

Right panel, ReLU: with the small constant it collapses even faster, by a factor of about nine per
layer. With LeCun or Glorot it falls by a factor of about 1.4 (the square root of 2) per layer, a
straight line that ends near 2 times 10 to the power −5. With He it stays level, within a factor of
two of its first value. The point: the weight variance that preserves the signal depends on the
activation, 1/fan-in for tanh (linear near 0) and 2/fan-in for ReLU.
"""

from functools import lru_cache

import numpy as np
from matplotlib.figure import Figure

WIDTH = 256
DEPTH = 30
BATCH = 256
SEED = 20100513

# name -> the standard deviation of the weights for a square layer of width n
INITIALISATIONS = {
    "N(0, 0.01²)": lambda n: 0.01,
    "LeCun = Glorot, 1/n": lambda n: np.sqrt(1 / n),  # Glorot's 2/(n_in + n_out) is 1/n for square layers
    "He, 2/n": lambda n: np.sqrt(2 / n),
}
ACTIVATIONS = {"tanh": np.tanh, "ReLU": lambda z: np.maximum(z, 0)}


def activation_stds(activation, weight_std: float, width: int = WIDTH, depth: int = DEPTH, batch: int = BATCH,
                    seed: int = SEED) -> np.ndarray:
    """The standard deviation of each layer's activations (all units, all examples) in one forward pass.

    `activation` is applied elementwise; the weights of each layer are drawn afresh from
    N(0, weight_std²); the input is a batch of standard normal vectors; biases are zero.
    Entry l - 1 of the result belongs to layer l.
    """
    rng = np.random.default_rng(seed)
    h = rng.standard_normal((batch, width), dtype=np.float32)
    stds = np.empty(depth)
    for layer in range(depth):
        w = np.float32(weight_std) * rng.standard_normal((width, width), dtype=np.float32)
        h = activation(h @ w)
        stds[layer] = h.std(dtype=np.float64)
    return stds


@lru_cache(maxsize=1)
def _curves() -> dict:
    """Every curve of the figure, computed once for both themes."""
    return {(name, label): activation_stds(activation, std(WIDTH))
            for name, activation in ACTIVATIONS.items() for label, std in INITIALISATIONS.items()}


def figure() -> Figure:
    fig = Figure(figsize=(6.4, 3.8))
    axes = fig.subplots(1, 2, sharey=True)
    layers = np.arange(1, DEPTH + 1)
    for ax, name in zip(axes, ACTIVATIONS):
        for label in INITIALISATIONS:
            ax.semilogy(layers, _curves()[name, label], label=label)
        ax.set(xlim=(1, DEPTH), xlabel="layer", title=f"{name} network")
    axes[0].set(ylim=(1e-7, 3), ylabel="std of activations")  # the small constant runs off the bottom
    axes[0].legend(loc="lower right")
    return fig
