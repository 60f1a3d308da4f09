"""SELU's constants from its fixed point: zero mean and unit variance for a standard normal input.

Klambauer et al. (2017) choose the two constants of the scaled exponential linear unit so that a
standard normal pre-activation comes out with mean 0 and variance 1. Each moment is a Gaussian
integral over the two half-lines; completing the square turns the exponential parts into normal
tail probabilities, written with erfc. Zero mean fixes alpha, unit variance then fixes lambda.

Two SymPy limitations shape how the expressions are written (see the notes at `Integral` and
`z_pos`): the moments are split at 0 with an integration variable whose sign is declared, so the
Piecewise definition collapses to one branch on each half-line, and integrals use a subclass of
`sympy.Integral` that remembers its numeric values.
"""

import mpmath
import sympy as sp
from sympy.core.evalf import prec_to_dps
from sympy.core.function import AppliedUndef

from derivations.model import Assume, Define, Derivation, Part, Reference, Rel, Step, Value


class Integral(sp.Integral):
    """`sympy.Integral`, whose numeric value is computed once per integrand and remembered.

    The verifier evaluates every step at 20 sample points, and SymPy's quadrature of a Gaussian
    integral takes 0.1 to 0.7 s at 40 digits, so the same integral would be recomputed hundreds
    of times. Here the factor that does not depend on the integration variable (lambda, alpha,
    numbers) is taken out, and what remains is integrated by mpmath's tanh-sinh quadrature (what
    SymPy's own evalf uses) once, at the precision asked for plus a margin. If mpmath's error
    estimate is not small enough, SymPy's evalf of the plain Integral decides. Symbolic evaluation
    (`doit`), printing and `srepr` are those of `sympy.Integral`.
    """

    _values: dict = {}  # (integrand in t, low, high) -> (bits, value)
    _results: dict = {}  # (integral, bits) -> its value, so a repeated integral costs one lookup
    _symbolic: dict = {}  # (integral, hints) -> what doit gave
    _variable = sp.Symbol("t", real=True)

    def doit(self, **hints):
        key = (self, tuple(sorted(hints.items())))
        if key not in self._symbolic:
            self._symbolic[key] = super().doit(**hints)
        return self._symbolic[key]

    def _eval_evalf(self, prec):
        if self.free_symbols or len(self.limits) != 1 or len(self.limits[0]) != 3:
            value = sp.Integral(*self.args).evalf(prec_to_dps(prec))
            return value if value.is_Number else None
        result = self._results.get((self, prec))
        if result is None:
            (variable, low, high), = self.limits
            coefficient, rest = self.function.as_independent(variable, as_Add=False)
            key = (rest.xreplace({variable: self._variable}), low, high)
            known = self._values.get(key)
            if known is None or known[0] < prec:
                bits = max(prec, 192)  # one computation serves the verifier's routine 40-digit checks
                value = _quadrature(*key, bits + 32)
                if value is None:
                    value = sp.Integral(key[0], (self._variable, low, high)).evalf(prec_to_dps(bits + 32))
                known = self._values[key] = (bits, value)
            result = self._results[(self, prec)] = (coefficient * known[1]).evalf(prec_to_dps(prec))
        return result


def _quadrature(integrand, low, high, prec):
    """mpmath's quadrature of integrand over (low, high) at prec bits; None if it is unsure or cannot."""
    if integrand.atoms(AppliedUndef):
        return None
    f = sp.lambdify(Integral._variable, integrand, "mpmath")
    with mpmath.workprec(prec):
        bounds = [mpmath.mpf(float(b)) if b.is_infinite else sp.N(b, prec_to_dps(prec))._to_mpmath(prec) for b in (low, high)]
        value, error = mpmath.quad(f, bounds, error=True)
        if not error <= mpmath.ldexp(abs(value) + 1, 32 - prec):
            return None
    return sp.Float(value, precision=prec)


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

