"""Published addresses that moved still lead to their content, in a browser; citations copy with a click.

A copy of the project gets two redirects (an anchor renamed on its page, and a page moved away),
is built, and is served on 127.0.0.1; Chromium opens the old addresses.
"""

import functools
import http.server
import threading

from sitetools import build, copy_project


def test_redirects_work_and_citations_have_copy_buttons(browser, tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "published" / "redirects.yml").write_text(
        "/losses/focal-loss/#old-name: /losses/focal-loss/#focal-loss-one-hundredth\n"
        "/old/focal/: /losses/focal-loss/\n")
    site = tmp_path / "site"
    assert build(project, site).returncode == 0
    assert 'url=../../losses/focal-loss/' in (site / "old" / "focal" / "index.html").read_text()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    page = browser.new_page()
    try:
        page.goto(base + "losses/focal-loss/#old-name")
        page.wait_for_url(base + "losses/focal-loss/#focal-loss-one-hundredth")
        page.goto(base + "old/focal/#focal-loss-ce-result")
        page.wait_for_url(base + "losses/focal-loss/#focal-loss-ce-result")
        page.wait_for_selector("button.md-code__button[data-md-type=copy]", state="attached")
        copyable = page.evaluate("() => [...document.querySelectorAll('details.quote pre, h2#cite-this-page ~ div pre')]"
                                 ".map(pre => !!pre.querySelector('button.md-code__button[data-md-type=copy]'))")
        derivations = page.locator("div.mld-derivation").count()
        assert derivations >= 1 and copyable == [True] * 2 * (derivations + 1)  # BibTeX and text, for each and the page
    finally:
        page.close()
        httpd.shutdown()
        httpd.server_close()
