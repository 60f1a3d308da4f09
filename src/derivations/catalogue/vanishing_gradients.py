"""The gradient through a chain of scalar layers: a product of one factor per layer, and how large it can be.

A chain of n scalar layers h_k = f(w_k h_{k-1}) is the smallest model of a deep network. By the chain
rule, the derivative of the output h_n with respect to the input h_0 is the product of the layer
derivatives, and each of those is the weight times the activation's slope. How large that product can
be depends on the activation: with the sigmoid each factor is at most a quarter of the weight's
magnitude, with tanh at most the weight's magnitude, and with ReLU it is the weight or 0.

Notes for authors:
- A layer's input h_{k-1} is written x_k and declared as an independent entry: each layer derivative
  is a function of its own input, evaluated at the value the forward pass produced. The composition itself (that the
  derivative of h_n is the product of these factors) is the chain rule, stated as the start of the parts.
- The weights are w_k := W c_k with c_k in [-1, 1], so that W bounds every |w_k|. The verifier's
  symbolic proofs see SymPy's assumptions, not interval domains, so the step that uses |c_k| <= 1
  (`largest-weight`) is verified numerically.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as M
from derivations.model import Assume, Define, Derivation, Part, Rel, Step

n = sp.Symbol("n", integer=True, positive=True)
k = sp.Symbol("k", integer=True, positive=True)
W = sp.Symbol("W", positive=True)
c = sp.IndexedBase("c", real=True)
x = sp.IndexedBase("x", real=True)
w = sp.IndexedBase("w", real=True)
a = sp.IndexedBase("a", real=True)
u = sp.Symbol("u", real=True)  # the argument of an activation, bound inside Subs

sigma = sp.Function("sigma", real=True)
relu = sp.Function("relu", real=True)

quarter = sp.Rational(1, 4)


def layer(f):
    """The layer derivative dh_k/dh_{k-1} for h_k = f(w_k h_{k-1}), written with x_k = h_{k-1}."""
    return sp.Derivative(f(M(w[k], x[k])), x[k])


def slope(f):
    """f'(a_k): the derivative of f, taken at the pre-activation a_k."""
    return sp.Subs(sp.Derivative(f(u), u), u, a[k])


def over_layers(expr):
    return sp.Product(expr, (k, 1, n))


sigmoid_slope = M(sigma(a[k]), 1 - sigma(a[k]))
# Positive as written, so |.| leaves it alone. An evaluated product: the first part's result, which ends
# with it, must survive a round trip through srepr.
sigmoid_slope_sym = sigma(a[k]) * sigma(-a[k])
tanh_slope = 1 - sp.tanh(a[k]) ** 2
tanh_slope_cosh = 1 / sp.cosh(a[k]) ** 2

