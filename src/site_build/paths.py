"""Where the build reads and caches things. No MkDocs here."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache"


def source_page(relative: str) -> str:
    """The site path of the page that shows a repository file: source/<path>.md."""
    return f"source/{relative}.md"
