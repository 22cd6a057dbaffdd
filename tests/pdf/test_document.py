"""The PDF renderer's parts: HTML assembly from the model, links and ids, the URL fetcher, the glyph check,
and WeasyPrint messages placed at the source line they are about. Fixture courses only."""

from __future__ import annotations

import html as html_module
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from course_copies import FIXTURES, MINIMAL, copy_course, edit
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from build_tools.checks.checked import checked_course, course_and_problems
from build_tools.course import localise
from build_tools.course.load import load_course
from build_tools.course.model import Course, Edition, PageKind
from build_tools.course.problems import BuildError, CourseError, Problem, format_problem
from build_tools.course.reading_order import reading_order
from build_tools.course.source import SourceLocation
from build_tools.parts.markdown_html import MarkdownConverter
from build_tools.parts.materials import materials_key
from build_tools.pdf.anchors import anchor_id, part_id, resolve_page_link
from build_tools.pdf.document import build_document
from build_tools.pdf.fonts import CODE_FONT, TEXT_FONT, missing_characters
from build_tools.pdf.headings import case_label
from build_tools.pdf.pages import pdf_pages
from build_tools.pdf.render import (
    RenderJob,
    RenderOutcome,
    RestrictedFetcher,
    _outcome_problems,
    build_documents,
    check_documents,
    lay_out,
    render_job,
)
from build_tools.pdf.urls import DOCS
from build_tools.pdf.whole_words import WORD_JOINER, chinese_words, keep_words_whole

REMOTE_IMAGE_COURSE = FIXTURES / "remote_image_course"
TWO_DAY_COURSE = FIXTURES / "two_day_course"
LANGUAGES = ("zh", "en")


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


@pytest.fixture(scope="module")
def two_day() -> Course:
    """Two days, units as folders (an index page and a page per session), its own methods and words."""
    return checked_course(TWO_DAY_COURSE)


@pytest.fixture(scope="module")
def minimal() -> Course:
    return checked_course(MINIMAL)


def _plain(course: Course, markdown: str) -> str:
    """The text of a Markdown fragment, as the converter renders it."""
    return "".join(MarkdownConverter(course).to_element(markdown).itertext()).strip()


def _words(html: str) -> str:
    """The text of an HTML document without its tags (and without the word joiners that hold words together)."""
    return re.sub(r"<[^>]+>", "", html).replace("\u2060", "")


def _section(html: str, part: str) -> str:
    """The HTML of one part (`<section … id="part">` up to its end)."""
    start = html.index(f'id="{part}"')
    return html[start : html.index("</section>", start)]


def _tiny_job(tmp_path: Path, body: str) -> RenderJob:
    return RenderJob("test.pdf", f"<html lang='en'><body>{body}</body></html>", tmp_path.as_uri() + "/",
                     (str(tmp_path),), b"test")


# --- links and ids --------------------------------------------------------------------------------


def test_page_links_resolve_relative_to_the_page(two_day):
    page = two_day.page("workbook/needs-log", "zh")
    assert resolve_page_link(page, "../units/01-listening/02-finding-needs.md#finding-needs") == (
        "units/01-listening/02-finding-needs", "finding-needs")
    assert resolve_page_link(page, "needs-log.md") == ("workbook/needs-log", "")
    assert resolve_page_link(page, "#my-follow-up") == ("workbook/needs-log", "my-follow-up")
    assert resolve_page_link(page, "https://example.com/a.md") is None
    assert resolve_page_link(page, "../../outside.md") is None
    assert resolve_page_link(page, "../assets/images/x.png") is None


def test_ids_are_prefixed_with_the_page_so_they_are_unique():
    assert part_id("units/01-listening/index") == "units.01-listening.index"
    assert anchor_id("units/01-listening/index", "objectives") == "units.01-listening.index--objectives"
    assert anchor_id("a", "b c") == "a--b_20_c"


@pytest.mark.parametrize("edition", list(Edition))
def test_every_id_is_unique_and_every_internal_link_has_a_target(two_day, minimal, edition):
    for course in (two_day, minimal):
        for language in LANGUAGES:
            anchors = _Anchors()
            anchors.feed(build_document(course, language, edition).html)
            assert len(anchors.ids) == len(set(anchors.ids)), "duplicate ids"
            assert anchors.targets, "no internal links"
            assert set(anchors.targets) <= set(anchors.ids)


def test_links_to_pages_outside_the_pdf_become_plain_text(tmp_path):
    root = copy_course(tmp_path, TWO_DAY_COURSE)
    edit(root, "docs/index.md", "请带上", "先看[下载](downloads.md)和[准备](trainer-prep.md)。请带上")
    course = load_course(root).course  # unchecked: the check refuses a participant link to a trainer page
    participant = build_document(course, "zh", Edition.PARTICIPANT).html.replace(WORD_JOINER, "")
    assert "downloads.md" not in participant
    assert '<span class="unlinked">下载</span>' in participant
    assert '<span class="unlinked">准备</span>' in participant
    assert 'href="#units.03-promises.02-follow-up-plan--follow-up-plan"' in participant
    facilitator = build_document(course, "zh", Edition.FACILITATOR).html.replace(WORD_JOINER, "")
    assert '<a href="#trainer-prep">准备</a>' in facilitator


