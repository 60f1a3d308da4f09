"""The authoring guide's example is real code: run it and verify what it defines."""

import re
from pathlib import Path

from derivations import verify

GUIDE = Path(__file__).parents[1] / "docs" / "contributing" / "derivations.md"


def test_the_guide_example_verifies():
    blocks = re.findall(r"```python\n(.*?)```", GUIDE.read_text(encoding="utf-8"), flags=re.S)
    assert len(blocks) == 1
    namespace: dict = {}
    exec(compile(blocks[0], str(GUIDE), "exec"), namespace)
    derivation = namespace["DERIVATION"]
    report = verify(derivation)
    assert [c.method for c in report.checks] == ["symbolic"] * len(derivation.steps)
    assert f"verify {derivation.id}" in GUIDE.read_text(encoding="utf-8")
