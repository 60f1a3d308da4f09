"""mkdocs-gen-files script: the files the site is built from but that nobody writes by hand.

Runs on every build (and every `mkdocs serve` rebuild). Everything here is virtual: nothing
is written into docs/. Expensive work is cached under .cache/ by the modules it calls.
- figures/<id>.light.<fmt>, figures/<id>.dark.<fmt> and figures/index.json (captions, alt text, sizes);
- assets/katex/: KaTeX's stylesheet and fonts, so the site serves its own math fonts;
- derivations.json and derivations/<id>.json: the verified derivations in the export format;
  derivations/<id>.tex: each as a LaTeX fragment; derivations/versions.json: their change record;
- references.bib: the bibliography every page cites from;
- <old address>/index.html: a redirect for each published page that moved (published/redirects.yml);
- source/...: a page for each derivation module and figure script, so "source" links stay on the site.
"""

import json
import logging
import os

import mkdocs_gen_files
from mkdocs.exceptions import PluginError

from site_build import paths, published
from site_build.derivations_bundle import BundleError, load_bundle
from site_build.figures import FigureError, render_figures
from site_build.images import image_size
from site_build.katex import asset_files


def write(path: str, content: str | bytes) -> None:
    mode = "wb" if isinstance(content, bytes) else "w"
    with mkdocs_gen_files.open(path, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as handle:
        handle.write(content)


LOG = logging.getLogger("mkdocs.plugins.ml_derived")
FIGURE_TIMEOUT = float(os.environ.get("ML_DERIVED_FIGURE_TIMEOUT", "120"))  # seconds per figure


def figures() -> None:
    try:
        result = render_figures(paths.ROOT, paths.CACHE, timeout=FIGURE_TIMEOUT)
    except FigureError as error:
        raise PluginError(f"figure failed: {error}") from error
    rendered = ", ".join(result.rendered) or "none"
    LOG.info(f"figures: {len(result.figures)}, rendered now: {rendered}")
    index = {}
    for figure_id, figure in sorted(result.figures.items()):
        for variant in ("light", "dark"):
            write(f"figures/{figure_id}.{variant}.{figure.format}", getattr(figure, variant))
        width, height = image_size(figure.light, figure.format)
        index[figure_id] = {"caption": figure.caption, "alt": figure.alt, "format": figure.format,
                            "width": width, "height": height, "source": figure.source}
    for module in sorted((paths.ROOT / "figures_src").glob("[!_]*.py")):  # the scripts and the helpers they share
        relative = module.relative_to(paths.ROOT).as_posix()
        write(paths.source_page(relative), source_page(relative))
    write("figures/index.json", json.dumps(index, indent=2, ensure_ascii=False))


def derivations() -> None:
    try:
        bundle = load_bundle(paths.CACHE)
    except BundleError as error:
        raise PluginError(str(error)) from error
    records = [entry["record"] for _id, entry in sorted(bundle.items()) if "record" in entry]
    write("derivations.json", json.dumps({"schema_version": 1, "derivations": records}, indent=2, ensure_ascii=False))
    for entry in (entry for _id, entry in sorted(bundle.items()) if "record" in entry):
        record = entry["record"]
        write(f"derivations/{record['id']}.json", json.dumps(record, indent=2, ensure_ascii=False))
        write(f"derivations/{record['id']}.tex", entry["latex"])
        write(paths.source_page(record["source"]), source_page(record["source"]))
    write("derivations/versions.json", json.dumps(published.versions(), indent=2))


def citations() -> None:
    write("references.bib", paths.BIBLIOGRAPHY.read_text(encoding="utf-8"))


def redirects() -> None:
    """A page for each redirected address that is no longer a page; it keeps the reader's #anchor."""
    moved = published.redirects()
    for old in sorted({address.partition("#")[0] for address in moved} - published.pages(paths.ROOT / "docs")):
        anchors = {f"#{a.partition('#')[2]}": moved[a] for a in moved if a.startswith(old + "#")}
        write(f"{old.lstrip('/')}index.html", redirect_page(old, moved.get(old), anchors))


def redirect_page(old: str, new_page: str | None, anchors: dict[str, str]) -> str:
    """A page at `old` that forwards to its new address, anchor by anchor, keeping any other #anchor."""
    up = "../" * (old.count("/") - 1)
    target = {hash_: up + new.lstrip("/") for hash_, new in anchors.items()}
    default = up + (new_page or next(iter(anchors.values())).partition("#")[0]).lstrip("/")
    script = (f"var m={json.dumps(target)};var t=m[location.hash]||({json.dumps(default)}+location.hash);"
              "location.replace(t)")
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Moved</title>'
            f'<meta http-equiv="refresh" content="0; url={default}"><link rel="canonical" href="{default}">'
            f'<script>{script}</script></head><body><p>This page moved to <a href="{default}">{default}</a>.</p></body></html>\n')


def source_page(relative: str) -> str:
    code = (paths.ROOT / relative).read_text(encoding="utf-8")
    return (f"---\ndescription: Source of {relative}, as the site was built from it.\nsearch:\n  exclude: true\n---\n\n"
            f"# `{relative}`\n\n```python\n{code}```\n")


def katex_assets() -> None:
    for path, content in asset_files().items():
        write(path, content)


figures()
derivations()
citations()
redirects()
katex_assets()