DERIVATION = Derivation(
    id="deep-chain-gradient",
    title="The gradient through a deep chain of layers",
    summary=(
        "For a chain of $n$ scalar layers $h_k = f(w_k h_{k-1})$, the chain rule makes $\\partial h_n / \\partial h_0$ "
        "the product of the factors $w_k f'(a_k)$. With the sigmoid each factor is at most $|w_k|/4$ in magnitude, "
        "so the product is at most $(W/4)^n$ when no weight exceeds $W$ in magnitude; with tanh each factor is at "
        "most $|w_k|$; with ReLU each factor is $w_k$ or $0$."
    ),
    assumptions=(
        Assume(n, sp.S.Naturals, "the number of layers", sizes=(1, 2, 3, 5)),
        Assume(k, sp.Range(1, n + 1), "the index of a layer"),
        Assume(W, sp.Interval.open(0, sp.oo), "a bound on the magnitude of every weight", sample=(0.5, 8)),
        Assume(c, sp.Interval(-1, 1), "$c_k$, the weight of layer $k$ as a fraction of $W$"),
        Assume(w, sp.Interval(-W, W), "$w_k$, the weight of layer $k$ (defined below)"),
        Assume(x, sp.S.Reals, "$x_k = h_{k-1}$, the input of layer $k$: $x_1 = h_0$ is the input of the chain"),
        Assume(a, sp.S.Reals, "$a_k$, the pre-activation of layer $k$ (defined below)"),
    ),
    definitions=(
        Define(w[k], M(W, c[k]), "the weight of layer $k$, so $|w_k| \\le W$"),
        Define(a[k], M(w[k], x[k]), "the pre-activation of layer $k$"),
        Define(sigma(u), 1 / (1 + sp.exp(-u)), "the logistic sigmoid"),
        Define(relu(u), sp.Piecewise((u, u > 0), (0, True)), "the rectified linear unit"),
    ),
    parts=(
        Part(
            "chain-rule",
            "The chain rule through n sigmoid layers",
            start=over_layers(layer(sigma)),
            start_reason=(
                "By the chain rule, $\\partial h_n / \\partial h_0$ is the product of the layer derivatives "
                "$\\partial h_k / \\partial h_{k-1}$, each taken at the values of the forward pass. Here "
                "$h_k = \\sigma(w_k x_k)$, where $x_k = h_{k-1}$ is the input of layer $k$"
            ),
            steps=(
                Step("layer-factor", over_layers(M(w[k], slope(sigma))),
                     "Inside each layer the chain rule again: the pre-activation $a_k = w_k x_k$ "
                     "changes with $x_k$ at the rate $w_k$"),
                Step("sigmoid-slope", over_layers(M(w[k], sigmoid_slope)),
                     "The sigmoid's derivative is $\\sigma(1 - \\sigma)$"),
                Step("sigmoid-symmetry", over_layers(w[k] * sigmoid_slope_sym),
                     "The sigmoid is symmetric about its midpoint: $1 - \\sigma(a) = \\sigma(-a)$"),
            ),
        ),
        Part(
            "sigmoid-bound",
            "With the sigmoid, at most a quarter of the weight per layer",
            start=over_layers(sp.Abs(w[k] * sigmoid_slope_sym, evaluate=False)),
            start_reason="The magnitude of the product above is the product of the magnitudes of its factors",
            steps=(
                Step("magnitudes", over_layers(sp.Abs(w[k]) * sigmoid_slope_sym),
                     "The sigmoid is positive, so only the weight can be negative"),
                Step("quarter-per-layer", over_layers(sp.Abs(w[k]) / 4),
                     "Every factor is non-negative, and the sigmoid's slope "
                     "$\\sigma(a)\\sigma(-a) = \\sigma(a)(1 - \\sigma(a))$ is at most $1/4$", rel=Rel.LE),
                Step("largest-weight", over_layers(W / 4),
                     "No weight exceeds $W$ in magnitude", rel=Rel.LE),
                Step("sigmoid-power", sp.Pow(W / 4, n, evaluate=False), "$n$ equal factors of $W/4$"),
            ),
        ),
        Part(
            "tanh-bound",
            "With tanh, at most the weight per layer",
            start=over_layers(sp.Abs(layer(sp.tanh), evaluate=False)),
            start_reason=(
                "The same chain with $h_k = \\tanh(w_k x_k)$: the magnitude of the gradient, "
                "factor by factor"
            ),
            steps=(
                Step("tanh-layer-factor", over_layers(sp.Abs(M(w[k], tanh_slope), evaluate=False)),
                     "The chain rule inside each layer, and $\\tanh' = 1 - \\tanh^2$"),
                Step("tanh-cosh", over_layers(M(sp.Abs(w[k]), tanh_slope_cosh)),
                     "$1 - \\tanh^2 = (\\cosh^2 - \\sinh^2)/\\cosh^2 = 1/\\cosh^2$, which is positive"),
                Step("tanh-at-most-weight", over_layers(sp.Abs(w[k])),
                     "Every factor is non-negative, and $\\cosh^2(a_k) \\ge 1$, with equality only at $a_k = 0$",
                     rel=Rel.LE),
            ),
        ),
        Part(
            "relu-factor",
            "With ReLU, the weight or nothing",
            start=layer(relu),
            start_reason="One layer $h_k = \\operatorname{relu}(w_k x_k)$",
            steps=(
                Step("relu-layer-factor", M(w[k], slope(relu)),
                     "The chain rule inside the layer, as above"),
                Step("relu-cases", sp.Piecewise((w[k], a[k] > 0), (0, True)),
                     "ReLU's slope is $1$ where its input is positive and $0$ where it is negative; at $0$, "
                     "where it has no derivative, implementations use $0$ as well"),
            ),
        ),
    ),
    references=cite("bengio1994", "pascanu2013", "he2015"),
)
