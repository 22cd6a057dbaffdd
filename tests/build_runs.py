"""Running the real build command on a course copy, and reading what it published."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]
OUTPUTS = ("pdf", "slides", "site", "site.zip")


ONE_WORKER = ("--workers", "1")
"""For builds in tests: the tests already run one process per core, and four busy processes on two cores cost
about a tenth more CPU than two. Builds with a worker per core (`make all`'s default) are run by the tests
that stop a build mid-way, two builds at once, and each end-to-end bad input."""


def run_command(root: Path, command: str, *extra: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """`python -m build_tools <command>` in `root` (a `build` writes into `root/build`, with ONE_WORKER)."""
    env = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    if command == "build":
        extra = ("--out", "build", *ONE_WORKER, *extra)
    return subprocess.run([sys.executable, "-m", "build_tools", command, *extra], cwd=root, capture_output=True,
                          text=True, timeout=timeout, env=env)


def build_in_process(root: Path, capfd: pytest.CaptureFixture[str], out: str = "build",
                     ) -> subprocess.CompletedProcess[str]:
    """The build command (`build_tools.cli.main`) run in this test process, its output captured.

    It is `run_command(root, "build")` without a new interpreter's start-up and imports (about 1.3 s of CPU a
    build): for tests about what a build does. The start-up itself, signals and two builds at once are run
    with the real command. It builds with ONE_WORKER.
    """
    from build_tools.cli import main

    capfd.readouterr()
    code = main(["--root", str(root), "build", "--out", str(root / out), *ONE_WORKER])
    captured = capfd.readouterr()
    return subprocess.CompletedProcess(["build"], code, captured.out, captured.err)


_MEASURING_WRAPPER = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as out:
    out.write(f"{usage.ru_maxrss * 1024} {usage.ru_utime + usage.ru_stime}")
sys.exit(code)
"""


class Usage(NamedTuple):
    """What one command's own process tree used: its largest process's peak memory and its CPU time."""

    peak_bytes: int
    cpu_seconds: float


def measured_command(root: Path, command: str, *extra: str, timeout: float = 240,
                     ) -> tuple[subprocess.CompletedProcess[str], Usage]:
    """`run_command`, and what this run's own process tree used (`Usage`).

    A wrapper process runs the command and reads its own children's usage: unlike the test process's
    RUSAGE_CHILDREN, it holds no earlier case's processes. CPU time, unlike the clock, does not grow when other
    work shares the machine, so a bound on it holds on a busy machine too; `timeout` only ends a hang.
    """
    env = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    if command == "build":
        extra = ("--out", "build", *extra)
    with tempfile.NamedTemporaryFile("r", suffix=".usage") as measured:
        result = subprocess.run([sys.executable, "-c", _MEASURING_WRAPPER, measured.name, sys.executable, "-m",
                                 "build_tools", command, *extra], cwd=root, capture_output=True, text=True,
                                timeout=timeout, env=env)
        peak, cpu = (Path(measured.name).read_text() or "0 0").split()
        return result, Usage(int(peak), float(cpu))


def copy_built(source: Path, destination: Path) -> Path:
    """A copy of a built course, its build/ folder included (the links into build/.versions kept as links)."""
    target = destination / "course"
    shutil.copytree(source, target, symlinks=True)
    return target


def published(root: Path) -> dict[str, tuple[str, int]]:
    """Every published file (through build/pdf, build/slides, …) → (content hash, inode)."""
    found = {}
    for name in OUTPUTS:
        top = root / "build" / name
        paths = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in paths:
            found[path.relative_to(root / "build").as_posix()] = (
                hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_ino)
    return found


def hashes(state: dict[str, tuple[str, int]]) -> dict[str, str]:
    """Only the content hashes of `published`."""
    return {name: digest for name, (digest, _) in state.items()}


def once_per_run(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder `make` fills once per test run, shared by every test process (pytest-xdist workers).

    The first worker to ask makes it under a file lock; the others wait and then read it. Tests only
    read the folder: a test that changes a file works on a copy (`copy_built`).
    """
    base = factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = shared / f"once-{name}"
    with (shared / f"once-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".made").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            (folder / ".made").touch()
    return folder
