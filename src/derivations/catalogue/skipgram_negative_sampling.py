"""Skip-gram with negative sampling (Mikolov et al., 2013): the loss of one training pair and its gradients.

For a centre word c with input vector v_c, an observed context word o with output vector u_o, and K
sampled negative words with output vectors u_1, ..., u_K, the objective to maximise is
log sigma(u_o . v_c) + sum_k log sigma(-u_k . v_c); the loss is its negative. The first two parts
differentiate log sigma(t) and log sigma(-t); the chain rule through the scores then gives the gradient
with respect to v_c, u_o and one negative u_l.

Notes for authors:
- Vectors are written entry by entry (index a in 1..D) and the negatives as rows of u (u[k, a]); claims
  about general D and K are checked size by size (D, K in {1, 2}).
- The negatives are taken to be distinct words; a word drawn twice receives the sum of both terms.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as M
from derivations.display import reciprocal
from derivations.display import total as A
from derivations.model import Assume, Define, Derivation, Part, Step

D = sp.Symbol("D", integer=True, positive=True)
K = sp.Symbol("K", integer=True, positive=True)
a = sp.Symbol("a", integer=True, positive=True)
b = sp.Symbol("b", integer=True, positive=True)
k = sp.Symbol("k", integer=True, positive=True)
l = sp.Symbol("l", integer=True, positive=True)  # one particular negative
t = sp.Symbol("t", real=True)
x = sp.Symbol("x", real=True)  # the variable of the sigmoid's slope, bound inside Subs

v = sp.IndexedBase("v_c", real=True)
uo = sp.IndexedBase("u_o", real=True)
u = sp.IndexedBase("u", real=True)
s = sp.IndexedBase("s", real=True)
s_o = sp.Symbol("s_o", real=True)

sigma = sp.Function("sigma", real=True)
sigma_prime = sp.Function(r"\sigma'", real=True)

loss = A(-sp.log(sigma(s_o)), -sp.Sum(sp.log(sigma(-s[k])), (k, 1, K)))

DERIVATION = Derivation(
    id="skipgram-negative-sampling",
    title="Skip-gram with negative sampling: the loss and its gradients",
    summary=(
        "The loss of one skip-gram pair with $K$ negative samples is $-\\log\\sigma(s_o) - \\sum_k "
        "\\log\\sigma(-s_k)$, with scores $s_o = u_o \\cdot v_c$ and $s_k = u_k \\cdot v_c$. Its gradient is "
        "$-\\sigma(-s_o)\\,u_o + \\sum_k \\sigma(s_k)\\,u_k$ with respect to the centre vector $v_c$, "
        "$-\\sigma(-s_o)\\,v_c$ with respect to the context vector $u_o$, and $\\sigma(s_l)\\,v_c$ with respect "
        "to a negative's vector $u_l$."
    ),
    assumptions=(
        Assume(D, sp.S.Naturals, "the dimension of the word vectors", sizes=(2,)),
        Assume(K, sp.S.Naturals, "the number of negative samples", sizes=(2,)),
        Assume(a, sp.Range(1, D + 1), "the index of a vector entry"),
        Assume(l, sp.Range(1, K + 1), "the index of one negative sample"),
        Assume(
            v,
            sp.S.Reals,
            "$v_{c,a}$, entry $a$ of the centre word's input vector $v_c$",
            sample=(-2, 2),
        ),
        Assume(
            uo,
            sp.S.Reals,
            "$u_{o,a}$, entry $a$ of the context word's output vector $u_o$",
            sample=(-2, 2),
        ),
        Assume(
            u,
            sp.S.Reals,
            "$u_{k,a}$, entry $a$ of negative word $k$'s output vector $u_k$",
            sample=(-2, 2),
        ),
        Assume(s, sp.S.Reals, "$s_k$, the score of negative word $k$ (defined below)"),
        Assume(t, sp.S.Reals, "a score"),
    ),
    definitions=(
        Define(sigma(t), 1 / (1 + sp.exp(-t)), "the logistic sigmoid"),
        Define(
            sigma_prime(t),
            sp.Subs(sp.Derivative(sigma(x), x), x, t),
            "the slope of the sigmoid at $t$",
        ),
        Define(
            s_o,
            sp.Sum(M(uo[b], v[b]), (b, 1, D)),
            "the score of the observed pair, $u_o \\cdot v_c$",
        ),
        Define(
            s[k],
            sp.Sum(M(u[k, b], v[b]), (b, 1, D)),
            "the score of negative pair $k$, $u_k \\cdot v_c$",
        ),
    ),
    parts=(
        Part(
            "positive-term",
            "The slope of log σ(t)",
            start=sp.Derivative(sp.log(sigma(t)), t),
            steps=(
                Step(
                    "positive-log-rule",
                    M(sigma_prime(t), reciprocal(sigma(t))),
                    "$(\\log f)' = f'/f$",
                ),
                Step(
                    "positive-slope",
                    M(sigma(t), 1 - sigma(t), reciprocal(sigma(t))),
                    "The sigmoid's slope is $\\sigma(t)(1 - \\sigma(t))$",
                ),
                Step("positive-cancel", 1 - sigma(t), "Cancel $\\sigma(t)$"),
                Step("positive-weight", sigma(-t), "$1 - \\sigma(t) = \\sigma(-t)$"),
            ),
        ),
        Part(
            "negative-term",
            "The slope of log σ(−t)",
            start=sp.Derivative(sp.log(sigma(-t)), t),
            steps=(
                Step(
                    "negative-log-rule",
                    M(-1, sigma_prime(-t), reciprocal(sigma(-t))),
                    "$(\\log f)' = f'/f$, and the inner derivative of $-t$ is $-1$",
                ),
                Step(
                    "negative-slope",
                    M(-1, sigma(-t), 1 - sigma(-t), reciprocal(sigma(-t))),
                    "The sigmoid's slope, at $-t$",
                ),
                Step("negative-cancel", -(1 - sigma(-t)), "Cancel $\\sigma(-t)$"),
                Step("negative-weight", -sigma(t), "$1 - \\sigma(-t) = \\sigma(t)$"),
            ),
        ),
        Part(
            "context-gradient",
            "The gradient with respect to the context vector",
            start=sp.Derivative(loss, uo[a]),
            start_reason="The same loss, differentiated in entry $a$ of $u_o$",
            steps=(
                Step(
                    "context-chain-rule",
                    -M(sigma(-s_o), v[a]),
                    "Only the first term depends on $u_o$ (the context word is not among its own negatives): "
                    "the slope of $\\log\\sigma$ above, times $\\partial s_o/\\partial u_{o,a} = v_{c,a}$",
                ),
            ),
        ),
        Part(
            "negative-gradient",
            "The gradient with respect to a negative's vector",
            start=sp.Derivative(-sp.log(sigma(-s[l])), u[l, a]),
            start_reason=(
                "The same loss, differentiated in entry $a$ of the vector $u_l$ of negative $l$: of all its terms, "
                "only the one of negative $l$ depends on $u_l$"
            ),
            steps=(
                Step(
                    "negative-chain-rule",
                    M(sigma(s[l]), v[a]),
                    "The slope of $\\log\\sigma(-t)$ above, with the sign of the loss, times "
                    "$\\partial s_l/\\partial u_{l,a} = v_{c,a}$",
                ),
            ),
        ),
        Part(
            "centre-gradient",
            "The gradient with respect to the centre vector",
            start=sp.Derivative(loss, v[a]),
            start_reason="The loss of one pair and its $K$ negatives, differentiated in entry $a$ of $v_c$",
            steps=(
                Step(
                    "centre-chain-rule",
                    A(
                        -M(sigma(-s_o), uo[a]),
                        sp.Sum(M(sigma(s[k]), u[k, a]), (k, 1, K)),
                    ),
                    "The chain rule with the two slopes above: $\\partial s_o/\\partial v_{c,a} = u_{o,a}$ and "
                    "$\\partial s_k/\\partial v_{c,a} = u_{k,a}$",
                ),
            ),
        ),
    ),
    references=cite("mikolov2013b"),
)
