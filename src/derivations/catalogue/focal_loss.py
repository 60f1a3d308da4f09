"""Focal loss (Lin et al., 2017): its definition, its gradients, and its relation to cross-entropy.

Notes for authors:
- p is defined as sigma(x), not assumed in (0, 1): the logit parts differentiate with respect to
  x, so p must depend on x. Its range (0, 1) follows from the sigmoid.
- The derivative "with respect to p_t" is written as d/dq FL(q) at q = p_t (a Subs). p_t is a
  defined name (y p + (1 - y)(1 - p)), and the verifier expands defined names everywhere, so
  Derivative(FL(p_t), p_t) would become a derivative with respect to an expression.
- A and M build sums and products unevaluated, only so that they print in the order written.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as M
from derivations.display import total as A
from derivations.model import Assume, Define, Derivation, Part, Step

x = sp.Symbol("x", real=True)
y = sp.Symbol("y", integer=True, nonnegative=True)
alpha = sp.Symbol("alpha", positive=True)
gamma = sp.Symbol("gamma", nonnegative=True)

p = sp.Symbol("p", positive=True)
p_t = sp.Symbol("p_t", positive=True)
alpha_t = sp.Symbol("alpha_t", positive=True)
y_pm = sp.Symbol("y'", integer=True)
x_t = sp.Symbol("x_t", real=True)
q = sp.Symbol("q", positive=True)  # the argument of FL, bound inside Subs

sigma = sp.Function("sigma", real=True)
FL = sp.Function("FL", real=True)
CE = sp.Function("CE", real=True)


def dfl_at(point):
    """FL'(point): the derivative of FL(q) with respect to q, at q = point."""
    return sp.Subs(sp.Derivative(FL(q), q), q, point)


def dfl_closed(u):
    """alpha_t [gamma (1 - u)^(gamma - 1) log u - (1 - u)^gamma / u], the result of the part `derivative-pt`."""
    return M(alpha_t, A(M(gamma, (1 - u) ** A(gamma, -1), sp.log(u)), -M((1 - u) ** gamma, 1 / u)))


def gradient_factor(u):
    """(1 - u)^gamma (gamma u log u + u - 1)."""
    return M((1 - u) ** gamma, A(M(gamma, u, sp.log(u)), u, -1))


s = sigma(x_t)  # the paper's p_t
nine_tenths = sp.Rational(9, 10)