# The closed forms. SymPy integrates Gaussian tails to erf and cannot prove erf(x) + erfc(x) = 1,
# so the chains reach 1 - erf first and switch to erfc in one step checked numerically.
TAIL = sp.exp(half) * sp.erfc(1 / r2)  # e^(1/2) erfc(1/sqrt 2) = 2 e^(1/2) P(Z < -1)
ALPHA01 = -sp.sqrt(2 / sp.pi) / (TAIL - 1)
BRACKET = sp.exp(2) * sp.erfc(r2) - 2 * TAIL + 1  # 2 E[(e^Z - 1)^2; Z < 0]
# Klambauer et al.'s closed form of lambda_01, as SymPy's solve writes it: sqrt(2/(1 + alpha_01^2 BRACKET))
# with alpha_01 put in.
LAMBDA01 = sp.sqrt(2) * sp.sqrt(sp.pi) * (1 - TAIL) / sp.sqrt(
    2 * sp.exp(2) * sp.erfc(r2) - 4 * TAIL + sp.pi * (1 - TAIL) ** 2 + 2)
MEAN_CLOSED = lam / sp.sqrt(2 * sp.pi) + lam * alpha * (TAIL - 1) / 2
SECOND_CLOSED = lam**2 / 2 * (1 + alpha**2 * BRACKET)


def moment(power):
    """E[selu(Z)^power] for Z ~ N(0, 1), the real line split at 0."""
    return (Integral(selu(z_neg) ** power * phi(z_neg), (z_neg, -oo, 0))
            + Integral(selu(z_pos) ** power * phi(z_pos), (z_pos, 0, oo)))


def below(integrand, end=0):
    return Integral(integrand, (z, -oo, end))


def mean_with(tail):
    return lam / sp.sqrt(2 * sp.pi) + lam * alpha * (tail - half)


