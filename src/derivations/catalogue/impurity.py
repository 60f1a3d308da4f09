"""Entropy and Gini impurity of a two-class node: both are largest at p = 1/2.

A decision tree scores a node by an impurity of its class proportions. For two classes with proportion p
of the first, the entropy (Quinlan, 1986) and the Gini impurity (Breiman et al., 1984) are both zero for a
pure node. The parts find where each is largest, by setting its derivative to zero and checking that the
second derivative is negative everywhere (so the stationary point is the maximum), and evaluate the peak:
1 bit (ln 2 in nats) for the entropy, 1/2 for the Gini impurity.

Notes for authors:
- The base-2 logarithm is a defined function, so that it prints as log2 while the checker expands it to
  log(x)/log(2).
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as M
from derivations.display import reciprocal
from derivations.display import total as A
from derivations.model import Assume, Define, Derivation, Part, Rel, Step, Value

p = sp.Symbol("p", positive=True)
x = sp.Symbol("x", positive=True)
half = sp.S.Half
lg = sp.Function(r"\log_2", real=True)
H = sp.Function("H", nonnegative=True)
He = sp.Function("H_e", nonnegative=True)
G = sp.Function("G", nonnegative=True)
ln2 = sp.log(2)

DERIVATION = Derivation(
    id="impurity-maximum",
    title="Entropy and Gini impurity peak at p = 1/2",
    summary=(
        "For a two-class node with proportion $p$ of one class, the entropy "
        "$H(p) = -p\\log_2 p - (1 - p)\\log_2(1 - p)$ and the Gini impurity $G(p) = 1 - p^2 - (1 - p)^2 = 2p(1 - p)$ "
        "both have zero slope only at $p = 1/2$ and a negative second derivative everywhere, so $p = 1/2$ is their "
        "maximum: 1 bit ($\\ln 2$ nats) of entropy, and a Gini impurity of $1/2$."
    ),
    assumptions=(
        Assume(
            p, sp.Interval.open(0, 1), "the proportion of the first class in the node"
        ),
    ),
    definitions=(
        Define(lg(x), sp.log(x) / ln2, "the logarithm to base 2"),
        Define(
            H(p),
            -A(M(p, lg(p)), M(1 - p, lg(1 - p))),
            "the entropy of the node, in bits",
        ),
        Define(
            He(p),
            -A(M(p, sp.log(p)), M(1 - p, sp.log(1 - p))),
            "the entropy in nats (natural logarithm)",
        ),
        Define(G(p), A(1, -(p**2), -((1 - p) ** 2)), "the Gini impurity of the node"),
    ),
    parts=(
        Part(
            "entropy-stationary",
            "The entropy's slope is zero only at p = 1/2",
            start=sp.Derivative(H(p), p),
            start_reason="The slope of the entropy in the class proportion",
            steps=(
                Step(
                    "entropy-product-rule",
                    A(-lg(p), -reciprocal(ln2), lg(1 - p), reciprocal(ln2)),
                    "Product rule on each term, with $\\frac{d}{dp}\\log_2 p = \\frac{1}{p \\ln 2}$",
                ),
                Step(
                    "entropy-log-ratio",
                    lg((1 - p) / p),
                    "The constants cancel, and a difference of logarithms is the logarithm of the ratio",
                ),
                Step(
                    "entropy-half",
                    sp.Eq(p, half),
                    "Set the slope to zero: $\\log_2$ is zero only at 1, so $1 - p = p$",
                    rel=Rel.SOLVE,
                ),
            ),
        ),
        Part(
            "entropy-concave",
            "The entropy is concave",
            start=sp.Derivative(H(p), (p, 2)),
            start_reason="The second derivative: the slope $\\log_2((1 - p)/p)$ found above, differentiated again",
            steps=(
                Step(
                    "entropy-second",
                    -M(reciprocal(ln2), A(reciprocal(1 - p), reciprocal(p))),
                    "$\\log_2((1 - p)/p) = \\log_2(1 - p) - \\log_2 p$; differentiate each term",
                ),
                Step(
                    "entropy-second-combined",
                    -reciprocal(M(p, 1 - p, ln2)),
                    "Over a common denominator, $\\frac{1}{1 - p} + \\frac{1}{p} = \\frac{1}{p(1 - p)}$",
                ),
                Step(
                    "entropy-second-negative",
                    sp.S.Zero,
                    "$p$, $1 - p$ and $\\ln 2$ are positive, so the slope falls everywhere and "
                    "$p = 1/2$ is the maximum",
                    rel=Rel.LT,
                ),
            ),
        ),
        Part(
            "entropy-peak",
            "The peak is one bit",
            start=H(half),
            start_reason="The entropy at $p = 1/2$",
            steps=(
                Step(
                    "entropy-two-halves",
                    -M(2, half, lg(half)),
                    "Both terms are $\\frac12 \\log_2 \\frac12$",
                ),
                Step("entropy-one-bit", sp.S.One, "$\\log_2 \\frac12 = -1$"),
            ),
        ),
        Part(
            "entropy-peak-nats",
            "In nats the peak is ln 2",
            start=He(half),
            start_reason="With the natural logarithm, the entropy at $p = 1/2$",
            steps=(
                Step(
                    "nats-two-halves",
                    -M(2, half, sp.log(half, evaluate=False)),
                    "Both terms are $\\frac12 \\ln \\frac12$",
                ),
                Step(
                    "nats-ln-two",
                    ln2,
                    "$-\\ln \\frac12 = \\ln 2$: the bit is $\\ln 2$ nats",
                ),
            ),
        ),
        Part(
            "gini-stationary",
            "The Gini impurity's slope is zero only at p = 1/2",
            start=sp.Derivative(G(p), p),
            start_reason="The slope of the Gini impurity in the class proportion",
            steps=(
                Step(
                    "gini-slope",
                    A(-M(2, p), M(2, 1 - p)),
                    "Differentiate the squares; the chain rule gives $+2(1 - p)$",
                ),
                Step("gini-slope-linear", A(2, -M(4, p)), "Collect terms"),
                Step(
                    "gini-half", sp.Eq(p, half), "Set the slope to zero", rel=Rel.SOLVE
                ),
            ),
        ),
        Part(
            "gini-concave",
            "The Gini impurity is concave",
            start=sp.Derivative(G(p), (p, 2)),
            start_reason="The second derivative: the slope $2 - 4p$ found above, differentiated again",
            steps=(
                Step(
                    "gini-second",
                    sp.Integer(-4),
                    "The slope falls by 4 per unit of $p$",
                ),
                Step(
                    "gini-second-negative",
                    sp.S.Zero,
                    "So $p = 1/2$ is the maximum",
                    rel=Rel.LT,
                ),
            ),
        ),
        Part(
            "gini-peak",
            "The peak is one half",
            start=G(p),
            start_reason="The Gini impurity",
            steps=(
                Step(
                    "gini-product",
                    M(2, p, 1 - p),
                    "Expand the square: $1 - p^2 - (1 - 2p + p^2) = 2p - 2p^2$",
                ),
                Step(
                    "gini-at-most-half",
                    half,
                    "$2p(1 - p) = \\frac12 - 2(p - \\frac12)^2$ and a square is never negative; equality holds only "
                    "at $p = 1/2$",
                    rel=Rel.LE,
                ),
            ),
        ),
    ),
    values=(
        Value(
            "nats-peak",
            He(half),
            ln2,
            "the largest entropy of a two-class node, in nats",
            digits=12,
        ),
    ),
    references=cite("quinlan1986", "breiman1984"),
)
