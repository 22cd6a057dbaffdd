"""The preview's small parts without a server: which files changed, waiting for news, problems as shown."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from build_tools.course.problems import Problem
from build_tools.course.source import SourceLocation
from build_tools.serve.command import LOCAL_HOSTS
from build_tools.serve.state import PreviewState, ShownProblem
from build_tools.serve.watch import changed, snapshot


def test_a_saved_added_or_deleted_file_is_a_change_and_editor_backups_are_not(tmp_path: Path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/a.md").write_text("one", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x", encoding="utf-8")
    before = snapshot(tmp_path)
    assert sorted(before) == ["docs/a.md", "mkdocs.yml"]
    (tmp_path / "docs/a.md").write_text("one two", encoding="utf-8")
    (tmp_path / "docs/b.md").write_text("new", encoding="utf-8")
    (tmp_path / "docs/a.md~").write_text("backup", encoding="utf-8")
    (tmp_path / "docs/.a.md.swp").write_text("swap", encoding="utf-8")
    (tmp_path / "mkdocs.yml").unlink()
    assert changed(before, snapshot(tmp_path)) == ["docs/a.md", "docs/b.md", "mkdocs.yml"]
    assert changed(snapshot(tmp_path), snapshot(tmp_path)) == []


def test_a_browser_waiting_for_news_gets_an_answer_in_time_or_at_once_when_something_changes():
    state = PreviewState()
    started = time.monotonic()
    assert state.wait(since=state.current()["generation"], timeout=0.2)["generation"] == 0  # type: ignore[index]
    assert 0.15 < time.monotonic() - started < 2
    threading.Timer(0.1, lambda: state.update(problems=[])).start()
    started = time.monotonic()
    assert state.wait(since=0, timeout=10)["generation"] == 1
    assert time.monotonic() - started < 5


def test_a_problem_is_shown_with_its_file_line_message_and_fix():
    problem = Problem(SourceLocation(Path("docs/modules/01-x.md"), 16), "link.missing_page", "'x.md' does not match")
    shown = ShownProblem.of(problem)
    assert (shown.where, shown.message, shown.code, shown.warning) == (
        "docs/modules/01-x.md:16", "'x.md' does not match", "link.missing_page", False)
    assert shown.fix == problem.fix and shown.fix


def test_only_loopback_addresses_preview_the_facilitator_edition():
    assert {"127.0.0.1", "localhost", "::1"} == LOCAL_HOSTS
    assert "0.0.0.0" not in LOCAL_HOSTS and "192.168.1.10" not in LOCAL_HOSTS
