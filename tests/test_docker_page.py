"""The Docker page: the build-cache model behind its figure, the Dockerfile fragments it shows, and that it
covers every practice the page promises."""

import re

import pytest
from sitetools import ROOT, figure_script

PAGE = ROOT / "docs" / "tools" / "docker.md"


@pytest.fixture(scope="module")
def fig():
    return figure_script("plot_docker_layer_cache")


@pytest.fixture(scope="module")
def text():
    return PAGE.read_text(encoding="utf-8")


def dockerfiles(text: str) -> list[str]:
    return re.findall(r"```dockerfile\n(.*?)```", text, re.DOTALL)


# --- the cache model ---------------------------------------------------------------------------------


def test_a_code_edit_rebuilds_the_install_only_in_the_bad_file(fig):
    bad = fig.rebuilt(fig.BAD, ["src/train.py"])
    good = fig.rebuilt(fig.GOOD, ["src/train.py"])
    assert bad == [False, False, True, True, True]
    assert good == [False, False, False, False, False, True, True, True]
    install = [
        i for i, step in enumerate(fig.GOOD) if "pip install" in step.instruction
    ]
    assert [good[i] for i in install] == [False]
    assert sum(bad) == 3 and len(fig.BAD) == 5  # "3 of 5 steps" in the alt text


def test_a_lock_file_change_rebuilds_from_the_copy_of_the_lock_file(fig):
    good = fig.rebuilt(fig.GOOD, ["requirements.lock"])
    first = next(
        i
        for i, step in enumerate(fig.GOOD)
        if step.instruction.startswith("COPY requirements.lock")
    )
    assert good == [i >= first for i in range(len(fig.GOOD))]


def test_ignored_files_never_invalidate_the_cache(fig):
    for path in ("data/train.csv", ".git/HEAD", "notes.ipynb"):
        assert not fig.in_context(path)
        assert not any(fig.rebuilt(fig.BAD, [path]))
        assert not any(fig.rebuilt(fig.GOOD, [path]))
    # Without a .dockerignore, COPY . . sends the data too, and a new data file rebuilds the install.
    assert fig.rebuilt(fig.BAD, ["data/train.csv"], ignore=())[3]


def test_an_edited_instruction_rebuilds_it_and_everything_after(fig):
    for index in range(len(fig.GOOD)):
        assert fig.rebuilt(fig.GOOD, changed_steps={index}) == [
            i >= index for i in range(len(fig.GOOD))
        ]


def test_nothing_changed_means_everything_cached(fig):
    assert not any(fig.rebuilt(fig.BAD)) and not any(fig.rebuilt(fig.GOOD))


def test_an_unrelated_file_does_not_touch_the_good_file(fig):
    """README.md is in the context: COPY . . picks it up, the targeted COPYs do not."""
    assert fig.rebuilt(fig.BAD, ["README.md"])[2]
    assert not any(fig.rebuilt(fig.GOOD, ["README.md"]))


def test_the_figure_has_two_columns(fig):
    assert len(fig.figure().axes) == 2


# --- the page ----------------------------------------------------------------------------------------


def test_every_dockerfile_fragment_pins_its_base_image(text):
    blocks = dockerfiles(text)
    assert len(blocks) >= 6
    for block in blocks:
        froms = re.findall(r"^FROM\s+(\S+)", block, re.MULTILINE)
        assert froms, block
        for image in froms:
            assert "latest" not in image
            name = image.split("@")[0]
            assert ":" in name, image  # a tag is always written
            assert "@sha256:" in image, image  # and a digest


def test_the_figure_files_pin_their_base_image(fig):
    for steps in (fig.BAD, fig.GOOD):
        assert steps[0].instruction.startswith("FROM python:3.12-slim@sha256:")


def test_install_fragments_use_the_lock_file_with_hashes(text):
    installs = [
        line
        for block in dockerfiles(text)
        for line in block.splitlines()
        if "pip install" in line
    ]
    assert installs
    assert all(
        "--require-hashes" in line and "requirements.lock" in line for line in installs
    )


def test_code_is_copied_after_the_install_in_the_layer_order_fragment(text):
    for block in dockerfiles(text):
        lines = block.splitlines()
        installs = [i for i, line in enumerate(lines) if "pip install" in line]
        code = [i for i, line in enumerate(lines) if re.match(r"COPY .*src/", line)]
        if installs and code:
            assert max(installs) < min(code)


@pytest.mark.parametrize(
    "practice",
    [
        "pinned by digest",
        "lock file",
        "Layer order",
        "non-root user",
        ".dockerignore",
        "Multi-stage",
        "SOURCE_DATE_EPOCH",
        "snapshot",
        "seeds",
        "OMP_NUM_THREADS",
        "USER app",
    ],
)
def test_the_page_covers_each_practice(text, practice):
    assert practice in text


def test_the_page_claims_no_derivation(text):
    assert "{{ derivation" not in text
    assert "{{ figure plot_docker_layer_cache }}" in text
