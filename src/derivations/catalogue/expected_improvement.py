"""Expected improvement (Jones et al., 1998): its closed form for a Gaussian prediction, and its slopes.

When a surrogate model predicts the value of the objective at a point as f ~ N(mu, sigma^2), and the
best value found so far is f*, the improvement of a minimisation is max(f* - f, 0). Its expectation
has a closed form in the standard normal density and distribution function, derived here. Its slopes
are derived in `expected_improvement_slopes.py`, a separate derivation so that checking them (and
rejecting wrong variants of them in the tests) does not repeat the slow integrals of this one.

Notes for authors:
- The derivation is written in m = f* - mu, the mean of the improvement w = f* - f, rather than in f* and
  mu separately: with one symbol for the mean SymPy evaluates the Gaussian integrals about five times
  faster. A slope in m is minus the slope in mu.
- The integration variable w is declared positive, so that max(w, 0) collapses to w when the definition
  of the gain is expanded; over the whole line the integrand would have a kink at 0, which the numeric
  check's quadrature cannot resolve to its tolerance.
- Every integral costs a quadrature at each of the 20 numeric points, so the substitution and the
  evaluation are one step each; the antiderivative they use is its own small part, checked by finite
  differences.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as M
from derivations.display import reciprocal
from derivations.display import total as A
from derivations.model import Assume, Define, Derivation, Part, Step

oo = sp.oo
m = sp.Symbol("m", real=True)
sigma = sp.Symbol("sigma", positive=True)
v = sp.Symbol("v", real=True)
z = sp.Symbol("z", real=True)
w = sp.Symbol("w", positive=True)  # the improvement, where it is positive
a = sp.Symbol("w", real=True)  # the argument of the gain max(w, 0), of any sign

phi = sp.Function("varphi", positive=True)
Phi = sp.Function("Phi", positive=True)
p = sp.Function("p", positive=True)
gain = sp.Function("I", nonnegative=True)

sqrt_2pi = sp.Pow(2 * sp.pi, sp.S.Half, evaluate=False)


def closed_form(mean, spread):
    """mean Phi(z) + spread phi(z), where z = mean / spread: the defined z when they are m and sigma."""
    ratio = z if (mean, spread) == (m, sigma) else mean / spread
    return A(M(mean, Phi(ratio)), M(spread, phi(ratio)))


DERIVATION = Derivation(
    id="expected-improvement",
    title="Expected improvement for a Gaussian prediction",
    summary=(
        "If the model predicts $f \\sim \\mathcal N(\\mu, \\sigma^2)$ and the best value so far is $f^*$, the expected "
        "improvement of a minimisation is $\\mathbb E[\\max(f^* - f, 0)] = (f^* - \\mu)\\Phi(z) + \\sigma\\varphi(z)$ with "
        "$z = (f^* - \\mu)/\\sigma$."
    ),
    assumptions=(
        Assume(
            m,
            sp.S.Reals,
            "$m = f^* - \\mu$: how far the predicted mean $\\mu$ lies below the incumbent $f^*$, the lowest value "
            "observed so far",
            sample=(-2, 2),
        ),
        Assume(
            sigma,
            sp.Interval.open(0, oo),
            "the predicted standard deviation",
            sample=(0.5, 2),
        ),
        Assume(
            w,
            sp.Interval.open(0, oo),
            "a positive improvement $f^* - f$ (an integration variable)",
        ),
        Assume(v, sp.S.Reals, "a standard normal variable (an integration variable)"),
    ),
    definitions=(
        Define(
            z,
            m / sigma,
            "the incumbent's distance below the predicted mean, in standard deviations",
        ),
        Define(
            phi(v),
            M(reciprocal(sqrt_2pi), sp.exp(-(v**2) / 2)),
            "the standard normal density",
        ),
        Define(
            Phi(v),
            M(sp.S.Half, A(1, sp.erf(v / sp.sqrt(2)))),
            "the standard normal distribution function",
        ),
        Define(
            p(w),
            M(reciprocal(sigma), phi((w - m) / sigma)),
            "the density of the improvement $w = f^* - f$: normal, with mean $m$ and variance $\\sigma^2$",
        ),
        Define(
            gain(a),
            sp.Max(a, 0),
            "the improvement actually gained: $w$ if positive, else nothing",
        ),
    ),
    parts=(
        Part(
            "closed-form",
            "The closed form",
            start=sp.Integral(M(gain(w), p(w)), (w, 0, oo)),
            start_reason=(
                "The expected improvement $\\mathbb E[\\max(f^* - f, 0)]$. Since $f$ is normal, the improvement "
                "$w = f^* - f$ is normal with mean $m$ and variance $\\sigma^2$; where $w \\le 0$ nothing is "
                "gained, so only $w > 0$ contributes"
            ),
            steps=(
                Step(
                    "standardise",
                    M(sigma, sp.Integral(M(A(z, v), phi(v)), (v, -z, oo))),
                    "For $w > 0$ the gain is $w$. Substitute $w = m + \\sigma v = \\sigma(z + v)$, with $v$ "
                    "standard normal; $w > 0$ becomes $v > -z$",
                ),
                Step(
                    "evaluate",
                    A(M(sigma, z, Phi(z)), M(sigma, phi(z))),
                    "Split the integral in two. The mass of $\\varphi$ above $-z$ equals its mass below $z$ by "
                    "symmetry, $\\Phi(z)$; and $-\\varphi$ is an antiderivative of $v\\varphi(v)$ (next part), "
                    "which is $0$ at $\\infty$ and $-\\varphi(-z) = -\\varphi(z)$ at $-z$",
                ),
                Step(
                    "expected-improvement",
                    closed_form(m, sigma),
                    "$\\sigma z = m$; with $m = f^* - \\mu$ this is $(f^* - \\mu)\\Phi(z) + \\sigma\\varphi(z)$",
                ),
            ),
        ),
        Part(
            "density-slope",
            "The slope of the normal density",
            start=sp.Derivative(phi(v), v),
            start_reason="The derivative of $\\varphi(v) = e^{-v^2/2}/\\sqrt{2\\pi}$",
            steps=(
                Step(
                    "minus-v-phi",
                    M(-v, phi(v)),
                    "The chain rule brings down $-v$; so $\\frac{d}{dv}(-\\varphi(v)) = v\\varphi(v)$",
                ),
            ),
        ),
    ),
    references=cite("jones1998", "snoek2012"),
)
