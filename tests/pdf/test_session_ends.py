"""Where a session's closing box and a long box land on paper (a trainer's review of the first course's
guides): "Materials" at the top of a page, its session on the page before, and a page left half blank before
trainer notes that were longer than a page and split anyway.

The minimal fixture course is given a module of sessions of growing length, so that their closing boxes meet a
page's end at many heights, and a module in which every third session's trainer notes are longer than a page,
followed by long tables of growing length (a review found a table's last row or two alone on a page), and a
self-assessment worksheet of themes of four to seven statements (a review found four half-empty pages in a row
before its themes' cards). The
guide and the workbook are laid out by WeasyPrint exactly as the build writes them, and the tests read the pages'
boxes (tests/laid_out.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from course_copies import MINIMAL, copy_course
from laid_out import (
    _flow,
    lay_out_pdf,
    pages_left_blank_before_a_record_card,
    pages_left_blank_before_a_split_box,
    pages_of_session_ends_on_top,
    table_tails,
    text,
)
from weasyprint.document import Document

from build_tools.checks.checked import read_course
from build_tools.course.model import Edition

pytestmark = pytest.mark.integration

SESSIONS = 20
LONG_SESSIONS = 14
LONG_NOTES = (2, 5, 8, 11, 14)  # the second module's sessions whose trainer notes run over a page
TABLES = 16  # of 8 to 23 rows: their ends meet the pages' tops at many heights


def _session(n: int, long_notes: bool = False) -> str:
    """Session `n`: a lead-in, points, a question, trainer notes and materials, longer as `n` grows."""
    lead = "This session practises one more way of listening to a colleague. " * (2 + n % 5)
    points = "\n".join(f"- **Point {k}**: say back what you heard, in your own words, before you answer."
                       for k in range(1, 3 + n % 4))
    notes = "\n\n".join("    Walk round the groups and listen; note one good question from each group to read out "
                        "at the end, and keep each report under two minutes." for _ in range(2 + n % 6))
    if long_notes:
        notes = "\n\n".join(f"    Step {k}: explain the task, show an example on the flip chart, let the pairs try "
                            "it, walk round and listen, then ask two pairs to show what they did and sum up "
                            "the point in one sentence before you move on." for k in range(1, 25))
    title = f"{'Feedback' if long_notes else 'Listening'} drill {n}"
    if not long_notes and n % 2:  # a diagram before the question, as in the first course's sessions
        points += f"\n\n```diagram hub\n# Listening in drill {n}\n- Listen\n- Ask\n- Say back\n- Check\n- Agree\n```"
    return (f"## {title} {{#drill-{n} minutes=5 method=lecture}}\n\n{lead}\n\n{points}\n\n"
            f'!!! question "Discussion"\n    Which of these points did you use in your last difficult call?\n\n'
            f'!!! trainer "Trainer notes"\n{notes}\n\n'
            f'!!! materials "Materials"\n    - One worksheet per participant\n    - A timer\n')


def _tables() -> str:
    """Long tables of growing length, one after another, so that their ends meet a page's top at many heights."""
    tables = []
    for n in range(TABLES):
        rows = "\n".join(f"| Situation {n}.{row} | We cannot do that today, but I can arrange option {row} for you. |"
                         for row in range(1, 9 + n))
        tables.append(f"Table {n + 1} of the ways to say no.\n\n| Situation | Wording |\n| --- | --- |\n{rows}\n")
    return "\n## Ways to say no {#phrases}\n\n" + "\n".join(tables)


THEMES = (4, 6, 5, 7, 4, 5, 6, 4, 7, 5)  # records per theme of the self-assessment worksheet


