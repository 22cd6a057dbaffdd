"""`make serve` driven in a real browser: the site, the PDF pages and the slides follow a saved edit, a broken
save shows its problem over the last good page, and a fixed save takes it away.

The minimal fixture course (with the toolchain's site configuration) is served by the real command
(`python -m build_tools serve`) from a copy; Playwright drives Debian's Chromium against it.
"""

from __future__ import annotations

import json
import time
import urllib.error
from pathlib import Path

import pytest
from course_copies import MINIMAL, MODULE, edit
from serve_runs import serving
from site_courses import site_course

pytestmark = pytest.mark.integration

PAGE = "modules/01-listening.html"
OLD_POINT, NEW_POINT = "放下手头的事情。", "关掉手机，看着对方。"
TRAINER_NOTE = "先请两位学员分享亲身经历"
BROKEN_LINE = 16  # the line the broken link goes on (after "了解倾听的作用。")


_SHOWS = "([selector, text]) => (document.querySelector(selector)?.innerText || '').includes(text)"
"""Whether an element shows a text (a function, not a string to evaluate: the site's policy refuses eval)."""


@pytest.fixture()
def course(tmp_path: Path) -> Path:
    return site_course(tmp_path, MINIMAL)


def _ready(state: dict) -> bool:
    return state["site"] >= 1 and state["previews"] >= 1 and not state["busy"]


_NEW_PICTURES = """before => {
  const now = [...document.querySelectorAll('#course-preview-panel .preview-pdf img')].map(e => e.src);
  return now.length > 0 && now.every(src => !before.includes(src));
}"""


def _sources(page: object) -> list[str]:
    return page.eval_on_selector_all("#course-preview-panel .preview-pdf img", "els => els.map(e => e.src)")


def _pictures(page: object) -> list[bytes]:
    """The bytes of every PDF page picture the panel shows."""
    return [page.request.get(src).body() for src in _sources(page)]


def test_an_edit_shows_in_the_site_the_slides_and_the_pdf_pages_and_a_broken_one_in_an_overlay(course, artifacts_dir,
                                                                                             chromium_browser):
    chromium = chromium_browser  # the worker's one Chromium: a second sync Playwright in one process cannot start
    with serving(course) as preview:
        preview.wait_for(_ready)
        page = chromium.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"{preview.url}/{PAGE}")
        page.wait_for_selector("#course-preview-panel .preview-slide")
        page.wait_for_selector("#course-preview-panel .preview-pdf img")
        assert OLD_POINT in page.inner_text("article")
        assert OLD_POINT in page.inner_text("#course-preview-panel .preview-slides")
        assert TRAINER_NOTE in page.inner_text("#course-preview-panel .preview-slides")  # served on 127.0.0.1
        editions = page.eval_on_selector_all("#course-preview-panel .preview-pdf h3",
                                             "els => els.map(e => e.textContent)")
        assert [e.split(",")[0] for e in editions] == ["Workbook", "Facilitator guide"]
        before = _pictures(page)
        page.screenshot(path=str(artifacts_dir / "serve-before.png"))

        edit(course, MODULE, OLD_POINT, NEW_POINT)
        page.wait_for_function(_SHOWS, arg=["article", NEW_POINT], timeout=180_000)
        page.wait_for_function(_SHOWS, arg=["#course-preview-panel .preview-slides", NEW_POINT], timeout=300_000)
        page.wait_for_function(_NEW_PICTURES, arg=_sources(page), timeout=300_000)
        after = _pictures(page)
        assert len(after) == len(before) and after != before  # the workbook and guide pages were drawn again
        page.screenshot(path=str(artifacts_dir / "serve-edited.png"))
        page.locator("#course-preview-panel .preview-slides").scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts_dir / "serve-slides.png"))

        lines = (course / MODULE).read_text(encoding="utf-8").split("\n")
        assert lines[BROKEN_LINE - 2] == "了解倾听的作用。"
        lines.insert(BROKEN_LINE - 1, "见[不存在的页面](no-such-page.md)。\n")
        (course / MODULE).write_text("\n".join(lines), encoding="utf-8")
        overlay = page.wait_for_selector("#course-preview-overlay:not([hidden])", timeout=180_000)
        shown = overlay.inner_text()
        assert f"{MODULE}:{BROKEN_LINE}" in shown and "no-such-page.md" in shown and "fix:" in shown
        assert NEW_POINT in page.inner_text("article")  # the last good page stays beneath
        page.screenshot(path=str(artifacts_dir / "serve-broken.png"))
        assert f"{MODULE}:{BROKEN_LINE}" in preview.output()  # the terminal says the same

        lines.pop(BROKEN_LINE - 1)
        (course / MODULE).write_text("\n".join(lines), encoding="utf-8")
        page.wait_for_selector("#course-preview-overlay", state="hidden", timeout=180_000)
        page.close()
    assert "extra.alternate" not in preview.output() and "INFO" not in preview.output()


def test_another_address_previews_participant_outputs_only(course):
    with serving(course, host="0.0.0.0") as preview:
        preview.wait_for(_ready)
        panel = json.loads(preview.get("/_preview/panel?page=modules/01-listening&lang=zh"))
        assert [pdf["edition"] for pdf in panel["pdf"]] == ["Workbook"] and panel["pdf"][0]["pictures"]
        assert OLD_POINT in panel["slides"] and TRAINER_NOTE not in panel["slides"]
        for source in ("docs/modules/01-listening.md", "docs/course.yml", "../mkdocs.yml"):
            with pytest.raises(urllib.error.HTTPError, match="404"):
                preview.get(f"/_preview/{source}")  # slide pictures only, never a page's source
    assert "participant preview only" in preview.output()


def test_a_page_never_hangs_before_the_first_site(course):
    started = time.monotonic()
    with serving(course) as preview:
        answer = preview.get("/")
        assert b"preview.js" in answer
        asked = time.monotonic()
        preview.state(since=10**9)  # news that never comes: answered with the state as it is, after a few seconds
        assert time.monotonic() - asked < 15
    assert time.monotonic() - started < 60
