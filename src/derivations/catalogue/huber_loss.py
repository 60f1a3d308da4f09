"""The gradients of the L2, L1 and Huber losses; Huber's is the residual clipped to [-delta, delta].

The Huber loss (Huber, 1964) is quadratic for residuals up to delta and linear beyond. The parts give the
derivatives of the squared and absolute losses, show that the two branches of the Huber loss meet with the
same value and the same slope (so it is continuously differentiable), that its gradient is the clipped
residual, and that this gradient never exceeds delta in size.

Notes for authors:
- The residual r is any real number; the L1 derivative sign(r) holds for r != 0, and the sampled points
  are never exactly 0.
- Huber's gradient is checked numerically (SymPy does not simplify the Piecewise derivative against Min/Max
  under these assumptions); finite differences check the derivative, which is continuous.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as M
from derivations.display import total as A
from derivations.model import Assume, Define, Derivation, Part, Rel, Step

r = sp.Symbol("r", real=True)
delta = sp.Symbol("delta", positive=True)
u = sp.Symbol("u", real=True)  # the argument of the loss, bound inside Subs
L = sp.Function(r"L_{\delta}", real=True)
half = sp.Rational(1, 2)

quadratic = M(half, r**2)
linear = M(delta, A(sp.Abs(r), -M(half, delta)))

DERIVATION = Derivation(
    id="huber-loss",
    title="Gradients of the L2, L1 and Huber losses",
    summary=(
        r"The squared loss $\frac{1}{2} r^2$ has gradient $r$, unbounded; the absolute loss $|r|$ has gradient "
        r"$\operatorname{sign}(r)$ for $r \ne 0$. The Huber loss's branches meet at $|r| = \delta$ with equal value and "
        r"slope, and its gradient is the residual clipped to $[-\delta, \delta]$."
    ),
    assumptions=(
        Assume(r, sp.S.Reals, "the residual: target minus prediction"),
        Assume(
            delta, sp.Interval.open(0, sp.oo), "the Huber threshold", sample=(0.1, 4)
        ),
    ),
    definitions=(
        Define(
            L(r),
            sp.Piecewise((quadratic, sp.Abs(r) <= delta), (linear, True)),
            r"the Huber loss: quadratic up to $\delta$, linear beyond",
        ),
    ),
    parts=(
        Part(
            "l2-gradient",
            "The squared loss",
            start=sp.Derivative(M(half, r**2), r),
            steps=(
                Step(
                    "l2-derivative",
                    r,
                    "The power rule: the gradient is the residual itself",
                ),
            ),
        ),
        Part(
            "l1-gradient",
            "The absolute loss",
            start=sp.Derivative(sp.Abs(r), r),
            start_reason=r"For $r \ne 0$",
            steps=(
                Step(
                    "l1-derivative",
                    sp.sign(r),
                    r"$|r|$ is $r$ or $-r$: the gradient is $\pm 1$, whatever the size",
                ),
            ),
        ),
        Part(
            "value-match",
            "The branches meet",
            start=sp.Subs(quadratic, r, delta),
            start_reason=r"The quadratic branch at $r = \delta$",
            steps=(
                Step("value-at-threshold", M(half, delta**2), r"Put in $r = \delta$"),
                Step(
                    "linear-value",
                    sp.Subs(linear, r, delta),
                    r"$\delta(\delta - \delta/2) = \delta^2/2$: the linear branch there",
                ),
            ),
        ),
        Part(
            "slope-match",
            "The slopes meet",
            start=sp.Subs(sp.Derivative(M(half, u**2), u), u, delta),
            start_reason=r"The slope of the quadratic branch at $\delta$",
            steps=(
                Step("slope-at-threshold", delta, r"The slope of $u^2/2$ is $u$"),
                Step(
                    "linear-slope",
                    sp.Subs(
                        sp.Derivative(M(delta, A(u, -M(half, delta))), u), u, delta
                    ),
                    r"The slope of the linear branch $\delta(u - \delta/2)$, for $u > 0$, is $\delta$ too",
                ),
            ),
        ),
        Part(
            "huber-gradient",
            "Huber's gradient is the clipped residual",
            start=sp.Derivative(L(r), r),
            steps=(
                Step(
                    "branch-gradients",
                    sp.Piecewise((r, sp.Abs(r) <= delta), (M(delta, sp.sign(r)), True)),
                    r"Differentiate each branch: $r$ inside, $\delta \operatorname{sign}(r)$ outside",
                ),
                Step(
                    "clipped-residual",
                    sp.Max(-delta, sp.Min(r, delta)),
                    r"$r$ clipped to $[-\delta, \delta]$: inside it is $r$, beyond it $\pm\delta$",
                ),
            ),
        ),
        Part(
            "bounded-influence",
            "One residual pulls at most δ",
            start=sp.Abs(sp.Max(-delta, sp.Min(r, delta))),
            start_reason="The size of Huber's gradient",
            steps=(
                Step(
                    "at-most-delta",
                    delta,
                    r"A value clipped to $[-\delta, \delta]$",
                    rel=Rel.LE,
                ),
            ),
        ),
    ),
    references=cite("huber1964"),
)
