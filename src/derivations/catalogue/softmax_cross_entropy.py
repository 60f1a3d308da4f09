"""Softmax followed by cross-entropy: the logit gradient is the softmax output minus the one-hot label.

The parts: the gradient of the categorical cross-entropy of a one-hot label (the headline, softmax minus
one-hot); the Jacobian of the softmax, which `cross_entropy_kl.py` uses for soft targets; and with two
classes the softmax is a sigmoid of the logit difference, so binary cross-entropy is the log loss.

Notes for authors:
- The number of classes K is a size symbol: claims SymPy cannot prove for general K are proven for
  K = 2 and 3, and checked numerically at those sizes.
- The one-hot label is y_k = KroneckerDelta(k, c), with c the true class. The index l is used only inside
  the softmax's normaliser.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as M
from derivations.display import reciprocal
from derivations.display import total as A
from derivations.model import Assume, Define, Derivation, Part, Step

K = sp.Symbol("K", integer=True, positive=True)
k = sp.Symbol("k", integer=True, positive=True)
m = sp.Symbol("m", integer=True, positive=True)
c = sp.Symbol("c", integer=True, positive=True)
l = sp.Symbol("l", integer=True, positive=True)  # the index inside the normaliser

z = sp.IndexedBase("z", real=True)
q = sp.IndexedBase("q", positive=True)
y = sp.IndexedBase("y", nonnegative=True)
z1, z2 = sp.Symbol("z_1", real=True), sp.Symbol("z_2", real=True)
sigma = sp.Function("sigma", real=True)
s = sp.Symbol("s", real=True)

delta = sp.KroneckerDelta(k, m)
partition = sp.Sum(sp.exp(z[l]), (l, 1, K))  # the softmax's normaliser, sum_l e^{z_l}

DERIVATION = Derivation(
    id="softmax-cross-entropy",
    title="Softmax cross-entropy and its gradient",
    summary=(
        r"For logits $z$, softmax outputs $q_k = e^{z_k}/\sum_l e^{z_l}$ and a one-hot label $y$, the gradient "
        r"of the cross-entropy $-\sum_k y_k \ln q_k$ in the logits is $q - y$. The softmax's Jacobian is "
        r"$\partial q_k/\partial z_m = q_k(\delta_{km} - q_m)$. With two classes, softmax is the sigmoid of "
        r"the logit difference, so cross-entropy is the log loss."
    ),
    assumptions=(
        Assume(K, sp.S.Naturals, "the number of classes", sizes=(2, 3)),
        Assume(k, sp.Range(1, K + 1), "the index of a class"),
        Assume(m, sp.Range(1, K + 1), "the index of the logit we differentiate in"),
        Assume(c, sp.Range(1, K + 1), "the true class"),
        Assume(l, sp.Range(1, K + 1), "a class index inside the softmax's normaliser"),
        Assume(z, sp.S.Reals, "$z_k$, the logit (score) of class $k$"),
        Assume(
            q,
            sp.Interval.open(0, 1),
            "$q_k$, the model's probability of class $k$ (defined below)",
        ),
        Assume(
            y,
            sp.FiniteSet(0, 1),
            "$y_k$, entry $k$ of the one-hot label (defined below)",
        ),
        Assume(z1, sp.S.Reals, "the logit of class 1 when there are two classes"),
        Assume(z2, sp.S.Reals, "the logit of class 2 when there are two classes"),
        Assume(s, sp.S.Reals, "a score"),
    ),
    definitions=(
        Define(
            q[k],
            M(sp.exp(z[k]), reciprocal(partition)),
            "the softmax: the model's probability of class $k$",
        ),
        Define(
            y[k],
            sp.KroneckerDelta(k, c),
            "the one-hot label: 1 for the true class $c$, 0 otherwise",
        ),
        Define(sigma(s), 1 / (1 + sp.exp(-s)), "the logistic sigmoid"),
    ),
    parts=(
        Part(
            "gradient",
            "One-hot label: the gradient is softmax minus one-hot",
            start=sp.Derivative(-sp.Sum(M(y[k], sp.log(q[k])), (k, 1, K)), z[m]),
            start_reason="The categorical cross-entropy of a one-hot label, differentiated in the logit $z_m$",
            steps=(
                Step(
                    "pick-true-class",
                    sp.Derivative(-sp.log(q[c]), z[m]),
                    "Only the true class has $y_k = 1$: the loss is minus the log of its predicted probability",
                ),
                Step(
                    "log-softmax",
                    sp.Derivative(A(-z[c], sp.log(partition)), z[m]),
                    r"$\ln q_c = z_c - \ln \sum_l e^{z_l}$: the log of a quotient",
                ),
                Step(
                    "differentiate",
                    A(-sp.KroneckerDelta(c, m), M(sp.exp(z[m]), reciprocal(partition))),
                    r"$\partial z_c / \partial z_m$ is 1 if $c = m$ and 0 otherwise; only the term $l = m$ of "
                    r"the normaliser depends on $z_m$",
                ),
                Step(
                    "softmax-minus-one-hot",
                    A(q[m], -y[m]),
                    r"The fraction is the softmax output $q_m$, and $\delta_{cm} = y_m$",
                ),
            ),
        ),
        Part(
            "jacobian",
            "The Jacobian of the softmax",
            start=sp.Derivative(q[k], z[m]),
            start_reason="How the probability of class $k$ moves with the logit $z_m$",
            steps=(
                Step(
                    "quotient-rule",
                    M(
                        A(
                            M(delta, sp.exp(z[k]), partition),
                            -M(sp.exp(z[k]), sp.exp(z[m])),
                        ),
                        reciprocal(partition**2),
                    ),
                    r"The quotient rule; the numerator $e^{z_k}$ depends on $z_m$ only if $k = m$, and the "
                    r"normaliser's derivative is $e^{z_m}$",
                ),
                Step(
                    "jacobian-entry",
                    M(q[k], A(delta, -q[m])),
                    r"Divide through: each fraction is a softmax output",
                ),
            ),
        ),
        Part(
            "two-classes",
            "With two classes, softmax is a sigmoid",
            start=M(sp.exp(z1), reciprocal(A(sp.exp(z1), sp.exp(z2)))),
            start_reason="The softmax probability of class 1 when $K = 2$",
            steps=(
                Step(
                    "divide-by-first",
                    reciprocal(A(1, sp.exp(-A(z1, -z2)))),
                    r"Divide the numerator and the denominator by $e^{z_1}$",
                ),
                Step(
                    "sigmoid-of-difference",
                    sigma(A(z1, -z2)),
                    r"This is the sigmoid of the logit difference $z_1 - z_2$",
                ),
            ),
        ),
    ),
    references=cite("bridle1990"),
)
