"""Gradient descent on a quadratic: one step multiplies the error by 1 - alpha L, and it converges exactly
when 0 < alpha < 2/L.

On J(theta) = (L/2) theta^2 a gradient step is linear in theta, so k steps multiply the error by
(1 - alpha L)^k. Diagonalising a positive-definite Hessian splits a quadratic in many dimensions into
such one-dimensional problems, one per eigen-direction, each with its own curvature.

Notes for authors:
- SymPy's assumptions cannot say "alpha < 2/L", so each side of the stable interval is a part of its
  own, with the learning rate written through a margin that SymPy knows the sign of: alpha = p with
  p > 0, alpha = 2/L - q with q > 0, alpha = -u with u >= 0, alpha = 2/L + v with v >= 0.
- r(alpha, lambda) names the factor 1 - alpha lambda, so that the parts about its size read as statements
  about r, and a factor at a given learning rate shows as r(2/(mu + L), mu) rather than as a substitution.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as M
from derivations.display import total as A
from derivations.model import Assume, Define, Derivation, Part, Rel, Step

L = sp.Symbol("L", positive=True)
mu = sp.Symbol("mu", positive=True)
alpha = sp.Symbol("alpha", real=True)
theta = sp.Symbol("theta", real=True)
theta0 = sp.Symbol("theta_0", real=True)
k = sp.Symbol("k", integer=True, positive=True)
t = sp.Symbol("t", integer=True, positive=True)  # the index of a step, bound in a product
d = sp.Symbol("d", integer=True, positive=True)
i = sp.Symbol("i", integer=True, positive=True)
j = sp.Symbol("j", integer=True, positive=True)
lam = sp.IndexedBase("lambda", positive=True)
z = sp.IndexedBase("z", real=True)

# The margins that place a learning rate on one side of 0 or of 2/L (see the notes above).
p = sp.Symbol("p", positive=True)
q = sp.Symbol("q", positive=True)
u = sp.Symbol("u", nonnegative=True)
v = sp.Symbol("v", nonnegative=True)

J = sp.Function("J", real=True)
r = sp.Function("r", real=True)
kappa = sp.Symbol("kappa", positive=True)
curvature = sp.Symbol("lambda", positive=True)  # the parameter of r in its definition

two_over_L = 2 / L
balanced = 2 / A(mu, L)  # 2 / (mu + L)

DERIVATION = Derivation(
    id="gradient-descent-quadratic",
    title="Gradient descent on a quadratic",
    summary=(
        "On $J(\\theta) = \\frac{L}{2}\\theta^2$ one step of gradient descent multiplies the error by "
        "$1 - \\alpha L$, so after $k$ steps it is $(1 - \\alpha L)^k$ times the start. The iteration "
        "converges exactly when $0 < \\alpha < 2/L$, at the rate $|1 - \\alpha L|$ per step; $\\alpha = 1/L$ "
        "lands on the minimum in one step. Along the eigen-directions of a positive-definite Hessian the same "
        "holds with each curvature $\\lambda_j$ in place of $L$; with curvatures between $\\mu$ and $L$ the best "
        "single learning rate is $2/(\\mu + L)$, with rate $(\\kappa - 1)/(\\kappa + 1)$ for $\\kappa = L/\\mu$."
    ),
    assumptions=(
        Assume(L, sp.Interval.open(0, sp.oo), "the curvature $J''$; in many dimensions the largest eigenvalue "
               "of the Hessian", sample=(0.1, 5)),
        Assume(alpha, sp.S.Reals, "the learning rate (step size)", sample=(-1, 3)),
        Assume(theta, sp.S.Reals, "the parameter; the minimum is at 0, so $\\theta$ is also the error"),
        Assume(theta0, sp.S.Reals, "the starting point, and so the starting error"),
        Assume(k, sp.S.Naturals, "the number of steps taken", sizes=(1, 2, 3, 10)),
        Assume(p, sp.Interval.open(0, sp.oo), "a positive learning rate is $\\alpha = p$ with $p > 0$"),
        Assume(q, sp.Interval.open(0, sp.oo), "a learning rate below $2/L$ is $\\alpha = 2/L - q$ with $q > 0$"),
        Assume(u, sp.Interval(0, sp.oo), "a learning rate of at most 0 is $\\alpha = -u$ with $u \\ge 0$"),
        Assume(v, sp.Interval(0, sp.oo), "a learning rate of at least $2/L$ is $\\alpha = 2/L + v$ with $v \\ge 0$"),
        Assume(d, sp.S.Naturals, "the number of parameters", sizes=(1, 2, 3)),
        Assume(i, sp.Range(1, d + 1), "the index of an eigen-direction (summed over)"),
        Assume(j, sp.Range(1, d + 1), "the index of one eigen-direction"),
        Assume(lam, sp.Interval.open(0, sp.oo), "$\\lambda_i$, the curvature along eigen-direction $i$: "
               "an eigenvalue of the Hessian"),
        Assume(z, sp.S.Reals, "$z_i$, the error along eigen-direction $i$"),
        Assume(mu, sp.Interval.Lopen(0, L), "the smallest curvature; every $\\lambda_i$ lies in $[\\mu, L]$"),
    ),
    definitions=(
        Define(J(theta), M(L / 2, theta**2), "the quadratic loss, with its minimum at $\\theta = 0$"),
        Define(r(alpha, curvature), A(1, M(-1, alpha, curvature)),
               "the factor one step multiplies the error by, at learning rate $\\alpha$ and curvature $\\lambda$ "
               "(shown below)"),
        Define(kappa, L / mu, "the condition number: the largest curvature over the smallest"),
    ),
    parts=(
        Part(
            "one-step",
            "One step multiplies the error by 1 − αL",
            start=A(theta, M(-1, alpha, sp.Derivative(J(theta), theta))),
            start_reason="one gradient-descent step from $\\theta$: move against the gradient, scaled by $\\alpha$",
            steps=(
                Step("gradient", A(theta, M(-1, alpha, L, theta)), "the gradient of $\\frac{L}{2}\\theta^2$ is $L\\theta$"),
                Step("factor", M(A(1, M(-1, alpha, L)), theta), "take out the common factor $\\theta$"),
                Step("name-factor", M(r(alpha, L), theta), "call the factor $r(\\alpha, L)$"),
            ),
        ),
        Part(
            "k-steps",
            "After k steps",
            start=M(sp.Product(r(alpha, L), (t, 1, k)), theta0),
            start_reason=(
                "each of $k$ steps multiplies the error by the same factor $r(\\alpha, L)$, since the factor does not "
                "depend on $\\theta$"
            ),
            steps=(
                Step("power", M(A(1, M(-1, alpha, L)) ** k, theta0),
                     "$k$ equal factors of $1 - \\alpha L$ make its $k$-th power"),
            ),
        ),
        Part(
            "loss-after-k-steps",
            "The loss after k steps",
            start=J(M(A(1, M(-1, alpha, L)) ** k, theta0)),
            start_reason="the loss at the point reached after $k$ steps",
            steps=(
                Step("loss-square", M(L / 2, A(1, M(-1, alpha, L)) ** (2 * k), theta0**2),
                     "square the error: the factor appears squared"),
                Step("loss-ratio", M(A(1, M(-1, alpha, L)) ** (2 * k), J(theta0)),
                     "recognise $J(\\theta_0) = \\frac{L}{2}\\theta_0^2$"),
            ),
        ),
        Part(
            "error-size",
            "The size of the error",
            start=sp.Abs(M(A(1, M(-1, alpha, L)) ** k, theta0), evaluate=False),
            start_reason="the distance to the minimum after $k$ steps",
            steps=(
                Step("size-rate", M(sp.Abs(r(alpha, L)) ** k, sp.Abs(theta0)),
                     "the size of a product is the product of the sizes: the error shrinks or grows by "
                     "$|r(\\alpha, L)|$ per step, so it tends to 0 from any $\\theta_0 \\ne 0$ exactly when "
                     "$|r(\\alpha, L)| < 1$"),
            ),
        ),
        Part(
            "positive-rate",
            "A positive learning rate keeps the factor below 1",
            start=r(p, L),
            start_reason="the factor at a learning rate $\\alpha = p > 0$",
            steps=(
                Step("positive-rate-value", A(1, M(-1, p, L)), "put $\\alpha = p$ into $1 - \\alpha L$"),
                Step("positive-rate-below-one", sp.S.One, "$pL > 0$", rel=Rel.LT),
            ),
        ),
        Part(
            "rate-below-threshold",
            "A learning rate below 2/L keeps the factor above −1",
            start=r(A(two_over_L, -q), L),
            start_reason="the factor at a learning rate $\\alpha = 2/L - q$ with $q > 0$",
            steps=(
                Step("below-threshold-value", A(1, M(-1, A(two_over_L, -q), L)), "put $\\alpha = 2/L - q$ into $1 - \\alpha L$"),
                Step("below-threshold-simplify", A(M(q, L), -1), "multiply out: $(2/L)L = 2$"),
                Step("below-threshold-above-minus-one", sp.S.NegativeOne, "$qL > 0$", rel=Rel.GT),
            ),
        ),
        Part(
            "nonpositive-rate",
            "A learning rate of at most 0 never converges",
            start=sp.Abs(r(-u, L), evaluate=False),
            start_reason="the size of the factor at $\\alpha = -u$ with $u \\ge 0$",
            steps=(
                Step("nonpositive-value", sp.Abs(A(1, M(u, L)), evaluate=False), "put $\\alpha = -u$ into $1 - \\alpha L$"),
                Step("nonpositive-drop-abs", A(1, M(u, L)), "$1 + uL$ is positive"),
                Step("nonpositive-at-least-one", sp.S.One, "$uL \\ge 0$: the error never shrinks", rel=Rel.GE),
            ),
        ),
        Part(
            "rate-above-threshold",
            "A learning rate of at least 2/L never converges",
            start=sp.Abs(r(A(two_over_L, v), L), evaluate=False),
            start_reason="the size of the factor at $\\alpha = 2/L + v$ with $v \\ge 0$",
            steps=(
                Step("above-threshold-value", sp.Abs(A(1, M(-1, A(two_over_L, v), L)), evaluate=False),
                     "put $\\alpha = 2/L + v$ into $1 - \\alpha L$"),
                Step("above-threshold-simplify", sp.Abs(A(-1, M(-1, v, L)), evaluate=False), "multiply out: $(2/L)L = 2$"),
                Step("above-threshold-drop-abs", A(1, M(v, L)), "$-1 - vL$ is negative, so its size is $1 + vL$"),
                Step("above-threshold-at-least-one", sp.S.One,
                     "$vL \\ge 0$: the error flips sign every step and never shrinks", rel=Rel.GE),
            ),
        ),
        Part(
            "best-rate-1d",
            "The best learning rate in one dimension",
            start=r(alpha, L),
            steps=(
                Step("one-over-l", sp.Eq(alpha, 1 / L),
                     "set the factor to 0, so that one step lands on the minimum, and solve for $\\alpha$",
                     rel=Rel.SOLVE, condition=sp.S.Zero),
            ),
        ),
        Part(
            "eigen-direction",
            "Each eigen-direction of a positive-definite Hessian",
            start=A(z[j], M(-1, alpha, sp.Derivative(sp.Sum(M(lam[i] / 2, z[i] ** 2), (i, 1, d)), z[j]))),
            start_reason=(
                "write the Hessian as $H = Q\\Lambda Q^\\top$ with $Q$ orthogonal and $\\Lambda$ diagonal, and the "
                "error as $z = Q^\\top(\\theta - \\theta^*)$: the loss is $J^* + \\sum_i \\lambda_i z_i^2 / 2$, and, "
                "$Q$ being orthogonal, a gradient step in $\\theta$ is a gradient step in $z$"
            ),
            steps=(
                Step("eigen-gradient", A(z[j], M(-1, alpha, lam[j], z[j])),
                     "only the term $i = j$ depends on $z_j$, and its derivative is $\\lambda_j z_j$"),
                Step("eigen-factor", M(A(1, M(-1, alpha, lam[j])), z[j]),
                     "take out $z_j$"),
                Step("eigen-named-factor", M(r(alpha, lam[j]), z[j]),
                     "each direction is the one-dimensional problem with curvature $\\lambda_j$ in place of $L$"),
            ),
        ),
        Part(
            "balanced-rate",
            "The best single learning rate for curvatures between μ and L",
            start=A(r(alpha, mu), r(alpha, L)),
            start_reason=(
                "$|1 - \\alpha\\lambda|$ is largest at an end of $[\\mu, L]$, as $1 - \\alpha\\lambda$ is linear in "
                "$\\lambda$; the larger of the two ends is smallest when the flattest direction's factor and the "
                "steepest direction's factor are equal and opposite, their sum being 0"
            ),
            steps=(
                Step("balanced-alpha", sp.Eq(alpha, balanced), "solve the sum $= 0$ for $\\alpha$",
                     rel=Rel.SOLVE, condition=sp.S.Zero),
            ),
        ),
        Part(
            "balanced-flattest",
            "The rate at the balanced learning rate",
            start=r(balanced, mu),
            start_reason="the flattest direction's factor at $\\alpha = 2/(\\mu + L)$",
            steps=(
                Step("balanced-flattest-value", A(1, M(-2, mu, 1 / A(mu, L))), "put in $\\alpha$"),
                Step("balanced-flattest-fraction", A(L, -mu) / A(L, mu), "over the common denominator $\\mu + L$"),
                Step("balanced-flattest-kappa", A(kappa, -1) / A(kappa, 1),
                     "divide the top and the bottom by $\\mu$; $\\kappa = L/\\mu$"),
            ),
        ),
        Part(
            "balanced-steepest",
            "The steepest direction at the balanced learning rate",
            start=r(balanced, L),
            start_reason="the steepest direction's factor at $\\alpha = 2/(\\mu + L)$",
            steps=(
                Step("balanced-steepest-fraction", A(mu, -L) / A(L, mu), "put in $\\alpha$ and use the common denominator"),
                Step("balanced-steepest-kappa", -A(kappa, -1) / A(kappa, 1),
                     "divide by $\\mu$: the same size as the flattest direction's factor, with the opposite sign"),
            ),
        ),
        Part(
            "one-over-l-flattest",
            "The flattest direction at α = 1/L",
            start=r(1 / L, mu),
            start_reason="the flattest direction's factor at the learning rate that is best for the steepest one",
            steps=(
                Step("one-over-l-flattest-value", A(1, -mu / L), "put in $\\alpha = 1/L$"),
                Step("one-over-l-flattest-kappa", A(1, -1 / kappa), "$\\mu/L = 1/\\kappa$"),
            ),
        ),
    ),
    references=cite("lecun1998"),
)
