"""Classical image processing on one photograph: histogram equalization, a Gaussian blur, sharpening, Sobel edges, an Otsu threshold, and erosion, dilation and opening of the thresholded image.

The photograph is Matplotlib's sample portrait of Grace Hopper, converted to grey, cropped to a square
of 512 x 512 pixels and reduced to 128 x 128 by averaging blocks of 4 x 4; every panel draws one image
pixel as one screen pixel. Top row: the grey image, mostly dark (44% of its pixels lie in the darkest
eighth of the grey range); the image after histogram equalization, which maps each grey level to the
fraction of pixels at or below it, so that the uniform and the background show their texture; and a
5 x 5 Gaussian blur (standard deviation one pixel, weights summing to one), which smooths fine detail.
Middle row: the image sharpened with the 3 x 3 kernel that adds each pixel's difference from its four
neighbours, which makes edges and the wrinkles of the face crisper; the size of the Sobel gradient,
bright along the outlines of the face, the glasses, the cap and the stars of the flag, dark in flat
areas; and the Otsu threshold, which splits the pixels into bright (white) and dark (black) at grey
level 86 of 255. Bottom row: the thresholded image eroded with a 3 x 3 square, which shrinks white areas
and deletes thin white lines and specks; dilated, which grows them and fills small black gaps; and
opened (eroded, then dilated), which removes the white specks smaller than the square while keeping
the larger white shapes at about their size: 23 separate white regions become 15.
"""

from functools import lru_cache

import numpy as np
from matplotlib import cbook
from matplotlib.figure import Figure
from matplotlib.image import imread
from scipy import ndimage

FORMAT = "png"
BLOCK = 4  # downsampling factor
CROP = (40, 512)  # first row and number of rows kept of the 600 x 512 photograph
LEVELS = 256  # grey levels for the histogram, equalization and Otsu
BOX = np.full((3, 3), 1 / 9)
SHARPEN = np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=float)
SOBEL_X = np.array(
    [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float
)  # horizontal change
SOBEL_Y = SOBEL_X.T  # vertical change
SQUARE = np.ones((3, 3), dtype=bool)  # the structuring element of erosion and dilation


def gaussian_kernel(size: int = 5, sigma: float = 1.0) -> np.ndarray:
    """A size x size Gaussian kernel, normalised so that its weights sum to 1."""
    offsets = np.arange(size) - size // 2
    weights = np.exp(-(offsets[:, None] ** 2 + offsets[None, :] ** 2) / (2 * sigma**2))
    return weights / weights.sum()


def grey_image() -> np.ndarray:
    """The sample portrait in grey, values in [0, 1], reduced by block averaging (150 x 128)."""
    with cbook.get_sample_data("grace_hopper.jpg") as file:
        rgb = imread(file).astype(float) / 255
    grey = rgb @ np.array([0.299, 0.587, 0.114])  # the ITU-R BT.601 luma weights
    grey = grey[CROP[0] : CROP[0] + CROP[1]]  # a square around the face and the cap
    rows, cols = (s // BLOCK * BLOCK for s in grey.shape)
    return (
        grey[:rows, :cols]
        .reshape(rows // BLOCK, BLOCK, cols // BLOCK, BLOCK)
        .mean(axis=(1, 3))
    )


def correlate(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """out[y, x] = sum_{u, v} kernel[u, v] * image[y + u, x + v], offsets centred on the kernel; the border
    is extended by mirroring (scipy.ndimage's mode "reflect"). Deep-learning "convolution" is this."""
    ky, kx = kernel.shape
    padded = np.pad(image, ((ky // 2, ky // 2), (kx // 2, kx // 2)), mode="symmetric")
    out = np.zeros_like(image, dtype=float)
    for u in range(ky):
        for v in range(kx):
            out += kernel[u, v] * padded[u : u + image.shape[0], v : v + image.shape[1]]
    return out


def quantise(image: np.ndarray) -> np.ndarray:
    """Grey levels 0 to LEVELS - 1."""
    return np.clip(np.round(image * (LEVELS - 1)), 0, LEVELS - 1).astype(int)


def equalize(image: np.ndarray) -> np.ndarray:
    """Histogram equalization: each grey level goes to the fraction of pixels at or below it (its CDF)."""
    levels = quantise(image)
    cdf = np.cumsum(np.bincount(levels.ravel(), minlength=LEVELS)) / levels.size
    return cdf[levels]


def between_class_variance(image: np.ndarray) -> np.ndarray:
    """Otsu's criterion for every threshold t = 0, ..., LEVELS - 1 (dark class: levels <= t):
    w0 w1 (mu0 - mu1)^2, with w the class shares and mu the class means of the grey level."""
    p = np.bincount(quantise(image).ravel(), minlength=LEVELS) / image.size
    w0 = np.cumsum(p)
    w1 = 1 - w0
    mass0 = np.cumsum(p * np.arange(LEVELS))
    total = mass0[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        variance = w0 * w1 * (mass0 / w0 - (total - mass0) / w1) ** 2
    return np.nan_to_num(variance, nan=0.0, posinf=0.0)


def otsu_threshold(image: np.ndarray) -> int:
    """The grey level that maximises the between-class variance (Otsu, 1979)."""
    return int(np.argmax(between_class_variance(image)))


@lru_cache(maxsize=1)
def panels() -> dict:
    grey = grey_image()
    gx, gy = correlate(grey, SOBEL_X), correlate(grey, SOBEL_Y)
    mask = quantise(grey) > otsu_threshold(grey)
    eroded = ndimage.binary_erosion(mask, SQUARE)  # outside the image counts as black
    return {
        "grey": grey,
        "equalized": equalize(grey),
        "Gaussian blur": correlate(grey, gaussian_kernel()),
        "sharpened": np.clip(correlate(grey, SHARPEN), 0, 1),
        "Sobel edges": np.hypot(gx, gy) / np.hypot(gx, gy).max(),
        "Otsu threshold": mask.astype(float),
        "eroded": eroded.astype(float),
        "dilated": ndimage.binary_dilation(mask, SQUARE).astype(float),
        "opened": ndimage.binary_dilation(eroded, SQUARE).astype(float),
    }


DPI = 150  # the resolution the site renders PNG figures at
SHOWN = 64  # grey levels drawn: indistinguishable from 256 on screen, and a third smaller as PNG
GAP, TITLE = 6, 22  # pixels between panels, and above each panel for its title


def figure() -> Figure:
    """Nine panels, each image pixel drawn as exactly one pixel of the PNG (sharp, and small to download)."""
    height, width = panels()["grey"].shape
    fig_w, fig_h = 3 * width + 4 * GAP, 3 * (height + TITLE) + GAP
    fig = Figure(figsize=(fig_w / DPI, fig_h / DPI), dpi=DPI, layout="none")
    for k, (title, image) in enumerate(panels().items()):
        row, col = divmod(k, 3)
        left, bottom = GAP + col * (width + GAP), fig_h - (row + 1) * (height + TITLE)
        ax = fig.add_axes((left / fig_w, bottom / fig_h, width / fig_w, height / fig_h))
        ax.imshow(
            np.round(image * (SHOWN - 1)) / (SHOWN - 1),
            cmap="gray",
            vmin=0,
            vmax=1,
            interpolation="nearest",
            aspect="auto",
        )
        ax.set_title(title, fontsize=8, pad=2)
        ax.set_axis_off()
    return fig
