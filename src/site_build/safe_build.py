"""Build the site next to its target folder and swap it in only when the build succeeds.

    python -m site_build.safe_build [SITE_DIR]     (default: site/ beside mkdocs.yml)

A failed build (a wrong step, a broken figure script, bad TeX) leaves the last good site exactly
as it was. Runs `mkdocs build --strict` as a subprocess; this module does not import MkDocs.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def safe_build(project: Path, site: Path) -> int:
    """The exit code of the build; `site` is replaced only when it is 0."""
    site = site.resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site.name}.next-", dir=site.parent))
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(staging)], cwd=project
        )
        if result.returncode == 0:
            _swap(staging, site)
        return result.returncode
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap(new: Path, site: Path) -> None:
    old = site.with_name(f".{site.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    new.rename(site)
    shutil.rmtree(old, ignore_errors=True)


if __name__ == "__main__":
    project = Path.cwd()
    sys.exit(safe_build(project, Path(sys.argv[1]) if len(sys.argv) > 1 else project / "site"))
