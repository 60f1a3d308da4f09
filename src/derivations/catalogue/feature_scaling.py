"""Feature scaling and the condition number of least squares with two centred features.

The Hessian of J(w) = (1/2n)||Xw - y||^2 is X^T X / n, for centred features their covariance matrix:
s1^2 and s2^2 on the diagonal, rho s1 s2 off it. Its two eigenvalues, and their ratio (the condition
number), are worked out before standardization and after it, when the Hessian becomes the correlation
matrix. The last parts show how many steps gradient descent then needs.

Notes for authors:
- The eigenvalues are named functions of the matrix entries, lambda_+(a, b, c) for [[a, c], [c, b]],
  so that one formula serves the raw and the standardized Hessian.
- SymPy's assumptions cannot say "s1 >= s2". Feature 1 is the one on the larger scale, and its
  standard deviation is defined as s1 = s2 + g with g >= 0, which every s1 >= s2 is; the verifier
  expands the definition, so it knows the sign of s1^2 - s2^2.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as M
from derivations.display import reciprocal as inverse
from derivations.display import total as A
from derivations.model import Assume, Define, Derivation, Part, Rel, Step

n = sp.Symbol("n", integer=True, positive=True)
i = sp.Symbol("i", integer=True, positive=True)
x = sp.IndexedBase("x", real=True)
y = sp.IndexedBase("y", real=True)
w1 = sp.Symbol("w_1", real=True)
w2 = sp.Symbol("w_2", real=True)

s1 = sp.Symbol("s_1", positive=True)
s2 = sp.Symbol("s_2", positive=True)
g = sp.Symbol("g", nonnegative=True)
rho = sp.Symbol("rho", real=True)

a = sp.Symbol("a", positive=True)
b = sp.Symbol("b", positive=True)
c = sp.Symbol("c", real=True)

k = sp.Symbol("k", integer=True, positive=True)
rate = sp.Symbol("c_*", positive=True)
eps = sp.Symbol("epsilon", positive=True)
lam1 = sp.Symbol("lambda_1", positive=True)
lam2 = sp.Symbol("lambda_2", positive=True)
z1 = sp.Symbol("z_1", real=True)
z2 = sp.Symbol("z_2", real=True)

J = sp.Function("J", real=True)
J_std = sp.Function(r"\tilde{J}", real=True)
lam_plus = sp.Function("lambda_+", real=True)
lam_minus = sp.Function("lambda_-", real=True)

half = sp.Rational(1, 2)


def residual(u1, u2):
    """The residual of example i with feature columns u1, u2 (functions of i)."""
    return A(M(w1, u1), M(w2, u2), -y[i])


def mean(term):
    """(1/n) sum_i term."""
    return M(1 / n, sp.Sum(term, (i, 1, n)))


def root(a_, b_, c_):
    """sqrt((a - b)^2 + 4 c^2), the square root in both eigenvalues."""
    return sp.sqrt(A(A(a_, -b_) ** 2, M(4, c_**2)))


energy = A(M(lam1, z1**2), M(lam2, z2**2))  # lambda_1 z_1^2 + lambda_2 z_2^2
raw = (s1**2, s2**2, M(rho, s1, s2))  # the entries of the Hessian before scaling
std = (sp.S.One, sp.S.One, rho)  # and after it
sum_sq = A(s1**2, s2**2)
gap_sq = A(s1**2, -s2**2)

DERIVATION = Derivation(
    id="feature-scaling-condition-number",
    title="Feature scaling and the condition number of least squares",
    summary=(
        "For least squares with two centred features the Hessian is their covariance matrix. Its condition "
        "number is $(s_1/s_2)^2$ when the features are uncorrelated, and correlation raises it further. After "
        "standardization the Hessian is the correlation matrix, with eigenvalues $1 \\pm \\rho$ and condition "
        "number $(1 + |\\rho|)/(1 - |\\rho|)$, which is 1 for uncorrelated features. At the best constant "
        "learning rate, gradient descent needs $\\ln\\epsilon / \\ln c_*$ steps to shrink the error by "
        "$\\epsilon$, where $c_* = (\\kappa - 1)/(\\kappa + 1)$."
    ),
    assumptions=(
        Assume(n, sp.S.Naturals, "the number of examples", sizes=(1, 2, 3)),
        Assume(i, sp.Range(1, n + 1), "the index of an example"),
        # Sampled away from 0: a second derivative is checked by nested finite differences, whose error
        # (about 1e-14) is only small relative to entries that are not themselves tiny.
        Assume(x, sp.S.Reals, "$x_{ij}$, feature $j \\in \\{1, 2\\}$ of example $i$, centred: $\\sum_i x_{ij} = 0$",
               sample=(0.5, 2)),
        Assume(y, sp.S.Reals, "$y_i$, the target of example $i$"),
        Assume(w1, sp.S.Reals, "the weight of feature 1"),
        Assume(w2, sp.S.Reals, "the weight of feature 2"),
        Assume(s2, sp.Interval.open(0, sp.oo), "the standard deviation of feature 2, the one on the smaller scale",
               sample=(0.1, 3)),
        Assume(g, sp.Interval(0, sp.oo), "how much larger the standard deviation of feature 1 is", sample=(0, 10)),
        Assume(rho, sp.Interval.open(-1, 1), "the correlation of the two features"),
        Assume(a, sp.Interval.open(0, sp.oo), "the first diagonal entry of a symmetric 2×2 matrix"),
        Assume(b, sp.Interval.open(0, sp.oo), "its second diagonal entry"),
        Assume(c, sp.S.Reals, "its off-diagonal entry"),
        Assume(rate, sp.Interval.open(0, 1),
               "the factor by which the error shrinks per step at the best constant learning rate "
               "$2/(\\lambda_- + \\lambda_+)$: $c_* = (\\kappa - 1)/(\\kappa + 1)$ (see the gradient-descent page)"),
        Assume(eps, sp.Interval.open(0, 1), "the fraction of the starting error that counts as converged"),
        Assume(k, sp.S.Naturals, "the number of steps", sizes=(1, 2, 5)),
        Assume(lam1, sp.Interval.open(0, sp.oo), "the Hessian's first eigenvalue"),
        Assume(lam2, sp.Interval.open(0, sp.oo), "its second eigenvalue"),
        Assume(z1, sp.S.Reals, "the starting error along the first eigen-direction"),
        Assume(z2, sp.S.Reals, "the starting error along the second"),
    ),
    definitions=(
        Define(J(w1, w2), M(1 / (2 * n), sp.Sum(residual(x[i, 1], x[i, 2]) ** 2, (i, 1, n))),
               "the least-squares loss $\\frac{1}{2n}\\lVert Xw - y \\rVert^2$"),
        Define(J_std(w1, w2), M(1 / (2 * n), sp.Sum(residual(x[i, 1] / s1, x[i, 2] / s2) ** 2, (i, 1, n))),
               "the same loss on standardized features, feature $j$ divided by its standard deviation $s_j$"),
        Define(s1, A(s2, g), "the standard deviation of feature 1, the one on the larger scale"),
        Define(lam_plus(a, b, c), M(half, A(a, b, root(a, b, c))),
               "the larger eigenvalue of the symmetric matrix with diagonal $a, b$ and off-diagonal $c$"),
        Define(lam_minus(a, b, c), M(half, A(a, b, -root(a, b, c))), "its smaller eigenvalue"),
    ),
    parts=(
        Part(
            "hessian-diagonal",
            "The Hessian's diagonal",
            start=sp.Derivative(J(w1, w2), w1, 2),
            start_reason="the curvature of the loss along the weight of feature 1",
            steps=(
                Step("diagonal-first-derivative", sp.Derivative(mean(M(residual(x[i, 1], x[i, 2]), x[i, 1])), w1),
                     "differentiate each square once: the 2 cancels the $\\frac{1}{2}$"),
                Step("diagonal-second-derivative", mean(x[i, 1] ** 2),
                     "differentiate again: the residual's slope in $w_1$ is $x_{i1}$. For centred features this is "
                     "the variance $s_1^2$"),
            ),
        ),
        Part(
            "hessian-off-diagonal",
            "The Hessian's off-diagonal entry",
            start=sp.Derivative(J(w1, w2), w1, w2),
            start_reason="how the slope in $w_1$ changes with $w_2$",
            steps=(
                Step("off-diagonal-first-derivative", sp.Derivative(mean(M(residual(x[i, 1], x[i, 2]), x[i, 1])), w2),
                     "the derivative in $w_1$, as above"),
                Step("off-diagonal-second-derivative", mean(M(x[i, 1], x[i, 2])),
                     "the residual's slope in $w_2$ is $x_{i2}$. For centred features this is the covariance "
                     "$\\rho s_1 s_2$"),
            ),
        ),
        Part(
            "standardized-entries",
            "Standardizing divides each entry by the two scales",
            start=sp.Derivative(J_std(w1, w2), w1, w2),
            start_reason="the off-diagonal entry of the Hessian after each feature is divided by its standard deviation",
            steps=(
                Step("standardized-off-diagonal", M(inverse(M(s1, s2)), mean(M(x[i, 1], x[i, 2]))),
                     "as above, with $x_{ij}/s_j$ in place of $x_{ij}$: the covariance $\\rho s_1 s_2$ divided by "
                     "$s_1 s_2$, which is $\\rho$. In the same way each diagonal entry becomes $s_j^2/s_j^2 = 1$"),
            ),
        ),
        Part(
            "larger-eigenvalue",
            "The eigenvalues of a symmetric 2×2 matrix",
            start=A(M(A(a, -lam_plus(a, b, c)), A(b, -lam_plus(a, b, c))), -c**2),
            start_reason=(
                "the characteristic polynomial $\\det\\begin{pmatrix} a - \\lambda & c \\\\ c & b - \\lambda "
                "\\end{pmatrix}$ at $\\lambda = \\lambda_+$"
            ),
            steps=(
                Step("characteristic-expanded", A(lam_plus(a, b, c) ** 2, M(-1, A(a, b), lam_plus(a, b, c)), M(a, b), -c**2),
                     "multiply out"),
                Step("larger-root", sp.S.Zero,
                     "$\\lambda_+$ is the quadratic formula's root with the plus sign, since "
                     "$(a + b)^2 - 4(ab - c^2) = (a - b)^2 + 4c^2$"),
            ),
        ),
        Part(
            "smaller-eigenvalue",
            "The other eigenvalue",
            start=A(M(A(a, -lam_minus(a, b, c)), A(b, -lam_minus(a, b, c))), -c**2),
            start_reason="the characteristic polynomial at $\\lambda = \\lambda_-$",
            steps=(
                Step("smaller-root", sp.S.Zero, "the same computation with the minus sign"),
            ),
        ),
        Part(
            "condition-before",
            "The condition number before scaling",
            start=lam_plus(*raw) / lam_minus(*raw),
            start_reason="the ratio of the Hessian's eigenvalues, the entries being $s_1^2$, $s_2^2$ and $\\rho s_1 s_2$",
            steps=(
                Step("condition-before-written-out",
                     A(sum_sq, root(*raw)) / A(sum_sq, -root(*raw)),
                     "put the entries into $\\lambda_\\pm$; the factors $\\frac{1}{2}$ cancel"),
            ),
        ),
        Part(
            "uncorrelated-before",
            "Uncorrelated features, before scaling",
            start=lam_plus(s1**2, s2**2, 0) / lam_minus(s1**2, s2**2, 0),
            start_reason="the condition number at $\\rho = 0$: the Hessian is diagonal",
            steps=(
                Step("uncorrelated-root", A(sum_sq, sp.Abs(gap_sq)) / A(sum_sq, -sp.Abs(gap_sq)),
                     "with $c = 0$ the square root is $\\sqrt{(s_1^2 - s_2^2)^2} = |s_1^2 - s_2^2|$"),
                Step("uncorrelated-order", A(sum_sq, gap_sq) / A(sum_sq, -gap_sq),
                     "$s_1 \\ge s_2$, so $s_1^2 - s_2^2 \\ge 0$"),
                Step("uncorrelated-ratio", s1**2 / s2**2, "the numerator is $2s_1^2$, the denominator $2s_2^2$"),
                Step("uncorrelated-squared-ratio", sp.Pow(s1 / s2, 2, evaluate=False), "the ratio of the scales, squared"),
            ),
        ),
        Part(
            "standardized-larger",
            "After standardization: the larger eigenvalue",
            start=lam_plus(*std),
            start_reason="the standardized Hessian has 1 on its diagonal and $\\rho$ off it",
            steps=(
                Step("standardized-larger-root", M(half, A(2, sp.Pow(M(4, rho**2), half, evaluate=False))), "put in $a = b = 1$, $c = \\rho$"),
                Step("standardized-larger-value", A(1, sp.Abs(rho)), "$\\sqrt{4\\rho^2} = 2|\\rho|$"),
            ),
        ),
        Part(
            "standardized-smaller",
            "After standardization: the smaller eigenvalue",
            start=lam_minus(*std),
            steps=(
                Step("standardized-smaller-value", A(1, -sp.Abs(rho)), "the same, with the minus sign"),
            ),
        ),
        Part(
            "condition-after",
            "The condition number after standardization",
            start=lam_plus(*std) / lam_minus(*std),
            steps=(
                Step("condition-after-value", A(1, sp.Abs(rho)) / A(1, -sp.Abs(rho)),
                     "the two eigenvalues just found; the scales $s_1, s_2$ are gone"),
            ),
        ),
        Part(
            "uncorrelated-after",
            "Uncorrelated features, after standardization",
            start=lam_plus(1, 1, 0) / lam_minus(1, 1, 0),
            start_reason="the standardized condition number at $\\rho = 0$: the Hessian is the identity",
            steps=(
                Step("uncorrelated-after-value", sp.S.One, "both eigenvalues are 1: the contours are circles"),
            ),
        ),
        Part(
            "error-after-k-steps",
            "How the error shrinks in two dimensions",
            start=sp.sqrt(A(M(lam1, M(rate**k, z1) ** 2), M(lam2, M((-rate) ** k, z2) ** 2)) /
                          A(M(lam1, z1**2), M(lam2, z2**2))),
            start_reason=(
                "the distance of the fitted values $Xw$ from the least-squares fit is $\\sqrt{n\\,e^\\top H e}$ for "
                "the error $e$ in the weights, which is $\\sqrt{n(\\lambda_1 z_1^2 + \\lambda_2 z_2^2)}$ in the "
                "eigen-directions; at the best constant learning rate one direction's error is multiplied by "
                "$c_*$ per step and the other's by $-c_*$. The ratio is after $k$ steps to the start"
            ),
            steps=(
                Step("error-common-factor",
                     sp.Pow(M(rate ** (2 * k), energy, inverse(energy)), half, evaluate=False),
                     "$(\\pm c_*)^{2k} = c_*^{2k}$ in both terms"),
                Step("error-exact-rate", rate**k, "cancel: the distance shrinks by exactly $c_*$ every step"),
            ),
        ),
        Part(
            "steps-needed",
            "Steps to converge",
            start=rate**k,
            start_reason="the relative distance after $k$ steps, just found",
            steps=(
                Step("steps-to-tolerance", sp.Eq(k, sp.log(eps) / sp.log(rate)),
                     "set it to $\\epsilon$ and solve for $k$; the first whole $k$ at or above this converges",
                     rel=Rel.SOLVE, condition=eps),
            ),
        ),
    ),
    references=cite("lecun1998"),
)
