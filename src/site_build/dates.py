"""When each page was first published and last changed, from git. No MkDocs here.

A page that git does not track, or that has uncommitted changes, is dated today (UTC, or the day
of SOURCE_DATE_EPOCH when that is set, for reproducible builds).
"""

from __future__ import annotations

import os
import subprocess
from datetime import datetime, timezone
from pathlib import Path


def today() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    return moment.date().isoformat()


def page_dates(docs: Path) -> dict[str, tuple[str, str]]:
    """{path relative to docs/: (first published, last changed)} for every page git knows of."""
    log = _git(docs, "log", "--format=%x00%cs", "--name-only", "--relative", "--", ".")
    prefix = _git(docs, "rev-parse", "--show-prefix").strip()
    status = _git(docs, "status", "--porcelain", "-z", "--untracked-files=all", "--", ".")
    dirty = {entry[3:].removeprefix(prefix) for entry in status.split("\0") if len(entry) > 3}
    dates: dict[str, tuple[str, str]] = {}
    for commit in log.split("\0")[1:]:  # newest first
        day, *files = commit.strip().split("\n")
        for name in filter(None, files):
            last = dates.get(name, (day, day))[1]
            dates[name] = (day, last)
    now = today()
    return {name: (first, now if name in dirty else last) for name, (first, last) in dates.items()}


def _git(cwd: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return result.stdout if result.returncode == 0 else ""


def dated(dates: dict[str, tuple[str, str]], src_uri: str) -> tuple[str, str]:
    return dates.get(src_uri, (today(), today()))

