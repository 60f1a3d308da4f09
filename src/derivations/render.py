"""Render a verified derivation to LaTeX (for papers) and Markdown (for the site).

Every equation is labelled `<derivation id>-<step key>`: the label depends on neither the
step's position nor the page the derivation is embedded in. The number shown, `(n)`, is the
step's position within its derivation.
"""

from __future__ import annotations

import sympy as sp
from sympy.printing.latex import LatexPrinter

from .model import Derivation, Part, Rel, Step
from .verify import StepCheck, values, verify


class _Printer(LatexPrinter):
    """SymPy's LaTeX, except that a product keeps the order its author wrote (with evaluate=False)."""

    def _print_Mul(self, expr):
        saved, self._settings["order"] = self._settings["order"], "none"
        try:
            return super()._print_Mul(expr)
        finally:
            self._settings["order"] = saved

    def _print_Range(self, expr):
        if expr.step == 1 and expr.size.is_infinite is not True:
            return rf"\{{{self._print(expr.inf)}, \ldots, {self._print(expr.sup)}\}}"
        return super()._print_Range(expr)


def tex(expr: sp.Basic) -> str:
    """LaTeX for an expression, as every renderer and the export show it."""
    return _Printer({"ln_notation": True}).doprint(expr)


def step_latex(step: Step) -> str:
    """The right-hand side of a step as it continues the chain: `= ...`, `\\le ...`, or `\\iff x = ...`."""
    if step.rel is Rel.SOLVE:
        return rf"= {tex(step.condition)} \iff {tex(step.expr)}"
    return f"{step.rel.latex} {tex(step.expr)}"


def conclusion_latex(part: Part) -> str:
    return tex(part.conclusion) if part.relation is not Rel.EQ else f"{tex(part.start)} = {tex(part.steps[-1].expr)}"


def describe(check: StepCheck) -> str:
    """How a step was verified, in the words readers see."""
    if check.numeric_only:
        words = f"numerically verified (90-digit check at {check.points} points; no symbolic proof)"
    else:
        words = f"{check.method}, plus a numeric check at {check.points} points"
    if check.finite_differences:
        words += "; derivative checked by central finite differences"
    return words


def latex(derivation: Derivation) -> str:
    """A LaTeX fragment (amsmath `align`) with one labelled, numbered line per step."""
    report = verify(derivation)
    lines = [f"% {derivation.title} -- ML Derived derivation {derivation.id}, version {derivation.version}"]
    for part in derivation.parts:
        lines += [f"% {part.title}", r"\begin{align}"]
        for number, p, step in derivation.steps:
            if p is not part:
                continue
            lead = tex(part.start) + " " if step is part.steps[0] else ""
            end = r" \\" if step is not part.steps[-1] else ""
            lines.append(rf"  {lead}&{step_latex(step)} \label{{{derivation.anchor(step)}}}{end}"
                         rf"  % ({number}) {step.reason} [{report.check(step.key).method}]")
        lines.append(r"\end{align}")
    return "\n".join(lines) + "\n"


def markdown(derivation: Derivation, heading_level: int = 2, source_url: str | None = None) -> str:
    """Markdown with display math (`$$ ... $$`), ready to embed in a page.

    Each step is a numbered equation preceded by an HTML anchor `id="<id>-<key>"`,
    followed by its reason and how it was verified.
    """
    report = verify(derivation)
    h = "#" * heading_level
    out = [f'<a id="{derivation.id}"></a>', "", f"{h} {derivation.title}", "", derivation.summary, ""]
    out += _assumptions(derivation) + _definitions(derivation)
    for part in derivation.parts:
        out += [f"{h}# {part.title}", "", f'<a id="{derivation.id}-{part.key}"></a>', "", f"$${tex(part.start)}$$", ""]
        if part.start_reason:
            out += [f"*{part.start_reason}*", ""]
        for number, p, step in derivation.steps:
            if p is part:
                out += [
                    f'<a id="{derivation.anchor(step)}"></a>', "",
                    rf"$${step_latex(step)} \tag{{{number}}}$$", "",
                    f"{step.reason}. *Verified: {describe(report.check(step.key))}.* "
                    f'[¶](#{derivation.anchor(step)}){{ .mld-eqlink aria-label="Link to equation ({number})" }}', "",
                ]
        out += ["**Result.**", "", f"$${conclusion_latex(part)}$$", ""]
    out += _values(derivation) + _references(derivation)
    source = f"[`{derivation.module}`]({source_url})" if source_url else f"`{derivation.module}`"
    out += [f"*Version `{derivation.version}`; source: {source}.*", ""]
    return "\n".join(out)


def _assumptions(derivation: Derivation) -> list[str]:
    rows = [f"- ${tex(a.symbol)} \\in {tex(a.domain)}$: {a.meaning}" for a in derivation.assumptions]
    return ["**Assumptions.**", "", *rows, ""]


def _definitions(derivation: Derivation) -> list[str]:
    if not derivation.definitions:
        return []
    rows = [f"- ${tex(d.name)} := {tex(d.value)}$ (definition): {d.meaning}" for d in derivation.definitions]
    return ["**Definitions.**", "", *rows, ""]


def _values(derivation: Derivation) -> list[str]:
    if not derivation.values:
        return []
    rows = [f"- ${tex(v.symbol)} = {computed}\\ldots$: {v.meaning}" for v, computed in zip(derivation.values, values(derivation))]
    return ["**Computed values.**", "", *rows, ""]


def _references(derivation: Derivation) -> list[str]:
    """Citations by key, Pandoc-style (`[@lin2017; @lin2020]`): the site links them to the page's
    references, which the bibliography (references.bib) fills in."""
    return [f"**Sources:** [{'; '.join('@' + r.key for r in derivation.references)}].", ""]
