"""The chain rule of probability for a target sequence, and the teacher-forced loss as a sum of per-step
cross-entropies, for a sequence of T = 3 tokens.

Any conditional distribution of three tokens y_1, y_2, y_3 from a vocabulary of V tokens, given a source
x, factorises into p(y_1 | x) p(y_2 | y_1, x) p(y_3 | y_1, y_2, x). The first part shows it for an
arbitrary joint distribution: multiply and divide by the marginals, and each ratio is a conditional by
definition. A sequence-to-sequence decoder models exactly these conditionals, one softmax per step,
each given the true previous tokens: that is teacher forcing (Williams & Zipser, 1989; Sutskever et
al., 2014). The second part takes the negative log: the loss of the sequence is the sum of the steps'
cross-entropies between the one-hot target and the predicted distribution.

Notes for authors:
- The joint distribution is q[a, b, c] / Z with q > 0 arbitrary and Z the sum of all q, so it is a
  general distribution with full support on V^3; the marginals and conditionals are defined from it, as
  definitions (a conditional probability is a ratio by definition), and only their product is claimed.
- The summation variables (alpha, beta, nu) are bound and need no assumption. Claims with a sum over
  the vocabulary are checked size by size for V = 2, every one of the 8 target sequences; V = 3 as well
  took twice as long to verify, and nothing in the steps depends on V.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as M
from derivations.display import total as A
from derivations.model import Assume, Define, Derivation, Part, Step

V = sp.Symbol("V", integer=True, positive=True)
y1, y2, y3 = sp.symbols("y_1 y_2 y_3", integer=True, positive=True)
v = sp.Symbol("v", integer=True, positive=True)
alpha, beta, nu = sp.symbols(
    "alpha beta nu", integer=True, positive=True
)  # bound summation variables

U = sp.UnevaluatedExpr  # keeps a factor as written, for display only
q = sp.IndexedBase("q", positive=True)
Z = sp.Symbol("Z", positive=True)
joint = sp.Symbol(r"p(y_{1}, y_{2}, y_{3} \mid x)", positive=True)
marginal12 = sp.Symbol(r"p(y_{1}, y_{2} \mid x)", positive=True)
marginal1 = sp.Symbol(r"p(y_{1} \mid x)", positive=True)
p1 = sp.IndexedBase(r"p^{(1)}", positive=True)
p2 = sp.IndexedBase(r"p^{(2)}", positive=True)
p3 = sp.IndexedBase(r"p^{(3)}", positive=True)


def over(var, expr):
    """The sum of expr over every token `var` of the vocabulary."""
    return sp.Sum(expr, (var, 1, V))


def cross_entropy(p, target):
    """-sum_v [v = target] log p_v: the cross-entropy between the one-hot target and the distribution p."""
    return -over(v, M(sp.KroneckerDelta(v, target), sp.log(p[v])))


DERIVATION = Derivation(
    id="sequence-likelihood",
    title="The sequence likelihood as a product of next-token probabilities",
    summary=(
        "For a target of three tokens, $p(y_1, y_2, y_3 \\mid x) = p(y_1 \\mid x)\\, p(y_2 \\mid y_1, x)\\, "
        "p(y_3 \\mid y_1, y_2, x)$, and its negative log is the sum of three cross-entropies, one per step, "
        "each between the one-hot next token and the distribution predicted from the true previous tokens."
    ),
    assumptions=(
        Assume(V, sp.S.Naturals, "the size of the vocabulary", sizes=(2,)),
        Assume(y1, sp.Range(1, V + 1), "the first target token"),
        Assume(y2, sp.Range(1, V + 1), "the second target token"),
        Assume(y3, sp.Range(1, V + 1), "the third target token"),
        Assume(v, sp.Range(1, V + 1), "a token of the vocabulary"),
        Assume(
            q,
            sp.Interval.open(0, 10),
            "$q_{abc}$, a positive weight for each sequence $a, b, c$ of tokens",
        ),
        Assume(
            p1,
            sp.Interval.open(0, 1),
            "$p^{(1)}_v$, step 1's predicted probability of token $v$ (defined below)",
        ),
        Assume(
            p2,
            sp.Interval.open(0, 1),
            "$p^{(2)}_v$, step 2's predicted probability of token $v$ (defined below)",
        ),
        Assume(
            p3,
            sp.Interval.open(0, 1),
            "$p^{(3)}_v$, step 3's predicted probability of token $v$ (defined below)",
        ),
    ),
    definitions=(
        Define(
            Z,
            over(alpha, over(beta, over(nu, q[alpha, beta, nu]))),
            "the total weight of all sequences",
        ),
        Define(
            joint,
            q[y1, y2, y3] / Z,
            "the probability of the target sequence given the source $x$",
        ),
        Define(
            marginal12,
            over(nu, q[y1, y2, nu]) / Z,
            "the probability of its first two tokens: the joint summed over $y_3$",
        ),
        Define(
            marginal1,
            over(beta, over(nu, q[y1, beta, nu])) / Z,
            "the probability of its first token",
        ),
        Define(p1[v], over(beta, over(nu, q[v, beta, nu])) / Z, "$p(y_1 = v \\mid x)$"),
        Define(
            p2[v],
            over(nu, q[y1, v, nu]) / over(beta, over(nu, q[y1, beta, nu])),
            "$p(y_2 = v \\mid y_1, x)$: the probability of $y_1, v$ divided by that of $y_1$",
        ),
        Define(
            p3[v],
            q[y1, y2, v] / over(nu, q[y1, y2, nu]),
            "$p(y_3 = v \\mid y_1, y_2, x)$: the probability of $y_1, y_2, v$ divided by that of $y_1, y_2$",
        ),
    ),
    parts=(
        Part(
            "chain-rule",
            "The chain rule of probability",
            start=joint,
            start_reason="The probability the model gives to the whole target sequence",
            steps=(
                Step(
                    "telescope",
                    M(marginal1, U(marginal12 / marginal1), U(joint / marginal12)),
                    "Multiply and divide by the probabilities of the first token and of the first two tokens, "
                    "which are positive",
                ),
                Step(
                    "next-token",
                    M(p1[y1], p2[y2], p3[y3]),
                    "Each ratio is a conditional probability, by its definition: the next token's probability "
                    "given the true tokens before it",
                ),
            ),
        ),
        Part(
            "loss",
            "The loss is a sum of per-step cross-entropies",
            start=-sp.log(M(p1[y1], p2[y2], p3[y3])),
            start_reason="The negative log-likelihood of the target, factorised as above",
            steps=(
                Step(
                    "sum-of-logs",
                    A(-sp.log(p1[y1]), -sp.log(p2[y2]), -sp.log(p3[y3])),
                    "The log of a product of positive factors is the sum of their logs",
                ),
                Step(
                    "cross-entropies",
                    A(
                        cross_entropy(p1, y1),
                        cross_entropy(p2, y2),
                        cross_entropy(p3, y3),
                    ),
                    "The one-hot target $[v = y_t]$ picks out the term of the true token, so each term is the "
                    "cross-entropy of step $t$",
                ),
            ),
        ),
        Part(
            "normalised",
            "Each step predicts a distribution",
            start=over(v, p3[v]),
            start_reason="The probabilities step 3 gives to all tokens of the vocabulary",
            steps=(
                Step(
                    "common-denominator",
                    over(v, q[y1, y2, v]) / over(nu, q[y1, y2, nu]),
                    "Every term has the same denominator, the probability of the prefix $y_1, y_2$",
                ),
                Step(
                    "sums-to-one",
                    sp.Integer(1),
                    "The numerator sums the same weights as the denominator, so a softmax over the vocabulary "
                    "can play the role of each conditional",
                ),
            ),
        ),
    ),
    references=cite("sutskever2014", "williams1989"),
)
