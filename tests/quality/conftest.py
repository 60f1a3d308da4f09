"""The built site, served on loopback, for the browser-level quality checks.

`site` builds the real project once per session into a temporary folder (with a fixed
SOURCE_DATE_EPOCH); `server` serves it on 127.0.0.1 on a free port; `pages` lists every page's
URL path; `browser` is one headless Chromium (Playwright). A test that takes `page_path` runs once
per checked page (every page written in docs/ and a sample of the generated source pages, see
`checked_pages`). Run just these checks with `./dev check`.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sitetools import ROOT, build  # noqa: E402

SOURCE_DATE_EPOCH = "1700000000"
BASE = "ml-derived"  # the path of site_url: pages live under /ml-derived/


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("quality") / BASE
    result = build(ROOT, target, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)
    assert result.returncode == 0, result.stderr
    return target


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(site: Path):
    """The base URL (ending in /) of the site, served from 127.0.0.1 on a free port."""
    handler = functools.partial(_Quiet, directory=str(site.parent))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/{BASE}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def pages(site: Path) -> list[str]:
    """Every page's path below the base URL ("" for the home page, "foundations/sigmoid/", ...)."""
    found = []
    for html in sorted(site.rglob("index.html")):
        relative = html.parent.relative_to(site).as_posix()
        found.append("" if relative == "." else relative + "/")
    return found


def doc_page(markdown: Path) -> str:
    """The page path of a Markdown file in docs/ ("" for docs/index.md)."""
    relative = markdown.relative_to(ROOT / "docs").with_suffix("").as_posix()
    return "" if relative == "index" else relative.removesuffix("/index") + "/"


def source_page(path: Path) -> str:
    return f"source/{path.relative_to(ROOT).as_posix()}/"


def expected_pages() -> list[str]:
    """Every page path, known before the build: the pages in docs/, plus the source page gen_files.py
    adds for each module of figures_src/ and each derivation module. test_browser.py checks this list
    against the built site's, so a page missing here fails there instead of going unchecked."""
    found = [doc_page(md) for md in (ROOT / "docs").rglob("*.md")]
    sources = [*ROOT.glob("figures_src/[!_]*.py"), *ROOT.glob("src/derivations/catalogue/[!_]*.py")]
    return sorted(found + [source_page(path) for path in sources])


def checked_pages() -> list[str]:
    """The pages the per-page browser checks visit: every page written in docs/, and three source pages.
    The source pages (one per module, dozens of them) are one template around a highlighted code listing, so the largest
    derivation module, the largest figure script and the shared style stand for the rest; visiting each
    would triple the time of these checks."""
    written = [doc_page(md) for md in (ROOT / "docs").rglob("*.md")]
    largest = [max(ROOT.glob(pattern), key=lambda path: path.stat().st_size)
               for pattern in ("src/derivations/catalogue/[!_]*.py", "figures_src/plot_*.py")]
    return sorted(written + [source_page(path) for path in (*largest, ROOT / "figures_src" / "style.py")])


def page_id(path: str) -> str:
    """A page's test id: its path without the trailing slash, "home" for the home page."""
    return path.rstrip("/") or "home"


@pytest.fixture(scope="session")
def parametrized_pages() -> list[str]:
    """Every page path known before the build (checked against the built site in test_browser.py)."""
    return expected_pages()


@pytest.fixture(scope="session")
def checked() -> list[str]:
    """The pages that tests taking `page_path` run on."""
    return checked_pages()


def pytest_generate_tests(metafunc):
    """A test that takes `page_path` runs once per checked page, its id naming the page."""
    if "page_path" in metafunc.fixturenames:
        metafunc.parametrize("page_path", checked_pages(), ids=page_id)


# Headless Chromium flags that work on this machine (GUIDE.md section 4), for every browser-level check.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Playwright, sync API) for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
