"""The real site, built with --strict: embedded derivations, figures and typeset math."""

import json
import re

import pytest
from sitetools import ROOT, markers, page_html

DOCS = ROOT / "docs"


def test_pages_embed_derivations_and_figures():
    kinds = {kind for _page, kind, _id in markers(DOCS)}
    assert kinds == {"derivation", "figure"}


def test_every_figure_marker_renders_both_variants_with_alt_text(site):
    for page, kind, figure_id in markers(DOCS):
        if kind != "figure":
            continue
        html = page_html(site, DOCS, page)
        block = re.search(rf'<figure class="mld-figure" id="figure-{figure_id}">(.*?)</figure>', html, re.S)
        assert block, f"{page}: figure {figure_id} missing"
        images = re.findall(r'<img class="mld-(light|dark)" src="([^"]+)" alt="([^"]*)"', block.group(1))
        assert [variant for variant, _src, _alt in images] == ["light", "dark"]
        for _variant, src, alt in images:
            assert len(alt) > 40, f"{figure_id}: alt text too short"
            assert (site / page.relative_to(DOCS).with_suffix("") / src).resolve().is_file()
        assert "<figcaption>" in block.group(1)


def test_every_derivation_marker_renders_every_step_with_its_anchor(site):
    exported = {d["id"]: d for d in json.loads((site / "derivations.json").read_text())["derivations"]}
    for page, kind, derivation_id in markers(DOCS):
        if kind != "derivation":
            continue
        html = page_html(site, DOCS, page)
        record = exported[derivation_id]
        assert f'id="{derivation_id}"' in html
        for step in record["steps"]:
            assert f'id="{step["anchor"]}"' in html, f"{page}: anchor {step['anchor']} missing"
        assert record["version"] in html
        assert html.count('class="katex-display"') >= len(record["steps"])


def test_math_is_typeset_and_no_marker_or_raw_tex_is_left(site):
    for page in DOCS.rglob("*.md"):
        html = page_html(site, DOCS, page)
        assert "{{ derivation" not in html and "{{ figure" not in html or "contributing" in str(page)
        for block in re.findall(r'<(?:span|div) class="arithmatex">(.*?)</(?:span|div)>', html, re.S):
            assert block.startswith("<span class=\"katex"), block[:80]


def test_the_site_references_no_other_host(site):
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for tag in re.findall(r'<(script|link|img|iframe|source)\b(?![^>]*rel="canonical")[^>]*?(?:src|href)="(?:https?:)?//', html):
            pytest.fail(f"{path}: a <{tag}> loads from another host")
    css = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "@import url(http" not in css


def test_katex_fonts_are_served_by_the_site(site):
    css = (site / "assets/katex/katex.min.css").read_text(encoding="utf-8")
    fonts = re.findall(r"url\(([^)]+\.woff2)\)", css)
    assert fonts
    for font in fonts:
        assert (site / "assets/katex" / font).is_file()
