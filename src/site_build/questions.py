"""Check-yourself questions: find them in a page, give each answer an anchor, and list them all.

A question is a collapsed block `??? question "The question?"` whose indented body is the answer.
Its anchor, `q-<slug of the question>`, sits at the start of the answer, so a link to it opens the
block in the browser. The interview-questions page embeds the list with `{{ questions all }}`.
No MkDocs here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from site_build.markers import lines

QUESTION = re.compile(r'^\?\?\?\+?\s+question\s+"(?P<title>.+)"\s*$')


@dataclass(frozen=True)
class Question:
    title: str
    anchor: str
    line: int


def slug(text: str, limit: int = 60) -> str:
    """`q-` and the question's words, as many whole words as fit in `limit` characters."""
    kept: list[str] = []
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if kept and len("-".join([*kept, word])) > limit:
            break
        kept.append(word)
    return "q-" + "-".join(kept)


def anchor_answers(markdown: str, first: int = 1) -> tuple[str, list[Question]]:
    """The page with an anchor at the start of every answer, and its questions in order."""
    out, found, pending = [], [], None
    for number, line, _, fenced in lines(markdown, first):
        match = None if fenced else QUESTION.match(line)
        if match:
            anchor = _unique(slug(match["title"]), {q.anchor for q in found})
            pending = Question(match["title"], anchor, number)
            found.append(pending)
        elif pending and line.strip():
            body = line.lstrip()
            indent = line[: len(line) - len(body)]
            out.append(f'{indent}<span id="{pending.anchor}"></span>' + ("\n\n" + line if _starts_block(body) else body))
            pending = None
            continue
        out.append(line)
    return "\n".join(out), found


def _starts_block(text: str) -> bool:
    """Whether the answer opens with something an inline anchor in front of it would break."""
    return bool(re.match(r"([-*+]|\d+\.)\s|```|~~~|\||\$\$|<", text))


def _unique(anchor: str, taken: set[str]) -> str:
    candidate, n = anchor, 2
    while candidate in taken:
        candidate, n = f"{anchor}-{n}", n + 1
    return candidate


def index_markdown(sections: list[tuple[str, list[tuple[str, str, list[Question]]]]]) -> str:
    """The list: a heading per section, a sub-heading per page, each question a link to its answer.
    sections: (section title, [(page title, relative link to the page's Markdown file, questions)])."""
    out = []
    for section, pages in sections:
        pages = [page for page in pages if page[2]]
        if not pages:
            continue
        out += [f"## Questions on {section.lower()}", ""]  # not the bare section name: the table of contents
        # would then hold a landmark with the same name as the site navigation's (axe: landmark-unique)
        for title, url, questions in pages:
            out += [f"### [{title}]({url})", ""]
            out += [f"- [{_escape(q.title)}]({url}#{q.anchor})" for q in questions]
            out.append("")
    return "\n".join(out)


def _escape(text: str) -> str:
    return re.sub(r"([\[\]])", r"\\\1", text)
