"""Math typeset at build time: TeX to HTML with KaTeX, through one Node process for the whole build.

`typeset_html` replaces the math that `pymdownx.arithmatex` (generic mode) marks up in a page with
KaTeX's HTML and MathML; `asset_files` gives the stylesheet and fonts that HTML needs, to be served by
the site itself. This module never imports MkDocs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
KATEX_DIR = REPO_ROOT / "node_modules" / "katex"
ASSET_DIR = "assets/katex"
STYLESHEET = f"{ASSET_DIR}/katex.min.css"
"""Site path of KaTeX's stylesheet among `asset_files()`; every page with math links it."""

_SERVER = Path(__file__).with_name("katex_server.js")
_SETUP_HINT = f"Run `npm ci` in {REPO_ROOT} (`./dev serve` does it for you)."

# What arithmatex writes, e.g. <span class="arithmatex">\(a&lt;b\)</span> or <div class="arithmatex">\[...\]</div>;
# its TeX is HTML-escaped, so it holds no "<".
_MATH = re.compile(
    r'(?P<open><(?P<tag>span|div)\b[^>]*\bclass="arithmatex(?: [^"]*)?"[^>]*>)'
    r"(?:\\\((?P<inline>[^<]*?)\\\)|\\\[(?P<display>[^<]*?)\\\])"
    r"(?P<close></(?P=tag)>)"
)
_FONT_SOURCES = re.compile(r"src:(?P<sources>[^;}]+)")
_WOFF2_SOURCE = re.compile(r'url\([^)]+\.woff2\) format\("woff2"\)')
_CSS_URL = re.compile(r"url\((?P<url>[^)]+)\)")


class KatexError(Exception):
    """KaTeX rejected a formula. `message` is KaTeX's own message, `tex` the formula."""

    def __init__(self, message: str, tex: str) -> None:
        super().__init__(f"{message}\n  in: {tex}")
        self.message = message
        self.tex = tex


class KatexUnavailableError(RuntimeError):
    """KaTeX cannot run: Node.js or the katex package is missing, or its process died."""


class Katex:
    """Renders TeX with KaTeX in one Node process, started on first use and kept until `close()`.

    Use it as a context manager around a whole build. Results are cached by (tex, display); with
    `cache_dir`, also on disk, per KaTeX version: a build whose formulas are all known starts no
    Node process. On `close()` the disk cache is rewritten with the formulas used since it was
    opened, so formulas no page uses any more drop out.
    """

    def __init__(self, cache_dir: Path | None = None) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._cache_file = cache_dir / f"katex-{katex_version()}.json" if cache_dir else None
        self._cache: dict[tuple[str, bool], str] = self._load()
        self._on_disk = set(self._cache)
        self._used: set[tuple[str, bool]] = set()
        self._last_id = 0

    def __enter__(self) -> Katex:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def pid(self) -> int | None:
        """The Node process's id, or None while none is running."""
        return None if self._process is None else self._process.pid

    def render(self, tex: str, display: bool) -> str:
        """KaTeX's HTML (with MathML) for `tex`; display mode if `display`. Raises KatexError."""
        key = (tex, display)
        if key not in self._cache:
            self._cache[key] = self._request(tex, display)
        self._used.add(key)
        return self._cache[key]

    def close(self) -> None:
        """Save the disk cache and stop the Node process, if one is running; a later `render` starts a new one."""
        self._save()
        process, self._process = self._process, None
        if process is None:
            return
        try:
            process.stdin.close()
        except OSError:  # it had already exited
            pass
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()

    def _load(self) -> dict[tuple[str, bool], str]:
        try:
            entries = json.loads(self._cache_file.read_text(encoding="utf-8"))
            return {(tex, display): html for tex, display, html in entries}
        except (AttributeError, OSError, ValueError):  # no cache file, none yet, or a damaged one
            return {}

    def _save(self) -> None:
        if self._cache_file is None or not self._used or self._used == self._on_disk:
            return
        entries = [[tex, display, self._cache[(tex, display)]] for tex, display in sorted(self._used)]
        self._cache_file.parent.mkdir(parents=True, exist_ok=True)
        partial = self._cache_file.with_suffix(f".{os.getpid()}.tmp")  # concurrent builds never share it
        partial.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
        partial.replace(self._cache_file)
        self._on_disk, self._used = self._used, set()

    def _request(self, tex: str, display: bool) -> str:
        self._last_id += 1
        reply = self._exchange({"id": self._last_id, "tex": tex, "display": display})
        if "error" in reply:
            raise KatexError(reply["error"], tex)
        return reply["html"]

    def _exchange(self, request: dict[str, object]) -> dict[str, str]:
        """Send one request and read its reply; if that fails, stop the process and raise."""
        process = self._running()
        try:
            process.stdin.write(json.dumps(request).encode() + b"\n")
            process.stdin.flush()
            reply = json.loads(process.stdout.readline())  # b"" (the process died) is a ValueError
        except (OSError, ValueError):
            reply = None
        if reply is None or reply.get("id") != request["id"]:
            self.close()
            raise KatexUnavailableError(
                f"the KaTeX process failed (exit code {process.returncode}) while rendering: {request['tex']}"
            )
        return reply

    def _running(self) -> subprocess.Popen[bytes]:
        if self._process is None:
            self._process = subprocess.Popen(
                [_node(), str(_SERVER), str(_katex_dir())], stdin=subprocess.PIPE, stdout=subprocess.PIPE
            )
        return self._process


