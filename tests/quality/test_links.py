"""No broken link and no broken anchor anywhere on the site.

LinkChecker crawls the loopback server from the base URL with its AnchorCheck plugin on, so a
link to `page/#id` fails when `page/` has no element with that id. The whole server counts as
the site (a link that escapes the base path is fetched too, and fails); every other host is
only syntax-checked, never contacted (no --check-extern, and --ignore-url for anything else).
The crawl must reach every built page: a page no link leads to is neither checked nor found.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

LINKCHECKER = Path(sys.executable).with_name("linkchecker")
TIMEOUT = 600  # seconds for the whole crawl
ANCHOR_MISSING = re.compile(r"Anchor `[^']*' \(decoded: `[^']*'\) not found")
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
[AnchorCheck]
"""


def linkcheck(base_url: str, folder: Path) -> list[dict]:
    """LinkChecker's rows (one per link checked) for a crawl from base_url."""
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(base_url))
    config = folder / "linkcheckerrc"
    config.write_text(CONFIG.format(server=re.escape(origin)), encoding="utf-8")
    command = [str(LINKCHECKER), "--config", str(config), "--no-status", "--verbose", "--output", "csv", "--timeout", "10",
               "--ignore-url", f"^(?!{re.escape(origin)})", base_url]
    # HOME: no user config or state from the machine running the tests.
    result = subprocess.run(command, check=False, capture_output=True, text=True, timeout=TIMEOUT, cwd=folder,
                            env={"PATH": "/usr/bin:/bin", "HOME": str(folder), "LANG": "C.UTF-8"})
    # Exit status: 0 nothing found, 1 broken links or warnings, 2 LinkChecker itself failed.
    assert result.returncode in (0, 1) and result.stdout.startswith("urlname;"), (
        f"LinkChecker failed (exit {result.returncode}):\n{result.stderr[-3000:]}")
    return list(csv.DictReader(io.StringIO(result.stdout), delimiter=";"))


def test_no_broken_links_or_anchors(server, pages, tmp_path):
    rows = linkcheck(server, tmp_path)
    broken = [row for row in rows if row["valid"] != "True"]
    anchors = [row for row in rows if ANCHOR_MISSING.search(row["warningstring"])]
    lines = [f"broken link {row['urlname']!r} ({row['url']}: {row['result']}) on {row['parentname']}" for row in broken]
    lines += [f"broken anchor {row['urlname']!r} ({row['url']}) on {row['parentname']}" for row in anchors]
    if lines:
        pytest.fail(f"{len(broken)} broken links, {len(anchors)} broken anchors:\n" + "\n".join(lines), pytrace=False)
    reached = {row["url"].partition("#")[0] for row in rows}
    unreached = [f"/{page}" for page in pages if server + page not in reached]
    assert not unreached, f"pages no link on the site leads to (so not checked): {unreached}"
