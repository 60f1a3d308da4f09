"""Render the figure scripts in `figures_src/` to light and dark images, cached and in parallel.

Each `figures_src/plot_<what>.py` has a module docstring (its first paragraph is the caption, the
rest the alt text) and a function `figure()` that returns a Matplotlib figure. `render_figures`
reads the docstrings without running anything, gives each figure a cache key computed from every
input that can change its bytes, and renders only the figures whose key has no cache entry, in a pool
of worker processes. Nothing here knows about MkDocs.

A maintainer can look at the figures as the site shows them with `python -m site_build.figures`.
"""

from __future__ import annotations

import argparse
import ast
import functools
import hashlib
import importlib
import importlib.metadata
import io
import json
import multiprocessing
import os
import platform
import re
import sys
import tempfile
import time
import traceback
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Figure", "FigureError", "RenderResult", "render_figures"]

FIGURES_PACKAGE = "figures_src"
STYLE_MODULE = f"{FIGURES_PACKAGE}.style"
THEMES = ("light", "dark")
FORMATS = ("svg", "png")
# What shapes the bytes besides the scripts, their imports and the installed packages. Both are part
# of every cache key; bump RENDER_VERSION when the rendering code below changes what it draws.
RENDER_VERSION = 1
SAVE_OPTIONS = {
    "svg": {"metadata": {"Date": None}},
    "png": {"metadata": {"Software": None}, "dpi": 150},
}


@dataclass(frozen=True)
class Figure:
    """One rendered figure: its text, its light and dark images, and where it came from."""

    id: str
    caption: str
    alt: str
    format: str  # "svg" or "png"
    light: bytes = field(repr=False)
    dark: bytes = field(repr=False)
    source: str  # the script, relative to the repository root
    key: str  # sha256 over every input of the rendering


@dataclass(frozen=True)
class RenderResult:
    figures: dict[str, Figure]
    rendered: tuple[str, ...]  # ids rendered by this call; the others came from the cache


class FigureError(Exception):
    """A figure that cannot be rendered; the message names its script and what went wrong."""


def render_figures(root: Path, cache_dir: Path, *, workers: int | None = None, timeout: float = 120.0) -> RenderResult:
    """Every figure of `root/figures_src`, from the cache in `cache_dir` or rendered now.

    Figures missing from the cache are rendered in `workers` processes (default: one per CPU), each
    within `timeout` seconds. If any figure fails, the others are still rendered and cached, then one
    FigureError lists every failure.
    """
    root = Path(root).resolve()
    cache = _Cache(Path(cache_dir) / "figures")
    inputs = _Inputs(root)
    figures, keys, missing, failures = {}, {}, [], []
    for path in sorted((root / FIGURES_PACKAGE).glob("plot_*.py")):
        try:
            script = _read_script(root, path)
        except FigureError as error:
            failures.append(str(error))
            continue
        keys[script.id] = inputs.key(path)
        images = cache.load(script, keys[script.id])
        if images is None:
            missing.append(script)
        else:
            figures[script.id] = Figure(**vars(script), light=images[0], dark=images[1], key=keys[script.id])
    if missing:
        try:
            for script, light, dark in _render_all(root, missing, workers, timeout):
                cache.store(script, keys[script.id], light, dark)
                figures[script.id] = Figure(**vars(script), light=light, dark=dark, key=keys[script.id])
        except FigureError as error:
            failures.append(str(error))
    if failures:
        raise FigureError("\n".join(dict.fromkeys(failures)))  # a broken style fails every figure alike
    return RenderResult(figures=dict(sorted(figures.items())), rendered=tuple(script.id for script in missing))


# Reading a script without running it.


@dataclass(frozen=True)
class _Script:
    id: str
    caption: str
    alt: str
    format: str
    source: str


