"""The command line, the JSON export and its schema, and the renderers."""

import json
import os
import subprocess
import sys

import jsonschema
import pytest
import sympy as sp
from sympy.functions.elementary.piecewise import ExprCondPair

from derivations import all_derivations, cli, get
from derivations.export import export, schema
from derivations.render import latex, markdown
from site_build import paths
from site_build.derivations_bundle import load_bundle

SYMPY_NAMES = {**vars(sp), "ExprCondPair": ExprCondPair}


def run_cli(*args):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "derivations", *args], capture_output=True, text=True, env=env, timeout=300)


def test_list_prints_one_id_and_title_a_line():
    result = run_cli("list")
    assert result.returncode == 0
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [r[0] for r in rows] == [d.id for d in all_derivations()]
    assert all(len(r) == 2 and r[1] for r in rows)


def test_verify_named_derivation_exits_0():
    result = run_cli("verify", "sigmoid-derivative")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok  sigmoid-derivative (")


def test_unknown_id_exits_2_and_lists_known_ids():
    result = run_cli("verify", "no-such-derivation")
    assert result.returncode == 2
    assert "unknown derivation 'no-such-derivation'" in result.stderr
    for d in all_derivations():
        assert d.id in result.stderr


def test_usage_error_exits_2():
    assert run_cli("frobnicate").returncode == 2
    assert run_cli().returncode == 2


def test_failing_derivation_exits_1_with_the_step_named(monkeypatch, capsys, replace):
    broken = replace(get("sigmoid-derivative"), "value-at-zero", expr=sp.Rational(1, 3))
    monkeypatch.setattr(cli, "get", lambda _id: broken)
    assert cli.main(["verify", "sigmoid-derivative"]) == 1
    err = capsys.readouterr().err
    assert "sigmoid-derivative: step 9 (value-at-zero) does not hold" in err


def test_export_to_file_validates_against_the_schema(tmp_path):
    # Two derivations keep this quick; the site's derivations.json, with all of them, is validated in test_citing.py.
    target = tmp_path / "derivations.json"
    result = run_cli("export", "-o", str(target), "relu-family-derivatives", "sigmoid-derivative")
    assert result.returncode == 0, result.stderr
    document = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker()).validate(document)
    assert [d["id"] for d in document["derivations"]] == ["relu-family-derivatives", "sigmoid-derivative"]


def test_schema_rejects_a_record_without_verification():
    document = export([get("sigmoid-derivative")])
    del document["derivations"][0]["steps"][0]["verification"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema())


def test_export_round_trips_results_through_srepr():
    # The records the site build made (derivation_record in a fresh interpreter, cached): no re-verification here.
    records = {i: entry["record"] for i, entry in load_bundle(paths.CACHE).items()}
    for d in all_derivations():
        record = records[d.id]
        # The export rebuilds the module's expression. (Compared once SymPy has evaluated both: a result may
        # hold display forms, kept unevaluated, that SymPy merges when it rebuilds them.)
        assert str(eval(record["result"]["srepr"], SYMPY_NAMES)) == str(eval(sp.srepr(d.result), SYMPY_NAMES)), d.id
        assert record["version"] == d.version
        assert len(record["steps"]) == len(d.steps)


def test_export_records_how_each_step_was_verified():
    record = export([get("sigmoid-derivative")])["derivations"][0]
    methods = {s["key"]: s["verification"] for s in record["steps"]}
    assert methods["chain-rule"]["method"] == "symbolic"
    assert methods["chain-rule"]["finite_difference_points"] >= 20


def test_markdown_has_a_stable_anchor_and_number_for_every_step():
    d = get("sigmoid-derivative")
    text = markdown(d)
    for number, _part, step in d.steps:
        assert f'<a id="{d.id}-{step.key}"></a>' in text
        assert rf"\tag{{{number}}}" in text
    assert d.version in text and d.module in text
    assert "[" + "; ".join(f"@{ref.key}" for ref in d.references) + "]" in text  # cited by key


def test_latex_labels_every_step():
    d = get("sigmoid-derivative")
    text = latex(d)
    assert text.count(r"\label{") == len(d.steps)
    assert text.count(r"\begin{align}") == len(d.parts)


def test_markdown_marks_numeric_only_steps():
    bundle = load_bundle(paths.CACHE)  # each derivation's Markdown and record, as the site build made them
    assert any(s["verification"]["method"] == "numeric" for e in bundle.values() for s in e["record"]["steps"])
    for entry in bundle.values():
        numeric = [s for s in entry["record"]["steps"] if s["verification"]["method"] == "numeric"]
        assert entry["markdown"].count("numerically verified") == len(numeric), entry["id"]
