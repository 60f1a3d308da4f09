"""Backpropagation through time: the gradient of a recurrent state is a product of Jacobians, bounded
by a power of the recurrent weight's spectral norm; an LSTM's cell path multiplies forget gates instead.

An Elman network updates its state by h_t = tanh(W h_{t-1} + U x_t + b) (Elman, 1990). The first part
takes one step of the scalar version, whose derivative is w tanh'(a_t); the second multiplies n of them
and finds the same weight n times. The third part bounds the norm of the matrix version over n steps by
(gamma ||W||_2)^n, where gamma bounds the activation's slope, which is why gradients over long
distances vanish when gamma ||W||_2 < 1 (Bengio et al., 1994; Pascanu et al., 2013). The fourth part
follows an LSTM's cell state c_t = f_t c_{t-1} + i_t g_t along its own path, where each step contributes
its forget gate (Hochreiter & Schmidhuber, 1997).

Notes for authors:
- The scalar part takes one step's derivative with h_{t-1} as an independent symbol, and then the
  product of n such factors, each at its own state, as in `vanishing_gradients.py`. Unrolling three steps
  as nested tanh compositions verified, but a wrong step in it sent SymPy's trigsimp into minutes of
  work before the numeric check could reject it.
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

# One step of the scalar recurrence, and a stretch of n steps.
w = sp.Symbol("w", real=True)
u_in = sp.Symbol("u", real=True)
b = sp.Symbol("b", real=True)
h_prev = sp.Symbol("h_{t-1}", real=True)
x_t = sp.Symbol("x_t", real=True)
a_t = sp.Symbol("a_t", real=True)
h_t = sp.Symbol("h_t", real=True)
z = sp.Symbol("z", real=True)  # the argument of tanh, bound inside Subs
state = sp.IndexedBase("h", real=True)

# The matrix bound over n steps.
n = sp.Symbol("n", integer=True, positive=True)
t = sp.Symbol("t", integer=True, positive=True)
gamma = sp.Symbol("gamma", positive=True)
norm_w = sp.Symbol(r"\lVert W \rVert_2", positive=True)
c = sp.IndexedBase("c", nonnegative=True)
g = sp.IndexedBase("g", nonnegative=True)
q = sp.Symbol("q", nonnegative=True)
jac = sp.Symbol(
    r"\left\lVert \frac{\partial h_T}{\partial h_{T-n}} \right\rVert_2",
    nonnegative=True,
)

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
        "For $h_t = \\tanh(w h_{t-1} + u x_t + b)$ one step's derivative is $w (1 - h_t^2)$, so by the chain rule "
        "$\\partial h_n/\\partial h_0 = w^n \\prod_t (1 - h_t^2)$. For a vector state the factors are the Jacobians "
        "$\\operatorname{diag}(\\varphi'(a_t)) W$, and if $|\\varphi'| \\le \\gamma$ the norm of their product "
        "over $n$ steps is at most $(\\gamma \\lVert W \\rVert_2)^n$. Along an LSTM's cell path each step "
        "contributes its forget gate instead."
    ),
    assumptions=(
        Assume(
            w, sp.S.Reals, "the recurrent weight of a one-unit network", sample=(-2, 2)
        ),
        Assume(u_in, sp.S.Reals, "the input weight", sample=(-2, 2)),
        Assume(b, sp.S.Reals, "the bias", sample=(-1, 1)),
        Assume(h_prev, sp.Interval(-1, 1), "the previous state"),
        Assume(x_t, sp.S.Reals, "the input at step $t$", sample=(-2, 2)),
        Assume(
            state,
            sp.Interval.open(-1, 1),
            "$h_t$, the state after step $t$ of a stretch of $n$ steps",
        ),
        Assume(
            n,
            sp.S.Naturals,
            "the number of steps between $h_{T-n}$ and $h_T$",
            sizes=(1, 2, 3, 5),
        ),
        Assume(t, sp.Range(1, n + 1), "the index of a step"),
        Assume(
            gamma,
            sp.Interval.open(0, sp.oo),
            "a bound on the activation's slope: $|\\varphi'| \\le \\gamma$",
            sample=(0.1, 2),
        ),
        Assume(
            norm_w,
            sp.Interval.open(0, sp.oo),
            "the spectral norm (largest singular value) of $W$",
            sample=(0.1, 3),
        ),
        Assume(
            c,
            sp.Interval(0, 1),
            "$c_t$, the largest slope at step $t$ as a fraction of $\\gamma$",
        ),
        Assume(
            g,
            sp.Interval(0, sp.oo),
            "$g_t$, the largest slope at step $t$ (defined below)",
        ),
        Assume(
            q,
            sp.Interval(0, 1),
            "the norm of the Jacobian product divided by $\\prod_t g_t \\lVert W \\rVert_2$; at most 1 because "
            "the spectral norm is submultiplicative, $\\lVert A B \\rVert_2 \\le \\lVert A \\rVert_2 "
            "\\lVert B \\rVert_2$, and $\\lVert \\operatorname{diag}(\\varphi'(a_t)) \\rVert_2 = g_t$",
        ),
        Assume(
            c0,
            sp.S.Reals,
            "an LSTM's cell state the gradient is taken with respect to",
            sample=(-2, 2),
        ),
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
        Define(a_t, A(M(w, h_prev), M(u_in, x_t), b), "the pre-activation at step $t$"),
        Define(h_t, sp.tanh(a_t), "the state after step $t$"),
        Define(
            g[t],
            M(gamma, c[t]),
            "the largest slope $\\max_i |\\varphi'(a_{t,i})|$ at step $t$",
        ),
        Define(
            jac,
            M(q, sp.Product(M(g[t], norm_w), (t, 1, n))),
            "the norm of the Jacobian product over $n$ steps, written through the ratio $q$",
        ),
        Define(cell1, A(M(f1, c0), M(i1, g1)), "the cell state after step 1"),
        Define(cell2, A(M(f2, cell1), M(i2, g2)), "the cell state after step 2"),
        Define(cell3, A(M(f3, cell2), M(i3, g3)), "the cell state after step 3"),
    ),
    parts=(
        Part(
            "one-step",
            "One step of a one-unit network",
            start=sp.Derivative(sp.tanh(A(M(w, h_prev), M(u_in, x_t), b)), h_prev),
            start_reason="How the new state $h_t = \\tanh(w h_{t-1} + u x_t + b)$ changes with the previous one",
            steps=(
                Step(
                    "step-chain",
                    M(w, slope(a_t)),
                    "The chain rule: the pre-activation $a_t$ changes with $h_{t-1}$ at the rate $w$",
                ),
                Step(
                    "step-slope",
                    M(w, 1 - h_t**2),
                    "The slope of tanh is $1 - \\tanh^2$, and $\\tanh(a_t) = h_t$",
                ),
            ),
        ),
        Part(
            "unrolled",
            "n steps: the same weight n times",
            start=sp.Product(M(w, 1 - state[t] ** 2), (t, 1, n)),
            start_reason=(
                "By the chain rule, $\\partial h_n / \\partial h_0$ is the product of the $n$ step derivatives "
                "above, each taken at its own state"
            ),
            steps=(
                Step(
                    "weight-power",
                    M(
                        sp.Pow(w, n, evaluate=False),
                        sp.Product(1 - state[t] ** 2, (t, 1, n)),
                    ),
                    "Every step uses the same recurrent weight $w$, so it comes out as its $n$-th power",
                ),
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
                Step(
                    "submultiplicative",
                    sp.Product(M(g[t], norm_w), (t, 1, n)),
                    "The spectral norm is submultiplicative, so the norm of the product is at most the product "
                    "of the norms, and each factor's norm is at most $g_t \\lVert W \\rVert_2$ because a diagonal "
                    "matrix's norm is its largest entry in magnitude ($q \\le 1$)",
                    rel=Rel.LE,
                ),
                Step(
                    "slope-at-most-gamma",
                    sp.Product(M(gamma, norm_w), (t, 1, n)),
                    "Every factor is non-negative and no slope exceeds $\\gamma$",
                    rel=Rel.LE,
                ),
                Step(
                    "norm-power",
                    sp.Pow(M(gamma, norm_w), n, evaluate=False),
                    "$n$ equal factors of $\\gamma \\lVert W \\rVert_2$",
                ),
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
                Step(
                    "cell-last-step",
                    M(f3, sp.Derivative(cell2, c0)),
                    "Only the term $f_3 c_2$ depends on $c_0$, and it does through $c_2$",
                ),
                Step(
                    "cell-product",
                    M(f3, f2, f1),
                    "The same for $c_2$ and $c_1$: each step multiplies by its forget gate, and no weight "
                    "matrix or activation slope enters",
                ),
            ),
        ),
    ),
    references=cite("elman1990", "bengio1994", "pascanu2013", "hochreiter1997"),
)
