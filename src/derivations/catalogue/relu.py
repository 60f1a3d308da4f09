"""The slopes of ReLU, leaky ReLU and ELU on each side of 0, the kink of ReLU at 0, and the α that makes ELU smooth.

Each side of 0 gets its own symbol with its sign declared (`z_pos`, `z_neg`), so the Piecewise
definitions collapse to one branch when they are expanded and no claim is made at 0 itself.
The slopes at 0 are one-sided difference quotients, with a limit variable whose sign is
declared too: SymPy 1.x returns 0 for the limit from the right of Piecewise((h, h > 0), (0, True))/h,
whose true value is 1, so a Piecewise is never put under a limit here.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as times
from derivations.display import reciprocal
from derivations.display import total as plus
from derivations.model import Assume, Define, Derivation, Part, Rel, Step

z = sp.Symbol("z", real=True)  # the argument of the definitions
z_pos = sp.Symbol("z", positive=True)
z_neg = sp.Symbol("z", negative=True)
h_pos = sp.Symbol("h", positive=True)  # the step of a difference quotient from the right
h_neg = sp.Symbol("h", negative=True)  # ... and from the left
a = sp.Symbol("a", positive=True)
alpha = sp.Symbol("alpha", positive=True)
n = sp.Symbol("n", integer=True, positive=True)
k = sp.Symbol("k", integer=True, positive=True)
u = sp.IndexedBase("u", positive=True)

relu = sp.Function("relu", real=True)
leaky = sp.Function(r"\operatorname{leaky}_a", real=True)
elu = sp.Function("elu", real=True)

oo = sp.oo


def em1(x):
    """e^x - 1, kept in that order."""
    return plus(sp.exp(x), -1)


def quotient(f, step):
    """The difference quotient (f(h) - f(0)) / h of f at 0."""
    return times(plus(f(step), -f(0)), reciprocal(step))


DERIVATION = Derivation(
    id="relu-family-derivatives",
    title="The slopes of ReLU, leaky ReLU and ELU",
    summary=(
        "ReLU's slope is 1 for $z > 0$ and 0 for $z < 0$; at 0 its one-sided slopes are 1 and 0, so it has no "
        "derivative there. A gradient passes through any number of active ReLU units unscaled. Leaky ReLU keeps "
        "a slope $a$ on the left. ELU's slope on the left is $\\alpha e^z$, its own value plus $\\alpha$; its slope "
        "from the left at 0 is $\\alpha$, so ELU is differentiable at 0 exactly when $\\alpha = 1$."
    ),
    assumptions=(
        Assume(z_pos, sp.Interval.open(0, oo), "a pre-activation on the right of 0 (an active unit)"),
        Assume(z_neg, sp.Interval.open(-oo, 0), "a pre-activation on the left of 0"),
        Assume(a, sp.Interval.open(0, 1), "leaky ReLU's slope on the left of 0"),
        Assume(alpha, sp.Interval.open(0, oo), "ELU's saturation value: it tends to $-\\alpha$ as $z \\to -\\infty$"),
        Assume(n, sp.S.Naturals, "the number of layers a gradient passes through", sizes=(1, 2, 3, 5)),
        Assume(k, sp.Range(1, n + 1), "the index of a layer"),
        Assume(u, sp.Interval.open(0, oo), "$u_k$, the pre-activation of an active unit in layer $k$"),
    ),
    definitions=(
        Define(relu(z), sp.Piecewise((z, z > 0), (0, True)), "the rectified linear unit, $\\max(0, z)$"),
        Define(leaky(z), sp.Piecewise((z, z > 0), (times(a, z), True)), "leaky ReLU with slope $a$ on the left"),
        Define(elu(z), sp.Piecewise((z, z > 0), (times(alpha, em1(z)), True)), "the exponential linear unit"),
    ),
    parts=(
        Part(
            "relu-right",
            "ReLU on the right of 0",
            start=sp.Derivative(relu(z_pos), z_pos),
            steps=(
                Step("relu-slope-right", sp.S.One, "For $z > 0$, $\\operatorname{relu}(z) = z$, whose slope is 1"),
            ),
        ),
        Part(
            "relu-left",
            "ReLU on the left of 0",
            start=sp.Derivative(relu(z_neg), z_neg),
            steps=(
                Step("relu-slope-left", sp.S.Zero, "For $z < 0$, $\\operatorname{relu}(z) = 0$, a constant"),
            ),
        ),
        Part(
            "relu-kink-right",
            "ReLU's slope at 0, from the right",
            start=sp.Limit(quotient(relu, h_pos), h_pos, 0, "+"),
            start_reason="The difference quotient at 0 for a step $h > 0$",
            steps=(
                Step("relu-quotient-right", sp.Limit(times(h_pos, reciprocal(h_pos)), h_pos, 0, "+"),
                     "$\\operatorname{relu}(h) = h$ for $h > 0$ and $\\operatorname{relu}(0) = 0$"),
                Step("relu-kink-right-value", sp.S.One, "The quotient is 1 for every $h > 0$"),
            ),
        ),
        Part(
            "relu-kink-left",
            "ReLU's slope at 0, from the left",
            start=sp.Limit(quotient(relu, h_neg), h_neg, 0, "-"),
            start_reason="The difference quotient at 0 for a step $h < 0$",
            steps=(
                Step("relu-kink-left-value", sp.S.Zero,
                     "$\\operatorname{relu}(h) = 0$ for $h < 0$ and $\\operatorname{relu}(0) = 0$, so the quotient is 0; "
                     "the one-sided slopes at 0 differ, so ReLU has no derivative there"),
            ),
        ),
        Part(
            "active-chain",
            "A gradient through n active units",
            start=sp.Product(sp.Derivative(relu(u[k]), u[k]), (k, 1, n)),
            start_reason="Backpropagation through $n$ ReLU layers multiplies their slopes (the weights aside)",
            steps=(
                Step("active-slopes", sp.Product(1, (k, 1, n)), "Each unit is active, $u_k > 0$, so each slope is 1"),
                Step("active-product", sp.S.One, "A product of ones"),
            ),
        ),
        Part(
            "leaky-right",
            "Leaky ReLU on the right of 0",
            start=sp.Derivative(leaky(z_pos), z_pos),
            steps=(
                Step("leaky-slope-right", sp.S.One, "For $z > 0$, leaky ReLU is $z$, like ReLU"),
            ),
        ),
        Part(
            "leaky-left",
            "Leaky ReLU on the left of 0",
            start=sp.Derivative(leaky(z_neg), z_neg),
            steps=(
                Step("leaky-slope-left", a, "For $z < 0$, leaky ReLU is $az$, whose slope is $a$"),
            ),
        ),
        Part(
            "elu-right",
            "ELU on the right of 0",
            start=sp.Derivative(elu(z_pos), z_pos),
            steps=(
                Step("elu-slope-right", sp.S.One, "For $z > 0$, $\\operatorname{elu}(z) = z$"),
            ),
        ),
        Part(
            "elu-left",
            "ELU on the left of 0",
            start=sp.Derivative(elu(z_neg), z_neg),
            steps=(
                Step("elu-slope-left", times(alpha, sp.exp(z_neg)),
                     "For $z < 0$, $\\operatorname{elu}(z) = \\alpha(e^z - 1)$; the constant $-\\alpha$ drops out"),
                Step("elu-slope-from-value", plus(elu(z_neg), alpha),
                     "$\\alpha e^z = \\alpha(e^z - 1) + \\alpha$: the slope is the unit's own output plus $\\alpha$"),
            ),
        ),
        Part(
            "elu-at-zero",
            "When ELU is differentiable at 0",
            start=sp.Limit(quotient(elu, h_neg), h_neg, 0, "-"),
            start_reason="ELU's difference quotient at 0 for a step $h < 0$",
            steps=(
                Step("elu-quotient-left", sp.Limit(times(alpha, em1(h_neg), reciprocal(h_neg)), h_neg, 0, "-"),
                     "$\\operatorname{elu}(h) = \\alpha(e^h - 1)$ for $h < 0$, and $\\operatorname{elu}(0) = 0$"),
                Step("elu-kink-left-value", alpha,
                     "$(e^h - 1)/h \\to 1$ as $h \\to 0$: it is the slope of $e^h$ at 0"),
                Step("elu-smooth-alpha", sp.Eq(alpha, 1),
                     "From the right the quotient is $h/h = 1$: set the two one-sided slopes equal and solve for "
                     "$\\alpha$",
                     rel=Rel.SOLVE, condition=sp.S.One),
            ),
        ),
    ),
    references=cite("he2015", "clevert2016"),
)
