"""Bad input fails the build with a message that names the file (and the line or step)."""

import subprocess
import sys
import textwrap

import pytest
from sitetools import build, build_env, copy_project


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


def add_page(project, body: str, name: str = "broken.md") -> None:
    (project / "docs" / name).write_text(textwrap.dedent(body), encoding="utf-8")


def add_figure(project, name: str, body: str) -> None:
    (project / "figures_src" / f"{name}.py").write_text(textwrap.dedent(body), encoding="utf-8")


def failed(result) -> str:
    assert result.returncode != 0, "the build should have failed"
    return result.stderr


def test_unknown_derivation_names_page_and_line(project, tmp_path):
    add_page(project, "---\ndescription: x\n---\n# Broken\n\nText.\n\n{{ derivation no-such-thing }}\n")
    error = failed(build(project, tmp_path / "site"))
    assert "broken.md:8: unknown derivation 'no-such-thing'" in error
    assert "sigmoid-derivative" in error  # the known ids are listed


def test_unknown_figure_names_page_and_line(project, tmp_path):
    add_page(project, "# Broken\n\n{{ figure plot_nothing }}\n")
    error = failed(build(project, tmp_path / "site"))
    assert "broken.md:3: unknown figure 'plot_nothing'" in error


def test_derivation_with_a_false_step_names_page_line_and_step(project, tmp_path):
    catalogue = project / "src" / "derivations" / "catalogue"
    (catalogue / "wrong.py").write_text(textwrap.dedent('''
        import sympy as sp
        from derivations import Assume, Derivation, Part, Step
        from derivations.bibliography import cite
        x = sp.Symbol("x", real=True)
        DERIVATION = Derivation(
            id="wrong-square", title="Wrong", summary="A false step.",
            assumptions=(Assume(x, sp.S.Reals, "a number"),),
            parts=(Part("square", "Square", start=(x + 1) ** 2, steps=(Step("expand", x**2 + 1, "forget the cross term"),)),),
            references=cite("cox1958"),
        )
    '''), encoding="utf-8")
    add_page(project, "# Broken\n\n{{ derivation wrong-square }}\n")
    error = failed(build(project, tmp_path / "site"))
    assert "broken.md:3: derivation 'wrong-square' failed verification" in error
    assert "step 1 (expand) does not hold" in error


def test_figure_script_that_raises_names_script_and_line(project, tmp_path):
    add_figure(project, "plot_raises", '''
        """A figure that fails.

        It divides by zero.
        """


        def figure():
            return 1 / 0
    ''')
    error = failed(build(project, tmp_path / "site"))
    assert "figures_src/plot_raises.py, line 9" in error and "ZeroDivisionError" in error


def test_figure_script_that_returns_nothing_is_named(project, tmp_path):
    add_figure(project, "plot_nothing", '''
        """A figure that forgets to return.

        Nothing is drawn.
        """


        def figure():
            pass
    ''')
    error = failed(build(project, tmp_path / "site"))
    assert "figures_src/plot_nothing.py" in error and "returned no Figure" in error


def test_figure_script_past_the_timeout_is_named(project, tmp_path):
    add_figure(project, "plot_slow", '''
        """A figure that never finishes.

        It sleeps.
        """
        import time


        def figure():
            time.sleep(120)
    ''')
    error = failed(build(project, tmp_path / "site", ML_DERIVED_FIGURE_TIMEOUT="4"))
    assert "figures_src/plot_slow.py" in error and "timed out" in error


def test_malformed_tex_names_page_and_line(project, tmp_path):
    add_page(project, "# Broken\n\nFine $x$.\n\nBroken $\\frac{1}{$ here.\n")
    error = failed(build(project, tmp_path / "site"))
    assert "broken.md:5:" in error and "KaTeX parse error" in error


def test_a_failed_build_leaves_the_previous_site_intact(project):
    env = build_env(project)
    command = [sys.executable, "-m", "site_build.safe_build"]
    assert subprocess.run(command, cwd=project, env=env, capture_output=True).returncode == 0
    before = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    add_page(project, "# Broken\n\n{{ figure plot_nothing }}\n")
    failed_run = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    assert failed_run.returncode != 0 and "broken.md:3" in failed_run.stderr
    after = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before
    assert not list(project.glob(".site.*"))  # no half-built folder left behind
