"""Focal loss (Lin et al., 2017): its definition, its gradients, and its relation to cross-entropy."""

import sympy as sp

from derivations.model import Assume, Define, Derivation, Part, Reference, Step

x = sp.Symbol("x", real=True)
y = sp.Symbol("y", integer=True, nonnegative=True)
alpha = sp.Symbol("alpha", positive=True)
gamma = sp.Symbol("gamma", nonnegative=True)

p = sp.Symbol("p", positive=True)
p_t = sp.Symbol("p_t", positive=True)
alpha_t = sp.Symbol("alpha_t", positive=True)
y_pm = sp.Symbol("y'", integer=True)
x_t = sp.Symbol("x_t", real=True)
q = sp.Symbol("q", positive=True)  # the argument of FL, bound inside Subs (d/dq at q = p_t)

sigma = sp.Function("sigma", real=True)
FL = sp.Function("FL", real=True)
CE = sp.Function("CE", real=True)


def unevaluated(*factors):
    return sp.Mul(*factors, evaluate=False)


def dfl_at(point):
    """FL'(point): the derivative of FL(q) in q, taken at q = point."""
    return sp.Subs(sp.Derivative(FL(q), q), q, point)


def dfl_closed(u):
    """The closed form of FL'(u), the result of the part `derivative-pt`."""
    return alpha_t * (gamma * (1 - u) ** (gamma - 1) * sp.log(u) - (1 - u) ** gamma / u)


def gradient_factor(u):
    """(1 - u)^gamma (gamma u log u + u - 1), the bracket of the logit gradient."""
    return (1 - u) ** gamma * (gamma * u * sp.log(u) + u - 1)


s = sigma(x_t)
nine_tenths = sp.Rational(9, 10)

