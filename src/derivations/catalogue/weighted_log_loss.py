"""Class weights in the log loss: each example's gradient is scaled by its weight, duplicating an example
k times is weight k, and "balanced" weights n/(2 n_c) give both classes the same total weight.

Notes for authors:
- As in log_loss.py, the score keeps its w_j term apart, z_i = w_j x_ij + r_i, so that d/dw_j needs no
  Kronecker-delta sums; r_i stands for everything that does not involve w_j.
- The per-example derivative is written as a Derivative and checked by finite differences; the step
  after it uses the residual sigma(z) - y derived on the log-loss page.
- Class sizes are declared as positive reals: the balance identities are algebraic and hold for them.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as M
from derivations.display import reciprocal
from derivations.display import total as A
from derivations.model import Assume, Define, Derivation, Part, Step

n = sp.Symbol("n", integer=True, positive=True)
i = sp.Symbol("i", integer=True, positive=True)
m = sp.Symbol("m", integer=True, positive=True)
j = sp.Symbol("j", integer=True, positive=True)
y = sp.IndexedBase("y", integer=True, nonnegative=True)
x = sp.IndexedBase("x", real=True)
w = sp.IndexedBase("w", real=True)
r = sp.IndexedBase("r", real=True)
z = sp.IndexedBase("z", real=True)
c = sp.IndexedBase("c", positive=True)
K = sp.Symbol("k", integer=True, positive=True)
s = sp.Symbol("s", real=True)
ys = sp.Symbol(
    "a", integer=True, nonnegative=True
)  # not "y": that is the label of the IndexedBase y

sigma = sp.Function("sigma", real=True)
ell = sp.Function(
    "ell", real=True
)  # the log loss of one example: ell(s, a), s its score, a its label

n1 = sp.Symbol("n_1", positive=True)
n0 = sp.Symbol("n_0", positive=True)
N = sp.Symbol(
    "n", positive=True
)  # n_0 + n_1: the number of examples again, as a real number for the algebra
c1 = sp.Symbol("c^{(1)}", positive=True)
c0 = sp.Symbol("c^{(0)}", positive=True)

example_loss = ell(z[i], y[i])
weighted_loss = sp.Sum(M(c[i], example_loss), (i, 1, n))

DERIVATION = Derivation(
    id="weighted-log-loss",
    title="Weighted log loss and class weights",
    summary=(
        "With a weight $c_i$ on example $i$, the log loss $\\sum_i c_i \\ell_i$ has gradient "
        "$\\sum_i c_i (\\sigma(z_i) - y_i) x_{ij}$: each example's pull is scaled by its weight. Repeating "
        "an example $k$ times gives the same loss as weight $k$. Balanced class weights $n/(2 n_c)$ give "
        "each class the total weight $n/2$, and all examples together the weight $n$."
    ),
    assumptions=(
        Assume(n, sp.S.Naturals, "the number of examples", sizes=(1, 2)),
        Assume(i, sp.Range(1, n + 1), "the index of an example"),
        Assume(
            j,
            sp.Range(1, 4),
            "the index of a feature (any: the checks take the first three)",
        ),
        Assume(y, sp.FiniteSet(0, 1), "$y_i$, the label of example $i$"),
        Assume(x, sp.S.Reals, "$x_{ij}$, feature $j$ of example $i$", sample=(-2, 2)),
        Assume(w, sp.S.Reals, "$w_j$, the weight of feature $j$", sample=(-2, 2)),
        Assume(
            r,
            sp.S.Reals,
            "$r_i = b + \\sum_{l \\ne j} w_l x_{il}$, the part of the score of example $i$ without $w_j$",
            sample=(-2, 2),
        ),
        Assume(z, sp.S.Reals, "$z_i$, the score (log-odds) of example $i$"),
        Assume(
            c,
            sp.Interval.open(0, sp.oo),
            "$c_i$, the weight of example $i$",
            sample=(0.1, 10),
        ),
        Assume(
            K, sp.S.Naturals, "the number of copies of one example", sizes=(1, 2, 3, 5)
        ),
        Assume(m, sp.Range(1, K + 1), "the index of a copy"),
        Assume(s, sp.S.Reals, "a score"),
        Assume(ys, sp.FiniteSet(0, 1), "the label of one example"),
        Assume(
            n1,
            sp.Interval.open(0, sp.oo),
            "the number of positive examples",
            sample=(1, 1000),
        ),
        Assume(
            n0,
            sp.Interval.open(0, sp.oo),
            "the number of negative examples",
            sample=(1, 1000),
        ),
    ),
    definitions=(
        Define(sigma(s), 1 / (1 + sp.exp(-s)), "the logistic sigmoid"),
        Define(
            ell(s, ys),
            -A(M(ys, sp.log(sigma(s))), M(1 - ys, sp.log(1 - sigma(s)))),
            "the log loss of one example with score $s$ and label $a$",
        ),
        Define(
            z[i],
            A(M(w[j], x[i, j]), r[i]),
            "the score of example $i$, with its term in $w_j$ written apart",
        ),
        Define(N, n0 + n1, "the number of examples"),
        Define(
            c1, M(N, reciprocal(M(2, n1))), "the balanced weight of a positive example"
        ),
        Define(
            c0, M(N, reciprocal(M(2, n0))), "the balanced weight of a negative example"
        ),
    ),
    parts=(
        Part(
            "gradient",
            "Each example's gradient is scaled by its weight",
            start=sp.Derivative(weighted_loss, w[j]),
            start_reason="The weighted log loss, differentiated in the weight $w_j$",
            steps=(
                Step(
                    "sum-rule",
                    sp.Sum(M(c[i], sp.Derivative(example_loss, w[j])), (i, 1, n)),
                    "The derivative of a sum is the sum of the derivatives, and each weight $c_i$ is a constant",
                ),
                Step(
                    "weighted-residual",
                    sp.Sum(M(c[i], A(sigma(z[i]), -y[i]), x[i, j]), (i, 1, n)),
                    "Each example's derivative is its residual $\\sigma(z_i) - y_i$ times "
                    "$\\partial z_i/\\partial w_j = x_{ij}$, as for the unweighted log loss",
                ),
            ),
        ),
        Part(
            "duplicates",
            "Copies are weights",
            start=sp.Sum(ell(s, ys), (m, 1, K)),
            start_reason="The unweighted log loss of $k$ copies of one example, with score $s$ and label $a$",
            steps=(
                Step(
                    "copies-add-up",
                    M(K, ell(s, ys)),
                    "The copies have the same score and label, hence the same loss: together they count as "
                    "one example of weight $k$, in the loss and so in its gradient",
                ),
            ),
        ),
        Part(
            "balanced-positive",
            "Balanced weights: the positive class",
            start=M(n1, c1),
            start_reason="The total weight of the positive examples",
            steps=(
                Step(
                    "positive-weights",
                    M(n1, N, reciprocal(M(2, n1))),
                    "Put in $c^{(1)} = n/(2 n_1)$",
                ),
                Step(
                    "positive-total",
                    N / 2,
                    "$n_1$ cancels: the total does not depend on the class's size",
                ),
            ),
        ),
        Part(
            "balanced-negative",
            "Balanced weights: the negative class",
            start=M(n0, c0),
            start_reason="The total weight of the negative examples",
            steps=(
                Step(
                    "negative-weights",
                    M(n0, N, reciprocal(M(2, n0))),
                    "Put in $c^{(0)} = n/(2 n_0)$",
                ),
                Step(
                    "negative-total",
                    N / 2,
                    "$n_0$ cancels: the same total as the positive class",
                ),
            ),
        ),
        Part(
            "balanced-sum",
            "Balanced weights keep the total",
            start=A(M(n1, c1), M(n0, c0)),
            start_reason="The total weight of all examples",
            steps=(
                Step(
                    "two-halves",
                    A(N / 2, N / 2),
                    "Each class contributes $n/2$, as shown above",
                ),
                Step("total-n", N, "The same total as $n$ examples of weight 1"),
            ),
        ),
    ),
    references=cite("king2001", "he2009"),
)
