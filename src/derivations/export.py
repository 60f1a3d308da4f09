"""The JSON export: every derivation with its steps, verification, results, values and references.

The format is described by `schema.json` beside this module (JSON Schema 2020-12) and in
docs/contributing/derivations.md.
"""

from __future__ import annotations

import json
from importlib import resources

import sympy as sp

from .model import Derivation
from .render import conclusion_latex, describe, step_latex, tex
from .verify import values, verify

SCHEMA_VERSION = 1


def schema() -> dict:
    return json.loads(resources.files(__package__).joinpath("schema.json").read_text(encoding="utf-8"))


def export(derivations: tuple[Derivation, ...] | list[Derivation]) -> dict:
    """The export document for these derivations (each is verified first)."""
    return {"schema_version": SCHEMA_VERSION, "derivations": [derivation_record(d) for d in derivations]}


def dumps(document: dict) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def derivation_record(d: Derivation) -> dict:
    report = verify(d)
    return {
        "id": d.id,
        "title": d.title,
        "summary": d.summary,
        "version": d.version,
        "source": d.module,
        "assumptions": [
            {"symbol": tex(a.symbol), "domain": tex(a.domain), "meaning": a.meaning, "sizes": list(a.sizes)}
            for a in d.assumptions
        ],
        "definitions": [
            {"latex": f"{tex(x.name)} := {tex(x.value)}", "srepr": sp.srepr(sp.Eq(x.name, x.value, evaluate=False)), "meaning": x.meaning}
            for x in d.definitions
        ],
        "parts": [
            {"key": p.key, "title": p.title, "start": tex(p.start), "start_reason": p.start_reason,
             "conclusion": _statement(conclusion_latex(p), p.conclusion)}
            for p in d.parts
        ],
        "steps": [
            {
                "number": number,
                "key": step.key,
                "part": part.key,
                "anchor": d.anchor(step),
                "latex": step_latex(step),
                "expression": tex(step.expr),
                "relation": step.rel.value,
                "reason": step.reason,
                "verification": _verification(report.check(step.key)),
            }
            for number, part, step in d.steps
        ],
        "result": _statement(conclusion_latex(d.parts[0]), d.result),
        "values": [
            {"key": v.key, "symbol": tex(v.symbol), "closed_form": tex(v.expr), "decimal": decimal, "digits": v.digits, "meaning": v.meaning}
            for v, decimal in zip(d.values, values(d))
        ],
        "references": [
            {"key": r.key, "authors": r.authors, "year": r.year, "title": r.title, "venue": r.venue,
             "doi": r.doi or None, "arxiv": r.arxiv or None, "url": r.url}
            for r in d.references
        ],
    }


def _statement(latex: str, expr: sp.Basic) -> dict:
    return {"latex": latex, "srepr": sp.srepr(expr)}


def _verification(check) -> dict:
    return {
        "method": "numeric" if check.numeric_only else "symbolic",
        "detail": check.method,
        "numerically_verified_only": check.numeric_only,
        "points": check.points,
        "finite_difference_points": check.finite_differences,
        "description": describe(check),
    }