def _read_script(root: Path, path: Path) -> _Script:
    source = path.relative_to(root).as_posix()
    try:
        tree = ast.parse(path.read_bytes(), filename=str(path))
    except SyntaxError as error:
        raise FigureError(f"{source}, line {error.lineno}: SyntaxError: {error.msg}") from None
    if not path.stem.isidentifier():
        raise FigureError(f"{source}: its name is not a Python module name")
    caption, _, alt = (ast.get_docstring(tree) or "").strip().partition("\n\n")
    if not caption or not alt.strip():
        raise FigureError(f"{source}: has no docstring caption/alt text (a caption line, a blank line, the alt text)")
    if not any(isinstance(node, ast.FunctionDef) and node.name == "figure" for node in tree.body):
        raise FigureError(f"{source}: has no figure() function")
    return _Script(path.stem, " ".join(caption.split()), " ".join(alt.split()), _format(tree, source), source)


def _format(tree: ast.Module, source: str) -> str:
    """The value of the module constant FORMAT, "svg" if there is none."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "FORMAT" for t in node.targets):
            value = node.value.value if isinstance(node.value, ast.Constant) else None
            if value not in FORMATS:
                raise FigureError(f"{source}, line {node.lineno}: FORMAT must be one of {FORMATS}")
            return value
    return "svg"


# Cache keys.


class _Inputs:
    """What a figure's bytes depend on: project files (found by following imports) and packages.

    Project modules are the files under root/figures_src and root/src. An import of anything else
    that is not in the standard library counts through the installed version of its distribution.
    """

    def __init__(self, root: Path):
        self.root = root
        self._imports: dict[Path, tuple[set[Path], set[str]]] = {}
        self._digests: dict[Path, str] = {}
        self._versions: dict[str, str] = {}
        self._renderer = {"matplotlib", *_requirements("matplotlib")}

    def key(self, script: Path) -> str:
        style = self._find(STYLE_MODULE)
        files, packages = self._closure([script] + ([style] if style else []))
        packages |= self._renderer
        inputs = {
            "render": [RENDER_VERSION, SAVE_OPTIONS],
            "python": [sys.version, platform.machine()],
            "packages": {name: self._version(name) for name in sorted(packages)},
            "files": {path.relative_to(self.root).as_posix(): self._digest(path) for path in sorted(files)},
        }
        return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()

    def _closure(self, start: list[Path]) -> tuple[set[Path], set[str]]:
        files, packages, todo = set(start), set(), list(start)
        while todo:
            imported, used = self._imports_of(todo.pop())
            packages |= used
            todo += imported - files
            files |= imported
        return files, packages

    def _imports_of(self, path: Path) -> tuple[set[Path], set[str]]:
        if path not in self._imports:
            files, packages = set(), set()
            for name in self._imported_names(path):
                top = name.partition(".")[0]
                if self._find(top):
                    files |= self._files_along(name)
                elif top not in sys.stdlib_module_names:
                    packages.add(top)
            self._imports[path] = files, packages
        return self._imports[path]

    def _imported_names(self, path: Path) -> list[str]:
        """Absolute names of the modules `path` imports, and of the names it imports from them."""
        try:
            tree = ast.parse(path.read_bytes())
        except SyntaxError:
            return []  # the worker reports it when it imports the file
        package = self._package_of(path)
        names = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    base = ".".join(part for part in (parent, base) if part)
                names += [base] + [f"{base}.{alias.name}" for alias in node.names if alias.name != "*"]
        return [name for name in names if name and not name.startswith(".")]

    def _package_of(self, path: Path) -> str:
        base = self.root / "src" if path.is_relative_to(self.root / "src") else self.root
        parts = path.relative_to(base).with_suffix("").parts
        return ".".join(parts[:-1])

    def _find(self, name: str) -> Path | None:
        """The file of project module `name`, or None if it is not one."""
        parts = name.split(".")
        base = self.root if parts[0] == FIGURES_PACKAGE else self.root / "src"
        stem = base.joinpath(*parts)
        for candidate in (stem.parent / f"{stem.name}.py", stem / "__init__.py"):
            if candidate.is_file():
                return candidate
        return None

    def _files_along(self, name: str) -> set[Path]:
        """The files run by importing `name`: every package on the way, then the module."""
        parts = name.split(".")
        found = (self._find(".".join(parts[:i])) for i in range(1, len(parts) + 1))
        return {path for path in found if path}

    def _digest(self, path: Path) -> str:
        if path not in self._digests:
            self._digests[path] = hashlib.sha256(path.read_bytes()).hexdigest()
        return self._digests[path]

    def _version(self, name: str) -> str:
        """The version of the distribution that provides top-level module `name`."""
        if name not in self._versions:
            try:
                self._versions[name] = importlib.metadata.version(name)
            except importlib.metadata.PackageNotFoundError:
                distributions = _distributions_by_module().get(name, [])
                self._versions[name] = ",".join(f"{d}=={importlib.metadata.version(d)}" for d in sorted(distributions))
        return self._versions[name]


@functools.cache
def _distributions_by_module() -> dict[str, list[str]]:
    """Which distributions provide each top-level module; slow (0.4 s), so asked once, and only when needed."""
    return importlib.metadata.packages_distributions()


def _requirements(distribution: str) -> list[str]:
    """The names of the distributions `distribution` needs at run time (extras left out)."""
    requires = importlib.metadata.requires(distribution) or []
    return [re.match(r"[\w.-]+", line)[0] for line in requires if "extra ==" not in line]


# The cache: per figure, the two images and a JSON record whose hashes prove them whole.


class _Cache:
    def __init__(self, directory: Path):
        self.directory = directory

    def load(self, script: _Script, key: str) -> tuple[bytes, bytes] | None:
        try:
            record = json.loads(self._path(script.id, key, "json").read_bytes())
            images = tuple((self.directory / record[theme]["file"]).read_bytes() for theme in THEMES)
            valid = record["key"] == key and all(
                hashlib.sha256(image).hexdigest() == record[theme]["sha256"] for theme, image in zip(THEMES, images)
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return images if valid else None

    def store(self, script: _Script, key: str, light: bytes, dark: bytes) -> None:
        """Write the images, then the record that vouches for them, then drop the figure's older entries."""
        self.directory.mkdir(parents=True, exist_ok=True)
        record = {"key": key}
        for theme, image in zip(THEMES, (light, dark)):
            path = self._path(script.id, key, f"{theme}.{script.format}")
            _write_atomically(path, image)
            record[theme] = {"file": path.name, "sha256": hashlib.sha256(image).hexdigest()}
        _write_atomically(self._path(script.id, key, "json"), json.dumps(record, indent=1).encode())
        self._remove_older(script.id, key)

    def _path(self, figure_id: str, key: str, suffix: str) -> Path:
        return self.directory / f"{figure_id}-{key[:16]}.{suffix}"

    def _remove_older(self, figure_id: str, key: str) -> None:
        entry = re.compile(rf"{re.escape(figure_id)}-([0-9a-f]{{16}})\..+")
        for path in self.directory.glob(f"{figure_id}-*"):
            match = entry.fullmatch(path.name)
            if match and match[1] != key[:16]:
                path.unlink(missing_ok=True)


