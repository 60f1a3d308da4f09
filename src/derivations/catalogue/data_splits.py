"""The class share of a random validation split: its mean, its variance, and the binomial bound.

A validation set of m examples is drawn without replacement from N examples, of which a share pi is
positive. The positive count is a sum of m indicators, one per draw. Each indicator is a Bernoulli
variable with mean pi; two different draws are negatively correlated, because a positive taken by
the first is no longer available to the second. Adding up m variances and m(m - 1) covariances
gives the variance of the hypergeometric distribution; divided by m^2 it is the variance of the
share. A stratified split fixes the number of positives in advance, so its share does not vary
(up to rounding to a whole number of examples), which is why the page needs no derivation for it.

Notes for authors:
- As in weight_initialization.py, the probability lives in the definitions: each moment a step
  needs is a named symbol, and each definition states one modelling fact. The steps combine them.
- N is a size symbol, and m ranges over 1..N, so the numeric checks draw consistent pairs.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as times
from derivations.display import reciprocal
from derivations.display import total as plus
from derivations.model import Assume, Define, Derivation, Part, Rel, Step, Value

N = sp.Symbol("N", integer=True, positive=True)
m = sp.Symbol("m", integer=True, positive=True)
pi = sp.Symbol("pi", positive=True)

var_share = sp.Symbol(r"\operatorname{Var}(\hat\pi)")
var_count = sp.Symbol(r"\operatorname{Var}(X)")
var_one = sp.Symbol(r"\operatorname{Var}(Z_i)")
cov_two = sp.Symbol(r"\operatorname{Cov}(Z_i, Z_j)")
p_both = sp.Symbol(r"P(Z_{i} = 1, Z_{j} = 1)")
sd_example = sp.Symbol(r"\operatorname{sd}(\hat\pi)_{\mathrm{cancer}}")

U = sp.UnevaluatedExpr
one_minus_pi = plus(1, -pi)
bernoulli = times(pi, one_minus_pi)

# The example the page uses: the breast-cancer data set of scikit-learn, 569 examples of which 212
# are malignant, with a validation set of 114 examples (a fifth, rounded up).
EXAMPLE_N, EXAMPLE_POSITIVE, EXAMPLE_M = 569, 212, 114


def _variance(n_all, share, size):
    return share * (1 - share) / size * (n_all - size) / (n_all - 1)


DERIVATION = Derivation(
    id="random-split-class-share",
    title="The class share of a random validation split",
    summary=(
        "If $m$ of $N$ examples, a share $\\pi$ of them positive, are drawn without replacement, the positive "
        "share $\\hat\\pi$ of the sample has variance $\\frac{\\pi(1-\\pi)}{m}\\cdot\\frac{N-m}{N-1}$ (the "
        "hypergeometric variance), at most the binomial $\\pi(1-\\pi)/m$. A stratified split fixes the share."
    ),
    assumptions=(
        Assume(
            N,
            sp.Range(2, sp.oo),
            "the number of examples in the data set",
            sizes=(2, 5, 20, 569),
        ),
        Assume(
            m,
            sp.Range(1, N + 1),
            "the number of examples drawn into the validation set",
        ),
        Assume(
            pi,
            sp.Interval.open(0, 1),
            "the share of positive examples in the data set ($\\pi N$ of them are positive)",
        ),
    ),
    definitions=(
        Define(
            var_share,
            times(reciprocal(m**2), var_count),
            "$\\hat\\pi = X/m$, where $X = Z_1 + \\dots + Z_m$ counts the positives and $Z_i = 1$ when draw $i$ is "
            "positive; scaling by $1/m$ scales a variance by $1/m^2$",
        ),
        Define(
            var_count,
            plus(times(m, var_one), times(m, plus(m, -1), cov_two)),
            "the variance of a sum is the sum of the $m$ variances and the $m(m-1)$ covariances of ordered "
            "pairs $i \\ne j$; by symmetry every draw has the same variance and every pair the same covariance",
        ),
        Define(
            var_one,
            bernoulli,
            "each draw on its own is positive with probability $\\pi$: a Bernoulli variable",
        ),
        Define(
            cov_two,
            plus(p_both, -U(pi**2)),
            "$\\operatorname{Cov}(Z_i, Z_j) = \\mathbb{E}[Z_i Z_j] - \\mathbb{E}[Z_i]\\,\\mathbb{E}[Z_j]$, and "
            "$Z_i Z_j = 1$ exactly when both draws are positive",
        ),
        Define(
            p_both,
            times(pi, plus(pi * N, -1), reciprocal(plus(N, -1))),
            "draw $i$ is positive with probability $\\pi$; then $\\pi N - 1$ positives remain among $N - 1$ "
            "examples",
        ),
    ),
    parts=(
        Part(
            "hypergeometric",
            "The variance of the share",
            start=var_share,
            steps=(
                Step(
                    "scale",
                    times(reciprocal(m**2), var_count),
                    "The share is the count divided by $m$",
                ),
                Step(
                    "sum-of-draws",
                    times(
                        reciprocal(m**2),
                        plus(times(m, var_one), times(m, plus(m, -1), cov_two)),
                    ),
                    "The count is a sum of $m$ indicators: $m$ variances and $m(m-1)$ covariances",
                ),
                Step(
                    "bernoulli",
                    times(
                        reciprocal(m**2),
                        plus(times(m, bernoulli), times(m, plus(m, -1), cov_two)),
                    ),
                    "One draw is a Bernoulli variable with mean $\\pi$",
                ),
                Step(
                    "pair",
                    times(
                        reciprocal(m**2),
                        plus(
                            times(m, bernoulli),
                            times(m, plus(m, -1), plus(p_both, -U(pi**2))),
                        ),
                    ),
                    "A covariance is the mean of the product minus the product of the means",
                ),
                Step(
                    "without-replacement",
                    times(
                        reciprocal(m**2),
                        plus(
                            times(m, bernoulli),
                            times(
                                m,
                                plus(m, -1),
                                plus(
                                    times(
                                        pi, plus(pi * N, -1), reciprocal(plus(N, -1))
                                    ),
                                    -U(pi**2),
                                ),
                            ),
                        ),
                    ),
                    "The second draw sees one positive fewer among one example fewer",
                ),
                Step(
                    "covariance-negative",
                    times(
                        reciprocal(m**2),
                        plus(
                            times(m, bernoulli),
                            -U(
                                times(
                                    m, plus(m, -1), bernoulli, reciprocal(plus(N, -1))
                                )
                            ),
                        ),
                    ),
                    "Over the common denominator $N - 1$ the covariance is $-\\pi(1-\\pi)/(N-1)$: negative",
                ),
                Step(
                    "factor",
                    times(
                        bernoulli, reciprocal(m), plus(N, -m), reciprocal(plus(N, -1))
                    ),
                    "Take out $m\\,\\pi(1-\\pi)$: $1 - (m-1)/(N-1) = (N-m)/(N-1)$",
                ),
            ),
        ),
        Part(
            "binomial-bound",
            "Drawing without replacement varies less",
            start=times(bernoulli, reciprocal(m), plus(N, -m), reciprocal(plus(N, -1))),
            start_reason="The variance from above",
            steps=(
                Step(
                    "at-most-binomial",
                    times(bernoulli, reciprocal(m)),
                    "$m \\ge 1$, so $(N - m)/(N - 1) \\le 1$: the binomial variance of $m$ draws with replacement "
                    "is an upper bound, and the two agree only for $m = 1$",
                    rel=Rel.LE,
                ),
            ),
        ),
        Part(
            "whole-set",
            "A validation set that is the whole data set",
            start=times(bernoulli, reciprocal(N), plus(N, -N), reciprocal(plus(N, -1))),
            start_reason="The variance with $m = N$",
            steps=(
                Step(
                    "no-variance",
                    sp.S.Zero,
                    "$N - N = 0$: every draw takes the whole data set, whose share is $\\pi$",
                ),
            ),
        ),
    ),
    values=(
        Value(
            "cancer-sd",
            sd_example,
            sp.sqrt(
                _variance(
                    sp.Integer(EXAMPLE_N),
                    sp.Rational(EXAMPLE_POSITIVE, EXAMPLE_N),
                    sp.Integer(EXAMPLE_M),
                )
            ),
            "the standard deviation of the malignant share in a random validation set of 114 of the 569 "
            "breast-cancer examples (212 malignant)",
            digits=6,
        ),
    ),
    references=cite("neyman1934"),
)
