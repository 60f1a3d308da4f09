"""Gradient clipping by norm: the clipped gradient keeps its direction and its norm is at most the threshold.

Clipping by norm rescales a gradient g in R^d by the factor min(1, c/||g||): a gradient longer than the
threshold c is shortened to length c, a shorter one is left alone (Pascanu et al., 2013). The parts show
that the factor is positive (so the direction is kept), what it does in each of the two cases, and that
the clipped norm is min(||g||, c).

Notes for authors:
- The gradient's entries are declared non-zero so that SymPy knows ||g|| > 0; the statements hold for
  every non-zero gradient, and the zero gradient is left unchanged by any implementation.
- The norm is a defined symbol, so the steps can talk about ||g|| while the verifier expands it to the
  square root of a sum, checked size by size.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as M
from derivations.display import reciprocal
from derivations.model import Assume, Define, Derivation, Part, Rel, Step

d = sp.Symbol("d", integer=True, positive=True)
i = sp.Symbol("i", integer=True, positive=True)
c = sp.Symbol("c", positive=True)
g = sp.IndexedBase("g", real=True, nonzero=True)
gc = sp.IndexedBase(r"\tilde{g}", real=True)
norm = sp.Symbol(r"\lVert g \rVert", positive=True)
s = sp.Symbol("s", positive=True)


def root(expr):
    """The square root of expr, kept as written (SymPy would take positive factors out)."""
    return sp.Pow(expr, sp.S.Half, evaluate=False)


def square(expr):
    return sp.Pow(expr, 2, evaluate=False)


def norm_of(entry):
    """The Euclidean norm of the vector whose i-th entry is `entry`."""
    return root(sp.Sum(square(entry), (i, 1, d)))


DERIVATION = Derivation(
    id="gradient-clipping-by-norm",
    title="Gradient clipping by norm",
    summary=(
        "Clipping multiplies a gradient $g$ by $s = \\min(1, c/\\lVert g \\rVert)$. The factor is positive, so the "
        "direction is kept; it is $c/\\lVert g \\rVert$ when $\\lVert g \\rVert > c$ and $1$ otherwise, so the "
        "clipped gradient has norm $\\min(\\lVert g \\rVert, c) \\le c$, and a gradient within the threshold "
        "is unchanged."
    ),
    assumptions=(
        Assume(d, sp.S.Naturals, "the number of parameters", sizes=(1, 2, 3)),
        Assume(i, sp.Range(1, d + 1), "the index of a parameter"),
        Assume(g, sp.S.Reals, "$g_i$, entry $i$ of the gradient $g \\in \\mathbb{R}^d$ (non-zero)"),
        Assume(c, sp.Interval.open(0, sp.oo), "the clipping threshold", sample=(0.1, 6)),
        Assume(gc, sp.S.Reals, "$\\tilde g_i$, entry $i$ of the clipped gradient (defined below)"),
    ),
    definitions=(
        Define(norm, norm_of(g[i]), "the Euclidean norm of $g$"),
        Define(s, sp.Min(1, c / norm), "the clipping factor"),
        Define(gc[i], M(s, g[i]), "the clipped gradient: $g$ scaled by $s$"),
    ),
    parts=(
        Part(
            "clipped-norm",
            "The clipped norm is at most the threshold",
            start=norm_of(gc[i]),
            start_reason="The norm of the clipped gradient",
            steps=(
                Step("scale-out", root(M(square(s), sp.Sum(g[i] ** 2, (i, 1, d)))),
                     "Every entry is $s g_i$: take the common factor $s^2$ out of the sum"),
                Step("homogeneous", M(s, norm), "$s > 0$, so $\\sqrt{s^2} = s$"),
                Step("norm-min", sp.Min(norm, c),
                     "Multiply both candidates of the minimum by $\\lVert g \\rVert > 0$"),
                Step("at-most-threshold", c, "A minimum is at most each of its candidates", rel=Rel.LE),
            ),
        ),
        Part(
            "factor",
            "The factor, case by case",
            start=s,
            steps=(
                Step("factor-cases", sp.Piecewise((c / norm, norm > c), (1, True)),
                     "$c/\\lVert g \\rVert < 1$ exactly when $\\lVert g \\rVert > c$; otherwise the factor is 1 "
                     "and the gradient is left unchanged"),
                Step("factor-positive", sp.S.Zero,
                     "$c$ and $\\lVert g \\rVert$ are positive, so in both cases the clipped gradient $s g$ is a "
                     "positive multiple of $g$", rel=Rel.GT),
            ),
        ),
        Part(
            "above-threshold",
            "Above the threshold, the norm becomes the threshold",
            start=norm_of(M(c / norm, g[i])),
            start_reason="When $\\lVert g \\rVert > c$, every entry is $g_i$ times $c/\\lVert g \\rVert$",
            steps=(
                Step("above-scale-out", root(M(square(c / norm), sp.Sum(g[i] ** 2, (i, 1, d)))),
                     "Take the common factor $(c/\\lVert g \\rVert)^2$ out of the sum"),
                Step("above-homogeneous", M(c / norm, norm), "$c/\\lVert g \\rVert > 0$, so its square root is itself"),
                Step("above-equals-threshold", c, "The norms cancel"),
            ),
        ),
        Part(
            "direction",
            "The direction is kept",
            start=M(sp.Sum(M(gc[i], g[i]), (i, 1, d)), reciprocal(M(norm_of(gc[i]), norm))),
            start_reason="The cosine of the angle between the clipped gradient and $g$",
            steps=(
                Step("cosine-scale", M(s, sp.Sum(g[i] ** 2, (i, 1, d)), reciprocal(M(s, norm, norm))),
                     "Take $s$ out of the sum above; the norm of the clipped gradient is $s \\lVert g \\rVert$, "
                     "as shown above"),
                Step("cosine-one", sp.S.One, "$\\sum_i g_i^2 = \\lVert g \\rVert^2$, so the cosine is 1 and the angle 0"),
            ),
        ),
    ),
    references=cite("pascanu2013"),
)