# --- what each edition contains, in which order ---------------------------------------------------


def test_pages_follow_the_shared_reading_order_without_the_downloads_page(two_day):
    for edition in Edition:
        document = build_document(two_day, "en", edition)
        shared = [page for page, _ in reading_order(two_day.view("en"), edition)]
        assert list(document.pages) == [page for page in shared if page.kind is not PageKind.DOWNLOADS]
        html = document.html
        positions = [html.index(f'<section class="part page kind-{p.kind.value}" id="{part_id(p.key)}"')
                     for p in document.pages]
        assert positions == sorted(positions)
    keys = [page.key for page, _ in pdf_pages(two_day.view("zh"), Edition.FACILITATOR)]
    assert keys[:3] == ["index", "agenda", "units/01-listening/index"]
    assert keys.index("units/01-listening/02-finding-needs") + 1 == keys.index("workbook/needs-log")
    assert keys.index("units/02-complaints/02-angry-caller") + 1 == keys.index("cases/delayed-refund")
    assert "downloads" not in keys


def test_facilitator_only_pages_are_only_in_the_facilitator_guide(two_day):
    for language in LANGUAGES:
        participant = build_document(two_day, language, Edition.PARTICIPANT)
        facilitator = build_document(two_day, language, Edition.FACILITATOR)
        assert "trainer-prep" not in [page.key for page in participant.pages]
        assert "trainer-prep" in [page.key for page in facilitator.pages]
        assert 'id="trainer-prep"' in facilitator.html and 'id="trainer-prep"' not in participant.html


def test_trainer_notes_only_reach_the_facilitator_guide(two_day):
    participant = _words(build_document(two_day, "zh", Edition.PARTICIPANT).html)
    facilitator = _words(build_document(two_day, "zh", Edition.FACILITATOR).html)
    notes = [block for session in two_day.sessions("zh") for block in session.trainer_notes]
    notes += [block for case in two_day.view("zh").cases for block in case.debrief]
    assert len(notes) >= 6
    for block in notes:
        note = _plain(two_day, block.markdown)[:20]
        assert note not in participant
        assert note in facilitator


def test_session_headings_show_clock_time_method_and_minutes(minimal):
    html = build_document(minimal, "en", Edition.PARTICIPANT).html
    assert ('<p class="session-meta"><span class="clock">09:20–09:30</span><span class="method">Exercise</span>'
            '<span class="minutes">10 min</span></p>') in html


def test_on_a_course_of_several_days_every_time_carries_its_day(two_day):
    html = build_document(two_day, "en", Edition.FACILITATOR).html
    follow_up = _section(html, "units.03-promises.02-follow-up-plan")
    assert ('<p class="session-meta"><span class="clock">Day 2 · 10:15–11:15</span>'
            '<span class="method">Workshop</span><span class="minutes">60 min</span></p>') in follow_up
    kicker = '<p class="module-kicker">Unit 3<span>Day 2 · 09:00–11:15</span><span>120 min</span></p>'
    assert kicker in _section(html, "units.03-promises.index")
    run_sheet = _section(html, "run-sheet")
    assert '<tr class="day"><th colspan="5" scope="row">Day 2</th></tr>' in run_sheet
    assert '<td class="time">Day 1 · 10:30–10:45</td><td colspan="2">Break</td>' in run_sheet
    times = re.findall(r'<td class="time">([^<]*)</td>', run_sheet)
    assert times and all(time.startswith(("Day 1 · ", "Day 2 · ")) for time in times)
    checklist = _section(html, "checklist")
    assert '<span class="clock">Day 2 · 10:15</span>' in checklist


def test_english_method_names_are_capitalised_wherever_they_are_shown(two_day):
    html = build_document(two_day, "en", Edition.FACILITATOR).html
    labels = {session.method.label("en") for session in two_day.sessions("en") if session.method}
    assert {"workshop", "role play"} <= labels
    for part in ("agenda", "run-sheet"):
        cells = set(re.findall(r"<td(?: class=\"one-line\")?>([^<]*)</td>", _section(html, part)))
        assert {"Workshop", "Role play"} <= cells and not labels & cells, part
    assert '<span class="method">Role play</span>' in html and '<span class="method">role play</span>' not in html


def test_session_pages_of_units_are_contents_entries_below_their_unit(two_day):
    html = build_document(two_day, "zh", Edition.PARTICIPANT).html.replace(WORD_JOINER, "")
    contents = html[html.index('<nav class="toc">') : html.index("</nav>")]
    entries = re.findall(r'<li class="toc-(\d)[^"]*"><a href="#([^"]+)">', contents)
    assert ("1", "units.01-listening.index") in entries
    assert ("2", "units.01-listening.01-first-minute") in entries
    assert ("2", "workbook.needs-log") in entries
    assert ("2", "cases.delayed-refund") in entries
    session_page = _section(html, "units.01-listening.01-first-minute")
    heading = '<h1 id="units.01-listening.01-first-minute--first-minute" class="bm-2 chapter" data-running='
    assert heading in session_page
    assert '<p class="module-kicker">单元 1<span>' in _section(html, "units.01-listening.index")


