"""Soft-thresholding: the minimiser of (x - z)^2 / 2 + lambda |x| is sign(z) max(|z| - lambda, 0).

This is why an L1 penalty produces exact zeros (Tibshirani, 1996; Donoho and Johnstone, 1994): the
minimiser is 0 for every z in [-lambda, lambda], a whole interval of inputs. The parts derive it by cases
(x > 0, x < 0, x = 0, where |x| has no derivative and its subdifferential [-1, 1] is used), show that every
g in [-1, 1] is a subgradient of |x| at 0, and contrast the L2 penalty, whose minimiser z / (1 + lambda) is
0 only when z is.

Notes for authors:
- Each one-sided case has its own symbol with a sign (x_+ > 0, x_- < 0), so that |x| is x or -x there.
- The combined formula and the subgradient bound involve |.| and max, which SymPy does not decide under
  these assumptions: those steps are checked numerically.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as M
from derivations.display import reciprocal
from derivations.display import total as A
from derivations.model import Assume, Define, Derivation, Part, Rel, Step

x = sp.Symbol("x", real=True)
x_pos = sp.Symbol("x_+", positive=True)
x_neg = sp.Symbol("x_-", negative=True)
z = sp.Symbol("z", real=True)
lam = sp.Symbol("lambda", positive=True)
g = sp.Symbol("g", real=True)

f = sp.Function("f", real=True)
half = sp.Rational(1, 2)


def objective(u, penalty):
    """(u - z)^2 / 2 + penalty."""
    return A(M(half, (u - z) ** 2), penalty)


DERIVATION = Derivation(
    id="soft-thresholding",
    title="Soft-thresholding: the L1 proximal step",
    summary=(
        r"The minimiser of $\frac{1}{2}(x - z)^2 + \lambda |x|$ is $z - \lambda$ when $z > \lambda$, $z + \lambda$ "
        r"when $z < -\lambda$, and exactly $0$ when $|z| \le \lambda$: in one formula, "
        r"$\operatorname{sign}(z)\max(|z| - \lambda, 0)$. At $x = 0$ the subgradients of $|x|$ fill $[-1, 1]$. "
        r"With the penalty $\frac{\lambda}{2} x^2$ instead, the minimiser is $z/(1 + \lambda)$, zero only when $z$ is."
    ),
    assumptions=(
        Assume(x, sp.S.Reals, "the variable (one coefficient)"),
        Assume(
            x_pos,
            sp.Interval.open(0, sp.oo),
            "a candidate minimiser on the positive side",
        ),
        Assume(
            x_neg,
            sp.Interval.open(-sp.oo, 0),
            "a candidate minimiser on the negative side",
        ),
        Assume(z, sp.S.Reals, "the input: the unpenalised minimiser"),
        Assume(lam, sp.Interval.open(0, sp.oo), "the penalty weight", sample=(0.05, 4)),
        Assume(
            g,
            sp.Interval(-1, 1),
            "a candidate subgradient of $|x|$ at 0, with $|g| \\le 1$",
        ),
    ),
    definitions=(
        Define(
            f(x),
            objective(x, M(lam, sp.Abs(x))),
            "the objective: squared distance to $z$ plus an L1 penalty",
        ),
    ),
    parts=(
        Part(
            "positive-side",
            "A minimiser on the positive side",
            start=sp.Derivative(f(x_pos), x_pos),
            start_reason=r"For $x > 0$, $|x| = x$ and $f$ is differentiable",
            steps=(
                Step(
                    "positive-derivative",
                    A(x_pos, -z, lam),
                    r"Differentiate $\frac{1}{2}(x - z)^2 + \lambda x$",
                ),
                Step(
                    "positive-solution",
                    sp.Eq(x_pos, z - lam),
                    r"Set the derivative to 0; the solution is positive, so valid, exactly when $z > \lambda$",
                    rel=Rel.SOLVE,
                    condition=sp.S.Zero,
                ),
            ),
        ),
        Part(
            "negative-side",
            "A minimiser on the negative side",
            start=sp.Derivative(f(x_neg), x_neg),
            start_reason=r"For $x < 0$, $|x| = -x$",
            steps=(
                Step(
                    "negative-derivative",
                    A(x_neg, -z, -lam),
                    r"Differentiate $\frac{1}{2}(x - z)^2 - \lambda x$",
                ),
                Step(
                    "negative-solution",
                    sp.Eq(x_neg, z + lam),
                    r"Set the derivative to 0; the solution is negative, so valid, exactly when $z < -\lambda$",
                    rel=Rel.SOLVE,
                    condition=sp.S.Zero,
                ),
            ),
        ),
        Part(
            "subgradient",
            "Every g in [-1, 1] is a subgradient of |x| at 0",
            start=A(sp.Abs(x), -M(g, x)),
            start_reason=r"$g$ is a subgradient of $|x|$ at 0 when $|x| \ge |0| + g\,(x - 0)$ for every $x$",
            steps=(
                Step(
                    "product-bound",
                    A(sp.Abs(x), -M(sp.Abs(g), sp.Abs(x))),
                    r"$g x \le |g|\,|x|$",
                    rel=Rel.GE,
                ),
                Step("factor-abs", M(sp.Abs(x), A(1, -sp.Abs(g))), r"Take out $|x|$"),
                Step(
                    "subgradient-holds",
                    sp.S.Zero,
                    r"$|g| \le 1$; for $|g| > 1$ the point $x = \operatorname{sign}(g)$ would violate it",
                    rel=Rel.GE,
                ),
            ),
        ),
        Part(
            "zero",
            "When zero is the minimiser",
            start=A(-z, M(lam, g)),
            start_reason=(
                r"At $x = 0$ the subgradients of $f$ are $(0 - z) + \lambda g$ with $g \in [-1, 1]$; "
                r"$0$ minimises the convex $f$ when one of them is 0"
            ),
            steps=(
                Step(
                    "zero-condition",
                    sp.Eq(g, z / lam),
                    r"Solve for $g$: it lies in $[-1, 1]$, so 0 is the minimiser, exactly when $|z| \le \lambda$",
                    rel=Rel.SOLVE,
                    condition=sp.S.Zero,
                ),
            ),
        ),
        Part(
            "combined",
            "The three cases in one formula",
            start=sp.Piecewise((z - lam, z > lam), (z + lam, z < -lam), (0, True)),
            start_reason="The minimiser, case by case, from the three parts above",
            steps=(
                Step(
                    "soft-threshold",
                    M(sp.sign(z), sp.Max(A(sp.Abs(z), -lam), 0)),
                    r"Shrink $|z|$ by $\lambda$, stop at 0, and keep the sign of $z$",
                ),
            ),
        ),
        Part(
            "ridge",
            "With an L2 penalty instead",
            start=sp.Derivative(objective(x, M(half, lam, x**2)), x),
            start_reason=r"The objective with the penalty $\frac{\lambda}{2} x^2$, differentiable everywhere",
            steps=(
                Step("ridge-derivative", A(x, -z, M(lam, x)), r"Differentiate"),
                Step(
                    "ridge-solution",
                    sp.Eq(x, M(z, reciprocal(A(1, lam)))),
                    r"Set it to 0 and solve: a scaled copy of $z$, which is 0 only when $z$ is",
                    rel=Rel.SOLVE,
                    condition=sp.S.Zero,
                ),
            ),
        ),
    ),
    references=cite("tibshirani1996", "donoho1994"),
)
