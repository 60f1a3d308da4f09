"""Standardization gives mean 0 and variance 1; min-max scaling maps into [0, 1], the minimum to 0 and the maximum to 1.

One feature takes the values x_1, ..., x_n on the training set. Standardization (the z-score) subtracts
their mean and divides by their standard deviation; min-max scaling subtracts their minimum and divides
by their range. The parts show that the standardized values have mean 0 and variance 1, and that the
min-max values lie in [0, 1] with the minimum sent to 0 and the maximum to 1.

Notes for authors:
- The standard deviation divides by n (as NumPy's default and scikit-learn's StandardScaler do); with
  n - 1 the variance of the standardized values would be (n - 1)/n instead of 1.
- The number of values is fixed: n is *defined* as SIZE = 3 and the index ranges over {1, 2, 3}, so every
  claim is proven for three values, case by case in the index. With n as a size symbol the verifier first
  attempts a proof for general n, and with the mean and the standard deviation (sums inside a square root)
  inside a sum that takes tens of seconds (as in batch_normalization.py). Every formula is written for a
  general n; the page says that the checks use three values.
- The feature must not be constant (s > 0, M > m); random points almost surely are not.
- SymPy cannot decide x_i - Min(x_1, x_2, x_3) >= 0 symbolically, so the two min-max bounds are verified
  numerically.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as M
from derivations.display import reciprocal as inverse
from derivations.display import total as A
from derivations.model import Assume, Define, Derivation, Part, Rel, Step

SIZE = 3  # the number of values every check uses (see the module docstring)

n = sp.Symbol("n", integer=True, positive=True)
i = sp.Symbol("i", integer=True, positive=True)
j = sp.Symbol("j", integer=True, positive=True)  # the summation index of the mean only
l = sp.Symbol(
    "l", integer=True, positive=True
)  # the summation index of the variance only
x = sp.IndexedBase("x", real=True)
xs = sp.IndexedBase(r"\tilde{x}", real=True)
mu = sp.Symbol("mu", real=True)
s = sp.Symbol("s", positive=True)
zbar = sp.Symbol(r"\bar{\tilde{x}}", real=True)
lo = sp.Symbol("m", real=True)
hi = sp.Symbol("M", real=True)
u = sp.Symbol("u", real=True)
minmax = sp.Function(r"\operatorname{mm}", real=True)

VALUES = tuple(x[index] for index in range(1, SIZE + 1))


def mean_over(term, index=i):
    """(1/n) sum over index of term."""
    return M(inverse(n), sp.Sum(term, (index, 1, n)))


def root(expr):
    return sp.Pow(expr, sp.S.Half, evaluate=False)


DERIVATION = Derivation(
    id="standardization",
    title="Standardization and min-max scaling",
    summary=(
        "The standardized values $\\tilde x_i = (x_i - \\mu)/s$ have mean 0 and variance 1, where $\\mu$ and $s$ are the "
        "mean and the standard deviation (dividing by $n$) of the training values. Min-max scaling "
        "$(x - m)/(M - m)$ sends every training value into $[0, 1]$, the minimum $m$ to 0 and the maximum $M$ to 1. "
        "Checked for three values."
    ),
    assumptions=(
        Assume(i, sp.FiniteSet(*range(1, SIZE + 1)), "the index of a training value"),
        Assume(
            x,
            sp.S.Reals,
            "$x_i$, the value of the feature for training example $i$",
            sample=(-5, 5),
        ),
        Assume(
            xs,
            sp.S.Reals,
            "$\\tilde x_i$, the standardized value of example $i$ (defined below)",
        ),
        Assume(u, sp.S.Reals, "a value of the feature"),
    ),
    definitions=(
        Define(
            n,
            sp.Integer(SIZE),
            "the number of training values (not all equal); every check is made for this many",
        ),
        Define(mu, mean_over(x[j], j), "the mean of the training values"),
        Define(
            s,
            root(mean_over(A(x[l], -mu) ** 2, l)),
            "the standard deviation of the training values (dividing by $n$)",
        ),
        Define(xs[i], M(A(x[i], -mu), inverse(s)), "the standardized (z-scored) value"),
        Define(zbar, mean_over(xs[i]), "the mean of the standardized values"),
        Define(lo, sp.Min(*VALUES), "the minimum of the training values"),
        Define(
            hi,
            sp.Max(*VALUES),
            "the maximum of the training values (larger than the minimum)",
        ),
        Define(
            minmax(u),
            M(A(u, -lo), inverse(A(hi, -lo))),
            "min-max scaling, fitted on the training values",
        ),
    ),
    parts=(
        Part(
            "mean-zero",
            "The standardized values have mean 0",
            start=zbar,
            start_reason="The mean of the standardized values",
            steps=(
                Step(
                    "mean-factor",
                    M(inverse(M(n, s)), sp.Sum(A(x[i], -mu), (i, 1, n))),
                    "Every term is divided by the same $s$: take $1/s$ out of the sum",
                ),
                Step(
                    "mean-split",
                    M(inverse(M(n, s)), A(sp.Sum(x[i], (i, 1, n)), -M(n, mu))),
                    "The mean $\\mu$ is subtracted $n$ times",
                ),
                Step(
                    "mean-zero-value",
                    sp.S.Zero,
                    "$n\\mu$ is the sum of the values, by the definition of the mean",
                ),
            ),
        ),
        Part(
            "variance-one",
            "The standardized values have variance 1",
            start=mean_over(A(xs[i], -zbar) ** 2),
            start_reason="The variance of the standardized values: the mean squared deviation from their mean",
            steps=(
                Step(
                    "variance-centred",
                    mean_over(xs[i] ** 2),
                    "Their mean is 0, shown above",
                ),
                Step(
                    "variance-factor",
                    M(inverse(s**2), mean_over(A(x[i], -mu) ** 2)),
                    "Every term is divided by the same $s^2$: take it out of the mean",
                ),
                Step(
                    "variance-one-value",
                    sp.S.One,
                    "What is left is the variance of the raw values, which is $s^2$ by definition",
                ),
            ),
        ),
        Part(
            "minmax-lower",
            "Min-max values are at least 0",
            start=minmax(x[i]),
            start_reason="The min-max value of training example $i$",
            steps=(
                Step(
                    "minmax-lower-bound",
                    sp.S.Zero,
                    "The numerator $x_i - m$ is at least 0 because $m$ is the smallest value, and the denominator "
                    "$M - m$ is positive",
                    rel=Rel.GE,
                ),
            ),
        ),
        Part(
            "minmax-upper",
            "Min-max values are at most 1",
            start=minmax(x[i]),
            start_reason="The min-max value of training example $i$ again",
            steps=(
                Step(
                    "minmax-complement",
                    A(1, -M(A(hi, -x[i]), inverse(A(hi, -lo)))),
                    "Write $x_i - m = (M - m) - (M - x_i)$ and divide by $M - m$",
                ),
                Step(
                    "minmax-upper-bound",
                    sp.S.One,
                    "$M - x_i$ is at least 0 because $M$ is the largest value: a non-negative amount is subtracted from 1",
                    rel=Rel.LE,
                ),
            ),
        ),
        Part(
            "minmax-ends",
            "The minimum goes to 0 and the maximum to 1",
            start=A(minmax(lo), minmax(hi)),
            start_reason="The min-max values of the minimum and of the maximum, added up",
            steps=(
                Step(
                    "minmax-ends-write",
                    A(
                        M(A(lo, -lo), inverse(A(hi, -lo))),
                        M(A(hi, -lo), inverse(A(hi, -lo))),
                    ),
                    "Put $u = m$ and $u = M$ into the scaling",
                ),
                Step(
                    "minmax-ends-value",
                    A(0, 1),
                    "The first numerator is 0, the second equals its denominator: the minimum goes to 0, the maximum to 1",
                ),
            ),
        ),
    ),
    references=cite("lecun1998"),
)
