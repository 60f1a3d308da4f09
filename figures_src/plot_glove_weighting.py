"""GloVe's weighting function f(x) = (x/x_max)^α below x_max = 100 and 1 above, with α = 3/4 (the paper's choice) and, for comparison, α = 1.

Left panel: f against the co-occurrence count x from 0 to 250 on a linear axis. Both curves start at 0
for x = 0, rise to 1 at x = 100 and stay at 1 beyond, with no jump at 100. The curve for α = 3/4 lies
above the straight line of α = 1 everywhere below 100: it is concave and gives small counts relatively
more weight.

Right panel: the same two functions for counts from 1 to 1000 on a logarithmic axis, with the weights of
α = 3/4 marked at 1, 10 and 50: about 0.03, 0.18 and 0.59. The point: a pair seen once counts about a
thirtieth as much as a frequent pair, so the many rare, noisy co-occurrences cannot dominate the cost,
while no pair, however frequent, gets more than weight 1.
"""

import numpy as np
from matplotlib.figure import Figure

X_MAX = 100.0
ALPHA = 0.75
MARKED = (1, 10, 50)


def weight(x, x_max: float = X_MAX, alpha: float = ALPHA):
    """f(x) = (x / x_max)^alpha for x < x_max, and 1 from x_max on."""
    x = np.asarray(x, dtype=float)
    return np.where(x < x_max, (np.minimum(x, x_max) / x_max) ** alpha, 1.0)


def figure() -> Figure:
    fig = Figure(figsize=(6.4, 3.0))
    linear, logarithmic = fig.subplots(1, 2)
    x = np.linspace(0, 250, 251)
    counts = np.geomspace(1, 1000, 61)
    for alpha, label in ((ALPHA, r"$\alpha = 3/4$"), (1.0, r"$\alpha = 1$")):
        (line,) = linear.plot(x, weight(x, alpha=alpha), label=label)
        logarithmic.semilogx(
            counts,
            weight(counts, alpha=alpha),
            color=line.get_color(),
            linestyle=line.get_linestyle(),
            label=label,
        )
    marked = np.array(MARKED, dtype=float)
    logarithmic.plot(marked, weight(marked), "o", color="C0", markersize=4)
    for count in MARKED:
        right = count == MARKED[0]  # the first label would sit on the axis
        logarithmic.annotate(
            f"{float(weight(count)):.2f}",
            xy=(count, float(weight(count))),
            xytext=(6 if right else -6, 6),
            textcoords="offset points",
            ha="left" if right else "right",
            fontsize=8,
        )
    for ax in (linear, logarithmic):
        ax.axvline(X_MAX, color="0.5", linewidth=0.8, linestyle=":")
        ax.set(ylim=(0, 1.1), xlabel="co-occurrence count $x$", ylabel="weight $f(x)$")
    linear.set(xlim=(0, 250), title="Linear axis")
    linear.text(X_MAX + 4, 0.08, r"$x_{\max} = 100$", fontsize=8)
    linear.legend(loc="center right")
    logarithmic.set(xlim=(1, 1000), ylabel="", title="Logarithmic axis")
    return fig
