"""Decks a trainer presents as they are: notes on the slide being taught, titles to navigate by, lists kept whole.

Each test edits a copy of tests/fixtures/slides_course, builds its decks through the deck jobs and
reads the PPTX back.
"""
from __future__ import annotations

import collections
import shutil
import zipfile
from pathlib import Path

import pytest
from course_copies import edit
from lxml import etree
from pptx import Presentation

from build_tools.course.load import load_course
from build_tools.course.model import Course, Edition
from build_tools.parts.output_files import deck_path
from build_tools.pipeline.build import render_course

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "slides_course"
SAMPLE_EN = "docs/modules/01-sample.en.md"
SAMPLE_ZH = "docs/modules/01-sample.md"
pytestmark = pytest.mark.integration  # each test builds its decks

STRUCTURED_NOTE = """!!! trainer "Trainer notes"
    Timing (15 minutes): CANARY-TIMING

    - 0–4 min: Point one. Say why it comes first. CANARY-P1
    - 4–8 min: Walk through the last two points:
        - Point seven: the example of the stopped line. CANARY-P7
        - Point eight: the example of the late report. CANARY-P8
    - 8–13 min: Groups discuss the question and write on a flip chart. CANARY-STEP

    Close by asking one group to read its sheet. CANARY-DEBRIEF
"""


