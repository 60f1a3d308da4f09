import dataclasses

import pytest
from sitetools import ROOT, build

from derivations import Derivation, VerificationError, get, verify


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


def assert_rejected(derivation_id: str, key: str, wrong) -> None:
    """With step `key` replaced by the expression `wrong`, verification fails naming that step."""
    derivation = get(derivation_id)
    number = next(number for number, _part, step in derivation.steps if step.key == key)
    with pytest.raises(VerificationError) as caught:
        verify(replace_step(derivation, key, expr=wrong))
    assert (caught.value.derivation_id, caught.value.number, caught.value.key) == (derivation_id, number, key)
    assert f"{derivation_id}: step {number} ({key}) does not hold" in str(caught.value)


@pytest.fixture
def rejects():
    return assert_rejected


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The real project, built once with --strict (tests/quality/ builds its own, served)."""
    target = tmp_path_factory.mktemp("site")
    result = build(ROOT, target)
    assert result.returncode == 0, result.stderr
    return target
