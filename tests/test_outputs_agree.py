"""The three outputs of one course, read back, agree on titles and clock times.

The site's HTML, the PDF's text (pdftotext) and the decks' XML are each searched for the course title,
every module title and every session title with its clock time (with the day, on this two-day course).
What each output shows must be what the model says, so the three agree with each other.
"""

from __future__ import annotations

import re
import subprocess
from html import unescape
from pathlib import Path

import pytest
from pptx import Presentation

from build_tools.course import localise
from build_tools.course.model import Edition
from build_tools.course.schedule import span
from build_tools.parts.output_files import deck_path, pdf_path

pytestmark = pytest.mark.integration


def squash(text: str) -> str:
    """Text without any whitespace (PDF and slide line breaks fall anywhere) and with HTML entities read."""
    return re.sub(r"\s+", "", unescape(text))


def expected(built, language: str) -> tuple[str, list[str], list[tuple[str, str]]]:
    course = built.course
    view = course.view(language)
    template = localise.word_template(course, language, "day_time")
    sessions = [(s.title, span(view.agenda, (view.agenda.start_of(s.id),), template)) for s in view.sessions]
    return course.settings.title[language], [m.title for m in view.modules], sessions


def site_text(built, language: str) -> str:
    folder = built.site_dir if language == built.course.default_language.code else built.site_dir / language
    pages = [p for p in folder.rglob("*.html") if language != "zh" or "/en/" not in p.as_posix()]
    text = "".join(re.sub(r"<[^>]+>", "", p.read_text(encoding="utf-8")) for p in pages)
    return squash(text)


def pdf_text(built, language: str) -> str:
    path = pdf_path(built.pdf_dir, built.course, language, Edition.FACILITATOR)
    return squash(subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                                 check=True).stdout)


def slides_text(built, language: str) -> str:
    deck = Presentation(str(deck_path(built.slides_dir, built.course, language, None)))
    runs = [run.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
            for paragraph in shape.text_frame.paragraphs for run in paragraph.runs]
    return squash("".join(runs))


@pytest.mark.parametrize("language", ["zh", "en"])
def test_site_pdf_and_slides_agree_on_titles_and_times(two_day_build, language):
    title, modules, sessions = expected(two_day_build, language)
    outputs = {"site": site_text(two_day_build, language), "pdf": pdf_text(two_day_build, language),
               "slides": slides_text(two_day_build, language)}
    missing = {}
    for name, text in outputs.items():
        wanted = [title, *modules, *(t for t, _ in sessions), *(when for _, when in sessions)]
        absent = [item for item in wanted if squash(item) not in text]
        if absent:
            missing[name] = absent
    assert missing == {}
    for name, text in outputs.items():
        for session_title, when in sessions:
            assert follows(text, squash(session_title), squash(when)), (name, session_title, when)


def follows(text: str, title: str, when: str, within: int = 300) -> bool:
    """True when some occurrence of a session's title is followed closely by its time (its details line)."""
    return any(when in text[m.end(): m.end() + within] for m in re.finditer(re.escape(title), text))


def test_every_time_on_a_two_day_course_names_its_day(two_day_build):
    _, _, sessions = expected(two_day_build, "en")
    assert all(when.startswith(("Day 1 · ", "Day 2 · ")) for _, when in sessions)
    assert {when[:5] for _, when in sessions} == {"Day 1", "Day 2"}


def test_the_whole_course_deck_is_named_for_the_course(two_day_build):
    names = sorted(p.name for p in Path(two_day_build.slides_dir, "zh").glob("*.pptx"))
    assert names[0] == "service-talk-zh-module-01.pptx" and "service-talk-zh.pptx" in names
    assert not any("full-day" in name for name in names)
