"""The PDF renderer's parts: HTML assembly, links and ids, the URL fetcher, the glyph check, WeasyPrint warnings."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from course_copies import FIXTURES, copy_course, edit
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from build_tools.load import load_course
from build_tools.model import BlockKind, Edition, PageKind, SourceLocation
from build_tools.pdf.document import anchor_id, build_document, part_id, reading_order, resolve_page_link
from build_tools.pdf.fonts import CODE_FONT, TEXT_FONT, missing_characters
from build_tools.problems import CourseError, Problem
from build_tools.pdf.render import (
    RenderJob,
    RestrictedFetcher,
    build_documents,
    check_documents,
    render_job,
)
from build_tools.schedule import build_agenda, clock

REMOTE_IMAGE_COURSE = FIXTURES / "remote_image_course"


class _Anchors(HTMLParser):
    """Every id and every in-document link target of an HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(values["id"])
        if tag == "a" and (values.get("href") or "").startswith("#"):
            self.targets.append(values["href"][1:])


def _plain(result, markdown: str) -> str:
    """The text of a Markdown fragment, as the converter renders it."""
    return "".join(result.converter.to_element(markdown).itertext()).strip()


def _tiny_job(tmp_path: Path, body: str) -> RenderJob:
    return RenderJob("test.pdf", f"<html lang='en'><body>{body}</body></html>", tmp_path.as_uri() + "/",
                     (str(tmp_path),), b"test")


# --- links and ids --------------------------------------------------------------------------------


def test_page_links_resolve_relative_to_the_page(course_result):
    page = course_result.course.page("workbook/self-assessment", "zh")
    assert resolve_page_link(page, "../modules/01-role-interpretation.md#ordinary-vs-effective") == (
        "modules/01-role-interpretation", "ordinary-vs-effective")
    assert resolve_page_link(page, "action-plan.md") == ("workbook/action-plan", "")
    assert resolve_page_link(page, "#self-assessment-scale") == ("workbook/self-assessment", "self-assessment-scale")
    assert resolve_page_link(page, "https://example.com/a.md") is None
    assert resolve_page_link(page, "../../outside.md") is None
    assert resolve_page_link(page, "../assets/images/x.png") is None


def test_ids_are_prefixed_with_the_page_so_they_are_unique():
    assert part_id("modules/01-role-interpretation") == "modules.01-role-interpretation"
    assert anchor_id("modules/01-role-interpretation", "objectives") == "modules.01-role-interpretation--objectives"
    assert anchor_id("a", "b c") == "a--b_20_c"


@pytest.mark.parametrize("edition", list(Edition))
def test_every_id_is_unique_and_every_internal_link_has_a_target(course_result, edition):
    for language in ("zh", "en"):
        anchors = _Anchors()
        anchors.feed(build_document(course_result, language, edition).html)
        assert len(anchors.ids) == len(set(anchors.ids)), "duplicate ids"
        assert anchors.targets, "no internal links"
        assert set(anchors.targets) <= set(anchors.ids)


def test_links_to_pages_outside_the_pdf_become_plain_text(course_result):
    html = build_document(course_result, "zh", Edition.PARTICIPANT).html
    assert "downloads.md" not in html
    assert '<span class="unlinked">下载</span>' in html
    assert 'href="#modules.04-role-transition--internal-customer"' in html


# --- what each edition contains -------------------------------------------------------------------


def test_reading_order_follows_the_day_and_leaves_out_downloads(course_result):
    course = course_result.course
    order = reading_order(course, "zh", Edition.PARTICIPANT)
    kinds = [page.kind for page, _, _ in order]
    assert kinds[:3] == [PageKind.HOME, PageKind.AGENDA, PageKind.READING]
    assert kinds[-1] is PageKind.GLOSSARY
    assert PageKind.DOWNLOADS not in kinds
    keys = [page.key for page, _, _ in order]
    for module in course.modules["zh"]:
        for session in module.sessions:
            for case in course.cases_for(session.id, "zh"):
                assert keys.index(module.page.key) < keys.index(case.key)
    worksheets = [page.key for page, _, _ in order if page.kind is PageKind.WORKSHEET]
    assert worksheets[0] == "workbook/self-assessment"
    assert worksheets[-1] == "workbook/action-plan"


