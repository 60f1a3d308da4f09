"""The figure runner on a copy of the real figures: rendering, caching, invalidation, failures."""

import multiprocessing
import shutil
import textwrap
import time
from pathlib import Path

import pytest

from site_build.figures import FigureError, render_figures

REPO = Path(__file__).resolve().parents[1]
REAL_FIGURES = sorted(path.stem for path in (REPO / "figures_src").glob("plot_*.py"))
IGNORE = shutil.ignore_patterns("__pycache__", "*.egg-info")

HELPERS = '''"""Data shared by the two helper figures."""
import numpy as np


def wave(points=60):
    return np.sin(np.linspace(0, 6, points))
'''
HELPER_LINE = '''"""A wave drawn with a line.

The test's alt text for a line that goes up and down."""
from matplotlib.figure import Figure

from figures_src._helpers import wave


def figure():
    fig = Figure()
    fig.subplots().plot(wave())
    return fig
'''
HELPER_DOTS = '''"""A wave drawn with noisy dots.

The test's alt text for dots scattered around a wave."""
import numpy as np
from matplotlib.figure import Figure

from . import _helpers

FORMAT = "png"


def figure():
    fig = Figure()
    y = _helpers.wave() + np.random.default_rng(0).normal(0, 0.1, 60)
    fig.subplots().plot(y, "o")
    return fig
'''


def script(body: str) -> str:
    """A figure script whose figure() runs `body`, a single statement on line 8."""
    return textwrap.dedent('''\
        """A test figure.

        The alt text of a test figure."""
        import time
        from matplotlib.figure import Figure

        def figure():
            {body}
        ''').format(body=body)


def copy_project(root: Path) -> Path:
    """A copy of the real figure scripts and of the project code they may import, under `root`."""
    shutil.copytree(REPO / "figures_src", root / "figures_src", ignore=IGNORE)
    shutil.copytree(REPO / "src", root / "src", ignore=IGNORE)
    return root


def style_only_project(root: Path, **scripts: str) -> Path:
    """A project with the real style module and the given figure scripts (by id)."""
    (root / "figures_src").mkdir(parents=True)
    for name in ("__init__.py", "style.py"):
        shutil.copy(REPO / "figures_src" / name, root / "figures_src" / name)
    for figure_id, text in scripts.items():
        (root / "figures_src" / f"{figure_id}.py").write_text(text)
    return root


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


@pytest.fixture(scope="module")
def cold(tmp_path_factory):
    """The real figures rendered once into a fresh cache: (root, cache_dir, result)."""
    root = copy_project(tmp_path_factory.mktemp("project"))
    cache = tmp_path_factory.mktemp("cache")
    return root, cache, render_figures(root, cache, workers=2)


@pytest.fixture
def warm(cold, tmp_path):
    """A private copy of the project and of its filled cache, free to edit."""
    root, cache, _ = cold
    shutil.copytree(root, tmp_path / "project")
    shutil.copytree(cache, tmp_path / "cache")
    return tmp_path / "project", tmp_path / "cache"


def test_every_figure_renders_with_text_and_two_distinct_variants(cold):
    _, _, result = cold
    assert sorted(result.figures) == REAL_FIGURES == list(result.rendered)
    assert len(REAL_FIGURES) >= 4
    for figure_id, figure in result.figures.items():
        assert figure.caption and figure.alt and figure.caption not in figure.alt
        assert figure.source == f"figures_src/{figure_id}.py"
        assert figure.light.startswith({"svg": b"<?xml", "png": b"\x89PNG"}[figure.format])
        assert figure.light != figure.dark


def test_second_call_renders_nothing(cold):
    root, cache, first = cold
    again = render_figures(root, cache)
    assert again.rendered == ()
    assert again.figures == first.figures


def test_editing_one_script_renders_only_it(warm):
    root, cache = warm
    append(root / "figures_src" / "plot_log_loss.py", "# edited\n")
    assert render_figures(root, cache, workers=2).rendered == ("plot_log_loss",)


def test_editing_the_style_renders_every_figure(warm):
    root, cache = warm
    append(root / "figures_src" / "style.py", "# edited\n")
    assert list(render_figures(root, cache, workers=2).rendered) == REAL_FIGURES


def test_editing_a_helper_renders_exactly_its_importers(warm):
    root, cache = warm
    (root / "figures_src" / "_helpers.py").write_text(HELPERS)
    (root / "figures_src" / "plot_helper_line.py").write_text(HELPER_LINE)
    (root / "figures_src" / "plot_helper_dots.py").write_text(HELPER_DOTS)
    first = render_figures(root, cache, workers=2)
    assert first.rendered == ("plot_helper_dots", "plot_helper_line")
    assert first.figures["plot_helper_dots"].light.startswith(b"\x89PNG")
    append(root / "figures_src" / "_helpers.py", "# edited\n")
    again = render_figures(root, cache, workers=2)
    assert again.rendered == ("plot_helper_dots", "plot_helper_line")
    # New processes, same drawing: the PNG and SVG bytes do not change.
    assert [(f.light, f.dark) for f in again.figures.values()] == [(f.light, f.dark) for f in first.figures.values()]


def test_a_damaged_cache_entry_is_rendered_again(warm):
    root, cache = warm
    (damaged,) = (cache / "figures").glob("plot_focal_vs_ce-*.dark.svg")
    damaged.write_bytes(damaged.read_bytes()[:100])
    assert render_figures(root, cache, workers=2).rendered == ("plot_focal_vs_ce",)


def test_a_raising_script_is_named_with_its_line_and_spares_the_others(tmp_path):
    root = style_only_project(tmp_path / "project", plot_good=script("return Figure()"),
                              plot_raises=script("raise ValueError('no data')"))
    with pytest.raises(FigureError, match=r"figures_src/plot_raises\.py, line 8, in figure: ValueError: no data"):
        render_figures(root, tmp_path / "cache", workers=2)
    (root / "figures_src" / "plot_raises.py").unlink()
    assert render_figures(root, tmp_path / "cache").rendered == ()


def test_a_script_returning_none_is_an_error(tmp_path):
    root = style_only_project(tmp_path / "project", plot_none=script("return None"))
    with pytest.raises(FigureError, match=r"figures_src/plot_none\.py: figure\(\) returned no Figure"):
        render_figures(root, tmp_path / "cache", workers=1)


@pytest.mark.parametrize(
    ("text", "reason"),
    [("def figure():\n    pass\n", "has no docstring caption/alt text"),
     ('"""A caption.\n\nAlt text."""\n', r"has no figure\(\) function")],
)
def test_a_malformed_script_is_an_error(tmp_path, text, reason):
    root = style_only_project(tmp_path / "project", plot_bad=text)
    with pytest.raises(FigureError, match=rf"figures_src/plot_bad\.py: {reason}"):
        render_figures(root, tmp_path / "cache")


def test_a_slow_script_times_out_promptly_and_its_worker_is_stopped(tmp_path):
    root = style_only_project(tmp_path / "project", plot_sleeps=script("time.sleep(60)"))
    start = time.monotonic()
    with pytest.raises(FigureError, match=r"figures_src/plot_sleeps\.py: timed out after 3 s"):
        render_figures(root, tmp_path / "cache", workers=1, timeout=3)
    assert time.monotonic() - start < 15
    assert multiprocessing.active_children() == []
