"""axe-core on every page, in the light and the dark palette: no violations of its default rules
(WCAG 2.x A and AA, and best practices)."""

from __future__ import annotations

import pytest
from sitetools import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TIMEOUT = 30_000  # ms
SCHEMES = {"light": "default", "dark": "slate"}  # palette: Material's data-md-color-scheme


@pytest.fixture(scope="module")
def audits(browser, server):
    """{palette: violations} of a page, audited on demand: once per page, both palettes on one load."""
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci`"
    cache: dict[str, dict[str, list[dict]] | Exception] = {}

    def audited(path: str) -> dict[str, list[dict]]:
        if path not in cache:
            try:
                cache[path] = audit(browser, server + path)
            except Exception as error:  # a page that timed out once is not retried by its other test
                cache[path] = error
        if isinstance(cache[path], Exception):
            raise cache[path]
        return cache[path]

    return audited


def audit(browser, url: str) -> dict[str, list[dict]]:
    """axe's violations on `url` in each palette: light (the default) first, then dark."""
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    try:
        page.goto(url, wait_until="load", timeout=TIMEOUT)
        page.evaluate("document.fonts.ready.then(() => true)")
        page.add_script_tag(path=str(AXE))
        found = {}
        for palette, scheme in SCHEMES.items():
            if palette == "dark":
                page.locator("label[for=__palette_1]").click()
            page.wait_for_selector(f"body[data-md-color-scheme={scheme}]")
            page.wait_for_function("() => document.getAnimations().length === 0")  # colours done changing
            # Only violations are collected (axe's advice for large pages); the rules run are the same.
            found[palette] = page.evaluate("async () => (await axe.run({resultTypes: ['violations']})).violations")
    finally:
        context.close()
    return found


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [" ".join(map(str, node["target"])) for node in v["nodes"][:3]]
        more = f" (+{len(v['nodes']) - 3} more)" if len(v["nodes"]) > 3 else ""
        lines.append(f"  - {v['id']} [{v['impact']}] {v['help']}: {', '.join(targets)}{more}")
    return "\n".join(lines)


@pytest.mark.parametrize("palette", SCHEMES)
def test_no_axe_violations(audits, page_path, palette):
    violations = audits(page_path)[palette]
    assert not violations, f"/{page_path} ({palette} palette): {len(violations)} axe violations\n{describe(violations)}"
