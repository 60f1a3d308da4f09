"""What a first visit to each page costs: the bytes transferred with an empty cache.

Each page is loaded in a fresh browser context (empty cache) and scrolled to the bottom, step by step,
so lazy images load; every response until the network is quiet counts. The loopback server does not
compress, so the bytes counted are those a compressing host (GitHub Pages) would send: text responses
(HTML, CSS, JS, JSON, SVG, ...) gzipped at level 6, images and fonts as they are. Response bodies only,
no HTTP headers. The table goes to the terminal (`pytest -s`), the test's tmp folder and
.cache/reports/page-weight.md.
"""

from __future__ import annotations

import gzip
import time
import warnings
from dataclasses import dataclass, field

import pytest
from sitetools import ROOT

TIMEOUT = 30_000  # ms
LIMIT = 500_000  # bytes: an article page above this fails
TARGET = 300_000  # bytes: an article page above this is reported
NOT_ARTICLES = ("contributing/", "source/")  # and the home page: every other page is an article
TEXT_TYPES = ("text/", "javascript", "json", "xml", "svg")
REPORT = ROOT / ".cache" / "reports" / "page-weight.md"
# One screen down, instantly (the theme may ask for smooth scrolling); false once at the bottom.
SCROLL_DOWN = """() => {
  const y = scrollY;
  scrollTo({top: y + innerHeight, behavior: "instant"});
  return scrollY > y;
}"""


def transferred(body: bytes, content_type: str) -> int:
    """The bytes a gzip-compressing host sends for a response body."""
    if any(kind in content_type for kind in TEXT_TYPES):
        return len(gzip.compress(body, compresslevel=6, mtime=0))
    return len(body)


@dataclass
class Visit:
    """A page being loaded in a context of its own: its requests in flight and its responses so far."""

    context: object
    page: object
    pending: set = field(default_factory=set)
    responses: list = field(default_factory=list)


def start(browser, url: str) -> Visit:
    """Open `url` in a fresh context (empty cache) and scroll to the bottom so lazy images start loading."""
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT)
    visit = Visit(context, context.new_page())
    visit.page.on("request", lambda request: visit.pending.add(request))  # (Playwright takes no built-in methods)
    visit.page.on("requestfinished", lambda request: visit.pending.discard(request))
    visit.page.on("requestfailed", lambda request: visit.pending.discard(request))
    visit.page.on("response", lambda response: visit.responses.append(response))
    visit.page.goto(url, wait_until="load", timeout=TIMEOUT)
    while visit.page.evaluate(SCROLL_DOWN):
        visit.page.wait_for_timeout(50)  # each step lets the lazy images now in view start loading
    return visit


def settle(visits: list[Visit], quiet_ms: int = 500) -> None:
    """Wait until no page has had a request in flight for `quiet_ms`; fail after TIMEOUT."""
    deadline, quiet_since = time.monotonic() + TIMEOUT / 1000, None
    while time.monotonic() < deadline:
        visits[0].page.wait_for_timeout(50)  # (lets Playwright deliver the pages' events)
        busy = any(visit.pending for visit in visits)
        quiet_since = None if busy else quiet_since or time.monotonic()
        if quiet_since and time.monotonic() - quiet_since >= quiet_ms / 1000:
            return
    raise TimeoutError(f"requests still in flight: {sorted(r.url for v in visits for r in v.pending)}")


def weigh(visit: Visit) -> tuple[int, int]:
    """(requests, bytes) of a settled visit."""
    ok = [r for r in visit.responses if r.ok]
    return len(visit.responses), sum(transferred(r.body(), r.headers.get("content-type", "")) for r in ok)


def report(weights: dict[str, tuple[int, int]]) -> str:
    rows = ["| page | requests | bytes (gzip) | |", "|---|---:|---:|---|"]
    for path, (requests, size) in weights.items():
        note = "over the limit" if is_article(path) and size > LIMIT else \
            "over the target" if is_article(path) and size > TARGET else ""
        rows.append(f"| /{path} | {requests} | {size:,} | {note} |")
    return "\n".join(rows) + "\n"


def is_article(path: str) -> bool:
    return bool(path) and not path.startswith(NOT_ARTICLES)


@pytest.fixture(scope="module")
def weights(browser, server, checked, tmp_path_factory) -> dict[str, tuple[int, int]]:
    """{page path: (requests, bytes)} for every checked page; writes and prints the report."""
    # The pages load one after the other, but wait for their last requests together.
    visits = {path: start(browser, server + path) for path in checked}
    try:
        settle(list(visits.values()))
        found = {path: weigh(visit) for path, visit in visits.items()}
    finally:
        for visit in visits.values():
            visit.context.close()
    table = report(found)
    for target in (tmp_path_factory.mktemp("reports") / "page-weight.md", REPORT):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(table, encoding="utf-8")
    print(f"\nPage weight, first visit, empty cache (also in {REPORT}):\n{table}")
    return found


def test_page_weight(weights, page_path, record_property):
    requests, size = weights[page_path]
    record_property("requests", requests)
    record_property("bytes", size)
    if not is_article(page_path):
        return
    assert size <= LIMIT, f"/{page_path}: {size:,} bytes on a first visit, above the {LIMIT:,}-byte limit"
    if size > TARGET:
        warnings.warn(f"/{page_path}: {size:,} bytes on a first visit, above the {TARGET:,}-byte target", stacklevel=1)
