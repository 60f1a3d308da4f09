"""The AUC of a binormal scorer: Phi((mu1 - mu0)/(sigma sqrt 2)), and 1 - AUC when the scores are swapped.

The AUC is the probability that a random positive scores above a random negative (Hanley and McNeil,
1982). Here positives' scores are N(mu1, sigma^2) and negatives' N(mu0, sigma^2), independent.

Notes for authors:
- The probability enters through definitions, each one modelling fact, as in weight_initialization.py:
  the moment generating function (MGF) of a normal variable, the MGF of a difference of independent
  variables, and P(D > 0) as the integral of D's density over the positive half-line. The steps
  compute; the checker confirms them symbolically, and the integral also by quadrature.
- Phi is defined through erf, so symmetry steps reduce to erf being odd.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as M
from derivations.display import reciprocal
from derivations.display import total as A
from derivations.model import Assume, Define, Derivation, Part, Rel, Step, Value

mu1 = sp.Symbol("mu_1", real=True)
mu0 = sp.Symbol("mu_0", real=True)
sigma = sp.Symbol("sigma", positive=True)
t = sp.Symbol("t", real=True)
x = sp.Symbol("x", real=True)
u = sp.Symbol(
    "u", real=True
)  # the variable of the integral over the scores' difference
delta = sp.Symbol("delta", real=True)  # mu_1 - mu_0, the mean of the difference

Phi = sp.Function("Phi", real=True)
phi = sp.Function("varphi", positive=True)
m1 = sp.Function("M_{X_1}", positive=True)
m0 = sp.Function("M_{X_0}", positive=True)
mD = sp.Function("M_D", positive=True)

s2 = sp.sqrt(2)
z = M(delta, reciprocal(M(sigma, s2)))  # delta / (sigma sqrt 2), shown as written
variance_d = 2 * sigma**2


def normal_density(value, mean, variance):
    return M(
        reciprocal(sp.sqrt(2 * sp.pi * variance)),
        sp.exp(-((value - mean) ** 2) / (2 * variance)),
    )


DERIVATION = Derivation(
    id="binormal-auc",
    title="The AUC of normally distributed scores",
    summary=(
        "If positives score $X_1 \\sim N(\\mu_1, \\sigma^2)$ and negatives $X_0 \\sim N(\\mu_0, \\sigma^2)$, "
        "independently, the difference $D = X_1 - X_0$ is $N(\\delta, 2\\sigma^2)$ with $\\delta = \\mu_1 - \\mu_0$, "
        "and $\\mathrm{AUC} = P(X_1 > X_0) = \\Phi\\big(\\delta/(\\sigma\\sqrt 2)\\big)$. It is $1/2$ when the "
        "means are equal, grows with their separation, and swapping the roles of the scores gives "
        "$1 - \\mathrm{AUC}$."
    ),
    assumptions=(
        Assume(mu1, sp.S.Reals, "the mean score of the positives", sample=(-3, 3)),
        Assume(mu0, sp.S.Reals, "the mean score of the negatives", sample=(-3, 3)),
        Assume(
            sigma,
            sp.Interval.open(0, sp.oo),
            "the standard deviation of the scores in each class",
            sample=(0.3, 3),
        ),
        Assume(
            delta,
            sp.S.Reals,
            "$\\mu_1 - \\mu_0$, the mean of the difference $D$",
            sample=(-4, 4),
        ),
        Assume(
            t,
            sp.S.Reals,
            "the argument of a moment generating function",
            sample=(-1, 1),
        ),
        Assume(x, sp.S.Reals, "a real number"),
        Assume(u, sp.S.Reals, "a value of the difference $D = X_1 - X_0$"),
    ),
    definitions=(
        Define(
            Phi(x),
            A(sp.Rational(1, 2), M(sp.Rational(1, 2), sp.erf(x / s2))),
            "the standard normal distribution function, written with the error function",
        ),
        Define(phi(x), normal_density(x, 0, 1), "the standard normal density"),
        Define(
            m1(t),
            sp.exp(A(M(mu1, t), M(sigma**2, t**2) / 2)),
            "the moment generating function (MGF) $\\mathbb{E}[e^{tX_1}]$ of $X_1 \\sim N(\\mu_1, \\sigma^2)$",
        ),
        Define(
            m0(t),
            sp.exp(A(M(mu0, t), M(sigma**2, t**2) / 2)),
            "the MGF of $X_0 \\sim N(\\mu_0, \\sigma^2)$",
        ),
        Define(
            mD(t),
            M(m1(t), m0(-t)),
            "the MGF of $D = X_1 - X_0$: $\\mathbb{E}[e^{tX_1} e^{-tX_0}]$ factorises, since $X_1$ and $X_0$ "
            "are independent",
        ),
    ),
    parts=(
        Part(
            "difference",
            "The difference of the two scores is normal",
            start=mD(t),
            steps=(
                Step(
                    "independence",
                    M(m1(t), m0(-t)),
                    "$e^{tD} = e^{tX_1} e^{-tX_0}$, and the expectation of a product of independent factors "
                    "is the product of their expectations",
                ),
                Step(
                    "normal-mgfs",
                    M(
                        sp.exp(A(M(mu1, t), M(sigma**2, t**2) / 2)),
                        sp.exp(A(M(-mu0, t), M(sigma**2, t**2) / 2)),
                    ),
                    "Put in the MGF of a normal variable, at $t$ and at $-t$",
                ),
                Step(
                    "difference-mgf",
                    sp.exp(A(M(A(mu1, -mu0), t), M(variance_d, t**2, reciprocal(2)))),
                    "Add the exponents: this is the MGF of $N(\\mu_1 - \\mu_0, 2\\sigma^2)$, and an MGF that "
                    "exists near 0 determines the distribution",
                ),
            ),
        ),
        Part(
            "auc",
            "The AUC",
            start=sp.Integral(normal_density(u, delta, variance_d), (u, 0, sp.oo)),
            start_reason=(
                "The AUC is $P(X_1 > X_0) = P(D > 0)$: the density of $D \\sim N(\\delta, 2\\sigma^2)$, "
                "integrated over the positive half-line"
            ),
            steps=(
                Step(
                    "error-function",
                    A(
                        sp.Rational(1, 2),
                        M(sp.Rational(1, 2), sp.erf(delta / (2 * sigma))),
                    ),
                    "Integrate: the normal density integrates to an error function",
                ),
                Step(
                    "auc-phi",
                    Phi(z),
                    "$\\delta/(2\\sigma)$ is $z/\\sqrt 2$ for $z = \\delta/(\\sigma\\sqrt 2)$: "
                    "the definition of $\\Phi$",
                ),
            ),
        ),
        Part(
            "equal-means",
            "Equal means: chance",
            start=sp.Subs(Phi(z), delta, 0),
            start_reason="The AUC when positives and negatives have the same mean score",
            steps=(
                Step(
                    "phi-at-zero",
                    Phi(0),
                    "The numerator $\\delta = \\mu_1 - \\mu_0$ is 0",
                ),
                Step("one-half", sp.Rational(1, 2), "$\\operatorname{erf}(0) = 0$"),
            ),
        ),
        Part(
            "separation",
            "More separation, larger AUC",
            start=sp.Derivative(Phi(z), delta),
            start_reason="How the AUC changes as the positives' mean moves away from the negatives'",
            steps=(
                Step(
                    "slope",
                    M(phi(z), reciprocal(M(sigma, s2))),
                    "The chain rule: $\\Phi' = \\varphi$, and $z$ grows at rate $1/(\\sigma\\sqrt 2)$ in $\\delta$",
                ),
                Step(
                    "slope-positive",
                    sp.S.Zero,
                    "A density is positive, and so is $\\sigma$: the AUC rises with $\\delta$, "
                    "from 0 towards 1",
                    rel=Rel.GT,
                ),
            ),
        ),
        Part(
            "swap",
            "Swapping the scores gives 1 - AUC",
            start=Phi(-z),
            start_reason=(
                "The AUC with the roles of the two classes exchanged, $P(X_0 > X_1)$: the result above with "
                "$\\mu_0 - \\mu_1 = -\\delta$ in place of $\\delta$"
            ),
            steps=(
                Step(
                    "erf-odd",
                    A(sp.Rational(1, 2), -M(sp.Rational(1, 2), sp.erf(z / s2))),
                    "The error function is odd: $\\operatorname{erf}(-a) = -\\operatorname{erf}(a)$",
                ),
                Step(
                    "one-minus-auc",
                    1 - Phi(z),
                    "$\\tfrac12 - \\tfrac12 \\operatorname{erf} = 1 - \\Phi$: one minus the AUC, so an AUC below "
                    "$1/2$ is a ranking turned upside down",
                ),
            ),
        ),
    ),
    values=(
        Value(
            "auc-one-sd",
            sp.Symbol(r"\mathrm{AUC}_{\delta = \sigma}"),
            Phi(1 / s2),
            "the AUC when the means are one standard deviation apart",
            digits=6,
        ),
        Value(
            "auc-two-sd",
            sp.Symbol(r"\mathrm{AUC}_{\delta = 2\sigma}"),
            Phi(s2),
            "the AUC when the means are two standard deviations apart",
            digits=6,
        ),
    ),
    references=cite("hanley1982", "fawcett2006"),
)
