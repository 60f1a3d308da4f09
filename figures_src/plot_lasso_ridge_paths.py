"""Coefficient paths on the diabetes data: the lasso sets coefficients exactly to zero one after another, ridge shrinks all ten smoothly and never to zero.

Both panels use scikit-learn's diabetes data (442 patients, 10 standardised features, the target
centred) and show each coefficient against the penalty weight α on a logarithmic axis, with the penalty
decreasing to the right. Left, the lasso (scikit-learn's `lasso_path`, objective ‖y − Xw‖²/(2n) + α‖w‖₁):
at the largest α every coefficient is exactly zero; bmi enters first, then s5 and bp, and the others join
one by one as α decreases, until all ten are non-zero and close to least squares. Right, ridge (solved in
closed form, objective ‖y − Xw‖² + α‖w‖²): all ten coefficients are non-zero at every α and shrink
smoothly toward zero as α grows. The three features that enter the lasso first are labelled in both panels.
"""

from functools import lru_cache

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure
from sklearn.datasets import load_diabetes
from sklearn.linear_model import lasso_path

LASSO_ALPHAS = np.logspace(np.log10(50), -2, 60)
RIDGE_ALPHAS = np.logspace(5, -1, 40)
LABELLED = ("bmi", "s5", "bp")


@lru_cache(maxsize=1)
def data() -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The diabetes features standardised (mean 0, standard deviation 1) and the target centred."""
    bunch = load_diabetes(scaled=False)
    x = (bunch.data - bunch.data.mean(axis=0)) / bunch.data.std(axis=0)
    return x, bunch.target - bunch.target.mean(), list(bunch.feature_names)


def lasso_coefficients(alphas=LASSO_ALPHAS) -> np.ndarray:
    """Lasso coefficients, one column per alpha."""
    x, y, _ = data()
    _, coefs, _ = lasso_path(x, y, alphas=alphas)
    return coefs


def ridge_coefficients(alphas=RIDGE_ALPHAS) -> np.ndarray:
    """Ridge coefficients (X'X + alpha I)^-1 X'y, one column per alpha."""
    x, y, _ = data()
    gram, moment = x.T @ x, x.T @ y
    return np.stack(
        [np.linalg.solve(gram + a * np.eye(len(gram)), moment) for a in alphas], axis=1
    )


def figure() -> Figure:
    fig = Figure(figsize=(6.4, 3.4))
    left, right = fig.subplots(1, 2, sharey=True)
    _, _, names = data()
    muted = rcParams["axes.edgecolor"]
    cycle = rcParams["axes.prop_cycle"].by_key()["color"]
    for ax, alphas, coefs, title in (
        (left, LASSO_ALPHAS, lasso_coefficients(), "Lasso (L1)"),
        (right, RIDGE_ALPHAS, ridge_coefficients(), "Ridge (L2)"),
    ):
        for name, path in zip(names, coefs):
            if name in LABELLED:
                colour = cycle[LABELLED.index(name)]
                ax.plot(alphas, path, color=colour, linestyle="-", linewidth=1.6)
                ax.annotate(
                    name,
                    (alphas[-1], path[-1]),
                    xytext=(3, 0),
                    textcoords="offset points",
                    color=colour,
                    va="center",
                    fontsize=8,
                )
            else:
                ax.plot(alphas, path, color=muted, linestyle="-", linewidth=0.8)
        ax.set_xscale("log")
        ax.set_xlim(alphas[0], alphas[-1])
        ax.axhline(0, color=rcParams["text.color"], linewidth=0.6)
        ax.set(title=title, xlabel=r"penalty $\alpha$ (decreasing)")
    left.set_ylabel("coefficient")
    return fig
