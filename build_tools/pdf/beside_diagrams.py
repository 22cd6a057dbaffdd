"""A workbook's question that follows a diagram, set beside the diagram with its answer lines.

A trainer's review found a session's question alone at the top of a page in both workbooks, its session and the
diagram before it on the page before: the diagram (kept whole, 9 cm tall) filled the page's end, and the question
with its ruled lines (about 70 mm) no longer fit under it. Neither way out of a one-column layout serves: moving
the diagram along with the question leaves 40 % of a page blank behind it, and shrinking the diagram far enough
to make room (often 60 mm or more) shrinks its words below 5 pt.

So the question goes beside the diagram, and the row is kept whole: it is as tall as the diagram whenever the
question and its lines are shorter, so the question fits wherever the diagram alone did, and the session's end
stays on one page with it. The reading order stays the source's (the diagram, then its question). The column
is narrower than the page, so it holds more lines: as many as fill the diagram's height, never fewer than the
question had.
"""

from __future__ import annotations

import math
from xml.etree import ElementTree

from build_tools.pdf.elements import classes
from build_tools.pdf.spills import TEXT_WIDTH_MM, estimated_height_mm

#: The row's measures (workbook.css `.beside-diagram`): the diagram's side, the gap, and the column left.
DIAGRAM_MM = 80.0
GAP_MM = 6.0
COLUMN_MM = TEXT_WIDTH_MM - DIAGRAM_MM - GAP_MM
#: The diagram's height with its caption, a ruled line's height, and what a box adds to its text (title, padding).
DIAGRAM_WITH_CAPTION_MM = DIAGRAM_MM + 8.0
LINE_MM = 8.0
BOX_EXTRA_MM = 12.0


def set_questions_beside_diagrams(root: ElementTree.Element, chinese: bool) -> None:
    """Each question box that follows a diagram with its answer lines becomes the diagram's right-hand column."""
    children = list(root)
    for index, figure in enumerate(children[:-2]):
        question, lines = children[index + 1], children[index + 2]
        if (figure.tag != "figure" or "diagram" not in classes(figure) or "admonition" not in classes(question)
                or "answer-lines" not in classes(lines)):
            continue
        row = ElementTree.Element("div", {"class": "beside-diagram"})
        column = ElementTree.Element("div", {"class": "beside"})
        row.tail, figure.tail = figure.tail, None
        root.insert(list(root).index(figure), row)
        for element in (figure, question, lines):
            root.remove(element)
        row.append(figure)
        row.append(column)
        column.extend((question, lines))
        _fill_the_column(question, lines, chinese)


def _fill_the_column(question: ElementTree.Element, lines: ElementTree.Element, chinese: bool) -> None:
    """More ruled lines, up to the diagram's height: the column is about half the page's width."""
    ruled = [line for line in lines if "line" in classes(line)]
    room = DIAGRAM_WITH_CAPTION_MM - estimated_height_mm([question], chinese, COLUMN_MM) - BOX_EXTRA_MM - LINE_MM
    wanted = max(len(ruled), math.floor(room / LINE_MM))
    for _ in range(wanted - len(ruled)):
        ElementTree.SubElement(lines, "div", {"class": "line"})
