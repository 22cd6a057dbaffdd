"""A course written in plain Markdown, as for any MkDocs site (tests/fixtures/plain_course: plain bullets,
body paragraphs, a table, tip and warning boxes, numbered workshop steps, no question blocks): every output
builds with advice only and shows what the trainer wrote; with `release: true` the advice stops the build."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from build_runs import build_in_process, copy_built, hashes, once_per_run, published, run_command
from course_copies import FIXTURES, edit
from pptx import Presentation

pytestmark = pytest.mark.integration

PLAIN = FIXTURES / "plain_course"


def _build(folder: Path) -> None:
    from site_courses import site_course

    root = site_course(folder, PLAIN)
    result = run_command(root, "build")
    (folder / "build.log").write_text(f"{result.returncode}\n{result.stdout}\n{result.stderr}", encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return once_per_run(tmp_path_factory, "plain-build", _build)


def _log(built: Path) -> tuple[int, str]:
    code, text = built.joinpath("build.log").read_text(encoding="utf-8").split("\n", 1)
    return int(code), text


def test_a_plain_markdown_course_builds_every_output_with_warnings_only(built):
    code, text = _log(built)
    assert code == 0, text
    assert "no problems found" not in text and "no errors, 15 warnings" in text
    assert "[session.key_point]" in text and "[session.no_question]" in text and "[i18n.untracked]" in text
    root = built / PLAIN.name / "build"
    for language in ("zh", "en"):
        assert (root / f"pdf/{language}/chairing-{language}-workbook.pdf").is_file()
        assert (root / f"pdf/{language}/chairing-{language}-facilitator-guide.pdf").is_file()
        assert (root / f"slides/{language}/chairing-{language}.pptx").is_file()
    assert (root / "site.zip").is_file()


def test_the_site_shows_bullets_paragraphs_tables_boxes_and_steps_as_written(built):
    page = (built / PLAIN.name / "build/site/en/modules/01-preparing.html").read_text(encoding="utf-8")
    article = re.sub(r"\s+", " ", page[page.index("<article"):page.index("</article>")])
    assert "<p>A meeting without an agenda often runs half as long again as planned." in article
    assert "<ul> <li>Write each item as a question to be answered</li> <li>Give each item its minutes</li>" in article
    assert "<strong>" not in article  # no invented term
    assert '<th scope="col">Item</th> <th scope="col">Owner</th> <th scope="col">Minutes</th>' in article
    assert '<div class="admonition tip"> <p class="admonition-title">Tip</p> <p>Put the hardest item second' in article
    assert '<div class="admonition warning"> <p class="admonition-title">Careful</p>' in article
    steps = (built / PLAIN.name / "build/site/en/modules/02-running.html").read_text(encoding="utf-8")
    assert re.search(r"<ol>\s*<li>Each group picks a real item from its work</li>", steps)


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_the_workbook_shows_bullets_paragraphs_tables_boxes_and_steps_as_written(built):
    text = _pdf_text(built / PLAIN.name / "build/pdf/en/chairing-en-workbook.pdf")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "• Write each item as a question to be answered" in lines
    assert "An agenda usually needs only three columns:" in lines
    assert "Next quarter’s budget Ms Wang 15" in lines
    assert "Tip" in lines and "Put the hardest item second: people are warmed up and not yet tired." in lines
    assert "1. Each group picks a real item from its work" in lines
    zh = [" ".join(line.split()) for line in _pdf_text(built / PLAIN.name / "build/pdf/zh/chairing-zh-workbook.pdf")
          .splitlines()]
    assert "• 每项议题写成一个要回答的问题" in zh


def test_the_decks_show_plain_bullets_numbered_steps_and_no_empty_discussion(built):
    deck = Presentation(str(built / PLAIN.name / "build/slides/en/chairing-en.pptx"))
    slides = {}
    for slide in deck.slides:
        shapes = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text.strip()]
        slides.setdefault(shapes[0].text_frame.text, []).append((slide.slide_layout.name, shapes))
    assert all(layout != "Case and Discussion" for found in slides.values() for layout, _ in found)
    layout, shapes = slides["Key points: Why an agenda"][0]
    xml = shapes[1]._element.xml
    assert shapes[1].text_frame.text.split("\n") == ["Write each item as a question to be answered",
                                                     "Give each item its minutes", "Send it to everyone the day before"]
    assert 'char="•"' in xml and "<a:b " not in xml and ' b="1"' not in xml  # plain bullets, no bold term
    _, shapes = slides["Key points: Chairing a short meeting"][0]
    assert re.findall(r'<a:buAutoNum type="arabicPeriod"(?: startAt="(\d+)")?/>', shapes[1]._element.xml) == \
        ["1", "2", "3", "4"]


def test_with_release_the_same_course_stops_with_the_advice_as_errors(built, tmp_path, capfd):
    """In this process (the real command's failures at each stage: tests/test_bad_inputs.py)."""
    course = copy_built(built / PLAIN.name, tmp_path)
    before = hashes(published(course))
    edit(course, "docs/course.yml", "teaching_minutes: 135", "teaching_minutes: 135\nrelease: true")
    result = build_in_process(course, capfd)
    assert result.returncode == 1
    assert "docs/modules/02-running.md:22: session 'short-meeting' has no '!!! question' block " \
           "[session.no_question]" in result.stdout + result.stderr
    assert "15 problems found" in result.stdout + result.stderr
    assert hashes(published(course)) == before  # the last good outputs stay as they were


def test_a_module_title_that_carries_its_number_is_not_numbered_twice(tmp_path):
    """"第一单元：会前准备" / "Unit 1: Preparing the meeting": the slides and the PDF show the title as written,
    without "模块 1：" before it or a "Module 1" kicker above it; a title without its number keeps them."""
    from course_copies import copy_course

    from build_tools.checks.checked import checked_course
    from build_tools.course.model import Edition
    from build_tools.pdf.document import build_document
    from build_tools.slides.render import plan_decks
    from build_tools.slides.settings import load_deck_settings

    course = copy_course(tmp_path, PLAIN)
    edit(course, "docs/modules/01-preparing.md", "# 会前准备 {#preparing}", "# 第一单元：会前准备 {#preparing}")
    edit(course, "docs/modules/01-preparing.en.md", "# Preparing the meeting {#preparing}",
         "# Unit 1: Preparing the meeting {#preparing}")
    checked = checked_course(course)
    settings = load_deck_settings(checked.root)
    for language, numbered, other, minutes in (
            ("zh", "第一单元：会前准备", "模块 2：主持会议", "75 分钟"),
            ("en", "Unit 1: Preparing the meeting", "Module 2: Running the meeting", "75 min")):
        deck = next(plan for plan in plan_decks(checked, settings, language) if plan.module is None)

        def text(paragraph):
            return "".join(run.text for run in paragraph.runs)

        agenda = [text(p) for p in deck.slides[1].body]
        assert agenda[0] == f"09:00–10:15  {numbered}" and agenda[2] == f"10:30–11:30  {other}"
        module_slide = next(s for s in deck.slides if s.kind == "title" and text(s.title) == numbered)
        assert [text(p) for p in module_slide.body] == [f"{minutes} · 09:00–10:15"]  # no "Module 1" line
        html = build_document(checked, language, Edition.PARTICIPANT).html
        assert '<p class="module-kicker unnumbered"><span>09:00–10:15</span>' in html
        assert html.count('<p class="module-kicker">') == 1  # module 2 keeps its number
