"""Backpropagation through a two-layer network, derived entry by entry with the chain rule.

The network has d inputs x_j, m sigmoid hidden units h_k = sigma(a_k) with a_k = sum_j W_kj x_j + b_k,
and one output: the score z = sum_k v_k h_k + c, turned into a probability sigma(z) and scored by the log
loss of a 0/1 label y. The parts derive the gradient of the loss in every kind of parameter: the output
weights v_k, the hidden weights W_kj and the hidden biases b_k. Each is a product of the output error
sigma(z) - y with factors read off the forward pass, which is what backpropagation computes
(Rumelhart, Hinton & Williams, 1986).

Notes for authors:
- The loss is written as a defined function ell(u) of the score, so that its derivative at the score
  can be shown as one factor (a `Subs`), exactly like the layer slopes of `vanishing_gradients.py`.
- Derivatives are only ever taken in independent quantities (v_k, W_kj, b_k), never in a defined name
  such as h_k: the verifier replaces defined names by their definitions before it differentiates.
- One hidden unit k and one input j stand for all of them. The sums are written with the term that
  matters apart, as in `log_loss.py`: the score is z = v_k h_k + r, where r collects the other hidden
  units and the output bias, and unit k's pre-activation is a_k = W_kj x_j + e_k + b_k, where e_k
  collects the other inputs. Nothing in r or e_k depends on v_k, W_kj or b_k, so every claim holds for
  any number of inputs and hidden units, with no Kronecker deltas. The entries are plain symbols named
  by their indices: a version with indexed entries and the sums written out, checked size by size, took
  half a minute to verify instead of about a second.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as M
from derivations.display import total as A
from derivations.model import Assume, Define, Derivation, Part, Step

# One hidden unit k and one input j stand for all of them: the entries are plain symbols named by their
# indices, and everything else the score and the pre-activation depend on is collected in r and e_k.
x = sp.Symbol("x_j", real=True)
W = sp.Symbol("W_{kj}", real=True)
b = sp.Symbol("b_k", real=True)
v = sp.Symbol("v_k", real=True)
y = sp.Symbol("y", integer=True, nonnegative=True)
s = sp.Symbol("s", real=True)
r = sp.Symbol("r", real=True)
e = sp.Symbol("e_k", real=True)

a = sp.Symbol("a_k", real=True)
h = sp.Symbol("h_k", positive=True)
z = sp.Symbol("z", real=True)
delta = sp.Symbol(r"\delta", real=True)
delta_h = sp.Symbol(r"\delta^{h}_{k}", real=True)

u = sp.Symbol("u", real=True)  # the argument of a function, bound inside Subs
sigma = sp.Function("sigma", real=True)
ell = sp.Function(r"\ell", real=True)


def at(f, point):
    """f'(point): the derivative of f, taken at `point`."""
    return sp.Subs(sp.Derivative(f(u), u), u, point)


loss_at_z = ell(z)
dloss = at(ell, z)  # dL/dz
dsigma = at(sigma, a)  # sigma'(a_k)

