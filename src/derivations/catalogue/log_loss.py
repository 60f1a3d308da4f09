"""Log loss from the Bernoulli likelihood: its gradient, its Hessian, convexity, and the odds ratio."""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as M
from derivations.display import reciprocal as inverse
from derivations.display import total as A
from derivations.model import Assume, Define, Derivation, Part, Rel, Step

# Sizes and indices (k and m only ever appear as summation indices).
n = sp.Symbol("n", integer=True, positive=True)
d = sp.Symbol("d", integer=True, positive=True)
i = sp.Symbol("i", integer=True, positive=True)
j = sp.Symbol("j", integer=True, positive=True)
l = sp.Symbol("l", integer=True, positive=True)  # noqa: E741 (the usual name of a second feature index)
k = sp.Symbol("k", integer=True, positive=True)
m = sp.Symbol("m", integer=True, positive=True)

# Labels, probabilities, data, parameters.
y = sp.IndexedBase("y", integer=True, nonnegative=True)
p = sp.IndexedBase("p", positive=True)
o = sp.IndexedBase("o", positive=True)
x = sp.IndexedBase("x", real=True)
w = sp.IndexedBase("w", real=True)
r = sp.IndexedBase("r", real=True)
z = sp.IndexedBase("z", real=True)
c = sp.IndexedBase("c", positive=True)
v = sp.IndexedBase("v", real=True)

# One example on its own (scalars, so that y = 0 and y = 1 are checked case by case), and a score.
y_one = sp.Symbol("y_i", integer=True, nonnegative=True)
p_one = sp.Symbol("p_i", positive=True)
s = sp.Symbol("s", real=True)
t = sp.Symbol("t", real=True)

sigma = sp.Function("sigma", real=True)
sigma_prime = sp.Function(r"\sigma'", real=True)
odds = sp.Function("odds", positive=True)


# One example's loss as a function of its score s.
one_loss = -A(M(y_one, sp.log(sigma(s))), M(1 - y_one, sp.log(1 - sigma(s))))

# The log loss of logistic regression, p_i = sigma(z_i), and what the parts find.
sig = sigma(z[i])
bernoulli = M(p[i] ** y[i], (1 - p[i]) ** (1 - y[i]))
loss = -sp.Sum(A(M(y[i], sp.log(sig)), M(1 - y[i], sp.log(1 - sig))), (i, 1, n))
gradient_j = sp.Sum(M(A(sig, -y[i]), x[i, j]), (i, 1, n))
gradient_l = sp.Sum(M(A(sig, -y[i]), x[i, l]), (i, 1, n))
hessian = sp.Sum(M(sig, 1 - sig, x[i, j], x[i, l]), (i, 1, n))
quadratic_form = sp.Sum(sp.Sum(M(v[k], v[m], sp.Sum(M(c[i], x[i, k], x[i, m]), (i, 1, n))), (m, 1, d)), (k, 1, d))
projection = sp.Sum(M(x[i, k], v[k]), (k, 1, d))
score_after = A(M(w[j], A(x[i, j], 1)), r[i])
score_before = A(M(w[j], x[i, j]), r[i])

