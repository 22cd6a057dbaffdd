"""The decks against PowerPoint's Accessibility Checker rules that a file can be checked for without PowerPoint.

Every deck the two-day fixture builds (both languages, trainer and participant editions) is read back with
python-pptx: every slide has a title, the title comes first in the reading order (the order of the slide's
shape tree, which is what a screen reader follows), and every picture and diagram has alt text. Duplicate
slide titles belong to the decks' own tests (the decks issue).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER

pytestmark = pytest.mark.integration

TITLE_TYPES = frozenset({PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE})
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def is_title(shape) -> bool:
    return shape.is_placeholder and shape.placeholder_format.type in TITLE_TYPES


def drawn(shape) -> bool:
    """A shape a screen reader meets: it has text, or it is a picture, chart, diagram or group."""
    if shape.shape_type in (MSO_SHAPE_TYPE.PICTURE, MSO_SHAPE_TYPE.CHART, MSO_SHAPE_TYPE.GROUP):
        return True
    return shape.has_text_frame and bool(shape.text_frame.text.strip())


def alt_text(shape) -> str:
    c_nv_pr = next(shape.element.iter(f"{_P}cNvPr"), None)
    return (c_nv_pr.get("descr") or "") if c_nv_pr is not None else ""


@pytest.fixture(scope="module")
def decks(two_day_build) -> dict[str, Path]:
    found = {p.relative_to(two_day_build.slides_dir).as_posix(): p for p in two_day_build.slides_dir.rglob("*.pptx")}
    assert len(found) >= 8, found
    return found


def test_every_slide_has_a_title_read_first(decks: dict[str, Path]) -> None:
    untitled, late = [], []
    for name, path in decks.items():
        for number, slide in enumerate(Presentation(str(path)).slides, start=1):
            shapes = [shape for shape in slide.shapes if drawn(shape) or is_title(shape)]
            titles = [shape for shape in shapes if is_title(shape) and shape.text_frame.text.strip()]
            if not titles:
                untitled.append(f"{name} slide {number}")
            elif shapes[0] is not titles[0] and shapes[0].shape_id != titles[0].shape_id:
                late.append(f"{name} slide {number}: {shapes[0].name} before the title")
    assert untitled == []
    assert late == []


def test_every_picture_and_diagram_has_alt_text(decks: dict[str, Path]) -> None:
    pictures, missing = 0, []
    for name, path in decks.items():
        for number, slide in enumerate(Presentation(str(path)).slides, start=1):
            for shape in slide.shapes:
                if shape.shape_type in (MSO_SHAPE_TYPE.PICTURE, MSO_SHAPE_TYPE.CHART, MSO_SHAPE_TYPE.GROUP):
                    pictures += 1
                    if not alt_text(shape).strip():
                        missing.append(f"{name} slide {number}: {shape.name}")
    assert pictures > 0, "the fixture's decks show at least one picture"
    assert missing == []