def _write_atomically(path: Path, data: bytes) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


# Rendering in worker processes.


def _render_all(root: Path, scripts: list[_Script], workers: int | None, timeout: float):
    """Yield (script, light, dark) as each figure is done; then raise one FigureError for all failures.

    At most `workers` figures are submitted at a time, so each starts as soon as it is submitted and
    its time limit runs from then (for a worker's first figure, that includes the worker's start-up).
    """
    workers = max(1, min(workers or os.cpu_count() or 1, len(scripts)))
    executor = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker, initargs=(str(root),)
    )
    queue, running, failures = deque(scripts), {}, []
    try:
        while queue or running:
            while queue and len(running) < workers:
                script = queue.popleft()
                running[executor.submit(_render, script)] = (script, time.monotonic() + timeout)
            deadline = min(deadline for _, deadline in running.values())
            done, _ = wait(running, timeout=max(0.0, deadline - time.monotonic()), return_when=FIRST_COMPLETED)
            if not done:
                late = min(running.values(), key=lambda item: item[1])[0]
                raise FigureError("\n".join(failures + [f"{late.source}: timed out after {timeout:g} s"]))
            for future in done:
                script, _ = running[future]
                try:
                    light, dark = future.result()
                except FigureError as error:
                    failures.append(str(error))
                else:
                    yield script, light, dark
                del running[future]
    except BrokenProcessPool:
        sources = ", ".join(script.source for script, _ in running.values())
        lost = f"{sources}: a worker process ended abruptly while rendering one of these"
        raise FigureError("\n".join(failures + [lost])) from None
    except BaseException:
        _kill_workers(executor)
        raise
    finally:
        executor.shutdown(cancel_futures=True)
    if failures:
        raise FigureError("\n".join(failures))


