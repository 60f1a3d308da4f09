"""Every page in a real Chromium: no errors, nothing fetched from elsewhere, images and math rendered,
and figures that follow the palette.

Each page is visited once (light palette: load, scroll every image into view; then switch to the dark
palette and do it again); the tests below each assert one thing about that visit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from sitetools import ROOT, markers

TIMEOUT = 30_000  # ms: a page that hangs fails instead of hanging the suite
DOCS = ROOT / "docs"
# The pages that embed a figure, by path ("losses/focal-loss/"): the Markdown files with a figure marker.
FIGURE_PAGES = sorted({(md.relative_to(DOCS).with_suffix("").as_posix() + "/").removeprefix("index/")
                       for md, kind, _ in markers(DOCS) if kind == "figure"})
LOCAL_SCHEMES = {"data", "blob", "about"}

# Scroll each visible image into view (lazy images load only then) and describe every image.
IMAGES = """async () => {
  const images = [...document.querySelectorAll("img")];
  for (const img of images.filter(i => i.checkVisibility())) {
    img.scrollIntoView({block: "center"});
    if (!img.complete) await new Promise(done => { img.onload = img.onerror = done; setTimeout(done, 10000); });
  }
  return images.map(i => ({src: i.currentSrc || i.src, alt: (i.getAttribute("alt") || "").trim(),
                           visible: i.checkVisibility(), width: i.naturalWidth}));
}"""
# Text a reader sees (code excluded) that still holds TeX delimiters, and math KaTeX did not typeset.
RAW_TEX = r"""() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const raw = [];
  for (let node; (node = walker.nextNode());) {
    const parent = node.parentElement;
    if (parent.closest("pre, code, script, style, .katex-mathml") || !parent.checkVisibility()) continue;
    if (["\\(", "\\[", "$$"].some(d => node.data.includes(d))) raw.push(node.data.trim().slice(0, 80));
  }
  const untypeset = [...document.querySelectorAll(".arithmatex")].filter(m => !m.querySelector(".katex"));
  return raw.concat(untypeset.map(m => "untypeset: " + m.textContent.trim().slice(0, 80)));
}"""
# For each figure: the images it shows (class, source, loaded).
FIGURES = """() => [...document.querySelectorAll("figure.mld-figure")].map(f => ({
  id: f.id,
  shown: [...f.querySelectorAll("img")].filter(i => i.checkVisibility())
           .map(i => ({cls: i.className, src: i.currentSrc || i.src, width: i.naturalWidth}))}))"""


@dataclass
class Visit:
    """What one page did in the browser."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    failed: list[str] = field(default_factory=list)  # failed requests and HTTP errors
    images: list[dict] = field(default_factory=list)  # every <img>, in either palette
    raw_tex: list[str] = field(default_factory=list)
    figures: dict[str, list[dict]] = field(default_factory=dict)  # palette: what each figure shows


@pytest.fixture(scope="module")
def visits(browser, server):
    """Visit each page once, on demand: the page's Visit (or, for every test of it, the visit's error)."""
    cache: dict[str, Visit | Exception] = {}

    def visit(path: str) -> Visit:
        if path not in cache:
            try:
                cache[path] = _visit(browser, server + path)
            except Exception as error:  # a page that timed out once is not retried by each test
                cache[path] = error
        if isinstance(cache[path], Exception):
            raise cache[path]
        return cache[path]

    return visit


def _visit(browser, url: str) -> Visit:
    seen = Visit()
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and seen.errors.append(f"console: {m.text} ({m.location})"))
    page.on("pageerror", lambda e: seen.errors.append(f"uncaught: {e}"))
    page.on("request", lambda r: seen.requests.append(r.url))
    page.on("requestfailed", lambda r: seen.failed.append(f"{r.url}: {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and seen.failed.append(f"{r.url}: HTTP {r.status}"))
    try:
        page.goto(url, wait_until="load", timeout=TIMEOUT)
        seen.images = page.evaluate(IMAGES)
        seen.raw_tex = page.evaluate(RAW_TEX)
        seen.figures["light"] = page.evaluate(FIGURES)
        page.locator("label[for=__palette_1]").click()  # Material's toggle: "Switch to dark mode"
        page.wait_for_selector("body[data-md-color-scheme=slate]")
        seen.images += page.evaluate(IMAGES)
        seen.figures["dark"] = page.evaluate(FIGURES)
        page.wait_for_load_state("networkidle", timeout=TIMEOUT)
    finally:
        context.close()
    return seen


def _bullets(items) -> str:
    return "".join(f"\n  - {item}" for item in items)


def test_every_page_is_checked(pages, parametrized_pages):
    assert sorted(parametrized_pages) == sorted(pages), "conftest.expected_pages() differs from the built pages"


def test_no_console_errors(visits, page_path):
    errors = visits(page_path).errors
    assert not errors, f"/{page_path} logged errors:{_bullets(errors)}"


def test_no_failed_requests(visits, page_path):
    failed = visits(page_path).failed
    assert not failed, f"/{page_path} had failed requests:{_bullets(failed)}"


def test_only_local_requests(visits, server, page_path):
    host = urlsplit(server).netloc
    foreign = [url for url in visits(page_path).requests
               if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).netloc != host]
    assert not foreign, f"/{page_path} requested other hosts:{_bullets(foreign)}"


def test_images_load_and_have_alt_text(visits, page_path):
    images = visits(page_path).images
    broken = [i["src"] for i in images if i["visible"] and i["width"] == 0]
    no_alt = [i["src"] for i in images if not i["alt"]]
    assert not broken, f"/{page_path}: images that did not load:{_bullets(broken)}"
    assert not no_alt, f"/{page_path}: images without alt text:{_bullets(no_alt)}"


def test_math_is_typeset(visits, page_path):
    raw = visits(page_path).raw_tex
    assert not raw, f"/{page_path} shows raw TeX:{_bullets(raw)}"


@pytest.mark.parametrize("palette", ["light", "dark"])
@pytest.mark.parametrize("figure_page", FIGURE_PAGES, ids=lambda path: path.rstrip("/") or "home")
def test_figures_follow_the_palette(visits, figure_page, palette):
    """Each figure shows exactly one image, its variant for the palette (switched with the header's toggle)."""
    figures = visits(figure_page).figures[palette]
    assert figures, f"/{figure_page} embeds a figure, but shows no figure.mld-figure"
    for figure in figures:
        where = f"/{figure_page} #{figure['id']} ({palette} palette)"
        assert len(figure["shown"]) == 1, f"{where}: {len(figure['shown'])} images visible"
        image = figure["shown"][0]
        assert image["cls"] == f"mld-{palette}", f"{where} shows {image}"
        assert image["src"].endswith((f".{palette}.svg", f".{palette}.png")), f"{where} shows {image}"
        assert image["width"] > 0, f"{where}: the image did not load"


def test_a_link_on_the_interview_page_opens_the_answer(browser, server):
    """The answer's anchor sits inside the collapsed question, so Chromium opens the block on arrival."""
    page = browser.new_page()
    try:
        page.goto(server + "interview-questions/", timeout=TIMEOUT)
        link = page.locator("article li a[href*='#q-']").nth(5)
        target = link.get_attribute("href").split("#")[1]
        link.click()
        page.wait_for_url(f"**#{target}", timeout=TIMEOUT)
        assert page.evaluate(f"document.getElementById('{target}').closest('details').open")
        assert page.evaluate(f"document.getElementById('{target}').getBoundingClientRect().top") >= 0
    finally:
        page.close()
