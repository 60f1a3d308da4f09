import dataclasses

import pytest

from derivations import Derivation
from sitetools import ROOT, build


def replace_step(derivation: Derivation, key: str, **changes) -> Derivation:
    """A copy of `derivation` with one step changed (its expression, reason, ...)."""
    found = False

    def change(step):
        nonlocal found
        if step.key != key:
            return step
        found = True
        return dataclasses.replace(step, **changes)

    parts = tuple(dataclasses.replace(p, steps=tuple(change(s) for s in p.steps)) for p in derivation.parts)
    assert found, f"{derivation.id} has no step {key!r}"
    return dataclasses.replace(derivation, parts=parts)


@pytest.fixture
def replace():
    return replace_step


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The real project, built once with --strict (tests/quality/ builds its own, served)."""
    target = tmp_path_factory.mktemp("site")
    result = build(ROOT, target)
    assert result.returncode == 0, result.stderr
    return target
