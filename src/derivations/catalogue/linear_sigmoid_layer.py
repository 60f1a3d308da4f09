"""The backward pass of a linear layer plus sigmoid, node by node, as reverse-mode autograd computes it.

One example passes through z = w_j x_j + r (r: the bias plus every other feature's term), p = sigma(z) and
the log loss L(p). Autograd never differentiates L(sigma(z)) as a whole: it multiplies local derivatives
from the loss backwards. The parts compute dL/dp, then dp/dz, multiply them into dL/dz = p - y, and carry
that on to the weight and the bias. A last part writes the loss in the score (the logits form that fused
losses such as BCEWithLogitsLoss compute) and differentiates it directly, reaching the same p - y.

Notes for authors:
- The direct derivative of the loss in the score, and the full gradient, are also in `log-loss`; this
  module is about the factorisation, the local derivatives autograd stores, and the logits form.
- q stands for the probability as a free node of the graph, so dL/dp can be written before p is tied to z.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as M
from derivations.display import reciprocal as inverse
from derivations.display import total as A
from derivations.model import Assume, Define, Derivation, Part, Step

y = sp.Symbol("y", integer=True, nonnegative=True)
q = sp.Symbol("q", positive=True)
z = sp.Symbol("z", real=True)
u = sp.Symbol("u", real=True)
w = sp.Symbol("w_j", real=True)
x = sp.Symbol("x_j", real=True)
r = sp.Symbol("r", real=True)
b = sp.Symbol("b", real=True)
rest = sp.Symbol("r_0", real=True)

sigma = sp.Function("sigma", real=True)
loss = sp.Function("L", real=True)


def cross_entropy(prob):
    """-[y log prob + (1 - y) log(1 - prob)]."""
    return -A(M(y, sp.log(prob)), M(1 - y, sp.log(1 - prob)))


def softplus(value):
    return sp.log(A(1, sp.exp(value)))


LOSS_IN_SCORE = A(softplus(z), -M(y, z))

DERIVATION = Derivation(
    id="linear-sigmoid-backward",
    title="Backpropagation through a linear layer plus sigmoid",
    summary=(
        "For one example with score $z = w^\\top x + b$, probability $p = \\sigma(z)$ and log loss $L$, reverse-mode "
        "differentiation multiplies the local derivatives $\\partial L/\\partial p = (p - y)/(p(1-p))$ and "
        "$\\partial p/\\partial z = p(1 - p)$ into $\\partial L/\\partial z = p - y$; then "
        "$\\partial L/\\partial w_j = (p - y)\\,x_j$ and $\\partial L/\\partial b = p - y$. Written in the score, the "
        "loss is $\\log(1 + e^{z}) - yz$, whose derivative is the same $p - y$."
    ),
    assumptions=(
        Assume(y, sp.FiniteSet(0, 1), "the label of the example"),
        Assume(
            q,
            sp.Interval.open(0, 1),
            "the probability $p$ as a node of the graph, before it is tied to $z$",
        ),
        Assume(z, sp.S.Reals, "the score (logit) of the example", sample=(-8, 8)),
        Assume(u, sp.S.Reals, "a value of the score"),
        Assume(w, sp.S.Reals, "the weight of feature $j$", sample=(-2, 2)),
        Assume(x, sp.S.Reals, "feature $j$ of the example", sample=(-3, 3)),
        Assume(
            r,
            sp.S.Reals,
            "the rest of the score: $b$ plus the terms of the other features",
            sample=(-3, 3),
        ),
        Assume(b, sp.S.Reals, "the bias", sample=(-3, 3)),
        Assume(
            rest, sp.S.Reals, "the score without the bias, $w^\\top x$", sample=(-3, 3)
        ),
    ),
    definitions=(
        Define(sigma(u), 1 / (1 + sp.exp(-u)), "the logistic sigmoid"),
        Define(
            loss(q),
            cross_entropy(q),
            "the log loss of one example whose predicted probability is $q$",
        ),
    ),
    parts=(
        Part(
            "loss-node",
            "The local derivative at the loss",
            start=sp.Derivative(loss(q), q),
            start_reason="How the loss changes with the predicted probability",
            steps=(
                Step(
                    "loss-node-terms",
                    A(-M(y, inverse(q)), M(1 - y, inverse(1 - q))),
                    "$(\\log q)' = 1/q$ and $(\\log(1 - q))' = -1/(1 - q)$",
                ),
                Step(
                    "loss-node-fraction",
                    M(A(q, -y), inverse(M(q, 1 - q))),
                    "Over the common denominator: $-y(1 - q) + (1 - y)q = q - y$",
                ),
            ),
        ),
        Part(
            "sigmoid-node",
            "The local derivative at the sigmoid",
            start=sp.Derivative(sigma(z), z),
            start_reason="How the probability changes with the score",
            steps=(
                Step(
                    "sigmoid-node-slope",
                    M(sigma(z), 1 - sigma(z)),
                    "The sigmoid's derivative, derived on the sigmoid page",
                ),
            ),
        ),
        Part(
            "score-node",
            "Multiplying them gives the gradient at the score",
            start=sp.Derivative(loss(sigma(z)), z),
            start_reason="How the loss changes with the score, through $p = \\sigma(z)$",
            steps=(
                Step(
                    "chain-rule",
                    M(
                        sp.Subs(sp.Derivative(loss(q), q), q, sigma(z)),
                        sp.Derivative(sigma(z), z),
                    ),
                    "Chain rule: the upstream gradient at $p$ times the local derivative of the sigmoid",
                ),
                Step(
                    "insert-local",
                    M(
                        A(sigma(z), -y),
                        inverse(M(sigma(z), 1 - sigma(z))),
                        sigma(z),
                        1 - sigma(z),
                    ),
                    "Put in the two local derivatives found above, with $q = \\sigma(z)$",
                ),
                Step(
                    "residual",
                    A(sigma(z), -y),
                    "$\\sigma(z)(1 - \\sigma(z))$ cancels: what is left is $p - y$",
                ),
            ),
        ),
        Part(
            "weight",
            "The gradient at a weight",
            start=sp.Derivative(loss(sigma(A(M(w, x), r))), w),
            start_reason="The loss as a function of weight $j$, through $z = w_j x_j + r$",
            steps=(
                Step(
                    "weight-chain",
                    M(sp.Subs(sp.Derivative(loss(sigma(u)), u), u, A(M(w, x), r)), x),
                    "Chain rule: the gradient at the score times $\\partial z / \\partial w_j = x_j$",
                ),
                Step(
                    "weight-gradient",
                    M(A(sigma(A(M(w, x), r)), -y), x),
                    "The gradient at the score is $p - y$, found above: the weight's gradient is $(p - y)\\,x_j$",
                ),
            ),
        ),
        Part(
            "bias",
            "The gradient at the bias",
            start=sp.Derivative(loss(sigma(A(rest, b))), b),
            start_reason="The loss as a function of the bias, through $z = w^\\top x + b$",
            steps=(
                Step(
                    "bias-gradient",
                    A(sigma(A(rest, b)), -y),
                    "$\\partial z / \\partial b = 1$, so the bias receives the gradient at the score unchanged",
                ),
            ),
        ),
        Part(
            "logits-form",
            "The loss written in the score",
            start=cross_entropy(sigma(z)),
            start_reason="The log loss with $p = \\sigma(z)$",
            steps=(
                Step(
                    "log-sigmoid",
                    A(M(y, softplus(-z)), M(1 - y, A(z, softplus(-z)))),
                    "$-\\log \\sigma(z) = \\log(1 + e^{-z})$ and $-\\log(1 - \\sigma(z)) = z + \\log(1 + e^{-z})$",
                ),
                Step(
                    "collect",
                    A(softplus(-z), M(1 - y, z)),
                    "The two terms in $\\log(1 + e^{-z})$ add up to one",
                ),
                Step(
                    "softplus-form",
                    LOSS_IN_SCORE,
                    "$z + \\log(1 + e^{-z}) = \\log(e^{z} + 1)$",
                ),
            ),
        ),
        Part(
            "logits-derivative",
            "Differentiated directly, the logits form gives the same gradient",
            start=sp.Derivative(LOSS_IN_SCORE, z),
            start_reason="The derivative of the logits form",
            steps=(
                Step(
                    "softplus-slope",
                    A(M(sp.exp(z), inverse(A(1, sp.exp(z)))), -y),
                    "$(\\log(1 + e^{z}))' = e^{z}/(1 + e^{z})$ and $(yz)' = y$",
                ),
                Step(
                    "logits-residual",
                    A(sigma(z), -y),
                    "$e^{z}/(1 + e^{z}) = 1/(1 + e^{-z}) = \\sigma(z)$: again $p - y$",
                ),
            ),
        ),
    ),
    references=cite("rumelhart1986", "baydin2018"),
)
