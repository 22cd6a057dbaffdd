"""Benchmark of the PDF step: median render time and peak memory per PDF, and the whole parallel step.

Each PDF is rendered alone in a fresh process, so its peak resident memory (from `os.wait4`, the
rusage of that one child) is its own. Then `render_all_pdfs` runs as `make pdf` does.

    .venv/bin/python benchmarks/bench_pdf.py [--runs 3] [--root PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from build_tools.checks.checked import checked_course  # noqa: E402
from build_tools.pdf.render import (  # noqa: E402
    build_documents,
    check_documents,
    render_all_pdfs,
    render_job,
    render_job_for,
)


def _render_one(job_file: Path) -> None:
    """Child mode: render one pickled job and print its outcome as JSON."""
    job = pickle.loads(job_file.read_bytes())
    outcome = render_job(job)
    print(json.dumps({"seconds": outcome.seconds, "pages": outcome.pages, "ok": bool(outcome.data)}))


def _measure_child(job_file: Path) -> tuple[dict, int]:
    """Render in a fresh process; its outcome and its peak resident memory in KiB."""
    child = subprocess.Popen([sys.executable, __file__, "--render", str(job_file)], stdout=subprocess.PIPE)
    assert child.stdout is not None
    output = child.stdout.read()
    child.stdout.close()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"render of {job_file.name} failed with exit code {child.returncode}")
    return json.loads(output), usage.ru_maxrss


def _summary(values: list[float]) -> str:
    return f"median {statistics.median(values):5.1f} s  (min {min(values):.1f}, max {max(values):.1f})"


def main() -> None:
    """Print medians over `--runs` runs: assembly, each PDF alone, and all PDFs in parallel."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--root", type=Path, default=ROOT, help="the course repository (default: this one)")
    parser.add_argument("--render", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.render:
        _render_one(args.render)
        return
    course = checked_course(args.root)
    print(f"PDF step, {args.runs} runs each, on {os.cpu_count()} cores")
    assembly = []
    for _ in range(args.runs):
        started = time.perf_counter()
        documents = build_documents(course)
        check_documents(course, documents)
        assembly.append(time.perf_counter() - started)
    print(f"{'assemble and check HTML':52} {_summary(assembly)}")
    with tempfile.TemporaryDirectory() as scratch:
        for document in documents:
            job = render_job_for(course, document)
            job_file = Path(scratch) / "job.pickle"
            job_file.write_bytes(pickle.dumps(job))
            seconds, memory, pages = [], [], 0
            for _ in range(args.runs):
                outcome, peak_kib = _measure_child(job_file)
                seconds.append(outcome["seconds"])
                memory.append(peak_kib)
                pages = outcome["pages"]
            label = f"{job.label} ({pages} pages)"
            print(f"{label:52} {_summary(seconds)}  peak RSS {max(memory) / 1024:.0f} MiB")
        parallel = []
        for run in range(args.runs):
            started = time.perf_counter()
            render_all_pdfs(course, Path(scratch) / f"out{run}", report=lambda line: None)
            parallel.append(time.perf_counter() - started)
        print(f"{'all PDFs (render_all_pdfs)':52} {_summary(parallel)}")


if __name__ == "__main__":
    main()
