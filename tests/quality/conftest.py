"""The built site, served on loopback, for the browser-level quality checks.

`site` builds the real project once per session into a temporary folder (with a fixed
SOURCE_DATE_EPOCH); `server` serves it on 127.0.0.1 on a free port; `pages` lists every page's
URL path. Run just these checks with `./dev check`.
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
