"""Nine trials of grid search try only three values of the hyperparameter that matters; nine random trials try nine.

Two panels, each a square of two hyperparameters scaled to [0, 1]: the horizontal one matters, the
vertical one hardly does. Above each square, a curve shows how the score depends on the important
hyperparameter alone: a peak of width about 0.1 centred at 0.62. Left: a 3 by 3 grid of trials at 1/6,
1/2 and 5/6 in each direction. Projected onto the important axis, its nine trials fall on only three
values, marked on the curve; the nearest to the peak is 0.5, where the score is 0.32 of its best. Right:
nine trials drawn uniformly at random with a fixed seed. Their projections are nine distinct values,
and the nearest to the peak reaches 0.97 of the best score. When only a few hyperparameters matter,
random search spends every trial on a new value of each of them, while a grid repeats the same few
values (Bergstra and Bengio, 2012).
"""

import math
from functools import lru_cache

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure

TRIALS = 9
SEED = 2
PEAK, WIDTH = 0.62, 0.08


def score(x):
    """The part of the score that depends on the important hyperparameter: 1 at PEAK, falling off either side."""
    return np.exp(-((np.asarray(x, dtype=float) - PEAK) ** 2) / (2 * WIDTH**2))


def grid_trials(n: int = TRIALS) -> np.ndarray:
    """A square grid of n trials (n a square number), at the centres of equal cells: shape (n, 2)."""
    k = math.isqrt(n)
    levels = (np.arange(k) + 0.5) / k
    xs, ys = np.meshgrid(levels, levels)
    return np.column_stack([xs.ravel(), ys.ravel()])


@lru_cache(maxsize=1)
def _random(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).uniform(size=(n, 2))


def random_trials(n: int = TRIALS, seed: int = SEED) -> np.ndarray:
    """n trials drawn uniformly from the unit square with a fixed seed: shape (n, 2)."""
    return _random(n, seed).copy()


def figure() -> Figure:
    fig = Figure(figsize=(6.4, 3.9))
    axes = fig.subplots(2, 2, height_ratios=(1, 2.6), sharex=True)
    muted = rcParams["axes.edgecolor"]
    colours = rcParams["axes.prop_cycle"].by_key()["color"]
    curve = np.linspace(0, 1, 201)
    for col, (name, trials, colour) in enumerate(
        (
            ("Grid search", grid_trials(), colours[0]),
            ("Random search", random_trials(), colours[1]),
        )
    ):
        top, square = axes[0, col], axes[1, col]
        top.plot(curve, score(curve), color=muted, linewidth=1.2)
        distinct = np.unique(trials[:, 0])
        top.vlines(distinct, 0, score(distinct), color=colour, linewidth=1.2)
        top.plot(distinct, score(distinct), "o", color=colour, markersize=4)
        top.set(
            ylim=(0, 1.1),
            yticks=[0, 1],
            title=f"{name}: {len(distinct)} distinct values",
        )
        top.set_box_aspect(1 / 2.6)
        if col == 0:
            top.set_ylabel("score")
        square.plot(trials[:, 0], trials[:, 1], "o", color=colour, markersize=6)
        for x in distinct:
            square.axvline(x, color=colour, linewidth=0.6, alpha=0.5, linestyle=":")
        square.set(xlim=(0, 1), ylim=(0, 1), xlabel="important hyperparameter")
        square.set_box_aspect(1)
        square.set_ylabel("unimportant hyperparameter" if col == 0 else "")
    return fig
