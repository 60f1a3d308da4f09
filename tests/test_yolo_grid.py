"""The YOLO-grid page: the cell-and-offset derivation holds, wrong variants are rejected and named, encoding
and decoding round-trip on random boxes, the right and bottom edges are clamped to the last cell, and the
figure's cells are the ones its caption names."""

import numpy as np
import pytest
import sympy as sp
from sitetools import figure_script

from derivations import get, verify
from derivations.catalogue import yolo_grid as yg

ID = "yolo-grid-cell"


@pytest.fixture(scope="module")
def fig_module():
    return figure_script("plot_yolo_grid")


def test_the_derivation_verifies():
    derivation = get(ID)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps)


def test_the_conclusions():
    conclusions = {part.key: part.conclusion for part in get(ID).parts}
    assert conclusions["recover-x"].rhs == yg.x
    assert conclusions["recover-y"].rhs == yg.y
    assert conclusions["right-edge"].rhs == yg.S
    assert conclusions["edge-clamped"].rhs == yg.W
    assert conclusions["column-in-range"] == sp.StrictLessThan(yg.i, yg.S)


S, W, x, i = yg.S, yg.W, yg.x, yg.i
WRONG = [
    # (step, wrong expression, what is wrong)
    ("cancel-column", (S * x / W + 1) * W / S, "the column does not cancel"),
    ("recovered-x", x / S, "forgot to scale back to pixels"),
    ("offset-less-than-one", sp.Rational(1, 2), "the offset can exceed 1/2"),
    ("column-below-s", S - 1, "x < W gives i < S, and S x / W can exceed S - 1"),
    ("edge-column", S - 1, "the floor at x = W is S, not the last column"),
    ("recovered-width", yg.bw / W, "did not multiply back"),
]


@pytest.mark.parametrize(
    "key, wrong, what", WRONG, ids=[f"{w[0]}:{w[2]}" for w in WRONG]
)
def test_a_wrong_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(ID, key, wrong)


# --- an encoder and a decoder, as implementations write them -----------------------------------------


def encode(box, width, height, s):
    """(column, row, t_x, t_y, w / W, h / H) for a box (x_centre, y_centre, w, h) in pixels. The index is
    clamped to s - 1, so a centre on the right or bottom border belongs to the last cell, with offset 1."""
    xc, yc, w, h = box
    col = min(int(np.floor(s * xc / width)), s - 1)
    row = min(int(np.floor(s * yc / height)), s - 1)
    return col, row, s * xc / width - col, s * yc / height - row, w / width, h / height


def decode(code, width, height, s):
    col, row, tx, ty, rw, rh = code
    return (col + tx) * width / s, (row + ty) * height / s, rw * width, rh * height


def test_encode_then_decode_gives_the_box_back():
    rng = np.random.default_rng(2016)
    for _ in range(2000):
        s = int(rng.choice([7, 13, 19]))
        width, height = rng.uniform(32, 1024, size=2)
        xc, yc = rng.uniform(0, width), rng.uniform(0, height)
        w, h = (
            rng.uniform(0, 2 * min(xc, width - xc)),
            rng.uniform(0, 2 * min(yc, height - yc)),
        )
        code = encode((xc, yc, w, h), width, height, s)
        col, row, tx, ty, rw, rh = code
        assert 0 <= col <= s - 1 and 0 <= row <= s - 1
        assert 0 <= tx < 1 and 0 <= ty < 1
        assert 0 <= rw <= 1 and 0 <= rh <= 1
        assert decode(code, width, height, s) == pytest.approx(
            (xc, yc, w, h), rel=1e-12, abs=1e-9
        )


def test_the_responsible_cell_contains_the_centre():
    rng = np.random.default_rng(7)
    width, height, s = 640.0, 427.0, 7
    for xc, yc in rng.uniform(0, 1, size=(500, 2)) * (width, height):
        col, row, *_ = encode((xc, yc, 1, 1), width, height, s)
        assert col * width / s <= xc < (col + 1) * width / s
        assert row * height / s <= yc < (row + 1) * height / s


def test_the_right_and_bottom_edges_are_clamped_to_the_last_cell():
    """The page: at x = W the formula gives column S, one past the last; clamped, the offset is 1 and the
    centre is still recovered exactly."""
    width, height, s = 640.0, 427.0, 7
    assert int(np.floor(s * width / width)) == s  # unclamped: out of range
    code = encode((width, height, 10, 10), width, height, s)
    assert code[:4] == (s - 1, s - 1, 1.0, 1.0)
    assert decode(code, width, height, s)[:2] == (width, height)
    code = encode((0.0, 0.0, 10, 10), width, height, s)
    assert code[:4] == (0, 0, 0.0, 0.0)


def test_the_worked_example_of_the_page():
    """7 x 7 grid, 640 pixels wide, centre at x = 300: column 3, offset 0.28125, decoded back to 300."""
    col, _, tx, *_ = encode((300.0, 10.0, 1, 1), 640.0, 427.0, 7)
    assert (col, tx) == (3, 0.28125)
    assert (col + tx) * 640 / 7 == pytest.approx(300)


def test_a_centre_on_an_inner_grid_line_belongs_to_the_cell_on_its_right():
    width, s = 700.0, 7
    col, _, tx, *_ = encode((300.0, 5.0, 1, 1), width, 100.0, s)
    assert (col, tx) == (3, 0.0)


# --- the figure ------------------------------------------------------------------------------------


def test_the_figures_cells_are_the_captions(fig_module):
    height, width = fig_module.image().shape[:2]
    assert (width, height) == (640, 427)
    cells = {
        name: fig_module.cell(*fig_module.centre(box), width, height)
        for name, box in fig_module.BOXES.items()
    }
    assert cells == {"temple": (2, 3), "island": (5, 3), "tree": (6, 4)}
    for name, box in fig_module.BOXES.items():
        xc, yc = fig_module.centre(box)
        col, row, *_ = encode((xc, yc, 1, 1), width, height, 7)
        assert (col, row) == cells[
            name
        ]  # the figure's helper agrees with the encoder above


def test_the_temple_box_overlaps_35_cells(fig_module):
    left, top, right, bottom = fig_module.BOXES["temple"]
    width, height, s = 640, 427, 7
    overlapped = [
        (c, r)
        for c in range(s)
        for r in range(s)
        if c * width / s < right
        and (c + 1) * width / s > left
        and r * height / s < bottom
        and (r + 1) * height / s > top
    ]
    assert len(overlapped) == 35


def test_the_shrunk_image_is_the_block_average(fig_module):
    picture = fig_module.image()
    small = fig_module.small(picture)
    assert small.shape == (106, 160, 3)
    assert np.allclose(
        small[0, 0], picture[:4, :4].reshape(-1, 3).mean(axis=0), atol=0.5
    )