DERIVATION = Derivation(
    id="focal-loss",
    title="Focal loss and its gradients",
    summary=(
        "The focal loss −α_t (1 − p_t)^γ log p_t scales cross-entropy by the modulating factor (1 − p_t)^γ, "
        "which down-weights well-classified examples. Its derivative in p_t and in the logit x follow by "
        "the product and chain rules; for labels y' = ±1 the logit gradient is "
        "y' α_t (1 − p_t)^γ (γ p_t log p_t + p_t − 1), and γ = 0 gives back cross-entropy with gradient σ(x) − y."
    ),
    assumptions=(
        Assume(x, sp.S.Reals, "the logit, the model's raw score for class 1"),
        Assume(y, sp.FiniteSet(0, 1), "the ground-truth label"),
        Assume(alpha, sp.Interval.open(0, 1), "the weight of class 1 (class 0 gets 1 − α)"),
        Assume(gamma, sp.Interval(0, sp.oo), "the focusing parameter", sample=(0, 5)),
    ),
    definitions=(
        Define(sigma(x), 1 / (1 + sp.exp(-x)), "the logistic sigmoid"),
        Define(p, sigma(x), "the model's estimated probability of class 1, in (0, 1)"),
        Define(p_t, y * p + (1 - y) * (1 - p), "the probability the model gives the true class: p if y = 1, 1 − p if y = 0"),
        Define(alpha_t, y * alpha + (1 - y) * (1 - alpha), "the weight of the true class: α if y = 1, 1 − α if y = 0"),
        Define(FL(p_t), -alpha_t * (1 - p_t) ** gamma * sp.log(p_t), "the focal loss, as a function of p_t"),
        Define(CE(p_t), -sp.log(p_t), "the cross-entropy loss, as a function of p_t"),
        Define(y_pm, 2 * y - 1, "the label written in {−1, +1}, as in the paper's appendix"),
        Define(x_t, y_pm * x, "the logit signed by the label"),
    ),
    parts=(
        Part(
            "definition",
            "The focal loss, case by case",
            start=FL(p_t),
            steps=(
                Step("modulated-ce", unevaluated(alpha_t, (1 - p_t) ** gamma, CE(p_t)),
                     "the α-weighted cross-entropy $\\alpha_t \\mathrm{CE}(p_t)$ times the modulating factor $(1 - p_t)^\\gamma$"),
                Step("cases", sp.Piecewise(
                    (-alpha * (1 - p) ** gamma * sp.log(p), sp.Eq(y, 1)),
                    (-(1 - alpha) * p**gamma * sp.log(1 - p), sp.Eq(y, 0)),
                ), "for $y = 1$, $p_t = p$ and $\\alpha_t = \\alpha$; for $y = 0$, $p_t = 1 - p$ and $\\alpha_t = 1 - \\alpha$"),
            ),
        ),
        Part(
            "derivative-pt",
            "The derivative with respect to p_t",
            start=dfl_at(p_t),
            steps=(
                Step("product-rule", sp.Subs(-alpha_t * (
                    sp.Derivative((1 - q) ** gamma, q) * sp.log(q) + (1 - q) ** gamma * sp.Derivative(sp.log(q), q)
                ), q, p_t), "write out $\\mathrm{FL}(q)$ and use the product rule; $\\alpha_t$ does not depend on $q$"),
                Step("factor-derivatives", -alpha_t * (
                    unevaluated(-gamma, (1 - p_t) ** (gamma - 1), sp.log(p_t)) + unevaluated((1 - p_t) ** gamma, 1 / p_t)
                ), "$\\frac{d}{dq}(1 - q)^\\gamma = -\\gamma (1 - q)^{\\gamma - 1}$ and $\\frac{d}{dq} \\log q = 1/q$"),
                Step("dfl-dpt", dfl_closed(p_t), "take the minus sign inside the bracket"),
            ),
        ),
        Part(
            "derivative-logit",
            "The derivative with respect to the logit x",
            start=sp.Derivative(FL(p_t), x),
            start_reason="p_t depends on x through p = σ(x)",
            steps=(
                Step("chain-rule", unevaluated(dfl_at(p_t), sp.Derivative(p_t, x)), "the chain rule through $p_t$"),
                Step("insert-dfl-dpt", unevaluated(dfl_closed(p_t), sp.Derivative(p_t, x)),
                     "the derivative with respect to $p_t$ found above"),
                Step("dpt-dx", unevaluated(dfl_closed(p_t), 2 * y - 1, sp.Derivative(p, x)),
                     "$p_t = y p + (1 - y)(1 - p)$, so $dp_t/dx = (2y - 1)\\, dp/dx$"),
                Step("sigmoid-derivative", unevaluated(dfl_closed(p_t), 2 * y - 1, p, 1 - p),
                     "$d\\sigma/dx = \\sigma(x)(1 - \\sigma(x))$"),
                Step("pt-form", unevaluated(dfl_closed(p_t), 2 * y - 1, p_t, 1 - p_t),
                     "$p(1 - p) = p_t(1 - p_t)$, as $p_t$ is $p$ or $1 - p$"),
                Step("general-form", unevaluated(2 * y - 1, alpha_t, gradient_factor(p_t)),
                     "multiply out and factor out $(1 - p_t)^\\gamma$"),
                Step("logit-cases", sp.Piecewise(
                    (alpha * (1 - p) ** gamma * (gamma * p * sp.log(p) + p - 1), sp.Eq(y, 1)),
                    ((1 - alpha) * p**gamma * (p - gamma * (1 - p) * sp.log(1 - p)), sp.Eq(y, 0)),
                ), "put in $y = 1$ ($p_t = p$) and $y = 0$ ($p_t = 1 - p$, $2y - 1 = -1$)"),
            ),
        ),
        Part(
            "gamma-zero",
            "With γ = 0 the focal loss is α-weighted cross-entropy",
            start=sp.Subs(FL(p_t), gamma, 0),
            steps=(
                Step("factor-one", unevaluated(-alpha_t, sp.Pow(1 - p_t, 0, evaluate=False), sp.log(p_t)),
                     "put $\\gamma = 0$ into the definition"),
                Step("weighted-ce", -alpha_t * sp.log(p_t), "$(1 - p_t)^0 = 1$: what is left is the α-weighted cross-entropy"),
            ),
        ),
        Part(
            "ce-gradient",
            "The cross-entropy's logit gradient",
            start=sp.Derivative(CE(p_t), x),
            steps=(
                Step("binary-ce", sp.Derivative(-y * sp.log(sigma(x)) - (1 - y) * sp.log(1 - sigma(x)), x),
                     "$\\log p_t = y \\log p + (1 - y) \\log(1 - p)$ for $y \\in \\{0, 1\\}$, and $p = \\sigma(x)$"),
                Step("ce-chain-rule",
                     -y * sp.Derivative(sigma(x), x) / sigma(x) + (1 - y) * sp.Derivative(sigma(x), x) / (1 - sigma(x)),
                     "the chain rule, with $\\frac{d}{dx} \\log u = u'/u$"),
                Step("ce-sigmoid-derivative", -y * (1 - sigma(x)) + (1 - y) * sigma(x),
                     "$\\sigma'(x) = \\sigma(x)(1 - \\sigma(x))$; cancel"),
                Step("ce-result", sigma(x) - y, "multiply out: the $y \\sigma(x)$ terms cancel"),
            ),
        ),
        Part(
            "signed-labels",
            "With labels y' = ±1, p_t = σ(x_t)",
            start=s,
            steps=(
                Step("signed-logit", sigma(y_pm * x), "$x_t = y' x$"),
                Step("signed-cases", sp.Piecewise((sigma(x), sp.Eq(y, 1)), (sigma(-x), sp.Eq(y, 0))),
                     "$y' = 1$ for $y = 1$ and $y' = -1$ for $y = 0$"),
                Step("sigmoid-symmetry", sp.Piecewise((p, sp.Eq(y, 1)), (1 - p, sp.Eq(y, 0))),
                     "$\\sigma(-x) = 1 - \\sigma(x)$"),
                Step("is-pt", p_t, "the definition of $p_t$"),
            ),
        ),
        Part(
            "paper-gradient",
            "The paper's form of the logit gradient",
            start=sp.Derivative(FL(s), x),
            start_reason="the loss written with labels y' = ±1 and the signed logit x_t = y'x, so that p_t = σ(x_t)",
            steps=(
                Step("signed-chain-rule", unevaluated(dfl_at(s), s, 1 - s, y_pm),
                     "the chain rule, with $\\frac{d}{dx}\\sigma(x_t) = \\sigma(x_t)(1 - \\sigma(x_t))\\, y'$"),
                Step("signed-insert", unevaluated(dfl_closed(p_t), p_t, 1 - p_t, y_pm),
                     "$\\sigma(x_t) = p_t$ (shown above), and the derivative with respect to $p_t$ found above"),
                Step("paper-form", unevaluated(y_pm, alpha_t, gradient_factor(p_t)),
                     "multiply out and factor out $(1 - p_t)^\\gamma$: the paper's form, times $\\alpha_t$"),
            ),
        ),
        Part(
            "down-weighting",
            "The modulating factor",
            start=FL(p_t) / unevaluated(alpha_t, CE(p_t)),
            steps=(
                Step("ratio", (1 - p_t) ** gamma, "the focal loss over the α-weighted cross-entropy"),
            ),
        ),
        Part(
            "well-classified",
            "A well-classified example",
            start=sp.Subs(FL(q) / unevaluated(alpha_t, CE(q)), (q, gamma), (nine_tenths, 2)),
            start_reason="p_t = 9/10 and γ = 2",
            steps=(
                Step("factor-at-point", sp.Pow(sp.Add(1, -nine_tenths, evaluate=False), 2, evaluate=False),
                     "the ratio is the modulating factor $(1 - p_t)^\\gamma$"),
                Step("one-tenth-squared", sp.Pow(sp.Rational(1, 10), 2, evaluate=False), "$1 - 9/10 = 1/10$"),
                Step("one-hundredth", sp.Rational(1, 100),
                     "so the loss is a hundredth of the α-weighted cross-entropy"),
            ),
        ),
    ),
    references=(
        Reference("lin2017", "Lin, T.-Y., Goyal, P., Girshick, R., He, K., Dollár, P.", 2017,
                  "Focal Loss for Dense Object Detection",
                  "Proceedings of the IEEE International Conference on Computer Vision (ICCV), 2980–2988",
                  doi="10.1109/ICCV.2017.324", arxiv="1708.02002"),
        Reference("lin2020", "Lin, T.-Y., Goyal, P., Girshick, R., He, K., Dollár, P.", 2020,
                  "Focal Loss for Dense Object Detection",
                  "IEEE Transactions on Pattern Analysis and Machine Intelligence 42(2), 318–327",
                  doi="10.1109/TPAMI.2018.2858826"),
    ),
)
