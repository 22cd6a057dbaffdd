"""`make serve` timed (`bench.py --serve`): save → site page reloaded, save → PDF pages and slides updated, broken
save → problem shown; on a copy of the first course, through the preview's own HTTP answers.

"Reloaded" is when the server answers the page with the new text (the browser's reload adds its own ~0.1 s);
"previews updated" is when the preview's state says the PDF pages were rendered again and the pictures of
the edited page's PDF pages (every edition) are drawn and fetched, and its slides show the new text; "problem shown"
is when the state carries the broken line's `file:line` (the overlay draws it from that answer).
"""

from __future__ import annotations

import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE, KEY, SITE_PAGE = "docs/modules/02-role-thinking.md", "modules/02-role-thinking", "modules/02-role-thinking.html"
POINT = "**人力**："
TIMEOUT = 600.0


class Preview:
    """A running `python -m build_tools serve --port 0` in a course folder."""

    def __init__(self, root: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.log = root.parent / "serve.log"
        with self.log.open("w", encoding="utf-8") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "build_tools", "serve", "--port", "0"], cwd=root,
                                            env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 120
        while not (found := re.search(r"http://127\.0\.0\.1:(\d+)/", self.log.read_text(encoding="utf-8"))):
            if time.monotonic() > deadline or self.process.poll() is not None:
                sys.exit(f"serve did not start:\n{self.log.read_text(encoding='utf-8')}")
            time.sleep(0.1)
        self.url = f"http://127.0.0.1:{found[1]}"

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=60) as answer:
            return answer.read()

    def state(self, since: int = -1) -> dict:
        return json.loads(self.get(f"/_preview/state?since={since}"))

    def until(self, test: Callable[[dict], bool]) -> dict:
        deadline = time.monotonic() + TIMEOUT
        state = self.state()
        while not test(state):
            if time.monotonic() > deadline or self.process.poll() is not None:
                sys.exit(f"the preview never reached the state the benchmark waits for; last: {state}\n"
                         f"{self.log.read_text(encoding='utf-8')[-3000:]}")
            state = self.state(int(state["generation"]))
        return state

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def _idle(state: dict) -> bool:
    return state["site"] >= 1 and state["previews"] >= 1 and not state["busy"]


def _previews_show(preview: Preview, text: str, after: int) -> Callable[[dict], bool]:
    """True once the previews were redrawn after generation `after` and the panel shows `text`; the
    pictures are fetched (drawn on request) before it says so."""
    def test(state: dict) -> bool:
        if state["previews"] <= after or "previews" in state["busy"]:
            return False
        query = urllib.parse.urlencode({"page": KEY, "lang": "zh"})
        panel = json.loads(preview.get(f"/_preview/panel?{query}"))
        for pdf in panel["pdf"]:
            for picture in pdf["pictures"]:
                preview.get(picture)
        return text in panel["slides"] and all(pdf["pictures"] for pdf in panel["pdf"])
    return test


def serve_rows(course: Path, runs: int) -> list[tuple[str, float]]:
    """Medians of the three serve cases over `runs` saves each, on the course copy at `course`."""
    preview = Preview(course)
    page = course / PAGE
    original = page.read_text(encoding="utf-8")
    site, previews, broken = [], [], []
    try:
        preview.until(_idle)
        for run in range(runs):
            marker = f"标记{run}号"
            state = preview.state()
            started = time.monotonic()
            page.write_text(original.replace(POINT, POINT + marker, 1), encoding="utf-8")
            print(f"serve run {run}: saved", flush=True)
            while marker.encode() not in preview.get(f"/{SITE_PAGE}"):
                preview.state(int(preview.state()["generation"]))
            site.append(time.monotonic() - started)
            preview.until(_previews_show(preview, marker, int(state["previews"])))
            previews.append(time.monotonic() - started)
            preview.until(_idle)
            lines = original.split("\n")
            line = lines.index(next(x for x in lines if x.startswith("- " + POINT))) + 1
            started = time.monotonic()
            page.write_text("\n".join([*lines[:line], f"见[缺失的页面](missing-{run}.md)。", *lines[line:]]),
                            encoding="utf-8")
            preview.until(lambda s, where=f"{PAGE}:{line + 1}": any(p["where"] == where for p in s["problems"]))
            broken.append(time.monotonic() - started)
            page.write_text(original, encoding="utf-8")
            preview.until(lambda s: _idle(s) and not any(not p["warning"] for p in s["problems"]))
    finally:
        page.write_text(original, encoding="utf-8")
        preview.stop()
    print(f"serve: site {' '.join(f'{v:.2f}' for v in site)} s; previews {' '.join(f'{v:.2f}' for v in previews)} s; "
          f"problem {' '.join(f'{v:.2f}' for v in broken)} s")
    return [("`make serve`: save → site page reloaded", statistics.median(site)),
            ("`make serve`: save → PDF pages and slides updated", statistics.median(previews)),
            ("`make serve`: broken save → problem in the browser", statistics.median(broken))]
