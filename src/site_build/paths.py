"""Where the build reads and caches things. No MkDocs here."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache"
BIBLIOGRAPHY = ROOT / "src" / "derivations" / "references.bib"  # read with the SymPy-free `bibtex` package


def source_page(relative: str) -> str:
    """The site path of the page that shows a repository file: source/<path>.md."""
    return f"source/{relative}.md"
