"""Batch normalization: the backward pass through the batch statistics, checked against direct differentiation.

For a batch x_1, ..., x_m of one feature, batch normalization subtracts the batch mean, divides by
the batch standard deviation (with eps added to the variance) and applies a learned scale gamma and
shift beta. Ioffe and Szegedy (2015) back-propagate through the computation graph node by node:
y, then x-hat, then sigma^2, then mu, then x. This module derives each of those gradients and checks
that, assembled, they equal the derivative of the loss written directly as a function of x.

How the checks are set up:
- The loss is linear in the outputs, l = sum_k g_k y_k, with symbolic upstream gradients g_k. This
  is no loss of generality for first derivatives: for any differentiable loss L(y), the chain rule
  gives dL/dx_i = sum_k (dL/dy_k)(dy_k/dx_i), which is the derivative of the linear loss with g_k
  frozen at dL/dy_k.
- mu, sigma^2, x-hat and y are defined in terms of x, so "the loss as a function of x" is what the
  verifier differentiates. A gradient with respect to an intermediate node (sigma^2 or mu) is the
  derivative of the loss written with that node as a free variable (v or t), evaluated at the
  node's value: a Subs. The gradient with respect to x-hat uses a free stand-in u for x-hat.
- The batch size is fixed: m is *defined* as BATCH = 3, and the example index i ranges over the
  finite set {1, 2, 3}, so every claim is proven symbolically for that batch, case by case in i.
  With m as a size symbol (Assume with `sizes`) the verifier first attempts a proof for general m,
  and on these nested sums (the mean inside a sum inside a square root) SymPy's simplify either
  takes minutes or raises StopIteration inside its sum_simplify. Every formula is written for a
  general m; the page says that the checks use a batch of three.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as times
from derivations.display import reciprocal
from derivations.display import total as plus
from derivations.model import Assume, Define, Derivation, Part, Step

BATCH = 3  # the batch size every check uses (see the module docstring)

m = sp.Symbol("m", integer=True, positive=True)
i = sp.Symbol("i", integer=True, positive=True)
k = sp.Symbol("k", integer=True, positive=True)  # summation index only
j = sp.Symbol("j", integer=True, positive=True)  # summation index only
l = sp.Symbol("l", integer=True, positive=True)  # the summation index of the mean only

x = sp.IndexedBase("x", real=True)
g = sp.IndexedBase("g", real=True)
u = sp.IndexedBase("u", real=True)
xh = sp.IndexedBase(r"\hat{x}", real=True)
y = sp.IndexedBase("y", real=True)

gamma = sp.Symbol("gamma", real=True)
beta = sp.Symbol("beta", real=True)
eps = sp.Symbol("epsilon", positive=True)
v = sp.Symbol("v", positive=True)  # sigma^2 as a free variable of the graph
t = sp.Symbol("t", real=True)  # mu as a free variable of the graph

mu = sp.Symbol("mu", real=True)
var = sp.Symbol(r"\sigma^{2}", nonnegative=True)
loss = sp.Symbol(r"\ell", real=True)
d_var = sp.Symbol(r"\frac{\partial \ell}{\partial \sigma^{2}}", real=True)
d_mu = sp.Symbol(r"\frac{\partial \ell}{\partial \mu}", real=True)
d_gamma = sp.Symbol(r"\frac{\partial \ell}{\partial \gamma}", real=True)
d_beta = sp.Symbol(r"\frac{\partial \ell}{\partial \beta}", real=True)

# Running averages and inference.
rho = sp.Symbol("rho", positive=True)
s0 = sp.Symbol("s_0", real=True)
s = sp.IndexedBase("s", real=True)
x_star = sp.Symbol("x_*", real=True)
mu_run = sp.Symbol(r"\bar{\mu}", real=True)
var_run = sp.Symbol(r"\bar{\sigma}^{2}", nonnegative=True)
scale = sp.Symbol("a", real=True)
shift = sp.Symbol("b", real=True)

ROOT = sp.sqrt(plus(var, eps))  # sqrt(sigma^2 + eps)
ROOT_RUN = sp.sqrt(plus(var_run, eps))


def deviation(index):
    """x_index - mu."""
    return plus(x[index], -mu)


def over_m(expr):
    """expr / m, kept in that shape."""
    return times(reciprocal(m), expr)


def batch_sum(term, index=k):
    return sp.Sum(term, (index, 1, m))


def loss_with(xhat_k):
    """sum_k g_k (gamma xhat_k + beta): the loss, with xhat_k written as given."""
    return batch_sum(times(g[k], plus(times(gamma, xhat_k), beta)))


# What the parts find, in the shape they show it.
BETA_GRADIENT = batch_sum(g[k])
GAMMA_GRADIENT = batch_sum(times(g[k], xh[k]))
VARIANCE_GRADIENT = times(-gamma / (2 * ROOT**3), batch_sum(times(g[k], deviation(k))))
MEAN_GRADIENT = -times(gamma, batch_sum(g[k])) / ROOT
DIRECT_PATH = batch_sum(-times(g[k], gamma) / ROOT)  # the mean's direct path, term by term
COMPACT = times(gamma, reciprocal(times(m, ROOT)), plus(times(m, g[i]), -d_beta, -times(xh[i], d_gamma)))


DERIVATION = Derivation(
    id="batch-norm-backward",
    title="Batch normalization: the backward pass, the batch statistics and inference",
    summary=(
        "The chain rule through the outputs, the normalised values, the batch variance and the batch mean gives every "
        "gradient of the batch-normalization layer of Ioffe and Szegedy (2015). The path from the mean through the "
        "variance contributes nothing, because deviations from the mean sum to zero, and the gradient with respect to "
        "an input collapses to a compact formula in the upstream gradients and the normalised values, which equals "
        "direct differentiation of the loss. The normalised values have mean 0 and mean square just below 1; a running "
        "average forgets old batches geometrically; at inference the layer is a fixed affine map. "
        "Checked for a batch of three."
    ),
    assumptions=(
        Assume(i, sp.FiniteSet(*range(1, BATCH + 1)), "the index of one example in the batch"),
        Assume(x, sp.S.Reals, "$x_k$, the value of one feature for example $k$ of the batch", sample=(-3, 3)),
        Assume(g, sp.S.Reals, "$g_k = \\partial \\ell / \\partial y_k$, the upstream gradient reaching output $k$"),
        Assume(u, sp.S.Reals, "$u_k$, a free stand-in for $\\hat{x}_k$ (the loss as a function of the normalised values)"),
        Assume(xh, sp.S.Reals, "$\\hat{x}_k$, the normalised value of example $k$ (defined below)"),
        Assume(y, sp.S.Reals, "$y_k$, the output for example $k$ (defined below)"),
        Assume(gamma, sp.S.Reals, "the learned scale", sample=(-2, 2)),
        Assume(beta, sp.S.Reals, "the learned shift", sample=(-2, 2)),
        Assume(eps, sp.Interval.open(0, sp.oo), "the small constant added to the variance", sample=(0.001, 1)),
        Assume(v, sp.Interval.open(0, sp.oo), "the variance as a free variable of the graph"),
        Assume(t, sp.S.Reals, "the mean as a free variable of the graph"),
        Assume(rho, sp.Interval.open(0, 1), "the weight of the newest batch in a running average"),
        Assume(s0, sp.S.Reals, "the initial value of a running average"),
        Assume(s, sp.S.Reals, "$s_r$, a batch statistic (mean or variance) at training step $r$"),
        Assume(x_star, sp.S.Reals, "an input at inference time"),
        Assume(mu_run, sp.S.Reals, "the running mean kept for inference"),
        Assume(var_run, sp.Interval(0, sp.oo), "the running variance kept for inference"),
    ),
    definitions=(
        Define(m, sp.Integer(BATCH), "the batch size; every check is made for a batch of this size"),
        Define(mu, over_m(batch_sum(x[l], l)), "the batch mean"),
        Define(var, over_m(batch_sum(deviation(j) ** 2, j)), "the batch variance (divided by $m$)"),
        Define(xh[k], times(deviation(k), reciprocal(ROOT)), "the normalised value of example $k$"),
        Define(y[k], plus(times(gamma, xh[k]), beta), "the output of the layer for example $k$"),
        Define(loss, batch_sum(times(g[k], y[k])),
               "the loss, linear in the outputs with upstream gradients $g_k$: for first derivatives this stands "
               "for any loss, with $g_k$ its gradient at the current outputs"),
        Define(d_beta, BETA_GRADIENT, "the gradient with respect to $\\beta$ (first part)"),
        Define(d_gamma, GAMMA_GRADIENT, "the gradient with respect to $\\gamma$ (second part)"),
        Define(d_var, VARIANCE_GRADIENT, "the gradient with respect to $\\sigma^2$ (its part)"),
        Define(d_mu, MEAN_GRADIENT, "the gradient with respect to $\\mu$ (its part)"),
        Define(scale, gamma / ROOT_RUN, "the scale of the layer at inference"),
        Define(shift, plus(beta, -times(gamma, mu_run) / ROOT_RUN), "the offset of the layer at inference"),
    ),
    parts=(
        Part(
            "beta",
            "The gradient with respect to the shift β",
            start=sp.Derivative(loss, beta),
            start_reason="$\\ell = \\sum_k g_k y_k$ with $y_k = \\gamma\\hat{x}_k + \\beta$",
            steps=(
                Step("beta-gradient", BETA_GRADIENT,
                     "$\\partial y_k / \\partial \\beta = 1$ for every $k$: the shift collects every upstream gradient"),
            ),
        ),
        Part(
            "gamma",
            "The gradient with respect to the scale γ",
            start=sp.Derivative(loss, gamma),
            steps=(
                Step("gamma-gradient", GAMMA_GRADIENT,
                     "$\\partial y_k / \\partial \\gamma = \\hat{x}_k$, which does not depend on $\\gamma$"),
            ),
        ),
        Part(
            "xhat",
            "The gradient with respect to a normalised value",
            start=sp.Derivative(loss_with(u[k]), u[i]),
            start_reason="the loss as a function of the normalised values, written $u_k$ in place of $\\hat{x}_k$",
            steps=(
                Step("xhat-gradient", times(g[i], gamma),
                     "only the term $k = i$ contains $u_i$; so $\\partial \\ell/\\partial \\hat{x}_i = g_i\\gamma$"),
            ),
        ),
        Part(
            "variance",
            "The gradient with respect to the batch variance",
            start=sp.Subs(sp.Derivative(loss_with(times(deviation(k), sp.Pow(plus(v, eps), -sp.S.Half))), v), v, var),
            start_reason=(
                "$\\sigma^2$ reaches the loss only through the $\\hat{x}_k$: write it as a free variable $v$, "
                "differentiate, and put $v = \\sigma^2$ back"
            ),
            steps=(
                Step("variance-chain",
                     batch_sum(times(g[k], gamma, -sp.UnevaluatedExpr(deviation(k)) / (2 * ROOT**3))),
                     "each term is $\\partial \\ell/\\partial \\hat{x}_k = g_k\\gamma$ times "
                     "$\\partial \\hat{x}_k/\\partial \\sigma^2$, and "
                     "$\\frac{d}{dv}(v + \\epsilon)^{-1/2} = -\\frac{1}{2}(v + \\epsilon)^{-3/2}$"),
                Step("variance-gradient", VARIANCE_GRADIENT, "take the factors that do not depend on $k$ out of the sum"),
            ),
        ),
        Part(
            "deviations",
            "Deviations from the mean sum to zero",
            start=batch_sum(deviation(k)),
            steps=(
                Step("deviations-split", plus(batch_sum(x[k]), -times(m, mu)), "$\\mu$ is subtracted $m$ times"),
                Step("deviations-zero", sp.S.Zero, "$m\\mu = \\sum_k x_k$ by the definition of the mean"),
            ),
        ),
        Part(
            "mean",
            "The gradient with respect to the batch mean",
            start=sp.Subs(sp.Derivative(
                loss_with(times(plus(x[k], -t),
                                sp.Pow(plus(over_m(batch_sum(plus(x[j], -t) ** 2, j)), eps), -sp.S.Half))),
                t), t, mu),
            start_reason=(
                "$\\mu$ reaches the loss directly through each $\\hat{x}_k$, and through $\\sigma^2$, which is computed "
                "from it: write it as a free variable $t$ in both places"
            ),
            steps=(
                Step("mean-chain",
                     plus(DIRECT_PATH, times(d_var, batch_sum(-2 * sp.UnevaluatedExpr(deviation(k)) / m))),
                     "chain rule: on the direct path $\\partial \\hat{x}_k/\\partial \\mu = -1/\\sqrt{\\sigma^2 + \\epsilon}$; "
                     "the path through the variance is $\\partial \\ell/\\partial \\sigma^2$ (found above) times "
                     "$\\partial \\sigma^2/\\partial \\mu$"),
                Step("mean-through-variance",
                     plus(DIRECT_PATH, -times(2 / m, d_var, batch_sum(deviation(k)))),
                     "take $-2/m$ out of the sum of the deviations"),
                Step("mean-path-vanishes", DIRECT_PATH,
                     "the deviations from the mean sum to zero (the part above), so the path through $\\sigma^2$ "
                     "contributes nothing"),
                Step("mean-gradient", MEAN_GRADIENT, "take the factors that do not depend on $k$ out of the sum"),
            ),
        ),
        Part(
            "input",
            "The gradient with respect to an input",
            start=sp.Derivative(loss, x[i]),
            start_reason=(
                "the loss as a function of the inputs alone: $\\mu$, $\\sigma^2$ and every $\\hat{x}_k$ are written out "
                "in the $x_k$, so this is direct differentiation"
            ),
            steps=(
                Step("input-chain",
                     plus(times(g[i], gamma, reciprocal(ROOT)),
                          times(d_var, 2 * sp.UnevaluatedExpr(deviation(i)) / m),
                          times(d_mu, reciprocal(m))),
                     "$x_i$ reaches the loss along three paths, each weighted by the gradient found above: through "
                     "$\\hat{x}_i$ (slope $1/\\sqrt{\\sigma^2 + \\epsilon}$), through $\\sigma^2$ (slope $2(x_i - \\mu)/m$ "
                     "with $\\mu$ held fixed) and through $\\mu$ (slope $1/m$)"),
                Step("input-insert",
                     plus(times(g[i], gamma, reciprocal(ROOT)),
                          -(gamma * sp.UnevaluatedExpr(deviation(i)) * batch_sum(times(g[k], deviation(k))) / (m * ROOT**3)),
                          -times(gamma, batch_sum(g[k])) / (m * ROOT)),
                     "put in $\\partial \\ell/\\partial \\sigma^2$ and $\\partial \\ell/\\partial \\mu$; the $2$ and "
                     "the $\\frac{1}{2}$ cancel"),
                Step("input-normalised",
                     times(gamma, reciprocal(ROOT),
                           plus(g[i], -over_m(batch_sum(g[k])), -over_m(times(xh[i], batch_sum(times(g[k], xh[k])))))),
                     "take out $\\gamma/\\sqrt{\\sigma^2 + \\epsilon}$ and recognise "
                     "$(x_k - \\mu)/\\sqrt{\\sigma^2 + \\epsilon} = \\hat{x}_k$"),
                Step("input-compact", COMPACT,
                     "take out $1/m$ and recognise $\\partial \\ell/\\partial \\beta = \\sum_k g_k$ and "
                     "$\\partial \\ell/\\partial \\gamma = \\sum_k g_k\\hat{x}_k$"),
            ),
        ),
        Part(
            "input-sum",
            "The input gradients sum to zero",
            start=sp.Sum(COMPACT, (i, 1, m)),
            start_reason="the compact gradient above, summed over the batch",
            steps=(
                Step("input-sum-zero", sp.S.Zero,
                     "the first two terms give $m\\sum_i g_i - m\\,\\partial \\ell/\\partial \\beta = 0$, and the "
                     "third is $\\partial \\ell/\\partial \\gamma$ times $\\sum_i \\hat{x}_i = 0$: shifting every input "
                     "by the same amount changes nothing downstream"),
            ),
        ),
        Part(
            "normalised-mean",
            "The normalised values have mean zero",
            start=over_m(batch_sum(xh[k])),
            steps=(
                Step("normalised-mean-factor", times(reciprocal(times(m, ROOT)), batch_sum(deviation(k))),
                     "$1/\\sqrt{\\sigma^2 + \\epsilon}$ does not depend on $k$"),
                Step("normalised-mean-zero", sp.S.Zero, "the deviations from the mean sum to zero"),
            ),
        ),
        Part(
            "normalised-square",
            "Their mean square is just below one",
            start=over_m(batch_sum(xh[k] ** 2)),
            steps=(
                Step("normalised-square-factor",
                     times(reciprocal(plus(var, eps)), over_m(batch_sum(deviation(k) ** 2))),
                     "$1/(\\sigma^2 + \\epsilon)$ does not depend on $k$"),
                Step("normalised-square-ratio", times(var, reciprocal(plus(var, eps))),
                     "what is left is the batch variance; the ratio is below 1, and close to it when "
                     "$\\epsilon \\ll \\sigma^2$"),
            ),
        ),
        Part(
            "running-average",
            "Three updates of a running average",
            start=plus(times(1 - rho, plus(times(1 - rho, plus(times(1 - rho, s0), times(rho, s[1]))), times(rho, s[2]))),
                       times(rho, s[3])),
            start_reason=(
                "the update $\\bar{s} \\leftarrow (1 - \\rho)\\bar{s} + \\rho s_r$ applied to the batch statistics "
                "$s_1, s_2, s_3$ in turn, from $\\bar{s} = s_0$"
            ),
            steps=(
                Step("running-unrolled",
                     plus(times(rho, s[3]), times(rho, 1 - rho, s[2]), times(rho, (1 - rho) ** 2, s[1]),
                          times((1 - rho) ** 3, s0)),
                     "multiply out: every step back multiplies a batch's weight by $1 - \\rho$"),
            ),
        ),
        Part(
            "inference",
            "At inference the layer is a fixed affine map",
            start=plus(times(gamma, plus(x_star, -mu_run), reciprocal(ROOT_RUN)), beta),
            start_reason="at inference the running mean and variance take the place of the batch statistics",
            steps=(
                Step("inference-affine", plus(times(scale, x_star), shift),
                     "expand: $a$ and $b$ (defined above) depend only on the learned parameters and the running "
                     "statistics, not on the other examples"),
            ),
        ),
    ),
    references=cite("ioffe2015"),
)
