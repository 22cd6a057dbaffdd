"""The second trainer review of the built decks, checked on small cases (on the first course's own decks in
tests/test_course_content.py, the only test file that reads the first course).

1. No box of a diagram reaches into another: the five-tools hub's side boxes lay over its centre.
   A centre (any centred diagram text) breaks its lines between words, about equally long.
2. A case's or a discussion's questions stay on one slide while they fit it at a readable size.
3. A case slide is titled "Case: …" like every case, without saying "case" twice.
4. Notes too long for a printed notes page at the smallest readable size are advice at the slide's line.
"""
from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from course_copies import edit

from build_tools.course.diagrams import KINDS, Diagram, DiagramItem
from build_tools.course.load import load_course
from build_tools.course.source import SourceLocation
from build_tools.parts.diagram_layout import Shape, layout
from build_tools.slides.diagram_fit import fit_diagram
from build_tools.slides.render import plan_decks, shared_measurer
from build_tools.slides.settings import load_deck_settings
from build_tools.slides.template import template_boxes
from build_tools.slides.word_budget import word_count

ROOT = Path(__file__).resolve().parents[2]
WHERE = SourceLocation(Path("docs/modules/04.en.md"), 1)
FIVE_TOOLS = {"en": ["Coaching leader", "A. Leadership charisma", "B. Brainstorming", "C. Coaching skills (KSA)",
                     "D. Behavioural style", "E. Performance cycle (PDCA)"],
              "zh": ["教练型领导者", "A. 领导魅力", "B. 头脑风暴", "C. 教练技术（KSA）", "D. 行为风格",
                     "E. 绩效循环（PDCA）"]}


def overlaps(shapes: tuple[Shape, ...]) -> list[tuple[str, str]]:
    """The pairs of text-holding shapes whose rectangles intersect."""
    boxes = [s for s in shapes if s.holds_text]
    return [(a.label or str(a.item), b.label or str(b.item)) for a, b in itertools.combinations(boxes, 2)
            if a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h]


def diagram(kind: str, labels: list[str], title: str = "A diagram") -> Diagram:
    items = []
    for label in labels:
        head, _, text = label.replace("：", ": ").partition(": ")
        items.append(DiagramItem(head, text, WHERE))
    return Diagram(kind, title, tuple(items), WHERE)


@pytest.mark.parametrize(("kind", "count"), [(kind, count) for kind, (least, most, _) in KINDS.items()
                                             for count in range(least, most + 1)
                                             if kind != "matrix" or count in (4, 6)])
def test_no_box_of_a_diagram_reaches_into_another_whatever_its_items(kind: str, count: int) -> None:
    """Before: a hub of five boxes laid B and E over its centre; a cycle of five or six steps overlapped."""
    shapes = layout(diagram(kind, [f"Item {n}: a few words" for n in range(count)]))
    assert overlaps(shapes) == []
    assert all(0 <= s.x <= s.x + s.w <= 480 and 0 <= s.y <= s.y + s.h <= 480 for s in shapes if s.holds_text)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_five_tools_hub_fits_with_its_centre_clear_of_every_box(language: str) -> None:
    area = template_boxes(load_deck_settings(ROOT))[("content", 1)]
    problems: list = []
    plan = fit_diagram(diagram("hub", FIVE_TOOLS[language]), area, shared_measurer(), problems)
    assert problems == [] and plan.size >= 18
    assert overlaps(plan.shapes) == []  # the ellipse as it is drawn, grown for its words or not


@pytest.mark.parametrize(("labels", "item", "lines"), [
    (["高效管理者：从做事到成事", "向上看：上司的目标", "横向看：同事是伙伴", "向下看：下属的成长",
      "向内看：自己的反思"], 0, ["高效管理者：", "从做事到成事"]),  # the 360° centre; before "…：从" / "做事…"
    (FIVE_TOOLS["en"], 5, ["E. Performance", "cycle (PDCA)"]),  # before: "E. Performance cycle" / "(PDCA)"
])
def test_centred_diagram_text_breaks_between_words_into_lines_of_about_equal_length(labels: list[str], item: int,
                                                                                 lines: list[str]) -> None:
    area = template_boxes(load_deck_settings(ROOT))[("content", 1)]
    plan = fit_diagram(diagram("hub", labels), area, shared_measurer(), [])
    text = next(text for shape, text in zip(plan.shapes, plan.texts, strict=True) if shape.item == item)
    assert [line.strip() for paragraph in text for line in paragraph.text.split("\n")] == lines


# --- question slides, case titles and long notes, planned on the slides fixture ---------------------


