"""Time `verify` for each derivation and for the whole catalogue.

Each measurement runs in a fresh interpreter (verification results are cached within a
process), so it includes every symbolic and numeric check but not the SymPy import, which
is reported on its own line. Prints a Markdown table of medians, ready for the README.

    python benchmarks/verify_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

PER_DERIVATION_TARGET_S = 3.0
CATALOGUE_TARGET_S = 20.0

PROBE = """
import json, sys, time
started = time.perf_counter()
from derivations import all_derivations, get, verify
imported = time.perf_counter() - started
ids = sys.argv[1:] or [d.id for d in all_derivations()]
started = time.perf_counter()
for i in ids:
    verify(get(i))
print(json.dumps({"import": imported, "verify": time.perf_counter() - started}))
"""


def measure(ids: list[str], runs: int) -> tuple[float, float]:
    """Median verify time and median import time over `runs` fresh interpreters."""
    samples = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", PROBE, *ids], capture_output=True, text=True, check=True)
        samples.append(json.loads(out.stdout))
    return statistics.median(s["verify"] for s in samples), statistics.median(s["import"] for s in samples)


def time_cli() -> float:
    """Wall time of the command a maintainer and CI run, start-up included."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "derivations", "verify"], capture_output=True, check=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from derivations import all_derivations

    ids = [d.id for d in all_derivations()]
    print(f"verify benchmark: {len(ids)} derivations, median of {args.runs} fresh runs, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}\n")
    print("| derivation | verify (s) | target |")
    print("|---|---:|---:|")
    worst = 0.0
    for i in ids:
        seconds, _ = measure([i], args.runs)
        worst = max(worst, seconds)
        print(f"| `{i}` | {seconds:.2f} | < {PER_DERIVATION_TARGET_S:.0f} |")
    total, imported = measure([], args.runs)
    print(f"| all {len(ids)}, one after another in one process | {total:.2f} | |")
    cli = statistics.median(time_cli() for _ in range(args.runs))
    print(f"| **all {len(ids)}: `python -m derivations verify`, {os.cpu_count()} processes** | **{cli:.2f}** "
          f"| < {CATALOGUE_TARGET_S:.0f} (at 25 derivations) |")
    print(f"\nimporting the package (SymPy included): {imported:.2f} s")
    total = cli
    ok = worst < PER_DERIVATION_TARGET_S and total < CATALOGUE_TARGET_S
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
