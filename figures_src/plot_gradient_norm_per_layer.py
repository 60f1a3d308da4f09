"""Gradient norms layer by layer in a 20-layer fully connected network of width 64: with the sigmoid they fall by about twelve orders of magnitude toward the input; with tanh and ReLU they do not.

Both panels show one simulated backward pass through 20 fully connected layers of width 64 with zero
biases, for a batch of 128 standard normal inputs. Every layer applies the same activation: the
sigmoid and tanh with Glorot's initialisation (weights drawn from a normal distribution with variance
2/(64 + 64) = 1/64), ReLU with He's (variance 2/64). A random gradient of norm 1 is given to the
output of layer 20 and propagated back. The vertical axes are logarithmic.

Left panel: the norm of the gradient with respect to the output of each layer, from layer 20 (where
it is 1) back to layer 0, the input. For the sigmoid it falls along a straight line, by a factor of
about four per layer, to about 3 times 10 to the power −13 at the input. For tanh it falls slowly, to
about 0.2. For ReLU it stays between about 0.6 and 1.

Right panel: the norm of the gradient with respect to each layer's weight matrix, the quantity an
optimiser uses. For the sigmoid it falls from about 1 at layer 20 to about 2 times 10 to the power
−12 at layer 1, so the first layers get almost no update. For tanh and ReLU it stays within a factor
of two across all 20 layers. The point: the sigmoid's slope of at most a quarter compounds over depth;
tanh at this initialisation works near zero, where its slope is close to one, and ReLU with He's
initialisation keeps the size of the backward signal on average.
"""

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from matplotlib.figure import Figure

WIDTH = 64
DEPTH = 20
BATCH = 128
SEED = 1994


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


# name -> (activation, its derivative, the weights' standard deviation for a square layer of width n)
ACTIVATIONS = {
    "sigmoid, Glorot": (_sigmoid, lambda z: _sigmoid(z) * (1 - _sigmoid(z)), lambda n: np.sqrt(2 / (n + n))),
    "tanh, Glorot": (np.tanh, lambda z: 1 - np.tanh(z) ** 2, lambda n: np.sqrt(2 / (n + n))),
    "ReLU, He": (lambda z: np.maximum(z, 0), lambda z: (z > 0).astype(z.dtype), lambda n: np.sqrt(2 / n)),
}


@dataclass(frozen=True)
class Backward:
    """One simulated forward and backward pass.

    weights[l - 1] is the matrix of layer l (h_l = f(h_{l-1} @ W_l)); output_grads[l] is the Frobenius norm
    of the loss's gradient with respect to h_l (l = 0 is the input, l = depth the output, where it is 1);
    weight_grads[l - 1] is the Frobenius norm of the gradient with respect to W_l.
    """

    weights: tuple
    inputs: np.ndarray
    output_gradient: np.ndarray
    output_grads: np.ndarray
    weight_grads: np.ndarray


def backward_pass(name: str, width: int = WIDTH, depth: int = DEPTH, batch: int = BATCH, seed: int = SEED) -> Backward:
    """Forward a batch of standard normal inputs through `depth` layers, then backpropagate a random output
    gradient of norm 1 (the loss is its inner product with the output). `name` is a key of ACTIVATIONS."""
    f, slope, std = ACTIVATIONS[name]
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch, width))
    weights = tuple(std(width) * rng.standard_normal((width, width)) for _ in range(depth))
    gradient = rng.standard_normal((batch, width))
    gradient /= np.linalg.norm(gradient)

    outputs, preactivations = [x], []
    for w in weights:
        preactivations.append(outputs[-1] @ w)
        outputs.append(f(preactivations[-1]))

    output_grads, weight_grads = np.empty(depth + 1), np.empty(depth)
    g = gradient  # the gradient with respect to h_l, starting at the output
    output_grads[depth] = np.linalg.norm(g)
    for layer in range(depth, 0, -1):
        delta = g * slope(preactivations[layer - 1])  # with respect to the pre-activation of this layer
        weight_grads[layer - 1] = np.linalg.norm(outputs[layer - 1].T @ delta)
        g = delta @ weights[layer - 1].T
        output_grads[layer - 1] = np.linalg.norm(g)
    return Backward(weights, x, gradient, output_grads, weight_grads)


@lru_cache(maxsize=1)
def _runs() -> dict:
    return {name: backward_pass(name) for name in ACTIVATIONS}


def figure() -> Figure:
    fig = Figure(figsize=(6.4, 3.8))
    outputs, weights = fig.subplots(1, 2, sharey=True)
    for name, run in _runs().items():
        outputs.semilogy(np.arange(DEPTH + 1), run.output_grads, marker="o", markersize=3, label=name)
        weights.semilogy(np.arange(1, DEPTH + 1), run.weight_grads, marker="o", markersize=3, label=name)
    outputs.set(xlim=(DEPTH + 0.5, -0.5), xticks=range(0, DEPTH + 1, 5), xlabel="layer $l$ (output on the left)",
                ylabel="gradient norm", title=r"$\partial L / \partial h_l$, layer outputs")
    weights.set(xlim=(DEPTH + 0.5, 0.5), xticks=(1, 5, 10, 15, 20), xlabel="layer $l$ (output on the left)",
                title=r"$\partial L / \partial W_l$, layer weights")
    outputs.set_ylim(1e-14, 1e2)
    outputs.legend(loc="lower left")
    return fig
