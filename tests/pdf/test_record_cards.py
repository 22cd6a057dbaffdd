"""Where a handout's stacked card and a workbook's question after a diagram may break (pdf/record_cards.py,
pdf/beside_diagrams.py), on small element trees; the first course's pages are checked in test_course_content.py
(`blank_before_record_cards`, `session_ends_on_top`), the laid-out fixture in test_session_ends.py."""

from __future__ import annotations

from xml.etree import ElementTree

from build_tools.pdf.beside_diagrams import set_questions_beside_diagrams
from build_tools.pdf.elements import classes
from build_tools.pdf.record_cards import let_long_record_cards_break


def _card(records: int) -> ElementTree.Element:
    rows = "".join(f'<tr class="prompt{" record-start" if n else ""} keep-next"><th>Statement {n} about work</th></tr>'
                   "<tr><td></td><td></td></tr>" for n in range(records))
    return ElementTree.fromstring(f'<div><div class="card"><h2>Theme</h2><table class="write-in stacked keep-together">'
                                  f"<thead><tr><th>No.</th></tr></thead><tbody>{rows}</tbody></table></div></div>")


def _breaks_after(root: ElementTree.Element) -> list[int]:
    """Indexes of the body rows a page may end after."""
    rows = root.findall(".//tbody/tr")
    return [index for index, row in enumerate(rows[:-1]) if "keep-next" not in classes(row)]


def test_a_tall_stacked_card_breaks_between_records_keeping_two_with_its_heading_and_two_at_its_end():
    root = _card(7)
    let_long_record_cards_break(root, chinese=False)
    card, table = root[0], root.find(".//table")
    assert "breaks-between-records" in classes(card) and "keep-together" not in classes(table)
    assert _breaks_after(root) == [3, 5, 7, 9]  # after records 2, 3, 4 and 5 of 7: never inside a record


def test_a_short_or_small_stacked_card_stays_whole():
    few = _card(3)  # too few records to keep two with the heading and two at the end
    let_long_record_cards_break(few, chinese=False)
    assert "breaks-between-records" not in classes(few[0]) and "keep-together" in classes(few.find(".//table"))
    small = _card(4)
    for body in small.iter("tbody"):
        body[:] = [row for row in body if "prompt" in classes(row)]  # four one-row records: a fifth of a page
    let_long_record_cards_break(small, chinese=False)
    assert "breaks-between-records" not in classes(small[0])
    assert "keep-together" in classes(small.find(".//table"))


def test_a_question_after_a_diagram_stands_beside_it_with_at_least_its_own_answer_lines():
    root = ElementTree.fromstring(
        '<div><p>Lead.</p><figure class="diagram diagram-hub"><svg></svg></figure>'
        '<div class="admonition question"><p class="admonition-title">Discussion</p><p>Which point?</p></div>'
        '<div class="answer-lines"><p class="answer-caption">My answer</p><div class="line"></div>'
        '<div class="line"></div></div><h2>Next</h2></div>')
    set_questions_beside_diagrams(root, chinese=False)
    assert [child.tag for child in root] == ["p", "div", "h2"]
    row = root[1]
    assert "beside-diagram" in classes(row) and [child.tag for child in row] == ["figure", "div"]
    assert [classes(child)[0] for child in row[1]] == ["admonition", "answer-lines"]
    assert len(row[1][1].findall("div")) > 2  # the half-width column holds more lines, up to the diagram's height
