"""What the site has promised citers, kept in committed files under published/. No MkDocs here.

- anchors.txt: every published page URL and derivation anchor, as an address relative to the site's
  root (`/losses/focal-loss/#focal-loss-dfl-dpt`; the home page is `/`).
  Once listed, an anchor must stay, or published/redirects.yml must send it somewhere that exists.
- versions.json: each derivation's versions (content hashes) with the day each was first recorded.
  A derivation whose version is not the last one recorded is reported by the build and dated today.
- redirects.yml: old address -> new address, in the same form, each with or without an #anchor.

`python -m site_build.published` checks the three against the docs and the derivations (exit 1
with a list of problems); `--update` records what is new: anchors, and versions dated today.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from site_build import paths
from site_build.dates import today
from site_build.markers import lines, page_url

FOLDER = paths.ROOT / "published"
_ANCHORS_HEADER = ("# Published page URLs and derivation anchors (from the site's root). Never delete a line: to move or\n"
                   "# rename one, add a redirect to published/redirects.yml. New ones: ./dev record\n")


class PublishedError(ValueError):
    """A derivation is embedded twice, or a redirects file is malformed."""


def embedded(docs: Path) -> dict[str, str]:
    """{derivation id: the page (path under docs/) that embeds it}. A derivation lives on one page."""
    found: dict[str, str] = {}
    for page in sorted(docs.rglob("*.md")):
        src_uri = page.relative_to(docs).as_posix()
        for number, _line, marker, _fenced in lines(page.read_text(encoding="utf-8")):
            if marker and marker["kind"] == "derivation":
                if marker["id"] in found:
                    raise PublishedError(f"{src_uri}:{number}: derivation {marker['id']!r} is already embedded in "
                                         f"{found[marker['id']]}; a derivation lives on one page, link to it instead")
                found[marker["id"]] = src_uri
    return found


def anchors_of(record: dict) -> list[str]:
    """A derivation's anchors: its id, its parts and its steps."""
    return [record["id"], *(f"{record['id']}-{part['key']}" for part in record["parts"]),
            *(step["anchor"] for step in record["steps"])]


def address(src_uri: str, anchor: str = "") -> str:
    """A page's address from the site's root, with an optional anchor: '/losses/focal-loss/#focal-loss'."""
    return "/" + page_url(src_uri) + (f"#{anchor}" if anchor else "")


def pages(docs: Path) -> set[str]:
    """The address of every page written in docs/."""
    return {address(p.relative_to(docs).as_posix()) for p in docs.rglob("*.md")}


def current_anchors(docs: Path, records: dict[str, dict]) -> set[str]:
    anchors = set()
    for derivation_id, src_uri in embedded(docs).items():
        if derivation_id in records:
            anchors |= {address(src_uri, anchor) for anchor in anchors_of(records[derivation_id])}
    return pages(docs) | anchors


def recorded_anchors(folder: Path = FOLDER) -> set[str]:
    path = folder / "anchors.txt"
    if not path.exists():
        return set()
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")}


def redirects(folder: Path = FOLDER) -> dict[str, str]:
    path = folder / "redirects.yml"
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise PublishedError(f"{path}: expected a mapping of old address: new address")
    return data


def versions(folder: Path = FOLDER) -> dict[str, list[dict]]:
    path = folder / "versions.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


@dataclass(frozen=True)
class Change:
    """When a derivation's current version appeared, and the version before it."""

    date: str
    previous: str | None
    recorded: bool


def change(history: list[dict], version: str) -> Change:
    if history and history[-1]["version"] == version:
        return Change(history[-1]["date"], history[-2]["version"] if len(history) > 1 else None, True)
    return Change(today(), history[-1]["version"] if history else None, False)


def problems(docs: Path, records: dict[str, dict], folder: Path = FOLDER) -> list[str]:
    """Everything that breaks a promise to citers, or is not yet recorded."""
    current, moved, recorded = current_anchors(docs, records), redirects(folder), recorded_anchors(folder)
    found = []
    for anchor in sorted(recorded):
        target = follow(anchor, moved)
        if target == anchor and anchor not in current:
            found.append(f"published anchor {anchor} is gone: restore it or add a redirect to published/redirects.yml")
        elif target not in current:
            found.append(f"published anchor {anchor} is redirected to {target}, which does not exist")
    found += [f"new anchor {a} is not recorded: run ./dev record" for a in sorted(current - recorded)]
    history = versions(folder)
    for derivation_id, record in sorted(records.items()):
        if not change(history.get(derivation_id, []), record["version"]).recorded:
            found.append(f"derivation {derivation_id} has version {record['version']}, not recorded in "
                         "published/versions.json: run ./dev record")
    return found


def follow(address: str, moved: dict[str, str]) -> str:
    """Where an address leads after redirects. Redirecting a page redirects its anchors too."""
    for _hop in range(len(moved) + 1):
        page, _, anchor = address.partition("#")
        if address in moved:
            address = moved[address]
        elif anchor and page in moved:
            address = f"{moved[page]}#{anchor}"
        else:
            return address
    raise PublishedError(f"published/redirects.yml: redirects of {address} go round in a circle")


def update(docs: Path, records: dict[str, dict], folder: Path = FOLDER) -> list[str]:
    """Record new anchors and new versions (dated today). Returns what was added."""
    recorded = recorded_anchors(folder)
    added = sorted(current_anchors(docs, records) - recorded)
    folder.mkdir(exist_ok=True)
    if added:
        (folder / "anchors.txt").write_text(_ANCHORS_HEADER + "\n".join(sorted(recorded | set(added))) + "\n", encoding="utf-8")
    history = versions(folder)
    for derivation_id, record in sorted(records.items()):
        entries = history.setdefault(derivation_id, [])
        if not change(entries, record["version"]).recorded:
            entries.append({"version": record["version"], "date": today()})
            added.append(f"{derivation_id} version {record['version']}")
    (folder / "versions.json").write_text(json.dumps(dict(sorted(history.items())), indent=2) + "\n", encoding="utf-8")
    return added


def main(argv: list[str] | None = None) -> int:
    from site_build.derivations_bundle import load_bundle

    parser = argparse.ArgumentParser(prog="python -m site_build.published", description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="record new anchors and derivation versions")
    args = parser.parse_args(argv)
    bundle = load_bundle(paths.CACHE)
    broken = [f"derivation {i} failed verification" for i, entry in bundle.items() if "record" not in entry]
    if broken:
        print("\n".join(broken), file=sys.stderr)
        return 1
    records = {i: entry["record"] for i, entry in bundle.items()}
    docs = paths.ROOT / "docs"
    if args.update:
        print("\n".join(f"recorded {item}" for item in update(docs, records)) or "nothing new to record")
    found = problems(docs, records)
    print("\n".join(found) or "published anchors, redirects and versions are in order", file=sys.stderr if found else sys.stdout)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
