"""How focal loss re-weights examples: the weight of its gradient relative to cross-entropy's.

`focal_loss.py` derives the loss, its gradients, and the modulating factor as the ratio of the losses. This
module derives what the optimiser feels: the ratio of the gradients. It is the same for the logit and for
every parameter (the chain rule through p_t cancels), it is never below the ratio of the losses, it tends
to alpha_t for badly classified examples and to (1 + gamma) alpha_t (1 - p_t)^gamma for well-classified
ones. Two numbers the page quotes are computed here: the p_t at which the loss is a thousandth of
cross-entropy for gamma = 2 (a part and a value), and the gradient ratio at p_t = 9/10 (a value of the
closed form found in the first part).

Notes for authors:
- p_t is a symbol in (0, 1) here, and alpha_t a weight in (0, 1); the logit part writes p_t as sigma(s), with
  s the signed logit (`focal_loss.py` shows that sigma of the signed logit is p_t).
- The bound "gradient ratio >= loss ratio" needs ln p_t < 0, which SymPy does not know for a symbol in
  (0, 1): that step is checked numerically.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as M
from derivations.display import reciprocal
from derivations.display import total as A
from derivations.model import Assume, Define, Derivation, Part, Rel, Step, Value

p_t = sp.Symbol("p_t", positive=True)
alpha_t = sp.Symbol("alpha_t", positive=True)
gamma = sp.Symbol("gamma", nonnegative=True)
s = sp.Symbol("s", real=True)
e = sp.Symbol(r"\epsilon", positive=True)
q = sp.Symbol("q", positive=True)  # the argument of FL and CE, bound inside Subs

FL = sp.Function("FL", real=True)
CE = sp.Function("CE", real=True)
sigma = sp.Function("sigma", positive=True)


def weight(u):
    """alpha_t (1 - u)^gamma (1 - gamma u ln u / (1 - u)): the gradient ratio at p_t = u."""
    return M(
        alpha_t, (1 - u) ** gamma, A(1, -M(gamma, u, sp.log(u), reciprocal(1 - u)))
    )


def dfl(u):
    """FL'(u), as derived in focal_loss.py."""
    return M(
        alpha_t,
        A(
            M(gamma, (1 - u) ** A(gamma, -1), sp.log(u)),
            -M((1 - u) ** gamma, reciprocal(u)),
        ),
    )


def derivative_at(f, point):
    return sp.Subs(sp.Derivative(f(q), q), q, point)


nine_tenths = sp.Rational(9, 10)
thousandth = sp.Rational(1, 1000)
epsilon_thousandth = sp.sqrt(10) / 100  # the solution of the part "thousandfold"

