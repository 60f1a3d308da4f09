"""Verified derivations, rendered for the site and cached on disk.

The bundle maps each derivation id to its rendered Markdown and its export record, or to the
error that stopped it. It is built in a fresh interpreter (`python -m site_build.derivations_bundle`),
so an edited derivation module is never served from a stale import, and it is cached under a
key that covers every file of the `derivations` package and the installed SymPy and mpmath.
This module never imports MkDocs.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "derivations"


class BundleError(RuntimeError):
    """The bundle could not be built at all (the catalogue does not import)."""


def bundle_key() -> str:
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in {".py", ".json"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for package in ("sympy", "mpmath"):
        digest.update(f"{package}=={metadata.version(package)}".encode())
    return digest.hexdigest()[:16]


def load_bundle(cache_dir: Path) -> dict[str, dict]:
    """{id: {"markdown", "record"} or {"error"}}, from the cache or freshly built."""
    path = cache_dir / "derivations" / f"bundle-{bundle_key()}.json"
    if path.exists():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            pass  # a damaged cache entry is rebuilt
    path.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [sys.executable, "-m", "site_build.derivations_bundle", str(path)],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(PACKAGE.parent)},
    )
    if result.returncode != 0:
        raise BundleError(f"the derivation catalogue could not be loaded:\n{result.stderr.strip()}")
    return json.loads(path.read_text(encoding="utf-8"))


def build_bundle() -> dict[str, dict]:
    """Verify and render every derivation in this interpreter, recording failures instead of stopping."""
    from derivations import DerivationDefinitionError, VerificationError, all_derivations
    from derivations.export import derivation_record
    from derivations.render import markdown

    from site_build.paths import source_page

    bundle = {}
    for derivation in all_derivations():
        try:
            text = markdown(derivation, heading_level=3, source_url="/" + source_page(derivation.module))
            bundle[derivation.id] = {"markdown": text, "record": derivation_record(derivation)}
        except (VerificationError, DerivationDefinitionError) as error:
            bundle[derivation.id] = {"error": str(error)}
    return bundle


def _write_atomically(path: Path, text: str) -> None:
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp") as handle:
        handle.write(text)
    os.replace(handle.name, path)


if __name__ == "__main__":
    _write_atomically(Path(sys.argv[1]), json.dumps(build_bundle(), ensure_ascii=False))