def _self_assessment() -> str:
    """A worksheet of themes, each a card with a stacked table (its statements above four cells to score) of four
    to seven records, so that the cards meet a page's end at many heights."""
    themes = []
    number = 0
    for theme, records in enumerate(THEMES, start=1):
        rows = []
        for _ in range(records):
            number += 1
            rows.append(f"| {number} | I listen to the end before I answer, even when I think I know what is "
                        f"coming ({number}). |  |  |  |  |")
        themes.append(f"## Theme {theme} {{#theme-{theme}}}\n\n| No. | Statement | Self | Manager | Peers | Team |\n"
                      "| --- | --- | --- | --- | --- | --- |\n" + "\n".join(rows) + "\n")
    return ("---\nkind: worksheet\nhandout: participant\n---\n\n# Self-assessment {#self-assessment}\n\n"
            "Score each statement from 1 to 5 before the course.\n\n" + "\n".join(themes))


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[Edition, Document]:
    """The English guide and workbook of the minimal course with a module of many sessions (read, not checked:
    the sessions run over the course's day)."""
    root = copy_course(tmp_path_factory.mktemp("session-ends"), MINIMAL)
    for name, first, sessions in (("01-listening", "## Basics of listening", range(1, SESSIONS + 1)),
                                  ("02-feedback", "## Feedback case", range(1, LONG_SESSIONS + 1))):
        module = Path(root, f"docs/modules/{name}.en.md")
        head = module.read_text(encoding="utf-8").split(first)[0]
        sessions_text = "\n".join(_session(n, name == "02-feedback" and n in LONG_NOTES) for n in sessions)
        module.write_text(head + sessions_text + (_tables() if name == "02-feedback" else ""), encoding="utf-8")
    Path(root, "docs/workbook").mkdir()
    Path(root, "docs/workbook/self-assessment.en.md").write_text(_self_assessment(), encoding="utf-8")
    course, _ = read_course(root)
    return {edition: lay_out_pdf(course, "en", edition) for edition in (Edition.FACILITATOR, Edition.PARTICIPANT)}


@pytest.mark.parametrize("edition", [Edition.FACILITATOR, Edition.PARTICIPANT])
def test_no_session_closing_box_starts_a_page_away_from_its_session(documents, edition):
    """Every session's short closing box (materials; a workbook's question with its answer lines) takes the last
    lines before it along to a new page, not only a course page's last box; a workbook's question after a diagram
    stands beside it (pdf/beside_diagrams.py)."""
    document = documents[edition]
    assert pages_of_session_ends_on_top(document) == []
    drills = {number for number, page in enumerate(document.pages, start=1)
              if any(text(box).startswith("Listening drill") for box in _flow(page))}
    assert len(drills) >= 6, "the sessions meet too few page ends: the test shows nothing"


def test_a_box_longer_than_a_page_starts_where_the_text_before_it_ends(documents):
    """Trainer notes longer than a page split anyway: they start on the page where the text before them ends,
    rather than leaving that page half blank."""
    document = documents[Edition.FACILITATOR]
    assert pages_left_blank_before_a_split_box(document) == []
    for n in LONG_NOTES:
        starts = [number for number, page in enumerate(document.pages, start=1)
                  if any(text(box).startswith(f"Feedback drill {n}") for box in _flow(page))]
        assert starts, f"drill {n} is not in the guide"


@pytest.mark.parametrize("edition", [Edition.FACILITATOR, Edition.PARTICIPANT])
def test_no_page_starts_with_a_tables_last_row_or_two_alone(documents, edition):
    """A long table's last three rows stay together (pdf/table_layout.py), and so do the run sheet's and the
    checklist's (workbook.css): a review found a table's last row or two alone on otherwise empty pages."""
    document = documents[edition]
    assert table_tails(document) == []
    split = [number for number, page in enumerate(document.pages[1:], start=2)
             if _flow(page) and _flow(page)[0].element_tag == "table"]
    assert len(split) >= 4, "the tables seldom break: the test shows nothing"


def test_a_tall_stacked_card_breaks_between_records_rather_than_leave_a_third_of_a_page_blank(documents):
    """A self-assessment's theme (a card with a stacked table) that does not fit in what is left of a page breaks
    between two records, its heading kept with two and its last two together (pdf/record_cards.py); the header
    row is repeated on the next page."""
    document = documents[Edition.PARTICIPANT]
    assert pages_left_blank_before_a_record_card(document) == []
    continued = [page for page in document.pages[1:] if _flow(page) and _flow(page)[0].element_tag == "div"
                 and text(_flow(page)[0]).startswith("No.Statement")]
    assert len(continued) >= 2, "the themes seldom meet a page's end: the test shows nothing"
