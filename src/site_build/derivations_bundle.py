"""Verified derivations, rendered for the site and cached on disk, one entry per catalogue module.

Each entry holds a derivation's rendered Markdown and its export record, or the error that
stopped it. Entries are built in a fresh interpreter (`python -m site_build.derivations_bundle`),
so an edited module is never served from a stale import. An entry's key covers the module
itself, every shared file of the `derivations` package (the engine and the catalogue's
`_`-prefixed helpers) and the installed SymPy and mpmath: editing one derivation re-verifies
that one alone. This module never imports MkDocs.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "derivations"
CATALOGUE = PACKAGE / "catalogue"
BIBTEX = PACKAGE.parent / "bibtex"  # formats the references in each record


class BundleError(RuntimeError):
    """The catalogue could not be loaded at all (a module does not import)."""


def _digest(paths: list[Path]) -> hashlib._Hash:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.relative_to(PACKAGE.parent).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest


def entry_keys() -> dict[str, str]:
    """{catalogue module stem: cache key} for every derivation module."""
    files = sorted(p for folder in (PACKAGE, BIBTEX) for p in folder.rglob("*")
                   if p.suffix in {".py", ".json", ".bib"} and "__pycache__" not in p.parts)
    modules = [p for p in files if p.parent == CATALOGUE and not p.name.startswith("_")]
    shared = _digest([p for p in files if p not in modules])
    for package in ("sympy", "mpmath"):
        shared.update(f"{package}=={metadata.version(package)}".encode())
    keys = {}
    for module in modules:
        digest = shared.copy()
        digest.update(_digest([module]).digest())
        keys[module.stem] = digest.hexdigest()[:16]
    return keys


def load_bundle(cache_dir: Path) -> dict[str, dict]:
    """{derivation id: {"markdown", "latex", "record"} or {"error"}}, from the cache or freshly built."""
    folder = cache_dir / "derivations"
    keys = entry_keys()
    paths = {stem: folder / f"{stem}-{key}.json" for stem, key in keys.items()}
    missing = [stem for stem, path in paths.items() if not _readable(path)]
    if missing:
        folder.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [sys.executable, "-m", "site_build.derivations_bundle", str(folder), *(f"{s}={keys[s]}" for s in missing)],
            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(PACKAGE.parent)},
        )
        if result.returncode != 0:
            raise BundleError(f"the derivation catalogue could not be loaded:\n{result.stderr.strip()}")
        for stale in folder.glob("*.json"):  # entries of earlier versions of the rebuilt modules
            if stale not in paths.values() and stale.name.rsplit("-", 1)[0] in missing:
                stale.unlink()
    entries = [json.loads(path.read_text(encoding="utf-8")) for path in paths.values()]
    return {entry["id"]: entry for entry in entries}


def _readable(path: Path) -> bool:
    try:
        json.loads(path.read_text(encoding="utf-8"))
        return True
    except (OSError, json.JSONDecodeError):
        return False  # missing or damaged: rebuilt


def build_entries(folder: Path, wanted: dict[str, str]) -> None:
    """Verify and render the derivations of the `wanted` modules ({stem: key}), one process per core."""
    from derivations import all_derivations

    ids = {Path(d.module).stem: d.id for d in all_derivations() if Path(d.module).stem in wanted}
    workers = min(len(ids), os.cpu_count() or 1)
    with ProcessPoolExecutor(max(workers, 1), mp_context=multiprocessing.get_context("spawn")) as pool:
        for stem, entry in zip(ids, pool.map(_entry, ids.values())):
            _write_atomically(folder / f"{stem}-{wanted[stem]}.json", json.dumps(entry, ensure_ascii=False))


def _entry(derivation_id: str) -> dict:
    """A derivation's rendered Markdown and LaTeX and its export record, or the error that stopped it."""
    from derivations import DerivationDefinitionError, VerificationError, get
    from derivations.export import derivation_record
    from derivations.render import latex, markdown

    from site_build.paths import source_page

    derivation = get(derivation_id)
    try:
        text = markdown(derivation, heading_level=3, source_url="/" + source_page(derivation.module))
        return {"id": derivation.id, "markdown": text, "latex": latex(derivation), "record": derivation_record(derivation)}
    except (VerificationError, DerivationDefinitionError) as error:
        return {"id": derivation.id, "error": str(error)}


def _write_atomically(path: Path, text: str) -> None:
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp") as handle:
        handle.write(text)
    os.replace(handle.name, path)


def check(cache_dir: Path) -> int:
    """Verify every derivation into the build's cache (so the next build reuses the work) and report
    each one; 1 if any failed. `./dev test` runs this before the test suite."""
    try:
        bundle = load_bundle(cache_dir)
    except BundleError as error:
        print(f"FAILED {error}", file=sys.stderr)
        return 1
    failed = {i: entry["error"] for i, entry in sorted(bundle.items()) if "error" in entry}
    for derivation_id, entry in sorted(bundle.items()):
        if derivation_id not in failed:
            steps = entry["record"]["steps"]
            numeric = sum(step["verification"]["numerically_verified_only"] for step in steps)
            print(f"ok  {derivation_id} ({entry['record']['version']}): {len(steps)} steps, {numeric} numeric only")
    for message in failed.values():
        print(f"FAILED {message}", file=sys.stderr)
    print(f"{len(bundle) - len(failed)} of {len(bundle)} derivations verified")
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--check"]:
        from site_build.paths import CACHE

        sys.exit(check(CACHE))
    build_entries(Path(sys.argv[1]), dict(arg.split("=", 1) for arg in sys.argv[2:]))
