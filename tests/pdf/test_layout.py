"""The laid-out pages of the workbooks, measured box by box (issue 12): room to write by hand in worksheet
tables, tables that break well across pages, and table lines that never break inside a Chinese word.

The two-day fixture course is copied and given the kinds of tables the first course has: a plan with two
question columns and four columns to fill in, a review table of five columns to fill in, a 360-degree
rating with statements, a narrow first column of Chinese terms, a long list and a run of short tables
placed at many heights on their pages. The PDFs are laid out by WeasyPrint exactly as the build writes them,
and the tests read the boxes: cell sizes in millimetres, the page each row is on, the text of each line.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from course_copies import TWO_DAY, copy_course, edit
from laid_out import boxes_past_the_text_area, lone_characters, margin, margin_lines, pages_of_introductions_alone
from pypdf import PdfReader
from weasyprint.document import Document

from build_tools.checks.checked import checked_course
from build_tools.course.model import Block, BlockKind, Course, Edition
from build_tools.parts.write_in import has_write_in_tables
from build_tools.pdf.anchors import part_id
from build_tools.pdf.document import build_document
from build_tools.pdf.render import RestrictedFetcher, lay_out, render_job_for
from build_tools.pdf.whole_words import chinese_words

pytestmark = pytest.mark.integration

MM_PER_PX = 25.4 / 96
#: What a participant needs to write by hand in a cell (issue 12).
WRITING_WIDTH_MM = 35.0
WRITING_HEIGHT_MM = 12.0
SHORT_TABLE_ROWS = 8
#: A question beside the cells to write in stays readable (before issue 12 they took up to 15 lines).
MAX_QUESTION_LINES = 5
LANGUAGES = ("zh", "en")
_CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_CLOSING = "，。、；：！？）》」』”’…"

PLAN = {
    "zh": """
## 改进计划 {#improvement-plan}

| 阶段 | 关键问题 | 具体行动 | 负责人 | 完成日期 | 衡量标准 |
| --- | --- | --- | --- | --- | --- |
| 计划（Plan） | 问题的根源是什么？目标和措施是什么？ |  |  |  |  |
| 执行（Do） | 谁来做、做什么、什么时候做？需要哪些资源？ |  |  |  |  |
| 检查（Check） | 用什么数据判断措施是否有效？离目标还差多少？ |  |  |  |  |
| 处理（Act） | 哪些做法要固化为标准？哪些问题转入下一轮？ |  |  |  |  |

## 检查记录 {#review}

| 检查日期 | 实际结果 | 与目标的差距 | 原因分析 | 下一步调整 |
| --- | --- | --- | --- | --- |
|  |  |  |  |  |
|  |  |  |  |  |
|  |  |  |  |  |

## 自我评估 {#self-rating}

| 序号 | 陈述 | 自评 | 上级 | 同事 | 下属 |
| --- | --- | --- | --- | --- | --- |
| 1 | 我每年都为自己的职业化素养设定明确的学习和提升目标。 |  |  |  |  |
| 2 | 团队决策时，我让大家充分发表意见，而不是自己一锤定音。 |  |  |  |  |
| 3 | 接到上级的计划后，我先弄清意图，再组织落实。 |  |  |  |  |

## 行动表 {#action-table}

| 步骤 | 引导问题 | 我的具体做法 | 完成日期 | 对方的反应 |
| --- | --- | --- | --- | --- |
| 关注需求 | 他真正关心的是什么？我是否当面确认过，而不是自己猜测？ |  |  |  |
| 主动沟通 | 我要提前向他说明本部门的哪些安排和限制？他的哪项合理诉求，我可以带到能作出决定的场合？ |  |  |  |
| 提供支持 | 我能提供哪一项具体支持，让他的工作更顺利？ |  |  |  |

## 精力分配 {#energy}

| 管理对象 | 典型工作 | 上月投入 | 需要投入 | 差值 |
| --- | --- | --- | --- | --- |
| 人力 | 招聘、分工、辅导 |  |  |  |
| 问题 | 发现、分析、解决问题 |  |  |  |
| 合计 |  | 100 | 100 |  |
""",
    "en": """
## Improvement plan {#improvement-plan}

| Stage | Key questions | Concrete actions | Owner | Due date | Measure of success |
| --- | --- | --- | --- | --- | --- |
| Plan | What is the root cause? What are the goal and the measures? |  |  |  |  |
| Do | Who does what, and when? Which resources are needed? |  |  |  |  |
| Check | Which figures show whether the measures work? How far from the goal are we? |  |  |  |  |
| Act | Which practices become the standard? Which problems go into the next cycle? |  |  |  |  |

## Review {#review}

| Review date | Actual result | Gap to target | Cause | Next adjustment |
| --- | --- | --- | --- | --- |
|  |  |  |  |  |
|  |  |  |  |  |
|  |  |  |  |  |

## Self-rating {#self-rating}

