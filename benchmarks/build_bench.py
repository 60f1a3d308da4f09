"""Time site builds: cold, unchanged, after editing one figure script, after editing the style.

The floor is a plain `mkdocs build` of the same pages (markers already expanded) with the
figures and every other generated file already in place, and no hook or gen-files script.
Each case runs in a fresh copy of the project; times are medians. Prints a Markdown table.

    python benchmarks/build_bench.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from sitetools import copy_project, mkdocs  # noqa: E402

NO_CHANGE_TARGET = 1.10


def timed_build(project: Path, **env: str) -> tuple[float, str]:
    started = time.perf_counter()
    result = mkdocs(project, "build", "--strict", "--site-dir", str(project / "site"), **env)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stderr}")
    rendered = re.search(r"rendered now: (.*)", result.stderr)
    return seconds, rendered.group(1).strip() if rendered else "?"


def touch(path: Path) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\n# benchmark edit {time.time_ns()}\n")


def plain_project(project: Path, target: Path) -> Path:
    """The floor: the pages as the hooks expand them, generated files included, in a plain project."""
    docs = target / "docs"
    timed_build(project, ML_DERIVED_PLAIN_EXPORT=str(docs))
    shutil.copytree(project / "docs" / "assets", docs / "assets", dirs_exist_ok=True)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\n  - gen-files:\n(?:      .*\n)+", "\n", config)
    config = re.sub(r"\nhooks:\n(?:  - .*\n)+", "\n", config)
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    for folder in ("src", "figures_src"):  # only watched, so they must exist
        (target / folder).symlink_to(project / folder)
    return target


def measure(runs: int) -> dict[str, tuple[float, str]]:
    cases: dict[str, list[tuple[float, str]]] = {k: [] for k in ("cold", "unchanged", "figure", "style", "floor")}
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            project = copy_project(Path(folder) / "project")
            shutil.rmtree(project / ".cache", ignore_errors=True)
            cases["cold"].append(timed_build(project))
            cases["unchanged"].append(timed_build(project))
            touch(project / "figures_src" / "plot_log_loss.py")
            cases["figure"].append(timed_build(project))
            touch(project / "figures_src" / "style.py")
            cases["style"].append(timed_build(project))
            timed_build(project)  # warm again after the style edit
            floor = plain_project(project, Path(folder) / "floor")
            cases["floor"].append(timed_build(floor))
    return {name: (statistics.median(s for s, _ in runs_), runs_[-1][1]) for name, runs_ in cases.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = measure(args.runs)
    floor = results["floor"][0]
    labels = {
        "cold": "cold build (empty cache)",
        "unchanged": "rebuild, nothing changed",
        "figure": "rebuild after editing one figure script",
        "style": "rebuild after editing the shared style",
        "floor": "floor: plain mkdocs build, figures already rendered",
    }
    print(f"build benchmark: median of {args.runs} runs, {os.cpu_count()} cores\n")
    print("| case | seconds | × floor | figures rendered |")
    print("|---|---:|---:|---|")
    for name, label in labels.items():
        seconds, rendered = results[name]
        print(f"| {label} | {seconds:.2f} | {seconds / floor:.2f} | {rendered if name != 'floor' else '—'} |")
    ok = results["unchanged"][0] <= NO_CHANGE_TARGET * floor and results["figure"][1] == "plot_log_loss"
    print("\ntargets met" if ok else "\nTARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
