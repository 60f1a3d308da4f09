"""Gradient descent on a loss with a cliff: without clipping, the step taken on the cliff throws the parameter far past the minimum; with clipping by norm it walks down the cliff and converges.

The loss has one parameter w: a bowl 0.125 (w − 4)² with its minimum at w = 4, plus a cliff at w = 2,
where the loss drops by 10 over a width of a few tenths (10 (1 − σ(20 (w − 2))), with σ the logistic
sigmoid); on the cliff the gradient reaches −50. Gradient descent starts at w = 0 with learning rate
0.5 and runs for 60 steps, once without clipping and once with the gradient clipped to norm at most 1.

Left panel: the loss against w from −0.5 to 23, with the iterates of both runs marked on it. Both runs
take the same first five steps; the fifth lands on the cliff at w ≈ 2.05, where the gradient is about
−40. From there the unclipped run's next step, marked by an arrow, throws it to w ≈ 22, high up the far
side of the bowl, with a loss of about 40, more than three times the starting loss of 12; it then walks
back toward 4 in shrinking steps. The clipped run moves at most 0.5 per step, leaves the cliff in one
step and reaches the minimum directly.

Right panel: the loss above its minimum against the step number, on a logarithmic axis. Without
clipping the loss jumps at step 6 from about 3 to about 40, and falls below 10 to the power −4 only
after 55 steps. With clipping it falls steadily and gets there after 36 steps. The point: near a
cliff the gradient is so large that one step undoes the progress of many; clipping bounds the length
of every step while keeping its direction.
"""

from functools import lru_cache

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure

CURVATURE = 0.25  # the bowl is CURVATURE (w - MINIMUM)^2 / 2
MINIMUM = 4.0
CLIFF_AT = 2.0
CLIFF_HEIGHT = 10.0
CLIFF_SHARPNESS = 20.0
LEARNING_RATE = 0.5
THRESHOLD = 1.0
START = 0.0
STEPS = 60


def _sigmoid(z):
    return 0.5 * (1 + np.tanh(z / 2))  # the logistic sigmoid, without overflow for large |z|


def loss(w):
    """A bowl with its minimum at MINIMUM, plus a drop of CLIFF_HEIGHT at CLIFF_AT."""
    w = np.asarray(w, dtype=float)
    return CURVATURE * (w - MINIMUM) ** 2 / 2 + CLIFF_HEIGHT * (1 - _sigmoid(CLIFF_SHARPNESS * (w - CLIFF_AT)))


def gradient(w):
    """The derivative of `loss`."""
    s = _sigmoid(CLIFF_SHARPNESS * (np.asarray(w, dtype=float) - CLIFF_AT))
    return CURVATURE * (w - MINIMUM) - CLIFF_HEIGHT * CLIFF_SHARPNESS * s * (1 - s)


def clip(g, threshold: float):
    """Clipping by norm: g times min(1, threshold / |g|) (with one parameter, the norm is |g|)."""
    size = abs(g)
    return g * min(1.0, threshold / size) if size > 0 else g


def descend(threshold: float | None = None, start: float = START, steps: int = STEPS,
            learning_rate: float = LEARNING_RATE) -> np.ndarray:
    """The iterates w_0 = start, ..., w_steps of gradient descent on `loss`, with each gradient clipped to
    norm at most `threshold` (None: no clipping)."""
    w = np.empty(steps + 1)
    w[0] = start
    for t in range(steps):
        g = float(gradient(w[t]))
        if threshold is not None:
            g = clip(g, threshold)
        w[t + 1] = w[t] - learning_rate * g
    return w


@lru_cache(maxsize=1)
def _runs() -> dict:
    return {"no clipping": descend(None), f"clipped to norm {THRESHOLD:g}": descend(THRESHOLD)}


def figure() -> Figure:
    fig = Figure(figsize=(6.4, 3.6))
    landscape, history = fig.subplots(1, 2)
    lowest = float(loss(MINIMUM))  # the cliff's tail adds less than 1e-16 there

    w = np.linspace(-0.5, 23, 2001)
    landscape.plot(w, loss(w), color=rcParams["axes.edgecolor"], linestyle="-", linewidth=1.2)
    for (name, iterates), marker in zip(_runs().items(), ("o", "x")):
        above = np.maximum(loss(iterates) - lowest, 1e-12)  # never 0 on the logarithmic axis
        (line,) = history.semilogy(np.arange(STEPS + 1), above, label=name)
        landscape.plot(iterates, loss(iterates), marker, linestyle="none", color=line.get_color(),
                       markersize=4 if marker == "o" else 5, label=name)
    # The unclipped step taken on the cliff: the largest jump of that run.
    unclipped = _runs()["no clipping"]
    t = int(np.argmax(np.abs(np.diff(unclipped))))
    start, end = (unclipped[t], float(loss(unclipped[t]))), (unclipped[t + 1], float(loss(unclipped[t + 1])))
    landscape.annotate("", xy=end, xytext=start,
                       arrowprops={"arrowstyle": "->", "color": rcParams["text.color"], "linewidth": 0.9,
                                   "shrinkA": 4, "shrinkB": 5})
    landscape.text((start[0] + end[0]) / 2 - 0.6, (start[1] + end[1]) / 2 + 1, "one step\non the cliff",
                   ha="right", va="bottom")
    landscape.set(xlim=(-0.5, 23), ylim=(-1, 45), xlabel="parameter $w$", ylabel="loss",
                  title="The loss and the iterates")
    landscape.legend(loc="upper left")
    history.set(xlim=(0, STEPS), ylim=(1e-4, 100), xlabel="step", ylabel="loss above its minimum",
                title="Loss during training")
    history.legend(loc="lower left")
    return fig