| No. | Statement | Self | Manager | Peers | Team |
| --- | --- | --- | --- | --- | --- |
| 1 | Every year I set myself clear goals for learning and professional growth. |  |  |  |  |
| 2 | When the team decides, I let everyone speak before I decide. |  |  |  |  |
| 3 | When my manager hands me a plan, I first make sure I understand its intent. |  |  |  |  |

## Action table {#action-table}

| Step | Guiding questions | What I will do | Due date | Their response |
| --- | --- | --- | --- | --- |
| Acknowledge | What do they really care about? Have I checked this with them rather than guessing? |  |  |  |
| Advocate | Which plans and limits should I tell them about early? Which of their requests can I take on? |  |  |  |
| Assist | What specific support can I offer to make their work go more smoothly? |  |  |  |

## Energy {#energy}

| What managers manage | Typical work | Last month | Needed now | Difference |
| --- | --- | --- | --- | --- |
| People | Hiring, assigning work, coaching |  |  |  |
| Problems | Finding and solving problems |  |  |  |
| Total |  | 100 | 100 |  |
""",
}

TERMS = {
    "zh": ("常见挑战", "| 挑战 | 典型表现 | 应对办法 |", (
        ("沟通障碍", "部门之间信息传递不及时，各自掌握的数据不一致，客户的问题在交接中丢失。",
         "建立跨部门沟通机制，例如定期召开协调会、共享关键数据，并指定每类问题的负责人。"),
        ("角色错位", "管理者没有认清自己在不同关系中的位置，团队协作乏力，遇到问题互相推诿。",
         "明确各级管理者的角色定位和职责，让每个人清楚自己该做什么，做到什么程度。"),
        ("高效管理者", "不同团队的工作习惯和价值取向不同，合作中产生隔阂，谁也说服不了谁。",
         "组织团队建设和跨部门交流活动，增进了解，拉近距离，一起定下共同的目标。"),
    )),
    "en": ("Common challenges", "| Challenge | What it looks like | What to do |", (
        ("Communication barriers", "Information reaches other departments late; each side has other figures.",
         "Set up regular coordination meetings and share the key figures."),
        ("Role mismatch", "Managers do not see their place in each relationship, so teamwork is weak.",
         "Make every manager's role and responsibilities clear."),
        ("Cultural differences", "Teams work and judge differently, and friction grows between them.",
         "Organise team-building and cross-department exchanges."),
    )),
}


def _terms_table(language: str) -> str:
    """Terms in a first column that the other, wordier columns squeeze."""
    title, header, rows = TERMS[language]
    body = "\n".join(f"| {term} | {signs} | {remedy} |" for term, signs, remedy in rows)
    return f"\n## {title} {{#challenges}}\n\n{header}\n| --- | --- | --- |\n{body}\n"


LONG_ROWS = 45


def _long_table(language: str) -> str:
    """A reference list far longer than a page."""
    zh = language == "zh"
    title, header = ("拒绝的说法", "| 情境 | 说法 |") if zh else ("Ways to say no", "| Situation | Wording |")
    rows = [
        f"| 情境 {n} | 这一点我们做不到，不过我可以为您安排第 {n} 种办法。 |" if language == "zh"
        else f"| Situation {n} | We cannot do that, but I can arrange option {n} for you. |"
        for n in range(1, LONG_ROWS + 1)
    ]
    return f"\n## {title} {{#phrases}}\n\n{header}\n| --- | --- |\n" + "\n".join(rows) + "\n"


def _short_tables(language: str) -> str:
    """Short tables after lead-ins of growing length, so that some of them meet a page's end."""
    out = []
    for n in range(1, 10):
        lead = ("先读一读这段说明。" * (n * 3)) if language == "zh" else ("Read this note first. " * (n * 3))
        rows = "\n".join(f"| {n}.{row} | {'要点' if language == 'zh' else 'Point'} {row} |" for row in range(1, 7))
        out.append(f"{lead}\n\n| # | {'内容' if language == 'zh' else 'Content'} |\n| --- | --- |\n{rows}\n")
    title = "练习表格" if language == "zh" else "Practice tables"
    return f"\n## {title} {{#practice-tables}}\n\n" + "\n".join(out)


CARDS = 12
_WEEK_ROWS = "| --- | --- | --- | --- | --- | --- |\n| {one} |  |  |  |  |  |\n| {two} |  |  |  |  |  |\n"
WEEK = {
    "zh": "\n\n## 一周记录 {#week-log}\n\n| 周次 | 周一 | 周二 | 周三 | 周四 | 周五 |\n"
          + _WEEK_ROWS.format(one="第一周", two="第二周"),
    "en": "\n\n## Week log {#week-log}\n\n| Week | Mon | Tue | Wed | Thu | Fri |\n"
          + _WEEK_ROWS.format(one="Week one", two="Week two"),
}
"""Five cells to fill in per row: more than a portrait page holds at 35 mm each (issue 24: rows broke 3+2)."""
OBSERVER = {
    "zh": "\n\n## 观察表 {#observer}\n\n| 检查项 | 看到了 | 原话或表现 |\n| --- | --- | --- |\n"
          "| 先讲清目的 |  |  |\n| 复述对方的需要 |  |  |\n| 给出具体方案 |  |  |\n",
    "en": "\n\n## Observer sheet {#observer}\n\n| Check | Seen | Words or behaviour |\n| --- | --- | --- |\n"
          "| States the purpose first |  |  |\n| Paraphrases the other's need |  |  |\n"
          "| Offers a concrete solution |  |  |\n",
}
"""A guide-only handout (issue 24: the observer sheet's cells were 7.4 mm high in the guide)."""


