"""How the gradient of a tanh recurrent network's last state with respect to its first depends on the distance between them, for four scales of the recurrent weight matrix.

An Elman network with 32 tanh hidden units reads 60 steps of random inputs (4 standard normal features
per step, input weights of standard deviation 0.1, no bias, h_0 = 0, seed 0). Its recurrent matrix is a
random orthogonal matrix times a scale rho, so that rho is both its spectral radius and its spectral norm.
For each step T the plot shows the spectral norm of the Jacobian of h_T with respect to h_0, the product
of T factors diag(1 - h_t^2) W, on a logarithmic axis from 10 to the power -10 to 10 to the power 8.

Solid lines: the measured norms for rho = 0.8, 0.95, 1.2 and 2. Dashed lines of the same colour: the
bound rho to the power T (the slope of tanh is at most 1), which every solid line stays below. With
rho = 0.8 the norm falls steadily, to about 5 times 10 to the power -8 after 60 steps; with rho = 0.95
more slowly, to about 3 times 10 to the power -4. With rho = 1.2 it rises to about 4 near step 26 and
then drifts back below 1, while its bound grows past 50 000: the hidden states grow, tanh's slope
shrinks, and the slope factors cancel the weights' growth. With rho = 2 the norm does explode, to about
300 000 after 60 steps, yet still far below its bound. The take-away: a spectral norm below one
guarantees vanishing gradients; a norm above one makes explosion possible, not certain.
"""

from functools import lru_cache

import numpy as np
from matplotlib.figure import Figure

HIDDEN = 32
INPUTS = 4
STEPS = 60
SCALES = (0.8, 0.95, 1.2, 2.0)
INPUT_SCALE = 0.1
SEED = 0


def network(scale: float, seed: int = SEED):
    """(W, U, x): recurrent matrix scale * Q with Q random orthogonal, input weights, and the inputs."""
    rng = np.random.default_rng(seed)
    q, r = np.linalg.qr(rng.standard_normal((HIDDEN, HIDDEN)))
    q = q * np.sign(np.diag(r))  # a uniformly random orthogonal matrix
    U = INPUT_SCALE * rng.standard_normal((HIDDEN, INPUTS))
    x = rng.standard_normal((STEPS, INPUTS))
    return scale * q, U, x


def states(W, U, x):
    """h_1, ..., h_T of h_t = tanh(W h_{t-1} + U x_t), from h_0 = 0."""
    h = np.zeros(W.shape[0])
    out = []
    for x_t in x:
        h = np.tanh(W @ h + U @ x_t)
        out.append(h)
    return np.array(out)


def jacobian_norms(W, U, x):
    """For T = 1..STEPS, the spectral norm of dh_T/dh_0 = prod_t diag(1 - h_t^2) W (latest factor on the left)."""
    J = np.eye(W.shape[0])
    norms = []
    for h in states(W, U, x):
        J = (1 - h**2)[:, None] * (W @ J)
        norms.append(np.linalg.norm(J, 2))
    return np.array(norms)


@lru_cache(maxsize=1)
def curves() -> dict:
    return {scale: jacobian_norms(*network(scale)) for scale in SCALES}


def figure() -> Figure:
    fig = Figure(figsize=(6.4, 3.4))
    ax = fig.subplots()
    steps = np.arange(1, STEPS + 1)
    for scale, norms in curves().items():
        (line,) = ax.semilogy(steps, norms, linestyle="-", label=f"$\\rho = {scale:g}$")
        ax.semilogy(
            steps,
            scale ** steps.astype(float),
            linestyle="--",
            linewidth=1,
            color=line.get_color(),
        )
    ax.plot([], [], linestyle="--", linewidth=1, color="grey", label="bound $\\rho^T$")
    ax.set(
        xlim=(1, STEPS),
        ylim=(1e-10, 1e8),
        xlabel="time steps $T$ back to $h_0$",
        ylabel=r"$\Vert \partial h_T / \partial h_0 \Vert_2$",
        title="Gradient norm through time",
    )
    ax.legend(loc="lower left", ncols=2)
    return fig
