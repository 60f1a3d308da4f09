"""F1 as the harmonic mean of precision and recall: its form in counts, its bounds, and F-beta.

Notes for authors:
- The counts TP, FP and FN are declared as non-negative reals (TP positive, so that precision and
  recall are defined); every statement holds for them, and counts are a special case.
- Precision and recall are defined names, so the verifier expands them into counts: every step is
  checked for all counts, not for free symbols P and R that might not come from one confusion matrix.
- The bounds with min and max are checked numerically: SymPy does not decide a sign that involves
  Min or Max of two expressions.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as M
from derivations.display import reciprocal
from derivations.display import total as A
from derivations.model import Assume, Define, Derivation, Part, Rel, Step

tp = sp.Symbol(r"\mathrm{TP}", positive=True)
fp = sp.Symbol(r"\mathrm{FP}", nonnegative=True)
fn = sp.Symbol(r"\mathrm{FN}", nonnegative=True)
beta = sp.Symbol("beta", positive=True)
P = sp.Symbol("P", positive=True)
R = sp.Symbol("R", positive=True)
F1 = sp.Symbol("F_1", positive=True)
Fb = sp.Symbol(r"F_\beta", positive=True)

b2 = beta**2
low, high = sp.Min(P, R), sp.Max(P, R)

DERIVATION = Derivation(
    id="f1-score",
    title="F1 and F-beta from the confusion matrix",
    summary=(
        "$F_1$, the harmonic mean of precision $P$ and recall $R$, equals $2PR/(P + R)$ and "
        "$2\\mathrm{TP}/(2\\mathrm{TP} + \\mathrm{FP} + \\mathrm{FN})$: true negatives do not enter. It lies between "
        "$\\min(P, R)$ and the arithmetic mean $(P + R)/2 \\le \\max(P, R)$. $F_\\beta$, the harmonic mean with "
        "weight $\\beta^2$ on recall, is $(1 + \\beta^2)PR/(\\beta^2 P + R)$ and equals $F_1$ at $\\beta = 1$."
    ),
    assumptions=(
        Assume(
            tp,
            sp.Interval.open(0, sp.oo),
            "the number of true positives",
            sample=(1, 500),
        ),
        Assume(
            fp, sp.Interval(0, sp.oo), "the number of false positives", sample=(0, 500)
        ),
        Assume(
            fn, sp.Interval(0, sp.oo), "the number of false negatives", sample=(0, 500)
        ),
        Assume(
            beta,
            sp.Interval.open(0, sp.oo),
            "how many times more recall counts than precision",
            sample=(0.1, 5),
        ),
    ),
    definitions=(
        Define(
            P,
            tp / (tp + fp),
            "precision: the share of the predicted positives that are positive",
        ),
        Define(
            R,
            tp / (tp + fn),
            "recall: the share of the positives that are predicted positive",
        ),
        Define(
            F1,
            reciprocal(M(sp.Rational(1, 2), A(1 / P, 1 / R))),
            "$F_1$: the harmonic mean of $P$ and $R$, the reciprocal of the mean of their reciprocals",
        ),
        Define(
            Fb,
            reciprocal(A(M(1 / (1 + b2), 1 / P), M(b2 / (1 + b2), 1 / R))),
            "$F_\\beta$: the weighted harmonic mean, with weight $\\beta^2/(1 + \\beta^2)$ on recall",
        ),
    ),
    parts=(
        Part(
            "counts",
            "F1 in counts",
            start=F1,
            steps=(
                Step(
                    "mean-of-reciprocals",
                    2 / A(1 / P, 1 / R),
                    "By definition: the reciprocal of the mean of $1/P$ and $1/R$",
                ),
                Step(
                    "product-form",
                    2 * P * R / A(P, R),
                    "Multiply numerator and denominator by $PR$",
                ),
                Step(
                    "reciprocals-in-counts",
                    2 / A((tp + fp) / tp, (tp + fn) / tp),
                    "Back in the first form, $1/P = (\\mathrm{TP} + \\mathrm{FP})/\\mathrm{TP}$ and "
                    "$1/R = (\\mathrm{TP} + \\mathrm{FN})/\\mathrm{TP}$",
                ),
                Step(
                    "common-denominator",
                    2 * tp / A(tp, fp, tp, fn),
                    "Both fractions share the denominator $\\mathrm{TP}$: multiply through by it",
                ),
                Step(
                    "f1-counts",
                    2 * tp / A(2 * tp, fp, fn),
                    "Collect the two $\\mathrm{TP}$ terms; no true negative appears",
                ),
            ),
        ),
        Part(
            "upper-bound",
            "At most the arithmetic mean, hence at most the larger of P and R",
            start=2 * P * R / A(P, R),
            start_reason="$F_1$ in its product form, shown above",
            steps=(
                Step(
                    "gap-is-square",
                    A((P + R) / 2, -((P - R) ** 2) / (2 * (P + R))),
                    "Write it as the arithmetic mean minus a remainder: "
                    "$\\frac{P + R}{2} - \\frac{2PR}{P + R} = \\frac{(P - R)^2}{2(P + R)}$",
                ),
                Step(
                    "at-most-mean",
                    (P + R) / 2,
                    "The remainder is a square over a positive number, so dropping it cannot lower the value; "
                    "equality only when $P = R$",
                    rel=Rel.LE,
                ),
                Step(
                    "at-most-max",
                    high,
                    "A mean of two numbers is at most the larger one",
                    rel=Rel.LE,
                ),
            ),
        ),
        Part(
            "lower-bound",
            "At least the smaller of P and R",
            start=2 / A(1 / P, 1 / R),
            start_reason="$F_1$ as the reciprocal of the mean of reciprocals",
            steps=(
                Step(
                    "larger-reciprocals",
                    2 / A(1 / low, 1 / low),
                    "$1/P$ and $1/R$ are each at most $1/\\min(P, R)$; a larger denominator gives a smaller value",
                    rel=Rel.GE,
                ),
                Step(
                    "at-least-min",
                    low,
                    "Two equal reciprocals: the harmonic mean of a number with itself is "
                    "that number",
                ),
            ),
        ),
        Part(
            "f-beta",
            "F-beta",
            start=Fb,
            steps=(
                Step(
                    "weighted-reciprocals",
                    reciprocal(A(M(1 / (1 + b2), 1 / P), M(b2 / (1 + b2), 1 / R))),
                    "By definition: the reciprocal of the weighted mean of $1/P$ and $1/R$",
                ),
                Step(
                    "f-beta-product-form",
                    (1 + b2) * P * R / A(b2 * P, R),
                    "Multiply numerator and denominator by $(1 + \\beta^2) PR$",
                ),
                Step(
                    "f-beta-counts",
                    (1 + b2) * tp / A((1 + b2) * tp, b2 * fn, fp),
                    "Put in $P$ and $R$ in counts and multiply through by "
                    "$(\\mathrm{TP} + \\mathrm{FP})(\\mathrm{TP} + \\mathrm{FN})/\\mathrm{TP}$: false negatives "
                    "are weighted $\\beta^2$ times as much as false positives",
                ),
            ),
        ),
        Part(
            "beta-one",
            "F-beta at beta = 1 is F1",
            start=sp.Subs(Fb, beta, 1),
            steps=(
                Step(
                    "beta-one-counts",
                    2 * tp / A(2 * tp, fn, fp),
                    "Put $\\beta = 1$ into the count form: $1 + \\beta^2 = 2$",
                ),
                Step("beta-one-is-f1", F1, "This is $F_1$ in counts, found above"),
            ),
        ),
    ),
    references=cite("sokolova2009"),
)
