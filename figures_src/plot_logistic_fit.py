"""Logistic regression on four standardized features of the breast cancer data: the predicted probability of malignancy is the sigmoid of the linear score.

The model is fitted by gradient descent on the mean log loss to all 569 tumours of scikit-learn's breast
cancer data (Wisconsin diagnostic), with label 1 for malignant (212 tumours) and 0 for benign (357). The
features are mean radius, mean texture, mean smoothness and mean symmetry, each standardized to mean 0
and standard deviation 1. The horizontal axis is the fitted linear score of each tumour, its log-odds of
malignancy; the curve is the sigmoid of the score, the model's probability. Each tumour is a dot at
height 1 if malignant and 0 if benign, jittered a little vertically so that the dots do not hide one
another; the 19 tumours with scores below −10 and the 33 above 10 are drawn at the edges. Squares mark
the fraction of malignant tumours among those with scores in each bin of width 2, from −8 to 8.

Benign tumours sit mostly at negative scores and malignant ones at positive scores, with an overlap
around 0, where the curve crosses one half. The fraction of malignant tumours in each bin follows the
curve: the sigmoid of a linear score describes how the frequency of malignancy rises with the score.
"""

from functools import lru_cache

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure
from sklearn.datasets import load_breast_cancer

FEATURES = ("mean radius", "mean texture", "mean smoothness", "mean symmetry")
TOLERANCE = (
    1e-10  # stop when every entry of the gradient of the mean log loss is below this
)
MAX_STEPS = 100_000
FORMAT = "png"
SHOWN = (
    10.0  # scores are drawn from -SHOWN to SHOWN; the few beyond are drawn at the edge
)


def _sigmoid(z):
    return 0.5 * (
        1 + np.tanh(np.asarray(z, dtype=float) / 2)
    )  # the logistic sigmoid, without overflow


@lru_cache(maxsize=1)
def data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(X, y, mean, std): the standardized features, the labels (1 malignant, 0 benign), and the raw features'
    means and standard deviations (ddof 0) used to standardize them."""
    cancer = load_breast_cancer()
    columns = [list(cancer.feature_names).index(name) for name in FEATURES]
    raw = cancer.data[:, columns]
    mean, std = raw.mean(axis=0), raw.std(axis=0)
    return (
        (raw - mean) / std,
        1 - cancer.target,
        mean,
        std,
    )  # scikit-learn's target is 1 for benign


def mean_log_loss(params: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    """The mean log loss of the parameters (intercept first, then one coefficient per column of X)."""
    z = params[0] + X @ params[1:]
    return float(
        np.mean(np.logaddexp(0, z) - y * z)
    )  # -[y log sigma(z) + (1 - y) log(1 - sigma(z))]


def gradient(params: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The gradient of `mean_log_loss`: the residuals p - y against a column of ones and the features."""
    residual = _sigmoid(params[0] + X @ params[1:]) - y
    return np.concatenate([[residual.mean()], X.T @ residual / len(y)])


def fit_gradient_descent(
    X: np.ndarray,
    y: np.ndarray,
    tolerance: float = TOLERANCE,
    max_steps: int = MAX_STEPS,
) -> tuple[np.ndarray, int]:
    """Gradient descent on the mean log loss from zero, with learning rate 1/L, L = the largest eigenvalue of
    [1 X]^T [1 X] / (4n), a bound on the curvature (the sigmoid's slope is at most 1/4). Returns the parameters
    (intercept first) and the number of steps taken; raises if the gradient does not fall below `tolerance`."""
    design = np.column_stack([np.ones(len(y)), X])
    rate = 4 * len(y) / np.linalg.eigvalsh(design.T @ design).max()
    params = np.zeros(design.shape[1])
    for step in range(max_steps):
        g = gradient(params, X, y)
        if np.abs(g).max() < tolerance:
            return params, step
        params = params - rate * g
    raise RuntimeError(f"gradient descent did not converge in {max_steps} steps")


@lru_cache(maxsize=1)
def fitted() -> np.ndarray:
    """The fitted parameters on the four standardized features: intercept, then one coefficient per feature."""
    X, y, _, _ = data()
    return fit_gradient_descent(X, y)[0]


def figure() -> Figure:
    X, y, _, _ = data()
    params = fitted()
    score = params[0] + X @ params[1:]
    fig = Figure(figsize=(5.6, 3.0))
    ax = fig.subplots()
    jitter = np.random.default_rng(1958).uniform(-0.04, 0.04, len(y))
    for label, name, color in (
        (0, "benign", rcParams["axes.prop_cycle"].by_key()["color"][0]),
        (1, "malignant", rcParams["axes.prop_cycle"].by_key()["color"][1]),
    ):
        chosen = y == label
        ax.plot(
            np.clip(score[chosen], -SHOWN, SHOWN),
            label + jitter[chosen],
            "o",
            markersize=2,
            color=color,
            linestyle="none",
            label=f"{name} tumours (y = {label})",
        )
    grid = np.linspace(-SHOWN, SHOWN, 401)
    ax.plot(
        grid,
        _sigmoid(grid),
        color=rcParams["text.color"],
        linestyle="-",
        linewidth=1.6,
        label=r"model: $\sigma(z)$",
    )
    edges = np.arange(-8, 8.1, 2)
    which = np.digitize(score, edges)
    centres, fractions = [], []
    for b in range(1, len(edges)):
        inside = which == b
        if inside.sum() >= 5:
            centres.append((edges[b - 1] + edges[b]) / 2)
            fractions.append(y[inside].mean())
    ax.plot(
        centres,
        fractions,
        "s",
        color=rcParams["text.color"],
        markersize=5,
        linestyle="none",
        label="fraction malignant per bin",
    )
    ax.set(
        xlim=(-SHOWN - 0.3, SHOWN + 0.3),
        ylim=(-0.08, 1.08),
        xlabel="linear score $z = b + \\beta^\\top x$ (log-odds of malignancy)",
        ylabel="probability / label",
    )
    ax.legend(loc="center left", bbox_to_anchor=(0.0, 0.62), fontsize=8)
    return fig
