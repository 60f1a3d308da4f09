"""Neural style transfer: the gradients of the content loss and of the Gram-matrix style loss.

Gatys, Ecker and Bethge (2016) describe a layer's response to an image by its feature map F, with one row
per filter (N rows) and one column per position (M columns). The content loss compares F with the
feature map P of the content image entry by entry; the style loss compares the Gram matrix G = F F^T with
the Gram matrix A of the style image's feature map S, E = 1/(4 N^2 M^2) sum_ij (G_ij - A_ij)^2. The parts
derive the gradient of each with respect to one entry F_ab, the form the paper states,
dE/dF = (G - A) F / (N^2 M^2), and that G does not change when the positions are reordered.

Notes for authors:
- N and M are *defined* as 2 and 3, and every index ranges over a finite set, so each claim is proven
  symbolically entry by entry for a feature map of two filters at three positions (the algebra is the
  same for any N and M). With symbolic sizes, nested sums of squared sums make SymPy's simplification slow.
- A is the Gram matrix of a style feature map S, as in the paper, so it is symmetric by construction;
  the step that uses the symmetry of G and A is checked like every other step.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as times
from derivations.display import reciprocal
from derivations.display import total as plus
from derivations.model import Assume, Define, Derivation, Part, Step

FILTERS = 2  # N in every check
POSITIONS = 3  # M in every check

N = sp.Symbol("N", integer=True, positive=True)
M = sp.Symbol("M", integer=True, positive=True)
i = sp.Symbol("i", integer=True, positive=True)
j = sp.Symbol("j", integer=True, positive=True)
p = sp.Symbol("p", integer=True, positive=True)  # summation index only
a = sp.Symbol("a", integer=True, positive=True)
b = sp.Symbol("b", integer=True, positive=True)

F = sp.IndexedBase("F", real=True)
P = sp.IndexedBase("P", real=True)
S = sp.IndexedBase("S", real=True)
G = sp.IndexedBase("G", real=True)
A = sp.IndexedBase("A", real=True)

delta = sp.KroneckerDelta
move = sp.Function("pi")  # a reordering of the positions


def minus(left, right):
    """left - right, shown in that order."""
    return plus(left, times(-1, right))


scale = reciprocal(times(4, N**2, M**2))
half_scale = reciprocal(times(2, N**2, M**2))
style_loss = times(
    scale, sp.Sum(sp.Sum(minus(G[i, j], A[i, j]) ** 2, (j, 1, N)), (i, 1, N))
)
content_loss = times(
    sp.Rational(1, 2),
    sp.Sum(sp.Sum(minus(F[i, p], P[i, p]) ** 2, (p, 1, M)), (i, 1, N)),
)
row_term = sp.Sum(times(minus(G[a, j], A[a, j]), F[j, b]), (j, 1, N))

DERIVATION = Derivation(
    id="gram-style-loss-gradient",
    title="The content and style losses of neural style transfer, and their gradients",
    summary=(
        "For a feature map $F$ with $N$ filters and $M$ positions, the content loss $\\frac12 \\sum (F - P)^2$ has "
        "gradient $F - P$, and the style loss $E = \\frac{1}{4N^2M^2} \\sum_{ij} (G_{ij} - A_{ij})^2$ with "
        "$G = F F^\\top$ has gradient $\\frac{1}{N^2M^2} (G - A) F$. Reordering the positions leaves $G$ unchanged."
    ),
    assumptions=(
        Assume(i, sp.FiniteSet(1, 2), "the index of a filter"),
        Assume(j, sp.FiniteSet(1, 2), "the index of a second filter"),
        Assume(a, sp.FiniteSet(1, 2), "the filter of the entry we differentiate by"),
        Assume(
            b, sp.FiniteSet(1, 2, 3), "the position of the entry we differentiate by"
        ),
        Assume(
            F,
            sp.S.Reals,
            "$F_{ip}$, the response of filter $i$ at position $p$ to the generated image",
            sample=(0, 2),
        ),
        Assume(
            P, sp.S.Reals, "$P_{ip}$, the same for the content image", sample=(0, 2)
        ),
        Assume(S, sp.S.Reals, "$S_{ip}$, the same for the style image", sample=(0, 2)),
        Assume(
            G,
            sp.S.Reals,
            "$G_{ij}$, entry $(i, j)$ of the Gram matrix of $F$ (defined below)",
        ),
        Assume(
            A,
            sp.S.Reals,
            "$A_{ij}$, entry $(i, j)$ of the Gram matrix of $S$ (defined below)",
        ),
    ),
    definitions=(
        Define(N, FILTERS, "the number of filters (two in every check)"),
        Define(M, POSITIONS, "the number of positions (three in every check)"),
        Define(
            move(p),
            sp.Mod(p, M) + 1,
            "a reordering of the positions: $\\pi(p) = p + 1$, and $\\pi(M) = 1$",
        ),
        Define(
            G[i, j],
            sp.Sum(times(F[i, p], F[j, p]), (p, 1, M)),
            "the Gram matrix of the generated image: how strongly filters $i$ and $j$ respond together",
        ),
        Define(
            A[i, j],
            sp.Sum(times(S[i, p], S[j, p]), (p, 1, M)),
            "the Gram matrix of the style image",
        ),
    ),
    parts=(
        Part(
            "content",
            "The content loss",
            start=sp.Derivative(content_loss, F[a, b]),
            start_reason="Half the squared difference of the two feature maps, differentiated by the entry $F_{ab}$",
            steps=(
                Step(
                    "content-gradient",
                    F[a, b] - P[a, b],
                    "Only the term with $i = a$ and $p = b$ depends on $F_{ab}$; the $\\frac12$ cancels the 2 "
                    "of the square",
                ),
            ),
        ),
        Part(
            "gram-entry",
            "How one entry of F moves the Gram matrix",
            start=sp.Derivative(G[i, j], F[a, b]),
            start_reason="Entry $(i, j)$ of the Gram matrix, differentiated by the entry $F_{ab}$",
            steps=(
                Step(
                    "product-rule",
                    sp.Sum(
                        plus(
                            times(delta(i, a), delta(p, b), F[j, p]),
                            times(F[i, p], delta(j, a), delta(p, b)),
                        ),
                        (p, 1, M),
                    ),
                    "Product rule in each term; $\\partial F_{ip} / \\partial F_{ab}$ is 1 when $i = a$ and "
                    "$p = b$, and 0 otherwise",
                ),
                Step(
                    "gram-entry-derivative",
                    plus(times(delta(i, a), F[j, b]), times(delta(j, a), F[i, b])),
                    "Only the position $p = b$ is left in the sum",
                ),
            ),
        ),
        Part(
            "style",
            "The style loss",
            start=sp.Derivative(style_loss, F[a, b]),
            start_reason="The style loss of one layer, differentiated by the entry $F_{ab}$",
            steps=(
                Step(
                    "chain-rule",
                    times(
                        scale,
                        sp.Sum(
                            sp.Sum(
                                times(
                                    2,
                                    minus(G[i, j], A[i, j]),
                                    plus(
                                        times(delta(i, a), F[j, b]),
                                        times(delta(j, a), F[i, b]),
                                    ),
                                ),
                                (j, 1, N),
                            ),
                            (i, 1, N),
                        ),
                    ),
                    "Chain rule: $A$ does not depend on $F$, and $\\partial G_{ij} / \\partial F_{ab}$ is the "
                    "expression found above",
                ),
                Step(
                    "collapse-deltas",
                    times(
                        half_scale,
                        plus(
                            row_term,
                            sp.Sum(times(minus(G[i, a], A[i, a]), F[i, b]), (i, 1, N)),
                        ),
                    ),
                    "The first delta keeps only $i = a$, the second only $j = a$; take out the factor 2",
                ),
                Step(
                    "symmetry",
                    times(half_scale, plus(row_term, row_term)),
                    "$G$ and $A$ are symmetric ($G_{ia} = G_{ai}$, since $\\sum_p F_{ip} F_{ap}$ does not depend on "
                    "the order of the factors); rename $i$ to $j$",
                ),
                Step(
                    "gatys-form",
                    times(reciprocal(times(N**2, M**2)), row_term),
                    "The two sums are equal: this is entry $(a, b)$ of $(G - A) F$, divided by $N^2 M^2$",
                ),
            ),
        ),
        Part(
            "positions",
            "The Gram matrix ignores where features occur",
            start=sp.Sum(times(F[i, move(p)], F[j, move(p)]), (p, 1, M)),
            start_reason=(
                "Entry $(i, j)$ of the Gram matrix after reordering the positions: position $p$ now holds what "
                "was at position $\\pi(p)$"
            ),
            steps=(
                Step(
                    "reorder",
                    sp.Sum(times(F[i, p], F[j, p]), (p, 1, M)),
                    "$\\pi$ visits every position exactly once, so this is the same sum of products, added in another "
                    "order",
                ),
                Step(
                    "unchanged",
                    G[i, j],
                    "This is the Gram matrix of the original feature map",
                ),
            ),
        ),
    ),
    references=cite("gatys2016"),
)