DERIVATION = Derivation(
    id="focal-loss",
    title="Focal loss and its gradients",
    summary=(
        "The focal loss $-\\alpha_t (1 - p_t)^\\gamma \\ln p_t$ is α-weighted cross-entropy times the "
        "modulating factor $(1 - p_t)^\\gamma$, which down-weights well-classified examples. The product and "
        "chain rules give its derivative in $p_t$ and its logit gradient "
        "$y' \\alpha_t (1 - p_t)^\\gamma (\\gamma p_t \\ln p_t + p_t - 1)$ for labels $y' = \\pm 1$; "
        "at $\\gamma = 0$ it is cross-entropy, whose logit gradient is $\\sigma(x) - y$."
    ),
    assumptions=(
        Assume(x, sp.S.Reals, "the logit, the model's score for class 1"),
        Assume(y, sp.FiniteSet(0, 1), "the true label"),
        Assume(alpha, sp.Interval.open(0, 1), "the weight of class 1; class 0 gets 1 − α"),
        Assume(gamma, sp.Interval(0, sp.oo), "the focusing parameter", sample=(0, 5)),
    ),
    definitions=(
        Define(sigma(x), 1 / (1 + sp.exp(-x)), "the logistic sigmoid"),
        Define(p, sigma(x), "the model's estimated probability of class 1, in (0, 1)"),
        Define(p_t, y * p + (1 - y) * (1 - p),
               "the probability the model gives the true class: p if y = 1, 1 − p if y = 0"),
        Define(alpha_t, y * alpha + (1 - y) * (1 - alpha),
               "the weight of the true class: α if y = 1, 1 − α if y = 0"),
        Define(FL(p_t), -alpha_t * (1 - p_t) ** gamma * sp.log(p_t), "the focal loss, as a function of p_t"),
        Define(CE(p_t), -sp.log(p_t), "the cross-entropy, as a function of p_t"),
        Define(y_pm, 2 * y - 1, "the label written as −1 or +1, as in the paper's appendix"),
        Define(x_t, M(y_pm, x), "the logit signed by the label"),
    ),
    parts=(
        Part(
            "definition",
            "The focal loss, case by case",
            start=FL(p_t),
            steps=(
                Step("modulated-ce", M(alpha_t, (1 - p_t) ** gamma, CE(p_t)),
                     r"It is the α-weighted cross-entropy times the modulating factor $(1 - p_t)^\gamma$"),
                # Evaluated products: the headline result must survive a round trip through srepr.
                Step("cases", sp.Piecewise(
                    (sp.Mul(-1, alpha, (1 - p) ** gamma, sp.log(p)), sp.Eq(y, 1)),
                    (sp.Mul(-1, 1 - alpha, p**gamma, sp.log(1 - p)), sp.Eq(y, 0)),
                ), r"For $y = 1$, $p_t = p$ and $\alpha_t = \alpha$; "
                   r"for $y = 0$, $p_t = 1 - p$ and $\alpha_t = 1 - \alpha$"),
            ),
        ),
        Part(
            "derivative-pt",
            "The derivative in the true-class probability",
            start=dfl_at(p_t),
            start_reason=r"$\mathrm{FL}$ as a function of its argument $q$, differentiated at $q = p_t$",
            steps=(
                Step("product-rule", sp.Subs(M(-alpha_t, A(
                    M(sp.log(q), sp.Derivative((1 - q) ** gamma, q)),
                    M((1 - q) ** gamma, sp.Derivative(sp.log(q), q)),
                )), q, p_t), r"Write out $\mathrm{FL}(q)$ and use the product rule; $\alpha_t$ does not depend on $q$"),
                Step("factor-derivatives", M(-alpha_t, A(
                    M(-gamma, (1 - p_t) ** A(gamma, -1), sp.log(p_t)), M((1 - p_t) ** gamma, 1 / p_t),
                )), r"$\frac{d}{dq}(1 - q)^\gamma = -\gamma (1 - q)^{\gamma - 1}$ and $\frac{d}{dq} \ln q = 1/q$"),
                Step("dfl-dpt", dfl_closed(p_t), r"Take the minus sign inside the bracket"),
            ),
        ),
        Part(
            "derivative-logit",
            "The derivative in the logit",
            start=sp.Derivative(FL(p_t), x),
            start_reason=r"$p_t$ depends on $x$ through $p = \sigma(x)$",
            steps=(
                Step("chain-rule", M(dfl_at(p_t), sp.Derivative(p_t, x)), r"The chain rule through $p_t$"),
                Step("insert-dfl-dpt", M(dfl_closed(p_t), sp.Derivative(p_t, x)),
                     r"Put in the derivative with respect to $p_t$ found above"),
                Step("dpt-dx", M(dfl_closed(p_t), y_pm, sp.Derivative(p, x)),
                     r"$p_t = y p + (1 - y)(1 - p)$, so $\frac{dp_t}{dx} = (2y - 1) \frac{dp}{dx} = y' \frac{dp}{dx}$"),
                Step("sigmoid-derivative", M(dfl_closed(p_t), y_pm, p, 1 - p),
                     r"The sigmoid's derivative: $\frac{d}{dx}\sigma(x) = \sigma(x)(1 - \sigma(x))$"),
                Step("pt-form", M(dfl_closed(p_t), y_pm, p_t, 1 - p_t),
                     r"$p(1 - p) = p_t(1 - p_t)$, since $p_t$ is $p$ or $1 - p$"),
                Step("general-form", M(y_pm, alpha_t, gradient_factor(p_t)),
                     r"Multiply out and factor out $(1 - p_t)^\gamma$"),
                Step("logit-cases", sp.Piecewise(
                    (M(alpha, (1 - p) ** gamma, A(M(gamma, p, sp.log(p)), p, -1)), sp.Eq(y, 1)),
                    (M(1 - alpha, p**gamma, A(p, -M(gamma, 1 - p, sp.log(1 - p)))), sp.Eq(y, 0)),
                ), r"Put in $y = 1$ ($y' = 1$, $p_t = p$) and $y = 0$ ($y' = -1$, $p_t = 1 - p$)"),
            ),
        ),
        Part(
            "gamma-zero",
            "With γ = 0, α-weighted cross-entropy",
            start=sp.Subs(FL(p_t), gamma, 0),
            steps=(
                Step("factor-one", M(-alpha_t, sp.Pow(1 - p_t, 0, evaluate=False), sp.log(p_t)),
                     r"Put $\gamma = 0$ into the definition"),
                Step("weighted-ce", M(-alpha_t, sp.log(p_t)),
                     r"$(1 - p_t)^0 = 1$: what is left is $\alpha_t \mathrm{CE}(p_t)$"),
            ),
        ),
        Part(
            "ce-gradient",
            "The cross-entropy's logit gradient",
            start=sp.Derivative(CE(p_t), x),
            start_reason=r"Plain cross-entropy ($\alpha_t = 1$), differentiated in the logit",
            steps=(
                Step("binary-ce", sp.Derivative(A(M(-y, sp.log(sigma(x))), -M(1 - y, sp.log(1 - sigma(x)))), x),
                     r"$\ln p_t = y \ln p + (1 - y) \ln(1 - p)$ for $y \in \{0, 1\}$, with $p = \sigma(x)$"),
                Step("ce-chain-rule",
                     A(-M(y, sp.Derivative(sigma(x), x), 1 / sigma(x)),
                       M(1 - y, sp.Derivative(sigma(x), x), 1 / (1 - sigma(x)))),
                     r"The chain rule, with $\frac{d}{dx} \ln u = u'/u$"),
                Step("ce-sigmoid-derivative", A(-M(y, 1 - sigma(x)), M(1 - y, sigma(x))),
                     r"Put in $\frac{d}{dx}\sigma(x) = \sigma(x)(1 - \sigma(x))$ and cancel"),
                Step("ce-result", A(sigma(x), -y), r"Multiply out: the terms $y \sigma(x)$ cancel"),
            ),
        ),
        Part(
            "signed-labels",
            "Labels ±1 and the signed logit",
            start=s,
            steps=(
                Step("signed-logit", sigma(M(y_pm, x)), r"$x_t = y' x$"),
                Step("signed-cases", sp.Piecewise((sigma(x), sp.Eq(y, 1)), (sigma(-x), sp.Eq(y, 0))),
                     r"$y' = 1$ when $y = 1$, and $y' = -1$ when $y = 0$"),
                Step("sigmoid-symmetry", sp.Piecewise((p, sp.Eq(y, 1)), (1 - p, sp.Eq(y, 0))),
                     r"$\sigma(-x) = 1 - \sigma(x)$"),
                Step("is-pt", p_t, r"This is the definition of $p_t$"),
            ),
        ),
        Part(
            "paper-gradient",
            "The paper's form of the logit gradient",
            start=sp.Derivative(FL(s), x),
            start_reason=(r"The loss written with labels $y' = \pm 1$ and the signed logit $x_t = y'x$, "
                          r"as in the paper's appendix"),
            steps=(
                Step("same-loss", sp.Derivative(FL(p_t), x),
                     r"$\sigma(x_t) = p_t$, shown above: it is the same function of $x$"),
                Step("paper-form", M(y_pm, alpha_t, gradient_factor(p_t)),
                     r"The logit gradient found above: the paper's form, times $\alpha_t$"),
            ),
        ),
        Part(
            "down-weighting",
            "The modulating factor",
            start=FL(p_t) / M(alpha_t, CE(p_t)),
            steps=(
                Step("ratio", (1 - p_t) ** gamma,
                     r"Divide the definition by $\alpha_t \mathrm{CE}(p_t) = -\alpha_t \ln p_t$"),
            ),
        ),
        Part(
            "well-classified",
            "A well-classified example",
            start=sp.Subs(FL(q) / M(alpha_t, CE(q)), (q, gamma), (nine_tenths, 2)),
            start_reason=r"The ratio above at $p_t = 9/10$ and $\gamma = 2$",
            steps=(
                Step("factor-at-point", sp.Pow(A(sp.Integer(1), M(-1, nine_tenths)), 2, evaluate=False),
                     r"The ratio is the modulating factor $(1 - p_t)^\gamma$"),
                Step("one-tenth-squared", sp.Pow(sp.Rational(1, 10), 2, evaluate=False), r"$1 - 9/10 = 1/10$"),
                Step("one-hundredth", sp.Rational(1, 100),
                     r"So the loss is a hundredth of the α-weighted cross-entropy"),
            ),
        ),
    ),
    references=cite("lin2017", "lin2020"),
)
