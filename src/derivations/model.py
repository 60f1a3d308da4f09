"""What a derivation is: the objects an author writes in a catalogue module.

A derivation is a list of *parts*. Each part is a chain that starts from one expression and
moves through steps; every step states its relation to the step before it (equal, a bound,
or "solving the previous expression set to a value for one symbol"). The conclusion of a
part is computed from its chain, never typed by hand.
"""

from __future__ import annotations

import enum
import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property

import sympy as sp

KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class DerivationDefinitionError(ValueError):
    """A derivation is malformed (bad id, duplicate key, impossible chain of relations)."""


class Rel(enum.Enum):
    """The relation a step claims to the expression before it."""

    EQ = "="
    LE = "<="
    LT = "<"
    GE = ">="
    GT = ">"
    SOLVE = "solve"  # previous expression = `condition`, solved for the lhs symbol of this step

    @property
    def latex(self) -> str:
        return {"=": "=", "<=": r"\le", "<": "<", ">=": r"\ge", ">": ">", "solve": r"\iff"}[self.value]

    @property
    def direction(self) -> int:
        """+1 for upper bounds (<, <=), -1 for lower bounds, 0 otherwise."""
        return {"<=": 1, "<": 1, ">=": -1, ">": -1}.get(self.value, 0)

    @property
    def strict(self) -> bool:
        return self in (Rel.LT, Rel.GT)


@dataclass(frozen=True)
class Assume:
    """A symbol, the set it ranges over, and what it means.

    `symbol` is a Symbol or an IndexedBase (then `domain` holds for every entry). Integer
    size symbols list the concrete `sizes` used when a claim is checked size by size.
    A domain may mention symbols assumed earlier (an index in Range(1, d + 1)).
    `sample` narrows where numeric checks draw points from an unbounded domain.
    """

    symbol: sp.Symbol | sp.IndexedBase
    domain: sp.Set
    meaning: str
    sizes: tuple[int, ...] = ()
    sample: tuple[float, float] | None = None


@dataclass(frozen=True)
class Define:
    """A definition: `name` (a symbol, f(x), or x[i]) stands for `value`. Never verified; shown as ':='."""

    name: sp.Basic
    value: sp.Basic
    meaning: str


@dataclass(frozen=True)
class Step:
    """One step of a chain: its expression, why it follows, and how it relates to the previous one.

    `key` is the step's stable name: its equation anchor is `<derivation id>-<key>`.
    With `Rel.SOLVE`, `expr` is `Eq(symbol, solution)` and `condition` is the value the
    previous expression is set to.
    """

    key: str
    expr: sp.Basic
    reason: str
    rel: Rel = Rel.EQ
    condition: sp.Basic = sp.S.Zero

    def __post_init__(self) -> None:
        object.__setattr__(self, "expr", sp.sympify(self.expr))
        object.__setattr__(self, "condition", sp.sympify(self.condition))


@dataclass(frozen=True)
class Part:
    """A chain of steps from `start`; its conclusion relates `start` to the last step."""

    key: str
    title: str
    start: sp.Basic
    steps: tuple[Step, ...]
    start_reason: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", sp.sympify(self.start))

    @property
    def relation(self) -> Rel:
        """The relation the whole chain establishes between its start and its end."""
        rels = [s.rel for s in self.steps]
        if Rel.SOLVE in rels:
            return Rel.SOLVE
        directions = {r.direction for r in rels} - {0}
        if not directions:
            return Rel.EQ
        if len(directions) > 1:
            raise DerivationDefinitionError(f"part {self.key!r} mixes upper and lower bounds")
        strict = any(r.strict for r in rels)
        if directions == {1}:
            return Rel.LT if strict else Rel.LE
        return Rel.GT if strict else Rel.GE

    @property
    def conclusion(self) -> sp.Basic:
        """The statement the part proves, built from the chain (never typed by hand)."""
        last = self.steps[-1].expr
        rel = self.relation
        if rel is Rel.SOLVE:
            return last
        return sp.Rel(self.start, last, rel.value, evaluate=False) if rel is not Rel.EQ else sp.Eq(
            self.start, last, evaluate=False
        )


