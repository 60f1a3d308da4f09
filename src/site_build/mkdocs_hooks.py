"""MkDocs hooks: put verified derivations, figures, citations and typeset math into the pages.

The only module besides gen_files.py that knows MkDocs exists. A page embeds, each on a line
of its own (outside code blocks):

    {{ derivation sigmoid-derivative }}
    {{ figure plot_focal_vs_ce }}
    {{ questions all }}      (the list of every check-yourself question, by section and page)

and cites works of src/derivations/references.bib as [@key] or @key. Every page gets a generated
references section, a "cite this page" section and scholarly metadata; every derivation a "cite
this derivation" box and its change record (published/versions.json). An unknown id or key, a
derivation that failed verification, or TeX that KaTeX cannot parse fails the build with the
page's path and line.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
from pathlib import Path

import yaml

from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Section
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

from site_build import dates, paths, published, questions
from site_build.citations import Citable, CitationError, cite_box, references_html, resolve
from site_build.derivations_bundle import load_bundle
from site_build.katex import Katex, KatexError, typeset_html
from site_build.markers import lines

LOG = logging.getLogger("mkdocs.plugins.ml_derived")
REFERENCES_HEADING = re.compile(r"^#{1,6}\s+(References|Bibliography)\s*$", re.I)

_katex: Katex | None = None
_bundle: dict = {}
_dates: dict = {}
_versions: dict = {}
_redirects: dict = {}
_questions: list = []  # [(section title, [(page title, src_uri, questions)])], in nav order
# For the build benchmark's floor: write every page, with its markers expanded, and every other
# file (generated ones included) into this folder, as the docs of a plain MkDocs project.
PLAIN_EXPORT = os.environ.get("ML_DERIVED_PLAIN_EXPORT")

# Worker processes and the derivation bundle import modules under the watched src/ and
# figures_src/; bytecode files written there would make `mkdocs serve` rebuild again.
os.environ["PYTHONDONTWRITEBYTECODE"] = "1"


def on_files(files, config):
    if PLAIN_EXPORT:
        for file in files:
            if not file.is_documentation_page():
                _export(file.src_uri, file.content_bytes)
    return files


def on_pre_build(config) -> None:
    """Once per build: every page reads the same bundle, dates and records."""
    global _bundle, _dates, _versions, _redirects
    _bundle = load_bundle(paths.CACHE)
    docs = Path(config["docs_dir"])
    try:
        published.embedded(docs)  # a derivation embedded on two pages fails here, naming both
        _versions, _redirects = published.versions(), published.redirects()
    except (published.PublishedError, ValueError) as error:
        raise PluginError(str(error)) from error
    _dates = dates.page_dates(docs)
    for derivation_id, entry in sorted(_bundle.items()):
        if "record" in entry:
            _report_change(derivation_id, entry["record"]["version"])


def _report_change(derivation_id: str, version: str) -> None:
    history = _versions.get(derivation_id, [])
    if not published.change(history, version).recorded:
        before = f"was {history[-1]['version']} (recorded {history[-1]['date']})" if history else "is new"
        LOG.info(f"derivation {derivation_id} changed: version {version}; the last recorded version {before}. "
                 "Run ./dev record to record it (CI checks this).")


def on_nav(nav, config, files):
    """Collect every page's check-yourself questions, grouped by the nav's top-level sections."""
    global _questions
    _questions = []
    for item in nav.items:
        pages = item.children if isinstance(item, Section) else []
        found = [(page.title, page.file.src_uri, questions.anchor_answers(get_data(page.file.content_string)[0])[1])
                 for page in pages if page.is_page]
        _questions.append((item.title, found))
    return nav


def on_page_markdown(markdown: str, page, config, files) -> str:
    figures = json.loads(files.get_file_from_path("figures/index.json").content_string)
    src_uri = page.file.src_uri
    offset = _front_matter_lines(page, markdown)
    markdown, _ = questions.anchor_answers(markdown)
    cited: list[str] = []
    changes: list[str] = []
    out = []
    for number, line, marker, fenced in lines(markdown, first=1 + offset):
        where = f"{src_uri}:{number}"
        if marker:
            line = _expand(marker["kind"], marker["id"], where, page, config, figures, cited, changes)
        elif not fenced:
            if REFERENCES_HEADING.match(line):
                raise PluginError(f"{where}: the references section is generated from the page's citations; "
                                  "delete this heading and its list, and cite works as [@key]")
            line = _resolve(line, where, cited)
        out.append(line)
    if not src_uri.startswith("source/"):
        out += _citation_sections(page, config, markdown, cited, changes)
    expanded = "\n".join(out)
    if PLAIN_EXPORT:
        _export(src_uri, f"---\n{yaml.safe_dump(page.meta)}---\n\n{expanded}".encode())
    return expanded


def _resolve(text: str, where: str, cited: list[str]) -> str:
    try:
        return resolve(text, where, cited)
    except CitationError as error:
        raise PluginError(str(error)) from error


def _citation_sections(page, config, markdown: str, cited: list[str], changes: list[str]) -> list[str]:
    """The references section, "cite this page", and the page's scholarly metadata."""
    first, last = dates.dated(_dates, page.file.src_uri)
    last = max([last, *changes])
    title = next((line[2:].strip() for line in markdown.split("\n") if line.startswith("# ")), page.title or "")
    url = config["site_url"] + page.url
    page.meta["mld_citation"] = {"title": title, "published": first.replace("-", "/"), "changed": last, "url": url}
    slug = page.url.strip("/").replace("/", "-")
    item = Citable(key=f"mlderived-{slug}" if slug else "mlderived", title=title, url=url, changed=last)
    bibtex = get_relative_url("references.bib", page.url)
    return ["", references_html(cited, bibtex) if cited else "", "", cite_box(item, heading="Cite this page")]


