"""GloVe (Pennington, Socher and Manning, 2014): the gradients of its weighted least-squares cost, and the
properties of its weighting function.

The cost is J = sum_ij f(X_ij) e_ij^2 with residuals e_ij = w_i . wt_j + b_i + bt_j - log X_ij. The first
parts differentiate one pair's term with respect to the word vector w_i, the context vector wt_j and the two
biases; the gradient of J with respect to a parameter is the sum of these over the pairs whose term contains
it (row i for w_i and b_i, column j for wt_j and bt_j). The last parts show that the weighting
f(x) = (x/x_max)^alpha below x_max and 1 above is continuous at x_max, increasing below it, and tends to 0
at x = 0 fast enough to cancel the squared logarithm, so pairs never seen drop out of the cost. Three
values give the weight of a pair seen 1, 10 and 50 times with the paper's x_max = 100 and alpha = 3/4.

Notes for authors:
- The terms are differentiated one at a time (per-term form): differentiating the double sum over a
  symbolic vocabulary made SymPy spend many seconds on Kronecker deltas. The test file checks the summed
  gradients of the whole cost against finite differences in NumPy.
- The pair's weight f(X_ij) is an assumed number in [0, 1]: it does not depend on the parameters, and
  keeping the piecewise f out of the gradient parts keeps the checks fast.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as M
from derivations.display import total as A
from derivations.model import Assume, Define, Derivation, Part, Rel, Step, Value

D = sp.Symbol("D", integer=True, positive=True)
c = sp.Symbol("c", integer=True, positive=True)  # a summation index over vector entries
a = sp.Symbol("a", integer=True, positive=True)

w = sp.IndexedBase("w_i", real=True)
wt = sp.IndexedBase(r"\tilde{w}_j", real=True)
b = sp.Symbol("b_i", real=True)
bt = sp.Symbol(r"\tilde{b}_j", real=True)
X = sp.Symbol("X_ij", positive=True)
Fw = sp.Symbol(r"f(X_{ij})", nonnegative=True)
e = sp.Symbol("e_ij", real=True)

x = sp.Symbol("x", positive=True)
x_max = sp.Symbol(r"x_{\max}", positive=True)
alpha = sp.Symbol("alpha", positive=True)
f = sp.Function("f", nonnegative=True)

term = M(Fw, e**2)  # one pair's term f(X_ij) e_ij^2
power = (x / x_max) ** alpha


DERIVATION = Derivation(
    id="glove-cost-gradient",
    title="The GloVe cost: its gradients and its weighting function",
    summary=(
        "One pair's term of the GloVe cost is $f(X_{ij}) e_{ij}^2$, with residual $e_{ij} = w_i^\\top \\tilde w_j "
        "+ b_i + \\tilde b_j - \\log X_{ij}$. Its gradient is $2 f(X_{ij}) e_{ij} \\tilde w_j$ in $w_i$, "
        "$2 f(X_{ij}) e_{ij} w_i$ in $\\tilde w_j$ and $2 f(X_{ij}) e_{ij}$ in either bias; the cost's gradient "
        "sums these over the pairs that contain the parameter. The weighting $f$ is continuous at $x_{\\max}$, "
        "increasing below it, and $f(x) \\log^2 x \\to 0$ as $x \\to 0$, so pairs never seen contribute nothing."
    ),
    assumptions=(
        Assume(D, sp.S.Naturals, "the dimension of the vectors", sizes=(1, 2)),
        Assume(a, sp.Range(1, D + 1), "the index of a vector entry"),
        Assume(
            w,
            sp.S.Reals,
            "$w_{i,a}$, entry $a$ of word $i$'s vector $w_i$",
            sample=(-2, 2),
        ),
        Assume(
            wt,
            sp.S.Reals,
            "$\\tilde w_{j,a}$, entry $a$ of context word $j$'s vector $\\tilde w_j$",
            sample=(-2, 2),
        ),
        Assume(b, sp.S.Reals, "word $i$'s bias", sample=(-2, 2)),
        Assume(bt, sp.S.Reals, "context word $j$'s bias", sample=(-2, 2)),
        Assume(
            X,
            sp.Interval.open(0, sp.oo),
            "how often word $j$ occurs in the context of word $i$",
            sample=(0.5, 300),
        ),
        Assume(
            Fw,
            sp.Interval(0, 1),
            "the pair's weight; it does not depend on the parameters",
        ),
        Assume(
            x_max,
            sp.Interval.open(0, sp.oo),
            "the count from which every pair gets full weight",
            sample=(1, 200),
        ),
        Assume(alpha, sp.Interval.Lopen(0, 1), "the exponent of the weighting"),
        Assume(
            x, sp.Interval.open(0, x_max), "a co-occurrence count below $x_{\\max}$"
        ),
    ),
    definitions=(
        Define(
            e,
            A(sp.Sum(M(w[c], wt[c]), (c, 1, D)), b, bt, -sp.log(X)),
            "the residual of pair $(i, j)$: the model's $w_i^\\top \\tilde w_j + b_i + \\tilde b_j$ minus "
            "$\\log X_{ij}$",
        ),
        Define(
            f(x), sp.Piecewise((power, x < x_max), (1, True)), "the weighting function"
        ),
    ),
    parts=(
        Part(
            "word-gradient",
            "One pair's term, differentiated in the word vector",
            start=sp.Derivative(term, w[a]),
            start_reason="The term of pair $(i, j)$, differentiated in entry $a$ of $w_i$",
            steps=(
                Step(
                    "word-chain-rule",
                    M(2, Fw, e, sp.Derivative(e, w[a])),
                    "The weight is a constant; the square's derivative is $2e_{ij}$ times the residual's",
                ),
                Step(
                    "word-gradient-term",
                    M(2, Fw, e, wt[a]),
                    "In $w_i^\\top \\tilde w_j$ only the term $w_{i,a} \\tilde w_{j,a}$ involves $w_{i,a}$",
                ),
            ),
        ),
        Part(
            "context-gradient",
            "In the context vector",
            start=sp.Derivative(term, wt[a]),
            steps=(
                Step(
                    "context-gradient-term",
                    M(2, Fw, e, w[a]),
                    "The same, with the roles of $w_i$ and $\\tilde w_j$ exchanged",
                ),
            ),
        ),
        Part(
            "bias-gradient",
            "In the two biases",
            start=sp.Derivative(term, b),
            steps=(
                Step(
                    "bias-gradient-term",
                    M(2, Fw, e),
                    "The residual's derivative in $b_i$ is 1",
                ),
                Step(
                    "context-bias-same",
                    sp.Derivative(term, bt),
                    "The residual depends on $\\tilde b_j$ exactly as on $b_i$, so the two slopes are equal",
                ),
            ),
        ),
        Part(
            "continuous",
            "The weighting is continuous at the cap",
            start=sp.Limit(power, x, x_max, "-"),
            start_reason="Below $x_{\\max}$, $f(x) = (x/x_{\\max})^\\alpha$: its limit as $x$ rises to $x_{\\max}$",
            steps=(
                Step(
                    "limit-at-cap",
                    sp.Pow(sp.S.One, alpha, evaluate=False),
                    "Put in $x = x_{\\max}$",
                ),
                Step("one", sp.S.One, "$1^\\alpha = 1$"),
                Step(
                    "value-at-cap",
                    sp.Subs(f(x), x, x_max),
                    "From $x_{\\max}$ on, $f$ is 1: the limit from below equals the value, so $f$ has no jump",
                ),
            ),
        ),
        Part(
            "increasing",
            "Below the cap, the weighting increases",
            start=sp.Derivative(power, x),
            start_reason="The slope of $f$ below $x_{\\max}$ (above it $f$ is constant, with slope 0)",
            steps=(
                Step(
                    "power-rule",
                    M(alpha, x ** (alpha - 1), x_max ** (-alpha)),
                    "The power rule",
                ),
                Step(
                    "slope-positive",
                    sp.S.Zero,
                    "$\\alpha$, $x$ and $x_{\\max}$ are positive",
                    rel=Rel.GT,
                ),
            ),
        ),
        Part(
            "zero-counts",
            "Pairs never seen drop out",
            start=sp.Limit(M(power, sp.log(x) ** 2), x, 0, "+"),
            start_reason=(
                "A term's weight times its squared logarithm, as the count falls to 0 (for counts below "
                "$x_{\\max}$, $f(x) = (x/x_{\\max})^\\alpha$); the rest of the squared residual is bounded"
            ),
            steps=(
                Step(
                    "power-beats-log",
                    sp.S.Zero,
                    "Any positive power of $x$ goes to 0 faster than $\\log^2 x$ grows, so $f(0) = 0$ may be set "
                    "and the pairs with $X_{ij} = 0$ are left out of the sum",
                ),
            ),
        ),
    ),
    values=(
        Value(
            "weight-once",
            sp.Symbol(r"f(1)"),
            sp.Rational(1, 100) ** sp.Rational(3, 4),
            "the weight of a pair seen once, with $x_{\\max} = 100$ and $\\alpha = 3/4$",
            digits=4,
        ),
        Value(
            "weight-ten",
            sp.Symbol(r"f(10)"),
            sp.Rational(10, 100) ** sp.Rational(3, 4),
            "the weight of a pair seen ten times",
            digits=4,
        ),
        Value(
            "weight-fifty",
            sp.Symbol(r"f(50)"),
            sp.Rational(50, 100) ** sp.Rational(3, 4),
            "the weight of a pair seen fifty times",
            digits=4,
        ),
    ),
    references=cite("pennington2014"),
)
