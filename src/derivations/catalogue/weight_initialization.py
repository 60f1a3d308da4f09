"""Variance-preserving initialisation: LeCun's 1/n_in, Glorot's 2/(n_in + n_out) and He's 2/n_in.

The probability in this derivation is in its definitions: each expectation or variance that a
step needs is a named symbol, and each definition states one modelling fact (independent terms
have additive variances; independent factors have factorising moments; the weights have mean 0
and variance v). The steps combine those facts, and the checker confirms that every step is
consistent with them. The one fact that is not modelled but computed is the second moment of a
rectified Gaussian: there the integrals are evaluated.

As in selu.py, the Gaussian integral is split at 0 with integration variables whose sign is
declared, so the Piecewise definition of relu collapses to one branch on each half-line.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as times
from derivations.display import reciprocal
from derivations.display import total as plus
from derivations.model import Assume, Define, Derivation, Part, Rel, Step

n_in = sp.Symbol(r"n_{\mathrm{in}}", integer=True, positive=True)
n_out = sp.Symbol(r"n_{\mathrm{out}}", integer=True, positive=True)
i = sp.Symbol("i", integer=True, positive=True)
k = sp.Symbol("k", integer=True, positive=True)
v = sp.Symbol("v", positive=True)
q = sp.Symbol("q", positive=True)
r = sp.Symbol("r", positive=True)
b = sp.Symbol("b", positive=True)
sigma = sp.Symbol("sigma", positive=True)
t = sp.Symbol("t", real=True)
t_pos = sp.Symbol("t", positive=True)  # the variable of an integral over t > 0

# Moments, each a named symbol (the same for every i or k: all weights share one distribution,
# and so do all inputs). Their names are the LaTeX readers see.
var_z = sp.Symbol(r"\operatorname{Var}(z)")
var_term = sp.Symbol(r"\operatorname{Var}(w_i x_i)")
e_term_sq = sp.Symbol(r"\mathbb{E}[w_i^2 x_i^2]")
e_term = sp.Symbol(r"\mathbb{E}[w_i x_i]")
e_w = sp.Symbol(r"\mathbb{E}[w_i]")
e_w_sq = sp.Symbol(r"\mathbb{E}[w_i^2]")
e_x = sp.Symbol(r"\mathbb{E}[x_i]", real=True)
e_x_sq = sp.Symbol(r"\mathbb{E}[x_i^2]")
v_fwd = sp.Symbol(r"v_{\mathrm{fwd}}")
v_bwd = sp.Symbol(r"v_{\mathrm{bwd}}")
var_g = sp.Symbol(r"\operatorname{Var}(g_j)")
var_back_term = sp.Symbol(r"\operatorname{Var}(w_{kj} \delta_k)")

relu = sp.Function("relu", real=True)
phi = sp.Function("varphi", positive=True)

oo = sp.oo
half = sp.Rational(1, 2)
U = sp.UnevaluatedExpr  # keeps a term where it is written (SymPy would print the negative term first)


DERIVATION = Derivation(
    id="variance-preserving-initialization",
    title="Variance-preserving initialisation",
    summary=(
        "For $z = \\sum_{i=1}^{n_{\\mathrm{in}}} w_i x_i$ with independent zero-mean weights of variance $v$ and "
        "independent inputs of second moment $q$, $\\operatorname{Var}(z) = n_{\\mathrm{in}} v q$. Keeping the "
        "variance from layer to layer gives $v = 1/n_{\\mathrm{in}}$ (LeCun), the backward pass gives "
        "$v = 1/n_{\\mathrm{out}}$, and Glorot's compromise is $2/(n_{\\mathrm{in}} + n_{\\mathrm{out}})$. A ReLU "
        "passes on half of a symmetric Gaussian's second moment, so ReLU layers need $v = 2/n_{\\mathrm{in}}$ (He)."
    ),
    assumptions=(
        Assume(n_in, sp.S.Naturals, "the fan-in: the number of inputs of a unit", sizes=(1, 2, 3, 5)),
        Assume(n_out, sp.S.Naturals, "the fan-out: the number of units a layer feeds", sizes=(1, 2, 3, 5)),
        Assume(i, sp.Range(1, n_in + 1), "the index of an input"),
        Assume(k, sp.Range(1, n_out + 1), "the index of a unit in the next layer"),
        Assume(v, sp.Interval.open(0, oo), "the variance of every weight"),
        Assume(q, sp.Interval.open(0, oo), "the second moment $\\mathbb{E}[x_i^2]$ of every input"),
        Assume(e_x, sp.S.Reals, "the mean of an input, which need not be 0 (ReLU outputs are never negative)"),
        Assume(r, sp.Interval.open(0, oo), "the second moment $\\mathbb{E}[\\delta_k^2]$ of every backpropagated error"),
        Assume(b, sp.Interval.open(0, oo), "the half-width of a uniform distribution $U(-b, b)$"),
        Assume(sigma, sp.Interval.open(0, oo), "the standard deviation of a zero-mean Gaussian pre-activation $Z$"),
        Assume(t, sp.S.Reals, "a value of a standard normal variable $S$"),
    ),
    definitions=(
        Define(var_z, sp.Sum(var_term, (i, 1, n_in)),
               "the variance of $z$: its $n_{\\mathrm{in}}$ terms are independent, and the variance of a sum of "
               "independent terms is the sum of their variances"),
        Define(var_term, plus(e_term_sq, -U(e_term**2)), "a variance is the second moment minus the squared mean"),
        Define(e_term_sq, times(e_w_sq, e_x_sq), "$w_i$ is independent of $x_i$, so so are $w_i^2$ and $x_i^2$, and "
               "the expectation of their product factorises"),
        Define(e_term, times(e_w, e_x), "the same factorisation for $w_i x_i$"),
        Define(e_w, sp.S.Zero, "the weights have mean 0"),
        Define(e_w_sq, v, "the weights have variance $v$; with mean 0 that is their second moment"),
        Define(e_x_sq, q, "the inputs' second moment"),
        Define(var_g, sp.Sum(var_back_term, (k, 1, n_out)),
               "the variance of $g_j = \\partial L/\\partial x_j = \\sum_k w_{kj}\\delta_k$, where "
               "$\\delta_k = \\partial L/\\partial z_k$: its $n_{\\mathrm{out}}$ terms are treated as independent"),
        Define(var_back_term, times(v, r),
               "one backward term's variance, by the forward computation with $x_i$ replaced by $\\delta_k$"),
        Define(v_fwd, reciprocal(n_in), "the weight variance that keeps the forward variance (LeCun's)"),
        Define(v_bwd, reciprocal(n_out), "the weight variance that keeps the backward variance"),
        Define(relu(t), sp.Piecewise((t, t > 0), (0, True)), "the rectified linear unit"),
        Define(phi(t), times(reciprocal(sp.sqrt(2 * sp.pi)), sp.exp(-t**2 / 2)),
               "the density of a standard normal variable $S$"),
    ),
    parts=(
        Part(
            "forward-variance",
            "The variance of a pre-activation",
            start=var_z,
            steps=(
                Step("variances-add", sp.Sum(var_term, (i, 1, n_in)),
                     "The terms $w_i x_i$ are independent of each other (all weights and inputs are), so their "
                     "variances add"),
                Step("variance-of-term", sp.Sum(plus(e_term_sq, -U(e_term**2)), (i, 1, n_in)),
                     "$\\operatorname{Var}(Y) = \\mathbb{E}[Y^2] - \\mathbb{E}[Y]^2$"),
                Step("independent-factors", sp.Sum(plus(times(e_w_sq, e_x_sq), -U(times(e_w**2, e_x**2))), (i, 1, n_in)),
                     "$w_i$ and $x_i$ are independent, so the expectations of their products factorise"),
                Step("weight-moments", sp.Sum(times(v, q), (i, 1, n_in)),
                     "$\\mathbb{E}[w_i] = 0$ removes the second term, whatever the inputs' mean; "
                     "$\\mathbb{E}[w_i^2] = v$ and $\\mathbb{E}[x_i^2] = q$"),
                Step("n-equal-terms", times(n_in, v, q), "$n_{\\mathrm{in}}$ equal terms"),
            ),
        ),
        Part(
            "lecun",
            "Keeping the forward variance: LeCun",
            start=times(n_in, v, q),
            start_reason=(
                "$\\operatorname{Var}(z)$ from above; with zero-mean inputs, $q$ is the inputs' variance, which "
                "the layer should pass on unchanged"
            ),
            steps=(
                Step("lecun-variance", sp.Eq(v, reciprocal(n_in)),
                     "Set the output's variance equal to the input's and solve for $v$",
                     rel=Rel.SOLVE, condition=q),
            ),
        ),
        Part(
            "backward",
            "Keeping the backward variance",
            start=var_g,
            steps=(
                Step("backward-variances-add", sp.Sum(var_back_term, (k, 1, n_out)),
                     "Treat the terms $w_{kj}\\delta_k$ as independent, so their variances add"),
                Step("backward-term", sp.Sum(times(v, r), (k, 1, n_out)),
                     "As in the forward pass: the weights are independent of $\\delta_k$ and have mean 0 and "
                     "variance $v$, and $\\mathbb{E}[\\delta_k^2] = r$"),
                Step("backward-n-terms", times(n_out, v, r), "$n_{\\mathrm{out}}$ equal terms"),
                Step("backward-variance", sp.Eq(v, reciprocal(n_out)),
                     "The $\\delta_k$ have mean 0 (the weights do), so $r$ is their variance: set the gradient's "
                     "variance equal to it and solve for $v$",
                     rel=Rel.SOLVE, condition=r),
            ),
        ),
        Part(
            "glorot",
            "Glorot's compromise",
            start=reciprocal(times(half, plus(n_in, n_out))),
            start_reason=(
                "A layer with $n_{\\mathrm{in}} \\ne n_{\\mathrm{out}}$ cannot meet both conditions; Glorot and Bengio "
                "use the average of the two fans in their place"
            ),
            steps=(
                Step("glorot-variance", times(2, reciprocal(plus(n_in, n_out))), "Multiply through by 2"),
                Step("glorot-harmonic-mean", times(2, reciprocal(plus(reciprocal(v_fwd), reciprocal(v_bwd)))),
                     "It is the harmonic mean of the forward choice $1/n_{\\mathrm{in}}$ and the backward choice "
                     "$1/n_{\\mathrm{out}}$, so it lies between them"),
            ),
        ),
        Part(
            "uniform",
            "The uniform version",
            start=sp.Integral(times(t**2, reciprocal(2 * b)), (t, -b, b)),
            start_reason="The variance of $U(-b, b)$: its mean is 0 and its density is $1/(2b)$ on $(-b, b)$",
            steps=(
                Step("uniform-variance", times(b**2, reciprocal(3)), "$\\int_{-b}^{b} t^2\\,dt = 2b^3/3$"),
                Step("glorot-uniform-limit", sp.Eq(b, sp.sqrt(6 / (n_in + n_out))),
                     "Set it equal to Glorot's variance and solve for $b > 0$",
                     rel=Rel.SOLVE, condition=2 / (n_in + n_out)),
            ),
        ),
        Part(
            "relu-scale",
            "ReLU commutes with a positive scale",
            start=relu(times(sigma, t)),
            steps=(
                Step("relu-homogeneous", times(sigma, relu(t)), "For $\\sigma > 0$, $\\sigma t > 0$ exactly when $t > 0$"),
            ),
        ),
        Part(
            "relu-second-moment",
            "What a ReLU passes on",
            start=times(sigma**2, sp.Integral(plus(times(relu(t_pos) ** 2, phi(t_pos)), times(relu(-t_pos) ** 2, phi(-t_pos))),
                                              (t_pos, 0, oo))),
            start_reason=(
                "$\\mathbb{E}[\\operatorname{relu}(Z)^2]$ for $Z = \\sigma S \\sim N(0, \\sigma^2)$: by the part above, "
                "$\\operatorname{relu}(\\sigma S)^2 = \\sigma^2 \\operatorname{relu}(S)^2$; the integral over the line is "
                "folded at 0, the negative half moved onto the positive one by $t \\to -t$"
            ),
            steps=(
                Step("relu-right-half", times(sigma**2, sp.Integral(times(t**2, phi(t)), (t, 0, oo))),
                     "For $t > 0$, $\\operatorname{relu}(t) = t$ and $\\operatorname{relu}(-t) = 0$: "
                     "the negative half contributes nothing"),
                Step("relu-even-integrand", times(sigma**2, half, sp.Integral(times(t**2, phi(t)), (t, -oo, oo))),
                     "$t^2 \\varphi(t)$ is even, so the positive half holds half of the integral over the line"),
                Step("relu-half-variance", times(half, sigma**2),
                     "The integral over the line is $\\mathbb{E}[S^2] = 1$"),
            ),
        ),
        Part(
            "he",
            "Keeping the variance through ReLU layers: He",
            start=times(n_in, v, times(half, sigma**2)),
            start_reason=(
                "$\\operatorname{Var}(z) = n_{\\mathrm{in}} v q$ for the next layer, whose inputs are ReLU outputs of "
                "pre-activations with variance $\\sigma^2$: by the part above, $q = \\sigma^2/2$"
            ),
            steps=(
                Step("he-variance", sp.Eq(v, times(2, reciprocal(n_in))),
                     "Set the next layer's pre-activation variance equal to this layer's, $\\sigma^2$, and solve for $v$",
                     rel=Rel.SOLVE, condition=sigma**2),
            ),
        ),
    ),
    references=cite("lecun1998", "he2015"),
)
