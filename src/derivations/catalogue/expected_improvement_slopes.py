"""Expected improvement's slopes: it grows as the predicted mean falls and as the uncertainty grows.

The closed form EI = m Phi(z) + sigma phi(z), with m = f* - mu and z = m / sigma, is derived in
`expected_improvement.py`. Here it is differentiated in m (minus the slope in mu) and in sigma: the slopes
are Phi(z) and phi(z), both positive. So expected improvement rewards a low predicted mean
(exploitation) and a large predicted uncertainty (exploration), and trades one against the other.

Notes for authors:
- A separate derivation from the closed form, so that its checks do not repeat that one's integrals.
- The symbols and the two normal functions are those of `expected_improvement.py`.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.catalogue.expected_improvement import (
    Phi,
    closed_form,
    m,
    phi,
    sigma,
    sqrt_2pi,
    v,
    z,
)
from derivations.display import product as M
from derivations.display import reciprocal
from derivations.display import total as A
from derivations.model import Assume, Define, Derivation, Part, Rel, Step

EI = sp.Function("EI", nonnegative=True)

DERIVATION = Derivation(
    id="expected-improvement-slopes",
    title="How expected improvement trades a low mean against a large uncertainty",
    summary=(
        "Differentiating $\\mathrm{EI} = m\\Phi(z) + \\sigma\\varphi(z)$, with $m = f^* - \\mu$ and "
        "$z = m/\\sigma$: the slope in $m$ is $\\Phi(z) > 0$, so a lower predicted mean raises it, and the slope in "
        "$\\sigma$ is $\\varphi(z) > 0$, so a larger uncertainty raises it too."
    ),
    assumptions=(
        Assume(
            m,
            sp.S.Reals,
            "$m = f^* - \\mu$: how far the predicted mean $\\mu$ lies below the incumbent $f^*$",
            sample=(-2, 2),
        ),
        Assume(
            sigma,
            sp.Interval.open(0, sp.oo),
            "the predicted standard deviation",
            sample=(0.5, 2),
        ),
        Assume(
            v,
            sp.S.Reals,
            "the argument of the normal density and distribution function",
        ),
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
            EI(m, sigma),
            closed_form(m, sigma),
            "the expected improvement, in closed form",
        ),
    ),
    parts=(
        Part(
            "mean-slope",
            "A lower predicted mean gives more improvement",
            start=sp.Derivative(EI(m, sigma), m),
            start_reason="The closed form, differentiated in $m = f^* - \\mu$ (minus its slope in $\\mu$)",
            steps=(
                Step(
                    "mean-product-rule",
                    A(Phi(z), M(m, phi(z), 1 / sigma), M(sigma, -z, phi(z), 1 / sigma)),
                    "Product and chain rules: $\\partial z/\\partial m = 1/\\sigma$, $\\Phi' = \\varphi$, "
                    "and $\\varphi'(z) = -z\\varphi(z)$",
                ),
                Step(
                    "mean-slope-value",
                    Phi(z),
                    "$\\sigma z = m$, so the last two terms cancel",
                ),
                Step(
                    "mean-slope-positive",
                    sp.S.Zero,
                    "$\\Phi(z) > 0$: lowering $\\mu$ by a little raises the expected improvement by $\\Phi(z)$ times as much",
                    rel=Rel.GT,
                ),
            ),
        ),
        Part(
            "spread-slope",
            "More uncertainty gives more improvement",
            start=sp.Derivative(EI(m, sigma), sigma),
            start_reason="The closed form, differentiated in the predicted standard deviation $\\sigma$",
            steps=(
                Step(
                    "spread-product-rule",
                    A(
                        M(m, phi(z), -z / sigma),
                        phi(z),
                        M(sigma, -z, phi(z), -z / sigma),
                    ),
                    "Product and chain rules: $\\partial z/\\partial \\sigma = -z/\\sigma$, $\\Phi' = \\varphi$, "
                    "$\\varphi'(z) = -z\\varphi(z)$",
                ),
                Step(
                    "spread-slope-value",
                    phi(z),
                    "$m = \\sigma z$, so the first and last terms cancel",
                ),
                Step(
                    "spread-slope-positive",
                    sp.S.Zero,
                    "The normal density is positive everywhere",
                    rel=Rel.GT,
                ),
            ),
        ),
    ),
    references=cite("jones1998"),
)
