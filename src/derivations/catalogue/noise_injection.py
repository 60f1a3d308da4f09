"""Training a linear model on inputs with added noise is, in expectation, ridge regression.

Each input x in R^d is replaced by x + epsilon, where the noise epsilon has mean zero, uncorrelated
entries and variance sigma^2 in every entry, drawn afresh each time. For a linear model w^T x and the
squared loss, the expected loss on the noisy input is the clean loss plus sigma^2 ||w||^2 (Bishop, 1995,
shows the same to second order for nonlinear models). Averaged over a data set, the expected training
objective is the ridge objective with penalty lambda = sigma^2.

Notes for authors:
- As in weight_initialization.py, the probability is in the definitions: the expected loss, the mean
  and the second moment of s = w^T epsilon are named symbols, each defined by one modelling fact. The
  steps combine them and the checker confirms every step against those facts.
- The noise covariance is an indexed entry Sigma_ij, defined as sigma^2 delta_ij; the double sum over
  it is checked size by size.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as times
from derivations.display import reciprocal
from derivations.display import total as plus
from derivations.model import Assume, Define, Derivation, Part, Step

d = sp.Symbol("d", integer=True, positive=True)
n = sp.Symbol("n", integer=True, positive=True)
i = sp.Symbol("i", integer=True, positive=True)
j = sp.Symbol("j", integer=True, positive=True)
k = sp.Symbol("k", integer=True, positive=True)
sigma = sp.Symbol("sigma", positive=True)
lam = sp.Symbol("lambda", positive=True)

w = sp.IndexedBase("w", real=True)
x = sp.IndexedBase("x", real=True)
y = sp.IndexedBase("y", real=True)
cov = sp.IndexedBase(r"\Sigma", real=True)

noisy_loss = sp.Symbol(r"\mathbb{E}\big[(y_k - w^\top \tilde x_k)^2\big]")
r = sp.Symbol("r", real=True)
mean_s = sp.Symbol(r"\mathbb{E}[s]")
second_s = sp.Symbol(r"\mathbb{E}[s^2]")
mean_eps = sp.Symbol(r"\mathbb{E}[\epsilon_i]")
objective = sp.Symbol(r"\tilde J(w)")
ridge = sp.Function("J_{\\mathrm{ridge}}")

U = sp.UnevaluatedExpr
prediction = sp.Sum(
    times(w[i], x[k, i]), (i, 1, d)
)  # the model's output on clean example k
penalty = sp.Sum(w[i] ** 2, (i, 1, d))
loss = sp.IndexedBase(r"\ell", real=True)
clean_k = loss[
    k
]  # example k's clean squared loss, named so that the data-set part stays light

DERIVATION = Derivation(
    id="noise-injection-ridge",
    title="Input noise on a linear model is ridge regularisation",
    summary=(
        "For a linear model $w^\\top x$ and inputs $\\tilde x = x + \\epsilon$ with zero-mean, uncorrelated noise of "
        "variance $\\sigma^2$ per entry, $\\mathbb{E}[(y - w^\\top \\tilde x)^2] = (y - w^\\top x)^2 + "
        "\\sigma^2 \\lVert w \\rVert^2$: averaged over the data, training on noisy inputs minimises the ridge "
        "objective with $\\lambda = \\sigma^2$."
    ),
    assumptions=(
        Assume(d, sp.S.Naturals, "the number of input features", sizes=(1, 2, 3)),
        Assume(n, sp.S.Naturals, "the number of training examples", sizes=(1, 2)),
        Assume(i, sp.Range(1, d + 1), "the index of a feature"),
        Assume(j, sp.Range(1, d + 1), "a second feature index"),
        Assume(k, sp.Range(1, n + 1), "the index of a training example"),
        Assume(w, sp.S.Reals, "$w_i$, the weights of the linear model"),
        Assume(
            x, sp.S.Reals, "$x_{ki}$, feature $i$ of the clean input of example $k$"
        ),
        Assume(y, sp.S.Reals, "$y_k$, the target of example $k$"),
        Assume(
            loss,
            sp.S.Reals,
            "$\\ell_k = (y_k - w^\\top x_k)^2$, the clean squared loss of example $k$",
        ),
        Assume(cov, sp.S.Reals, "$\\Sigma_{ij}$, the noise covariance (defined below)"),
        Assume(
            sigma,
            sp.Interval.open(0, sp.oo),
            "the standard deviation of each noise entry",
            sample=(0.1, 3),
        ),
        Assume(lam, sp.Interval.open(0, sp.oo), "the ridge penalty"),
    ),
    definitions=(
        Define(
            r,
            plus(y[k], -U(prediction)),
            "the clean residual $y_k - w^\\top x_k$ of example $k$",
        ),
        Define(
            noisy_loss,
            plus(r**2, -U(times(2, r, mean_s)), second_s),
            "with $\\tilde x = x + \\epsilon$ the noisy residual is $r - s$, where $s = w^\\top \\epsilon$; the "
            "expected value of $(r - s)^2 = r^2 - 2rs + s^2$, with $r$ not random",
        ),
        Define(
            mean_s,
            sp.Sum(times(w[i], mean_eps), (i, 1, d)),
            "the mean of $s = \\sum_i w_i \\epsilon_i$: expectation is linear and the weights are fixed",
        ),
        Define(mean_eps, sp.S.Zero, "the noise has mean zero"),
        Define(
            second_s,
            sp.Sum(sp.Sum(times(w[i], w[j], cov[i, j]), (j, 1, d)), (i, 1, d)),
            "the second moment of $s$: $\\mathbb{E}[(w^\\top\\epsilon)^2] = w^\\top \\Sigma w$, with "
            "$\\Sigma_{ij} = \\mathbb{E}[\\epsilon_i \\epsilon_j]$",
        ),
        Define(
            cov[i, j],
            times(sigma**2, sp.KroneckerDelta(i, j)),
            "the noise entries are uncorrelated, each with variance $\\sigma^2$",
        ),
        Define(
            objective,
            times(
                reciprocal(n),
                sp.Sum(plus(clean_k, times(sigma**2, penalty)), (k, 1, n)),
            ),
            "the expected training objective: the mean over the $n$ examples of each one's expected noisy "
            "loss, as found in the first part",
        ),
        Define(
            ridge(lam),
            plus(times(reciprocal(n), sp.Sum(clean_k, (k, 1, n))), times(lam, penalty)),
            "the ridge objective: the mean squared error plus $\\lambda \\lVert w \\rVert^2$",
        ),
    ),
    parts=(
        Part(
            "one-example",
            "The expected loss of one noisy example",
            start=noisy_loss,
            steps=(
                Step(
                    "expand",
                    plus(r**2, -U(times(2, r, mean_s)), second_s),
                    "Write the noisy residual as $r - s$, expand the square and take expectations",
                ),
                Step(
                    "linear-mean",
                    plus(
                        r**2,
                        -U(times(2, r, sp.Sum(times(w[i], mean_eps), (i, 1, d)))),
                        second_s,
                    ),
                    "$\\mathbb{E}[s] = \\sum_i w_i \\mathbb{E}[\\epsilon_i]$",
                ),
                Step(
                    "zero-mean",
                    plus(r**2, second_s),
                    "The noise has mean zero, so the cross term vanishes",
                ),
                Step(
                    "second-moment",
                    plus(
                        r**2,
                        sp.Sum(
                            sp.Sum(times(w[i], w[j], cov[i, j]), (j, 1, d)), (i, 1, d)
                        ),
                    ),
                    "Expand $s^2 = \\sum_i \\sum_j w_i w_j \\epsilon_i \\epsilon_j$ and take expectations",
                ),
                Step(
                    "uncorrelated",
                    plus(
                        r**2,
                        sp.Sum(
                            sp.Sum(
                                times(w[i], w[j], sigma**2, sp.KroneckerDelta(i, j)),
                                (j, 1, d),
                            ),
                            (i, 1, d),
                        ),
                    ),
                    "$\\mathbb{E}[\\epsilon_i \\epsilon_j]$ is $\\sigma^2$ when $i = j$ and 0 otherwise",
                ),
                Step(
                    "diagonal",
                    plus(r**2, times(sigma**2, penalty)),
                    "Only the terms with $j = i$ remain",
                ),
                Step(
                    "clean-plus-penalty",
                    plus(plus(y[k], -U(prediction)) ** 2, times(sigma**2, penalty)),
                    "The clean squared loss of example $k$ plus $\\sigma^2 \\lVert w \\rVert^2$",
                ),
            ),
        ),
        Part(
            "data-set",
            "Over a training set: the ridge objective",
            start=objective,
            steps=(
                Step(
                    "average",
                    times(
                        reciprocal(n),
                        sp.Sum(plus(clean_k, times(sigma**2, penalty)), (k, 1, n)),
                    ),
                    "Each example's expected loss, from the first part, averaged over the $n$ examples",
                ),
                Step(
                    "penalty-out",
                    plus(
                        times(reciprocal(n), sp.Sum(clean_k, (k, 1, n))),
                        times(sigma**2, penalty),
                    ),
                    "The penalty is the same for every example, so its mean is itself",
                ),
                Step(
                    "ridge",
                    ridge(sigma**2),
                    "This is the ridge objective with $\\lambda = \\sigma^2$",
                ),
            ),
        ),
    ),
    references=cite("bishop1995"),
)