def _export(src_uri: str, content: bytes) -> None:
    target = Path(PLAIN_EXPORT) / src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)


def on_page_content(html_text: str, page, config, files) -> str:
    """Keep TeX out of the search index (the search plugin indexes the content after this hook): a formula's
    source is no use as a search result, and a smaller index costs every page less to load."""
    for tag in ("span", "div"):
        html_text = html_text.replace(f'<{tag} class="arithmatex">', f'<{tag} class="arithmatex" {_NOT_INDEXED}>')
    return html_text


_NOT_INDEXED = "data-search-exclude"


def on_post_page(html_text: str, page, config) -> str:
    """Typeset the math in the finished page. (After the search plugin has indexed the page, so the
    index holds the TeX, which is searchable and small, not KaTeX's markup.)"""
    global _katex
    _katex = _katex or Katex(cache_dir=paths.CACHE / "katex")
    html_text = html_text.replace(f'class="arithmatex" {_NOT_INDEXED}>', 'class="arithmatex">')  # indexed by now
    try:
        return _redirect_anchors(_accessible(typeset_html(html_text, _katex)), page)
    except KatexError as error:
        raise PluginError(f"{page.file.src_uri}:{_line_of_tex(page, str(error))}: cannot typeset math: {error}") from error


# Markup fixes found by the accessibility checks (tests/quality/test_accessibility.py):
# - a wide display equation scrolls sideways in its arithmatex <div>; a focusable equation inside lets
#   keyboard users scroll it (axe: scrollable-region-focusable);
# - Material's search dialog has no accessible name (axe: aria-dialog-name);
# - Material's script puts each code block's copy button in an unnamed <nav>, one navigation landmark per
#   code block; they are not navigation, so they lose the landmark role (axe: landmark-unique). The theme's
#   script (perhaps deferred) has run by DOMContentLoaded, so its `document$` exists then.
_ACCESSIBLE = {
    '<div class="arithmatex"><span class="katex-display">':
        '<div class="arithmatex"><span class="katex-display" tabindex="0">',
    '<div class="md-search" data-md-component="search" role="dialog">':
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">',
    "</body>":
        '<script>addEventListener("DOMContentLoaded", () => document$.subscribe(() => document'
        '.querySelectorAll(".md-code__nav").forEach(nav => nav.setAttribute("role", "none"))))</script>\n</body>',
}


def _accessible(html_text: str) -> str:
    for before, after in _ACCESSIBLE.items():
        html_text = html_text.replace(before, after)
    return html_text


def _redirect_anchors(html_text: str, page) -> str:
    """A page some of whose published anchors moved sends a reader who arrives at one to its new address."""
    moved = {}
    for old, new in _redirects.items():
        old_page, _, anchor = old.partition("#")
        if anchor and old_page == published.address(page.file.src_uri):
            target_page, _, target_anchor = new.partition("#")
            relative = get_relative_url(target_page.lstrip("/") or ".", page.url) if target_page != old_page else ""
            moved[f"#{anchor}"] = relative + (f"#{target_anchor}" if target_anchor else "")
    if not moved:
        return html_text
    script = f"<script>(function(m){{var t=m[location.hash];if(t)location.replace(t)}})({json.dumps(moved)})</script>"
    return html_text.replace("</head>", f"{script}\n</head>", 1)


