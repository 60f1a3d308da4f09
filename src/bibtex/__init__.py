"""A small BibTeX reader and the labels of its entries. Standard library only (no SymPy), so the
site's build glue and the derivation package can both use it.

It reads the subset of BibTeX the project's bibliography uses: `@type{key, field = {value},
field = "value", field = 123}`, `%` comments, UTF-8 text, braces that protect capitals. Every
entry needs an author, a title, a year and a DOI, an arXiv id (`eprint`) or, lacking both, a `url`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

KEY = re.compile(r"[a-z]+\d{4}[a-z]?")
_ENTRY = re.compile(r"@(?P<type>[A-Za-z]+)\s*\{\s*(?P<key>[^,\s]+)\s*,")
_FIELD = re.compile(r"\s*(?P<name>[A-Za-z_-]+)\s*=\s*")


class BibliographyError(ValueError):
    """The bibliography file is malformed, or a citation names no entry."""


@dataclass(frozen=True)
class Entry:
    key: str
    type: str
    fields: dict[str, str]
    line: int

    def get(self, name: str) -> str:
        return self.fields.get(name, "")

    @property
    def names(self) -> list[tuple[str, str]]:
        """(surname, given names) of each author."""
        people = [p.strip() for p in re.split(r"\s+and\s+", self.get("author"))]
        return [tuple(part.strip() for part in p.split(",", 1)) if "," in p else (p.rsplit(" ", 1)[-1], p.rsplit(" ", 1)[0])
                for p in people]

    @property
    def doi(self) -> str:
        return self.get("doi")

    @property
    def arxiv(self) -> str:
        return self.get("eprint")

    @property
    def url(self) -> str:
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else self.get("url")

    @property
    def authors(self) -> str:
        """APA-like: Lin, T.-Y., Goyal, P., & Dollár, P."""
        written = [f"{surname}, {_initials(given)}" if given else surname for surname, given in self.names]
        return written[0] if len(written) == 1 else ", ".join(written[:-1]) + ", & " + written[-1]

    @property
    def venue(self) -> str:
        """Journal, volume(number), pages; or proceedings or book, pages; or publisher."""
        pages = self.get("pages").replace("--", "–")
        if self.get("journal"):
            volume = self.get("volume") + (f"({self.get('number')})" if self.get("number") else "")
            return ", ".join(x for x in (self.get("journal") + (f" {volume}" if volume else ""), pages) if x)
        if self.get("booktitle"):
            return ", ".join(x for x in (self.get("booktitle"), pages) if x)
        edition = f"{self.get('edition')} edition" if self.get("edition") else ""
        return ", ".join(x for x in (edition, self.get("publisher") or self.get("howpublished")) if x)


def _initials(given: str) -> str:
    """'Tsung-Yi' -> 'T.-Y.', 'Philip H. S.' -> 'P. H. S.'"""
    return " ".join("-".join(part[0] + "." for part in word.split("-") if part) for word in given.split())


def parse(text: str, source: str = "references.bib") -> dict[str, Entry]:
    """Every entry of a BibTeX text, by key. Errors name `source:line`."""
    entries: dict[str, Entry] = {}
    position = 0
    while (match := _ENTRY.search(text, position)) is not None:
        line = text.count("\n", 0, match.start()) + 1
        where = f"{source}:{line}"
        key, kind = match["key"], match["type"].lower()
        fields, position = _fields(text, match.end(), where)
        if kind == "comment":
            continue
        if not KEY.fullmatch(key):
            raise BibliographyError(f"{where}: key {key!r} should be a surname, a year and an optional letter (lin2017)")
        if key in entries:
            raise BibliographyError(f"{where}: key {key!r} is already used on line {entries[key].line}")
        missing = [name for name in ("author", "title", "year") if not fields.get(name)]
        if missing:
            raise BibliographyError(f"{where}: entry {key!r} has no {', '.join(missing)}")
        if not (fields.get("doi") or fields.get("eprint") or fields.get("url")):
            raise BibliographyError(f"{where}: entry {key!r} needs a doi, an eprint (arXiv id) or, lacking both, a url")
        entries[key] = Entry(key, kind, fields, line)
    return entries


def _fields(text: str, start: int, where: str) -> tuple[dict[str, str], int]:
    """The fields from `start` up to the entry's closing brace, and the position after it."""
    fields, i = {}, start
    while True:
        i = _skip_space(text, i)
        if i >= len(text):
            raise BibliographyError(f"{where}: entry is not closed with '}}'")
        if text[i] == "}":
            return fields, i + 1
        match = _FIELD.match(text, i)
        if not match:
            raise BibliographyError(f"{where}: cannot read a field at {text[i:i + 30]!r}")
        value, i = _value(text, match.end(), where)
        fields[match["name"].lower()] = " ".join(value.replace("{", "").replace("}", "").split())
        i = _skip_space(text, i)
        if i < len(text) and text[i] == ",":
            i += 1


def _value(text: str, i: int, where: str) -> tuple[str, int]:
    if text[i] in "{\"":
        closing, depth, j = "}" if text[i] == "{" else '"', 0, i
        while j < len(text):
            char = text[j]
            if char == "{":
                depth += 1
            elif char == "}" and (depth := depth - 1) == 0 and closing == "}":
                return text[i + 1:j], j + 1
            elif char == '"' and closing == '"' and j > i and depth == 0:
                return text[i + 1:j], j + 1
            j += 1
        raise BibliographyError(f"{where}: unterminated value")
    match = re.compile(r"[A-Za-z0-9_.-]+").match(text, i)
    if not match:
        raise BibliographyError(f"{where}: cannot read a value at {text[i:i + 30]!r}")
    return match.group(), match.end()


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and (text[i].isspace() or text[i] == "%"):
        i = text.find("\n", i) + 1 or len(text) if text[i] == "%" else i + 1
    return i


def labels_of(bibliography: dict[str, Entry]) -> dict[str, str]:
    """The in-text label of every entry ('Lin et al., 2017'), with a letter after the year when two
    entries would otherwise share one ('He et al., 2015a')."""
    plain = {key: _label(e) for key, e in bibliography.items()}
    groups = defaultdict(list)
    for key, label in plain.items():
        groups[label].append(key)
    result = dict(plain)
    for label, keys in groups.items():
        if len(keys) > 1:
            for letter, key in zip("abcdefghijklmnopqrstuvwxyz", sorted(keys)):
                result[key] = f"{label}{letter}"
    return result


def _label(e: Entry) -> str:
    surnames = [surname for surname, _given in e.names]
    who = surnames[0] if len(surnames) == 1 else " & ".join(surnames) if len(surnames) == 2 else f"{surnames[0]} et al."
    return f"{who}, {e.get('year')}"


@lru_cache(maxsize=None)
def load(path: Path, name: str) -> tuple[dict[str, Entry], dict[str, str]]:
    """A bibliography file's entries and their labels, read once per process; errors name `name`:line."""
    found = parse(path.read_text(encoding="utf-8"), name)
    return found, labels_of(found)
