"""The one look every figure shares, in a light and a dark variant.

The runner applies a theme before it calls a script's `figure()`, so scripts need no import of this
module; one that wants a theme colour reads it from `matplotlib.rcParams` (`text.color`,
`axes.edgecolor`, `grid.color`, the colours of `axes.prop_cycle`).
"""

from contextlib import contextmanager

import matplotlib
from cycler import cycler

THEMES = ("light", "dark")

# Backgrounds match Material for MkDocs: white, and its "slate" scheme (hsl(225, 15%, 14%)).
_COLORS = {
    "light": {"background": "#ffffff", "text": "#1f2328", "muted": "#57606a", "grid": "#dde1e6"},
    "dark": {"background": "#1e2129", "text": "#e2e4e9", "muted": "#9ba1a6", "grid": "#363b47"},
}

# Okabe–Ito hues (orange darkened, plus a grey), each with a contrast of at least 3:1 against both
# backgrounds, so one series keeps its colour in both themes. Line styles repeat the distinction for
# readers who cannot tell the colours apart.
CYCLE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8A8A8A", "#AA7700")
_LINESTYLES = ("-", "--", "-.", ":", (0, (6, 2)), (0, (3, 1, 1, 1, 1, 1)))


def rc(theme: str) -> dict:
    """The rcParams of `theme` ("light" or "dark")."""
    c = _COLORS[theme]
    return {
        # Size, layout and type. DejaVu ships with Matplotlib; glyphs become paths, so an SVG needs no font.
        "figure.figsize": (6.4, 3.6),
        "figure.constrained_layout.use": True,
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans"],
        "mathtext.fontset": "dejavusans",
        "font.size": 10,
        "axes.titlesize": 10,
        "axes.labelsize": 10,
        "xtick.labelsize": 9,
        "ytick.labelsize": 9,
        "legend.fontsize": 9,
        # Colours.
        "figure.facecolor": c["background"],
        "figure.edgecolor": c["background"],
        "axes.facecolor": c["background"],
        "text.color": c["text"],
        "axes.labelcolor": c["text"],
        "axes.edgecolor": c["muted"],
        "xtick.color": c["muted"],
        "ytick.color": c["muted"],
        "xtick.labelcolor": c["text"],
        "ytick.labelcolor": c["text"],
        "grid.color": c["grid"],
        "patch.edgecolor": c["text"],
        "legend.facecolor": c["background"],
        "legend.edgecolor": c["grid"],
        "legend.framealpha": 0.9,
        "axes.prop_cycle": cycler(color=CYCLE, linestyle=_LINESTYLES),
        # Lines and axes.
        "lines.linewidth": 1.8,
        "lines.markersize": 5,
        "axes.linewidth": 0.8,
        "axes.grid": True,
        "grid.linewidth": 0.6,
        "axes.axisbelow": True,
        "axes.spines.top": False,
        "axes.spines.right": False,
        # Reproducible SVG: fixed ids, outlined glyphs.
        "svg.hashsalt": "ml-derived",
        "svg.fonttype": "path",
    }


@contextmanager
def themed(theme: str):
    """Within the block, Matplotlib draws in `theme` ("light" or "dark")."""
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}; expected one of {THEMES}")
    with matplotlib.rc_context(rc(theme)):
        yield
