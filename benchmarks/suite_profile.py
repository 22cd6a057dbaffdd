"""Where the test suite's time goes: CPU seconds per test file, its own and its processes', as `make test` runs it.

`make test` on two cores is mostly computing (issue 18): its length is bounded by the CPU seconds it needs ÷ the
cores, whatever the order of the tests. This runs the suite as `make test` does (`pytest -n <cores> --dist
loadfile`), with this file loaded as a pytest plugin in every worker, and prints each test file's CPU seconds:
the worker's own, the processes it ran and waited for (builds, checks, LibreOffice), and the processes it keeps
running across tests (Chromium, its driver) while each test ran. The last lines give the total and the least wall
time it allows on this machine's cores, both also as multiples of `../shared/yardstick` run before and after.

Usage: .venv/bin/python benchmarks/suite_profile.py [pytest arguments, default: the whole suite]
Run it on a quiet machine, on a fresh clone for CI's figures (no verdicts kept: tests/kept_verdicts.py).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LOG = "SUITE_PROFILE_LOG"
"""The environment variable naming the file each worker appends its records to (one JSON line a test)."""
_TICKS = os.sysconf("SC_CLK_TCK")


def _process_cpu() -> dict[int, tuple[int, float]]:
    """Every process on the machine: pid → (parent pid, CPU seconds so far), read from /proc."""
    found: dict[int, tuple[int, float]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended while being read
        found[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICKS)
    return found


def _descendants() -> dict[int, float]:
    """This process's running descendants: pid → CPU seconds so far."""
    processes = _process_cpu()
    children: dict[int, list[int]] = defaultdict(list)
    for pid, (parent, _) in processes.items():
        children[parent].append(pid)
    found: dict[int, float] = {}
    waiting = list(children[os.getpid()])
    while waiting:
        pid = waiting.pop()
        found[pid] = processes[pid][1]
        waiting += children[pid]
    return found


def _waited_for() -> float:
    """CPU seconds of the processes this one ran and waited for (they and theirs, when each waited in turn)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """One record per test: its wall time and the CPU seconds of this worker, its ended and its running processes.

    A running process that ends during the test is counted once: the CPU it had used before the test is taken
    off again, as the wait for it adds its whole life's CPU to `_waited_for`."""
    started, own, waited, running = time.perf_counter(), time.process_time(), _waited_for(), _descendants()
    yield
    still = _descendants()
    others = sum(seconds - running.get(pid, 0.0) for pid, seconds in still.items())
    others -= sum(seconds for pid, seconds in running.items() if pid not in still)
    record = {"test": item.nodeid, "worker": os.environ.get("PYTEST_XDIST_WORKER", "main"),
              "wall": time.perf_counter() - started, "own": time.process_time() - own,
              "processes": _waited_for() - waited + others}
    log = os.environ.get(LOG)
    if log:
        with open(log, "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")


def _yardstick() -> float | None:
    """Seconds of one run of `../shared/yardstick`, or None where it is missing."""
    script = ROOT.parent / "shared" / "yardstick" / "yardstick.py"
    if not script.exists():
        return None
    result = subprocess.run([sys.executable, str(script), "--runs", "1"], capture_output=True, text=True, check=True)
    return float(result.stdout.split(" in ")[1].split(" s")[0])


def main() -> int:
    cores = os.cpu_count() or 1
    arguments = sys.argv[1:] or ["tests"]
    before = _yardstick()
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "records.jsonl"
        environment = {**os.environ, LOG: str(log),
                       "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "benchmarks"),
                                                                   os.environ.get("PYTHONPATH")]))}
        started = time.perf_counter()
        finished = subprocess.run([sys.executable, "-m", "pytest", "-p", "suite_profile", "-q", "-n", str(cores),
                                   "--dist", "loadfile", *arguments], cwd=ROOT, env=environment, check=False)
        wall = time.perf_counter() - started
        records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
    after = _yardstick()
    files: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for record in records:
        totals = files[record["test"].split("::")[0]]
        totals[0] += record["own"]
        totals[1] += record["processes"]
        totals[2] += record["wall"]
    print(f"{'CPU s':>7} {'own':>6} {'processes':>9} {'wall s':>7}  test file")
    for name, (own, processes, file_wall) in sorted(files.items(), key=lambda item: -(item[1][0] + item[1][1])):
        print(f"{own + processes:7.1f} {own:6.1f} {processes:9.1f} {file_wall:7.1f}  {name}")
    cpu = sum(own + processes for own, processes, _ in files.values())
    print(f"{cpu:7.1f} CPU seconds in {len(records)} tests; pytest took {wall:.1f} s on {cores} cores; the CPU alone "
          f"needs at least {cpu / cores:.1f} s of wall time on {cores} cores")
    if before and after:
        yardstick = (before + after) / 2
        print(f"yardstick {before:.2f} s before, {after:.2f} s after: pytest {wall / yardstick:.0f}×, "
              f"the CPU's least wall time {cpu / cores / yardstick:.0f}×")
    return finished.returncode


if __name__ == "__main__":
    sys.exit(main())
