"""Backpropagation through time: the gradient of a recurrent state is a product of Jacobians, bounded
by a power of the recurrent weight's spectral norm; an LSTM's cell path multiplies forget gates instead.

An Elman network updates its state by h_t = tanh(W h_{t-1} + U x_t + b) (Elman, 1990). The first part
unrolls three steps of the scalar version and finds, by the chain rule, one factor w tanh'(a_t) per step:
the same weight again and again. The second part bounds the norm of the matrix version over n steps by
(gamma ||W||_2)^n, where gamma bounds the activation's slope, which is why gradients over long
distances vanish when gamma ||W||_2 < 1 (Bengio et al., 1994; Pascanu et al., 2013). The third part
follows an LSTM's cell state c_t = f_t c_{t-1} + i_t g_t along its own path, where each step contributes
its forget gate (Hochreiter & Schmidhuber, 1997).

Notes for authors:
- The scalar chain is written out for three steps with the states h_1, h_2, h_3 as defined names, so
  every derivative is checked by finite differences of the real composition; the general product over
  the time steps is stated in the page's prose and follows the same pattern.
- The matrix bound is checked on norms, not on matrices. The two matrix facts it uses (the spectral norm
  is submultiplicative, and the norm of a diagonal matrix is its largest entry in magnitude) are declared
  through the ratio q in [0, 1] between the norm of the Jacobian product and the product of the bounds
  of its factors; the step that uses q <= 1 names those facts. Each slope bound is g_t = gamma c_t with
  c_t in [0, 1], as in `vanishing_gradients.py`; SymPy does not see interval domains, so the step that
  uses c_t <= 1 is verified numerically.
- Along the cell path the gates are held fixed: in an LSTM they depend on c_{t-1} only through
  h_{t-1}, which is a different path of the gradient.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as M
from derivations.display import total as A
from derivations.model import Assume, Define, Derivation, Part, Rel, Step

# The scalar recurrence over three steps.
w = sp.Symbol("w", real=True)
u_in = sp.Symbol("u", real=True)
b = sp.Symbol("b", real=True)
h0 = sp.Symbol("h_0", real=True)
x1, x2, x3 = sp.symbols("x_1 x_2 x_3", real=True)
a1, a2, a3 = sp.symbols("a_1 a_2 a_3", real=True)
h1, h2, h3 = sp.symbols("h_1 h_2 h_3", real=True)
z = sp.Symbol("z", real=True)  # the argument of tanh, bound inside Subs

# The matrix bound over n steps.
n = sp.Symbol("n", integer=True, positive=True)
t = sp.Symbol("t", integer=True, positive=True)
gamma = sp.Symbol("gamma", positive=True)
norm_w = sp.Symbol(r"\lVert W \rVert_2", positive=True)
c = sp.IndexedBase("c", nonnegative=True)
g = sp.IndexedBase("g", nonnegative=True)
q = sp.Symbol("q", nonnegative=True)
jac = sp.Symbol(r"\left\lVert \frac{\partial h_T}{\partial h_{T-n}} \right\rVert_2", nonnegative=True)

# The LSTM cell path over three steps.
c0 = sp.Symbol("c_0", real=True)
f1, f2, f3 = sp.symbols("f_1 f_2 f_3", positive=True)
i1, i2, i3 = sp.symbols("i_1 i_2 i_3", positive=True)
g1, g2, g3 = sp.symbols(r"\tilde{c}_1 \tilde{c}_2 \tilde{c}_3", real=True)
cell1, cell2, cell3 = sp.symbols("c_1 c_2 c_3", real=True)


def slope(at):
    """tanh'(at), the slope of tanh at the pre-activation `at`."""
    return sp.Subs(sp.Derivative(sp.tanh(z), z), z, at)