@dataclass(frozen=True)
class Reference:
    """A primary source, normally made by `bibliography.cite`. It has a DOI, an arXiv id, or both; a work
    with neither (e.g. PMLR proceedings) has the publisher's `web` address."""

    key: str
    authors: str
    year: int
    title: str
    venue: str
    doi: str = ""
    arxiv: str = ""
    web: str = ""

    @property
    def url(self) -> str:
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else self.web


@dataclass(frozen=True)
class Value:
    """A number the derivation computes (to `digits` significant digits) from a closed form."""

    key: str
    symbol: sp.Basic
    expr: sp.Basic
    meaning: str
    digits: int = 40


@dataclass(frozen=True)
class Derivation:
    """A verified derivation: see the authoring guide in docs/contributing/derivations.md."""

    id: str
    title: str
    summary: str
    assumptions: tuple[Assume, ...]
    parts: tuple[Part, ...]
    references: tuple[Reference, ...]
    definitions: tuple[Define, ...] = ()
    values: tuple[Value, ...] = ()
    module: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        _check_well_formed(self)

    @property
    def steps(self) -> tuple[tuple[int, Part, Step], ...]:
        """Every step with its number (1-based, counted across parts) and its part."""
        numbered, number = [], 0
        for part in self.parts:
            for step in part.steps:
                number += 1
                numbered.append((number, part, step))
        return tuple(numbered)

    @property
    def results(self) -> tuple[sp.Basic, ...]:
        return tuple(part.conclusion for part in self.parts)

    @property
    def result(self) -> sp.Basic:
        """The headline result: the conclusion of the first part."""
        return self.parts[0].conclusion

    def anchor(self, step: Step) -> str:
        return f"{self.id}-{step.key}"

    @cached_property
    def version(self) -> str:
        """A hash of the mathematical content; prose (title, reasons, meanings) does not change it."""
        content = [
            [(sp.srepr(a.symbol), sp.srepr(a.domain), a.sizes) for a in self.assumptions],
            [(sp.srepr(d.name), sp.srepr(d.value)) for d in self.definitions],
            [
                (p.key, sp.srepr(p.start), [(s.key, sp.srepr(s.expr), s.rel.value, sp.srepr(s.condition)) for s in p.steps])
                for p in self.parts
            ],
            [(v.key, sp.srepr(v.expr), v.digits) for v in self.values],
        ]
        return hashlib.sha256(repr(content).encode()).hexdigest()[:12]


def _check_well_formed(d: Derivation) -> None:
    def fail(message: str) -> None:
        raise DerivationDefinitionError(f"derivation {d.id!r}: {message}")

    if not KEY_PATTERN.match(d.id):
        fail("the id must be kebab-case (lowercase letters, digits, hyphens)")
    if not d.parts:
        fail("it has no parts")
    if not d.references:
        fail("it cites no primary source")
    keys = [p.key for p in d.parts] + [s.key for p in d.parts for s in p.steps] + [v.key for v in d.values]
    for key in keys:
        if not KEY_PATTERN.match(key):
            fail(f"key {key!r} must be kebab-case")
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        fail(f"keys must be unique within a derivation, repeated: {', '.join(duplicates)}")
    for part in d.parts:
        if not part.steps:
            fail(f"part {part.key!r} has no steps")
        for step in part.steps[:-1]:
            if step.rel is Rel.SOLVE:
                fail(f"step {step.key!r}: a solve step must end its part")
        for step in part.steps:
            if step.rel is Rel.SOLVE and not (isinstance(step.expr, sp.Eq) and step.expr.lhs.is_Symbol):
                fail(f"step {step.key!r}: a solve step's expression must be Eq(symbol, solution)")
        part.relation  # raises on mixed bound directions
    for ref in d.references:
        if not (ref.doi or ref.arxiv):
            fail(f"reference {ref.key!r} needs a DOI or an arXiv id")
