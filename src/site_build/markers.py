"""The markers a page uses to embed verified content. No MkDocs here.

On a line of its own, outside fenced code: `{{ derivation ID }}` or `{{ figure ID }}`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

MARKER = re.compile(r"^\{\{\s*(?P<kind>[a-z]+)\s+(?P<id>[A-Za-z0-9_-]+)\s*\}\}\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


def lines(markdown: str, first: int = 1) -> Iterator[tuple[int, str, re.Match | None, bool]]:
    """(line number, line, marker match or None, inside fenced code) for each line."""
    in_fence = False
    for number, line in enumerate(markdown.split("\n"), start=first):
        if FENCE.match(line):
            in_fence = not in_fence
            yield number, line, None, True
            continue
        yield number, line, None if in_fence else MARKER.match(line), in_fence


def page_url(src_uri: str) -> str:
    """The site path of a page (directory URLs): 'losses/focal-loss.md' -> 'losses/focal-loss/'."""
    path = src_uri.removesuffix(".md")
    if path == "index" or path.endswith("/index"):
        return path.removesuffix("index")
    return path + "/"
