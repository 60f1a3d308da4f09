"""The L1, L2 and Huber page: the soft-thresholding and Huber derivations hold, wrong variants are rejected and
named, soft-thresholding matches a brute-force minimisation, and the fits and paths behind the figures give
the numbers the page quotes."""

import warnings

import numpy as np
import pytest
import sympy as sp
from scipy.optimize import minimize
from sitetools import figure_script
from sklearn.linear_model import Lasso, lars_path

from derivations import get, verify
from derivations.catalogue import huber_loss as hl
from derivations.catalogue import soft_thresholding as st

IDS = ("soft-thresholding", "huber-loss")


@pytest.fixture(scope="module")
def fits():
    return figure_script("plot_robust_fits")


@pytest.fixture(scope="module")
def paths():
    return figure_script("plot_lasso_ridge_paths")


@pytest.mark.parametrize("derivation_id", IDS)
def test_the_derivations_verify(derivation_id):
    derivation = get(derivation_id)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps)
    assert all(check.points >= 20 for check in report.checks)


z, lam, x, x_pos, g = st.z, st.lam, st.x, st.x_pos, st.g
r, delta = hl.r, hl.delta
WRONG = [
    (
        "soft-thresholding",
        "positive-solution",
        sp.Eq(x_pos, z + lam),
        "shrunk the wrong way",
    ),
    (
        "soft-thresholding",
        "zero-condition",
        sp.Eq(g, -z / lam),
        "the sign of the balance",
    ),
    (
        "soft-thresholding",
        "ridge-solution",
        sp.Eq(x, z / lam),
        "divided by the penalty alone",
    ),
    (
        "huber-loss",
        "linear-value",
        sp.Subs(delta * (sp.Abs(r) - delta), r, delta),
        "the half dropped",
    ),
    ("huber-loss", "clipped-residual", sp.Min(r, delta), "clipped on one side only"),
]


@pytest.mark.parametrize(
    "derivation_id, key, wrong, what", WRONG, ids=[f"{w[1]}:{w[3]}" for w in WRONG]
)
def test_a_wrong_step_is_rejected_and_named(derivation_id, key, wrong, what, rejects):
    rejects(derivation_id, key, wrong)


# --- NumPy checks ------------------------------------------------------------------------------------------


def test_soft_thresholding_matches_brute_force_minimisation():
    grid = np.linspace(-8, 8, 160_001)  # spacing 1e-4, and 0 is on it
    rng = np.random.default_rng(1996)
    for _ in range(60):
        target, penalty = rng.uniform(-5, 5), rng.uniform(0.05, 3)
        objective = 0.5 * (grid - target) ** 2 + penalty * np.abs(grid)
        brute = grid[np.argmin(objective)]
        closed = np.sign(target) * max(abs(target) - penalty, 0.0)
        assert brute == pytest.approx(closed, abs=2e-4)
        if abs(target) <= penalty:
            assert brute == 0.0  # an exact zero, not merely a small number


def test_huber_gradient_is_the_clipped_residual(fits):
    h = 1e-6
    for d in (0.5, 1.0, 2.0):
        for res in np.linspace(-5, 5, 101):
            numeric = (fits.huber(res + h, d) - fits.huber(res - h, d)) / (2 * h)
            assert numeric == pytest.approx(np.clip(res, -d, d), abs=1e-6)


def test_the_robust_fits_are_minimisers(fits):
    """Each IRLS fit is at least as good, for its own loss, as a general-purpose optimiser's."""
    x, y = fits.data()
    a = fits.design(x)
    losses = {
        "L2 (least squares)": lambda b: 0.5 * ((y - a @ b) ** 2).sum(),
        "L1": lambda b: np.abs(y - a @ b).sum(),
        f"Huber, δ = {fits.DELTA:g}": lambda b: fits.huber(y - a @ b).sum(),
    }
    for name, beta in fits.fits().items():
        other = minimize(
            losses[name],
            x0=np.zeros(2),
            method="Nelder-Mead",
            options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 20_000},
        ).x
        assert losses[name](beta) <= losses[name](other) + 1e-6
        assert beta == pytest.approx(other, abs=2e-3)


def test_the_slopes_the_page_quotes(fits):
    x, y = fits.data()
    assert len(x) == 40 and fits.OUTLIERS == 5
    slopes = {name: beta[1] for name, beta in fits.fits().items()}
    assert slopes["L2 (least squares)"] == pytest.approx(0.11, abs=0.005)
    assert slopes["L1"] == pytest.approx(0.45, abs=0.005)
    assert slopes[f"Huber, δ = {fits.DELTA:g}"] == pytest.approx(0.44, abs=0.005)
    assert np.polyfit(x, y, 1)[0] == pytest.approx(
        slopes["L2 (least squares)"]
    )  # least squares, independently


def test_the_lasso_path_has_exact_zeros_and_ridge_none(paths):
    lasso, ridge = paths.lasso_coefficients(), paths.ridge_coefficients()
    assert np.all(
        lasso[:, 0] == 0.0
    )  # the largest alpha: every coefficient exactly zero
    assert np.all(lasso[:, -1] != 0.0)  # the smallest: all ten in
    assert (lasso == 0.0).sum() > 100
    assert np.all(ridge != 0.0)
    assert np.abs(ridge).min() > 1e-3


def test_the_order_of_entry_and_the_counts(paths):
    x, y, names = paths.data()
    _, active, _ = lars_path(x, y, method="lasso")
    assert [names[i] for i in active[:3]] == ["bmi", "s5", "bp"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        counts = {
            alpha: int((Lasso(alpha=alpha).fit(x, y).coef_ != 0).sum())
            for alpha in (20, 5)
        }
    assert counts == {20: 3, 5: 5}
    # Near the right edge both approach least squares.
    ols = np.linalg.lstsq(x, y, rcond=None)[0]
    assert paths.ridge_coefficients()[:, -1] == pytest.approx(ols, abs=2)
    assert paths.lasso_coefficients()[:, -1] == pytest.approx(ols, abs=2)


def test_the_figures_render(fits, paths):
    assert len(fits.figure().axes) == 1
    assert len(paths.figure().axes) == 2
