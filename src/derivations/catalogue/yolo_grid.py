"""The YOLO grid (Redmon et al., 2016): which cell is responsible for a box, and where in it the centre lies.

An S x S grid is laid over a W x H image. The cell whose area holds a box's centre (x, y) predicts that
box: its column is floor(S x / W) and its row floor(S y / H), and the centre is stored as an offset
within the cell, S x / W minus the column. The parts show that the cell index is a valid column for
every x in [0, W), that the offset lies in [0, 1), that the centre is recovered exactly from the
column and the offset, what happens at the right edge x = W (the floor is one past the last column,
so implementations clamp it), and that a box's width stored relative to the image is recovered by
multiplying back.

Notes for authors:
- Rows are columns with y and H in place of x and W; only the recovery is repeated for them.
- Statements about the floor and the fractional part are not simplified by SymPy; those steps are
  checked numerically at 90 digits, as the verifier does for anything it cannot prove.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as M
from derivations.display import reciprocal
from derivations.display import total as A
from derivations.model import Assume, Define, Derivation, Part, Rel, Step

S = sp.Symbol("S", integer=True, positive=True)
W = sp.Symbol("W", positive=True)
Hh = sp.Symbol("H", positive=True)
x = sp.Symbol("x", nonnegative=True)
y = sp.Symbol("y", nonnegative=True)
bw = sp.Symbol("w", positive=True)
i = sp.Symbol("i", integer=True, nonnegative=True)
j = sp.Symbol("j", integer=True, nonnegative=True)
t = sp.Symbol("t_x", nonnegative=True)
u = sp.Symbol("t_y", nonnegative=True)
rel_w = sp.Symbol(r"\hat w", positive=True)
xh = sp.Symbol(r"\hat x", nonnegative=True)
last = A(S, -1)  # the last column, S - 1, shown as written


def scaled(coordinate, size):
    """S coordinate / size: the coordinate measured in cells."""
    return M(S, coordinate, reciprocal(size))


DERIVATION = Derivation(
    id="yolo-grid-cell",
    title="The responsible cell and the offset within it",
    summary=(
        "On an $S \\times S$ grid over a $W \\times H$ image, a centre $(x, y)$ falls in column "
        "$i = \\lfloor S x / W \\rfloor$ and row $j = \\lfloor S y / H \\rfloor$, with offsets "
        "$t_x = S x / W - i$ and $t_y = S y / H - j$ in $[0, 1)$. Then $x = (i + t_x) W / S$ and "
        "$y = (j + t_y) H / S$ exactly; $i \\le S - 1$ for $x < W$, and at $x = W$ the floor gives $S$, so the "
        "index is clamped to $S - 1$ with offset 1. A width stored as $w / W$ is recovered by multiplying by $W$."
    ),
    assumptions=(
        Assume(
            S,
            sp.S.Naturals,
            "the number of cells along each side of the grid",
            sizes=(7, 13, 19),
        ),
        Assume(
            W,
            sp.Interval.open(0, sp.oo),
            "the width of the image in pixels",
            sample=(32, 1024),
        ),
        Assume(
            Hh,
            sp.Interval.open(0, sp.oo),
            "the height of the image in pixels",
            sample=(32, 1024),
        ),
        Assume(
            x, sp.Interval.Ropen(0, W), "the horizontal coordinate of a box's centre"
        ),
        Assume(
            y, sp.Interval.Ropen(0, Hh), "the vertical coordinate of a box's centre"
        ),
        Assume(
            xh,
            sp.Interval(0, 1),
            "the centre's horizontal coordinate normalised by the width, $x / W$",
        ),
        Assume(bw, sp.Interval.Lopen(0, W), "the width of the box in pixels"),
    ),
    definitions=(
        Define(
            i,
            sp.floor(scaled(x, W)),
            "the column of the responsible cell, counted from 0",
        ),
        Define(
            t,
            A(scaled(x, W), -i),
            "the horizontal offset of the centre within that cell",
        ),
        Define(
            j,
            sp.floor(scaled(y, Hh)),
            "the row of the responsible cell, counted from 0",
        ),
        Define(
            u,
            A(scaled(y, Hh), -j),
            "the vertical offset of the centre within that cell",
        ),
        Define(rel_w, M(bw, reciprocal(W)), "the box's width relative to the image"),
    ),
    parts=(
        Part(
            "recover-x",
            "The centre is recovered exactly",
            start=M(A(i, t), W, reciprocal(S)),
            start_reason="Decode: the column plus the offset, in cells, converted back to pixels",
            steps=(
                Step(
                    "insert-offset",
                    M(A(i, scaled(x, W), -i), W, reciprocal(S)),
                    "Put in the offset $t_x = S x / W - i$",
                ),
                Step(
                    "cancel-column",
                    M(scaled(x, W), W, reciprocal(S)),
                    "The column cancels: whatever the floor is, it is added and taken away",
                ),
                Step("recovered-x", x, "$S$ and $W$ cancel"),
            ),
        ),
        Part(
            "offset-nonnegative",
            "The offset is at least 0",
            start=t,
            steps=(
                Step(
                    "offset-written-out",
                    A(scaled(x, W), -sp.floor(scaled(x, W))),
                    "The offset is $S x / W$ minus its floor",
                ),
                Step(
                    "offset-at-least-zero",
                    sp.S.Zero,
                    "A floor is never larger than its argument",
                    rel=Rel.GE,
                ),
            ),
        ),
        Part(
            "offset-below-one",
            "The offset is below 1",
            start=t,
            steps=(
                Step(
                    "offset-fraction",
                    sp.frac(scaled(x, W)),
                    "A number minus its floor is its fractional part",
                ),
                Step(
                    "offset-less-than-one",
                    sp.S.One,
                    "A fractional part is less than 1",
                    rel=Rel.LT,
                ),
            ),
        ),
        Part(
            "column-in-range",
            "The column is at most S - 1",
            start=i,
            steps=(
                Step(
                    "column-at-most-scaled",
                    scaled(x, W),
                    "A floor is never larger than its argument",
                    rel=Rel.LE,
                ),
                Step(
                    "column-below-s",
                    S,
                    "$x < W$; an integer below $S$ is at most $S - 1$, so the column is one of $0, \\dots, S - 1$",
                    rel=Rel.LT,
                ),
            ),
        ),
        Part(
            "right-edge",
            "At the right edge the floor is one column too far",
            start=sp.Subs(sp.floor(M(S, xh)), xh, 1),
            start_reason=(
                "The column formula in the normalised coordinate $\\hat x = x / W$ that label files store, at the "
                "right border $\\hat x = 1$ ($x = W$)"
            ),
            steps=(
                Step(
                    "edge-column",
                    S,
                    "$S$ is an integer, so the floor is $S$ itself: one past the last column $S - 1$",
                ),
            ),
        ),
        Part(
            "edge-clamped",
            "Clamped to the last column, the edge is still recovered",
            start=sp.Subs(M(A(last, M(S, xh), M(-1, last)), W, reciprocal(S)), xh, 1),
            start_reason=(
                "Implementations clamp the column to $S - 1$ at $\\hat x = 1$; the offset is then $S \\hat x - (S - 1)$. "
                "Decode as before"
            ),
            steps=(
                Step(
                    "edge-offset-one",
                    M(A(last, 1), W, reciprocal(S)),
                    "The offset is $S - (S - 1) = 1$",
                ),
                Step(
                    "edge-recovered", W, "$S \\cdot W / S = W$: the centre is recovered"
                ),
            ),
        ),
        Part(
            "recover-y",
            "Rows work the same way",
            start=M(A(j, u), Hh, reciprocal(S)),
            start_reason="Decode a row: the row plus the vertical offset, converted back to pixels",
            steps=(
                Step(
                    "insert-row-offset",
                    M(A(j, scaled(y, Hh), -j), Hh, reciprocal(S)),
                    "Put in the offset $t_y = S y / H - j$",
                ),
                Step(
                    "cancel-row", M(scaled(y, Hh), Hh, reciprocal(S)), "The row cancels"
                ),
                Step("recovered-y", y, "$S$ and $H$ cancel"),
            ),
        ),
        Part(
            "relative-width",
            "A relative width is recovered by the image width",
            start=M(rel_w, W),
            start_reason="Decode a width stored relative to the image",
            steps=(
                Step(
                    "width-written-out",
                    M(bw, reciprocal(W), W),
                    "Put in $\\hat w = w / W$",
                ),
                Step(
                    "recovered-width",
                    bw,
                    "$W$ cancels; heights work the same way with $H$",
                ),
            ),
        ),
    ),
    references=cite("redmon2016"),
)