DERIVATION = Derivation(
    id="bptt-jacobian-product",
    title="Backpropagation through time: a product of Jacobians",
    summary=(
        "For $h_t = \\tanh(w h_{t-1} + u x_t + b)$ the chain rule makes $\\partial h_3/\\partial h_0$ the product "
        "of one factor $w \\tanh'(a_t)$ per step. For a vector state the factors are the Jacobians "
        "$\\operatorname{diag}(\\varphi'(a_t)) W$, and if $|\\varphi'| \\le \\gamma$ the norm of their product "
        "over $n$ steps is at most $(\\gamma \\lVert W \\rVert_2)^n$. Along an LSTM's cell path each step "
        "contributes its forget gate instead."
    ),
    assumptions=(
        Assume(w, sp.S.Reals, "the recurrent weight of a one-unit network", sample=(-2, 2)),
        Assume(u_in, sp.S.Reals, "the input weight", sample=(-2, 2)),
        Assume(b, sp.S.Reals, "the bias", sample=(-1, 1)),
        Assume(h0, sp.Interval(-1, 1), "the state the gradient is taken with respect to"),
        Assume(x1, sp.S.Reals, "the input at step 1", sample=(-2, 2)),
        Assume(x2, sp.S.Reals, "the input at step 2", sample=(-2, 2)),
        Assume(x3, sp.S.Reals, "the input at step 3", sample=(-2, 2)),
        Assume(n, sp.S.Naturals, "the number of steps between $h_{T-n}$ and $h_T$", sizes=(1, 2, 3, 5)),
        Assume(t, sp.Range(1, n + 1), "the index of a step"),
        Assume(gamma, sp.Interval.open(0, sp.oo), "a bound on the activation's slope: $|\\varphi'| \\le \\gamma$",
               sample=(0.1, 2)),
        Assume(norm_w, sp.Interval.open(0, sp.oo), "the spectral norm (largest singular value) of $W$",
               sample=(0.1, 3)),
        Assume(c, sp.Interval(0, 1), "$c_t$, the largest slope at step $t$ as a fraction of $\\gamma$"),
        Assume(g, sp.Interval(0, sp.oo), "$g_t$, the largest slope at step $t$ (defined below)"),
        Assume(q, sp.Interval(0, 1),
               "the norm of the Jacobian product divided by $\\prod_t g_t \\lVert W \\rVert_2$; at most 1 because "
               "the spectral norm is submultiplicative, $\\lVert A B \\rVert_2 \\le \\lVert A \\rVert_2 "
               "\\lVert B \\rVert_2$, and $\\lVert \\operatorname{diag}(\\varphi'(a_t)) \\rVert_2 = g_t$"),
        Assume(c0, sp.S.Reals, "an LSTM's cell state the gradient is taken with respect to", sample=(-2, 2)),
        Assume(f1, sp.Interval.open(0, 1), "the forget gate at step 1"),
        Assume(f2, sp.Interval.open(0, 1), "the forget gate at step 2"),
        Assume(f3, sp.Interval.open(0, 1), "the forget gate at step 3"),
        Assume(i1, sp.Interval.open(0, 1), "the input gate at step 1"),
        Assume(i2, sp.Interval.open(0, 1), "the input gate at step 2"),
        Assume(i3, sp.Interval.open(0, 1), "the input gate at step 3"),
        Assume(g1, sp.Interval(-1, 1), "the candidate cell value at step 1"),
        Assume(g2, sp.Interval(-1, 1), "the candidate cell value at step 2"),
        Assume(g3, sp.Interval(-1, 1), "the candidate cell value at step 3"),
    ),
    definitions=(
        Define(a1, A(M(w, h0), M(u_in, x1), b), "the pre-activation at step 1"),
        Define(h1, sp.tanh(a1), "the state after step 1"),
        Define(a2, A(M(w, h1), M(u_in, x2), b), "the pre-activation at step 2"),
        Define(h2, sp.tanh(a2), "the state after step 2"),
        Define(a3, A(M(w, h2), M(u_in, x3), b), "the pre-activation at step 3"),
        Define(h3, sp.tanh(a3), "the state after step 3"),
        Define(g[t], M(gamma, c[t]), "the largest slope $\\max_i |\\varphi'(a_{t,i})|$ at step $t$"),
        Define(jac, M(q, sp.Product(M(g[t], norm_w), (t, 1, n))),
               "the norm of the Jacobian product over $n$ steps, written through the ratio $q$"),
        Define(cell1, A(M(f1, c0), M(i1, g1)), "the cell state after step 1"),
        Define(cell2, A(M(f2, cell1), M(i2, g2)), "the cell state after step 2"),
        Define(cell3, A(M(f3, cell2), M(i3, g3)), "the cell state after step 3"),
    ),
    parts=(
        Part(
            "scalar-chain",
            "Three steps of a one-unit network",
            start=sp.Derivative(h3, h0),
            start_reason="How the state after three steps changes with the state three steps earlier",
            steps=(
                Step("last-step", M(slope(a3), w, sp.Derivative(h2, h0)),
                     "$h_3 = \\tanh(a_3)$, and $a_3$ depends on $h_0$ only through $h_2$, with coefficient $w$: "
                     "the chain rule"),
                Step("middle-step", M(slope(a3), w, slope(a2), w, sp.Derivative(h1, h0)),
                     "The same for $h_2 = \\tanh(a_2)$, which depends on $h_0$ only through $h_1$"),
                Step("first-step", M(slope(a3), w, slope(a2), w, slope(a1), w),
                     "And for $h_1 = \\tanh(w h_0 + u x_1 + b)$, which depends on $h_0$ directly"),
                Step("tanh-slope", M(w, 1 - h3**2, w, 1 - h2**2, w, 1 - h1**2),
                     "The slope of tanh is $1 - \\tanh^2$, and $\\tanh(a_t) = h_t$"),
                Step("weight-power", M(w**3, 1 - h1**2, 1 - h2**2, 1 - h3**2),
                     "The same weight $w$ appears once per step"),
            ),
        ),
        Part(
            "norm-bound",
            "The norm of the Jacobian product over n steps",
            start=jac,
            start_reason=(
                "By the chain rule, $\\partial h_T / \\partial h_{T-n}$ is the product of the $n$ step Jacobians "
                "$\\operatorname{diag}(\\varphi'(a_t)) W$, as in the scalar case"
            ),
            steps=(
                Step("submultiplicative", sp.Product(M(g[t], norm_w), (t, 1, n)),
                     "The spectral norm is submultiplicative, so the norm of the product is at most the product "
                     "of the norms, and each factor's norm is at most $g_t \\lVert W \\rVert_2$ because a diagonal "
                     "matrix's norm is its largest entry in magnitude ($q \\le 1$)", rel=Rel.LE),
                Step("slope-at-most-gamma", sp.Product(M(gamma, norm_w), (t, 1, n)),
                     "Every factor is non-negative and no slope exceeds $\\gamma$", rel=Rel.LE),
                Step("norm-power", sp.Pow(M(gamma, norm_w), n, evaluate=False),
                     "$n$ equal factors of $\\gamma \\lVert W \\rVert_2$"),
            ),
        ),
        Part(
            "cell-path",
            "An LSTM's cell path",
            start=sp.Derivative(cell3, c0),
            start_reason=(
                "The cell state is updated additively, $c_t = f_t c_{t-1} + i_t \\tilde c_t$; follow $c_3$ back "
                "to $c_0$ along the cell states alone, with the gates and candidates held fixed"
            ),
            steps=(
                Step("cell-last-step", M(f3, sp.Derivative(cell2, c0)),
                     "Only the term $f_3 c_2$ depends on $c_0$, and it does through $c_2$"),
                Step("cell-product", M(f3, f2, f1),
                     "The same for $c_2$ and $c_1$: each step multiplies by its forget gate, and no weight "
                     "matrix or activation slope enters"),
            ),
        ),
    ),
    references=cite("elman1990", "bengio1994", "pascanu2013", "hochreiter1997"),
)
