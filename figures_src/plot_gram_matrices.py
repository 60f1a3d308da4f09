"""Three textures, the Gram matrices of three simple feature maps of each, and the stripes again with every position shuffled: the Gram matrix measures which features occur together, not where.

Each texture is a 16 by 16 image with values from 0 to 1: vertical stripes two pixels wide, a
checkerboard of four by four squares, and uniform noise (fixed seed). Three non-negative feature maps
stand in for a network layer: the size of the horizontal change to the next pixel (a vertical-edge
detector), the size of the vertical change (a horizontal-edge detector), and the brightness itself;
differences wrap around the border. The bottom row shows each Gram matrix divided by the number of
positions, G = F F^T / M, as a 3 by 3 grid with its entries written in.

The stripes have vertical edges and no horizontal ones, so their row and column for the horizontal-edge
feature are zero; the checkerboard has both kinds of edge, equally often; in noise every feature is
active everywhere and every pair correlates. The fourth column takes the stripes' three feature maps
and moves every position to a random new place, the same for all three maps; its top panel shows the
brightness map, which no longer looks like stripes. Its Gram matrix is identical to the stripes' entry
for entry: a Gram-matrix style loss cannot tell the two apart, because it sums over positions.
"""

from functools import lru_cache

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure

SIZE = 16
FEATURES = ("vertical edges", "horizontal edges", "brightness")
SHORT = ("v-edge", "h-edge", "bright")


def textures() -> dict:
    """The three textures, each a SIZE x SIZE array in [0, 1]."""
    rows, cols = np.mgrid[0:SIZE, 0:SIZE]
    return {
        "stripes": ((cols // 2) % 2).astype(float),
        "checkerboard": ((rows // 4 + cols // 4) % 2).astype(float),
        "noise": np.random.default_rng(2016).uniform(0, 1, (SIZE, SIZE)),
    }


def feature_maps(image: np.ndarray) -> np.ndarray:
    """The N = 3 feature maps of `image`, one row per feature and one column per position (N x M)."""
    vertical_edges = np.abs(np.roll(image, -1, axis=1) - image)
    horizontal_edges = np.abs(np.roll(image, -1, axis=0) - image)
    return np.stack([vertical_edges, horizontal_edges, image]).reshape(
        len(FEATURES), -1
    )


def gram(features: np.ndarray) -> np.ndarray:
    """G = F F^T: entry (i, j) sums the products of features i and j over all positions."""
    return features @ features.T


def shuffle_positions(features: np.ndarray, seed: int = 1) -> np.ndarray:
    """The same feature maps with their positions (columns) in a random order, the same for every feature."""
    return features[:, np.random.default_rng(seed).permutation(features.shape[1])]


@lru_cache(maxsize=1)
def panels() -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(title, picture, Gram matrix / M) for every column of the figure."""
    out = []
    for name, image in textures().items():
        features = feature_maps(image)
        out.append((name, image, gram(features) / features.shape[1]))
    stripes = feature_maps(textures()["stripes"])
    shuffled = shuffle_positions(stripes)
    out.append(
        (
            "stripes, shuffled",
            shuffled[2].reshape(SIZE, SIZE),
            gram(shuffled) / shuffled.shape[1],
        )
    )
    return out


def figure() -> Figure:
    fig = Figure(figsize=(6.4, 3.6))
    axes = fig.subplots(2, 4)
    text, background = rcParams["text.color"], rcParams["axes.facecolor"]
    for column, (title, picture, matrix) in enumerate(panels()):
        top, bottom = axes[0, column], axes[1, column]
        top.imshow(picture, cmap="gray", vmin=0, vmax=1, interpolation="nearest")
        top.set_title(title)
        bottom.imshow(matrix, cmap="cividis", vmin=0, vmax=0.6, interpolation="nearest")
        for (i, j), value in np.ndenumerate(matrix):
            bottom.text(
                j,
                i,
                f"{value:.2f}",
                ha="center",
                va="center",
                fontsize=7,
                color="#000000" if value > 0.35 else "#ffffff",
            )
        for ax in (top, bottom):
            ax.set_xticks([])
            ax.set_yticks([])
            ax.grid(False)
            for spine in ax.spines.values():
                spine.set_visible(False)
        bottom.set_xticks(range(3), SHORT, fontsize=7, rotation=90)
        if column == 0:
            bottom.set_yticks(range(3), SHORT, fontsize=7)
            top.set_ylabel("brightness map", color=text)
    fig.set_facecolor(background)
    return fig
