"""The sigmoid's derivative, its maximum of 1/4, and the vanishing-gradient bound it implies."""

import sympy as sp

from derivations.bibliography import cite
from derivations.model import Assume, Define, Derivation, Part, Rel, Step

z = sp.Symbol("z", real=True)
n = sp.Symbol("n", integer=True, positive=True)
k = sp.Symbol("k", integer=True, positive=True)
a = sp.IndexedBase("a", real=True)
sigma = sp.Function("sigma", real=True)
half = sp.Rational(1, 2)
U = sp.UnevaluatedExpr  # keeps a factor as written, for display only
quarter = sp.Rational(1, 4)

DERIVATION = Derivation(
    id="sigmoid-derivative",
    title="The sigmoid's derivative and the vanishing-gradient bound",
    summary=(
        "The logistic sigmoid's derivative is $\\sigma(z)(1 - \\sigma(z))$, which never exceeds $1/4$, so a "
        "chain of $n$ sigmoid layers scales a gradient by at most $4^{-n}$; tanh's derivative stays at or below 1."
    ),
    assumptions=(
        Assume(z, sp.S.Reals, "a pre-activation (the input of the sigmoid)"),
        Assume(n, sp.S.Naturals, "the number of sigmoid layers a gradient passes through", sizes=(1, 2, 3, 5)),
        Assume(k, sp.Range(1, n + 1), "the index of a layer"),
        Assume(a, sp.S.Reals, "$a_k$, the pre-activation of layer $k$"),
    ),
    definitions=(Define(sigma(z), 1 / (1 + sp.exp(-z)), "the logistic sigmoid"),),
    parts=(
        Part(
            "derivative",
            "The derivative",
            start=sp.Derivative(sigma(z), z),
            steps=(
                Step("chain-rule", sp.exp(-z) / (1 + sp.exp(-z)) ** 2,
                     "Differentiate $(1 + e^{-z})^{-1}$ with the chain rule"),
                Step("split", U(1 / (1 + sp.exp(-z))) * U(sp.exp(-z) / (1 + sp.exp(-z))),
                     "Write the fraction as a product of two fractions"),
                Step("product-form", sp.Mul(sigma(z), 1 - sigma(z), evaluate=False),
                     "The first factor is $\\sigma(z)$, and the second is $1 - \\sigma(z)$ because "
                     "$1 - \\frac{1}{1 + e^{-z}} = \\frac{e^{-z}}{1 + e^{-z}}$"),
            ),
        ),
        Part(
            "maximum",
            "Its maximum is 1/4",
            start=sp.Derivative(sigma(z), z),
            steps=(
                Step("restate", sp.Mul(sigma(z), 1 - sigma(z), evaluate=False), "The derivative found above"),
                Step("complete-square", quarter - (sigma(z) - half) ** 2, "Complete the square in $\\sigma(z)$"),
                Step("tanh-form", quarter - sp.tanh(z / 2) ** 2 / 4,
                     "Shifted by $1/2$, the sigmoid is half of tanh at half the argument: "
                     "$\\sigma(z) - \\tfrac12 = \\tfrac12 \\tanh(z/2)$"),
                Step("at-most-quarter", quarter,
                     "A square is never negative, and $\\tanh(z/2) = 0$ only at $z = 0$, so $1/4$ is reached only there",
                     rel=Rel.LE),
            ),
        ),
        Part(
            "attained",
            "The maximum is reached at z = 0",
            start=sp.Subs(sp.Derivative(sigma(z), z), z, 0),
            steps=(
                Step("at-zero", sp.Mul(sigma(0), 1 - sigma(0), evaluate=False), "Put $z = 0$ into $\\sigma(z)(1 - \\sigma(z))$"),
                Step("value-at-zero", quarter, "$\\sigma(0) = 1/(1 + 1) = 1/2$"),
            ),
        ),
        Part(
            "chain-bound",
            "A chain of n sigmoid layers",
            start=sp.Product(sp.Mul(sigma(a[k]), 1 - sigma(a[k]), evaluate=False), (k, 1, n)),
            start_reason="Backpropagation through $n$ sigmoid layers multiplies their derivatives (weights aside)",
            steps=(
                Step("termwise", sp.Product(quarter, (k, 1, n)),
                     "Every factor is non-negative and at most $1/4$", rel=Rel.LE),
                Step("power", sp.Pow(4, -n, evaluate=False), "$n$ equal factors of $1/4$"),
            ),
        ),
        Part(
            "tanh-comparison",
            "For comparison, tanh",
            start=sp.Derivative(sp.tanh(z), z),
            steps=(
                Step("tanh-derivative", 1 - sp.tanh(z) ** 2,
                     "Differentiate $\\tanh(z) = \\sinh(z)/\\cosh(z)$ with the quotient rule"),
                Step("tanh-at-most-one", sp.Integer(1), "$\\tanh^2(z) \\ge 0$, with equality only at $z = 0$", rel=Rel.LE),
            ),
        ),
    ),
    references=cite("rumelhart1986", "bengio1994"),
)