def second_with(tail):
    return lam**2 * (half + alpha**2 * tail)


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
        Define(selu(z), sp.Piecewise((lam * z, z > 0), (lam * alpha * (sp.exp(z) - 1), True)),
               "the scaled exponential linear unit"),
        Define(phi(z), sp.exp(-z**2 / 2) / sp.sqrt(2 * sp.pi), "the standard normal density"),
        Define(alpha01, ALPHA01, "the α that gives selu(Z) mean 0"),
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
                     lam * Integral(z * phi(z), (z, 0, oo)) + lam * alpha * below((sp.exp(z) - 1) * phi(z)),
                     r"selu is $\lambda z$ for $z > 0$ and $\lambda\alpha(e^z - 1)$ for $z \le 0$; take out the constants"),
                Step("mean-positive-half", mean_with(below((sp.exp(z) - 1) * phi(z)) + half),
                     r"$z\varphi(z) = -\varphi'(z)$, so the first integral is $\varphi(0) = 1/\sqrt{2\pi}$"),
                Step("mean-split-bracket", mean_with(below(sp.exp(z) * phi(z)) - below(phi(z)) + half),
                     r"split the integral of $(e^z - 1)\varphi(z)$ in two"),
                Step("mean-half-mass", mean_with(below(sp.exp(z) * phi(z))),
                     "the normal density is symmetric, so half of its mass lies below 0"),
                Step("mean-complete-square", mean_with(e_half * below(phi(z - 1))),
                     r"complete the square, $z - z^2/2 = 1/2 - (z - 1)^2/2$, so $e^z\varphi(z) = e^{1/2}\varphi(z - 1)$"),
                Step("mean-shift", mean_with(e_half * below(phi(z), -1)),
                     r"substitute $z \to z + 1$: what is left is the normal's mass below $-1$"),
                Step("mean-tail-erf", mean_with(e_half * (1 - sp.erf(1 / r2)) / 2),
                     r"$P(Z < -x) = \frac{1}{2}\left(1 - \operatorname{erf}(x/\sqrt{2})\right)$"),
                Step("mean-closed-form", MEAN_CLOSED,
                     r"$1 - \operatorname{erf} = \operatorname{erfc}$; collect the terms in $\alpha$"),
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
                     lam**2 * (Integral(z**2 * phi(z), (z, 0, oo)) + alpha**2 * below((sp.exp(z) - 1) ** 2 * phi(z))),
                     r"square each branch and take out $\lambda^2$ and $\alpha^2$"),
                Step("second-positive-half", second_with(below((sp.exp(z) - 1) ** 2 * phi(z))),
                     r"$z^2\varphi(z)$ is even and integrates to $\operatorname{Var}(Z) = 1$, so half of it lies above 0"),
                Step("second-expand-square",
                     second_with(below(sp.exp(2 * z) * phi(z)) - 2 * below(sp.exp(z) * phi(z)) + below(phi(z))),
                     r"expand $(e^z - 1)^2 = e^{2z} - 2e^z + 1$"),
                Step("second-complete-squares",
                     second_with(sp.exp(2) * below(phi(z - 2)) - 2 * e_half * below(phi(z - 1)) + half),
                     r"complete the squares, $2z - z^2/2 = 2 - (z - 2)^2/2$ as well as the one above; "
                     r"half of the mass lies below 0"),
                Step("second-shift",
                     second_with(sp.exp(2) * below(phi(z), -2) - 2 * e_half * below(phi(z), -1) + half),
                     "shift each integral: the normal's mass below −2 and below −1"),
                Step("second-tails-erf",
                     second_with(sp.exp(2) * (1 - sp.erf(r2)) / 2 - e_half * (1 - sp.erf(1 / r2)) + half),
                     r"$P(Z < -x) = \frac{1}{2}\left(1 - \operatorname{erf}(x/\sqrt{2})\right)$ at $x = 2$ and $x = 1$"),
                Step("second-closed-form", SECOND_CLOSED,
                     r"$1 - \operatorname{erf} = \operatorname{erfc}$; take out the factor $1/2$"),
            ),
        ),
        Part(
            "unit-variance",
            "Unit variance fixes λ",
            start=sp.sqrt(sp.Subs(SECOND_CLOSED - MEAN_CLOSED**2, alpha, alpha01)),
            start_reason=(
                "the standard deviation of selu(Z): the square root of the second moment minus the squared mean, "
                "both found above, at α = α₀₁"
            ),
            steps=(
                Step("std-at-alpha-01", sp.sqrt(SECOND_CLOSED.xreplace({alpha: alpha01})),
                     r"at $\alpha = \alpha_{01}$ the mean is 0, so only the second moment is left"),
                Step("lambda-01", sp.Eq(lam, LAMBDA01),
                     r"unit variance is unit standard deviation: solve for $\lambda$, "
                     r"$\lambda = \sqrt{2/(1 + \alpha_{01}^2(e^2\operatorname{erfc}(\sqrt{2}) - 2e^{1/2}\operatorname{erfc}(1/\sqrt{2}) + 1))}$, "
                     r"and write $\alpha_{01}$ out",
                     rel=Rel.SOLVE, condition=sp.S.One),
            ),
        ),
        Part(
            "lambda-above-one",
            "λ₀₁ is larger than 1",
            start=lam01,
            steps=(
                Step("lambda-01-exceeds-one", sp.S.One,
                     r"$\lambda_{01}^2 = 2/(1 + \alpha_{01}^2(e^2\operatorname{erfc}(\sqrt{2}) - 2e^{1/2}\operatorname{erfc}(1/\sqrt{2}) + 1))$"
                     r" and the product in the denominator is about $0.81 < 1$",
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
                Step("saturation-branch", lam * alpha * sp.Limit(sp.exp(z) - 1, z, -oo),
                     r"for $z \le 0$ selu is $\lambda\alpha(e^z - 1)$; take out the constants"),
                Step("saturation-value", -lam * alpha, r"$e^z \to 0$ as $z \to -\infty$"),
            ),
        ),
    ),
    references=(
        Reference("klambauer2017", "Klambauer, G., Unterthiner, T., Mayr, A., Hochreiter, S.", 2017,
                  "Self-Normalizing Neural Networks",
                  "Advances in Neural Information Processing Systems 30 (NeurIPS 2017)", arxiv="1706.02515"),
        Reference("clevert2016", "Clevert, D.-A., Unterthiner, T., Hochreiter, S.", 2016,
                  "Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs)",
                  "International Conference on Learning Representations (ICLR 2016)", arxiv="1511.07289"),
    ),
    values=(
        Value("alpha-01-digits", alpha01, ALPHA01, "α₀₁, SELU's α"),
        Value("lambda-01-digits", lam01, LAMBDA01, "λ₀₁, SELU's λ"),
        *(Value(f"lambda-01-power-{m}", lam01**m, LAMBDA01 ** m,
                f"λ₀₁^{m}, the scale of a gradient through {m} layers on the positive side")
          for m in (10, 50, 100)),
        Value("saturation-01-digits", -lam01 * alpha01, -LAMBDA01 * ALPHA01,
              "−λ₀₁α₀₁, where SELU saturates for very negative inputs"),
    ),
)