def on_post_build(config) -> None:
    _close_katex()


def on_build_error(error) -> None:
    _close_katex()


def _close_katex() -> None:
    global _katex
    if _katex is not None:
        _katex.close()
        _katex = None


def _expand(kind: str, item: str, where: str, page, config, figures: dict, cited: list[str], changes: list[str]) -> str:
    if kind == "derivation":
        return _derivation(item, where, page, config, cited, changes)
    if kind == "figure":
        return _figure(item, where, page, figures)
    if kind == "questions" and item == "all":
        return questions.index_markdown([
            (section, [(title, get_relative_url(src, page.file.src_uri), found) for title, src, found in pages])
            for section, pages in _questions])
    raise PluginError(f"{where}: unknown marker {{{{ {kind} ... }}}}; use 'derivation ID', 'figure ID' or 'questions all'")


def _derivation(derivation_id: str, where: str, page, config, cited: list[str], changes: list[str]) -> str:
    entry = _bundle.get(derivation_id)
    if entry is None:
        raise PluginError(f"{where}: unknown derivation {derivation_id!r}; known: {', '.join(sorted(_bundle))}")
    if "error" in entry:
        raise PluginError(f"{where}: derivation {derivation_id!r} failed verification:\n{entry['error']}")
    record = entry["record"]
    for reference in record["references"]:
        _resolve(f"[@{reference['key']}]", f"{where}: derivation {derivation_id!r}", cited)
    change = published.change(_versions.get(derivation_id, []), record["version"])
    changes.append(change.date)
    history = (f"Changed on {change.date}; the previous version was `{change.previous}`." if change.previous
               else f"Published on {change.date}.")
    data = {kind: get_relative_url(f"derivations/{derivation_id}.{kind}", page.file.src_uri) for kind in ("json", "tex")}
    versions = get_relative_url("derivations/versions.json", page.file.src_uri)
    item = Citable(key=f"mlderived-{derivation_id}", title=record["title"], url=f"{config['site_url']}{page.url}#{derivation_id}",
                   changed=change.date, derivation=derivation_id, version=record["version"],
                   data_url=f"{config['site_url']}derivations/{derivation_id}.json")
    # The derivation's steps stay out of the search index (TeX and step reasons, most of the index otherwise;
    # its title and the page's prose about it are indexed): a smaller index loads faster on every page.
    return (f'\n<div class="mld-derivation" data-search-exclude markdown>\n\n{_resolve(entry["markdown"], where, cited)}\n'
            f"*{history} Machine-readable: [JSON]({data['json']}), [LaTeX]({data['tex']}); "
            f"[every version]({versions}).*\n\n</div>\n\n{cite_box(item, None, 'Cite this derivation')}\n")


def _figure(figure_id: str, where: str, page, figures: dict) -> str:
    meta = figures.get(figure_id)
    if meta is None:
        raise PluginError(f"{where}: unknown figure {figure_id!r}; known: {', '.join(sorted(figures))}")
    alt = html.escape(meta["alt"], quote=True)
    images = "".join(
        f'<img class="mld-{variant}" src="{get_relative_url(_figure_path(figure_id, variant, meta), page.url)}" '
        f'alt="{alt}" width="{meta["width"]}" height="{meta["height"]}" loading="lazy" decoding="async">'
        for variant in ("light", "dark")
    )
    source = get_relative_url(paths.source_page(meta["source"]).removesuffix(".md") + "/", page.url)
    caption = f'{html.escape(meta["caption"])} <a class="mld-source" href="{source}">Figure script</a>'
    return f'\n<figure class="mld-figure" id="figure-{figure_id}">{images}<figcaption>{caption}</figcaption></figure>\n'


def _figure_path(figure_id: str, variant: str, meta: dict) -> str:
    return f"figures/{figure_id}.{variant}.{meta['format']}"


def _front_matter_lines(page, markdown: str) -> int:
    """How many source lines MkDocs removed (the front matter) before handing us the Markdown."""
    source = page.file.content_string
    return max(0, source.count("\n") - markdown.count("\n"))


def _line_of_tex(page, message: str) -> int:
    """The source line holding the TeX KaTeX rejected (0 when it cannot be found)."""
    match = re.search(r"in: (.+)$", message, re.S)
    needle = match.group(1).strip()[:40] if match else ""
    for number, line in enumerate(page.file.content_string.split("\n"), start=1):
        if needle and needle in line:
            return number
    return 0