def _cards(language: str) -> str:
    """Scenario cards of varied lengths: a heading, a paragraph and a small table to fill in, one after another
    (issue 24: card 3 split over two pages)."""
    if language == "zh":
        line, table = "客户第{n}次来电，语气比上一次更急，要求今天之内给出答复。", (
            "| 问题 | 我们的回答 |\n| --- | --- |\n| 客户真正担心的是什么？ |  |\n| 你先说哪一句话？ |  |\n")
        heading = "## 情景卡{n} {{#card-{n}}}"
    else:
        line, table = "The customer calls for time number {n}, more urgent than before. ", (
            "| Question | Our answer |\n| --- | --- |\n| What worries the customer? |  |\n"
            "| What do you say first? |  |\n")
        heading = "## Card {n} {{#card-{n}}}"
    return "".join(f"\n\n{heading}\n\n{line * (2 + n % 7)}\n\n{table}".format(n=n) for n in range(1, CARDS + 1))


def _quiz(language: str) -> str:
    """A long first section right after a handout's introduction (issue 24: kept whole as a card, it left the
    scenario quiz's title and introduction alone on a page)."""
    if language == "zh":
        head = "## 六个情境 {#quiz}\n\n每题只选一个最合适的做法，把字母写在答题表里。\n\n"
        item = ("{n}. 第{n}位客户连续三次来电投诉同一张订单，语气一次比一次急，要求今天之内给出明确的答复。\n\n"
                "    - A. 先道歉，再说明原因和处理时限\n    - B. 转给主管处理，自己不再跟进\n"
                "    - C. 复述客户的需要，给出今天内可兑现的一步\n    - D. 请客户改用邮件说明情况\n\n")
    else:
        head = "## Six situations {#quiz}\n\nFor each situation, choose the best course and write down its letter.\n\n"
        item = ("{n}. Customer {n} calls for the third time about the same order, more urgent each time, and asks for "
                "a clear answer today.\n\n    - A. Apologise, then explain the cause and the time it will take\n"
                "    - B. Pass the call to the supervisor and stop following it\n"
                "    - C. Paraphrase the customer's need and offer one step you can keep today\n"
                "    - D. Ask the customer to describe the problem by e-mail instead\n\n")
    return head + "".join(item.format(n=n) for n in range(1, 7))


TIMES = {
    "zh": "\n\n## 课前时间表 {#before-the-course}\n\n| 时间 | 做什么 | 谁负责 |\n| --- | --- | --- |\n"
          + "".join(f"| 课前{n}周 | 确认名单和人数、场地和日期；与发起人约三十分钟，确定一两个业务指标作为评估的基线，"
                    f"并把结果发给培训组和每一位相关的部门负责人 | 培训组 |\n" for n in (3, 2, 1))
          + "| 同理同心（明、聽、儒） | 讲清目的、事实和请求；少打断、多追问、复述顾虑；回应对方真正的需要，"
            "给出具体的方案、认可和支持，并约定下一次跟进的时间和方式 | 培训师 |\n",
}
"""Narrow first cells whose last character would stand alone on its line (issue 24: "周", "儒）")."""
LONG_TITLE = {
    "zh": "愤怒的来电者：在客户最生气、最不愿意听解释的时候，如何先处理情绪、再说明原因、"
          "最后给出可以兑现的具体承诺和跟进安排，以及通话结束以后的复盘",
    "en": "The angry caller: how to calm the customer first, explain the cause next and end with a concrete promise "
          "that the team can keep and follow up on the very same day",
}
"""A chapter title wider than the running header (issue 24: the header wrapped onto a second line)."""


def _paragraphs() -> str:
    """Chinese paragraphs of every even length from 36 to 118 characters: at some length a paragraph's last
    character would land alone on its last line, were words not kept together."""
    words = ("团队", "目标", "沟通", "协作", "反馈", "计划", "执行", "检查")
    paragraphs = ["".join(words[i % len(words)] for i in range(n)) + "。" for n in range(18, 60)]
    items = ["- " + "".join(words[(i + 3) % len(words)] for i in range(n)) + "。" for n in range(20, 40)]
    lists = [f"第{n}组要点：\n\n" + "\n".join(f"- 第{k}条：{words[k % len(words)]}{words[n % len(words)]}。"
                                             for k in range(1, 2 + n % 5)) for n in range(40)]
    return ("\n\n## 段落 {#paragraphs}\n\n" + "\n\n".join(paragraphs) + "\n\n" + "\n".join(items) + "\n\n"
            + "\n\n".join(lists) + "\n")


