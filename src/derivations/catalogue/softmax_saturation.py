"""The softmax Jacobian, s_i (delta_ij - s_j), and why it vanishes when one logit dominates.

The first part differentiates s_i = exp(z_i) / sum_m exp(z_m) with the quotient rule; its rows sum to 0
(the second part), because adding a constant to every logit leaves the softmax unchanged. The last parts
show saturation: when the largest logit leads every other one by a margin Delta, the largest weight's
own slope is at most (n - 1) exp(-Delta) and every other weight at most exp(-Delta). Every other entry of
the Jacobian has one of those other weights as a factor, times a number at most 1 in size.

Notes for authors:
- The general parts use indexed logits z_m and are checked size by size (n in {2, 3}).
- The saturation parts take position 1 as the one with the largest logit (any position can be numbered
  1) and write the softmax through the gaps g_m = z_1 - z_m. A gap at least Delta is written as Delta
  plus a non-negative excess h_m, so that the checker can sample gaps that respect the margin.
- The sum R of the other positions' relative exponentials is an assumed positive symbol in the part on
  the largest weight (rational functions of R are proven at once), and the part after it bounds that
  sum; with R defined as the sum, SymPy spends seconds failing on sums over a symbolic n first.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as times
from derivations.display import reciprocal
from derivations.display import total as plus
from derivations.model import Assume, Define, Derivation, Part, Rel, Step

n = sp.Symbol("n", integer=True, positive=True)
i = sp.Symbol("i", integer=True, positive=True)
j = sp.Symbol("j", integer=True, positive=True)
m = sp.Symbol("m", integer=True, positive=True)
r = sp.Symbol("r", integer=True, positive=True)  # a position other than the largest one
z = sp.IndexedBase("z", real=True)
s = sp.IndexedBase("s", positive=True)
g = sp.IndexedBase("g", positive=True)
h = sp.IndexedBase("h", nonnegative=True)
Z = sp.Symbol("Z", positive=True)
delta = sp.Symbol("Delta", positive=True)
top = sp.Symbol("s_1", positive=True)
R = sp.Symbol("R", positive=True)

kd = sp.KroneckerDelta(i, j)


DERIVATION = Derivation(
    id="softmax-jacobian-saturation",
    title="The softmax Jacobian and its saturation",
    summary=(
        "The softmax $s_i = e^{z_i} / \\sum_m e^{z_m}$ has the Jacobian $\\partial s_i / \\partial z_j = "
        "s_i(\\delta_{ij} - s_j)$, whose rows sum to 0. When the largest logit $z_1$ leads every other one by at "
        "least $\\Delta$, its own slope $s_1(1 - s_1)$ is at most $(n - 1)e^{-\\Delta}$ and every other weight "
        "is at most $e^{-\\Delta}$: the gradients through a saturated softmax vanish exponentially in the margin."
    ),
    assumptions=(
        Assume(
            n,
            sp.S.Naturals,
            "the number of logits (positions attended over)",
            sizes=(2, 3),
        ),
        Assume(i, sp.Range(1, n + 1), "the index of an output of the softmax"),
        Assume(j, sp.Range(1, n + 1), "the index of a logit"),
        Assume(
            r,
            sp.Range(1, n + 1),
            "a position other than the one with the largest logit ($r \\ne 1$; the "
            "algebra holds for every $r$)",
        ),
        Assume(
            z, sp.S.Reals, "$z_m$, the logit of position $m$ (a scaled query-key score)"
        ),
        Assume(
            s,
            sp.Interval.open(0, 1),
            "$s_i$, the weight the softmax gives position $i$ (defined below)",
        ),
        Assume(
            g,
            sp.Interval.open(0, sp.oo),
            "$g_m$, the gap between the largest logit and logit $m$ (defined below)",
        ),
        Assume(
            h, sp.Interval(0, sp.oo), "$h_m$, how far the gap $g_m$ exceeds the margin"
        ),
        Assume(
            R,
            sp.Interval.open(0, sp.oo),
            "$R = \\sum_{m=2}^{n} e^{-g_m}$, the other positions' exponentials relative to the largest one",
            sample=(0, 3),
        ),
        Assume(
            delta,
            sp.Interval.open(0, sp.oo),
            "the margin: the smallest gap between the largest logit and another",
        ),
    ),
    definitions=(
        Define(Z, sp.Sum(sp.exp(z[m]), (m, 1, n)), "the normaliser"),
        Define(
            s[i],
            times(sp.exp(z[i]), reciprocal(Z)),
            "the softmax: the weight of position $i$",
        ),
        Define(
            g[m],
            plus(delta, h[m]),
            "$g_m = z_1 - z_m$, the gap between the largest logit and logit $m$; it is at least $\\Delta$",
        ),
        Define(
            top,
            reciprocal(plus(1, R)),
            "the largest weight, $e^{z_1}/\\sum_m e^{z_m}$ with numerator and denominator divided by $e^{z_1}$",
        ),
    ),
    parts=(
        Part(
            "jacobian",
            "The Jacobian",
            start=sp.Derivative(s[i], z[j]),
            steps=(
                Step(
                    "quotient-rule",
                    times(
                        plus(
                            times(kd, sp.exp(z[i]), Z),
                            -times(sp.exp(z[i]), sp.exp(z[j])),
                        ),
                        reciprocal(Z**2),
                    ),
                    "The quotient rule: $\\partial e^{z_i}/\\partial z_j = \\delta_{ij} e^{z_i}$, and the only term "
                    "of $Z$ that depends on $z_j$ is $e^{z_j}$",
                ),
                Step(
                    "split",
                    times(
                        sp.exp(z[i]),
                        reciprocal(Z),
                        plus(kd, -times(sp.exp(z[j]), reciprocal(Z))),
                    ),
                    "Take out the factor $e^{z_i}/Z$",
                ),
                Step(
                    "softmax-form",
                    times(s[i], plus(kd, -s[j])),
                    "Recognise the softmax weights $s_i$ and $s_j$",
                ),
            ),
        ),
        Part(
            "row-sum",
            "Each row sums to 0",
            start=sp.Sum(times(s[i], plus(sp.KroneckerDelta(i, m), -s[m])), (m, 1, n)),
            start_reason="Row $i$ of the Jacobian, summed over the logits",
            steps=(
                Step(
                    "row-sum-split",
                    plus(s[i], -times(s[i], sp.Sum(s[m], (m, 1, n)))),
                    "Only the term $m = i$ of the Kronecker delta is 1",
                ),
                Step("row-sum-zero", sp.S.Zero, "The weights sum to 1"),
            ),
        ),
        Part(
            "largest-diagonal",
            "The largest weight's own slope",
            start=times(top, plus(1, -top)),
            start_reason="The diagonal entry $s_1(1 - s_1)$ of the Jacobian for the largest weight",
            steps=(
                Step("drop-top", plus(1, -top), "$s_1 \\le 1$", rel=Rel.LE),
                Step(
                    "leftover-fraction",
                    times(R, reciprocal(plus(1, R))),
                    "What the other positions share: $1 - s_1$ over a common denominator",
                ),
                Step(
                    "drop-denominator", R, "The denominator is at least 1", rel=Rel.LE
                ),
            ),
        ),
        Part(
            "leftover-bound",
            "The leftover shrinks exponentially in the margin",
            start=sp.Sum(sp.exp(-g[m]), (m, 2, n)),
            start_reason="$R$, the other positions' exponentials relative to the largest one",
            steps=(
                Step(
                    "margin-bound",
                    sp.Sum(sp.exp(-delta), (m, 2, n)),
                    "Every gap is at least $\\Delta$, so every term is at most $e^{-\\Delta}$",
                    rel=Rel.LE,
                ),
                Step("count", times(n - 1, sp.exp(-delta)), "$n - 1$ equal terms"),
            ),
        ),
        Part(
            "other-weights",
            "Every other weight",
            start=times(sp.exp(-g[r]), top),
            start_reason=(
                "The weight $s_r$ of a position $r \\ne 1$: $e^{z_r}/\\sum_m e^{z_m}$ is $e^{z_r - z_1} = e^{-g_r}$ "
                "times $s_1$"
            ),
            steps=(
                Step("other-below-gap", sp.exp(-g[r]), "$s_1 \\le 1$", rel=Rel.LE),
                Step(
                    "other-below-margin",
                    sp.exp(-delta),
                    "$g_r \\ge \\Delta$",
                    rel=Rel.LE,
                ),
            ),
        ),
    ),
    references=cite("vaswani2017"),
)
