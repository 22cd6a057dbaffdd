"""The first course's whole-course decks as a trainer presents them: drawings, notes where they are spoken, titles.

Builds the course in docs/ through the deck jobs and reads each language's whole-course facilitator deck.
"""
from __future__ import annotations

import collections
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.presentation import Presentation as PresentationFile

from build_tools.course.load import load_course
from build_tools.course.model import Course, Edition
from build_tools.parts.output_files import deck_path
from build_tools.pipeline.build import render_course

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
TEACHING = ("Title and Content", "Two Content", "Case and Discussion")
"""The layouts of key-point, discussion and case slides: the slides a trainer speaks to."""


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> tuple[Course, Path]:
    result = load_course(ROOT)
    assert not [p for p in result.problems if not p.warning], result.problems
    out = tmp_path_factory.mktemp("first-course") / "slides"
    render_course(result.course, "decks", out, report=lambda line: None)
    return result.course, out


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_whole_course_deck_is_ready_to_present(decks: tuple[Course, Path], language: str) -> None:
    course, out = decks
    deck = Presentation(str(deck_path(out, course, language, None, Edition.FACILITATOR)))
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert [t for t, n in collections.Counter(titles).items() if n > 1] == []
    drawn = [n for n, slide in enumerate(deck.slides, 1)
             if any(s.shape_type == MSO_SHAPE_TYPE.GROUP and s.name.startswith("Diagram") for s in slide.shapes)]
    assert len(drawn) >= 12
    modules = [n for n, slide in enumerate(deck.slides, 1) if slide.slide_layout.name == "Title"][1:5]
    assert all(any(start <= n < end for n in drawn) for start, end in zip(modules, [*modules[1:], 10_000],
                                                                           strict=True))  # in every module
    for number, slide in enumerate(deck.slides, 1):
        notes = slide.notes_slide.notes_text_frame.text
        assert len(notes) <= 1500, (number, len(notes))
        assert "↑" not in notes, number
        if slide.slide_layout.name in TEACHING:  # its own notes: the session line, a heading and what to say
            assert len([line for line in notes.splitlines() if line.strip()]) >= 3, (number, notes)
    pictures = [s for slide in deck.slides for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert pictures == []  # the PDCA picture is drawn as a native cycle now
    assert _thin_continuations(deck) == []


def _thin_continuations(deck: PresentationFile) -> list[tuple[str, int]]:
    """The "(k/n)" slides of a list shared out over slides that show fewer than three of its items.

    A list cut because its trainer notes outgrow a notes page continues with its items; "fill before you
    split" wants at least three on each slide. A question shown again while its notes turn (the same
    items on every part) is not a cut list.
    """
    parts: dict[str, list[tuple[str, ...]]] = collections.defaultdict(list)
    for slide in deck.slides:
        title = slide.shapes.title.text
        base, _, counter = title.rpartition(" (")
        if base and counter.rstrip(")").replace("/", "").isdigit():
            body = [shape for shape in slide.placeholders if shape.placeholder_format.idx == 1]
            items = tuple(p.text for p in body[0].text_frame.paragraphs if p.text.strip()) if body else ()
            parts[base].append(items)
    return [(base, len(items)) for base, shown in parts.items() if len(set(shown)) > 1
            for items in shown if len(items) < 3]