def test_only_worksheet_cells_get_writing_space_and_only_the_workbook_gets_answer_lines(two_day):
    participant = build_document(two_day, "zh", Edition.PARTICIPANT).html
    facilitator = build_document(two_day, "zh", Edition.FACILITATOR).html
    assert 'class="blank"' not in _section(participant, "agenda")
    assert 'class="blank"' in _section(participant, "workbook.needs-log")
    assert 'class="answer-lines"' in _section(participant, "units.01-listening.01-first-minute")
    case = _section(participant, "cases.delayed-refund")
    assert case.count('<div class="answer-lines">') == 3  # one per discussion question of the case
    assert 'class="answer-lines"' not in facilitator


def _checklist_rows(html: str) -> list[tuple[str, str, int]]:
    """(entry, first session, uses) of each row of the materials checklist, as text."""
    rows = []
    for row in re.findall(r'<tr><td class="tick">.*?</tr>', _section(html, "checklist"), re.S):
        cells = [" ".join(_words(cell).split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        clock = re.search(r'<span class="clock">([^<]*)</span>', row)
        session = cells[-2].removeprefix(clock[1] if clock else "").strip()
        rows.append((cells[1], session, int(cells[-1])))
    return rows


def test_facilitator_guide_has_run_sheet_and_a_checklist_without_near_duplicates(tmp_path):
    root = copy_course(tmp_path, TWO_DAY_COURSE)
    for page, old, new in (
        ("01-listening/01-first-minute.md", "    - 每组一张海报纸",
         "    - 每组一张海报纸\n    - 白板及白板笔\n    - 挂图纸"),
        ("01-listening/02-finding-needs.md", "    - 计时器", "    - 计时器\n    - 白板和白板笔\n    - 挂图纸。"),
        ("03-promises/02-follow-up-plan.md", "    - 便利贴和记号笔", "    - 便利贴和记号笔\n    - 白板与白板笔"),
        ("01-listening/01-first-minute.en.md", "    - One poster sheet per group",
         "    - One poster sheet per group\n    - Timer\n    - Flip chart paper"),
        ("01-listening/02-finding-needs.en.md", "    - A timer", "    - A timer\n    - Flip-chart paper"),
        ("03-promises/02-follow-up-plan.en.md", "    - Sticky notes and markers",
         "    - Sticky notes and markers\n    - the timer\n    - Flip-Chart  paper"),
    ):
        edit(root, f"docs/units/{page}", old, new)
    course = checked_course(root)
    zh = _checklist_rows(build_document(course, "zh", Edition.FACILITATOR).html)
    assert [(entry, uses) for entry, _, uses in zh if "白板" in entry or "挂图" in entry] == [
        ("白板及白板笔", 3), ("挂图纸", 2)]
    en = _checklist_rows(build_document(course, "en", Edition.FACILITATOR).html)
    assert [(entry, session, uses) for entry, session, uses in en if "imer" in entry or "hart" in entry] == [
        ("Timer", "The first minute", 3), ("Flip chart paper", "The first minute", 3)]
    assert len({entry for entry, _, _ in en}) == len(en)
    assert 'id="run-sheet"' in build_document(course, "zh", Edition.FACILITATOR).html
    assert 'id="run-sheet"' not in build_document(course, "zh", Edition.PARTICIPANT).html


MATERIALS = """
materials:
  spare_percent: 10
  items:
    - {zh: 白板和白板笔, en: whiteboard and markers, per: room}
    - {zh: 便利贴, en: sticky notes, per: participant, count: 2}
    - {zh: 计时器, en: timer, per: trainer}
"""


def _quantities(html: str) -> dict[str, tuple[str, int]]:
    """Material → (quantity, uses), from a checklist with a quantity column."""
    found = {}
    for row in re.findall(r'<tr><td class="tick">.*?</tr>', _section(html, "checklist"), re.S):
        cells = [" ".join(_words(cell).split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        found[cells[1]] = (cells[2], int(cells[-1]))
    return found


def test_a_listed_material_is_one_checklist_row_with_the_quantity_for_the_class(tmp_path):
    """Issue 24: one entry per material, named as the course's list names it, with the quantity for the class
    (16 participants, 4 groups, 1 trainer) and a spare margin on what is handed out."""
    root = copy_course(tmp_path, TWO_DAY_COURSE)
    with (root / "docs/course.yml").open("a", encoding="utf-8") as stream:
        stream.write(MATERIALS)
    for page, old, new in (
        ("01-listening/01-first-minute.md", "    - 每组一张海报纸", "    - 每组一张海报纸\n    - 白板及白板笔"),
        ("01-listening/02-finding-needs.md", "    - 计时器", "    - 计时器\n    - 白板和白板笔（统计举手用）"),
        ("01-listening/01-first-minute.en.md", "    - One poster sheet per group",
         "    - One poster sheet per group\n    - Whiteboard and markers"),
        ("01-listening/02-finding-needs.en.md", "    - A timer",
         "    - A timer\n    - A whiteboard and markers (tally)"),
    ):
        edit(root, f"docs/units/{page}", old, new)
    course = checked_course(root)
    zh = _quantities(build_document(course, "zh", Edition.FACILITATOR).html)
    assert zh["白板和白板笔"] == ("1", 2)
    assert zh["便利贴"] == ("36", 1)  # 2 × 16, plus 10 %, rounded up
    assert zh["计时器"] == ("1", 1)
    assert not [name for name in zh if name.startswith("白板") and name != "白板和白板笔"]
    en = _quantities(build_document(course, "en", Edition.FACILITATOR).html)
    assert en["whiteboard and markers"] == ("1", 2)
    assert en["sticky notes"] == ("36", 1)
    assert "每组一张海报纸" in zh and zh["每组一张海报纸"][0] == ""  # not listed: as written, no quantity
    advice = [format_problem(p).splitlines()[0] for p in course_and_problems(root)[1] if p.code == "materials.unlisted"]
    assert "docs/units/01-listening/01-first-minute.md:23: warning: '每组一张海报纸' is not in the materials list of " \
           "docs/course.yml, so the checklist cannot count it [materials.unlisted]" in advice
    assert not [line for line in advice if "白板" in line or "计时器" in line or "hiteboard" in line]


def test_a_handout_is_one_checklist_row_whatever_its_entries_say(tmp_path):
    """Issue 24: the 3A action plan was listed three times ("print 24" each) in three wordings."""
    root = copy_course(tmp_path, TWO_DAY_COURSE)
    for page, old, new in (
        ("03-promises/02-follow-up-plan.md", "    - 便利贴和记号笔",
         "    - 便利贴和记号笔\n    - [需求记录表（复盘时用）](../../workbook/needs-log.md)"),
        ("03-promises/02-follow-up-plan.en.md", "    - Sticky notes and markers",
         "    - Sticky notes and markers\n    - [The needs log, for the review](../../workbook/needs-log.md)"),
    ):
        edit(root, f"docs/units/{page}", old, new)
    course = checked_course(root)
    for language, name in (("zh", "客户需求记录表"), ("en", "Customer needs log")):
        rows = [row for row in _checklist_rows(build_document(course, language, Edition.FACILITATOR).html)
                if "需求记录" in row[0] or "needs log" in row[0].lower()]
        assert len(rows) == 1, rows
        entry, _, uses = rows[0]
        assert entry.startswith(name) and uses == 2


@pytest.mark.parametrize(("first", "second"), [
    ("A timer", "Timer"), ("Flip chart paper", "Flip-chart paper"), ("白板及白板笔", "白板和白板笔"),
    ("观察记录表（每人一份）", "观察记录表，每人一份"), ("ＰＤＣＡ 循环图", "PDCA循环图"),
])
def test_materials_that_differ_only_in_spelling_are_one_thing_to_prepare(first, second):
    assert materials_key(first) == materials_key(second)


@pytest.mark.parametrize(("first", "second"), [
    ("Timer", "Timer battery"), ("便利贴和马克笔", "马克笔和便利贴"), ("参与卡", "参卡"), ("Markers", "Marker"),
])
def test_materials_that_differ_in_substance_stay_apart(first, second):
    assert materials_key(first) != materials_key(second)


def test_handouts_show_where_they_are_in_the_guide_and_how_many_copies_to_print(two_day):
    """The run sheet says it beside each entry; the checklist gives the copies in its quantity column (issue 24:
    a print shop reads one column of counts)."""
    for language, needs_log, case in (("zh", "印 16 份", "印 4 份"), ("en", "print 16", "print 4")):
        html = build_document(two_day, language, Edition.FACILITATOR).html
        section = _section(html, "run-sheet")
        assert re.search(r'<span class="handout"><a class="page-ref" href="#workbook.needs-log" [^>]*></a>'
                         rf'<span class="copies">{needs_log}</span></span>', section)
        assert re.search(r'<span class="handout"><a class="page-ref" href="#cases.delayed-refund" [^>]*></a>'
                         rf'<span class="copies">{case}</span></span>', section)
        rows = _quantities(html)
        log = next(entry for entry in rows if "需求记录" in entry or "needs log" in entry.lower())
        refund = next(entry for entry in rows if "退款" in entry or "refund" in entry.lower())
        assert (rows[log][0], rows[refund][0]) == ("16", "4")
        assert 'class="copies"' not in _section(html, "checklist")
        assert 'id="workbook.needs-log"' in html and 'id="cases.delayed-refund"' in html


def test_an_agenda_is_added_only_when_no_page_shows_one(minimal, tmp_path):
    assert 'id="generated-agenda"' not in build_document(minimal, "zh", Edition.PARTICIPANT).html
    root = copy_course(tmp_path, MINIMAL)
    for name in ("index.md", "index.en.md"):
        edit(root, f"docs/{name}", "<!-- course:agenda -->", "")
    html = build_document(checked_course(root), "zh", Edition.PARTICIPANT).html
    assert html.index('id="index"') < html.index('id="generated-agenda"') < html.index('id="modules.01-listening"')


def test_chinese_document_names_its_language_zh_cn_and_dates_come_from_course_yml(two_day):
    html = build_document(two_day, "zh", Edition.PARTICIPANT).html
    edition = two_day.settings.edition
    assert '<html lang="zh-CN">' in html
    assert f'<meta name="dcterms.created" content="{edition.isoformat()}">' in html
    assert f"{edition.year}年{edition.month}月{edition.day}日" in html


@pytest.mark.parametrize(("language", "long_form"), [("zh", "{d.year}年{d.month}月{d.day}日"),
                                                     ("en", "{d.day} {month} {d.year}")])
def test_every_date_a_reader_sees_has_the_languages_long_form(two_day, language, long_form):
    edition = two_day.settings.edition
    month = edition.strftime("%B")  # the C locale's English month name
    for kind in Edition:
        html = build_document(two_day, language, kind).html
        shown = _words(html[html.index("<body") :])
        assert long_form.format(d=edition, month=month) in shown
        assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}", shown), "a date in another format"


def _contents(html: str) -> list[str]:
    """The lines of the contents, as text."""
    contents = html[html.index('<nav class="toc">') : html.index("</nav>")]
    lines = [" ".join(_words(line).split()) for line in re.findall(r"<li .*?</li>", contents, re.S)]
    return [re.sub(r" \(case page\)$|（案例页）$", "", line) for line in lines]  # the case-page marker after a title


def _retitle_case(root: Path, zh: str, en: str) -> None:
    edit(root, "docs/cases/delayed-refund.md", "# 案例：迟到的退款 {", f"# {zh} {{")
    edit(root, "docs/cases/delayed-refund.en.md", "# Case: The delayed refund {", f"# {en} {{")


def test_the_contents_say_in_words_what_their_orange_lines_are_when_they_list_a_case(two_day, minimal):
    """A review: the contents list a case page in orange beside its session of the same name, with no legend.
    A line under the title says, in the course's own word for a case, what the orange lines are; the
    contents of a document without a case page have no such line."""
    for course in (two_day, minimal):
        for language in ("zh", "en"):
            html = build_document(course, language, Edition.PARTICIPANT).html
            contents = html[html.index('<nav class="toc">') : html.index("</nav>")]
            legend = re.findall(r'<p class="toc-legend">(.*?)</p>', contents, re.S)
            has_case = "toc-case" in contents
            expected = [localise.word(course, language, "contents_cases")] if has_case else []
            assert [html_module.unescape(_words(line)) for line in legend] == expected, (course.root.name, language)
    assert "toc-case" in build_document(two_day, "en", Edition.PARTICIPANT).html  # the test shows the legend


def test_every_orange_contents_line_says_in_words_that_it_is_a_case_page(two_day, tmp_path):
    """A trainer's review: a session and its case page of the same title told apart by colour alone on a
    black-and-white copy. Every case line of the contents ends with the course's word for a case page, no other
    line has it, and the legend names it; a course's own words are used (renamed, and in a third language)."""
    root = copy_course(tmp_path, TWO_DAY_COURSE)
    edit(root, "docs/course.yml", "en: {module: Unit, modules: Units}",
         "en: {module: Unit, modules: Units, contents_case_page: (scenario)}")
    renamed = checked_course(root)
    for course, language, marker in ((two_day, "zh", "（案例页）"), (two_day, "en", " (case page)"),
                                     (renamed, "en", " (scenario)")):
        html = build_document(course, language, Edition.FACILITATOR).html
        contents = html[html.index('<nav class="toc">') : html.index("</nav>")]
        lines = re.findall(r'<li class="([^"]*)">(.*?)</li>', contents, re.S)
        cases = [html_module.unescape(_words(line)) for kind, line in lines if "toc-case" in kind.split()]
        others = [html_module.unescape(_words(line)) for kind, line in lines if "toc-case" not in kind.split()]
        assert cases and all(line.endswith(marker) and line != marker for line in cases), (language, cases)
        assert not any(marker.strip() in line for line in others), language
        legend = html_module.unescape(_words(re.search(r'<p class="toc-legend">(.*?)</p>', contents, re.S)[1]))
        assert marker.strip() in legend and "{" not in legend, legend
    three = checked_course(FIXTURES / "three_language_course")
    assert localise.word(three, "ja", "contents_cases").startswith("（ケースのページ）と記した")


def test_a_case_is_labelled_only_where_its_title_does_not_say_what_it_is(two_day, tmp_path):
    for language, title in (("zh", "案例：迟到的退款"), ("en", "Case: The delayed refund")):
        page = two_day.page("cases/delayed-refund", language)
        assert case_label(two_day, two_day.view(language), page) == ""
        lines = _contents(build_document(two_day, language, Edition.PARTICIPANT).html)
        assert title in lines and not any(line.startswith(("案例：案例", "Case: Case")) for line in lines)
    for number, (zh, en, labelled) in enumerate((
        ("迟到的退款", "The delayed refund", True),  # the title alone could be a session's: labelled
        ("案例分享", "Case sharing", False),  # holds the word for a case
        ("视频案例——迟到的退款", "Video case — the delayed refund", False),
        ("愤怒的来电者", "The angry caller", False),  # repeats its session's title
        ("角色扮演——迟到的退款", "Role play — the delayed refund", False),  # begins with its session's method
        ("展示柜", "Showcase", True),  # "case" inside a word is not the word
    )):
        root = copy_course(tmp_path / str(number), TWO_DAY_COURSE)
        _retitle_case(root, zh, en)
        course = checked_course(root)
        for language, title in (("zh", zh), ("en", en)):
            label = localise.word(course, language, "case_label") if labelled else ""
            assert case_label(course, course.view(language), course.page("cases/delayed-refund", language)) == label
            html = build_document(course, language, Edition.FACILITATOR).html
            assert f"{label}{title}".strip() in _contents(html)
            heading = re.search(r'<h1 id="cases.delayed-refund--delayed-refund"[^>]*>', html)[0]
            assert ("bookmark-label" in heading) == labelled


def test_sections_for_participants_only_are_left_out_of_the_facilitator_guide(tmp_path):
    root = copy_course(tmp_path, TWO_DAY_COURSE)
    edit(root, "docs/index.md", "## 上课须知 {#before-class}", "## 上课须知 {#before-class .participant-only}")
    edit(root, "docs/index.en.md", "{#before-class}", "{#before-class .participant-only}")
    course = checked_course(root)
    for language, heading, text in (("zh", "上课须知", "请带上"), ("en", "Before class", "Bring the notes")):
        participant = _words(build_document(course, language, Edition.PARTICIPANT).html)
        facilitator = _words(build_document(course, language, Edition.FACILITATOR).html)
        assert heading in participant and text in participant
        assert heading not in facilitator and text not in facilitator


def test_the_same_source_gives_the_same_html(two_day):
    first = build_document(two_day, "en", Edition.FACILITATOR)
    second = build_document(two_day, "en", Edition.FACILITATOR)
    assert first.html == second.html and first.identifier == second.identifier
    assert first.file_name == "service-talk-en-facilitator-guide.pdf"


# --- Chinese words in table cells -----------------------------------------------------------------


def _cell_lines(tmp_path: Path, inner_html: str, width_em: int) -> list[str]:
    """The lines of one table cell `width_em` characters wide, laid out with the workbook's stylesheet."""
    html = (f"<html lang='zh-CN'><body><table style='width: auto; table-layout: fixed'><tr>"
            f"<td style='width: {width_em}em'>{inner_html}</td></tr></table></body></html>")
    job = RenderJob("cell.pdf", html, tmp_path.as_uri() + "/", (str(tmp_path),), b"cell")
    document = lay_out(job, RestrictedFetcher([tmp_path]))
    cell = next(box for box in _descendants(document.pages[0]._page_box) if type(box).__name__ == "TableCellBox")
    return ["".join(getattr(b, "text", "") for b in _descendants(line)).replace("\u2060", "")
            for line in _descendants(cell) if type(line).__name__ == "LineBox"]


def _descendants(box: object) -> Iterator[object]:
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _descendants(child)


def _cell_html(text: str) -> str:
    holder = ElementTree.Element("td")
    holder.text = text
    keep_words_whole(holder)
    return ElementTree.tostring(holder, encoding="unicode", method="html").removeprefix("<td>").removesuffix("</td>")


@pytest.mark.parametrize(("text", "width_em", "alone"), [
    ("我们一起去看看山。", 8, "山。"), ("这一点我们做不到。", 8, "到。"), ("请在这里写下你的目标。", 10, "标。"),
])
def test_a_cells_last_character_never_stands_alone_with_its_full_stop(tmp_path, text, width_em, alone):
    assert _cell_lines(tmp_path, text, width_em)[-1] == alone  # what WeasyPrint does with plain text
    lines = _cell_lines(tmp_path, _cell_html(text), width_em)
    assert "".join(lines) == text and len(lines) == 2
    assert len(lines[-1].rstrip("。")) >= 2
    assert all(line.endswith(tuple(word for word in chinese_words(text))) for line in lines[:-1])


def test_cells_join_the_characters_of_each_chinese_word_and_leave_latin_alone():
    assert _cell_html("沟通障碍") == "沟\u2060通障\u2060碍"
    assert _cell_html("用 PDCA 循环") == "用 PDCA 循\u2060环"
    assert _cell_html("Plan the day.") == "Plan the day."


# --- images ---------------------------------------------------------------------------------------


def test_images_are_checked_files_under_docs_and_problems_point_at_the_reference(tmp_path):
    root = copy_course(tmp_path, TWO_DAY_COURSE)
    page = "docs/units/02-complaints/01-learn-model.md"
    edit(root, page, "../../assets/images/learn-steps.png", "../../assets/images/missing.png")
    course = load_course(root).course
    document = build_document(course, "zh", Edition.PARTICIPANT)
    assert document.problems == (
        Problem(SourceLocation(Path(page), 14), "link.missing_image",
                "image '../../assets/images/missing.png' does not exist"),
    )
    good = build_document(checked_course(TWO_DAY_COURSE), "zh", Edition.PARTICIPANT)
    image = DOCS + "assets/images/learn-steps.png"  # a URL with no folder of this machine in it
    assert f'src="{image}"' in good.html
    assert (image, SourceLocation(Path(page), 14)) in good.sources


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


# --- WeasyPrint messages at the line they are about ------------------------------------------------


def test_a_weasyprint_warning_about_page_css_is_reported_at_the_line_that_holds_it(tmp_path):
    root = copy_course(tmp_path, MINIMAL)
    styled = '两人一组练习复述。\n\n<p style="color: not-a-colour">注意</p>'
    edit(root, "docs/modules/01-listening.md", "两人一组练习复述。", styled)
    course = load_course(root).course  # unchecked: the check refuses raw HTML, the PDF step must cope on its own
    document = build_document(course, "zh", Edition.PARTICIPANT)
    warning = "Ignored `color: not-a-colour` at 1:1, invalid value."
    problems = _outcome_problems(course, document, RenderOutcome(b"", 10, 0.1, warnings=(warning,)))
    assert problems == [
        Problem(SourceLocation(Path("docs/modules/01-listening.md"), 34), "pdf.render",
                "WeasyPrint: Ignored `color: not-a-colour` at 1:1, invalid value."),
    ]


def test_a_weasyprint_message_about_an_image_names_it_by_its_path_at_the_reference(two_day):
    document = build_document(two_day, "en", Edition.PARTICIPANT)
    warning = f"Failed to load image at '{DOCS}assets/images/learn-steps.png': "
    problems = _outcome_problems(two_day, document, RenderOutcome(b"", 10, 0.1, warnings=(warning,)))
    assert problems == [
        Problem(SourceLocation(Path("docs/units/02-complaints/01-learn-model.en.md"), 14), "pdf.render",
                "WeasyPrint: Failed to load image at 'docs/assets/images/learn-steps.png'"),
    ]


def test_a_weasyprint_warning_about_the_template_is_a_build_error_not_a_course_problem(two_day):
    document = build_document(two_day, "en", Edition.PARTICIPANT)
    outcome = RenderOutcome(b"", 10, 0.1, warnings=("Ignored `colour: blue` at 3:4, unknown property.",))
    with pytest.raises(BuildError, match="stylesheet"):
        _outcome_problems(two_day, document, outcome)


# --- glyphs ---------------------------------------------------------------------------------------


def test_missing_characters_lists_what_the_font_cannot_draw():
    assert missing_characters("中文 text，“引号”—– 1/2\n\u200b", TEXT_FONT) == []
    assert missing_characters("a\U0001F600b\U0001F600", TEXT_FONT) == ["\U0001F600"]
    assert missing_characters("print('你好')", CODE_FONT) == []


def test_a_character_without_glyph_fails_before_rendering_at_its_line(tmp_path):
    root = copy_course(tmp_path, REMOTE_IMAGE_COURSE)
    edit(root, "docs/index.md", "![课程标志](https://example.com/logo.png)", "笑脸 \U0001F600")
    edit(root, "docs/index.en.md", "![Course logo](https://example.com/logo.png)", "")
    course = checked_course(root)
    documents = build_documents(course)
    with pytest.raises(CourseError) as raised:
        check_documents(course, documents)
    assert raised.value.problems == [
        Problem(
            SourceLocation(Path("docs/index.md"), 9),
            "pdf.missing_glyph",
            "character '\U0001F600' (U+1F600) is not in the font Noto Sans CJK SC",
        )
    ]
    assert "empty box" in str(raised.value)


def test_a_character_without_glyph_is_reported_at_the_list_entry_or_table_row_that_holds_it(tmp_path):
    root = copy_course(tmp_path, TWO_DAY_COURSE)
    edit(root, "docs/units/01-listening/02-finding-needs.md", "让客户多说一些。", "让客户多说一些\U0001F600。")
    edit(root, "docs/workbook/needs-log.en.md", "| 2 |  |  |  |", "| 2 | \U0001F642 |  |  |")
    course = checked_course(root)
    with pytest.raises(CourseError) as raised:
        check_documents(course, build_documents(course))
    assert raised.value.problems == [
        Problem(SourceLocation(Path("docs/units/01-listening/02-finding-needs.md"), 8), "pdf.missing_glyph",
                "character '\U0001F600' (U+1F600) is not in the font Noto Sans CJK SC"),
        Problem(SourceLocation(Path("docs/workbook/needs-log.en.md"), 14), "pdf.missing_glyph",
                "character '\U0001F642' (U+1F642) is not in the font Noto Sans CJK SC"),
    ]


# --- a third language ------------------------------------------------------------------------------


def test_every_language_of_the_course_gets_a_workbook_and_a_guide_in_its_own_words():
    course = checked_course(FIXTURES / "three_language_course")
    documents = build_documents(course)
    assert [d.file_name for d in documents] == [
        f"phone-manners-{lang}-{name}.pdf" for lang in ("zh", "en", "ja") for name in ("workbook", "facilitator-guide")
    ]
    japanese = documents[-1]
    assert '<html lang="ja">' in japanese.html
    assert f'<h1 class="cover-title">{course.settings.title["ja"]}</h1>' in japanese.html
    assert f'<h1 class="chapter bm-1">{localise.word(course, "ja", "run_sheet")}</h1>' in japanese.html
    check_documents(course, documents)


def test_the_cover_of_a_several_day_course_gives_its_days_and_hours(two_day, minimal):
    """"时长 300 分钟" says little on a two-day cover: "2 天（5 小时）"; one day keeps its minutes."""
    zh = _words(build_document(two_day, "zh", Edition.PARTICIPANT).html)
    en = _words(build_document(two_day, "en", Edition.PARTICIPANT).html)
    assert re.search(r"时长\s*2 天（5 小时）", zh) and re.search(r"Duration\s*2 days \(5 h\)", en)
    assert re.search(r"Duration\s*60 min", _words(build_document(minimal, "en", Edition.PARTICIPANT).html))
    assert localise.duration(two_day, "en", 720, 2) == "2 days (12 h)"
    assert localise.duration(two_day, "zh", 450, 2) == "2 天（7.5 小时）"


def test_handouts_are_printed_with_the_spare_margin_of_what_is_handed_out(tmp_path):
    """Issue 24: 27 name cards beside "print 24": a handout printed per participant or group gets the materials'
    spare margin too (16 participants and 4 groups at 10 %: 18 and 5 copies)."""
    root = copy_course(tmp_path, TWO_DAY_COURSE)
    with (root / "docs/course.yml").open("a", encoding="utf-8") as stream:
        stream.write(MATERIALS)
    html = build_document(checked_course(root), "en", Edition.FACILITATOR).html
    found = _quantities(html)
    assert found["Customer needs log, one per participant"][0] == "18"
    assert found["The delayed refund, one per group"][0] == "5"
    assert re.findall(r'<span class="copies">print (\d+)</span>', _section(html, "run-sheet")) == ["18", "5"]


@pytest.mark.parametrize(("text", "held"), [
    ("课前3周", ["课前", "3周"]),  # issue 24: "周" under "课前3" in a narrow time column
    ("同理同心（明、聽、儒）", ["同理", "同心", "（明、聽、儒）"]),  # a short bracketed aside is never split
    ("积极反馈（儒）", ["积极", "反馈（儒）"]),  # nor left alone at the end with one character
    ("上个月的实际投入（分）", ["投入（分）"]),
])
def test_a_last_character_holds_on_to_the_word_before_it(text, held):
    cell = ElementTree.Element("td")
    cell.text = text
    keep_words_whole(cell)
    assert cell.text.replace(WORD_JOINER, "") == text
    for piece in held:
        assert WORD_JOINER.join(piece) in cell.text, piece


def test_a_landscape_table_takes_its_lead_sentence_and_the_heading_above_it_not_the_chapter_title():
    """The self-assessment's "Summary of results" heading stayed alone at the foot of a portrait page while its
    sentence and table turned to a landscape page: a heading above the lead sentence turns with them."""
    from xml.etree import ElementTree

    from build_tools.pdf.pages import _turn_to_landscape

    root = ElementTree.fromstring("<div><h1>Form</h1><p>Intro</p><h2>Summary</h2><p>Enter the averages.</p>"
                                  "<table/><p>After</p></div>")
    _turn_to_landscape(root, root.find("table"))
    assert [child.tag for child in root] == ["h1", "p", "div", "p"]
    assert [child.tag for child in root[2]] == ["h2", "p", "table"]
    chapter = ElementTree.fromstring("<div><h1>Form</h1><p>Enter the averages.</p><table/></div>")
    _turn_to_landscape(chapter, chapter.find("table"))
    assert [child.tag for child in chapter] == ["h1", "div"]  # the chapter's title starts its page where it is


def test_a_stacked_worksheet_keeps_the_heading_of_every_label_column_above_those_of_its_write_in_cells():
    """A review found "Area" and "Statement" gone from a rater form whose statements had moved above their cells:
    the stacked table's header now starts with the label columns' headings, in a row shaped like the records'."""
    from build_tools.pdf.table_layout import lay_out_write_in

    statement = "When we disagree, this manager asks for my view before saying what they think of it " * 2
    table = ElementTree.fromstring(
        "<table><thead><tr><th>Area</th><th>Statement</th><th>Self</th><th>Manager</th><th>Peers</th>"
        "<th>Reports</th></tr></thead><tbody>"
        + "".join(f"<tr><td>Listening</td><td>{statement}{n}</td><td></td><td></td><td></td><td></td></tr>"
                  for n in range(3))
        + "</tbody></table>")
    assert lay_out_write_in(table)
    assert "stacked" in table.get("class", "")
    head = table.findall("thead/tr")
    assert [" ".join("".join(part.itertext()) for part in row.iter("span")) for row in head[:1]] == ["Area Statement"]
    assert head[0][0].get("scope") == "col" and head[0][0].get("class") == "prompt"
    assert ["".join(cell.itertext()) for row in head[1:] for cell in row] == ["Self", "Manager", "Peers", "Reports"]
    prompts = [row for row in table.findall("tbody/tr") if "prompt" in row.get("class", "").split()]
    assert len(prompts) == 3 and all(row[0].get("scope") == "row" for row in prompts)
