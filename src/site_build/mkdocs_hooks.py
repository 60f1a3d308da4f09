"""MkDocs hooks: put verified derivations, figures and typeset math into the pages.

The only module besides gen_files.py that knows MkDocs exists. A page embeds, each on a line
of its own (outside code blocks):

    {{ derivation sigmoid-derivative }}
    {{ figure plot_focal_vs_ce }}

An unknown id, a derivation that failed verification, or TeX that KaTeX cannot parse fails
the build with the page's path and line.
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import yaml

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from site_build import paths
from site_build.derivations_bundle import load_bundle
from site_build.katex import Katex, KatexError, typeset_html

MARKER = re.compile(r"^\{\{\s*(?P<kind>[a-z]+)\s+(?P<id>[A-Za-z0-9_-]+)\s*\}\}\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")

_katex: Katex | None = None
_bundle: dict = {}
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
    global _bundle
    _bundle = load_bundle(paths.CACHE)  # once per build: every page reads the same bundle


def on_page_markdown(markdown: str, page, config, files) -> str:
    figures = json.loads(files.get_file_from_path("figures/index.json").content_string)
    bundle = _bundle
    offset = _front_matter_lines(page, markdown)
    out, in_fence = [], False
    for number, line in enumerate(markdown.split("\n"), start=1 + offset):
        if FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else MARKER.match(line)
        if match:
            where = f"{page.file.src_uri}:{number}"
            line = _expand(match["kind"], match["id"], where, page, figures, bundle)
        out.append(line)
    expanded = "\n".join(out)
    if PLAIN_EXPORT:
        _export(page.file.src_uri, f"---\n{yaml.safe_dump(page.meta)}---\n\n{expanded}".encode())
    return expanded


def _export(src_uri: str, content: bytes) -> None:
    target = Path(PLAIN_EXPORT) / src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)


def on_post_page(html_text: str, page, config) -> str:
    """Typeset the math in the finished page. (After the search plugin has indexed the page, so the
    index holds the TeX, which is searchable and small, not KaTeX's markup.)"""
    global _katex
    _katex = _katex or Katex(cache_dir=paths.CACHE / "katex")
    try:
        return _accessible(typeset_html(html_text, _katex))
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


def on_post_build(config) -> None:
    _close_katex()


def on_build_error(error) -> None:
    _close_katex()


def _close_katex() -> None:
    global _katex
    if _katex is not None:
        _katex.close()
        _katex = None


def _expand(kind: str, item: str, where: str, page, figures: dict, bundle: dict) -> str:
    if kind == "derivation":
        return _derivation(item, where, bundle)
    if kind == "figure":
        return _figure(item, where, page, figures)
    raise PluginError(f"{where}: unknown marker {{{{ {kind} ... }}}}; use 'derivation' or 'figure'")


def _derivation(derivation_id: str, where: str, bundle: dict) -> str:
    entry = bundle.get(derivation_id)
    if entry is None:
        raise PluginError(f"{where}: unknown derivation {derivation_id!r}; known: {', '.join(sorted(bundle))}")
    if "error" in entry:
        raise PluginError(f"{where}: derivation {derivation_id!r} failed verification:\n{entry['error']}")
    return f'\n<div class="mld-derivation" markdown>\n\n{entry["markdown"]}\n</div>\n'


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
