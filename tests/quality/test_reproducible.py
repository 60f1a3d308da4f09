"""A cold build and a build from the cache, in two different folders, give byte-identical sites.

Each build runs on its own copy of the project with the same SOURCE_DATE_EPOCH. The first has no
.cache: every figure is drawn, every derivation verified and every formula typeset afresh. The
second reuses the project's cache, whose entries were made by other processes at other times, so
the output must not depend on the cache either. The builds run one after the other, so a clock
reading that leaks into the output differs between them; one read at day resolution would not, so
no file may mention the day of the build either.
"""

from __future__ import annotations

import datetime
import difflib
import gzip
import re
import shutil
from pathlib import Path

from sitetools import build, copy_project

SOURCE_DATE_EPOCH = "1700000000"
SHOWN = 5  # differing files shown with context


def build_copy(folder: Path, cold: bool) -> Path:
    project = copy_project(folder)
    if cold:
        shutil.rmtree(project / ".cache", ignore_errors=True)
    # Recorded dates are data, and may be today's: move them into the past, so that the day of the
    # build in the output can only come from a clock.
    record = project / "published" / "versions.json"
    record.write_text(re.sub(r'"date": "\d{4}-\d{2}-\d{2}"', '"date": "2020-01-02"', record.read_text()))
    result = build(project, folder / "site", SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)
    assert result.returncode == 0, f"build in {folder} failed:\n{result.stderr[-3000:]}"
    return folder / "site"


def files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def context(name: str, first: bytes, second: bytes) -> str:
    """A short view of where two versions of a file part: a line diff, or bytes around the first change."""
    try:
        a, b = first.decode("utf-8").splitlines(), second.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        a = b = None
    if a is not None and max(map(len, a + b), default=0) <= 300:
        lines = list(difflib.unified_diff(a, b, "build 1", "build 2", n=1, lineterm=""))
        return f"--- {name}\n" + "\n".join(lines[2:22])
    at = next((i for i, (x, y) in enumerate(zip(first, second)) if x != y), min(len(first), len(second)))
    window = slice(max(0, at - 80), at + 80)
    return (f"--- {name}: first difference at byte {at} (sizes {len(first)}, {len(second)})\n"
            f"build 1: {first[window]!r}\nbuild 2: {second[window]!r}")


def mentions(name: str, content: bytes, text: bytes) -> bool:
    return text in (gzip.decompress(content) if name.endswith(".gz") else content)


def test_a_cold_build_and_a_cached_build_are_byte_identical(tmp_path):
    today = datetime.date.today().isoformat().encode()
    first, second = (files(build_copy(tmp_path / folder, cold)) for folder, cold in (("one", True), ("two", False)))
    assert first, "the build produced no files"
    problems = [f"mentions the build day ({today.decode()}): {name}"
                for name, content in first.items() if mentions(name, content, today)]
    problems += [f"only in build 1: {name}" for name in sorted(first.keys() - second.keys())]
    problems += [f"only in build 2: {name}" for name in sorted(second.keys() - first.keys())]
    differing = [name for name in sorted(first.keys() & second.keys()) if first[name] != second[name]]
    problems += [f"differs: {name}" for name in differing]
    shown = [context(name, first[name], second[name]) for name in differing[:SHOWN]]
    assert not problems, "\n".join(problems + [""] + shown)
