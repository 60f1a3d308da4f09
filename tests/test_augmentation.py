"""The augmentation page: the noise-injection derivation holds, wrong variants are rejected and named, the
identity holds in a simulation, the figure's transforms keep shape and range, and the page's code runs."""

import contextlib
import io
import re
import runpy

import numpy as np
import pytest
import sympy as sp
from sitetools import ROOT, figure_script

from derivations import get, verify
from derivations.catalogue import noise_injection as ni
from derivations.display import product as times
from derivations.display import total as plus

ID = "noise-injection-ridge"
PAGE = ROOT / "docs" / "data" / "augmentation.md"


@pytest.fixture(scope="module")
def fig():
    return figure_script("plot_augmentations")


def test_the_derivation_verifies():
    derivation = get(ID)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps)
    assert all(check.points >= 20 for check in report.checks)


r, s2, sigma, pen, i, j, d, w = (
    ni.r,
    ni.second_s,
    ni.sigma,
    ni.penalty,
    ni.i,
    ni.j,
    ni.d,
    ni.w,
)
WRONG = [
    (
        "expand",
        plus(r**2, -times(2, r, ni.mean_s), times(2, s2)),
        "the noise term counted twice",
    ),
    ("zero-mean", plus(r**2, -r * s2), "a cross term left over"),
    (
        "uncorrelated",
        plus(r**2, sp.Sum(sp.Sum(times(w[i], w[j], sigma**2), (j, 1, d)), (i, 1, d))),
        "noise entries taken as fully correlated",
    ),
    ("diagonal", plus(r**2, times(sigma, pen)), "sigma instead of its square"),
    (
        "clean-plus-penalty",
        plus(r**2, times(sigma**2, sp.Sum(w[i], (i, 1, d)))),
        "sum of weights, not of squares",
    ),
    (
        "penalty-out",
        plus(
            times(1 / ni.n, sp.Sum(ni.clean_k, (ni.k, 1, ni.n))),
            times(ni.n, sigma**2, pen),
        ),
        "the penalty counted n times",
    ),
]


@pytest.mark.parametrize(
    "key, wrong, what", WRONG, ids=[f"{w[0]}:{w[2]}" for w in WRONG]
)
def test_a_wrong_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(ID, key, wrong)


def test_noise_injection_is_ridge_by_simulation():
    """Mean squared error on 400 000 noisy copies of a small data set equals the clean error plus sigma^2 ||w||^2."""
    rng = np.random.default_rng(1995)
    x = rng.standard_normal((50, 4))
    y = x @ np.array([1.0, -2.0, 0.5, 0.0]) + 0.3 * rng.standard_normal(50)
    w = np.array([0.8, -1.5, 0.7, 0.2])
    sigma = 0.6
    clean = np.mean((y - x @ w) ** 2)
    copies = 8000
    noisy = x[None] + sigma * rng.standard_normal((copies, *x.shape))
    simulated = np.mean((y[None] - noisy @ w) ** 2)
    expected = clean + sigma**2 * np.sum(w**2)
    # The per-copy loss has a standard deviation below 5 here; 400 000 draws: standard error < 0.01.
    assert simulated == pytest.approx(expected, abs=0.03)
    assert simulated > clean + 1  # the penalty (0.36 * 3.42 = 1.23) is clearly visible


def test_the_noisy_objective_has_the_ridge_minimiser():
    """Closed forms: minimising the expected noisy loss gives (X^T X / n + sigma^2 I)^-1 X^T y / n, the ridge solution."""
    rng = np.random.default_rng(7)
    x, y, sigma = rng.standard_normal((30, 3)), rng.standard_normal(30), 0.5
    n = len(y)
    ridge = np.linalg.solve(x.T @ x / n + sigma**2 * np.eye(3), x.T @ y / n)
    # Gradient of mean((y - Xw)^2) + sigma^2 ||w||^2 vanishes at the ridge solution.
    gradient = -2 * x.T @ (y - x @ ridge) / n + 2 * sigma**2 * ridge
    assert np.allclose(gradient, 0, atol=1e-12)


def test_the_sample_image_is_small_and_real(fig):
    image = fig.sample_image()
    assert image.shape == (71, 106, 3)  # 427 x 640 reduced by 6
    assert 0 <= image.min() and image.max() <= 1
    assert image.std() > 0.1  # a photograph, not a flat colour


def test_every_transform_keeps_shape_and_range(fig):
    images = fig.augmented()
    assert list(images) == [
        "original",
        "flip",
        "rotate 12°",
        "crop",
        "brightness",
        "colour",
        "noise",
        "cutout",
    ]
    original = images["original"]
    for name, image in images.items():
        assert image.shape == original.shape, name
        assert image.min() >= 0 and image.max() <= 1, name
        if name != "original":
            assert np.mean(np.any(image != original, axis=2)) > 0.03, (
                name
            )  # every copy changes pixels


def test_the_transforms_do_what_they_say(fig):
    image = fig.sample_image()
    assert np.array_equal(fig.flip(fig.flip(image)), image)
    assert np.allclose(fig.rotate(image, 0), image)
    rng = np.random.default_rng(0)
    assert np.allclose(fig.crop_and_resize(image, rng, keep=1.0), image)
    assert np.allclose(fig.brightness_contrast(image, 0, 1), image)
    assert np.allclose(fig.colour_jitter(image, 1, (1, 1, 1)), image)
    noisy = fig.gaussian_noise(
        np.full((200, 200, 3), 0.5), np.random.default_rng(1), 0.08
    )
    assert noisy.std() == pytest.approx(0.08, rel=0.02)  # no clipping at 0.5 +- 5 sd
    cut = fig.cutout(image, np.random.default_rng(2), 20)
    assert (
        np.sum(np.all(cut != image, axis=2) | np.all(cut == 0.5, axis=2)) >= 20 * 20 - 5
    )


def test_the_figure_is_small(fig):
    import matplotlib

    matplotlib.use("Agg")
    from figures_src.style import themed

    for theme in ("light", "dark"):
        with themed(theme):
            buffer = io.BytesIO()
            fig.figure().savefig(
                buffer, format="png", dpi=150, metadata={"Software": None}
            )
        assert buffer.tell() < 110_000, theme


def test_the_page_code_runs_and_prints_what_it_says(tmp_path):
    text = PAGE.read_text(encoding="utf-8")
    (code,) = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    shown = re.search(r"^# (.*)$", code, re.MULTILINE).group(1)
    script = tmp_path / "snippet.py"
    script.write_text(code, encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        runpy.run_path(str(script))
    assert out.getvalue().strip() == shown
    assert shown != "a quick and good film"  # something was replaced
