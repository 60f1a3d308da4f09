"""The build steps of a badly ordered and a well ordered Dockerfile, and which of them Docker runs again after one line of the training code changes.

Two columns of boxes, one box per Dockerfile instruction, read from top to bottom. Left, the badly
ordered file: FROM a pinned base image, WORKDIR, COPY of the whole project, RUN pip install of the
locked dependencies, CMD. Right, the well ordered file: the same base image, a RUN that creates a
non-root user, WORKDIR, COPY of the lock file alone, RUN pip install, COPY of the source folder, USER,
CMD. The scenario: only src/train.py has changed since the last build. Boxes whose cached result is
reused are drawn pale with the label "cached"; boxes Docker has to run again are drawn in a strong
colour with the label "rebuilt". On the left, everything from the COPY of the whole project down is
rebuilt: 3 of 5 steps, including the slow dependency installation. On the right, only the last three
steps are rebuilt (the COPY of src/, USER and CMD), and the installed dependencies come from the cache.
The rule behind it: a step is run again when its instruction or the files it copies change, and so is
every step after it.
"""

from dataclasses import dataclass
from fnmatch import fnmatch

from matplotlib import rcParams
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

BASE = "python:3.12-slim@sha256:…"  # shortened for the drawing; a real digest has 64 hex digits


@dataclass(frozen=True)
class Step:
    """One Dockerfile instruction. `sources` are the patterns of build-context files that a COPY or ADD
    reads ("." is the whole context); other instructions read no files."""

    instruction: str
    sources: tuple[str, ...] = ()


BAD = (
    Step(f"FROM {BASE}"),
    Step("WORKDIR /app"),
    Step("COPY . .", (".",)),
    Step("RUN pip install -r requirements.lock"),
    Step('CMD ["python", "src/train.py"]'),
)

GOOD = (
    Step(f"FROM {BASE}"),
    Step("RUN useradd --create-home app"),
    Step("WORKDIR /app"),
    Step("COPY requirements.lock .", ("requirements.lock",)),
    Step("RUN pip install --require-hashes \\\n    -r requirements.lock"),
    Step("COPY src/ src/", ("src/*",)),
    Step("USER app"),
    Step('CMD ["python", "src/train.py"]'),
)

DOCKERIGNORE = (
    ".git/*",
    "data/*",
    "*.ipynb",
    ".venv/*",
)  # what the drawing's .dockerignore leaves out
CHANGED = ("src/train.py",)


def in_context(path: str, ignore=DOCKERIGNORE) -> bool:
    """Whether a file is sent to the builder: it matches no pattern of .dockerignore."""
    return not any(fnmatch(path, pattern) for pattern in ignore)


def reads(step: Step, path: str) -> bool:
    """Whether `step` copies the file `path` into the image."""
    return any(source == "." or fnmatch(path, source) for source in step.sources)


def rebuilt(
    steps, changed_files=(), changed_steps=(), ignore=DOCKERIGNORE
) -> list[bool]:
    """For each step, whether the build cache misses: the step's own instruction changed (its index is
    in `changed_steps`), it copies a changed file that is in the build context, or an earlier step missed."""
    changed = [path for path in changed_files if in_context(path, ignore)]
    out, missed = [], False
    for index, step in enumerate(steps):
        missed = (
            missed
            or index in changed_steps
            or any(reads(step, path) for path in changed)
        )
        out.append(missed)
    return out


def _column(ax, steps, title):
    flags = rebuilt(steps, CHANGED)
    cached_colour, rebuilt_colour = rcParams["axes.prop_cycle"].by_key()["color"][:2]
    height, gap = 0.8, 0.25
    top = len(GOOD) * (height + gap)
    for row, (step, again) in enumerate(zip(steps, flags)):
        y = top - (row + 1) * (height + gap)
        ax.add_patch(
            FancyBboxPatch(
                (0, y),
                1,
                height,
                boxstyle="round,pad=0,rounding_size=0.06",
                facecolor=rebuilt_colour if again else cached_colour,
                alpha=1.0 if again else 0.25,
                linewidth=0,
            )
        )
        ax.text(
            0.03,
            y + height / 2,
            step.instruction,
            va="center",
            ha="left",
            family="monospace",
            fontsize=9,
            color="white" if again else rcParams["text.color"],
        )
        ax.text(
            0.97,
            y + height / 2,
            "rebuilt" if again else "cached",
            va="center",
            ha="right",
            fontsize=9,
            color="white" if again else rcParams["text.color"],
        )
    ax.set(xlim=(0, 1), ylim=(0, top + 0.1), title=title)
    ax.set_axis_off()


def figure() -> Figure:
    fig = Figure(figsize=(7.2, 3.9))
    bad, good = fig.subplots(1, 2)
    _column(bad, BAD, "Code copied before dependencies")
    _column(good, GOOD, "Dependencies first, code last")
    fig.suptitle("After editing src/train.py", fontsize=10)
    return fig