def _append(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    """The two-day fixture with the first course's kinds of tables added (see the module docstring)."""
    root = copy_course(tmp_path_factory.mktemp("layout"), TWO_DAY)
    for language, suffix in (("zh", ".md"), ("en", ".en.md")):
        _append(root, f"docs/workbook/needs-log{suffix}", PLAN[language] + WEEK[language] + _cards(language))
        _append(root, f"docs/units/01-listening/02-finding-needs{suffix}", _terms_table(language))
        _append(root, f"docs/units/03-promises/01-saying-no{suffix}", _long_table(language))
        _append(root, f"docs/units/03-promises/02-follow-up-plan{suffix}", _short_tables(language))
    _append(root, "docs/units/01-listening/01-first-minute.md", _paragraphs() + TIMES["zh"])
    edit(root, "docs/workbook/needs-log.md", "的练习中填写。\n", "的练习中填写。\n\n" + _quiz("zh"))
    said = "## What the customer said"
    edit(root, "docs/workbook/needs-log.en.md", f"\n{said}", f"\n{_quiz('en')}{said}")
    edit(root, "docs/units/02-complaints/02-angry-caller.md", "# 愤怒的来电者 {", f"# {LONG_TITLE['zh']} {{")
    edit(root, "docs/units/02-complaints/02-angry-caller.en.md", "# The angry caller {", f"# {LONG_TITLE['en']} {{")
    _append(root, "docs/units/02-complaints/02-angry-caller.md", LONG_NOTE["zh"])
    _append(root, "docs/units/02-complaints/02-angry-caller.en.md", LONG_NOTE["en"])
    for suffix, sheet, link in ((".md", OBSERVER["zh"], "    - [观察表](../../trainer-prep.md)"),
                                (".en.md", OBSERVER["en"], "    - [Observer sheet](../../trainer-prep.md)")):
        edit(root, f"docs/trainer-prep{suffix}", "facilitator_only: true\n",
             "facilitator_only: true\nhandout: participant\n")
        _append(root, f"docs/trainer-prep{suffix}", sheet)
        page = root / f"docs/units/01-listening/01-first-minute{suffix}"
        text = page.read_text(encoding="utf-8")
        marker = "!!! materials"
        head, _, rest = text.partition(marker)
        first_line, _, body = rest.partition("\n")
        page.write_text(f"{head}{marker}{first_line}\n{link}\n{body}", encoding="utf-8")
    _append(root, "docs/units/01-listening/01-first-minute.en.md",
            "\n\n## Paragraphs {#paragraphs}\n\nThe same paragraphs, in English.\n"
            "\n\n## Before the course {#before-the-course}\n\nThe same plan, in English.\n")
    edit(root, "docs/units/03-promises/01-saying-no.md", "!!! question", "\n!!! question")
    return checked_course(root)


@dataclass(frozen=True)
class LaidOut:
    """A PDF laid out by WeasyPrint, with the model's table blocks it shows."""

    document: Document
    tables: dict[object, Block]  # WeasyPrint's <table> element → the source table it shows
    worksheet_cells: frozenset[object]  # the body cells of worksheet tables (<td>, and <th scope="row"> questions)


def _table_blocks(blocks: tuple[Block, ...] | Iterator[Block]) -> Iterator[Block]:
    for block in blocks:
        if block.kind is BlockKind.TABLE:
            yield block
        yield from _table_blocks(block.children)


def _lay_out(course: Course, language: str, edition: Edition) -> LaidOut:
    document = build_document(course, language, edition)
    job = render_job_for(course, document)
    laid_out = lay_out(job, RestrictedFetcher(job.allowed_roots, job.mounts))
    root = laid_out.pages[0]._page_box.children[0].element
    sections = {element.get("id"): element for element in root.iter("section")}
    tables: dict[object, Block] = {}
    worksheet_cells: set[object] = set()
    for page in document.pages:
        if any(block.kind is BlockKind.MARKER for block in page.blocks):
            continue  # generated tables (agenda, modules) have no source block
        shown = list(sections[part_id(page.key)].iter("table"))
        source = list(_table_blocks(tuple(page.blocks)))
        assert len(shown) == len(source), page.key
        tables.update(zip(shown, source, strict=True))
        if has_write_in_tables(page):
            worksheet_cells.update(cell for table in shown for cell in table.iter()
                                   if cell.tag == "td" or (cell.tag == "th" and cell.get("scope") == "row"))
    return LaidOut(laid_out, tables, frozenset(worksheet_cells))


def _boxes(box: object) -> Iterator[object]:
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _boxes(child)


@pytest.fixture(scope="module")
def workbooks(course: Course) -> dict[str, LaidOut]:
    return {language: _lay_out(course, language, Edition.PARTICIPANT) for language in LANGUAGES}


_ZH_STEP = "    第{n}步：请各组先读一遍案例，再讨论三个问题，最后派一人汇报。\n\n"
_EN_STEP = "    Step {n}: each group reads the case, discusses the three questions and sends one person to report.\n\n"
LONG_NOTE = {
    "zh": '\n\n!!! trainer "培训师备注"\n' + "".join(_ZH_STEP.format(n=n) for n in range(1, 70)),
    "en": '\n\n!!! trainer "Trainer notes"\n' + "".join(_EN_STEP.format(n=n) for n in range(1, 70)),
}
"""Trainer notes longer than a page (issue 24: a split trainer box gave no "continued" cue)."""


@pytest.fixture(scope="module")
def guides(course: Course) -> dict[str, LaidOut]:
    return {language: _lay_out(course, language, Edition.FACILITATOR) for language in LANGUAGES}


def _cells(laid_out: LaidOut) -> Iterator[tuple[int, object]]:
    """(page number, table cell box) of every cell of the document."""
    for number, page in enumerate(laid_out.document.pages, start=1):
        for box in _boxes(page._page_box):
            if type(box).__name__ == "TableCellBox":
                yield number, box


def _text(box: object) -> str:
    return "".join(getattr(b, "text", "") for b in _boxes(box) if type(b).__name__ == "TextBox").replace("\u2060", "")


# --- room to write -------------------------------------------------------------------------------


@pytest.mark.parametrize("edition", ["workbook", "guide"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_empty_cell_of_a_handout_is_wide_and_high_enough_to_write_in(workbooks, guides, language, edition):
    """Cells to write in are the empty cells of the columns that are mostly empty, in every handout of both
    editions (the guide's observer sheet too); an empty cell among the labels (a total row's "typical work")
    is shaded, so nobody writes there."""
    laid_out = (workbooks if edition == "workbook" else guides)[language]
    empty = [(page, box) for page, box in _cells(laid_out)
             if box.element in laid_out.worksheet_cells and not _text(box).strip()]
    to_write = [(page, box) for page, box in empty if not _shaded(box)]
    sources = [block for table, block in laid_out.tables.items() if set(table.iter("td")) & laid_out.worksheet_cells]
    observer = 3 * 2 if edition == "guide" else 0
    assert len(to_write) == sum(map(_write_in_cells, sources)) == 6 * 3 + 4 * 4 + 5 * 3 + 4 * 3 + 3 * 3 + 3 * 3 - 2 \
        + CARDS * 2 + 2 * 5 + observer
    assert len(empty) - len(to_write) == 1
    for page, box in to_write:
        width, height = box.padding_width() * MM_PER_PX, box.padding_height() * MM_PER_PX
        assert width >= WRITING_WIDTH_MM, f"p{page}: an empty cell is {width:.1f} mm wide"
        assert height >= WRITING_HEIGHT_MM, f"p{page}: an empty cell is {height:.1f} mm high"


def _write_in_cells(block: Block) -> int:
    """How many cells of a source table are for writing: the empty ones of columns at least half empty."""
    columns = list(zip(*(cells for _, cells in block.rows), strict=True))
    return sum(sum(not cell.strip() for cell in column) for column in columns
               if 2 * sum(not cell.strip() for cell in column) >= len(column))


def _shaded(box: object) -> bool:
    """True when the cell has a visible background (not white, not transparent)."""
    colour = box.style["background_color"]
    return colour.alpha > 0 and tuple(colour.to("srgb").coordinates) != (1, 1, 1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_questions_stay_readable_beside_or_above_the_cells_to_write_in(workbooks, language):
    laid_out = workbooks[language]
    questions = [(page, box) for page, box in _cells(laid_out) if box.element in laid_out.worksheet_cells
                 and _text(box).strip()]
    assert len(questions) >= 4 + 3 + 3 + 3
    for page, box in questions:
        lines = _lines(box)
        assert len(lines) <= MAX_QUESTION_LINES, f"p{page}: a question squeezed into {len(lines)} lines: {lines}"


# --- tables across pages ---------------------------------------------------------------------------


def _rows_by_table(laid_out: LaidOut) -> dict[object, list[tuple[int, object, bool]]]:
    """For each source table: (page, row box, in the header) of every row as laid out, in order."""
    rows: dict[object, list[tuple[int, object, bool]]] = defaultdict(list)
    for number, page in enumerate(laid_out.document.pages, start=1):
        for box in _boxes(page._page_box):
            if type(box).__name__ != "TableBox" or box.element not in laid_out.tables:
                continue
            for group in box.children:
                for row in group.children:
                    rows[box.element].append((number, row, bool(group.is_header)))
    return rows


@pytest.mark.parametrize("language", LANGUAGES)
def test_short_tables_are_never_split_and_long_ones_repeat_their_header(workbooks, language):
    laid_out = workbooks[language]
    rows = _rows_by_table(laid_out)
    assert len(rows) == len(laid_out.tables)
    split = 0
    for table, block in laid_out.tables.items():
        pages = sorted({page for page, _, _ in rows[table]})
        if len(block.rows) <= SHORT_TABLE_ROWS:
            assert len(pages) == 1, f"a table of {len(block.rows)} rows is split over pages {pages}"
            continue
        split += len(pages) > 1
        for page in pages:
            assert any(header for on, _, header in rows[table] if on == page), f"no header on p{page}"
    assert split, "the long table fitted on one page: the test shows nothing"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_table_leaves_a_single_row_alone_on_a_page(workbooks, language):
    laid_out = workbooks[language]
    for table, entries in _rows_by_table(laid_out).items():
        body_pages = [page for page, _, header in entries if not header]
        for page in set(body_pages):
            assert body_pages.count(page) >= 2 or len(laid_out.tables[table].rows) == 1, (
                f"one row of a {len(laid_out.tables[table].rows)}-row table alone on p{page}")


def test_short_tables_meet_page_ends_in_the_fixture(workbooks):
    """The run of short tables does reach page ends (else the test above would prove nothing)."""
    laid_out = workbooks["zh"]
    rows = _rows_by_table(laid_out)
    practice = [table for table, block in laid_out.tables.items() if block.header == ("#", "内容")]
    pages = [sorted({page for page, _, _ in rows[table]})[0] for table in practice]
    assert len(practice) == 9 and len(set(pages)) >= 2


# --- Chinese words in cells -------------------------------------------------------------------------


def _lines(cell: object) -> list[str]:
    return [_text(box) for box in _boxes(cell) if type(box).__name__ == "LineBox"]


def _word_starts(text: str) -> set[int]:
    starts, position = set(), 0
    for word in chinese_words(text):
        starts.add(position)
        position += len(word)
    return starts


def _assert_breaks_between_words(page: int, text: str, lines: list[str]) -> None:
    """Every line of a laid-out Chinese text ends between two of jieba's words, never inside one."""
    starts = _word_starts(text)
    position = 0
    for line in lines[:-1]:
        position += len(line)
        between = text[position - 1 : position + 1]
        if len(between) == 2 and all(_CHINESE.match(c) for c in between):
            assert position in starts, f"p{page}: a line breaks inside a word: {line}|{text[position:]}"


def test_table_lines_break_between_chinese_words_and_never_leave_one_character_alone(workbooks):
    checked = 0
    for page, cell in _cells(workbooks["zh"]):
        lines = [line for line in _lines(cell) if line]
        if len(lines) < 2:
            continue
        text = "".join(lines)
        _assert_breaks_between_words(page, text, lines)
        last = lines[-1].rstrip(_CLOSING + " ")
        assert not (len(last) == 1 and _CHINESE.match(last)), f"p{page}: '{lines[-1]}' alone on a line: {text}"
        checked += 1
    assert checked >= 6


def _text_lines(laid_out: LaidOut, tags: tuple[str, ...]) -> Iterator[tuple[int, str, list[str]]]:
    """(page, the block's whole text, its lines on that page) of every paragraph or list item box written in the
    course (a materials entry with the guide's generated "see page N · print N" after it is left out: its text
    and the reference are two pieces, not one run of words)."""
    for number, page in enumerate(laid_out.document.pages, start=1):
        for box in _boxes(page._page_box):
            element = getattr(box, "element", None)
            if type(box).__name__ == "BlockBox" and element is not None and element.tag in tags \
                    and getattr(box, "element_tag", "") == element.tag \
                    and not any("handout" in (child.get("class") or "").split() for child in element.iter()):
                lines = [line for line in _lines(box) if line.strip()]
                if lines:
                    yield number, "".join(lines), lines


@pytest.mark.parametrize("edition", ["workbook", "guide"])
def test_no_line_of_a_paragraph_or_list_item_holds_one_character_alone(workbooks, guides, edition):
    """Issue 24: "迟。" alone on a paragraph's last line, 17 times in the first course's workbook. Paragraphs and
    list items break between words, and the last word stays with the one before it."""
    checked = 0
    for page, text, lines in _text_lines((workbooks if edition == "workbook" else guides)["zh"], ("p", "li")):
        if not _CHINESE.search(text):
            continue
        _assert_breaks_between_words(page, text, lines)
        for line in lines:
            alone = line.strip().rstrip(_CLOSING + " ")
            assert not (len(alone) == 1 and _CHINESE.match(alone)), f"p{page}: '{line}' alone on a line: {text}"
        checked += len(lines) > 1
    assert checked >= 40


@pytest.mark.parametrize("edition", ["workbook", "guide"])
def test_no_line_of_a_chinese_pdf_holds_one_character_alone(workbooks, guides, edition):
    """Issue 24: "周" under "课前3" in a narrow time column, "儒）" under "同理同心（明、聽、"; every line of the
    laid-out pages is read, table cells, headings and margins included."""
    laid_out = (workbooks if edition == "workbook" else guides)["zh"]
    assert lone_characters(laid_out.document) == []
    cells = {_text(cell): _lines(cell) for _, cell in _cells(laid_out)}
    wrapped = [lines for text, lines in cells.items() if text.startswith(("课前", "同理同心")) and len(lines) > 1]
    assert wrapped, "the narrow cells never wrap: the test shows nothing"


@pytest.mark.parametrize("edition", ["workbook", "guide"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_introduction_never_stands_alone_on_a_page(workbooks, guides, language, edition):
    """Issue 24: the scenario quiz's title and introduction alone on a page, its questions on the next. No page
    holds only headings and an introduction while its part goes on overleaf; the needs log's long first
    section starts under its introduction."""
    laid_out = (workbooks if edition == "workbook" else guides)[language]
    assert pages_of_introductions_alone(laid_out.document) == []
    title = {"zh": "客户需求记录表", "en": "Customer needs log"}[language]
    first = {"zh": "第1位客户", "en": "Customer 1 calls"}[language]
    where = {}
    for number, page in enumerate(laid_out.document.pages, start=1):
        for box in _boxes(page._page_box):
            tag = getattr(box, "element_tag", "")
            if tag == "h1" and _text(box).strip() == title or tag == "li" and first in _text(box):
                where.setdefault(tag, number)
    assert where["h1"] == where["li"], where


def _header(page: object) -> str:
    """The running header (top left) of a laid-out page."""
    for box in _boxes(page._page_box):
        if type(box).__name__ == "MarginBox" and box.at_keyword == "@top-left":
            return _text(box).strip()
    return ""


@pytest.mark.parametrize("edition", ["workbook", "guide"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_that_starts_a_chapter_or_a_case_is_headed_by_it(workbooks, guides, language, edition):
    """Issue 24: the case pages carried the previous worksheet's title in their running header."""
    headed = []
    for number, page in enumerate((workbooks if edition == "workbook" else guides)[language].document.pages, start=1):
        titles = [_text(box).strip() for box in _boxes(page._page_box)
                  if type(box).__name__ == "BlockBox" and getattr(box, "element_tag", "") == "h1"
                  and "chapter" in (box.element.get("class") or "").split()]
        if titles:
            shown = (margin_lines(page, "@top-left") or [""])[0]
            whole, cut = titles[0].replace(" ", ""), shown.removesuffix("…").replace(" ", "")
            assert shown == titles[0] or (shown.endswith("…") and whole.startswith(cut)), \
                f"p{number}: headed '{shown}', starts '{titles[0]}'"
            headed.append(titles[0])
    case = {"zh": "迟到的退款", "en": "The delayed refund"}[language]
    assert any(case in title for title in headed), headed


def test_no_page_holds_a_lone_item_of_a_list(workbooks, guides):
    """Issue 24: "Please bring" alone on the agenda's second page. A list's first two and last two items stay
    together, so a list split over pages leaves at least two of its items on each."""
    split = 0
    for laid_out in (*workbooks.values(), *guides.values()):
        root = laid_out.document.pages[0]._page_box.children[0].element
        parent_of = {child: parent for parent in root.iter() for child in parent}
        pages_of: dict[object, dict[int, set[object]]] = defaultdict(lambda: defaultdict(set))
        for number, page in enumerate(laid_out.document.pages, start=1):
            for box in _boxes(page._page_box):
                element = getattr(box, "element", None)
                if getattr(box, "element_tag", "") == "li" and element is not None:
                    pages_of[parent_of[element]][number].add(element)
        for items_by_page in pages_of.values():
            every = set().union(*items_by_page.values())
            if len(items_by_page) > 1 and len(every) > 1:
                split += 1
                lone = [number for number, items in items_by_page.items() if len(items) == 1]
                assert not lone, f"a list of {len(every)} items leaves one alone on p{lone}"
    assert split >= 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_handout_card_that_fits_on_a_page_is_never_split(workbooks, language):
    """Each section of a handout (a heading, its text and its table) is on one page when it fits on one."""
    laid_out = workbooks[language]
    pages_of: dict[object, set[int]] = defaultdict(set)
    for number, page in enumerate(laid_out.document.pages, start=1):
        for box in _boxes(page._page_box):
            element = getattr(box, "element", None)
            if element is not None and "card" in (element.get("class") or "").split():
                pages_of[element].add(number)
    assert len(pages_of) >= CARDS
    split = {element: pages for element, pages in pages_of.items() if len(pages) > 1}
    assert not split, [sorted(pages) for pages in split.values()]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_table_too_wide_for_a_portrait_page_keeps_its_rows_whole_on_a_landscape_page(workbooks, language):
    """Five cells to fill in per row do not fit a portrait page at 35 mm each: the table, with its heading, is
    set on a landscape page, each row's cells side by side (the cells' size is measured above)."""
    laid_out = workbooks[language]
    label = {"zh": "第一周", "en": "Week one"}[language]
    number, page, rows = 0, None, []
    for number, page in enumerate(laid_out.document.pages, start=1):  # noqa: B007 - the page found is used below
        rows = [box for box in _boxes(page._page_box) if type(box).__name__ == "TableRowBox"
                and _text(box).strip().startswith(label)]
        if rows:
            break
    else:
        raise AssertionError("the week log is not in the workbook")
    assert page.width > page.height, f"p{number} is not landscape"
    cells = [box for box in _boxes(rows[0]) if type(box).__name__ == "TableCellBox"]
    assert len(cells) == 6  # the label and its five cells, on one row
    headings = [_text(box).strip() for box in _boxes(page._page_box)
                if type(box).__name__ == "BlockBox" and getattr(box, "element_tag", "") == "h2"]
    assert {"zh": "一周记录", "en": "Week log"}[language] in headings
    before = laid_out.document.pages[number - 2]
    assert before.width < before.height  # only the wide table's page turns


def _margin(page: object, where: str) -> str:
    for box in _boxes(page._page_box):
        if type(box).__name__ == "MarginBox" and box.at_keyword == where:
            return _text(box).strip()
    return ""


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_box_that_runs_onto_the_next_page_says_so_where_it_splits(guides, language):
    """Issue 24: a trainer box split over two pages with no cue, then a cue only in the page header. The page that
    ends inside a box says "(continued on next page)" just under its text; the page that starts inside one names
    it just over its text, under the running header; no other page does."""
    top = {"zh": "培训师备注（续）", "en": "Trainer notes (continued)"}[language]
    foot = {"zh": "（续下页）", "en": "(continued on next page)"}[language]
    pages = guides[language].document.pages
    cued = [number for number, page in enumerate(pages, start=1) if len(margin_lines(page, "@top-left")) > 1]
    footed = [number for number, page in enumerate(pages, start=1) if margin_lines(page, "@bottom-right")]
    assert cued, "the long trainer note should run over a page"
    assert footed == [number - 1 for number in cued]
    for number in cued:
        assert margin_lines(pages[number - 1], "@top-left")[1:] == [top]
        assert margin_lines(pages[number - 2], "@bottom-right") == [foot]
        previous = [_text(box) for box in _boxes(pages[number - 2]._page_box)
                    if "admonition" in (getattr(box, "element", None) is not None
                                        and box.element.get("class") or "")]
        assert previous, f"p{number} says a box continues, but p{number - 1} shows no box"
    printed = PdfReader(io.BytesIO(guides[language].document.write_pdf()))
    shown = [page.extract_text().replace(" ", "") for page in printed.pages]
    assert sum(page.count(top.replace(" ", "")) for page in shown) == len(cued)  # the markers are not drawn
    assert [number for number, page in enumerate(shown, start=1) if foot.replace(" ", "") in page] == footed


@pytest.mark.parametrize("edition", ["workbook", "guide"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_running_header_keeps_to_one_line(workbooks, guides, language, edition):
    """Issue 24: a long chapter title wrapped the header onto two lines. A title too long for the line is cut
    after a whole word, with "…"; the edition on the right stays on one line beside it."""
    long_title = LONG_TITLE[language]
    shortened = 0
    for number, page in enumerate((workbooks if edition == "workbook" else guides)[language].document.pages, start=1):
        header = margin_lines(page, "@top-left")
        if not header:
            continue
        assert len(margin_lines(page, "@top-right")) == 1, f"p{number}: {margin_lines(page, '@top-right')}"
        title, cue = header[0], header[1:]
        assert cue in ([], [{"zh": "培训师备注（续）", "en": "Trainer notes (continued)"}[language]]), (number, header)
        left, right = margin(page, "@top-left"), margin(page, "@top-right")
        assert left.position_x + left.width <= right.position_x + 0.5, f"p{number}: the header runs into the edition"
        if title.endswith("…"):
            assert long_title.startswith(title[:-1]) and len(title) < len(long_title), title
            shortened += 1
    assert shortened, "the long title never heads a page: the test shows nothing"


def test_a_narrow_first_column_wraps_its_terms_between_words(workbooks):
    """The wordy columns squeeze the first one (before issue 12 it held three characters: 沟通障/碍)."""
    cells = {_text(cell): _lines(cell) for _, cell in _cells(workbooks["zh"])}
    for term in ("沟通障碍", "角色错位", "高效管理者"):
        breaks = {sum(len(line) for line in cells[term][:index]) for index in range(len(cells[term]))}
        assert breaks <= _word_starts(term), f"{term} is broken inside a word: {cells[term]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_table_or_box_of_either_edition_reaches_past_the_text_area(workbooks, guides, language: str) -> None:
    """Wide tables (the terms, the long and short tables, the run sheet and checklist) stay within the margins."""
    for laid_out in (workbooks[language], guides[language]):
        assert boxes_past_the_text_area(laid_out.document) == []