def typeset_html(html: str, katex: Katex) -> str:
    """`html` with each arithmatex formula typeset by `katex`; raises KatexError naming a bad formula.

    The arithmatex element stays as the wrapper (`div.arithmatex` around display math, which Material
    makes scroll sideways when too wide); its `\\(...\\)` or `\\[...\\]` content becomes KaTeX's HTML.
    """

    def typeset(match: re.Match[str]) -> str:
        display = match["display"] is not None
        tex = unescape(match["display"] if display else match["inline"])
        return match["open"] + katex.render(tex, display) + match["close"]

    return _MATH.sub(typeset, html)


def asset_files() -> dict[str, bytes]:
    """KaTeX's stylesheet and fonts, by path in the site (`STYLESHEET`, `ASSET_DIR/fonts/*.woff2`).

    The stylesheet's @font-face rules are trimmed to their woff2 source, which every current browser
    reads, so only the woff2 fonts are served.
    """
    dist = _katex_dir() / "dist"
    css = _woff2_only((dist / "katex.min.css").read_text(encoding="utf-8"))
    assets = {STYLESHEET: css.encode()}
    for url in _CSS_URL.findall(css):
        assets[f"{ASSET_DIR}/{url}"] = (dist / url).read_bytes()
    return assets


def _woff2_only(css: str) -> str:
    def keep_woff2(match: re.Match[str]) -> str:
        woff2 = _WOFF2_SOURCE.search(match["sources"])
        if woff2 is None:
            raise ValueError(f"KaTeX's stylesheet has a font with no woff2 source: {match[0]}")
        return f"src:{woff2[0]}"

    return _FONT_SOURCES.sub(keep_woff2, css)


def katex_version() -> str:
    """The installed KaTeX's version (part of the disk cache's name)."""
    try:
        return json.loads((_katex_dir() / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError) as error:
        raise KatexUnavailableError(f"cannot read the KaTeX version: {error}. {_SETUP_HINT}") from error


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise KatexUnavailableError(f"Node.js (`node`) is not on PATH; install Node 20 or later. {_SETUP_HINT}")
    return node


def _katex_dir() -> Path:
    if not (KATEX_DIR / "package.json").is_file():
        raise KatexUnavailableError(f"KaTeX is not installed: {KATEX_DIR} is missing. {_SETUP_HINT}")
    return KATEX_DIR