def course_copy(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(FIXTURE, root)
    (root / "slides").mkdir()
    shutil.copy(ROOT / "slides" / "decks.yml", root / "slides" / "decks.yml")
    shutil.copy(ROOT / "slides" / "template.pptx", root / "slides" / "template.pptx")
    return root


def build(root: Path, out: Path) -> Course:
    result = load_course(root)
    assert not result.problems, result.problems
    render_course(result.course, "decks", out)
    return result.course


def slides_of(out: Path, course: Course, language: str,
              edition: Edition = Edition.FACILITATOR) -> list[tuple[str, str]]:
    """(title, notes) of every slide of the whole-course deck."""
    deck = Presentation(str(deck_path(out, course, language, None, edition)))
    return [(s.shapes.title.text.replace("\v", ""), s.notes_slide.notes_text_frame.text) for s in deck.slides]


def holder(slides: list[tuple[str, str]], canary: str) -> list[str]:
    return [title for title, notes in slides if canary in notes]


def test_an_unmarked_note_is_divided_by_its_structure(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    edit(root, SAMPLE_EN, '!!! trainer "Trainer notes"\n    Discuss in groups for five minutes; this sentence is for '
         'trainers as well.\n', STRUCTURED_NOTE)
    course = build(root, tmp_path / "out")
    slides = slides_of(tmp_path / "out", course, "en")
    assert holder(slides, "CANARY-TIMING") == ["Session with a long list"]  # the section slide
    assert holder(slides, "CANARY-P1") == ["Key points: Session with a long list (1/2)"]
    assert holder(slides, "CANARY-P7") == ["Key points: Session with a long list (2/2)"]
    assert holder(slides, "CANARY-P8") == ["Key points: Session with a long list (2/2)"]
    assert holder(slides, "CANARY-STEP") == ["Discussion: Session with a long list"]
    assert holder(slides, "CANARY-DEBRIEF") == ["Discussion: Session with a long list"]
    for title, notes in slides:
        assert "↑" not in notes, title
    participant = slides_of(tmp_path / "out", course, "en", Edition.PARTICIPANT)
    assert not [t for t, notes in participant if "CANARY" in notes]


def test_several_notes_go_with_the_block_they_follow(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    edit(root, SAMPLE_EN, "![Process diagram](../assets/images/diagram.png)\n",
         "![Process diagram](../assets/images/diagram.png)\n\n"
         '!!! trainer "Trainer notes"\n    Explain the picture first. CANARY-POINTS\n')
    edit(root, SAMPLE_ZH, "![流程示意图](../assets/images/diagram.png)\n",
         "![流程示意图](../assets/images/diagram.png)\n\n!!! trainer \"培训师备注\"\n    先讲图。CANARY-POINTS\n")
    course = build(root, tmp_path / "out")
    expected = (("en", "Key points: Session with an image", "Discussion: Session with an image"),
                ("zh", "要点：带图片的环节", "讨论：带图片的环节"))
    for language, points, discussion in expected:
        slides = slides_of(tmp_path / "out", course, language)
        assert holder(slides, "CANARY-POINTS") == [points], language
        after_question = "must never reach participants" if language == "en" else "学员版绝不能出现"
        assert holder(slides, after_question) == [discussion], language


def test_long_notes_stay_whole_on_one_slide_and_fit_their_printed_notes_page(tmp_path: Path) -> None:
    """Trainer review: a question shown again ("1/2", "2/2") only to carry on its notes made the trainer click
    through the same slide. Notes stay whole on the one slide they belong to; the notes page sets them small
    enough (down to sizes.min_notes) to print on one page, and both editions show the same slides."""
    root = course_copy(tmp_path)
    long = " ".join(["This example takes a while to tell."] * 8)
    note = "\n".join(f"    - Point {word}: {long} CANARY-{word}" for word in
                     ("one", "two", "three", "four", "five", "six", "seven", "eight"))
    steps = "\n\n".join(f"    Step {n}: " + "Ask the groups to compare their answers and name one example. " * 5
                         + f"CANARY-STEP{n}" for n in range(1, 7))
    edit(root, SAMPLE_EN, '!!! trainer "Trainer notes"\n    Discuss in groups for five minutes; this sentence is for '
         'trainers as well.\n', f'!!! trainer "Trainer notes"\n{note}\n\n{steps}\n')
    course = build(root, tmp_path / "out")
    trainer = slides_of(tmp_path / "out", course, "en")
    titles = [title for title, _ in trainer]
    assert [t for t in titles if t.startswith("Discussion: Session with a long list (")] == []
    holders = {title for title, notes in trainer for n in range(1, 7) if f"CANARY-STEP{n}" in notes}
    assert holders == {"Discussion: Session with a long list"}  # every step on the one discussion slide
    assert len(dict(trainer)["Discussion: Session with a long list"]) > 1500
    deck = Presentation(str(deck_path(tmp_path / "out", course, "en", None, Edition.FACILITATOR)))
    shown = [frozenset(p.text for ph in slide.placeholders if ph.placeholder_format.idx == 1
                       for p in ph.text_frame.paragraphs)
             for slide in deck.slides if slide.shapes.title.text.startswith("Key points: Session with a long list")]
    assert len(shown) <= 2 and all(not (a & b) for a, b in zip(shown, shown[1:], strict=False))  # cut by its
    for slide in deck.slides:  # points, not by its notes; each talking point sits with its key point
        notes = slide.notes_slide.notes_text_frame.text
        body = " ".join(p.text for ph in slide.placeholders if ph.placeholder_format.idx == 1
                        for p in ph.text_frame.paragraphs)
        for word in ("one", "two", "three", "four", "five", "six", "seven", "eight"):
            if f"CANARY-{word}" in notes:
                assert f"Point {word}" in body, (slide.shapes.title.text, word)
    participant = [title for title, _ in slides_of(tmp_path / "out", course, "en", Edition.PARTICIPANT)]
    assert participant == titles
    from pptx_reading import paragraphs_from_xml

    from build_tools.slides.render import shared_measurer
    from build_tools.slides.settings import load_deck_settings
    from build_tools.slides.template import NOTES_BOX, template_boxes

    settings = load_deck_settings(root)
    box = template_boxes(settings)[NOTES_BOX]
    sizes = set()
    for slide in deck.slides:
        frame = slide.notes_slide.notes_text_frame
        written = paragraphs_from_xml(frame._txBody, settings.sizes.notes)
        sizes |= {p.size for p in written}
        assert shared_measurer().fits(written, box), slide.shapes.title.text
    assert settings.sizes.min_notes <= min(sizes) < settings.sizes.notes == max(sizes)


def test_every_deck_has_unique_titles_and_ends_with_thanks(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    course = build(root, tmp_path / "out")
    for path in sorted((tmp_path / "out").rglob("*.pptx")):
        titles = [s.shapes.title.text for s in Presentation(str(path)).slides]
        assert [t for t, n in collections.Counter(titles).items() if n > 1] == [], path.name
        assert titles[-1] in ("Thank you", "谢谢"), path.name
    assert course is not None


def test_a_list_that_fits_one_slide_at_a_smaller_size_is_not_continued(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    longer = "a sentence long enough to wrap onto a second line of the slide at the deck's body size"
    for word in ("one", "two", "three", "four", "five", "six"):
        edit(root, SAMPLE_EN, f"- **Point {word}**: the ", f"- **Point {word}**: {longer}, the ")
    for word in ("seven", "eight"):
        edit(root, SAMPLE_EN, f"- **Point {word}**: the {'seventh' if word == 'seven' else 'eighth'} explanation.\n",
             "")
    edit(root, "slides/decks.yml", "max_words: 120 ", "max_words: 200 ")  # the room decides here, not the budget
    course = build(root, tmp_path / "out")
    deck = Presentation(str(deck_path(tmp_path / "out", course, "en", None)))
    lists = [s for s in deck.slides if s.shapes.title.text.startswith("Key points: Session with a long list")]
    assert [s.shapes.title.text for s in lists] == ["Key points: Session with a long list"]
    sizes = {int(r.get("sz")) for ph in lists[0].placeholders if ph.placeholder_format.idx == 1
             for r in ph._element.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}rPr")}
    assert sizes and min(sizes) >= 1800


def test_the_template_defaults_follow_the_decks_language(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    course = build(root, tmp_path / "out")
    for language, tag in (("zh", "zh-CN"), ("en", "en-US")):
        path = deck_path(tmp_path / "out", course, language, None)
        with zipfile.ZipFile(path) as deck:
            names = [n for n in deck.namelist() if n.startswith(("ppt/slideMasters/", "ppt/slideLayouts/",
                                                                 "ppt/notesMasters/")) and n.endswith(".xml")]
            tags = set()
            for name in [*names, "ppt/presentation.xml"]:
                tree = etree.fromstring(deck.read(name))
                tags |= {e.get("lang") for e in tree.iter() if e.get("lang") is not None}
        assert tags == {tag}, (language, tags)


DRAWN_BEFORE_THE_LIST = {
    "en": ("- **Point eight**: the eighth explanation.\n",
           "```diagram hub\n# Five directions\n- Manager\n- Up\n- Down\n- Across\n- Out\n```\n\n"
           "```diagram matrix\n# Energy grid\n- Urgent: do now\n- Important: plan\n- Routine: delegate\n"
           "- Noise: drop\n```\n",
           '!!! trainer "Trainer notes"\n    Discuss in groups for five minutes; this sentence is for trainers as '
           'well.\n',
           '!!! trainer "Trainer notes"\n    Timing (15 minutes): CANARY-TIMING\n\n    Talking points:\n\n'
           "    - Point one: why it comes first. CANARY-P1\n    - Point two: the second example. CANARY-P2\n"
           "    - Point three and the energy grid:\n        - Urgent and important work comes first. CANARY-GRID\n"
           "    - Point four: the fourth example. CANARY-P4\n"),
    "zh": ("- **要点八**：第八条说明。\n",
           "```diagram hub\n# 五个方向\n- 管理者\n- 向上\n- 向下\n- 横向\n- 向外\n```\n\n"
           "```diagram matrix\n# 精力分配\n- 紧急：马上做\n- 重要：计划做\n- 例行：授权做\n- 干扰：不做\n```\n",
           '!!! trainer "培训师备注"\n    分组讨论五分钟，这句话也只属于培训师。\n',
           '!!! trainer "培训师备注"\n    时间安排（15分钟）：CANARY-TIMING\n\n    讲解要点：\n\n'
           "    - 要点一：为什么先讲它。CANARY-P1\n    - 要点二：第二个例子。CANARY-P2\n"
           "    - 要点三和精力分配：\n        - 又紧急又重要的事先做。CANARY-GRID\n"
           "    - 要点四：第四个例子。CANARY-P4\n"),
}


def test_a_drawing_on_its_own_slide_takes_the_talking_point_that_names_it(tmp_path: Path) -> None:
    """The energy grid, drawn before a list too long to share its slide, carries the point that names it
    ("Point three and the energy grid"), not the next one left; a drawing no point names opens the list."""
    root = course_copy(tmp_path)
    pages = {"en": SAMPLE_EN, "zh": SAMPLE_ZH}
    for language, (after, drawings, note, talking) in DRAWN_BEFORE_THE_LIST.items():
        edit(root, pages[language], after, after + "\n" + drawings)
        edit(root, pages[language], note, talking)
    course = build(root, tmp_path / "out")
    for language, hub, grid in (("en", "Five directions", "Energy grid"), ("zh", "五个方向", "精力分配")):
        slides = slides_of(tmp_path / "out", course, language)
        titles = [title for title, _ in slides]
        assert titles.index(grid) == titles.index(hub) + 1, titles
        assert holder(slides, "CANARY-GRID") == [grid], language
        assert holder(slides, "CANARY-P1") == [hub], language
        listed = titles[titles.index(grid) + 1]
        assert holder(slides, "CANARY-P2") == [listed], language
        assert holder(slides, "CANARY-P4") == [listed], language
        grid_notes = dict(slides)[grid]
        assert ("Point three and the energy grid" if language == "en" else "要点三和精力分配") in grid_notes


def run_languages(path: Path) -> dict[str, set[str]]:
    """The `lang` of every run of a deck's slides and notes, by the run's text."""
    found: dict[str, set[str]] = collections.defaultdict(set)
    with zipfile.ZipFile(path) as deck:
        for name in deck.namelist():
            if name.startswith(("ppt/slides/slide", "ppt/notesSlides/")) and name.endswith(".xml"):
                tree = etree.fromstring(deck.read(name))
                for run in tree.iter(f"{DRAWING}r"):
                    found[run.findtext(f"{DRAWING}t") or ""].add(run.find(f"{DRAWING}rPr").get("lang"))
    return found


DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def test_a_word_in_another_language_carries_its_own_language(tmp_path: Path) -> None:
    """明, 聽 and 儒 in an English deck are traditional Chinese; an English term in a Chinese deck is English."""
    root = course_copy(tmp_path)
    edit(root, SAMPLE_EN, "- **Point one**: the first explanation.",
         "- **Point one**: the first explanation, a mnemonic of three characters: 明, 聽 and 儒.")
    edit(root, SAMPLE_EN, "What does the image show?", "What does the image show? Remember 聽: ear, eye and heart.")
    edit(root, SAMPLE_ZH, "- **要点一**：第一条说明。", "- **要点一**：第一条说明，先找出KSA差距。")
    course = build(root, tmp_path / "out")
    english = run_languages(deck_path(tmp_path / "out", course, "en", None))
    han = {text: langs for text, langs in english.items() if any("\u4e00" <= c <= "\u9fff" for c in text)}
    assert {c for text in han for c in text if "\u4e00" <= c <= "\u9fff"} == {"明", "聽", "儒"}
    assert {lang for langs in han.values() for lang in langs} == {"zh-Hant"}, han
    assert {lang for text, langs in english.items() if "Remember" in text for lang in langs} == {"en-US"}
    chinese = run_languages(deck_path(tmp_path / "out", course, "zh", None))
    assert chinese["KSA"] == {"en-US"}
    assert {lang for text, langs in chinese.items() if "第一条说明" in text for lang in langs} == {"zh-CN"}
    participant = run_languages(deck_path(tmp_path / "out", course, "en", None, Edition.PARTICIPANT))
    assert {lang for text, langs in participant.items() if "聽" in text for lang in langs} == {"zh-Hant"}


EVALUATION = {
    "en": ("docs/workbook/evaluation.en.md", "Evaluation form", "Fill this in at the end of the "
           "[long-list session](../modules/01-sample.md#long-list).", "Rating"),
    "zh": ("docs/workbook/evaluation.md", "评估表", "在[长列表环节](../modules/01-sample.md#long-list)结束时填写。",
           "评分"),
}


def test_the_last_deck_closes_on_the_worksheet_its_last_session_hands_out_then_thanks(tmp_path: Path) -> None:
    """An evaluation form placed after the last session does not close the deck: the action plan its
    materials hand out first does."""
    root = course_copy(tmp_path)
    for path, title, lead, heading in EVALUATION.values():
        (root / path).write_text(f"---\nkind: worksheet\n---\n\n# {title} {{#evaluation}}\n\n{lead}\n\n"
                                 f"## {heading} {{#rating}}\n\n| No. | Score |\n| --- | --- |\n| 1 |  |\n",
                                 encoding="utf-8")
    edit(root, SAMPLE_EN, "    Discuss in groups for five minutes; this sentence is for trainers as well.\n",
         "    Discuss in groups for five minutes; this sentence is for trainers as well.\n\n"
         '!!! materials "Materials"\n    - [Action plan](../workbook/plan.md)\n'
         "    - [Evaluation form](../workbook/evaluation.md)\n")
    edit(root, SAMPLE_ZH, "    分组讨论五分钟，这句话也只属于培训师。\n",
         "    分组讨论五分钟，这句话也只属于培训师。\n\n"
         '!!! materials "物料"\n    - [行动计划](../workbook/plan.md)\n    - [评估表](../workbook/evaluation.md)\n')
    course = build(root, tmp_path / "out")
    for language, plan, thanks in (("en", "Action plan", "Thank you"), ("zh", "行动计划", "谢谢")):
        titles = [title for title, _ in slides_of(tmp_path / "out", course, language)]
        assert titles[-2:] == [plan, thanks], titles[-4:]


def test_a_module_deck_that_ends_before_the_course_closes_on_its_objectives(tmp_path: Path) -> None:
    """Not on the worksheet of its last activity (the two-day course's customer needs log): the module's
    learning objectives, then thanks."""
    from course_copies import TWO_DAY, copy_course

    root = copy_course(tmp_path, TWO_DAY)
    course = build(root, tmp_path / "out")
    for language, thanks in (("en", "Thank you"), ("zh", "谢谢")):
        view = course.view(language)
        for module in view.modules[:-1]:
            deck = Presentation(str(deck_path(tmp_path / "out", course, language, module)))
            titles = [slide.shapes.title.text for slide in deck.slides]
            assert titles[-1] == thanks, (module.id, titles[-3:])
            closing = deck.slides[len(titles) - 2]
            body = [p.text for ph in closing.placeholders if ph.placeholder_format.idx == 1
                    for p in ph.text_frame.paragraphs]
            assert body == [item.text for item in module.objective_items], (module.id, titles[-3:])