DERIVATION = Derivation(
    id="focal-loss-weighting",
    title="How focal loss re-weights the gradient",
    summary=(
        r"The ratio of the focal loss's gradient to the cross-entropy's is "
        r"$\alpha_t (1 - p_t)^\gamma \bigl(1 - \gamma p_t \ln p_t / (1 - p_t)\bigr)$, for the logit and for every "
        r"parameter. It is at least the ratio of the losses, tends to $\alpha_t$ as $p_t \to 0$, and behaves "
        r"like $(1 + \gamma)\alpha_t (1 - p_t)^\gamma$ as $p_t \to 1$. With $\gamma = 2$ the loss is a thousandth "
        r"of cross-entropy at $p_t = 1 - \sqrt{10}/100 \approx 0.968$."
    ),
    assumptions=(
        Assume(
            p_t,
            sp.Interval.open(0, 1),
            "the probability the model gives the true class",
        ),
        Assume(
            alpha_t,
            sp.Interval.open(0, 1),
            "the class weight: α for the positive class, 1 − α for the negative",
        ),
        Assume(gamma, sp.Interval(0, sp.oo), "the focusing parameter", sample=(0, 5)),
        Assume(
            s,
            sp.S.Reals,
            "the signed logit $x_t$: the logit, negated for a negative example",
        ),
        Assume(
            e,
            sp.Interval.open(0, 1),
            r"$\epsilon = 1 - p_t$, the probability of the wrong class",
        ),
    ),
    definitions=(
        Define(
            FL(q),
            -alpha_t * (1 - q) ** gamma * sp.log(q),
            "the focal loss at $p_t = q$",
        ),
        Define(CE(q), -sp.log(q), "the cross-entropy at $p_t = q$"),
        Define(sigma(s), 1 / (1 + sp.exp(-s)), "the logistic sigmoid"),
    ),
    parts=(
        Part(
            "gradient-ratio",
            "The gradient ratio",
            start=M(derivative_at(FL, p_t), reciprocal(derivative_at(CE, p_t))),
            start_reason=r"The derivative of the focal loss in $p_t$ over that of cross-entropy",
            steps=(
                Step(
                    "insert-derivatives",
                    M(dfl(p_t), reciprocal(-reciprocal(p_t))),
                    r"The focal loss's derivative in $p_t$, from the focal-loss derivation above; "
                    r"cross-entropy's is $-1/p_t$",
                ),
                Step(
                    "multiply-through",
                    M(
                        alpha_t,
                        A(
                            (1 - p_t) ** gamma,
                            -M(gamma, p_t, (1 - p_t) ** A(gamma, -1), sp.log(p_t)),
                        ),
                    ),
                    r"Dividing by $-1/p_t$ is multiplying by $-p_t$",
                ),
                Step(
                    "factor-out", weight(p_t), r"Take out the factor $(1 - p_t)^\gamma$"
                ),
                Step(
                    "at-least-loss-ratio",
                    M(alpha_t, (1 - p_t) ** gamma),
                    r"$\ln p_t < 0$, so the bracket is at least 1: the gradient is damped less than the loss",
                    rel=Rel.GE,
                ),
            ),
        ),
        Part(
            "any-parameter",
            "The same ratio in the logit",
            start=M(
                sp.Derivative(FL(sigma(s)), s),
                reciprocal(sp.Derivative(CE(sigma(s)), s)),
            ),
            start_reason=r"Both losses with $p_t = \sigma(s)$, differentiated in the signed logit $s$",
            steps=(
                Step(
                    "chain-rule",
                    M(
                        derivative_at(FL, sigma(s)),
                        sp.Derivative(sigma(s), s),
                        reciprocal(
                            M(derivative_at(CE, sigma(s)), sp.Derivative(sigma(s), s))
                        ),
                    ),
                    r"The chain rule through $p_t = \sigma(s)$, in the numerator and the denominator",
                ),
                Step(
                    "cancel-slope",
                    M(
                        derivative_at(FL, sigma(s)),
                        reciprocal(derivative_at(CE, sigma(s))),
                    ),
                    r"The sigmoid's slope is the same factor in both and is positive: it cancels. The same "
                    r"happens for any parameter, since both losses depend on it only through $p_t$",
                ),
                Step(
                    "same-weight",
                    weight(sigma(s)),
                    r"The gradient ratio above, at $p_t = \sigma(s)$",
                ),
            ),
        ),
        Part(
            "hard-examples",
            "Badly classified examples keep their gradient",
            start=sp.Limit(weight(p_t), p_t, 0, "+"),
            start_reason=r"The gradient ratio as the probability of the true class goes to 0",
            steps=(
                Step(
                    "hard-limit",
                    alpha_t,
                    r"$(1 - p_t)^\gamma \to 1$ and $p_t \ln p_t \to 0$: only the class weight is left",
                ),
            ),
        ),
        Part(
            "easy-examples",
            "Well-classified examples",
            start=sp.Limit(M(weight(p_t), reciprocal((1 - p_t) ** gamma)), p_t, 1, "-"),
            start_reason=r"The gradient ratio over the modulating factor $(1 - p_t)^\gamma$, as $p_t \to 1$",
            steps=(
                Step(
                    "easy-cancel",
                    sp.Limit(
                        M(
                            alpha_t,
                            A(1, -M(gamma, p_t, sp.log(p_t), reciprocal(1 - p_t))),
                        ),
                        p_t,
                        1,
                        "-",
                    ),
                    r"The modulating factor cancels",
                ),
                Step(
                    "easy-limit",
                    M(alpha_t, A(1, gamma)),
                    r"$\ln p_t / (1 - p_t) \to -1$, the slope of $\ln$ at 1",
                ),
            ),
        ),
        Part(
            "thousandfold",
            "Where the loss is a thousandth of cross-entropy",
            start=e**2,
            start_reason=(
                r"The modulating factor at $\gamma = 2$, the ratio of the focal loss to "
                r"$\alpha_t \mathrm{CE}$, written with $\epsilon = 1 - p_t$"
            ),
            steps=(
                Step(
                    "thousandfold-epsilon",
                    sp.Eq(e, epsilon_thousandth),
                    r"Set it to $1/1000$ and solve for $\epsilon > 0$: $\epsilon = 1/\sqrt{1000}$",
                    rel=Rel.SOLVE,
                    condition=thousandth,
                ),
            ),
        ),
    ),
    values=(
        Value(
            "thousandfold-pt",
            p_t,
            1 - epsilon_thousandth,
            r"the probability of the true class at which, with $\gamma = 2$, the focal loss is a thousandth of "
            r"$\alpha_t \mathrm{CE}$",
            digits=6,
        ),
        Value(
            "nine-tenths-gradient-ratio",
            sp.Symbol(r"\rho"),
            (weight(p_t) / alpha_t).subs({p_t: nine_tenths, gamma: 2}),
            r"the gradient ratio over $\alpha_t$ at $p_t = 9/10$ and $\gamma = 2$",
            digits=4,
        ),
    ),
    references=cite("lin2017"),
)
