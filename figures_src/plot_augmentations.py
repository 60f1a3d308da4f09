"""A photograph and seven augmented copies of it: geometric, colour and noise transforms, each drawn with a fixed seed.

Eight small panels in two rows, each showing the same photograph of a Chinese pagoda among trees,
with a lake behind it (scikit-learn's sample image china.jpg, reduced to 106 by 71 pixels). Top row,
labelled original, flip, rotate 12° and crop: the photograph; its mirror image; the photograph
rotated by 12 degrees, with the corners filled by reflecting the image; and a random crop of 80 per
cent of each side scaled back to full size, so the pagoda looks closer. Bottom row, labelled
brightness, colour, noise and cutout: the photograph brighter and with lower contrast; with the
saturation raised and the red channel strengthened and the blue one weakened, so it looks warmer;
with Gaussian noise of standard deviation 0.08 on the 0-to-1 intensity scale, which makes it grainy;
and with a grey square of 20 pixels hiding part of the pagoda. Every copy still shows what a label
would describe, a pagoda, while its pixels change substantially.
"""

from functools import lru_cache

import numpy as np
from matplotlib.figure import Figure
from scipy import ndimage
from sklearn.datasets import load_sample_image

FORMAT = "png"
SEED = 2019
FACTOR = 6  # block size of the downsampling: 640 x 427 pixels become 106 x 71
LEVELS = (
    32  # intensity levels per channel in the drawn images, which keeps the PNG small
)


@lru_cache(maxsize=1)
def sample_image() -> np.ndarray:
    """china.jpg, averaged over FACTOR x FACTOR blocks, as floats in [0, 1] (rows, columns, 3)."""
    image = load_sample_image("china.jpg").astype(float) / 255
    rows, cols = (s - s % FACTOR for s in image.shape[:2])
    image = image[:rows, :cols]
    return image.reshape(rows // FACTOR, FACTOR, cols // FACTOR, FACTOR, 3).mean(
        axis=(1, 3)
    )


def flip(image: np.ndarray) -> np.ndarray:
    return image[:, ::-1]


def rotate(image: np.ndarray, degrees: float) -> np.ndarray:
    """Rotate about the centre, keeping the size; corners are filled by reflection."""
    return np.clip(
        ndimage.rotate(
            image, degrees, axes=(1, 0), reshape=False, order=1, mode="reflect"
        ),
        0,
        1,
    )


def crop_and_resize(
    image: np.ndarray, rng: np.random.Generator, keep: float = 0.8
) -> np.ndarray:
    """A random crop of `keep` of each side, scaled back to the original size."""
    rows, cols = image.shape[:2]
    h, w = round(keep * rows), round(keep * cols)
    top, left = rng.integers(0, rows - h + 1), rng.integers(0, cols - w + 1)
    crop = image[top : top + h, left : left + w]
    zoomed = ndimage.zoom(
        crop, (rows / h, cols / w, 1), order=1, mode="nearest", grid_mode=True
    )
    return np.clip(zoomed[:rows, :cols], 0, 1)


def brightness_contrast(
    image: np.ndarray, brightness: float, contrast: float
) -> np.ndarray:
    """Scale the deviations from the mean intensity by `contrast`, then add `brightness`."""
    mean = image.mean()
    return np.clip(mean + contrast * (image - mean) + brightness, 0, 1)


def colour_jitter(image: np.ndarray, saturation: float, channel_gains) -> np.ndarray:
    """Move each pixel away from (or towards) its grey value by `saturation`, then scale the channels."""
    grey = image.mean(axis=2, keepdims=True)
    return np.clip(
        (grey + saturation * (image - grey)) * np.asarray(channel_gains), 0, 1
    )


def gaussian_noise(
    image: np.ndarray, rng: np.random.Generator, std: float
) -> np.ndarray:
    return np.clip(image + rng.normal(0, std, image.shape), 0, 1)


def cutout(
    image: np.ndarray, rng: np.random.Generator, size: int, fill: float = 0.5
) -> np.ndarray:
    """Replace a size x size square at a random position by a constant grey."""
    out = image.copy()
    rows, cols = image.shape[:2]
    top, left = rng.integers(0, rows - size + 1), rng.integers(0, cols - size + 1)
    out[top : top + size, left : left + size] = fill
    return out


def augmented() -> dict[str, np.ndarray]:
    """The original and seven augmented copies, in the order of the figure."""
    rng = np.random.default_rng(SEED)
    image = sample_image()
    return {
        "original": image,
        "flip": flip(image),
        "rotate 12°": rotate(image, 12),
        "crop": crop_and_resize(image, rng),
        "brightness": brightness_contrast(image, 0.12, 0.7),
        "colour": colour_jitter(image, 1.5, (1.15, 1.0, 0.8)),
        "noise": gaussian_noise(image, rng, 0.08),
        "cutout": cutout(image, rng, 20),
    }


DPI = 150  # the resolution the site renders PNG figures at: one image pixel per figure pixel
GAP, TITLE = 8, 20  # pixels between panels, and above each panel for its title


def figure() -> Figure:
    images = augmented()
    rows, cols = sample_image().shape[:2]
    width, height = 4 * cols + 5 * GAP, 2 * (rows + TITLE) + 2 * GAP
    fig = Figure(figsize=(width / DPI, height / DPI))
    fig.set_layout_engine("none")
    for n, (name, image) in enumerate(images.items()):
        row, col = divmod(n, 4)
        left = GAP + col * (cols + GAP)
        bottom = height - (row + 1) * (rows + TITLE + GAP) + GAP
        ax = fig.add_axes((left / width, bottom / height, cols / width, rows / height))
        ax.imshow(
            np.round(image * (LEVELS - 1)) / (LEVELS - 1), interpolation="nearest"
        )
        ax.set_title(name, fontsize=7, pad=2)
        ax.set_axis_off()
    return fig
