"""With frozen features, training a new softmax head is a convex problem.

Transfer learning by feature extraction keeps a pretrained network's layers fixed and trains only a new
output layer on their features h. The first part shows that the head's scores are then affine in the
head's weights along any line W + tV: the features do not move, so each score is z_k + t u_k. The second
part differentiates the softmax cross-entropy twice along that line: the second derivative is the
variance of the score changes u_k under the softmax probabilities, which is never negative. A function
whose second derivative along every line is non-negative is convex, so the head's loss has no local
minimum other than the global one (Yosinski et al., 2014, and Howard and Ruder, 2018, discuss when such
frozen features are good enough).

Notes for authors:
- The class count K is *defined* as 3 and the class indices range over {1, 2, 3}, so the curvature is
  proven symbolically for three classes (the argument is the same for any K). With K as a size symbol the
  verifier first attempts general K, and on sums of exponentials that takes several seconds. The feature
  count d is a size symbol, checked at d = 1 and 2.
- The scores z_k and their changes u_k are plain symbols in the second part. The first part shows what
  they are; keeping them undefined keeps the sums over features out of the curvature checks.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as M
from derivations.display import total as A
from derivations.model import Assume, Define, Derivation, Part, Rel, Step

CLASSES = 3
K = sp.Symbol("K", integer=True, positive=True)
d = sp.Symbol("d", integer=True, positive=True)
k = sp.Symbol("k", integer=True, positive=True)
m = sp.Symbol("m", integer=True, positive=True)  # summation index only
j = sp.Symbol("j", integer=True, positive=True)  # summation index only
c = sp.Symbol("c", integer=True, positive=True)

t = sp.Symbol("t", real=True)
h = sp.IndexedBase("h", real=True)
W = sp.IndexedBase("W", real=True)
V = sp.IndexedBase("V", real=True)
b = sp.IndexedBase("b", real=True)
beta = sp.IndexedBase("beta", real=True)
z = sp.IndexedBase("z", real=True)
u = sp.IndexedBase("u", real=True)
q = sp.IndexedBase("q", positive=True)

moved = sp.exp(A(z[k], M(t, u[k])))
mean_change = sp.Sum(M(q[m], u[m]), (m, 1, K))
log_partition = sp.log(sp.Sum(moved, (k, 1, K)))
loss_on_line = A(-A(z[c], M(t, u[c])), log_partition)

DERIVATION = Derivation(
    id="frozen-features-convex-head",
    title="Frozen features make the head's loss convex",
    summary=(
        "With the features $h$ fixed, the scores of a softmax head are affine along every line $W + tV$ in its "
        "weights, and the second derivative of the cross-entropy along the line is the variance of the score "
        "changes under the softmax probabilities, which is non-negative: the loss is convex in the head's weights."
    ),
    assumptions=(
        Assume(d, sp.S.Naturals, "the number of features", sizes=(1, 2)),
        Assume(k, sp.FiniteSet(1, 2, 3), "the index of a class"),
        Assume(c, sp.FiniteSet(1, 2, 3), "the true class of the example"),
        Assume(
            t, sp.S.Reals, "the position along a line in weight space", sample=(-1, 1)
        ),
        Assume(
            h,
            sp.S.Reals,
            "$h_j$, feature $j$ of the example, computed by the frozen layers",
        ),
        Assume(
            W, sp.S.Reals, "$W_{kj}$, the head's weight from feature $j$ to class $k$"
        ),
        Assume(V, sp.S.Reals, "$V_{kj}$, the direction of the line for that weight"),
        Assume(b, sp.S.Reals, "$b_k$, the head's bias for class $k$"),
        Assume(beta, sp.S.Reals, "$\\beta_k$, the direction of the line for that bias"),
        Assume(
            z, sp.S.Reals, "$z_k$, the score of class $k$ at $t = 0$", sample=(-1, 1)
        ),
        Assume(
            u,
            sp.S.Reals,
            "$u_k$, the change of the score of class $k$ per unit of $t$",
            sample=(-1, 1),
        ),
        Assume(
            q,
            sp.Interval.open(0, 1),
            "$q_k$, the probability of class $k$ at position $t$ (defined below)",
        ),
    ),
    definitions=(
        Define(K, CLASSES, "the number of classes (three in every check)"),
        Define(
            q[k],
            moved / sp.Sum(sp.exp(A(z[m], M(t, u[m]))), (m, 1, K)),
            "the softmax probability of class $k$ at position $t$",
        ),
    ),
    parts=(
        Part(
            "scores-affine",
            "The scores are affine along any line",
            start=A(
                sp.Sum(M(A(W[k, j], M(t, V[k, j])), h[j]), (j, 1, d)),
                b[k],
                M(t, beta[k]),
            ),
            start_reason=(
                "The score of class $k$ at the head's weights $W + tV$ and bias $b + t\\beta$; "
                "the features $h_j$ are frozen, so they do not depend on $t$"
            ),
            steps=(
                Step(
                    "expand",
                    A(
                        sp.Sum(M(W[k, j], h[j]), (j, 1, d)),
                        b[k],
                        M(t, A(sp.Sum(M(V[k, j], h[j]), (j, 1, d)), beta[k])),
                    ),
                    "Multiply out and collect the terms in $t$: the score is $z_k + t u_k$, with "
                    "$u_k$ the bracket and $z_k$ the rest, neither depending on $t$",
                ),
            ),
        ),
        Part(
            "curvature",
            "The loss curves upward along every line",
            start=sp.Derivative(loss_on_line, (t, 2)),
            start_reason=(
                "The cross-entropy of the true class $c$, $-s_c + \\log \\sum_k e^{s_k}$, with the scores "
                "$s_k = z_k + t u_k$ found above, differentiated twice along the line"
            ),
            steps=(
                Step(
                    "linear-term-vanishes",
                    sp.Derivative(log_partition, (t, 2)),
                    "The first term is linear in $t$, so its second derivative is zero",
                ),
                Step(
                    "softmax-average",
                    sp.Derivative(sp.Sum(M(q[k], u[k]), (k, 1, K)), t),
                    "The derivative of $\\log \\sum_k e^{z_k + t u_k}$ is $\\sum_k u_k e^{z_k + t u_k}$ over "
                    "$\\sum_m e^{z_m + t u_m}$: the average of the $u_k$ under the softmax",
                ),
                Step(
                    "second-moment-minus-square",
                    A(sp.Sum(M(q[k], u[k] ** 2), (k, 1, K)), -(mean_change**2)),
                    "Differentiate each probability: $dq_k/dt = q_k (u_k - \\sum_m q_m u_m)$",
                ),
                Step(
                    "variance",
                    sp.Sum(M(q[k], A(u[k], -mean_change) ** 2), (k, 1, K)),
                    "Expand the square and use $\\sum_k q_k = 1$: this is the variance of the $u_k$ "
                    "under the probabilities $q_k$",
                ),
                Step(
                    "termwise-nonnegative",
                    sp.Sum(0, (k, 1, K)),
                    "Each term is a positive probability times a square",
                    rel=Rel.GE,
                ),
                Step(
                    "nonnegative",
                    sp.Integer(0),
                    "A sum of zeros; so the loss curves upward along every line in the head's weights, "
                    "which makes it convex in them",
                ),
            ),
        ),
    ),
    references=cite("yosinski2014", "howard2018"),
)
