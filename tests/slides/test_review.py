"""The slide findings of the trainer review of the first course's decks, checked here on small cases; on the first
course's own decks in tests/test_course_content.py (the only test file that reads the first course).

1. No slide is shown again only to carry on its trainer notes; notes stay whole, set to fit a notes page.
2. Titles say what a slide is the same way for every session; no title says its label twice.
3. No slide of key points or questions carries more than `max_words` words; one item over it is advice.
4. No diagram text is smaller than `sizes.min_diagram` (18 pt).
5. Only Han characters are set as Chinese in the English deck: "明, 聽 and 儒;" keeps its Latin punctuation.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from course_copies import edit

from build_tools.course.load import load_course
from build_tools.slides.settings import load_deck_settings
from build_tools.slides.text_fit import east_asian_context
from build_tools.slides.text_xml import _pieces
from build_tools.slides.word_budget import word_count
from build_tools.slides.wording import says

ROOT = Path(__file__).resolve().parents[2]
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
LABELS = {"en": ("Key points: ", "Discussion: ", "Case: "), "zh": ("要点：", "讨论：", "案例：")}
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


# --- small cases -----------------------------------------------------------------------------------


def test_a_slide_counts_latin_words_and_two_chinese_characters_as_one() -> None:
    assert word_count(["Situational case — an R&D director's Friday", "09:00–09:15"]) == 7
    assert word_count(["要点：情境案例"]) == 3  # six characters, the colon not counted
    assert word_count(["明, 聽 and 儒;"]) == 3


def test_a_label_is_not_said_twice() -> None:
    assert says("Case sharing", "Case") and says("案例分享", "案例")
    assert not says("Showcase day", "Case") and not says("Case-based drill", "Key points")


@pytest.mark.parametrize(("text", "han"), [("Three characters: 明, 聽 and 儒; then", ["明", "聽", "儒"]),
                                            ('Effective expression (明, "clear")', ["明"]),
                                            ("模块 4：倾听", ["模块", "：倾听"])])
def test_only_han_characters_go_in_east_asian_runs(text: str, han: list[str]) -> None:
    assert [piece for piece, east_asian in _pieces(text, east_asian_context(text)) if east_asian] == han


def test_a_hub_centre_too_full_for_its_ellipse_grows_taller_into_the_free_room() -> None:
    """The 360° hub's centre, "高效管理者：从做事到成事", needs two lines at 18 pt: the ellipse grows taller
    (never into the boxes around it) rather than the words being cut or set smaller."""
    from build_tools.course.diagrams import Diagram, DiagramItem
    from build_tools.course.source import SourceLocation
    from build_tools.parts.diagram_layout import layout
    from build_tools.slides.diagram_fit import fit_diagram
    from build_tools.slides.render import shared_measurer
    from build_tools.slides.template import template_boxes

    where = SourceLocation(Path("docs/modules/01.md"), 93)
    items = [("高效管理者", "从做事到成事"), ("向上看", "上司的目标"), ("横向看", "同事是伙伴"),
             ("向下看", "下属的成长"), ("向内看", "自己的反思")]
    diagram = Diagram("hub", "360度视角：四个方向", tuple(DiagramItem(label, text, where) for label, text in items),
                      where)
    area = template_boxes(load_deck_settings(ROOT))[("content", 1)]
    problems: list = []
    plan = fit_diagram(diagram, area, shared_measurer(), problems)
    assert problems == [] and plan.size >= 18
    centre = next(s for s in plan.shapes if s.form == "ellipse")
    drawn = next(s for s in layout(diagram) if s.form == "ellipse")
    assert drawn.h < centre.h <= drawn.h * 1.5 and centre.y + centre.h / 2 == drawn.y + drawn.h / 2
    boxes = [s for s in plan.shapes if s.form == "round"]
    assert all(b.y + b.h <= centre.y or b.y >= centre.y + centre.h or b.x + b.w <= centre.x or b.x >= centre.x
               + centre.w for b in boxes)


def test_the_new_deck_settings_have_defaults_and_are_checked(tmp_path: Path) -> None:
    from course_copies import TWO_DAY, copy_course

    from build_tools.course.problems import CourseError

    root = copy_course(tmp_path, TWO_DAY)
    settings = load_deck_settings(root)
    assert (settings.max_words, settings.sizes.min_diagram, settings.sizes.min_notes) == (120, 18, 10)
    edit(root, "slides/decks.yml", "max_words: 120 ", "max_notes: 1500\nmax_words: 0 ")  # max_notes: retired
    edit(root, "slides/decks.yml", "  min_notes: 10 ", "  min_notes: 14 ")
    with pytest.raises(CourseError) as raised:
        load_deck_settings(root)
    assert [f"{p.source.line}: {p.message} [{p.code}]" for p in raised.value.problems] == [
        f"{_line(root, '  min_notes:')}: 'sizes.min_notes' (14) is larger than 'sizes.notes' (12) [slides.invalid]",
        f"{_line(root, 'max_words:')}: 'max_words' must be at least 1 [slides.invalid]",
    ]


def _line(root: Path, start: str) -> int:
    lines = (root / "slides" / "decks.yml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(start))


def test_one_question_over_the_word_budget_is_advice_at_its_line(tmp_path: Path) -> None:
    from build_tools.slides.render import plan_decks

    root = tmp_path / "course"
    shutil.copytree(ROOT / "tests" / "fixtures" / "slides_course", root)
    (root / "slides").mkdir()
    shutil.copy(ROOT / "slides" / "decks.yml", root / "slides" / "decks.yml")
    shutil.copy(ROOT / "slides" / "template.pptx", root / "slides" / "template.pptx")
    page = root / "docs" / "modules" / "01-sample.en.md"
    question = "    Which point matters most?\n"
    long = "    " + " ".join(["Which example from your own team shows this point best, and why?"] * 15) + "\n"
    text = page.read_text(encoding="utf-8")
    assert text.count(question) == 1
    page.write_text(text.replace(question, long), encoding="utf-8")
    line = page.read_text(encoding="utf-8").splitlines().index(long.rstrip("\n")) + 1
    result = load_course(root)
    assert not result.problems, result.problems
    advice: list = []
    plans = plan_decks(result.course, load_deck_settings(root), "en", advice=advice)
    assert plans  # advice does not stop the decks
    assert sorted({f"{p.source.path}:{p.source.line}: {p.message} [{p.code}]" for p in advice}) == [
        f"docs/modules/01-sample.en.md:{line}: the slide 'Discussion: Session with a long list' carries 186 words, "
        "over the budget of 180 (max_question_words in slides/decks.yml) [slides.word_budget]"]
    assert all(p.warning for p in advice)
