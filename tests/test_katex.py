import os
import re
import signal

import markdown
import pytest

from site_build import katex as katex_module
from site_build.katex import (
    ASSET_DIR,
    STYLESHEET,
    Katex,
    KatexError,
    KatexUnavailableError,
    asset_files,
    typeset_html,
)


@pytest.fixture(scope="module")
def katex():
    with Katex() as shared:
        yield shared


def arithmatex(text: str) -> str:
    return markdown.markdown(
        text,
        extensions=["pymdownx.arithmatex"],
        extension_configs={"pymdownx.arithmatex": {"generic": True}},
    )


def test_inline_math_is_katex_html_with_mathml(katex):
    html = katex.render(r"\alpha^2", display=False)
    assert html.startswith('<span class="katex">')
    assert "katex-display" not in html
    assert "<math" in html


def test_display_math_is_katex_display(katex):
    assert katex.render(r"\sum_{i=1}^n x_i", display=True).startswith('<span class="katex-display">')


def test_tag_is_rendered(katex):
    html = katex.render(r"x^2 \tag{3}", display=True)
    assert 'class="katex-tag"' in html
    assert "<mtext>(3)</mtext>" in html


def test_malformed_tex_raises_katex_message(katex):
    with pytest.raises(KatexError, match="KaTeX parse error") as caught:
        katex.render(r"\frac{1}{", display=False)
    assert caught.value.tex == r"\frac{1}{"
    assert r"\frac{1}{" in str(caught.value)
    assert "katex" in katex.render("x", display=False)  # the process survives the error


def test_one_process_serves_every_formula(katex):
    katex.render("y", display=False)
    pid = katex.pid
    for i in range(200):
        katex.render(rf"\frac{{{i}}}{{x_{{{i}}}}}", display=i % 2 == 0)
    assert katex.pid == pid


def test_repeated_formula_is_served_from_the_cache():
    with Katex() as fresh:
        first = fresh.render(r"e^{i\pi}", display=True)
    assert fresh.pid is None
    assert fresh.render(r"e^{i\pi}", display=True) == first
    assert fresh.pid is None  # no process was needed


def test_a_dead_process_is_reported_then_replaced():
    with Katex() as fresh:
        fresh.render("a", display=False)
        os.kill(fresh.pid, signal.SIGKILL)
        with pytest.raises(KatexUnavailableError, match="process failed"):
            fresh.render("b", display=False)
        assert "katex" in fresh.render("b", display=False)


def test_typeset_html_replaces_arithmatex_output(katex):
    page = arithmatex("Inline $a<b$ and \\(c>d\\) and $x \\& y$.\n\n$$x^2 \\tag{1}$$\n")
    assert page.count('class="arithmatex"') == 4  # the sample really went through arithmatex

    typeset = typeset_html(page, katex)

    for delimiter in ("\\(", "\\)", "\\[", "\\]", "$"):
        assert delimiter not in typeset
    assert typeset.count('<span class="katex">') == 4
    assert re.search(r'<div class="arithmatex"><span class="katex-display">.*katex-tag', typeset)
    # The TeX reached KaTeX unescaped: its annotation holds "a<b", escaped once.
    assert '<annotation encoding="application/x-tex">a&lt;b</annotation>' in typeset
    assert "&amp;lt;" not in typeset


def test_typeset_html_names_the_bad_formula(katex):
    page = arithmatex("Broken: $\\frac{1}{$\n")
    with pytest.raises(KatexError, match=re.escape(r"in: \frac{1}{")):
        typeset_html(page, katex)


def test_missing_katex_package_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(katex_module, "KATEX_DIR", tmp_path / "node_modules" / "katex")
    with pytest.raises(KatexUnavailableError, match="npm ci"):
        Katex().render("x", display=False)
    with pytest.raises(KatexUnavailableError, match="npm ci"):
        asset_files()


def test_missing_node_says_so(monkeypatch):
    monkeypatch.setenv("PATH", "")
    with pytest.raises(KatexUnavailableError, match="Node.js"):
        Katex().render("x", display=False)


def test_assets_are_the_stylesheet_and_every_font_it_names():
    assets = asset_files()
    css = assets[STYLESHEET].decode()
    urls = re.findall(r"url\(([^)]+)\)", css)

    assert len(urls) == css.count("@font-face") > 0  # one woff2 source per font
    assert {f"{ASSET_DIR}/{url}" for url in urls} == set(assets) - {STYLESHEET}
    for url in urls:
        assert url.endswith(".woff2")
        assert assets[f"{ASSET_DIR}/{url}"].startswith(b"wOF2")


def test_disk_cache_serves_a_later_build_without_node(tmp_path):
    with Katex(cache_dir=tmp_path) as first:
        html = first.render(r"\frac{a}{b}", display=True)
        first.render("x^2", display=False)
    with Katex(cache_dir=tmp_path) as second:
        assert second.render(r"\frac{a}{b}", display=True) == html
        assert second.pid is None  # no Node process was needed
    with Katex(cache_dir=tmp_path) as third:  # the second build used one formula: the other dropped out
        third.render("x^2", display=False)
        assert third.pid is not None


def test_disk_cache_learns_new_formulas(tmp_path):
    with Katex(cache_dir=tmp_path) as first:
        first.render("a", display=False)
    with Katex(cache_dir=tmp_path) as second:  # one known formula, one new
        second.render("a", display=False)
        second.render("b", display=False)
    with Katex(cache_dir=tmp_path) as third:
        third.render("a", display=False)
        third.render("b", display=False)
        assert third.pid is None
