"""The slide findings of the trainer review of the first course's decks (docs/, both languages), each checked on
the decks the deck jobs build from the repository's own course, and on small cases.

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
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from build_tools.course.load import load_course
from build_tools.course.model import Course, Edition
from build_tools.parts.output_files import deck_path
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
    assert (settings.max_words, settings.sizes.min_diagram, settings.sizes.min_notes) == (120, 18, 9)
    edit(root, "slides/decks.yml", "max_words: 120 ", "max_notes: 1500\nmax_words: 0 ")  # max_notes: retired
    edit(root, "slides/decks.yml", "  min_notes: 9 ", "  min_notes: 14 ")
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
    long = "    " + " ".join(["Which example from your own team shows this point best, and why?"] * 10) + "\n"
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
        f"docs/modules/01-sample.en.md:{line}: the slide 'Discussion: Session with a long list' carries 126 words, "
        "over the budget of 120 (max_words in slides/decks.yml) [slides.word_budget]"]
    assert all(p.warning for p in advice)


# --- the first course's decks ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> tuple[Course, Path]:
    """The first course's decks, built by the deck jobs as `make all` builds them (once for this file)."""
    from build_tools.checks.checked import checked_course
    from build_tools.pipeline.build import render_course

    course = checked_course(ROOT)
    out = tmp_path_factory.mktemp("review") / "slides"
    render_course(course, "decks", out, report=lambda line: None)
    return course, out


def _slides(decks: tuple[Course, Path], language: str, edition: Edition = Edition.FACILITATOR) -> list:
    course, out = decks
    return list(Presentation(str(deck_path(out, course, language, None, edition))).slides)


def _title(slide) -> str:
    return slide.shapes.title.text_frame.text.replace("\v", " ").replace("  ", " ")


def _body(slide) -> list[str]:
    return [p.text for ph in slide.placeholders if ph.placeholder_format.idx == 1 for p in ph.text_frame.paragraphs]


def _groups(slide) -> list:
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.GROUP and s.name.startswith("Diagram")]



@pytest.mark.integration
@pytest.mark.parametrize("language", ["en", "zh"])
def test_no_question_is_shown_again_for_its_notes_and_both_editions_show_the_same_slides(
        decks: tuple[Course, Path], language: str) -> None:
    trainer, participant = _slides(decks, language), _slides(decks, language, Edition.PARTICIPANT)
    shown = [(_title(s).rsplit(" (", 1)[0], _body(s)) for s in trainer]
    assert [a[0] for a, b in zip(shown, shown[1:], strict=False) if a == b and a[1]] == []
    facilitator_only = {_title(s) for s in trainer} - {_title(s) for s in participant}
    assert [_title(s) for s in participant] == [_title(s) for s in trainer if _title(s) not in facilitator_only]
    heading = {"en": "Trainer notes", "zh": "培训师备注"}[language]
    assert [_title(s) for s in participant if heading in s.notes_slide.notes_text_frame.text] == []
    long = [s for s in trainer if len(s.notes_slide.notes_text_frame.text) > 1500]
    assert long if language == "en" else True  # whole notes, over the old 1,500-character cut
    for slide in trainer:  # set to fit the notes page: 12 pt, smaller only for the longest
        sizes = {r.font.size.pt for p in slide.notes_slide.notes_text_frame.paragraphs for r in p.runs}
        assert sizes <= {9.0, 10.0, 11.0, 12.0}, (_title(slide), sizes)


@pytest.mark.integration
@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_session_titles_its_slides_the_same_way(decks: tuple[Course, Path], language: str) -> None:
    slides = _slides(decks, language)
    key_points, discussion, case = LABELS[language]
    after_section = []
    for index, slide in enumerate(slides[:-1]):
        if slide.slide_layout.name == "Section":
            following = [s for s in slides[index + 1:index + 4] if not _groups(s)]  # diagrams keep their titles
            after_section.append(_title(following[0]))
    assert len(after_section) == 36
    label = key_points.strip(" :：")  # "与压力同行，快乐工作的五个要点" already says it: not labelled again
    assert [t for t in after_section if not t.startswith(key_points) and not says(t, label)] == []
    assert len([t for t in after_section if t.startswith(key_points)]) >= 35
    doubled = [t for t in map(_title, slides) for label in (key_points, discussion, case)
               if t.startswith(label) and says(t[len(label):], label.strip(" :："))]
    assert doubled == []
    assert {"en": "Case sharing: Questions", "zh": "案例分享：思考题"}[language] in map(_title, slides)


@pytest.mark.integration
@pytest.mark.parametrize("language", ["en", "zh"])
def test_no_slide_carries_more_words_than_its_budget(decks: tuple[Course, Path], language: str) -> None:
    over = []
    for number, slide in enumerate(_slides(decks, language), 1):
        if slide.slide_layout.name in ("Title and Content", "Two Content", "Case and Discussion", "Closing"):
            words = word_count([_title(slide), *_body(slide)])
            if words > 120:  # the default max_words
                over.append((number, _title(slide), words))
    assert over == []


@pytest.mark.integration
@pytest.mark.parametrize("language", ["en", "zh"])
def test_diagram_text_is_never_smaller_than_the_minimum(decks: tuple[Course, Path], language: str) -> None:
    sizes = {int(r.get("sz")) / 100 for slide in _slides(decks, language) for group in _groups(slide)
             for r in group._element.iter(f"{_A}rPr") if r.get("sz")}
    assert len(sizes) >= 1 and min(sizes) >= 18, sorted(sizes)


@pytest.mark.integration
def test_the_mnemonic_in_the_english_deck_keeps_its_punctuation_latin(decks: tuple[Course, Path]) -> None:
    runs = []
    for slide in _slides(decks, "en"):
        tree = etree.fromstring(etree.tostring(slide.shapes._spTree))
        for run in tree.iter(f"{_A}r"):
            text, lang = run.findtext(f"{_A}t") or "", run.find(f"{_A}rPr").get("lang")
            if HAN.search(text) or lang != "en-US":
                runs.append((lang, text))
    assert {"明", "聽", "儒"} <= {text for _, text in runs}
    assert [(lang, text) for lang, text in runs if not HAN.fullmatch(text[0]) or not all(
        HAN.match(c) for c in text)] == []
