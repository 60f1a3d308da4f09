"""Logistic regression's coefficients as odds ratios, per unit and per standard deviation.

Logistic regression models the log-odds of the positive class as a linear score z = b + sum_k beta_k x_k.
The parts show that this is the same as p = sigma(z) (solving the log-odds for p), that raising one
feature by delta, all else fixed, multiplies the odds by exp(beta_j delta), and what that means for a
standardized feature (x - mu) / s: one unit of it is one standard deviation of the raw feature, and
the same model written in raw units has coefficient beta / s.

Notes for authors:
- The forward direction (the log-odds of sigma(z) are z) and the odds ratio for exactly one unit are
  parts of the `log-loss` derivation; this module solves the other way round and generalises the step.
- The score is written beta_j x_j + r, where r collects the intercept and every other feature's term,
  so "all else fixed" is "r fixed".
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as M
from derivations.display import reciprocal as inverse
from derivations.display import total as A
from derivations.model import Assume, Define, Derivation, Part, Rel, Step

p = sp.Symbol("p", positive=True)
z = sp.Symbol("z", real=True)
u = sp.Symbol("u", real=True)
beta = sp.Symbol("beta_j", real=True)
x = sp.Symbol("x_j", real=True)
r = sp.Symbol("r", real=True)
delta = sp.Symbol("Delta", real=True)
mu = sp.Symbol("mu_j", real=True)
s = sp.Symbol("s_j", positive=True)
beta_std = sp.Symbol(r"\tilde{\beta}_j", real=True)
b_std = sp.Symbol(r"\tilde{b}", real=True)

sigma = sp.Function("sigma", real=True)
odds = sp.Function("odds", positive=True)
standardized = sp.Function(r"\tilde{x}_j", real=True)
U = sp.UnevaluatedExpr  # keeps a term as written, for display only


def score(value):
    """beta_j * value + r: the score with feature j at `value`, everything else fixed."""
    return A(M(beta, value), r)


def score_std(value):
    """The score of the model on the standardized feature, with raw feature j at `value`."""
    return A(M(beta_std, standardized(value)), r)


DERIVATION = Derivation(
    id="logistic-regression-odds",
    title="Logistic regression coefficients as odds ratios",
    summary=(
        "Setting the log-odds $\\log(p/(1-p))$ equal to a linear score $z$ and solving for $p$ gives "
        "$p = \\sigma(z)$. Raising feature $j$ by $\\Delta$, all else fixed, multiplies the odds by "
        "$e^{\\beta_j \\Delta}$, which is $e^{\\beta_j}$ for one unit. For a standardized feature "
        "$(x_j - \\mu_j)/s_j$ one unit is one standard deviation $s_j$ of the raw feature, so its odds ratio "
        "$e^{\\tilde\\beta_j}$ is per standard deviation; in raw units the coefficient is "
        "$\\tilde\\beta_j / s_j$."
    ),
    assumptions=(
        Assume(p, sp.Interval.open(0, 1), "the probability that the label is 1"),
        Assume(
            z, sp.S.Reals, "the linear score $b + \\sum_k \\beta_k x_k$", sample=(-6, 6)
        ),
        Assume(u, sp.S.Reals, "a value of the score or of a feature"),
        Assume(beta, sp.S.Reals, "the coefficient of feature $j$", sample=(-3, 3)),
        Assume(x, sp.S.Reals, "the value of feature $j$", sample=(-3, 3)),
        Assume(
            r,
            sp.S.Reals,
            "the rest of the score: the intercept plus every other feature's term, held fixed",
            sample=(-3, 3),
        ),
        Assume(delta, sp.S.Reals, "the change in feature $j$", sample=(-3, 3)),
        Assume(
            mu,
            sp.S.Reals,
            "the mean of raw feature $j$ on the training data",
            sample=(-5, 5),
        ),
        Assume(
            s,
            sp.Interval.open(0, sp.oo),
            "the standard deviation of raw feature $j$",
            sample=(0.1, 5),
        ),
        Assume(
            beta_std,
            sp.S.Reals,
            "the coefficient of the standardized feature",
            sample=(-3, 3),
        ),
        Assume(
            b_std,
            sp.S.Reals,
            "the intercept of the model on standardized features",
            sample=(-3, 3),
        ),
    ),
    definitions=(
        Define(sigma(u), 1 / (1 + sp.exp(-u)), "the logistic sigmoid"),
        Define(
            odds(u),
            sigma(u) / (1 - sigma(u)),
            "the odds $p/(1-p)$ of the label 1 when the score is $u$",
        ),
        Define(
            standardized(u),
            (u - mu) / s,
            "the standardized value of feature $j$ when its raw value is $u$",
        ),
    ),
    parts=(
        Part(
            "probability",
            "A linear log-odds is a sigmoid probability",
            start=sp.log(p / (1 - p)),
            start_reason="The log-odds of the probability $p$, which logistic regression sets equal to the score $z$",
            steps=(
                Step(
                    "solve-for-p",
                    sp.Eq(p, 1 / (1 + sp.exp(-z))),
                    "Set the log-odds equal to $z$ and solve for $p$: $p/(1-p) = e^z$, so $p = e^z/(1 + e^z)$; "
                    "divide above and below by $e^z$. This is $\\sigma(z)$",
                    rel=Rel.SOLVE,
                    condition=z,
                ),
            ),
        ),
        Part(
            "odds-ratio",
            "Changing one feature multiplies the odds",
            start=odds(score(A(x, delta))) / odds(score(x)),
            start_reason="The odds after feature $j$ changes by $\\Delta$, divided by the odds before, all else fixed",
            steps=(
                Step(
                    "odds-as-exponential",
                    M(sp.exp(score(A(x, delta))), inverse(sp.exp(score(x)))),
                    "The odds at score $u$ are $e^u$, because the log-odds are the score",
                ),
                Step(
                    "exponent-difference",
                    sp.exp(A(M(beta, A(x, delta)), r, -M(beta, x), -r)),
                    "$e^a / e^b = e^{a - b}$",
                ),
                Step(
                    "odds-ratio-delta",
                    sp.exp(M(beta, delta)),
                    "The rest $r$ and the term $\\beta_j x_j$ cancel: the ratio does not depend on where the example starts",
                ),
                Step(
                    "odds-ratio-power",
                    sp.Pow(sp.exp(beta), delta, evaluate=False),
                    "$e^{\\beta_j \\Delta} = (e^{\\beta_j})^{\\Delta}$: each unit multiplies the odds by $e^{\\beta_j}$ "
                    "once more",
                ),
            ),
        ),
        Part(
            "one-sd",
            "One standard deviation is one standardized unit",
            start=A(standardized(A(x, s)), -U(standardized(x))),
            start_reason="The change of the standardized feature when the raw feature grows by one standard deviation",
            steps=(
                Step(
                    "one-sd-expand",
                    A((x + s - mu) / s, -(x - mu) / s),
                    "Standardize both values",
                ),
                Step(
                    "one-sd-unit",
                    sp.S.One,
                    "The means cancel, and what is left is $s_j / s_j$",
                ),
            ),
        ),
        Part(
            "odds-ratio-sd",
            "The odds ratio of a standardized coefficient is per standard deviation",
            start=odds(score_std(A(x, s))) / odds(score_std(x)),
            start_reason="The odds ratio when the raw feature grows by one standard deviation, on the standardized model",
            steps=(
                Step(
                    "sd-exponent",
                    sp.exp(M(beta_std, A(standardized(A(x, s)), -U(standardized(x))))),
                    "As above, the ratio is $e$ to the change in the score, which is $\\tilde\\beta_j$ times the change "
                    "of the standardized feature",
                ),
                Step(
                    "sd-odds-ratio",
                    sp.exp(beta_std),
                    "That change is one unit, shown above: the odds ratio is $e^{\\tilde\\beta_j}$ per standard deviation",
                ),
            ),
        ),
        Part(
            "raw-units",
            "The same model in raw units",
            start=A(M(beta_std, standardized(x)), b_std),
            start_reason="The score's intercept and feature-$j$ term on standardized data",
            steps=(
                Step(
                    "raw-expand",
                    A(M(beta_std, (x - mu) / s), b_std),
                    "Write out the standardized feature",
                ),
                Step(
                    "raw-coefficient",
                    A(M(beta_std / s, x), b_std, -M(beta_std, mu) / s),
                    "Collect the terms in $x_j$: in raw units the coefficient is $\\tilde\\beta_j / s_j$, and the "
                    "intercept absorbs the shift by the mean",
                ),
            ),
        ),
    ),
    references=cite("cox1958", "mccullagh1989"),
)
