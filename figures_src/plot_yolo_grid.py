"""A 7 × 7 grid over a photograph: each object is the responsibility of the one cell that contains the centre of its box.

The photograph is scikit-learn's sample image of a temple above a lake (640 by 427 pixels, shown at a
quarter of its resolution), with a 7 by 7 grid drawn over it, so each cell is about 91 pixels wide and
61 pixels high. Three boxes are drawn by hand: the temple, the small island in the lake, and the tree
on the right edge. A dot marks the centre of each box, and the cell that contains the centre is
shaded: column 2, row 3 for the temple; column 5, row 3 for the island; column 6, row 4 for the
tree (columns and rows counted from 0 at the top left). The temple's box overlaps 35 of the 49 cells,
but only the shaded one predicts it; the other cells it overlaps are not responsible for it.
"""

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from sklearn.datasets import load_sample_image

FORMAT = "svg"
S = 7  # cells along each side
SHRINK = 4  # show the photograph at a quarter of its resolution
# Hand-picked boxes (left, top, right, bottom) in pixels of the full 640 x 427 image.
BOXES = {
    "temple": (62, 28, 372, 420),
    "island": (425, 228, 505, 251),
    "tree": (548, 135, 640, 427),
}


def image() -> np.ndarray:
    """The sample photograph, 427 x 640 x 3 (height, width, colour), as unsigned bytes."""
    return load_sample_image("china.jpg")


def small(picture: np.ndarray, factor: int = SHRINK) -> np.ndarray:
    """The picture shrunk by `factor` in each direction, averaging each factor x factor block."""
    h, w = (n // factor * factor for n in picture.shape[:2])
    blocks = (
        picture[:h, :w]
        .reshape(h // factor, factor, w // factor, factor, -1)
        .astype(float)
    )
    return blocks.mean(axis=(1, 3)).round().astype(np.uint8)


def centre(box) -> tuple[float, float]:
    left, top, right, bottom = box
    return (left + right) / 2, (top + bottom) / 2


def cell(
    x: float, y: float, width: float, height: float, s: int = S
) -> tuple[int, int]:
    """(column, row) of the cell that contains (x, y), clamped to the last cell on the far edges."""
    return min(int(s * x // width), s - 1), min(int(s * y // height), s - 1)


def figure() -> Figure:
    picture = image()
    height, width = picture.shape[:2]
    fig = Figure(figsize=(4.6, 3.25))
    ax = fig.subplots()
    ax.imshow(small(picture), extent=(0, width, height, 0), interpolation="none")
    edge = rcParams["text.color"]
    for k in range(1, S):
        ax.axvline(k * width / S, color="white", linewidth=0.7, alpha=0.8)
        ax.axhline(k * height / S, color="white", linewidth=0.7, alpha=0.8)
    colours = rcParams["axes.prop_cycle"].by_key()["color"]
    for (name, box), colour in zip(BOXES.items(), colours[1:]):
        left, top, right, bottom = box
        x, y = centre(box)
        col, row = cell(x, y, width, height)
        ax.add_patch(
            Rectangle(
                (col * width / S, row * height / S),
                width / S,
                height / S,
                facecolor=colour,
                alpha=0.45,
                edgecolor="none",
            )
        )
        ax.add_patch(
            Rectangle(
                (left, top),
                right - left,
                bottom - top,
                fill=False,
                edgecolor=colour,
                linewidth=2,
            )
        )
        ax.plot(x, y, "o", color=colour, markeredgecolor="white", markersize=6)
        near_right = right > 0.9 * width
        ax.text(
            right - 3 if near_right else left + 3,
            top - 5,
            f"{name}: cell ({col}, {row})",
            color="white",
            fontsize=8,
            va="bottom",
            ha="right" if near_right else "left",
            bbox={"facecolor": colour, "edgecolor": "none", "pad": 1.5},
        )
    ax.set(
        xlim=(0, width),
        ylim=(height, 0),
        xticks=[k * width / S for k in range(S + 1)],
        yticks=[k * height / S for k in range(S + 1)],
        xticklabels=[],
        yticklabels=[],
    )
    ax.grid(False)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color(edge)
    ax.set_title(f"{S} × {S} grid; (column, row) of the responsible cell")
    return fig
