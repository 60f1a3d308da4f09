"""The style-transfer page: the content and style gradients hold, wrong variants are rejected and named, the
gradients agree with finite differences on larger feature maps, and the Gram matrix ignores positions."""

import numpy as np
import pytest
import sympy as sp
from sitetools import figure_script

from derivations import get, verify
from derivations.catalogue import gram_style_loss as gs

ID = "gram-style-loss-gradient"


@pytest.fixture(scope="module")
def fig():
    return figure_script("plot_gram_matrices")


def test_the_derivation_verifies():
    derivation = get(ID)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps)
    assert all(check.points >= 20 for check in report.checks)


F, P, G, A, a, b, i, j, N, M = (
    gs.F,
    gs.P,
    gs.G,
    gs.A,
    gs.a,
    gs.b,
    gs.i,
    gs.j,
    gs.N,
    gs.M,
)
delta = sp.KroneckerDelta
WRONG = [
    # (step, wrong expression, what is wrong)
    ("content-gradient", 2 * (F[a, b] - P[a, b]), "the factor one half forgotten"),
    (
        "gram-entry-derivative",
        delta(i, a) * F[j, b],
        "one term of the product rule dropped",
    ),
    (
        "collapse-deltas",
        gs.half_scale * gs.row_term,
        "one of the two delta terms dropped",
    ),
    (
        "symmetry",
        gs.half_scale
        * (gs.row_term + sp.Sum((G[a, j] + A[a, j]) * F[j, b], (j, 1, N))),
        "a sign flipped",
    ),
    (
        "gatys-form",
        gs.row_term / (4 * N**2 * M**2),
        "the normalisation of the loss kept",
    ),
    ("unchanged", G[i, i], "a diagonal entry instead of (i, j)"),
]


@pytest.mark.parametrize(
    "key, wrong, what", WRONG, ids=[f"{w[0]}:{w[2]}" for w in WRONG]
)
def test_a_wrong_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(ID, key, wrong)


# --- the gradients in numpy, on feature maps larger than the derivation's ---------------------------


def style_loss(features, style):
    n, m = features.shape
    mismatch = features @ features.T - style @ style.T
    return (mismatch**2).sum() / (4 * n**2 * m**2)


def style_gradient(features, style):
    n, m = features.shape
    return (features @ features.T - style @ style.T) @ features / (n**2 * m**2)


@pytest.mark.parametrize("filters, positions", [(2, 3), (4, 7), (6, 10)])
def test_the_style_gradient_matches_finite_differences(filters, positions):
    rng = np.random.default_rng(filters * 100 + positions)
    features = rng.uniform(0, 2, (filters, positions))
    style = rng.uniform(0, 2, (filters, positions))
    gradient = style_gradient(features, style)
    step = 1e-6
    for index in np.ndindex(features.shape):
        up, down = features.copy(), features.copy()
        up[index] += step
        down[index] -= step
        slope = (style_loss(up, style) - style_loss(down, style)) / (2 * step)
        assert gradient[index] == pytest.approx(slope, rel=1e-6, abs=1e-10)


def test_the_content_gradient_matches_finite_differences():
    rng = np.random.default_rng(1)
    features, content = rng.normal(size=(3, 5)), rng.normal(size=(3, 5))
    step = 1e-6
    for index in np.ndindex(features.shape):
        up, down = features.copy(), features.copy()
        up[index] += step
        down[index] -= step
        slope = (
            0.5 * ((up - content) ** 2).sum() - 0.5 * ((down - content) ** 2).sum()
        ) / (2 * step)
        assert (features - content)[index] == pytest.approx(slope, rel=1e-6)


def test_the_formula_needs_a_symmetric_target():
    """With a target matrix that is not symmetric (not a Gram matrix), (G - A) F is not the gradient: the
    derivation's symmetry step is doing real work."""
    rng = np.random.default_rng(2)
    features, target = rng.uniform(0, 2, (3, 4)), rng.uniform(0, 5, (3, 3))
    n, m = features.shape

    def loss(f):
        return (((f @ f.T) - target) ** 2).sum() / (4 * n**2 * m**2)

    formula = ((features @ features.T) - target) @ features / (n**2 * m**2)
    up = features.copy()
    up[0, 0] += 1e-6
    down = features.copy()
    down[0, 0] -= 1e-6
    assert abs((loss(up) - loss(down)) / 2e-6 - formula[0, 0]) > 1e-3


def test_below_a_relu_the_gradient_is_zero_where_the_unit_is_off():
    rng = np.random.default_rng(3)
    pre = rng.normal(size=(3, 6))
    style = rng.uniform(0, 1, (3, 6))
    expected = style_gradient(np.maximum(pre, 0), style) * (pre > 0)
    step = 1e-7
    for index in np.ndindex(pre.shape):
        up, down = pre.copy(), pre.copy()
        up[index] += step
        down[index] -= step
        slope = (
            style_loss(np.maximum(up, 0), style)
            - style_loss(np.maximum(down, 0), style)
        ) / (2 * step)
        assert expected[index] == pytest.approx(slope, rel=1e-5, abs=1e-12)


def test_any_reordering_of_positions_leaves_the_gram_matrix_unchanged():
    rng = np.random.default_rng(4)
    for _ in range(20):
        features = rng.normal(size=(rng.integers(1, 8), rng.integers(2, 40)))
        order = rng.permutation(features.shape[1])
        assert np.allclose(
            features[:, order] @ features[:, order].T, features @ features.T
        )


# --- the figure --------------------------------------------------------------------------------------


def test_the_shuffled_stripes_have_the_stripes_gram_matrix(fig):
    panels = {title: (picture, matrix) for title, picture, matrix in fig.panels()}
    stripes, shuffled = panels["stripes"], panels["stripes, shuffled"]
    assert np.allclose(stripes[1], shuffled[1])  # "identical entry for entry"
    assert not np.array_equal(stripes[0], shuffled[0])  # "no longer look like stripes"
    assert np.array_equal(
        np.sort(stripes[0].ravel()), np.sort(shuffled[0].ravel())
    )  # the same pixels, moved


def test_what_the_gram_matrices_capture(fig):
    panels = {title: matrix for title, _, matrix in fig.panels()}
    vertical, horizontal = 0, 1
    assert (
        panels["stripes"][vertical, vertical] > 0.4
    )  # stripes have vertical edges ...
    assert np.all(panels["stripes"][horizontal] == 0)  # ... and no horizontal ones
    checker = panels["checkerboard"]
    assert checker[vertical, vertical] == pytest.approx(
        checker[horizontal, horizontal]
    )  # both, equally often
    assert checker[vertical, vertical] > 0.1
    assert np.all(
        panels["noise"] > 0.1
    )  # every feature responds everywhere, every pair correlates


def test_the_feature_maps_are_as_described(fig):
    image = fig.textures()["checkerboard"]
    assert image.shape == (fig.SIZE, fig.SIZE) == (16, 16)
    features = fig.feature_maps(image)
    assert features.shape == (3, 256) and features.min() >= 0
    assert np.array_equal(features[2], image.ravel())
    assert len(fig.figure().axes) == 8