def _kill_workers(executor: ProcessPoolExecutor) -> None:
    """Stop the pool's processes now, whatever they are doing (Python 3.14 has kill_workers())."""
    for process in list((executor._processes or {}).values()):
        process.kill()


# In the worker: the state its initializer prepares once, then one call per figure.
_worker: dict = {}


def _start_worker(root: str) -> None:
    """Import Matplotlib (Agg backend, built-in defaults whatever a matplotlibrc says), NumPy and the style."""
    _worker["root"] = Path(root)
    sys.path[:0] = [root, os.path.join(root, "src")]
    try:
        import matplotlib

        matplotlib.use("Agg")
        matplotlib.rcdefaults()
        import matplotlib.pyplot  # noqa: F401  (a script may use pyplot; the runner closes its figures)
        import numpy  # noqa: F401

        _worker["style"] = importlib.import_module(STYLE_MODULE)
    except Exception as error:
        _worker["error"] = _describe(error, f"{FIGURES_PACKAGE}/style.py")


def _render(script: _Script) -> tuple[bytes, bytes]:
    """The light and dark images of one figure."""
    if "error" in _worker:
        raise FigureError(_worker["error"])
    try:
        module = importlib.import_module(f"{FIGURES_PACKAGE}.{script.id}")
        return tuple(_draw(module, script, theme) for theme in THEMES)
    except FigureError:
        raise
    except Exception as error:
        raise FigureError(_describe(error, script.source)) from None


def _draw(module, script: _Script, theme: str) -> bytes:
    import matplotlib.figure
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    try:
        with _worker["style"].themed(theme):
            figure = module.figure()
            if not isinstance(figure, matplotlib.figure.Figure):
                raise FigureError(f"{script.source}: figure() returned no Figure (it returned {type(figure).__name__})")
            figure.savefig(buffer, format=script.format, **SAVE_OPTIONS[script.format])
    finally:
        plt.close("all")
    return buffer.getvalue()


def _describe(error: BaseException, source: str) -> str:
    """`source`, its line the error passed through, the place in another file that raised it, the error."""
    root = _worker["root"]
    places = [(Path(frame.filename), frame.lineno, frame.name) for frame in traceback.extract_tb(error.__traceback__)]
    if isinstance(error, SyntaxError) and error.filename:
        places.append((Path(error.filename), error.lineno, None))
    in_script = [place for place in places if place[0] == root / source]
    where = f", {_place(root, *in_script[-1], with_file=False)}" if in_script else ""
    if places and places[-1][0] != root / source:
        where += f" (from {_place(root, *places[-1], with_file=True)})"
    return f"{source}{where}: {type(error).__name__}: {error}"


def _place(root: Path, path: Path, line: int, function: str | None, *, with_file: bool) -> str:
    """Where in a file, as "file, line 3, in f"; the file only if `with_file`, the function only if known."""
    parts = [f"line {line}"] + ([f"in {function}"] if function else [])
    if with_file:
        parts.insert(0, path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path))
    return ", ".join(parts)


# Command line: a maintainer's preview.


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m site_build.figures", description="Render every figure, light and dark, into a directory."
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository root (default: .)")
    parser.add_argument("--out", type=Path, help="where to write the images (default: a new temporary directory)")
    args = parser.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="ml-derived-figures-"))
    out.mkdir(parents=True, exist_ok=True)
    result = render_figures(args.root, args.root / ".cache")
    for figure in result.figures.values():
        for theme in THEMES:
            (out / f"{figure.id}.{theme}.{figure.format}").write_bytes(getattr(figure, theme))
    print(f"{len(result.figures)} figures ({len(result.rendered)} rendered now) in {out}")


if __name__ == "__main__":
    main()
