"""The image-processing page: the filter derivation holds, wrong variants are rejected and named, the figure's
operations agree with SciPy and with brute force, and the numbers the page quotes are what they compute."""

import numpy as np
import pytest
from scipy import ndimage
from sitetools import figure_script

from derivations import get, verify
from derivations.catalogue import convolution_filters as cf

ID = "convolution-filters"


@pytest.fixture(scope="module")
def ip():
    return figure_script("plot_image_processing")


@pytest.fixture(scope="module")
def grey(ip):
    return ip.grey_image()


def test_the_derivation_verifies():
    derivation = get(ID)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps)
    assert all(check.points >= 20 for check in report.checks)


c, alpha, beta, q, gamma = cf.c, cf.alpha, cf.beta, cf.q, cf.gamma
WRONG = [
    # (step, wrong expression, what is wrong)
    ("blur-unchanged", 9 * c, "unnormalised weights"),
    (
        "sobel-sums-to-zero",
        alpha * cf.window(cf.times(cf.sobel, cf.v)) + c,
        "the level of the ramp kept",
    ),
    ("sobel-eight", 4 * alpha, "the weights of the middle row counted once"),
    ("sharpen-laplacian-zero", cf.ramp(0, 0) + alpha, "a shift on the ramp"),
    ("equalization-uniform", q**2, "not uniform"),
    ("blur-factor", c * cf.window(cf.k[cf.u, cf.v]), "the unnormalised weights"),
]


@pytest.mark.parametrize(
    "key, wrong, what", WRONG, ids=[f"{w[0]}:{w[2]}" for w in WRONG]
)
def test_a_wrong_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(ID, key, wrong)


# --- the operations behind the figure ----------------------------------------------------------------


def test_the_numpy_filter_equals_scipys(ip, grey):
    rng = np.random.default_rng(0)
    for kernel in (
        ip.BOX,
        ip.SHARPEN,
        ip.SOBEL_X,
        ip.SOBEL_Y,
        ip.gaussian_kernel(),
        rng.normal(size=(3, 5)),
    ):
        assert np.allclose(
            ip.correlate(grey, kernel),
            ndimage.correlate(grey, kernel, mode="reflect"),
            atol=1e-12,
        )


def test_the_kernels_are_as_the_derivation_says(ip, grey):
    assert ip.gaussian_kernel().sum() == pytest.approx(
        1
    ) and ip.BOX.sum() == pytest.approx(1)
    assert ip.SHARPEN.sum() == 1 and ip.SOBEL_X.sum() == 0
    rows, cols = np.mgrid[0:20, 0:20]
    ramp = 0.3 + 0.02 * cols + 0.01 * rows
    inside = (slice(2, -2), slice(2, -2))  # away from the mirrored border
    assert np.allclose(
        ip.correlate(ramp, ip.SOBEL_X)[inside], 8 * 0.02
    )  # 8 times the horizontal slope
    assert np.allclose(
        ip.correlate(ramp, ip.SHARPEN)[inside], ramp[inside]
    )  # ramps unchanged
    assert np.allclose(
        ip.correlate(ramp, ip.gaussian_kernel())[inside], ramp[inside]
    )  # symmetric blur keeps ramps
    flat = np.full((9, 9), 0.4)
    assert np.allclose(ip.correlate(flat, ip.gaussian_kernel()), 0.4)


def test_equalization_makes_the_histogram_nearly_flat(ip, grey):
    """Recomputed without the figure's code: each pixel's rank among all pixels, counting ties as at or below."""
    levels = np.clip(np.round(grey * 255), 0, 255).astype(int).ravel()
    ranks = np.searchsorted(np.sort(levels), levels, side="right") / levels.size
    assert np.allclose(ranks, ip.equalize(grey).ravel())
    before = np.histogram(grey, bins=8, range=(0, 1))[0] / grey.size
    after = np.histogram(ranks, bins=8, range=(0, 1))[0] / grey.size
    assert before[0] == pytest.approx(
        0.44, abs=0.005
    )  # "44% of its pixels lie in the darkest eighth"
    assert (
        0.08 <= after.min() < 0.09 and 0.16 < after.max() <= 0.17
    )  # "between 8% and 17%"
    # At every level it reaches, the equalized value is exactly the share of pixels at or below it.
    for value in np.unique(ranks)[::17]:
        assert np.mean(ranks <= value) == pytest.approx(value)


def test_otsu_maximises_the_between_class_variance(ip, grey):
    """Brute force: for every threshold, split the pixels and compute w0 w1 (mu0 - mu1)^2 directly; and check
    Otsu's equivalence with the smallest within-class variance."""
    levels = np.clip(np.round(grey * 255), 0, 255).astype(int).ravel()
    between, within = {}, {}
    for t in range(levels.min(), levels.max()):
        dark, bright = levels[levels <= t], levels[levels > t]
        w0, w1 = dark.size / levels.size, bright.size / levels.size
        between[t] = w0 * w1 * (dark.mean() - bright.mean()) ** 2
        within[t] = w0 * dark.var() + w1 * bright.var()
    best = max(between, key=between.get)
    assert (
        ip.otsu_threshold(grey) == best == min(within, key=within.get) == 86
    )  # "level 86 of 255"
    assert np.mean(levels > best) == pytest.approx(
        0.47, abs=0.005
    )  # "47% of the pixels white"
    assert np.allclose(
        [ip.between_class_variance(grey)[t] for t in between], list(between.values())
    )


def erode(mask):
    """Erosion with a 3x3 square in numpy: white where the whole neighbourhood is white (outside is black)."""
    padded = np.pad(mask, 1, constant_values=False)
    rows, cols = mask.shape
    return np.all(
        [padded[u : u + rows, v : v + cols] for u in range(3) for v in range(3)], axis=0
    )


def dilate(mask):
    padded = np.pad(mask, 1, constant_values=False)
    rows, cols = mask.shape
    return np.any(
        [padded[u : u + rows, v : v + cols] for u in range(3) for v in range(3)], axis=0
    )


def test_morphology_as_defined_and_the_quoted_counts(ip):
    panels = ip.panels()
    mask = panels["Otsu threshold"].astype(bool)
    assert np.array_equal(panels["eroded"].astype(bool), erode(mask))
    assert np.array_equal(panels["dilated"].astype(bool), dilate(mask))
    opened = panels["opened"].astype(bool)
    assert np.array_equal(opened, dilate(erode(mask)))
    assert np.array_equal(opened, ndimage.binary_opening(mask, np.ones((3, 3), bool)))
    assert (
        np.all(erode(mask) <= mask)
        and np.all(mask <= dilate(mask))
        and np.all(opened <= mask)
    )
    assert (mask.sum(), mask.sum() - opened.sum()) == (
        7634,
        457,
    )  # "removes 457 of the 7634 white pixels"
    assert (ndimage.label(mask)[1], ndimage.label(opened)[1]) == (
        23,
        15,
    )  # "15 ... of the 23"


def test_the_image_is_as_described(ip, grey):
    assert grey.shape == (128, 128) and 0 <= grey.min() and grey.max() <= 1
    assert ip.gaussian_kernel().shape == (5, 5)
    assert len(ip.figure().axes) == 9