def test_trainer_notes_only_reach_the_facilitator_guide(course_result):
    session = course_result.course.sessions("zh")[0]
    note = _plain(course_result, session.blocks_of(BlockKind.TRAINER)[0].markdown)[:30]
    assert note not in build_document(course_result, "zh", Edition.PARTICIPANT).html
    assert note in build_document(course_result, "zh", Edition.FACILITATOR).html


def test_session_headings_show_clock_time_method_and_minutes(course_result):
    course = course_result.course
    session = course.sessions("en")[1]
    item = build_agenda(course, "en").start_of(session.id)
    html = build_document(course_result, "en", Edition.PARTICIPANT).html
    meta = (
        f'<p class="session-meta"><span class="clock">{clock(item.start)}–{clock(item.end)}</span>'
        f'<span class="method">{session.method.label("en")}</span>'
        f'<span class="minutes">{session.minutes} min</span></p>'
    )
    assert meta in html


def test_only_worksheet_cells_get_writing_space_and_only_the_workbook_gets_answer_lines(course_result):
    participant = build_document(course_result, "zh", Edition.PARTICIPANT).html
    facilitator = build_document(course_result, "zh", Edition.FACILITATOR).html
    agenda = participant[participant.index('id="agenda"'):participant.index('id="pre-reading"')]
    assert 'class="blank"' not in agenda
    assert 'class="blank"' in participant
    assert 'class="answer-lines"' in participant
    assert 'class="answer-lines"' not in facilitator


def test_facilitator_guide_has_run_sheet_and_deduplicated_checklist(course_result):
    html = build_document(course_result, "zh", Edition.FACILITATOR).html
    assert 'id="run-sheet"' in html and 'id="checklist"' in html
    checklist = html[html.index('id="checklist"'):]
    checklist = checklist[: checklist.index("</table>")]
    assert checklist.count("<td>计时器</td>") == 1
    assert 'id="run-sheet"' not in build_document(course_result, "zh", Edition.PARTICIPANT).html


def test_chinese_document_names_its_language_zh_cn_and_dates_come_from_course_yml(course_result):
    html = build_document(course_result, "zh", Edition.PARTICIPANT).html
    edition = course_result.course.settings.edition
    assert '<html lang="zh-CN">' in html
    assert f'<meta name="dcterms.created" content="{edition.isoformat()}">' in html
    assert f"{edition.year}年{edition.month}月{edition.day}日" in html


def test_the_same_source_gives_the_same_html(course_result):
    first = build_document(course_result, "en", Edition.FACILITATOR)
    second = build_document(course_result, "en", Edition.FACILITATOR)
    assert first.html == second.html and first.identifier == second.identifier


# --- safety ---------------------------------------------------------------------------------------


@pytest.fixture
def no_fetching(monkeypatch):
    """Record any URL that would really be opened (the fetcher must refuse before that)."""
    opened: list[str] = []

    def record(self, url, headers=None):
        opened.append(url)
        raise AssertionError(f"fetched {url}")

    monkeypatch.setattr(URLFetcher, "fetch", record)
    return opened


def test_fetcher_refuses_web_addresses_without_opening_them(tmp_path, no_fetching):
    fetcher = RestrictedFetcher([tmp_path])
    with pytest.raises(FatalURLFetchingError):
        fetcher.fetch("https://example.com/logo.png")
    assert fetcher.refused == [("https://example.com/logo.png", "link.remote_image")]
    assert no_fetching == []


