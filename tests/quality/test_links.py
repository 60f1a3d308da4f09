"""No broken link and no broken anchor anywhere on the site.

LinkChecker crawls the loopback server from the base URL. The whole server counts as the site (a
link that escapes the base path is fetched too, and fails); every other host is only
syntax-checked, never contacted (no --check-extern, and --ignore-url for anything else). The crawl
must reach every built page: a page no link leads to is neither checked nor found.

Anchors are checked here rather than by LinkChecker's AnchorCheck, which fetches and parses the
target page once per link: with a link on every equation that took minutes. Each built page is
parsed once; every link with a #fragment must lead to a page of the site with that id.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

LINKCHECKER = Path(sys.executable).with_name("linkchecker")
TIMEOUT = 600  # seconds for the whole crawl
# [checking]: no pause between requests to the loopback server; [filtering]: all of the server is
# the site; [csv]: only the columns used below, and no intro/outro comment lines (which start
# with "#", as an in-page link does).
CONFIG = """\
[checking]
maxrequestspersecond=100
[filtering]
internlinks=^{server}
[csv]
parts=urlname,parentname,result,warningstring,valid,url
"""


def linkcheck(base_url: str, folder: Path) -> list[dict]:
    """LinkChecker's rows (one per link checked) for a crawl from base_url."""
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(base_url))
    config = folder / "linkcheckerrc"
    config.write_text(CONFIG.format(server=re.escape(origin)), encoding="utf-8")
    command = [str(LINKCHECKER), "--config", str(config), "--no-status", "--verbose", "--output", "csv", "--timeout", "10",
               "--ignore-url", f"^(?!{re.escape(origin)})", "--ignore-url", "#", base_url]
    # HOME: no user config or state from the machine running the tests.
    result = subprocess.run(command, check=False, capture_output=True, text=True, timeout=TIMEOUT, cwd=folder,
                            env={"PATH": "/usr/bin:/bin", "HOME": str(folder), "LANG": "C.UTF-8"})
    # Exit status: 0 nothing found, 1 broken links or warnings, 2 LinkChecker itself failed.
    assert result.returncode in (0, 1) and result.stdout.startswith("urlname;"), (
        f"LinkChecker failed (exit {result.returncode}):\n{result.stderr[-3000:]}")
    return list(csv.DictReader(io.StringIO(result.stdout), delimiter=";"))


class _Page(HTMLParser):
    """The ids of a page and the targets of its links."""

    def __init__(self):
        super().__init__()
        self.ids, self.links = set(), []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])


def parsed(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def broken_anchors(site: Path) -> list[str]:
    """Every link with a #fragment, on every page, whose target page lacks that id."""
    pages = {path: parsed(path) for path in sorted(site.rglob("*.html"))}
    base = "http://site/"
    broken = []
    for path, page in pages.items():
        here = base + path.relative_to(site).as_posix()
        for href in page.links:
            url = urljoin(here, href)
            target, _, fragment = url.partition("#")
            if not fragment or not target.startswith(base):
                continue
            file = site / unquote(target[len(base):])
            file = file / "index.html" if file.is_dir() else file
            if file not in pages or unquote(fragment) not in pages[file].ids:
                broken.append(f"broken anchor {href!r} on {path.relative_to(site)}")
    return broken


def test_no_broken_links_or_anchors(server, pages, site, tmp_path):
    rows = linkcheck(server, tmp_path)
    broken = [row for row in rows if row["valid"] != "True"]
    lines = [f"broken link {row['urlname']!r} ({row['url']}: {row['result']}) on {row['parentname']}" for row in broken]
    lines += broken_anchors(site)
    if lines:
        pytest.fail(f"{len(lines)} broken links or anchors:\n" + "\n".join(lines), pytrace=False)
    reached = {row["url"].partition("#")[0] for row in rows}
    unreached = [f"/{page}" for page in pages if server + page not in reached]
    assert not unreached, f"pages no link on the site leads to (so not checked): {unreached}"


def test_the_anchor_check_finds_a_broken_anchor(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="x">X</h2><a href="#x">ok</a><a href="../b/#y">bad</a>')
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text('<p id="z">Z</p><a href="../a/#x">ok</a><a href="#gone">bad</a>')
    assert broken_anchors(tmp_path) == ["broken anchor '../b/#y' on a/index.html", "broken anchor '#gone' on b/index.html"]
