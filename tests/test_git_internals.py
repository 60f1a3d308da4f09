"""The Git internals page: the project's own object encoding gives the ids the real git gives, the
diagram shows a real history, and the collision derivation holds and rejects wrong steps."""

import os
import shutil
import subprocess

import pytest
import sympy as sp
from sitetools import figure_script

from derivations import get, verify
from derivations.catalogue import hash_collisions as hc
from figures_src import git_objects as go

GIT = shutil.which("git")  # cloning the project needs git, so every machine that runs the tests has it


def git(repo, *args, stdin: bytes | None = None, env: dict | None = None) -> str:
    """Run the real git in `repo`, with no user or system configuration."""
    environment = {"PATH": os.environ["PATH"], "HOME": str(repo), "GIT_CONFIG_NOSYSTEM": "1",
                   "GIT_CONFIG_GLOBAL": os.devnull, **(env or {})}
    result = subprocess.run([GIT, "-C", str(repo), *args], input=stdin, capture_output=True, check=True, env=environment)
    return result.stdout.decode().strip()


@pytest.fixture
def repo(tmp_path):
    git(tmp_path, "init", "-q", "-b", "main")
    return tmp_path


CONTENTS = [b"", b"hello\n", b"no newline at the end", "naïve café ☕\n".encode(), bytes(range(256)) * 3, b"a\0b\0"]


@pytest.mark.parametrize("content", CONTENTS, ids=[f"blob{n}" for n in range(len(CONTENTS))])
def test_a_blob_id_is_what_git_hash_object_prints(content, repo):
    assert go.blob_id(content) == git(repo, "hash-object", "--stdin", stdin=content)


def test_the_stored_object_is_the_header_and_the_content(repo):
    """git stores exactly the hashed bytes (zlib-compressed) under objects/<2 digits>/<38 digits>."""
    import zlib

    content = b"print('training')\n"
    written = git(repo, "hash-object", "-w", "--stdin", stdin=content)
    stored = zlib.decompress((repo / ".git" / "objects" / written[:2] / written[2:]).read_bytes())
    assert stored == go.object_bytes("blob", content) == b"blob 18\x00print('training')\n"


def test_a_tree_id_matches_git_write_tree_including_its_sort_order(repo):
    """Names chosen so that git's rule (a folder sorts as if its name ended in '/') matters: 'a.txt'
    sorts before the folder 'a', which sorts before 'a0'."""
    files = {"a.txt": b"1\n", "a/inner.py": b"2\n", "a0": b"3\n", "B": b"4\n"}
    for name, data in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_bytes(data)
    git(repo, "add", "-A")
    inner = go.tree_id([go.Entry(go.BLOB_MODE, "inner.py", go.blob_id(b"2\n"))])
    entries = [go.Entry(go.BLOB_MODE, "a.txt", go.blob_id(b"1\n")), go.Entry(go.TREE_MODE, "a", inner),
               go.Entry(go.BLOB_MODE, "a0", go.blob_id(b"3\n")), go.Entry(go.BLOB_MODE, "B", go.blob_id(b"4\n"))]
    assert go.tree_id(entries) == git(repo, "write-tree")
    listed = git(repo, "ls-tree", git(repo, "write-tree")).splitlines()
    assert [line.split("\t")[1] for line in listed] == ["B", "a.txt", "a", "a0"]


def test_the_diagrams_history_is_the_one_git_builds(repo):
    """Make the diagram's two commits with the real git, same contents, author and time: every id matches."""
    sim = figure_script("plot_git_object_graph")
    ids = sim.history()
    author = sim.AUTHOR
    env = {"GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email,
           "GIT_AUTHOR_DATE": f"{author.time} {author.offset}", "GIT_COMMITTER_NAME": author.name,
           "GIT_COMMITTER_EMAIL": author.email, "GIT_COMMITTER_DATE": f"{author.time} {author.offset}"}
    (repo / "src").mkdir()
    (repo / "src" / "train.py").write_bytes(sim.TRAIN)
    for readme, message in ((sim.README_V1, "Start the project"), (sim.README_V2, "Describe the project")):
        (repo / "README.md").write_bytes(readme)
        git(repo, "add", "-A")
        git(repo, "-c", "commit.gpgsign=false", "commit", "-q", "-m", message, env=env)
    real = {"commit-2": "HEAD", "commit-1": "HEAD~1", "root-2": "HEAD^{tree}", "root-1": "HEAD~1^{tree}",
            "src": "HEAD:src", "readme-2": "HEAD:README.md", "readme-1": "HEAD~1:README.md", "train": "HEAD:src/train.py"}
    for name, revision in real.items():
        assert ids[name] == git(repo, "rev-parse", revision), name
    assert git(repo, "rev-parse", "HEAD:src") == git(repo, "rev-parse", "HEAD~1:src")  # the shared subtree
    assert len(set(ids.values())) == len(ids)  # eight objects, each with its own id


def test_the_diagram_draws_every_object_once():
    sim = figure_script("plot_git_object_graph")
    fig = sim.figure()
    texts = [t.get_text() for t in fig.axes[0].texts]
    for name, short in ((n, i[:7]) for n, i in sim.history().items()):
        assert sum(short in text for text in texts) == 1, name


# --- the derivation ----------------------------------------------------------------------------------

ID = "hash-collision-bound"


def test_the_derivation_verifies():
    derivation = get(ID)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps)


n, b, q = hc.n, hc.b, hc.q
WRONG = [
    ("count-pairs", n**2 / 2 * q, "n squared pairs"),
    ("exact", n * (n - 1) / 2**b, "the factor 1/2 lost"),
    ("at-most-square", n**2 / 2 ** (b + 2), "a bound that is too small"),
    ("objects-for-half", sp.Eq(n, 2**b), "the full exponent instead of half"),
]


@pytest.mark.parametrize("key, wrong, what", WRONG, ids=[f"{w[0]}:{w[2]}" for w in WRONG])
def test_a_wrong_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(ID, key, wrong)


def test_the_expected_number_of_pairs_matches_a_simulation():
    """With 12-bit ids (4096 values) and 40 objects, the mean number of colliding pairs over many seeded
    repositories is the derived n(n-1)/2^(b+1), and the share of repositories with a collision is below it."""
    import numpy as np

    rng = np.random.default_rng(1977)
    objects, bits, trials = 40, 12, 20000
    ids = rng.integers(0, 2**bits, size=(trials, objects))
    same = (ids[:, :, None] == ids[:, None, :]).sum(axis=(1, 2)) - objects
    pairs = same / 2
    expected = objects * (objects - 1) / 2 ** (bits + 1)
    assert pairs.mean() == pytest.approx(expected, rel=0.05)
    assert (pairs > 0).mean() <= expected


def test_the_values_quoted_on_the_page():
    values = {v.key: float(v.expr) for v in get(ID).values}
    assert values["sha1-billion"] == pytest.approx(10**9 * (10**9 - 1) / 2**161)
    assert 3.4e-31 < values["sha1-billion"] < 3.5e-31
    assert values["sha1-half"] == pytest.approx(1.2089e24, rel=1e-4)
    assert values["sha256-billion"] < 1e-58
