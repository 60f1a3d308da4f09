"""Cross-entropy is entropy plus the Kullback-Leibler divergence, so minimising it over the model minimises
the divergence.

The parts: the decomposition H(p, q) = H(p) + D_KL(p || q); and for a soft target p and a softmax model q,
the divergence and the cross-entropy have the same logit gradient, q - p. That the divergence is never
negative (Gibbs' inequality) is cited, not derived here: its proof needs ln u <= u - 1, which SymPy does not
decide, and checking it numerically at 90 digits doubled this derivation's verification time.

Notes for authors:
- The target distribution p is written through positive weights a_k, p_k = a_k / sum_l a_l, so that every
  sampled point is a distribution (entries positive, summing to one). The model's distribution q is the
  softmax of the logits z, as in `softmax_cross_entropy.py`. The index l is used only inside these
  definitions.
- The cross-entropy H(p, q) and the entropy H(p) are two different SymPy functions shown with the same
  letter (they differ in their assumptions), so that each has its own definition.
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
l = sp.Symbol(
    "l", integer=True, positive=True
)  # the index inside the definitions' sums

z = sp.IndexedBase("z", real=True)
a = sp.IndexedBase("a", positive=True)
p = sp.IndexedBase("p", positive=True)
q = sp.IndexedBase("q", positive=True)

H = sp.Function("H", positive=True)  # the cross-entropy H(p, q)
H_p = sp.Function(
    "H", nonnegative=True
)  # the entropy H(p): the same letter, a different function
D = sp.Function(r"D_{\mathrm{KL}}", real=True)
P, Q = p, q  # the two distributions as wholes, as arguments of H and D

partition = sp.Sum(sp.exp(z[l]), (l, 1, K))
cross_entropy = -sp.Sum(M(p[k], sp.log(q[k])), (k, 1, K))
entropy = -sp.Sum(M(p[k], sp.log(p[k])), (k, 1, K))
divergence = sp.Sum(M(p[k], sp.log(M(p[k], reciprocal(q[k])))), (k, 1, K))

DERIVATION = Derivation(
    id="cross-entropy-kl",
    title="Cross-entropy, entropy and the Kullback-Leibler divergence",
    summary=(
        r"The cross-entropy $H(p, q) = -\sum_k p_k \ln q_k$ is the entropy $H(p)$ plus the divergence "
        r"$D_{\mathrm{KL}}(p \,\|\, q) = \sum_k p_k \ln(p_k/q_k)$. The entropy does not depend on the model, "
        r"so for a softmax model both have the logit gradient $q - p$."
    ),
    assumptions=(
        Assume(K, sp.S.Naturals, "the number of classes", sizes=(2, 3)),
        Assume(k, sp.Range(1, K + 1), "the index of a class"),
        Assume(m, sp.Range(1, K + 1), "the index of the logit we differentiate in"),
        Assume(l, sp.Range(1, K + 1), "a class index inside the definitions' sums"),
        Assume(z, sp.S.Reals, "$z_k$, the logit (score) of class $k$"),
        Assume(
            a,
            sp.Interval.open(0, sp.oo),
            "$a_k > 0$, unnormalised weights of the target distribution",
            sample=(0.05, 5),
        ),
        Assume(
            q,
            sp.Interval.open(0, 1),
            "$q_k$, the model's probability of class $k$ (defined below)",
        ),
        Assume(
            p,
            sp.Interval.open(0, 1),
            "$p_k$, the target probability of class $k$ (defined below)",
        ),
    ),
    definitions=(
        Define(
            q[k],
            M(sp.exp(z[k]), reciprocal(partition)),
            "the softmax: the model's probability of class $k$",
        ),
        Define(
            p[k],
            M(a[k], reciprocal(sp.Sum(a[l], (l, 1, K)))),
            "a target distribution: positive entries that sum to one",
        ),
        Define(H(P, Q), cross_entropy, "the cross-entropy of $q$ relative to $p$"),
        Define(H_p(P), entropy, "the entropy of $p$"),
        Define(D(P, Q), divergence, "the Kullback-Leibler divergence of $q$ from $p$"),
    ),
    parts=(
        Part(
            "decomposition",
            "Cross-entropy is entropy plus divergence",
            start=H(P, Q),
            steps=(
                Step(
                    "add-and-subtract",
                    A(
                        -sp.Sum(M(p[k], sp.log(p[k])), (k, 1, K)),
                        sp.Sum(M(p[k], A(sp.log(p[k]), -sp.log(q[k]))), (k, 1, K)),
                    ),
                    r"Add and subtract $\sum_k p_k \ln p_k$",
                ),
                Step(
                    "entropy-plus-divergence",
                    A(H_p(P), D(P, Q)),
                    r"$\ln p_k - \ln q_k = \ln(p_k/q_k)$: the second sum is the divergence",
                ),
            ),
        ),
        Part(
            "soft-target",
            "A soft target: the divergence and the cross-entropy have the same gradient",
            start=sp.Derivative(D(P, Q), z[m]),
            start_reason="The divergence of the model from a target distribution $p$, differentiated in $z_m$",
            steps=(
                Step(
                    "divergence-as-difference",
                    sp.Derivative(A(H(P, Q), -H_p(P)), z[m]),
                    "By the decomposition above, the divergence is cross-entropy minus entropy",
                ),
                Step(
                    "entropy-is-constant",
                    sp.Derivative(H(P, Q), z[m]),
                    "The entropy of the target does not depend on the model's logits",
                ),
                Step(
                    "log-softmax",
                    sp.Derivative(
                        A(
                            -sp.Sum(M(p[k], z[k]), (k, 1, K)),
                            M(sp.Sum(p[k], (k, 1, K)), sp.log(partition)),
                        ),
                        z[m],
                    ),
                    r"Put in $\ln q_k = z_k - \ln \sum_l e^{z_l}$; the second term is the same for every $k$",
                ),
                Step(
                    "target-sums-to-one",
                    sp.Derivative(
                        A(-sp.Sum(M(p[k], z[k]), (k, 1, K)), sp.log(partition)), z[m]
                    ),
                    r"A distribution sums to one",
                ),
                Step(
                    "differentiate",
                    A(-p[m], M(sp.exp(z[m]), reciprocal(partition))),
                    r"Only the term $k = m$ of the first sum and the term $l = m$ of the normaliser depend on $z_m$",
                ),
                Step(
                    "softmax-minus-target",
                    A(q[m], -p[m]),
                    r"The fraction is the softmax output $q_m$",
                ),
            ),
        ),
    ),
    references=cite("shannon1948", "kullback1951"),
)