def test_fetcher_refuses_files_outside_the_allowed_folders_without_reading_them(tmp_path, no_fetching):
    fetcher = RestrictedFetcher([tmp_path / "docs"])
    (tmp_path / "docs").mkdir()
    for url in ("file:///etc/hostname", (tmp_path / "docs" / ".." / "secret.png").as_uri(), "data:,x"):
        with pytest.raises(FatalURLFetchingError):
            fetcher.fetch(url)
    assert [code for _, code in fetcher.refused] == ["link.outside_docs"] * 3
    assert no_fetching == []


def test_fetcher_opens_files_inside_docs(tmp_path):
    image = tmp_path / "a.txt"
    image.write_text("ok")
    response = RestrictedFetcher([tmp_path]).fetch(image.as_uri())
    try:
        assert response.read() == b"ok"
    finally:
        response.close()


def test_render_stops_at_a_remote_image_in_raw_html(tmp_path, no_fetching):
    outcome = render_job(_tiny_job(tmp_path, '<p>x</p><img src="http://example.com/a.png">'))
    assert outcome.data == b""
    assert outcome.refused == (("http://example.com/a.png", "link.remote_image"),)
    assert no_fetching == []


def test_a_weasyprint_warning_fails_the_render(tmp_path):
    outcome = render_job(_tiny_job(tmp_path, '<p style="color: not-a-colour">x</p>'))
    assert outcome.data == b""
    assert any("not-a-colour" in message for message in outcome.warnings)


def test_a_clean_render_gives_pdf_bytes(tmp_path):
    outcome = render_job(_tiny_job(tmp_path, "<h1>Title</h1><p>中文 text</p>"))
    assert outcome.data.startswith(b"%PDF-") and outcome.pages == 1
    assert outcome.refused == () and outcome.warnings == ()


# --- glyphs ---------------------------------------------------------------------------------------


def test_missing_characters_lists_what_the_font_cannot_draw():
    assert missing_characters("中文 text，“引号”—– 1/2\n\u200b", TEXT_FONT) == []
    assert missing_characters("a\U0001F600b\U0001F600", TEXT_FONT) == ["\U0001F600"]
    assert missing_characters("print('你好')", CODE_FONT) == []


def test_a_character_without_glyph_fails_before_rendering_at_its_line(tmp_path):
    course = copy_course(tmp_path, REMOTE_IMAGE_COURSE)
    edit(course, "docs/index.md", "![课程标志](https://example.com/logo.png)", "笑脸 \U0001F600")
    edit(course, "docs/index.en.md", "![Course logo](https://example.com/logo.png)", "")
    result = load_course(course)
    documents = build_documents(result)
    with pytest.raises(CourseError) as raised:
        check_documents(result.course, documents)
    assert raised.value.problems == [
        Problem(
            SourceLocation(Path("docs/index.md"), 9),
            "pdf.missing_glyph",
            "character '\U0001F600' (U+1F600) is not in the font Noto Sans CJK SC",
        )
    ]
    assert "empty box" in str(raised.value)


def test_facilitator_only_pages_are_only_in_the_facilitator_guide(tmp_path):
    course = copy_course(tmp_path, REMOTE_IMAGE_COURSE)
    edit(course, "docs/index.md", "![课程标志](https://example.com/logo.png)", "")
    edit(course, "docs/index.en.md", "![Course logo](https://example.com/logo.png)", "")
    for suffix, title in (("", "课前准备"), (".en", "Preparing the room")):
        (course / f"docs/briefing{suffix}.md").write_text(
            f"---\nkind: page\nfacilitator_only: true\n---\n\n# {title} {{#briefing}}\n\nText.\n", encoding="utf-8"
        )
    result = load_course(course)
    assert result.problems == ()
    for language in ("zh", "en"):
        participant = build_document(result, language, Edition.PARTICIPANT)
        facilitator = build_document(result, language, Edition.FACILITATOR)
        assert "briefing" not in [page.key for page in participant.pages]
        assert "briefing" in [page.key for page in facilitator.pages]
        assert 'id="briefing"' in facilitator.html and 'id="briefing"' not in participant.html
