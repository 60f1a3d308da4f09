"""Helpers for tests that build the real site or a copy of the project."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKER = re.compile(r"^\{\{\s*(derivation|figure)\s+([A-Za-z0-9_-]+)\s*\}\}\s*$", re.M)


def build_env(project: Path, **extra: str) -> dict:
    return {**os.environ, "DISABLE_MKDOCS_2_WARNING": "true", "NO_MKDOCS_2_WARNING": "1",
            "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(project / "src"), **extra}


def mkdocs(project: Path, *args: str, **extra_env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=project, env=build_env(project, **extra_env),
                          capture_output=True, text=True, timeout=600)


def build(project: Path, site: Path, **extra_env: str) -> subprocess.CompletedProcess:
    return mkdocs(project, "build", "--strict", "--site-dir", str(site), **extra_env)


def copy_project(target: Path) -> Path:
    """A copy of the project that builds on its own (its own src/ on PYTHONPATH), with a warm cache."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("docs", "src", "figures_src", "published"):
        shutil.copytree(ROOT / folder, target / folder, ignore=ignore)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    if (ROOT / ".cache").exists():
        shutil.copytree(ROOT / ".cache", target / ".cache")
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    return target


def markers(docs: Path) -> list[tuple[Path, str, str]]:
    """(page, kind, id) for every marker outside fenced code in docs/."""
    found = []
    for page in sorted(docs.rglob("*.md")):
        text = re.sub(r"^(```|~~~).*?^\1", "", page.read_text(encoding="utf-8"), flags=re.S | re.M)
        found += [(page, kind, item) for kind, item in MARKER.findall(text)]
    return found


def page_html(site: Path, docs: Path, page: Path) -> str:
    relative = page.relative_to(docs).with_suffix("")
    target = site / "index.html" if relative.as_posix() == "index" else site / relative / "index.html"
    return target.read_text(encoding="utf-8")


def figure_script(name: str):
    """A figure script of figures_src/, imported as a module (for tests of the computations it plots)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "figures_src" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
