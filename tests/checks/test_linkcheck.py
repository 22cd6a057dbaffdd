"""`make linkcheck` against a local web server on 127.0.0.1 (the real check needs the internet)."""

from __future__ import annotations

import dataclasses
import http.server
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from local_server import serve_locally

from build_tools.checks.external_links import check_external_links
from build_tools.course.model import Course, Language
from build_tools.course.page_parser import parse_page


class _Handler(http.server.BaseHTTPRequestHandler):
    """`/ok` answers, `/gone` is 404, `/get-only` refuses HEAD like some real servers."""

    requests: list[tuple[str, str]] = []

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _answer(self, head: bool) -> None:
        self.requests.append((self.command, self.path))
        status = {"/ok": 200, "/gone": 404, "/get-only": 405 if head else 200}.get(self.path, 404)
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean."""


@pytest.fixture
def server() -> Iterator[str]:
    _Handler.requests = []
    with serve_locally(_Handler) as url:
        yield url


def course_linking(root: Path, base: str) -> Course:
    text = (
        "---\nkind: page\n---\n\n# Links {#links}\n\n"
        f"See [ok]({base}/ok) and [gone]({base}/gone).\n\n"
        f"Also <{base}/get-only> and [a page](other.md).\n"
    )
    page = parse_page(text, Path("docs/links.md"), "links", "zh", [])
    return Course(
        root=root,
        docs_dir=root / "docs",
        settings=None,
        languages=(Language("zh", "简体中文", True),),
        pages=(page,),
        views={},
    )


def test_reports_broken_addresses_with_their_place_and_fails(
    tmp_path: Path, server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    course = course_linking(tmp_path, server)

    assert check_external_links(course, timeout=5) == 1

    out = capsys.readouterr().out
    assert f"  ok     200 {server}/ok\n" in out
    assert f"  ok     200 {server}/get-only\n" in out
    assert f"  BROKEN 404 {server}/gone: Not Found\n         docs/links.md:7\n" in out
    assert out.endswith("linkcheck: 2 working, 1 broken\n")
    assert ("GET", "/get-only") in _Handler.requests


def test_remembers_working_addresses_and_asks_again_about_broken_ones(
    tmp_path: Path, server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    course = course_linking(tmp_path, server)
    check_external_links(course, timeout=5)
    _Handler.requests = []

    assert check_external_links(course, timeout=5) == 1

    assert _Handler.requests == [("HEAD", "/gone")]
    assert f"{server}/ok (cached)" in capsys.readouterr().out
    cache = json.loads((tmp_path / ".cache/linkcheck.json").read_text(encoding="utf-8"))
    assert cache["results"][f"{server}/ok"]["status"] == 200
    assert cache["results"][f"{server}/gone"]["ok"] is False


def test_passes_when_every_address_works(tmp_path: Path, server: str, capsys: pytest.CaptureFixture[str]) -> None:
    course = course_linking(tmp_path, server)
    page = course.pages[0]
    working = tuple(r for r in page.references if not r.target.endswith("/gone"))
    course = dataclasses.replace(course, pages=(dataclasses.replace(page, references=working),))

    assert check_external_links(course, timeout=5) == 0
    assert capsys.readouterr().out.endswith("linkcheck: 2 working, 0 broken\n")
