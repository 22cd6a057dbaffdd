"""One reading, every output: the constructs two Markdown engines used to read differently come out with the
same structure on the site, in the workbook and on the slides, and trainer text reaches no participant output.

The minimal fixture course gets, in both languages, a list right under a paragraph line, an ordered list
that starts at 3, an untitled question box and a table with cells to write in; it is built with the real
command into every output, which are then read back (site HTML, `pdftotext` of the workbook, deck XML).
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from course_copies import MINIMAL, TWO_DAY, copy_course, edit
from site_courses import site_course

from build_tools.checks.checked import checked_course
from build_tools.course.model import Course, Edition
from build_tools.pdf.anchors import part_id
from build_tools.pdf.document import build_document
from build_tools.pipeline.build import build_all
from build_tools.site.content import participant_html
from build_tools.site.tables import mark_write_in, rewrite_tables

pytestmark = pytest.mark.integration

SNIPPETS = {
    "zh": ("了解倾听的作用。",
           "要点如下：\n- **一**：\"第一\"点\n- **二**：第二点\n- **三**：第三点\n\n3. 第三步\n4. 第四步\n\n"
           "!!! question\n    未命名框里的问题？\n\n    3. 第三问\n    4. 第四问\n\n"
           "| 项目 | 回答 |\n| --- | --- |\n| 目标 |  |\n| 做法 |  |\n"),
    "en": (None,
           "Key points:\n- **One**: the manager's \"first\" point\n- **Two**: second point\n"
           "- **Three**: third point\n\n"
           "3. third step\n4. fourth step\n\n!!! question\n    A question in an untitled box?\n\n"
           "    3. third question\n    4. fourth question\n\n"
           "| Item | Answer |\n| --- | --- |\n| Goal |  |\n| Method |  |\n"),
}
ITEMS = {"zh": ("“第一”点", "第二点", "第三点"),
         "en": ("the manager’s “first” point", "second point", "third point")}
"""The first item is typed with straight quotes and an apostrophe: every output shows typographic ones."""
STRAIGHT = {"zh": '"第一"点', "en": "the manager's \"first\" point"}
STEPS = {"zh": ("第三步", "第四步"), "en": ("third step", "fourth step")}
QUESTIONS = {"zh": ("第三问", "第四问"), "en": ("third question", "fourth question")}  # a numbered list in the box
QUESTION_TITLE = {"zh": "讨论", "en": "Discussion"}
"""The fixture's languages bring no admonition titles: an untitled question takes the course's word for a
discussion, in every output (`Course.box_title`)."""


def _page(language: str) -> str:
    return "docs/modules/01-listening.md" if language == "zh" else "docs/modules/01-listening.en.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = site_course(tmp_path_factory.mktemp("one-reading"), MINIMAL)
    for language, (anchor, snippet) in SNIPPETS.items():
        path = root / _page(language)
        if anchor is None:  # the purpose paragraph of the session `basics`
            lines = path.read_text(encoding="utf-8").split("\n")
            heading = next(n for n, line in enumerate(lines) if line.startswith("## ") and "#basics" in line)
            anchor = lines[heading + 2]
        edit(root, _page(language), anchor, f"{anchor}\n\n{snippet}")
    assert build_all(root, root / "build", report=lambda line: None) == 0  # in-process; the command: test_build
    return root / "build"


def _site_body(built: Path, language: str) -> str:
    prefix = "" if language == "zh" else "en/"
    html = (built / "site" / f"{prefix}modules/01-listening.html").read_text(encoding="utf-8")
    return re.search(r"<article.*?</article>", html, re.S)[0]


def _workbook_text(built: Path, language: str) -> str:
    pdf = next((built / "pdf" / language).glob("*workbook.pdf"))
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _deck_xml(built: Path, language: str) -> str:
    deck = next(p for p in (built / "slides" / language / "participant").glob("*module-01.pptx"))
    with zipfile.ZipFile(deck) as package:
        return "".join(package.read(n).decode("utf-8") for n in sorted(package.namelist())
                       if n.startswith("ppt/slides/slide") and n.endswith(".xml"))


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_list_under_a_paragraph_line_is_a_list_everywhere(built: Path, language: str) -> None:
    lead = "要点如下：" if language == "zh" else "Key points:"
    first, second, third = ITEMS[language]
    list_html = (rf"<p>{lead}</p>\s*<ul>\s*<li><strong>[^<]+</strong>[:：]\s*{first}</li>\s*"
                 rf"<li>.*?{second}</li>\s*<li>.*?{third}</li>\s*</ul>")
    assert re.search(list_html, _site_body(built, language), re.S)
    text = _workbook_text(built, language)
    assert lead in text
    for item in ITEMS[language]:
        line = next(line for line in text.splitlines() if item in line)
        assert lead not in line  # an item of its own, not run on after the paragraph
    deck = _deck_xml(built, language)
    assert all(f"{item}</a:t>" in deck for item in ITEMS[language])


@pytest.mark.parametrize("language", ["zh", "en"])
def test_straight_quotes_are_typographic_everywhere(built: Path, language: str) -> None:
    """The site, the workbook (`pdftotext`) and the deck show “…” and ’ where the author typed " and '."""
    shown, typed = ITEMS[language][0], STRAIGHT[language]
    outputs = {"site": _site_body(built, language), "workbook": _workbook_text(built, language),
               "deck": _deck_xml(built, language)}
    for name, text in outputs.items():
        assert shown in text, name
        assert typed not in text and typed.replace('"', "&quot;") not in text, name
    if language == "en":  # Noto Sans CJK's full-width “ ” would open gaps around an English word: proportional ones
        pdf = next((built / "pdf" / language).glob("*workbook.pdf"))
        boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        box = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">“first”<', boxes)
        assert box is not None
        x_min, y_min, x_max, y_max = map(float, box.groups())
        assert x_max - x_min < 2.2 * (y_max - y_min)  # about 1.7 lines' height; with full-width quotes 2.6