DERIVATION = Derivation(
    id="log-loss",
    title="Log loss from the Bernoulli likelihood",
    summary=(
        "The negative log-likelihood of $n$ independent 0/1 labels is the log loss "
        "$-\\sum_i [y_i \\log p_i + (1 - y_i) \\log(1 - p_i)]$. "
        "For logistic regression, $p_i = \\sigma(w^\\top x_i + b)$: "
        "the gradient is $X^\\top(p - y)$, the Hessian $X^\\top S X$ with $S = \\operatorname{diag}(p_i(1 - p_i))$ is "
        "positive semi-definite, so the loss is convex, and raising feature $j$ by one multiplies the odds "
        "$p/(1 - p)$ by $e^{w_j}$."
    ),
    assumptions=(
        Assume(n, sp.S.Naturals, "the number of examples", sizes=(1, 2)),
        Assume(d, sp.S.Naturals, "the number of features", sizes=(1, 2)),
        Assume(i, sp.Range(1, n + 1), "the index of an example"),
        Assume(j, sp.Range(1, d + 1), "the index of a feature"),
        Assume(l, sp.Range(1, d + 1), "the index of a second feature"),
        Assume(y, sp.FiniteSet(0, 1), "$y_i$, the label of example $i$"),
        Assume(p, sp.Interval.open(0, 1), "$p_i$, the probability that $y_i = 1$"),
        Assume(o, sp.Interval.open(0, sp.oo), "$o_i = p_i/(1 - p_i)$, the odds that $y_i = 1$", sample=(0, 20)),
        Assume(x, sp.S.Reals, "$x_{ik}$, feature $k$ of example $i$: row $i$ of the design matrix $X$"),
        Assume(w, sp.S.Reals, "$w_k$, the weight of feature $k$", sample=(-2, 2)),
        Assume(r, sp.S.Reals,
               "$r_i = b + \\sum_{k \\ne j} w_k x_{ik}$, the part of the score of example $i$ without $w_j$",
               sample=(-2, 2)),
        Assume(z, sp.S.Reals, "$z_i$, the score (the log-odds) of example $i$"),
        Assume(c, sp.Interval.open(0, sp.oo),
               "$c_i = \\sigma(z_i)(1 - \\sigma(z_i)) = p_i(1 - p_i) > 0$, entry $i$ of the diagonal of $S$",
               sample=(0, 0.25)),
        Assume(v, sp.S.Reals, "$v_k$, entry $k$ of a direction $v$ in weight space"),
        Assume(y_one, sp.FiniteSet(0, 1), "the label of one example"),
        Assume(p_one, sp.Interval.open(0, 1), "the probability that this label is 1"),
        Assume(s, sp.S.Reals, "a score"),
    ),
    # Two definitions are shaped for the checker. p_i is written through its odds o_i > 0 so that
    # SymPy knows 1 - p_i > 0 and can take logs of the likelihood symbolically (it has no
    # assumption "p < 1"). The score keeps its w_j term apart, z_i = w_j x_ij + r_i, so that
    # d/dw_j needs no Kronecker-delta sums; r_i stands for everything that does not involve w_j.
    definitions=(
        Define(sigma(s), 1 / (1 + sp.exp(-s)), "the logistic sigmoid"),
        Define(sigma_prime(s), sp.Subs(sp.Derivative(sigma(t), t), t, s), "the slope of the sigmoid at $s$"),
        Define(p[i], o[i] / (1 + o[i]), "$p_i$ through its odds $o_i > 0$: every $p_i$ in $(0, 1)$ is $o_i/(1 + o_i)$"),
        Define(z[i], score_before, "the score $w^\\top x_i + b$ of example $i$, with its term in $w_j$ written apart"),
        Define(odds(s), sigma(s) / (1 - sigma(s)), "the odds that $y = 1$ at score $s$"),
    ),
    parts=(
        Part(
            "one-label",
            "One label",
            start=-sp.log(M(p_one**y_one, (1 - p_one) ** (1 - y_one))),
            start_reason="The negative log of the Bernoulli probability of one label",
            steps=(
                Step("one-label-split", -A(sp.log(p_one**y_one), sp.log((1 - p_one) ** (1 - y_one))),
                     "The log of a product is the sum of the logs"),
                Step("one-label-cross-entropy", -A(M(y_one, sp.log(p_one)), M(1 - y_one, sp.log(1 - p_one))),
                     r"$\log a^{c} = c \log a$; the result is $-\log p_i$ when $y_i = 1$ "
                     r"and $-\log(1 - p_i)$ when $y_i = 0$"),
            ),
        ),
        Part(
            "likelihood",
            "n independent labels",
            start=-sp.log(sp.Product(bernoulli, (i, 1, n))),
            start_reason="The negative log-likelihood of $n$ independent Bernoulli labels",
            steps=(
                Step("log-of-product", -sp.Sum(sp.log(bernoulli), (i, 1, n)),
                     "The log of a product of positive factors is the sum of their logs"),
                Step("log-loss", -sp.Sum(A(M(y[i], sp.log(p[i])), M(1 - y[i], sp.log(1 - p[i]))), (i, 1, n)),
                     "Each term is the one-label cross-entropy above; their sum is the log loss"),
            ),
        ),
        Part(
            "sigmoid-slope",
            "The slope of the sigmoid",
            start=sp.Derivative(sigma(s), s),
            start_reason=r"The derivative of $\sigma(s) = 1/(1+e^{-s})$",
            steps=(
                Step("sigmoid-quotient", sp.exp(-s) / (1 + sp.exp(-s)) ** 2,
                     r"Differentiate $(1 + e^{-s})^{-1}$ with the chain rule"),
                Step("sigmoid-product", M(sigma(s), 1 - sigma(s)),
                     r"Split the fraction: $\frac{1}{1+e^{-s}} = \sigma(s)$ "
                     r"and $\frac{e^{-s}}{1+e^{-s}} = 1 - \sigma(s)$"),
                Step("sigmoid-slope-positive", sp.Integer(0),
                     r"Both $\sigma(s)$ and $1 - \sigma(s)$ are positive", rel=Rel.GT),
            ),
        ),
        Part(
            "score-derivative",
            "One example's loss, differentiated in its score",
            start=sp.Derivative(one_loss, s),
            start_reason=r"The cross-entropy of one label with $p = \sigma(s)$, differentiated in the score $s$",
            steps=(
                Step("log-chain-rule",
                     -A(M(y_one, sigma_prime(s), inverse(sigma(s))),
                        -M(1 - y_one, sigma_prime(s), inverse(1 - sigma(s)))),
                     r"Use $(\log u)' = u'/u$ and $(1 - \sigma)' = -\sigma'$"),
                Step("insert-slope",
                     -A(M(y_one, sigma(s), 1 - sigma(s), inverse(sigma(s))),
                        -M(1 - y_one, sigma(s), 1 - sigma(s), inverse(1 - sigma(s)))),
                     r"Put in the slope $\sigma'(s) = \sigma(s)(1 - \sigma(s))$ found above"),
                Step("cancel", -A(M(y_one, 1 - sigma(s)), -M(1 - y_one, sigma(s))),
                     r"Cancel $\sigma(s)$ in the first term and $1 - \sigma(s)$ in the second"),
                Step("residual", A(sigma(s), -y_one),
                     r"Expand: $-y + y\sigma + \sigma - y\sigma = \sigma - y$, the residual"),
            ),
        ),
        Part(
            "gradient",
            "The gradient",
            start=sp.Derivative(loss, w[j]),
            start_reason=r"The log loss with $p_i = \sigma(z_i)$, differentiated in the weight $w_j$",
            steps=(
                Step("gradient-entry", gradient_j,
                     r"Chain rule through $z_i$: the residual $\sigma(z_i) - y_i$ found above times "
                     r"$\partial z_i / \partial w_j = x_{ij}$; this is entry $j$ of $X^\top(p - y)$"),
            ),
        ),
        Part(
            "hessian",
            "The Hessian",
            start=sp.Derivative(gradient_l, w[j]),
            start_reason=r"Entry $l$ of the gradient (the formula above with $l$ for $j$), differentiated in $w_j$",
            steps=(
                Step("hessian-entry", hessian,
                     r"$y_i$ and $x_{il}$ do not depend on $w$, $\sigma' = \sigma(1 - \sigma)$ and "
                     r"$\partial z_i / \partial w_j = x_{ij}$: entry $(j, l)$ of $X^\top S X$"),
            ),
        ),
        Part(
            "convexity",
            "The loss is convex",
            start=quadratic_form,
            start_reason=(r"$v^\top H v = \sum_{k,m} v_k H_{km} v_m$ for any direction $v$, with the Hessian above "
                          r"and $c_i = \sigma(z_i)(1 - \sigma(z_i))$, positive by the slope part"),
            steps=(
                Step("swap-and-square", sp.Sum(M(c[i], projection**2), (i, 1, n)),
                     r"Sum over the examples last; the double sum of $x_{ik} v_k \, x_{im} v_m$ "
                     r"is $(\sum_k x_{ik} v_k)^2$"),
                Step("termwise-nonnegative", sp.Sum(0, (i, 1, n)),
                     r"Each term is a positive weight $c_i$ times a square", rel=Rel.GE),
                Step("nonnegative", sp.Integer(0),
                     r"A sum of zeros; so $v^\top H v \ge 0$ for every $v$, and the loss is convex"),
            ),
        ),
        Part(
            "log-odds",
            "The log-odds are the score",
            start=sp.log(sigma(s) / (1 - sigma(s))),
            start_reason=r"The log of the odds $p/(1 - p)$ when $p = \sigma(s)$",
            steps=(
                Step("odds-cancel", sp.log(inverse(sp.exp(-s))),
                     r"$\sigma(s) = \frac{1}{1+e^{-s}}$ and $1 - \sigma(s) = \frac{e^{-s}}{1+e^{-s}}$, "
                     r"so the factors $1 + e^{-s}$ cancel"),
                Step("odds-exp", sp.log(sp.exp(s), evaluate=False), r"$1/e^{-s} = e^{s}$"),
                Step("log-odds-score", s, "The log undoes the exponential"),
            ),
        ),
        Part(
            "odds-ratio",
            "Raising feature j by one multiplies the odds by exp(w_j)",
            start=odds(score_after) / odds(score_before),
            start_reason="The odds after and before feature $j$ of example $i$ grows by one, all else fixed",
            steps=(
                Step("odds-as-exp", M(sp.exp(score_after), inverse(sp.exp(score_before))),
                     "The odds at score $s$ are $e^{s}$, because the log-odds are $s$"),
                Step("exponent-difference", sp.exp(A(score_after, M(-1, score_before))),
                     "$e^{a}/e^{b} = e^{a-b}$"),
                Step("odds-ratio-value", sp.exp(w[j]), "Everything but $w_j$ cancels in the exponent"),
            ),
        ),
    ),
    references=cite("cox1958", "mccullagh1989"),
)
