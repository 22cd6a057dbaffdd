"""Time the pipeline's steps on the real course and print medians; then run the other benchmarks.

Usage: python benchmarks/bench_build.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from build_tools.checks.rules import validate  # noqa: E402
from build_tools.course.load import load_course  # noqa: E402


def median_seconds(step, runs: int) -> float:
    """Median wall time of `step()` over `runs` runs."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    result = load_course(ROOT)
    loading = median_seconds(lambda: load_course(ROOT), args.runs)
    checking = median_seconds(lambda: validate(result.course), args.runs)
    print(f"load course (mkdocs.yml + docs/): median {loading:.3f} s")
    print(f"validate (all checks):            median {checking:.3f} s")
    check = [sys.executable, "-m", "build_tools", "--root", str(ROOT), "check"]
    cli = median_seconds(lambda: subprocess.run(check, capture_output=True, check=True), args.runs)
    print(f"make check (whole process):       median {cli:.3f} s")
    status = 0
    for other in sorted(Path(__file__).parent.glob("bench_*.py")):
        if other.name != Path(__file__).name:
            print(f"--- {other.name}", flush=True)
            status |= subprocess.run([sys.executable, str(other)], cwd=ROOT, check=False).returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