@pytest.mark.parametrize("language", ["zh", "en"])
def test_an_ordered_list_from_3_starts_at_3_everywhere(built: Path, language: str) -> None:
    third, fourth = STEPS[language]
    assert re.search(rf'<ol start="3">\s*<li>{third}</li>\s*<li>{fourth}</li>\s*</ol>', _site_body(built, language))
    text = _workbook_text(built, language)
    assert re.search(rf"3\.\s+{third}", text) and re.search(rf"4\.\s+{fourth}", text)
    assert not re.search(rf"1\.\s+{third}", text)
    # slides show numbered lists where they teach from them: the questions of a discussion box
    third_question, fourth_question = QUESTIONS[language]
    assert re.search(rf'<ol start="3">\s*<li>{third_question}</li>\s*<li>{fourth_question}</li>',
                     _site_body(built, language))
    assert re.search(rf"3\.\s+{third_question}", text) and re.search(rf"4\.\s+{fourth_question}", text)
    deck = _deck_xml(built, language)
    paragraphs = re.findall(r"<a:p>.*?</a:p>", deck, re.S)
    third_paragraph = next(p for p in paragraphs if f"{third_question}</a:t>" in p)
    fourth_paragraph = next(p for p in paragraphs if f"{fourth_question}</a:t>" in p)
    assert '<a:buAutoNum type="arabicPeriod" startAt="3"/>' in third_paragraph
    assert '<a:buAutoNum type="arabicPeriod" startAt="4"/>' in fourth_paragraph


@pytest.mark.parametrize("language", ["zh", "en"])
def test_an_untitled_question_box_has_one_title_everywhere(built: Path, language: str) -> None:
    title = QUESTION_TITLE[language]
    site = _site_body(built, language)
    question = "未命名框里的问题？" if language == "zh" else "A question in an untitled box?"
    assert f'<div class="admonition question">\n<p class="admonition-title">{title}</p>\n<p>{question}</p>' in site
    text = _workbook_text(built, language)
    assert title in text.split(question)[0][-200:]
    slide = next(s for s in re.findall(r"<p:sld\b.*?</p:sld>", _deck_xml(built, language), re.S) if question in s)
    assert re.search(rf">{title}(?:[：:] ?[^<]+)?</a:t>", slide)  # "讨论" or, unique in the deck, "讨论：<session>"


def test_the_site_and_the_workbook_rule_the_same_cells_for_writing(two_day_course: Course) -> None:
    """Every worksheet table: the cells the site rules for writing are the cells the workbook leaves blank."""
    for language in ("zh", "en"):
        pdf = build_document(two_day_course, language, Edition.PARTICIPANT).html
        for worksheet in two_day_course.view(language).worksheets:
            site = rewrite_tables(participant_html(two_day_course, worksheet.page).html, mark_write_in)
            part = re.search(rf'<section[^>]*id="{re.escape(part_id(worksheet.page.key))}".*?</section>', pdf, re.S)
            assert part is not None, worksheet.page.key
            site_cells = len(re.findall(r'<td[^>]*class="write-in"', site))
            pdf_cells = len(re.findall(r'<td[^>]*class="[^"]*\bblank\b', part[0]))
            assert site_cells == pdf_cells > 0, (worksheet.page.key, site_cells, pdf_cells)


@pytest.fixture(scope="module")
def two_day_course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    return checked_course(copy_course(tmp_path_factory.mktemp("two-day"), TWO_DAY))
