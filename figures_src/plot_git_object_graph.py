"""The objects of a two-commit Git history: branch, commits, trees and blobs, each named by the SHA-1 of its content.

A diagram in five columns, read from left to right. On the left, the reference HEAD points to the
branch main, which points to the second commit. Each commit box shows the first seven hexadecimal
digits of its id and its message; the second commit also points to the first, its parent. Each commit
points to one tree, the project's top folder at that moment. The two top-level trees have different
ids, because README.md changed between the commits, and each points to its own README.md blob. Both
trees point to the same tree for the folder src, whose content did not change, and that tree points to
the single blob of src/train.py. The point to take away: an object's id is a hash of its content, so
an unchanged file or folder is stored once and shared by every commit that contains it. All ids were
computed by the page's own code and match what the real git computes.
"""

from matplotlib import rcParams
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from figures_src.git_objects import BLOB_MODE, TREE_MODE, Entry, Signature, blob_id, commit_id, tree_id

AUTHOR = Signature("Ada Lovelace", "ada@example.org", 1_700_000_000)
README_V1, README_V2 = b"# Demo\n", b"# Demo\n\nTrains a model.\n"
TRAIN = b"print('training')\n"


def history() -> dict:
    """The ids of every object in the two-commit history the diagram shows."""
    ids = {"readme-1": blob_id(README_V1), "readme-2": blob_id(README_V2), "train": blob_id(TRAIN)}
    ids["src"] = tree_id([Entry(BLOB_MODE, "train.py", ids["train"])])
    for n in (1, 2):
        ids[f"root-{n}"] = tree_id([Entry(BLOB_MODE, "README.md", ids[f"readme-{n}"]), Entry(TREE_MODE, "src", ids["src"])])
    ids["commit-1"] = commit_id(ids["root-1"], [], AUTHOR, AUTHOR, "Start the project\n")
    ids["commit-2"] = commit_id(ids["root-2"], [ids["commit-1"]], AUTHOR, AUTHOR, "Describe the project\n")
    return ids


# (column, row, kind, label text); the label's {id} is filled with the object's short id.
LAYOUT = {
    "HEAD": (0, 3.0, "ref", "HEAD"),
    "main": (0, 1.9, "ref", "main"),
    "commit-2": (1, 1.9, "commit", "commit {id}\nDescribe the project"),
    "commit-1": (1, 0.4, "commit", "commit {id}\nStart the project"),
    "root-2": (2, 1.9, "tree", "tree {id}\n(top folder)"),
    "root-1": (2, 0.4, "tree", "tree {id}\n(top folder)"),
    "src": (3, 1.15, "tree", "tree {id}\nsrc/"),
    "readme-2": (3, 2.75, "blob", "blob {id}\nREADME.md"),
    "readme-1": (3, -0.45, "blob", "blob {id}\nREADME.md"),
    "train": (4, 1.15, "blob", "blob {id}\ntrain.py"),
}
EDGES = [("HEAD", "main"), ("main", "commit-2"), ("commit-2", "commit-1"), ("commit-2", "root-2"),
         ("commit-1", "root-1"), ("root-2", "readme-2"), ("root-2", "src"), ("root-1", "src"),
         ("root-1", "readme-1"), ("src", "train")]
WIDTH, HEIGHT, SPACING = 1.32, 0.62, 1.5


def _centre(name):
    column, row, _, _ = LAYOUT[name]
    return column * SPACING, row


def _boundary(inside, towards):
    """Where the segment from the centre of box `inside` to the centre of box `towards` leaves the first box."""
    (x0, y0), (x1, y1) = _centre(inside), _centre(towards)
    dx, dy = x1 - x0, y1 - y0
    t = min(WIDTH / 2 / abs(dx) if dx else float("inf"), HEIGHT / 2 / abs(dy) if dy else float("inf"))
    return x0 + t * dx, y0 + t * dy


def figure() -> Figure:
    ids = history()
    colours = rcParams["axes.prop_cycle"].by_key()["color"]
    fill = {"ref": colours[4], "commit": colours[0], "tree": colours[2], "blob": colours[1]}
    fig = Figure(figsize=(6.8, 3.7))
    ax = fig.add_subplot()
    for name, (_, _, kind, text) in LAYOUT.items():
        x, y = _centre(name)
        ax.add_patch(FancyBboxPatch((x - WIDTH / 2, y - HEIGHT / 2), WIDTH, HEIGHT, boxstyle="round,pad=0.02",
                                    facecolor=rcParams["axes.facecolor"], edgecolor=fill[kind], linewidth=1.6))
        ax.text(x, y, text.format(id=ids.get(name, "")[:7]), ha="center", va="center", fontsize=7.5,
                family="DejaVu Sans Mono" if kind != "ref" else "DejaVu Sans")
    for start, end in EDGES:
        ax.annotate("", xy=_boundary(end, start), xytext=_boundary(start, end),
                    arrowprops={"arrowstyle": "-|>", "color": rcParams["text.color"], "linewidth": 0.9,
                                "shrinkA": 1, "shrinkB": 1})
    for column, heading in enumerate(("references", "commits", "trees", "trees and blobs", "blobs")):
        ax.text(column * SPACING, 3.75, heading, ha="center", va="center", fontsize=8.5, color=rcParams["axes.edgecolor"])
    ax.set_xlim(-WIDTH / 2 - 0.05, 4 * SPACING + WIDTH / 2 + 0.05)
    ax.set_ylim(-0.85, 4.0)
    ax.set_axis_off()
    return fig
