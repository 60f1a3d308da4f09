"""An encoder-decoder translating a three-word sentence: the encoder's last state is the only thing the decoder learns about the source, and during training the decoder reads the true previous words (teacher forcing).

A diagram, drawn left to right. On the left, three encoder cells with states h_1, h_2, h_3 read the source
words "le", "chat" and "dort" from below, each passing its state to the next by an arrow. The last encoder state leads into a
single box labelled "context c", a fixed-size vector. From the context an arrow enters the first of
four decoder cells with states s_1 to s_4 on the right, which also pass their states along. Below each decoder cell is its
input: the start symbol for the first cell, then the true target words "the", "cat" and "sleeps",
marked as teacher-forced inputs. Above each decoder cell is the word it is trained to predict: "the",
"cat", "sleeps" and the end symbol. A dashed arrow from each prediction down to the next cell's input
shows what happens at inference time, when no true word is available and the decoder's own previous
prediction is fed back instead. The take-away: however long the source, everything the decoder knows
about it passes through the one context vector.
"""

from matplotlib import rcParams
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

SOURCE = ("le", "chat", "dort")
TARGET = ("the", "cat", "sleeps")
START, END = "<s>", "</s>"
ENCODER_CELLS = len(SOURCE)
DECODER_CELLS = len(TARGET) + 1  # one step per target word, plus the end symbol

WIDTH, HEIGHT = 0.8, 0.7  # a cell's box
GAP = 1.25  # distance between neighbouring cells
CONTEXT_X = ENCODER_CELLS * GAP + 0.35
DECODER_X0 = CONTEXT_X + 1.6


def decoder_inputs() -> list[str]:
    """What the decoder reads at each step during training: the start symbol, then the true target words."""
    return [START, *TARGET]


def decoder_outputs() -> list[str]:
    """What the decoder is trained to predict at each step: the target words, then the end symbol."""
    return [*TARGET, END]


def _box(ax, x, y, label, gid, color, width=WIDTH, height=HEIGHT):
    patch = FancyBboxPatch(
        (x - width / 2, y - height / 2),
        width,
        height,
        boxstyle="round,pad=0.02,rounding_size=0.1",
        facecolor=color,
        edgecolor=rcParams["text.color"],
        linewidth=1,
        alpha=1,
    )
    patch.set_gid(gid)
    ax.add_patch(patch)
    ax.text(x, y, label, ha="center", va="center", color="white", fontsize=10)
    return patch


def _arrow(ax, start, end, dashed=False):
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=9,
            linewidth=0.9,
            linestyle="--" if dashed else "-",
            color=rcParams["text.color"],
            shrinkA=0,
            shrinkB=0,
        )
    )


def figure() -> Figure:
    fig = Figure(figsize=(6.4, 2.8))
    ax = fig.subplots()
    ax.set_axis_off()
    blue, orange, green = rcParams["axes.prop_cycle"].by_key()["color"][:3]
    y = 0.0
    for n, word in enumerate(SOURCE):
        x = n * GAP
        _box(ax, x, y, f"$h_{n + 1}$", "encoder-cell", blue)
        ax.text(x, y - 1.05, f"“{word}”", ha="center", va="center")
        _arrow(ax, (x, y - 0.85), (x, y - HEIGHT / 2))
        right_end = CONTEXT_X - 0.45 if n == ENCODER_CELLS - 1 else x + GAP - WIDTH / 2
        _arrow(ax, (x + WIDTH / 2, y), (right_end, y))
    _box(ax, CONTEXT_X, y, "context\n$c$", "context", green, width=0.9, height=0.9)
    _arrow(ax, (CONTEXT_X + 0.45, y), (DECODER_X0 - WIDTH / 2, y))
    for n, (read, predict) in enumerate(zip(decoder_inputs(), decoder_outputs())):
        x = DECODER_X0 + n * GAP
        _box(ax, x, y, f"$s_{n + 1}$", "decoder-cell", orange)
        ax.text(
            x,
            y - 1.05,
            f"“{read}”" if read != START else read,
            ha="center",
            va="center",
        )
        _arrow(ax, (x, y - 0.85), (x, y - HEIGHT / 2))
        ax.text(
            x,
            y + 1.05,
            f"“{predict}”" if predict != END else predict,
            ha="center",
            va="center",
        )
        _arrow(ax, (x, y + HEIGHT / 2), (x, y + 0.85))
        if n < DECODER_CELLS - 1:
            _arrow(ax, (x + WIDTH / 2, y), (x + GAP - WIDTH / 2, y))
            # At inference, the prediction is fed back as the next input.
            _arrow(ax, (x + 0.3, y + 0.9), (x + GAP - 0.3, y - 0.9), dashed=True)
    ax.text(
        (ENCODER_CELLS - 1) * GAP / 2,
        1.05,
        "encoder reads the source",
        ha="center",
        va="center",
    )
    ax.text(
        DECODER_X0 + (DECODER_CELLS - 1) * GAP / 2,
        -1.55,
        "decoder inputs: true previous words (teacher forcing)",
        ha="center",
        va="center",
    )
    ax.text(
        DECODER_X0 + (DECODER_CELLS - 1) * GAP / 2,
        1.55,
        "trained to predict the next word",
        ha="center",
        va="center",
    )
    ax.text(
        DECODER_X0 + (DECODER_CELLS - 1) * GAP / 2,
        -1.95,
        "dashed: at inference, the previous prediction is fed back instead",
        ha="center",
        va="center",
        fontsize=8,
    )
    ax.set(
        xlim=(-0.6, DECODER_X0 + (DECODER_CELLS - 1) * GAP + 0.6),
        ylim=(-2.15, 1.8),
        aspect="equal",
    )
    return fig
