"""The mean and variance map of SELU (Klambauer et al., 2017): the moments of selu(Z) for Z ~ N(m, s^2).

A unit's pre-activation z = sum_i w_i x_i has mean mu*omega and variance nu*tau when its inputs are
independent with mean mu and variance nu, and omega = sum_i w_i, tau = sum_i w_i^2; for many inputs
it is close to normal. The next layer's mean and variance are then moments of selu(Z) for a normal
Z. This module computes them in closed form for a general mean m and standard deviation s, and
checks that at m = 0, s = 1 they reduce to the standard-normal results of `selu.py`, so that with
SELU's constants (0, 1) maps to (0, 1).

How the checks are kept fast. Substituting z = m + s u turns each moment into integrals of the
standard normal density over the half-lines u > -m/s and u < -m/s. An integral whose integrand or
limits contain m and s costs the verifier a quadrature at every numeric point (about 1 s per
integral for 20 points) and SymPy several seconds to simplify, so no step here contains one.
Instead each half-line integral is evaluated by the fundamental theorem of calculus: a part
differentiates the claimed antiderivative and recovers the integrand (checked symbolically and by
finite differences), and a second part shows that the antiderivative vanishes at the far end
(a symbolic limit). The moments are then assembled from the antiderivatives' values at -m/s.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.catalogue import selu as fixed_point
from derivations.display import product as times
from derivations.display import total as plus
from derivations.model import Assume, Define, Derivation, Part, Step

half = sp.S.Half
oo = sp.oo
r2 = sp.sqrt(2)

a = sp.Symbol("a", real=True)  # the lower end of an integral over (a, oo)
b = sp.Symbol("b", real=True)  # the upper end of an integral over (-oo, b)
m = sp.Symbol("m", real=True)
s = sp.Symbol("s", positive=True)
lam, alpha = fixed_point.lam, fixed_point.alpha
alpha01, lam01 = fixed_point.alpha01, fixed_point.lam01

n = sp.Symbol("n", integer=True, positive=True)
i = sp.Symbol("i", integer=True, positive=True)
w = sp.IndexedBase("w", real=True)
mu = sp.Symbol("mu", real=True)
nu = sp.Symbol("nu", positive=True)
omega = sp.Symbol("omega", real=True)
tau = sp.Symbol("tau", positive=True)

phi = sp.Function("varphi", positive=True)  # the N(0, 1) density
Phi = sp.Function("Phi", positive=True)  # the N(0, 1) distribution function

c = m / s  # z = 0 falls at u = -m/s
E1 = sp.exp(plus(m, s**2 / 2))  # e^{m + s^2/2}
E2 = sp.exp(plus(2 * m, 2 * s**2))  # e^{2m + 2s^2}
SQRT_2_OVER_PI = sp.Pow(2 / sp.pi, half, evaluate=False)


def erfc_at(numerator, negated=False):
    """erfc(numerator / (sqrt 2 s)), or erfc(-numerator / (sqrt 2 s))."""
    ratio = times(numerator, sp.Pow(times(r2, s), -1, evaluate=False))
    return sp.erfc(-ratio if negated else ratio)


def em1(x):
    """e^x - 1."""
    return plus(sp.exp(x), -1)


def affine(at):
    """m + s * at, the pre-activation at standardised value `at`."""
    return plus(m, times(s, at))


# Antiderivatives: the integral over (a, oo) of (m + su)^k phi(u), and over (-oo, b) of (e^{m+su} - 1)^k phi(u).
F1 = plus(times(m, Phi(-a)), times(s, phi(a)))
G1 = plus(times(E1, Phi(plus(b, -s))), -Phi(b))
F2 = plus(times(plus(m**2, s**2), Phi(-a)), times(s, plus(2 * m, times(s, a)), phi(a)))
G2 = plus(times(E2, Phi(plus(b, -2 * s))), times(-2, E1, Phi(plus(b, -s))), Phi(b))

# The closed forms (Klambauer et al. 2017, eqs. for mu-tilde and the second moment, with mu*omega = m
# and nu*tau = s^2), in erfc.
MEAN = times(half, lam, plus(
    times(m, erfc_at(m, negated=True)),
    times(SQRT_2_OVER_PI, s, sp.exp(-c**2 / 2)),
    times(alpha, E1, erfc_at(plus(m, s**2))),
    -times(alpha, erfc_at(m)),
))
SECOND = times(half, lam**2, plus(
    times(plus(m**2, s**2), erfc_at(m, negated=True)),
    times(SQRT_2_OVER_PI, m, s, sp.exp(-c**2 / 2)),
    times(alpha**2, plus(times(E2, erfc_at(plus(m, 2 * s**2))), times(-2, E1, erfc_at(plus(m, s**2))), erfc_at(m))),
))


def branch_parts(key, title, antiderivative, variable, integrand, far, middle, middle_reason, integral_words):
    """Two parts: the antiderivative differentiates to the integrand, and it vanishes at the far end."""
    sign = -1 if far is oo else 1  # d/da of an integral over (a, oo) is minus the integrand
    return (
        Part(
            f"{key}-derivative",
            title,
            start=sp.Derivative(antiderivative, variable),
            start_reason=f"the claimed value of {integral_words}, differentiated in its end ${variable}$",
            steps=(
                Step(f"{key}-differentiate", middle, middle_reason),
                Step(f"{key}-integrand", sign * integrand,
                     "this is " + ("minus the integrand at $a$, as it must be for an integral over $(a, \\infty)$"
                                   if far is oo else "the integrand at $b$, as it must be for an integral over $(-\\infty, b)$")),
            ),
        ),
        Part(
            f"{key}-far-end",
            f"{title}: the far end",
            start=sp.Limit(antiderivative, variable, far),
            steps=(
                Step(f"{key}-vanishes", sp.S.Zero,
                     "$\\Phi$ of an argument that goes to $-\\infty$ and $\\varphi$ of one that goes to $\\pm\\infty$ both "
                     "go to 0; so the antiderivative is the integral"),
            ),
        ),
    )


DERIVATION = Derivation(
    id="selu-mean-variance-map",
    title="SELU's mean and variance map",
    summary=(
        "If a unit's inputs have mean μ and variance ν and its weights have sum ω and sum of squares τ, its "
        "pre-activation has mean μω and variance ντ, and for many inputs it is close to normal. For a normal "
        "pre-activation with mean m and standard deviation s, the mean and the second moment of selu have closed forms "
        "in erfc and exp, which give the map (μ, ν) ↦ (μ̃, ν̃) of Klambauer et al. (2017) from one layer's mean and "
        "variance to the next. At m = 0 and s = 1 they reduce to the standard-normal results, and with SELU's "
        "constants (0, 1) maps to (0, 1)."
    ),
    assumptions=(
        Assume(n, sp.S.Naturals, "the number of inputs of a unit", sizes=(1, 2, 3)),
        Assume(i, sp.Range(1, n + 1), "the index of an input"),
        Assume(w, sp.S.Reals, "$w_i$, the weight of input $i$"),
        Assume(mu, sp.S.Reals, "the mean of every input $x_i$"),
        Assume(nu, sp.Interval.open(0, oo), "the variance of every input $x_i$"),
        Assume(m, sp.S.Reals, "the mean of the normal pre-activation $Z$ ($\\mu\\omega$ above)", sample=(-1.5, 1.5)),
        Assume(s, sp.Interval.open(0, oo), "its standard deviation ($\\sqrt{\\nu\\tau}$ above)", sample=(0.5, 2)),
        Assume(a, sp.S.Reals, "the lower end of an integral over $(a, \\infty)$", sample=(-3, 3)),
        Assume(b, sp.S.Reals, "the upper end of an integral over $(-\\infty, b)$", sample=(-3, 3)),
        Assume(lam, sp.Interval.open(0, oo), "the scale λ of selu"),
        Assume(alpha, sp.Interval.open(0, oo), "the saturation α of selu's negative branch"),
    ),
    definitions=(
        Define(omega, sp.Sum(w[i], (i, 1, n)), "$n$ times the mean weight"),
        Define(tau, sp.Sum(w[i] ** 2, (i, 1, n)), "$n$ times the mean squared weight"),
        Define(phi(a), times(sp.Pow(sp.sqrt(2 * sp.pi), -1, evaluate=False), sp.exp(-a**2 / 2)),
               "the standard normal density"),
        # Phi in erfc, not as (1 + erf(a/sqrt 2))/2: with the erf form, SymPy 1.14 gets the limit of the negative
        # branch's antiderivative at -oo wrong (exp(m + s^2/2) instead of 0, though each term's limit is 0).
        Define(Phi(a), times(half, sp.erfc(-a / r2)), "the standard normal distribution function"),
        Define(alpha01, fixed_point.ALPHA01_SHOWN, "SELU's α, derived in the fixed-point derivation"),
        Define(lam01, fixed_point.LAMBDA01, "SELU's λ, derived in the fixed-point derivation"),
    ),
    parts=(
        Part(
            "pre-activation-mean",
            "The mean of the pre-activation",
            start=sp.Sum(times(w[i], mu), (i, 1, n)),
            start_reason="$E[z] = \\sum_i w_i E[x_i]$ for $z = \\sum_i w_i x_i$, by linearity of expectation",
            steps=(Step("pre-activation-mean-omega", times(mu, omega), "take $\\mu$ out of the sum"),),
        ),
        Part(
            "pre-activation-variance",
            "The variance of the pre-activation",
            start=sp.Sum(times(w[i] ** 2, nu), (i, 1, n)),
            start_reason=(
                "$\\operatorname{Var}(z) = \\sum_i w_i^2 \\operatorname{Var}(x_i)$ when the inputs are independent"
            ),
            steps=(Step("pre-activation-variance-tau", times(nu, tau), "take $\\nu$ out of the sum"),),
        ),
        *branch_parts(
            "positive-mean", "The positive branch of the mean", F1, a, times(affine(a), phi(a)), oo,
            plus(-times(m, phi(a)), -times(s, a, phi(a))),
            "$\\frac{d}{da}\\Phi(-a) = -\\varphi(a)$ and $\\varphi'(a) = -a\\varphi(a)$",
            "$\\int_a^\\infty (m + su)\\varphi(u)\\,du$",
        ),
        *branch_parts(
            "negative-mean", "The negative branch of the mean", G1, b, times(em1(affine(b)), phi(b)), -oo,
            plus(times(E1, phi(plus(b, -s))), -phi(b)),
            "$\\Phi' = \\varphi$",
            "$\\int_{-\\infty}^b (e^{m + su} - 1)\\varphi(u)\\,du$",
        ),
        *branch_parts(
            "positive-second", "The positive branch of the second moment", F2, a, times(affine(a) ** 2, phi(a)), oo,
            plus(-times(plus(m**2, s**2), phi(a)), times(s**2, phi(a)), -times(a, s, plus(2 * m, times(s, a)), phi(a))),
            "the product rule, with $\\frac{d}{da}\\Phi(-a) = -\\varphi(a)$ and $\\varphi'(a) = -a\\varphi(a)$",
            "$\\int_a^\\infty (m + su)^2\\varphi(u)\\,du$",
        ),
        *branch_parts(
            "negative-second", "The negative branch of the second moment", G2, b, times(em1(affine(b)) ** 2, phi(b)), -oo,
            plus(times(E2, phi(plus(b, -2 * s))), times(-2, E1, phi(plus(b, -s))), phi(b)),
            "$\\Phi' = \\varphi$",
            "$\\int_{-\\infty}^b (e^{m + su} - 1)^2\\varphi(u)\\,du$",
        ),
        Part(
            "mean",
            "The mean of selu(Z)",
            start=plus(times(lam, F1.subs(a, -c)), times(lam, alpha, G1.subs(b, -c))),
            start_reason=(
                "with $z = m + su$, $E[\\operatorname{selu}(Z)] = \\lambda\\int_{-m/s}^\\infty (m + su)\\varphi(u)\\,du + "
                "\\lambda\\alpha\\int_{-\\infty}^{-m/s} (e^{m + su} - 1)\\varphi(u)\\,du$, since $z > 0$ exactly when "
                "$u > -m/s$; each integral is its antiderivative (above) at $-m/s$"
            ),
            steps=(
                Step("mean-symmetry",
                     plus(times(lam, plus(times(m, Phi(c)), times(s, phi(c)))),
                          times(lam, alpha, plus(times(E1, Phi(plus(-c, -s))), -Phi(-c)))),
                     "$\\varphi$ is even: $\\varphi(-m/s) = \\varphi(m/s)$"),
                Step("mean-closed-form", MEAN,
                     "$\\Phi(x) = \\frac{1}{2}\\operatorname{erfc}(-x/\\sqrt{2})$ and $\\varphi(x) = e^{-x^2/2}/\\sqrt{2\\pi}$; "
                     "take out $\\lambda/2$"),
            ),
        ),
        Part(
            "second-moment",
            "The second moment of selu(Z)",
            start=plus(times(lam**2, F2.subs(a, -c)), times(lam**2, alpha**2, G2.subs(b, -c))),
            start_reason="the same split, with each branch of selu squared",
            steps=(
                Step("second-symmetry",
                     plus(times(lam**2, plus(times(plus(m**2, s**2), Phi(c)), times(m, s, phi(c)))),
                          times(lam**2, alpha**2, plus(times(E2, Phi(plus(-c, -2 * s))), times(-2, E1, Phi(plus(-c, -s))),
                                                       Phi(-c)))),
                     "$s(2m + s \\cdot (-m/s)) = ms$, and $\\varphi$ is even"),
                Step("second-closed-form", SECOND, "write $\\Phi$ and $\\varphi$ out and take out $\\lambda^2/2$"),
            ),
        ),
        Part(
            "standard-mean",
            "At m = 0, s = 1: the standard-normal mean",
            start=sp.Subs(MEAN, (m, s), (0, 1)),
            steps=(
                Step("standard-mean-reduces", fixed_point.mean_closed(alpha),
                     "$\\operatorname{erfc}(0) = 1$, and the term with the factor $m$ vanishes: this is the mean found "
                     "in the fixed-point derivation"),
            ),
        ),
        Part(
            "standard-second",
            "At m = 0, s = 1: the standard-normal second moment",
            start=sp.Subs(SECOND, (m, s), (0, 1)),
            steps=(
                Step("standard-second-reduces", fixed_point.second_closed(alpha),
                     "the same values; again the terms with a factor $m$ vanish"),
            ),
        ),
        Part(
            "fixed-point-mean",
            "With SELU's constants, mean 0 maps to mean 0",
            start=sp.Subs(fixed_point.mean_closed(alpha), (lam, alpha), (lam01, alpha01)),
            start_reason="the mean at $m = 0$, $s = 1$ (above), with $\\lambda = \\lambda_{01}$ and $\\alpha = \\alpha_{01}$",
            steps=(Step("fixed-point-mean-zero", sp.S.Zero, "$\\alpha_{01}$ is the root of this mean"),),
        ),
        Part(
            "fixed-point-variance",
            "With SELU's constants, variance 1 maps to variance 1",
            start=sp.Subs(plus(fixed_point.second_closed(alpha), -fixed_point.mean_closed(alpha) ** 2),
                          (lam, alpha), (lam01, alpha01)),
            start_reason="the variance, the second moment minus the squared mean, at $m = 0$, $s = 1$ with SELU's constants",
            steps=(
                Step("fixed-point-second-moment",
                     sp.Subs(fixed_point.second_closed(alpha), (lam, alpha), (lam01, alpha01)), "the mean is 0 (above)"),
                Step("fixed-point-variance-one", sp.S.One,
                     "$\\lambda_{01}$ is the scale that makes this second moment 1"),
            ),
        ),
    ),
    references=cite("klambauer2017"),
)
