"""Citations in pages, the references section they produce, and "cite this" boxes. No MkDocs here.

A page cites an entry of src/derivations/references.bib as `[@key]` or `[@a; @b]` (parenthetical:
"(Lin et al., 2017)") or `@key` (narrative: "Lin et al. (2017)"), outside code. Each citation links
to the page's references section, which lists every work cited in the page's text or by a
derivation it embeds.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bibtex import KEY, Entry, load

from site_build import paths

AUTHOR = "The ML Derived contributors"
SITE = "ML Derived"
_PARENTHETICAL = re.compile(rf"\[\s*(@{KEY.pattern}(?:\s*;\s*@{KEY.pattern})*)\s*\]")
_NARRATIVE = re.compile(rf"(?<![\w@.\[/-])@({KEY.pattern})\b")
_CODE = re.compile(r"(`+).*?\1")


class CitationError(ValueError):
    """A citation names a key the bibliography does not have."""


def entries() -> dict[str, Entry]:
    return load(paths.BIBLIOGRAPHY, paths.BIBLIOGRAPHY.relative_to(paths.ROOT).as_posix())[0]


def labels() -> dict[str, str]:
    return load(paths.BIBLIOGRAPHY, paths.BIBLIOGRAPHY.relative_to(paths.ROOT).as_posix())[1]


def resolve(line: str, where: str, cited: list[str]) -> str:
    """The line with its citations turned into links; each key cited is appended to `cited`."""
    pieces, last = [], 0
    for code in _CODE.finditer(line):
        pieces += [_resolve_text(line[last:code.start()], where, cited), code.group()]
        last = code.end()
    return "".join(pieces) + _resolve_text(line[last:], where, cited)


def _resolve_text(text: str, where: str, cited: list[str]) -> str:
    def parenthetical(match: re.Match) -> str:
        keys = [k.strip().lstrip("@") for k in match.group(1).split(";")]
        return "(" + "; ".join(_link(_known(key, where, cited), labels()[key]) for key in keys) + ")"

    def narrative(match: re.Match) -> str:
        key = _known(match.group(1), where, cited)
        who, year = labels()[key].rsplit(", ", 1)
        return _link(key, f"{who} ({year})")

    return _NARRATIVE.sub(narrative, _PARENTHETICAL.sub(parenthetical, text))


def _known(key: str, where: str, cited: list[str]) -> str:
    if key not in entries():
        raise CitationError(f"{where}: unknown reference key {key!r}; add it to src/derivations/references.bib")
    if key not in cited:
        cited.append(key)
    return key


def _link(key: str, text: str) -> str:
    return f'<a class="mld-cite" href="#ref-{key}">{html.escape(text)}</a>'


def references_html(keys: list[str], bibtex_url: str) -> str:
    """The references section: every cited work, ordered by author and year."""
    ordered = sorted(set(keys), key=lambda k: (labels()[k].lower(), k))
    items = "\n".join(f'<li id="ref-{key}">{_reference(key)}</li>' for key in ordered)
    return (f'## References\n\n<ul class="mld-references">\n{items}\n</ul>\n\n'
            f'<p class="mld-bibtex-all">Every reference on this site as <a href="{bibtex_url}">BibTeX</a>.</p>\n')


def _reference(key: str) -> str:
    e = entries()[key]
    links = [f'<a href="https://doi.org/{e.doi}">doi:{html.escape(e.doi)}</a>'] if e.doi else []
    links += [f'<a href="https://arxiv.org/abs/{e.arxiv}">arXiv:{html.escape(e.arxiv)}</a>'] if e.arxiv else []
    if not links:
        links = [f'<a href="{html.escape(e.url)}">{html.escape(e.url.split("://", 1)[-1])}</a>']
    venue = f" <em>{html.escape(e.venue)}</em>." if e.venue else ""
    return f"{html.escape(e.authors)} ({e.get('year')}). {html.escape(e.get('title'))}.{venue} {' · '.join(links)}"


@dataclass(frozen=True)
class Citable:
    """What a citer needs: a title, the URL with its anchor, the date of the last change, and for a
    derivation its id and version hash."""

    key: str
    title: str
    url: str
    changed: str  # YYYY-MM-DD
    derivation: str = ""
    version: str = ""
    data_url: str = ""

    def bibtex(self) -> str:
        what = f"ML Derived, derivation {self.derivation}" if self.derivation else SITE
        fields = [("author", f"{{{AUTHOR}}}"), ("title", _bibtex_text(self.title)), ("howpublished", what),
                  ("year", self.changed[:4]), ("url", self.url)]
        if self.version:
            fields += [("version", self.version)]
        note = f"Last changed {self.changed}"
        if self.derivation:
            note = f"Derivation {self.derivation}, version {self.version}. {note}. Machine-readable: {self.data_url}"
        fields += [("note", note)]
        width = max(len(name) for name, _value in fields)
        body = ",\n".join(f"  {name.ljust(width)} = {{{value}}}" for name, value in fields)
        return f"@misc{{{self.key},\n{body}\n}}"

    def text(self) -> str:
        """APA-like: author (date). title [derivation id, version]. site. URL"""
        version = f" [Derivation {self.derivation}, version {self.version}]" if self.derivation else ""
        return f"{AUTHOR}. ({_apa_date(self.changed)}). {self.title}{version}. {SITE}. {self.url}"


def _bibtex_text(text: str) -> str:
    """A title for BibTeX: braces keep its capitals, TeX's special characters are escaped."""
    escaped = re.sub(r"([&%$#_])", r"\\\1", text)
    return re.sub(r"\b([A-Z][A-Za-z]*[A-Z][A-Za-z]*|[A-Z])\b", r"{\1}", escaped)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def _apa_date(day: str) -> str:
    year, month, date = day.split("-")
    return f"{year}, {_MONTHS[int(month) - 1]} {int(date)}"


def cite_box(item: Citable, heading: str | None, collapsed_title: str | None = None) -> str:
    """Markdown for a "cite this" box: BibTeX and plain text, each in a code block with a copy button.
    With `heading` it is a section; with `collapsed_title` a collapsed block (inside a derivation)."""
    blocks = ["``` { .bibtex .mld-wrap }", item.bibtex(), "```", "", "``` { .text .mld-wrap }", item.text(), "```"]
    if heading:
        return "\n".join([f"## {heading} {{ data-search-exclude }}", "", *blocks, ""])
    indented = "\n".join(f"    {line}" if line else "" for line in "\n".join(blocks).split("\n"))
    # Out of the search index, like the page's box: it repeats the page's title and address.
    return f'<div data-search-exclude markdown>\n\n??? quote "{collapsed_title}"\n\n{indented}\n\n</div>\n'
