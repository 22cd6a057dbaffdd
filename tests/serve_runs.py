"""The real `python -m build_tools serve` on a course copy, for the serve tests and the benchmark."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]


@dataclass
class Serving:
    """A running preview: its base URL and what it printed so far."""

    url: str
    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)

    def state(self, since: int = -1) -> dict:
        """The preview's state (waits up to the server's limit for news after generation `since`)."""
        with urllib.request.urlopen(f"{self.url}/_preview/state?since={since}", timeout=15) as answer:
            return json.loads(answer.read())

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(f"{self.url}{path}", timeout=30) as answer:
            return answer.read()

    def wait_for(self, test: object, timeout: float = 400) -> dict:
        """The first state for which `test(state)` is true (polling the long-poll), or AssertionError."""
        deadline = time.monotonic() + timeout
        state = self.state()
        while not test(state):  # type: ignore[operator]
            assert time.monotonic() < deadline, f"no such state within {timeout} s; last: {state}\n" + self.output()
            state = self.state(int(state["generation"]))
        return state

    def output(self) -> str:
        return "\n".join(self.lines)


@contextlib.contextmanager
def serving(root: Path, host: str = "127.0.0.1") -> Iterator[Serving]:
    """`serve --port 0` in `root`, until the block ends (then stopped with SIGTERM, as Ctrl-C would)."""
    env = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    process = subprocess.Popen([sys.executable, "-m", "build_tools", "serve", "--host", host, "--port", "0"],
                               cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    first = process.stdout.readline()
    found = re.search(r"http://(\S+?):(\d+)/", first)
    assert found, first
    address = "127.0.0.1" if host in ("0.0.0.0", "127.0.0.1") else found[1]
    running = Serving(f"http://{address}:{found[2]}", process, [first.rstrip()])
    reader = threading.Thread(target=lambda: running.lines.extend(line.rstrip() for line in process.stdout or ()),
                              daemon=True)
    reader.start()
    try:
        yield running
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=5)
        if process.stdout is not None:
            process.stdout.close()
