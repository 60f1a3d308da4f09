"""`python -m derivations list | verify [ID ...] | export [-o FILE] [ID ...]`.

Exit codes: 0 all good; 1 a derivation failed verification or is malformed; 2 usage error
(such as an unknown id, reported with the list of known ids).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .export import dumps, export
from .model import DerivationDefinitionError
from .registry import UnknownDerivationError, all_derivations, get
from .verify import VerificationError, verify

OK, FAILED, USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        derivations = [get(i) for i in args.ids] if getattr(args, "ids", None) else list(all_derivations())
        return args.run(args, derivations)
    except UnknownDerivationError as error:
        print(f"error: {error}", file=sys.stderr)
        return USAGE
    except (VerificationError, DerivationDefinitionError) as error:
        print(f"FAILED {error}", file=sys.stderr)
        return FAILED


def _list(args, derivations) -> int:
    for d in derivations:
        print(f"{d.id}\t{d.title}")
    return OK


def _verify(args, derivations) -> int:
    started = time.perf_counter()
    outcomes = _verify_in_parallel([d.id for d in derivations]) if len(derivations) > 1 else {
        derivations[0].id: verify(derivations[0])
    }
    failures = [outcome for outcome in outcomes.values() if isinstance(outcome, str)]
    for d in derivations:
        report = outcomes[d.id]
        if isinstance(report, str):
            continue
        numeric = sum(c.numeric_only for c in report.checks)
        print(f"ok  {d.id} ({d.version}): {len(report.checks)} steps, {len(report.checks) - numeric} symbolic, "
              f"{numeric} numeric only, {report.seconds:.2f} s")
    for failure in failures:
        print(f"FAILED {failure}", file=sys.stderr)
    print(f"{len(derivations) - len(failures)} of {len(derivations)} derivations verified "
          f"in {time.perf_counter() - started:.2f} s")
    return FAILED if failures else OK


def _verify_in_parallel(ids: list[str]) -> dict:
    """{id: Report, or the failure message}, verified in one process per core."""
    workers = min(len(ids), os.cpu_count() or 1)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        return dict(zip(ids, pool.map(_verify_one, ids)))


def _verify_one(derivation_id: str):
    try:
        return verify(get(derivation_id))
    except (VerificationError, DerivationDefinitionError) as error:
        return str(error)


def _export(args, derivations) -> int:
    text = dumps(export(derivations))
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m derivations", description="SymPy-verified derivations of ML Derived.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="one id and title a line").set_defaults(run=_list)
    check = commands.add_parser("verify", help="verify derivations (all when no id is given)")
    check.add_argument("ids", nargs="*", metavar="ID")
    check.set_defaults(run=_verify)
    out = commands.add_parser("export", help="write the JSON export")
    out.add_argument("ids", nargs="*", metavar="ID")
    out.add_argument("-o", "--output", help="file to write (default: standard output)")
    out.set_defaults(run=_export)
    return parser
