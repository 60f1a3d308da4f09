"""Why attention divides by the square root of d_k: the dot product of two random vectors has variance d_k.

A query q and a key k in R^(d_k) have independent components with mean 0 and variance 1 (Vaswani et al.,
2017, footnote 4). Then each product q_i k_i has mean 0 and variance 1, the d_k products are independent,
so the dot product q . k has mean 0 and variance d_k, and dividing it by the square root of d_k brings the
variance back to 1 whatever the dimension.

Notes for authors:
- As in weight_initialization.py, the probability is in the definitions: every expectation or variance a
  step needs is a named symbol, and each definition states one modelling fact (independence makes moments
  of products factorise and variances of sums add; the components have mean 0 and variance 1). The steps
  combine those facts and the checker confirms each step is consistent with them.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as times
from derivations.display import reciprocal
from derivations.display import total as plus
from derivations.model import Assume, Define, Derivation, Part, Step

d_k = sp.Symbol("d_k", integer=True, positive=True)
i = sp.Symbol("i", integer=True, positive=True)

# Moments, each a named symbol; their names are the LaTeX readers see. All components share one
# distribution, so the moments are the same for every i.
e_q = sp.Symbol(r"\mathbb{E}[q_i]")
e_k = sp.Symbol(r"\mathbb{E}[k_i]")
e_q_sq = sp.Symbol(r"\mathbb{E}[q_i^2]")
e_k_sq = sp.Symbol(r"\mathbb{E}[k_i^2]")
e_term = sp.Symbol(r"\mathbb{E}[q_i k_i]")
e_term_sq = sp.Symbol(r"\mathbb{E}[q_i^2 k_i^2]")
var_term = sp.Symbol(r"\operatorname{Var}(q_i k_i)")
e_dot = sp.Symbol(r"\mathbb{E}[q \cdot k]")
var_dot = sp.Symbol(r"\operatorname{Var}(q \cdot k)")
var_scaled = sp.Symbol(r"\operatorname{Var}\!\left(\frac{q \cdot k}{\sqrt{d_k}}\right)")

U = sp.UnevaluatedExpr  # keeps a term where it is written
root_d = sp.Pow(d_k, sp.S.Half, evaluate=False)


DERIVATION = Derivation(
    id="attention-scaling",
    title="The variance of a query-key dot product",
    summary=(
        "If the components of a query $q$ and a key $k$ are independent with mean 0 and variance 1, each "
        "product $q_i k_i$ has mean 0 and variance 1, so the dot product $q \\cdot k$ of two $d_k$-dimensional "
        "vectors has mean 0 and variance $d_k$. Dividing it by $\\sqrt{d_k}$ brings the variance back to 1, "
        "whatever the dimension."
    ),
    assumptions=(
        Assume(
            d_k, sp.S.Naturals, "the dimension of queries and keys", sizes=(1, 2, 3)
        ),
        Assume(i, sp.Range(1, d_k + 1), "the index of a component"),
    ),
    definitions=(
        Define(e_q, sp.S.Zero, "every component of the query has mean 0"),
        Define(e_k, sp.S.Zero, "every component of the key has mean 0"),
        Define(
            e_q_sq,
            sp.S.One,
            "every component of the query has variance 1; with mean 0 that is its second moment",
        ),
        Define(e_k_sq, sp.S.One, "the same for the key"),
        Define(
            e_term,
            times(e_q, e_k),
            "$q_i$ and $k_i$ are independent, so the expectation of their product factorises",
        ),
        Define(
            e_term_sq,
            times(e_q_sq, e_k_sq),
            "so are $q_i^2$ and $k_i^2$: the same factorisation",
        ),
        Define(
            var_term,
            plus(e_term_sq, -U(e_term**2)),
            "a variance is the second moment minus the squared mean",
        ),
        Define(
            e_dot,
            sp.Sum(e_term, (i, 1, d_k)),
            "the expectation of a sum is the sum of the expectations",
        ),
        Define(
            var_dot,
            sp.Sum(var_term, (i, 1, d_k)),
            "the $d_k$ products $q_i k_i$ are independent of each other, and the variance of a sum of "
            "independent terms is the sum of their variances",
        ),
        Define(
            var_scaled,
            times(reciprocal(d_k), var_dot),
            "a constant factor $c$ comes out of a variance squared, $\\operatorname{Var}(cX) = c^2 "
            "\\operatorname{Var}(X)$; here $c^2 = 1/d_k$",
        ),
    ),
    parts=(
        Part(
            "term-mean",
            "One product has mean 0",
            start=e_term,
            steps=(
                Step(
                    "term-mean-factorise",
                    times(e_q, e_k),
                    "$q_i$ and $k_i$ are independent",
                ),
                Step("term-mean-zero", sp.S.Zero, "Both have mean 0"),
            ),
        ),
        Part(
            "term-variance",
            "One product has variance 1",
            start=var_term,
            steps=(
                Step(
                    "term-variance-moments",
                    plus(e_term_sq, -U(e_term**2)),
                    "$\\operatorname{Var}(Y) = \\mathbb{E}[Y^2] - \\mathbb{E}[Y]^2$",
                ),
                Step(
                    "term-variance-factorise",
                    plus(times(e_q_sq, e_k_sq), -U(e_term**2)),
                    "$q_i^2$ and $k_i^2$ are independent, so the second moment factorises",
                ),
                Step(
                    "term-variance-mean-zero",
                    times(e_q_sq, e_k_sq),
                    "The mean of $q_i k_i$ is 0, shown above",
                ),
                Step(
                    "term-variance-one", sp.S.One, "Each component has second moment 1"
                ),
            ),
        ),
        Part(
            "dot-mean",
            "The dot product has mean 0",
            start=e_dot,
            steps=(
                Step(
                    "dot-mean-sum", sp.Sum(e_term, (i, 1, d_k)), "Expectation is linear"
                ),
                Step("dot-mean-zero", sp.S.Zero, "Every term has mean 0"),
            ),
        ),
        Part(
            "dot-variance",
            "The variance of the dot product grows with the dimension",
            start=var_dot,
            steps=(
                Step(
                    "dot-variance-sum",
                    sp.Sum(var_term, (i, 1, d_k)),
                    "The products $q_i k_i$ are independent of each other, so their variances add",
                ),
                Step(
                    "dot-variance-ones",
                    sp.Sum(sp.S.One, (i, 1, d_k)),
                    "Each product has variance 1, shown above",
                ),
                Step("dot-variance-dk", d_k, "$d_k$ terms equal to 1"),
            ),
        ),
        Part(
            "scaled-variance",
            "Scaling restores variance 1",
            start=var_scaled,
            steps=(
                Step(
                    "scaled-variance-factor",
                    times(sp.Pow(reciprocal(root_d), 2, evaluate=False), var_dot),
                    "$\\operatorname{Var}(cX) = c^2 \\operatorname{Var}(X)$ with $c = 1/\\sqrt{d_k}$",
                ),
                Step(
                    "scaled-variance-insert",
                    times(reciprocal(d_k), d_k),
                    "$(1/\\sqrt{d_k})^2 = 1/d_k$, and the variance of the dot product is $d_k$",
                ),
                Step(
                    "scaled-variance-one",
                    sp.S.One,
                    "The factors cancel, for every dimension $d_k$",
                ),
            ),
        ),
    ),
    references=cite("vaswani2017"),
)
