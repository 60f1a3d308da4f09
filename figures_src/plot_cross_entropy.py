"""Softmax cross-entropy with three classes: the loss and the gradient entries as the true class's logit grows, and cross-entropy split into entropy and divergence.

Left panel: three classes, logits (z₁, 0, 0), the true class is class 1. Against z₁ from −4 to 6, the
loss −ln q₁ falls from about 5.1 toward 0; the gradient entry for the true class, q₁ − 1, rises from
nearly −1 toward 0, and the entries for the two other classes, q₂ = q₃, fall from nearly ½ toward 0. At
every z₁ the three gradient entries sum to zero. A confident wrong prediction gets a gradient of size
close to 1, a confident right one a gradient close to 0.

Right panel: a target distribution p = (0.7, 0.2, 0.1) and four model distributions q, one horizontal
bar each: q = p, q = (0.5, 0.3, 0.2), the uniform distribution, and q = (0.1, 0.2, 0.7). Each bar is
the cross-entropy H(p, q), split into the entropy H(p) ≈ 0.80 nats, the same for every model, and the
Kullback–Leibler divergence, which is 0 for q = p and grows as q moves away from p (about 1.17 nats for
the last model). A model can lower cross-entropy only by lowering the divergence.
"""

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure

TARGET = np.array([0.7, 0.2, 0.1])
MODELS = {
    "q = p": TARGET,
    "q = (0.5, 0.3, 0.2)": np.array([0.5, 0.3, 0.2]),
    "uniform": np.full(3, 1 / 3),
    "q = (0.1, 0.2, 0.7)": np.array([0.1, 0.2, 0.7]),
}


def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def entropy(p) -> float:
    return float(-(p * np.log(p)).sum())


def cross_entropy(p, q) -> float:
    return float(-(p * np.log(q)).sum())


def divergence(p, q) -> float:
    return float((p * np.log(p / q)).sum())


def figure() -> Figure:
    fig = Figure(figsize=(6.4, 3.3))
    left, right = fig.subplots(1, 2, width_ratios=(1, 1.1))
    z1 = np.linspace(-4, 6, 121)
    logits = np.stack([z1, np.zeros_like(z1), np.zeros_like(z1)], axis=1)
    q = softmax(logits)
    left.plot(z1, -np.log(q[:, 0]), label=r"loss $-\ln q_1$")
    left.plot(z1, q[:, 0] - 1, label=r"gradient $q_1 - 1$ (true class)")
    left.plot(z1, q[:, 1], label=r"gradient $q_2 = q_3$")
    left.axhline(0, color=rcParams["axes.edgecolor"], linewidth=0.8)
    left.set(
        xlim=(-4, 6),
        ylim=(-1.2, 5.5),
        xlabel="logit of the true class $z_1$ (others 0)",
        title="Loss and gradient, $K = 3$",
    )
    left.legend(loc="upper right", fontsize=8)

    names = list(MODELS)
    rows = np.arange(len(names))[::-1]
    floor = entropy(TARGET)
    gaps = np.array([divergence(TARGET, q) for q in MODELS.values()])
    cycle = rcParams["axes.prop_cycle"].by_key()["color"]
    right.barh(rows, np.full(len(names), floor), color=cycle[4], label="entropy $H(p)$")
    right.barh(
        rows,
        gaps,
        left=floor,
        color=cycle[1],
        label=r"divergence $D_{\mathrm{KL}}(p \,\|\, q)$",
    )
    right.set_yticks(rows, names)
    right.grid(axis="y", visible=False)
    right.set(
        xlim=(0, 2.2),
        xlabel="cross-entropy $H(p, q)$ (nats)",
        title=r"Target $p = (0.7, 0.2, 0.1)$",
    )
    right.legend(loc="upper right", fontsize=8)
    return fig