DERIVATION = Derivation(
    id="two-layer-backprop",
    title="Backpropagation through a two-layer network",
    summary=(
        "For $z = \\sum_l v_l \\sigma(a_l) + c$ with $a_k = \\sum_j W_{kj} x_j + b_k$ and the log loss of "
        "$\\sigma(z)$, the chain rule gives $\\partial L/\\partial v_k = \\delta h_k$, "
        "$\\partial L/\\partial W_{kj} = \\delta^h_k x_j$ and $\\partial L/\\partial b_k = \\delta^h_k$, where "
        "$\\delta = \\sigma(z) - y$ is the output error and $\\delta^h_k = \\delta\\, v_k\\, h_k (1 - h_k)$ the "
        "error sent back to hidden unit $k$."
    ),
    assumptions=(
        Assume(x, sp.S.Reals, "input $j$", sample=(-2, 2)),
        Assume(
            W,
            sp.S.Reals,
            "the weight from input $j$ to hidden unit $k$",
            sample=(-2, 2),
        ),
        Assume(b, sp.S.Reals, "the bias of hidden unit $k$", sample=(-2, 2)),
        Assume(
            v,
            sp.S.Reals,
            "the weight from hidden unit $k$ to the output",
            sample=(-2, 2),
        ),
        Assume(
            r,
            sp.S.Reals,
            "$\\sum_{l \\ne k} v_l h_l + c$, the part of the score without hidden unit $k$ "
            "(it does not depend on $v_k$, $W_{kj}$ or $b_k$)",
            sample=(-2, 2),
        ),
        Assume(
            e,
            sp.S.Reals,
            "$\\sum_{i \\ne j} W_{ki} x_i$, the part of unit $k$'s weighted input without input $j$",
            sample=(-2, 2),
        ),
        Assume(y, sp.FiniteSet(0, 1), "the label"),
        Assume(s, sp.S.Reals, "a score, the argument of the loss"),
    ),
    definitions=(
        Define(sigma(u), 1 / (1 + sp.exp(-u)), "the logistic sigmoid"),
        Define(
            ell(u),
            -A(M(y, sp.log(sigma(u))), M(1 - y, sp.log(1 - sigma(u)))),
            "the log loss of the label $y$ when the score is $u$ and the predicted probability $\\sigma(u)$",
        ),
        Define(
            a,
            A(M(W, x), e, b),
            "the pre-activation $\\sum_i W_{ki} x_i + b_k$ of hidden unit $k$, its term in input $j$ apart",
        ),
        Define(h, sigma(a), "the output of hidden unit $k$"),
        Define(
            z,
            A(M(v, h), r),
            "the score $\\sum_l v_l h_l + c$, its term in unit $k$ apart",
        ),
        Define(delta, A(sigma(z), -y), "the output error"),
        Define(
            delta_h, M(delta, v, h, 1 - h), "the error sent back to hidden unit $k$"
        ),
    ),
    parts=(
        Part(
            "output-error",
            "The loss, differentiated in the score",
            start=sp.Derivative(ell(s), s),
            start_reason="The log loss as a function of the score $s$",
            steps=(
                Step(
                    "residual",
                    A(sigma(s), -y),
                    "The derivative of the log loss in the score is the residual, as derived on the "
                    "log-loss page",
                ),
            ),
        ),
        Part(
            "output-weights",
            "The output weights",
            start=sp.Derivative(loss_at_z, v),
            start_reason="The loss $L = \\ell(z)$, differentiated in the output weight $v_k$",
            steps=(
                Step(
                    "through-score",
                    M(dloss, sp.Derivative(z, v)),
                    "$L$ depends on $v_k$ only through the score $z$: the chain rule",
                ),
                Step(
                    "error-in",
                    M(A(sigma(z), -y), sp.Derivative(z, v)),
                    "The first factor is the derivative of the loss in the score, found above",
                ),
                Step(
                    "score-in-v",
                    M(delta, h),
                    "$z$ is linear in $v_k$ with coefficient $h_k$; the first factor is the output error "
                    "$\\delta$",
                ),
            ),
        ),
        Part(
            "hidden-weights",
            "The hidden weights",
            start=sp.Derivative(loss_at_z, W),
            start_reason="The loss, differentiated in the weight $W_{kj}$ from input $j$ to hidden unit $k$",
            steps=(
                Step(
                    "hidden-through-score",
                    M(dloss, sp.Derivative(z, W)),
                    "$L$ depends on $W_{kj}$ only through $z$: the chain rule",
                ),
                Step(
                    "through-unit",
                    M(dloss, v, sp.Derivative(h, W)),
                    "Of the terms of $z$, only $v_k h_k$ depends on $W_{kj}$, so $\\partial z/\\partial W_{kj} "
                    "= v_k\\, \\partial h_k/\\partial W_{kj}$",
                ),
                Step(
                    "through-pre-activation",
                    M(dloss, v, dsigma, sp.Derivative(a, W)),
                    "$h_k = \\sigma(a_k)$ depends on $W_{kj}$ only through $a_k$: the chain rule again",
                ),
                Step(
                    "pre-activation-in-w",
                    M(dloss, v, dsigma, x),
                    "$a_k$ is linear in $W_{kj}$ with coefficient $x_j$",
                ),
                Step(
                    "sigmoid-slope",
                    M(delta, v, h, 1 - h, x),
                    "The first factor is the output error $\\delta$, and $\\sigma'(a_k) = \\sigma(a_k)(1 - "
                    "\\sigma(a_k)) = h_k(1 - h_k)$ by the sigmoid's derivative",
                ),
                Step(
                    "hidden-error",
                    M(delta_h, x),
                    "Collect everything but the input into the hidden unit's error $\\delta^h_k$",
                ),
            ),
        ),
        Part(
            "hidden-biases",
            "The hidden biases",
            start=sp.Derivative(loss_at_z, b),
            start_reason="The loss, differentiated in the bias $b_k$ of hidden unit $k$",
            steps=(
                Step(
                    "bias-chain",
                    M(dloss, v, dsigma, sp.Derivative(a, b)),
                    "The same chain as for $W_{kj}$: through $z$, $h_k$ and $a_k$",
                ),
                Step(
                    "bias-slope",
                    M(dloss, v, dsigma),
                    "$a_k$ changes one for one with $b_k$",
                ),
                Step(
                    "bias-error",
                    delta_h,
                    "The same factors as above without $x_j$: the bias gradient is the hidden error itself",
                ),
            ),
        ),
    ),
    references=cite("rumelhart1986"),
)
