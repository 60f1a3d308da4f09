"""SELU's constants from its fixed point: zero mean and unit variance for a standard normal input.

Klambauer et al. (2017) choose the two constants of the scaled exponential linear unit so that a
standard normal pre-activation comes out with mean 0 and variance 1. Each moment is a Gaussian
integral over the two half-lines; completing the square turns the exponential parts into normal
tail probabilities, written with erfc. Zero mean fixes alpha, unit variance then fixes lambda.

SymPy's limits shape how the expressions are written (see the notes at `z_pos` and `ERFC1`): the
moments are split at 0 with an integration variable whose sign is declared, so the Piecewise
definition collapses to one branch on each half-line.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as times
from derivations.display import total as plus
from derivations.model import Assume, Define, Derivation, Part, Rel, Step, Value


z = sp.Symbol("z", real=True)
# The same letter with its sign declared, as the variable of an integral over one half-line or of
# a limit at -oo: there the Piecewise definition of selu collapses to one branch when it is
# expanded. SymPy leaves the integral of the Piecewise over the whole line unevaluated after 8 s
# (and its quadrature takes 8 s a point), and its limit of the Piecewise at -oo raises
# "TypeError: Invalid comparison of non-real zoo".
z_pos = sp.Symbol("z", positive=True)
z_neg = sp.Symbol("z", negative=True)

lam = sp.Symbol("lambda", positive=True)
alpha = sp.Symbol("alpha", positive=True)
alpha01 = sp.Symbol("alpha_01", positive=True)
lam01 = sp.Symbol("lambda_01", positive=True)
n = sp.Symbol("n", integer=True, positive=True)
k = sp.Symbol("k", integer=True, positive=True)
a = sp.IndexedBase("a", positive=True)
selu = sp.Function("selu", real=True)
phi = sp.Function("varphi", positive=True)

half = sp.Rational(1, 2)
oo = sp.oo
r2 = sp.sqrt(2)
e_half = sp.exp(half)


def over_sqrt_2pi(x):
    """x / sqrt(2 pi), kept in that shape (SymPy would print sqrt(2) x / (2 sqrt(pi)))."""
    return times(x, sp.Pow(sp.Pow(2 * sp.pi, half, evaluate=False), -1, evaluate=False))


def em1(x):
    """e^x - 1."""
    return plus(sp.exp(x), -1)


def shifted(c):
    """z - c."""
    return plus(z, -c)


# The closed forms, in erfc. SymPy integrates Gaussian tails to erf; the verifier rewrites erf
# as 1 - erfc when it compares them.
ERFC1 = sp.erfc(sp.Pow(2, -half, evaluate=False))  # erfc(1/sqrt 2) = 2 P(Z < -1)
ERFC2 = sp.erfc(r2)  # erfc(sqrt 2) = 2 P(Z < -2)
TAIL = times(e_half, ERFC1)
BRACKET = plus(times(sp.exp(2), ERFC2), times(-2, TAIL), 1)  # 2 E[(e^Z - 1)^2; Z < 0]
# alpha_01 is also the derivation's headline result, which the export rebuilds from its srepr, so
# the solve step states it in SymPy's own form (which prints erfc(1/sqrt 2) as erfc(sqrt(2)/2));
# the definition shows it as written in the paper.
ALPHA01 = -sp.sqrt(2 / sp.pi) / (sp.exp(half) * sp.erfc(1 / r2) - 1)
ALPHA01_SHOWN = times(-1, sp.Pow(2 / sp.pi, half, evaluate=False), sp.Pow(plus(TAIL, -1), -1, evaluate=False))
# Klambauer et al.'s closed form of lambda_01, which is what SymPy's solve gives for
# lambda = sqrt(2 / (1 + alpha_01^2 BRACKET)) with alpha_01 written out.
LAMBDA01 = times(r2, sp.sqrt(sp.pi), plus(1, -TAIL), sp.Pow(sp.sqrt(
    plus(times(2, sp.exp(2), ERFC2), times(-4, TAIL), times(sp.pi, plus(1, -TAIL) ** 2), 2)), -1, evaluate=False))


def mean_closed(at):
    """The mean in closed form, with alpha = at."""
    return plus(over_sqrt_2pi(lam), times(half, lam, at, plus(TAIL, -1)))


def second_closed(at):
    """The second moment in closed form, with alpha = at."""
    return times(half, lam**2, plus(1, times(at**2, BRACKET)))


def moment(power):
    """E[selu(Z)^power] for Z ~ N(0, 1), the real line split at 0."""
    return plus(sp.Integral(selu(z_neg) ** power * phi(z_neg), (z_neg, -oo, 0)),
                sp.Integral(selu(z_pos) ** power * phi(z_pos), (z_pos, 0, oo)))


def below(integrand, end=0):
    """The integral of integrand over z < end."""
    return sp.Integral(integrand, (z, -oo, end))


def mean_with(rest):
    """lambda / sqrt(2 pi) + lambda alpha (rest - 1/2): the mean once the positive half is done."""
    return plus(over_sqrt_2pi(lam), times(lam, alpha, plus(rest, -half)))


def second_with(rest):
    """lambda^2 (1/2 + alpha^2 rest): the second moment once the positive half is done."""
    return times(lam**2, plus(half, times(alpha**2, rest)))


DERIVATION = Derivation(
    id="selu-fixed-point",
    title="SELU's constants from its fixed point",
    summary=(
        "For a standard normal input, selu has mean 0 exactly when α = α₀₁ ≈ 1.6733, and then variance 1 "
        "exactly when λ = λ₀₁ ≈ 1.0507: Gaussian integrals over the two half-lines, evaluated with erfc, "
        "fix the constants of Klambauer et al. (2017). On the positive side a gradient is scaled by λ₀₁ⁿ "
        "through n layers; on the negative side selu saturates at −λα."
    ),
    assumptions=(
        Assume(z, sp.S.Reals, "a pre-activation"),
        Assume(lam, sp.Interval.open(0, oo), "the scale λ of selu"),
        Assume(alpha, sp.Interval.open(0, oo), "the saturation α of selu's negative branch"),
        Assume(n, sp.S.Naturals, "the number of layers a gradient passes through", sizes=(1, 2, 3, 5)),
        Assume(k, sp.Range(1, n + 1), "the index of a layer"),
        Assume(a, sp.Interval.open(0, oo), "a_k, the pre-activation of layer k, on the positive side"),
    ),
    definitions=(
        Define(selu(z), sp.Piecewise((times(lam, z), z > 0), (times(lam, alpha, em1(z)), True)),
               "the scaled exponential linear unit"),
        Define(phi(z), over_sqrt_2pi(sp.exp(-z**2 / 2)), "the standard normal density"),
        Define(alpha01, ALPHA01_SHOWN, "the α that gives selu(Z) mean 0"),
        Define(lam01, LAMBDA01, "the λ that then gives selu(Z) variance 1"),
    ),
    parts=(
        Part(
            "mean",
            "Zero mean fixes α",
            start=moment(1),
            start_reason="the mean of selu(Z) for Z ~ N(0, 1): the integral over the real line, split at 0",
            steps=(
                Step("mean-branches",
                     plus(times(lam, sp.Integral(z * phi(z), (z, 0, oo))), times(lam, alpha, below(em1(z) * phi(z)))),
                     r"selu is $\lambda z$ for $z > 0$ and $\lambda\alpha(e^z - 1)$ for $z \le 0$; take out the constants"),
                Step("mean-positive-half",
                     plus(over_sqrt_2pi(lam), times(lam, alpha, below(em1(z) * phi(z)))),
                     r"$z\varphi(z) = -\varphi'(z)$, so the first integral is $\varphi(0) = 1/\sqrt{2\pi}$"),
                Step("mean-split-bracket",
                     plus(over_sqrt_2pi(lam), times(lam, alpha, plus(below(sp.exp(z) * phi(z)), times(-1, below(phi(z)))))),
                     r"split the integral of $(e^z - 1)\varphi(z)$ in two"),
                Step("mean-half-mass", mean_with(below(sp.exp(z) * phi(z))),
                     "the normal density is symmetric, so half of its mass lies below 0"),
                Step("mean-complete-square", mean_with(times(e_half, below(phi(shifted(1))))),
                     r"complete the square, $z - z^2/2 = 1/2 - (z - 1)^2/2$, so $e^z\varphi(z) = e^{1/2}\varphi(z - 1)$"),
                Step("mean-shift", mean_with(times(e_half, below(phi(z), -1))),
                     r"substitute $z \to z + 1$: what is left is the normal's mass below $-1$"),
                Step("mean-tail", mean_with(times(half, TAIL)),
                     r"$P(Z < -x) = \frac{1}{2}\operatorname{erfc}(x/\sqrt{2})$, here at $x = 1$"),
                Step("mean-closed-form", mean_closed(alpha), r"collect the terms in $\alpha$"),
                Step("alpha-01", sp.Eq(alpha, ALPHA01),
                     r"set the mean to 0 and solve for $\alpha$: the equation is linear in $\alpha$",
                     rel=Rel.SOLVE, condition=sp.S.Zero),
            ),
        ),
        Part(
            "second-moment",
            "The second moment",
            start=moment(2),
            start_reason="the second moment of selu(Z) for Z ~ N(0, 1), split at 0 in the same way",
            steps=(
                Step("second-branches",
                     times(lam**2, plus(sp.Integral(z**2 * phi(z), (z, 0, oo)), times(alpha**2, below(em1(z) ** 2 * phi(z))))),
                     r"square each branch and take out $\lambda^2$ and $\alpha^2$"),
                Step("second-positive-half", second_with(below(em1(z) ** 2 * phi(z))),
                     r"$z^2\varphi(z)$ is even and integrates to $\operatorname{Var}(Z) = 1$ over the line, so to $1/2$ over $z > 0$"),
                Step("second-expand-square",
                     second_with(plus(below(sp.exp(2 * z) * phi(z)), times(-2, below(sp.exp(z) * phi(z))), below(phi(z)))),
                     r"expand $(e^z - 1)^2 = e^{2z} - 2e^z + 1$"),
                Step("second-complete-squares",
                     second_with(plus(times(sp.exp(2), below(phi(shifted(2)))), times(-2, e_half, below(phi(shifted(1)))), half)),
                     r"complete the square, $2z - z^2/2 = 2 - (z - 2)^2/2$, and as above for $e^z$; "
                     r"half of the mass lies below 0"),
                Step("second-shift",
                     second_with(plus(times(sp.exp(2), below(phi(z), -2)), times(-2, e_half, below(phi(z), -1)), half)),
                     "shift each integral: the normal's mass below −2 and below −1"),
                Step("second-tails",
                     second_with(plus(times(half, sp.exp(2), ERFC2), times(-1, TAIL), half)),
                     r"$P(Z < -x) = \frac{1}{2}\operatorname{erfc}(x/\sqrt{2})$ at $x = 2$ and $x = 1$"),
                Step("second-closed-form", second_closed(alpha), r"take out the factor $1/2$"),
            ),
        ),
        Part(
            "unit-variance",
            "Unit variance fixes λ",
            start=sp.sqrt(sp.Subs(plus(second_closed(alpha), -mean_closed(alpha) ** 2), alpha, alpha01)),
            start_reason=(
                "the standard deviation of selu(Z): the square root of the second moment minus the squared mean, "
                "both found above, at α = α₀₁"
            ),
            steps=(
                Step("std-at-alpha-01", sp.Pow(second_closed(alpha01), half, evaluate=False),
                     r"at $\alpha = \alpha_{01}$ the mean is 0, so only the second moment is left"),
                Step("lambda-01", sp.Eq(lam, LAMBDA01),
                     r"unit variance is unit standard deviation; solve for $\lambda > 0$ and write $\alpha_{01}$ out",
                     rel=Rel.SOLVE, condition=sp.S.One),
            ),
        ),
        Part(
            "lambda-above-one",
            "λ₀₁ is larger than 1",
            start=lam01,
            steps=(
                Step("lambda-01-exceeds-one", sp.S.One,
                     r"by the step above $\lambda_{01}^2 = 2/(1 + \alpha_{01}^2 c)$, where $c$ is the bracket of the second "
                     r"moment, and $\alpha_{01}^2 c < 1$",
                     rel=Rel.GT),
            ),
        ),
        Part(
            "positive-gradient",
            "Through n layers on the positive side",
            start=sp.Product(sp.Derivative(selu(a[k]), a[k]), (k, 1, n)),
            start_reason="backpropagation through n selu layers multiplies their slopes (the weights aside)",
            steps=(
                Step("positive-slope", sp.Product(lam, (k, 1, n)),
                     r"for $a_k > 0$, selu is $\lambda a_k$, whose slope is $\lambda$"),
                Step("positive-power", lam**n, r"$n$ equal factors of $\lambda$"),
            ),
        ),
        Part(
            "saturation",
            "The negative side saturates",
            start=sp.Limit(selu(z_neg), z_neg, -oo),
            steps=(
                Step("saturation-branch", times(lam, alpha, sp.Limit(em1(z), z, -oo)),
                     r"for $z \le 0$ selu is $\lambda\alpha(e^z - 1)$; take out the constants"),
                Step("saturation-value", -lam * alpha, r"$e^z \to 0$ as $z \to -\infty$"),
            ),
        ),
    ),
    references=cite("klambauer2017", "clevert2016"),
    values=(
        Value("alpha-01-digits", alpha01, ALPHA01_SHOWN, "α₀₁, SELU's α"),
        Value("lambda-01-digits", lam01, LAMBDA01, "λ₀₁, SELU's λ"),
        *(Value(f"lambda-01-power-{m}", lam01**m, sp.Pow(LAMBDA01, m, evaluate=False),
                f"λ₀₁^{m}, the scale of a gradient through {m} layers on the positive side")
          for m in (10, 50, 100)),
        Value("saturation-01-digits", -lam01 * alpha01, times(-1, LAMBDA01, ALPHA01_SHOWN),
              "−λ₀₁α₀₁, where SELU saturates for very negative inputs"),
    ),
)
