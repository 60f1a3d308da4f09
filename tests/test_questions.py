"""Check-yourself questions: every answer gets an anchor, and the interview-questions page lists every
question on the site, linked to its answer."""

import re

from sitetools import ROOT, page_html

from site_build.questions import anchor_answers, slug

DOCS = ROOT / "docs"
FENCED = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
QUESTION_LINE = re.compile(r'^\?\?\? question "(.+)"$', re.M)


def test_an_answer_gets_an_anchor_made_of_whole_words_of_its_question():
    assert slug("What is ReLU's derivative at zero?") == "q-what-is-relu-s-derivative-at-zero"
    long = slug("Two files in different folders have identical contents. How many blobs does Git store?")
    assert len(long) <= 62 and long.endswith("-how")  # whole words, at most 60 characters after q-


def test_anchors_are_unique_and_code_is_left_alone():
    page = ('??? question "Why?"\n\n    Because.\n\n??? question "Why?"\n\n    - a list answer\n\n'
            '```text\n??? question "Not a question"\n```\n')
    out, found = anchor_answers(page)
    assert [q.anchor for q in found] == ["q-why", "q-why-2"]
    assert '    <span id="q-why"></span>Because.' in out
    assert '    <span id="q-why-2"></span>\n\n    - a list answer' in out  # a list still starts a list
    assert '??? question "Not a question"' in out and "q-not" not in out


def _questions_in_docs() -> dict[str, list[str]]:
    """Every page's questions, found here by a plain regular expression over the sources."""
    found = {}
    for page in sorted(DOCS.rglob("*.md")):
        titles = QUESTION_LINE.findall(FENCED.sub("", page.read_text(encoding="utf-8")))
        if titles:
            found[page.relative_to(DOCS).with_suffix("").as_posix()] = titles
    return found


def test_the_index_links_every_question_to_its_answer(site):
    index = page_html(site, DOCS, DOCS / "interview-questions.md")
    links = re.findall(r'<li><a href="\.\./([^"#]+)/#(q-[^"]+)">(.*?)</a></li>', index)
    expected = _questions_in_docs()
    assert len(links) == sum(len(titles) for titles in expected.values()) > 100
    listed = {}
    for page, anchor, _title in links:
        listed.setdefault(page, []).append(anchor)
        html = page_html(site, DOCS, DOCS / f"{page}.md")
        # The anchor sits inside the collapsed question block, so following the link opens it.
        assert re.search(rf'<details class="question">\s*<summary>.*?</summary>\s*<p><span id="{anchor}">', html, re.S), (page, anchor)
    assert {page: len(anchors) for page, anchors in listed.items()} == {page: len(t) for page, t in expected.items()}


def test_the_index_groups_questions_by_section_in_nav_order(site):
    index = page_html(site, DOCS, DOCS / "interview-questions.md")
    sections = re.findall(r'<h2 id="[^"]*">([^<&]+)', index)
    assert sections[:3] == ["Questions on foundations", "Questions on training", "Questions on losses"]
    assert not any("interview" in section for section in sections)
