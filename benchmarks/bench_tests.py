"""The test suite timed as a developer and CI meet it: `make test` and `make test-fast`, against the yardstick.

Each target runs as `make` runs it (set-up already done) and its wall time is taken; the yardstick
(`../shared/yardstick`, raw WeasyPrint on a plain document) runs in the same run, before and after, so the
figures can be read as ratios on any machine. The issue's bound: `make test` at most 75× the yardstick.

Usage: python benchmarks/bench_tests.py [--runs N] [--fast-only]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_speed import yardstick_seconds

ROOT = Path(__file__).resolve().parents[1]


def timed_make(target: str) -> float:
    """Seconds `make <target>` takes; a failing suite is not a benchmark, so it stops here."""
    started = time.perf_counter()
    result = subprocess.run(["make", "--no-print-directory", target], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"make {target} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="runs of each target (make test takes minutes)")
    parser.add_argument("--fast-only", action="store_true", help="time make test-fast only")
    args = parser.parse_args()
    before = yardstick_seconds(3)
    targets = ["test-fast"] if args.fast_only else ["test-fast", "test"]
    rows = []
    for target in targets:
        runs = [timed_make(target) for _ in range(args.runs)]
        rows.append((f"make {target}", statistics.median(runs), min(runs), max(runs)))
        print(f"make {target}: {', '.join(f'{r:.1f}' for r in runs)} s", flush=True)
    after = yardstick_seconds(3)
    yardsticks = [s for s in (before, after) if s]
    yardstick = statistics.median(yardsticks) if yardsticks else None
    if yardstick:
        print(f"yardstick (raw WeasyPrint, 43 plain pages, this run): {before:.2f} s before, {after:.2f} s after")
    print(f"{'target':<16} {'median s':>9} {'range s':>13} {'× yardstick':>12}")
    for name, median, low, high in rows:
        ratio = f"{median / yardstick:.0f}" if yardstick else "n/a"
        print(f"{name:<16} {median:>9.1f} {f'{low:.1f}–{high:.1f}':>13} {ratio:>12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
