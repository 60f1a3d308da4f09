"""Lighthouse on three representative pages, desktop and mobile, against a loopback server.

The pages: the home page, a derivation page and a figure-heavy page. Every category must score
at least 95, except mobile performance (simulated slow 4G and a 4x slower CPU), which must score
at least 85. Performance varies by several points run to run, so a run below its minimum is
run four more times and the median of the five counts. The server gzips text as the host (GitHub
Pages) does: without that, Lighthouse scores the test server's missing compression, not the
site. The runs go one at a time: two at once on this machine's two cores make the performance
scores depend on which runs overlap. The score table goes to the terminal and to
.cache/reports/lighthouse.md.

Also here, as the SEO side of every page rather than three: each page has its own meta description
(from its front matter: not the site-wide fallback, and not shared with another page).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from sitetools import ROOT

pytestmark = pytest.mark.serial  # ./dev test runs these after the rest, with nothing else on the CPU

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = {"home": "", "derivation": "foundations/sigmoid/", "figures": "foundations/selu/"}
FORMS = ("desktop", "mobile")
# Mobile performance: at least 85. On this 2-core VM one page's mobile score swings from 66 to 98 between
# identical runs; the median of five for the SELU page was 85 to 93, and the same for its previous release,
# so a bar of 90 failed on noise, not on the site (measured 2026-11-22; see the README's benchmarks).
MINIMUM = {"desktop": dict.fromkeys(CATEGORIES, 95), "mobile": {**dict.fromkeys(CATEGORIES, 95), "performance": 85}}
REPORT = ROOT / ".cache" / "reports" / "lighthouse.md"
TIMEOUT = 180  # seconds per Lighthouse run
EXTRA_RUNS = 4  # after a run below its performance minimum: the median of five counts, as Lighthouse advises
COMPRESSED = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


class _Gzip(http.server.SimpleHTTPRequestHandler):
    """Serves the site as its host does: text gzipped for clients that accept it."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if not (path.is_file() and kind.startswith(COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        for name, value in (("Content-Type", kind), ("Content-Encoding", "gzip"), ("Content-Length", str(len(body)))):
            self.send_header(name, value)
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def compressing_server(site: Path):
    """Like `server` (the site under /<site folder name>/), but gzipping text."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Gzip, directory=str(site.parent)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/{site.name}/"
    httpd.shutdown()
    httpd.server_close()


def lighthouse(url: str, form: str, output: Path) -> dict:
    """Lighthouse's result (the LHR) for one URL in one form factor."""
    command = [str(LIGHTHOUSE), url, f"--chrome-flags={CHROME_FLAGS}", "--output=json", f"--output-path={output}",
               "--quiet", f"--only-categories={','.join(CATEGORIES)}"]
    if form == "desktop":
        command.append("--preset=desktop")
    result = subprocess.run(command, check=False, env={**os.environ, "CHROME_PATH": CHROME}, capture_output=True,
                            text=True, timeout=TIMEOUT)
    assert result.returncode == 0, f"Lighthouse failed on {url} ({form}):\n{result.stderr[-3000:]}"
    return json.loads(output.read_text(encoding="utf-8"))


def score(lhr: dict, category: str) -> int | None:
    value = lhr["categories"][category]["score"]
    return None if value is None else round(value * 100)


def measure(url: str, form: str, folder: Path, name: str) -> dict:
    """One run; four more if its performance falls short, and then the median run (by performance)."""
    runs = [lighthouse(url, form, folder / f"{name}-{form}-1.json")]
    if (score(runs[0], "performance") or 0) < MINIMUM[form]["performance"]:
        runs += [lighthouse(url, form, folder / f"{name}-{form}-{run}.json") for run in range(2, 2 + EXTRA_RUNS)]
        runs.sort(key=lambda lhr: score(lhr, "performance") or 0)
    median = runs[len(runs) // 2]
    median["performance runs"] = [score(lhr, "performance") for lhr in runs]
    return median


def report(results: dict) -> str:
    lines = ["| page | form factor | " + " | ".join(CATEGORIES) + " |", "|---|---|" + "---|" * len(CATEGORIES)]
    for (name, form), lhr in results.items():
        cells = [str(score(lhr, category)) for category in CATEGORIES]
        if len(lhr["performance runs"]) > 1:
            cells[0] += f" (median of {', '.join(map(str, lhr['performance runs']))})"
        lines.append(f"| {name} (/{PAGES[name]}) | {form} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def failing_audits(lhr: dict, category: str) -> list[str]:
    """The audits of a category that did not pass, with what they measured and where."""
    found = []
    for ref in lhr["categories"][category]["auditRefs"]:
        audit = lhr["audits"][ref["id"]]
        if audit.get("score") is None or audit["score"] >= 1 or audit["scoreDisplayMode"] in ("informative", "manual"):
            continue
        items = (audit.get("details") or {}).get("items") or []
        where = [item["node"].get("selector", "") for item in items[:3] if isinstance(item, dict) and "node" in item]
        found.append(f"  - {ref['id']} (score {audit['score']}, weight {ref.get('weight', 0)}): {audit['title']}"
                     + (f" [{audit['displayValue']}]" if audit.get("displayValue") else "")
                     + (f" at {', '.join(where)}" if where else ""))
    return found


@pytest.fixture(scope="module")
def results(compressing_server, tmp_path_factory) -> dict:
    """The LHR of every page in every form factor, run one at a time; writes the report."""
    folder = tmp_path_factory.mktemp("lighthouse")
    found = {(name, form): measure(compressing_server + path, form, folder, name)
             for name, path in PAGES.items() for form in FORMS}
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("# Lighthouse scores\n\n" + report(found), encoding="utf-8")
    return found


def test_report(results, capsys):
    with capsys.disabled():
        print(f"\n{report(results)}(written to {REPORT.relative_to(ROOT)})")


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name", PAGES)
def test_scores(results, name, form):
    lhr = results[(name, form)]
    assert not lhr.get("runtimeError"), f"{name} ({form}): Lighthouse could not test the page: {lhr['runtimeError']}"
    problems = []
    for category, minimum in MINIMUM[form].items():
        got = score(lhr, category)
        if got is None or got < minimum:
            problems.append(f"{category}: {got} < {minimum}")
            problems += failing_audits(lhr, category)
    if problems:
        pytest.fail(f"/{PAGES[name]} ({form}):\n" + "\n".join(problems), pytrace=False)


class _Meta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.descriptions = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and attributes.get("name") == "description":
            self.descriptions.append(attributes.get("content") or "")


def descriptions(html: str) -> list[str]:
    parser = _Meta()
    parser.feed(html)
    return parser.descriptions


def test_every_page_has_its_own_meta_description(site, pages):
    fallback = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_description"]
    found = {page: descriptions((site / page / "index.html").read_text(encoding="utf-8")) for page in pages}
    missing = [f"/{page}: {got or 'no meta description'}" for page, got in found.items()
               if len(got) != 1 or not got[0].strip() or got[0] == fallback]
    assert not missing, ("pages without exactly one non-empty <meta name=description> of their own (set `description:`"
                         " in the page's front matter):\n" + "\n".join(missing))
    by_text: dict[str, list[str]] = {}
    for page, (text,) in found.items():
        by_text.setdefault(text, []).append(f"/{page}")
    shared = [f"{pages_}: {text!r}" for text, pages_ in by_text.items() if len(pages_) > 1]
    assert not shared, "pages sharing one meta description:\n" + "\n".join(shared)
