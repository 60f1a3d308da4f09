"""The bibliography: every primary source the site cites, entered once in `references.bib`.

Derivation modules cite an entry with `cite("key")`; pages cite it as `[@key]` or `@key`
(resolved by the site's build glue). The file is read by the `bibtex` package (see there for
the subset of BibTeX it accepts).
"""

from __future__ import annotations

from pathlib import Path

from bibtex import KEY, BibliographyError, Entry, labels_of, load, parse

from .model import Reference

BIB_FILE = Path(__file__).with_name("references.bib")
__all__ = ["BIB_FILE", "KEY", "BibliographyError", "Entry", "cite", "entries", "entry", "labels", "labels_of", "parse"]


def entries() -> dict[str, Entry]:
    """The project's bibliography (references.bib beside this module)."""
    return load(BIB_FILE, "src/derivations/references.bib")[0]


def entry(key: str) -> Entry:
    try:
        return entries()[key]
    except KeyError:
        raise BibliographyError(f"no entry {key!r} in src/derivations/references.bib") from None


def labels() -> dict[str, str]:
    """The in-text label of every entry of the project's bibliography."""
    return load(BIB_FILE, "src/derivations/references.bib")[1]


def cite(*keys: str) -> tuple[Reference, ...]:
    """The references for a derivation module, read from the bibliography by key."""
    return tuple(
        Reference(key, e.authors, int(e.get("year")), e.get("title"), e.venue, doi=e.doi, arxiv=e.arxiv, web=e.get("url"))
        for key, e in ((key, entry(key)) for key in keys)
    )