def fixture_copy(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(ROOT / "tests" / "fixtures" / "slides_course", root)
    shutil.copytree(ROOT / "slides", root / "slides", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return root


def planned(root: Path, language: str) -> tuple[list, list]:
    """The slides of the language's whole-course deck (title, body texts, notes) and the advice."""
    result = load_course(root)
    assert not result.problems, result.problems
    advice: list = []
    plan = plan_decks(result.course, load_deck_settings(root), language, advice=advice)[0]
    slides = [(s.title.text.replace("\n", ""), [p.text.replace("\n", "") for p in s.body], s) for s in plan.slides]
    return slides, advice


QUESTIONS = {
    "en": ["What did the director promise the customer on Monday, who in the team heard about it first, and from whom "
           "did they hear it in the end?",
           "Which of the three requests on Friday afternoon would you take on yourself, which would you hand on, and "
           "to whom, and by when?",
           "How would you explain your choice to your own manager in two sentences, without blaming anyone in the "
           "team or outside it?",
           "What would the project lead need from you before the weekend to keep the release date the customer was "
           "given on Monday morning?",
           "Which habit of yours makes a Friday like this one more likely, what will you change first next week, and "
           "who will remind you of it?"],
    "zh": ["周一研发总监在电话里向客户承诺了什么？团队里谁最先知道这个承诺，又是从哪里听说的？这件事本来应该由谁、"
           "在什么时候来通知大家？",
           "周五下午同时来了三个请求，哪一个你会亲自处理，哪一个你会交给别人去办，为什么这样安排？交出去的那件事，"
           "你打算怎样跟进？",
           "你会怎样用两句话向自己的上司解释这个选择，既说清楚理由，又不把责任推给团队里或团队外的任何人？",
           "项目负责人在周末之前需要你提供哪些信息和资源，才能保住已经告诉客户的原定发布日期？",
           "你的哪个工作习惯让这样的周五更容易发生？下周你打算先改变哪一点，又请谁在什么场合来提醒你？"],
}
CASE_PAGES = {"en": "docs/cases/sample-case.en.md", "zh": "docs/cases/sample-case.md"}
CASE_TITLES = {"en": ("# Sample case {", "# Situational case — a director's Friday {", "Case: A director’s Friday"),
               "zh": ("# 示例案例 {", "# 情境案例——研发总监的周五 {", "案例：研发总监的周五")}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_cases_five_questions_stay_on_one_slide_titled_like_every_case(tmp_path: Path, language: str) -> None:
    """Before: a case's five questions (over 120 words with the title) were cut 3 + 2 by the key points' word
    budget, and the situational case's slide was titled "Situational case — …" instead of "Case: …"."""
    root = fixture_copy(tmp_path)
    page = CASE_PAGES[language]
    old, new, expected = CASE_TITLES[language]
    edit(root, page, old, new)
    numbered = "".join(f"{n}. {q}\n" for n, q in enumerate(QUESTIONS[language], 1))
    text = (root / page).read_text(encoding="utf-8")
    start = text.index("1. ")
    end = text.index("\n\n", start)
    (root / page).write_text(text[:start] + numbered.rstrip("\n") + text[end:], encoding="utf-8")
    slides, advice = planned(root, language)
    shown = [(title, body) for title, body, _ in slides if any(QUESTIONS[language][0] in b for b in body)]
    assert shown == [(expected, QUESTIONS[language])]
    settings = load_deck_settings(root)
    assert settings.max_words < word_count([expected, *QUESTIONS[language]]) < settings.max_question_words
    assert advice == []


def test_a_case_whose_title_says_case_is_not_labelled_twice(tmp_path: Path) -> None:
    slides, _ = planned(fixture_copy(tmp_path), "en")
    titles = [title for title, _, _ in slides]
    assert "Sample case: Questions" in titles and not [t for t in titles if t.startswith("Case: Sample case")]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_notes_too_long_for_a_printed_page_are_advice_at_the_slides_line(tmp_path: Path, language: str) -> None:
    """Before: the empathy-strategy notes were set at 9 pt to squeeze onto the notes page. Now nothing is set below
    `sizes.min_notes` (10 pt), and notes that do not fit at it are advice for the trainer, at the slide's line."""
    root = fixture_copy(tmp_path)
    page = {"en": "docs/modules/01-sample.en.md", "zh": "docs/modules/01-sample.md"}[language]
    note = {"en": "    Discuss in groups for five minutes; this sentence is for trainers as well.\n",
            "zh": None}[language]
    text = (root / page).read_text(encoding="utf-8")
    if note is None:  # the Chinese page's last trainer note
        note = text[text.rindex("!!! trainer"):].split("\n", 1)[1]
    sentence = {"en": "Ask each group for one example from their own week and write it on the flip chart. ",
                "zh": "请每组举一个本周工作中的真实例子，并把它写在白板纸上，供全班讨论时参考。"}[language]
    long = "".join(f"    {sentence * 4}\n\n" for _ in range(12))
    edit(root, page, note, long)
    question = (root / page).read_text(encoding="utf-8").splitlines()
    line = max(n for n, text in enumerate(question, 1) if text.startswith("!!! question"))
    slides, advice = planned(root, language)
    title = {"en": "Discussion: Session with a long list", "zh": "讨论：长列表环节"}[language]
    assert [f"{p.source.path}:{p.source.line}: {p.message} [{p.code}]" for p in advice] == [
        f"{page}:{line}: the notes of the slide '{title}' do not fit a printed notes page even at 10 pt "
        "(sizes.min_notes) [slides.long_notes]"]
    assert all(p.warning for p in advice)
