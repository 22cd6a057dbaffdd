"""Tables laid out for paper: room to write by hand, no table cut after a single row.

WeasyPrint lays out what the HTML asks for, so the decisions are taken here, on a page's element tree,
before it renders (issue 12):

- A write-in table (a worksheet table with empty cells) gives every empty cell at least `WRITE_IN_MM` of
  width. Its label columns (the questions) keep the width their text needs, up to `LABEL_MAX_MM`; when the
  labels and the write-in columns do not fit side by side, each row's labels move above its cells (one
  full-width prompt row per record), and when even the write-in columns alone do not fit on one line they
  continue on a second line of the record, under a header of as many lines.
- Short tables (at most `SHORT_TABLE_RECORDS` records) are kept on one page; long ones repeat their header
  (WeasyPrint repeats `<thead>`); the first record is never left alone on a page, nor fewer than the last
  `TAIL_RECORDS`.

Chinese words stay whole in the cells (`pdf.whole_words`); a label column is never narrower than its
longest word. The integration tests measure the result on the laid-out pages, not these numbers.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from xml.etree import ElementTree

from build_tools.parts.write_in import write_in_columns
from build_tools.pdf.elements import add_class, classes, text_of
from build_tools.pdf.fonts import TEXT_FONT, advance_widths
from build_tools.pdf.whole_words import chinese_words

#: Width of the text on a page: A4 (210 mm) less the side margins of workbook.css (18 mm each) and the
#: body's default margin (8 px each side).
TEXT_WIDTH_MM = 210 - 2 * 18 - 2 * 8 * 25.4 / 96
#: The same on a landscape page (297 mm wide), where a table with more cells to a row than a portrait page holds
#: is set (`.landscape` in workbook.css) instead of breaking its rows into two lines.
LANDSCAPE_TEXT_WIDTH_MM = 297 - 2 * 18 - 2 * 8 * 25.4 / 96
#: Width a write-in cell is planned with; borders and rounding stay well above the 35 mm the tests require.
WRITE_IN_MM = 38.0
#: A label column is as wide as its longest cell on one line, within these bounds, and never narrower than
#: its longest word; beside write-in cells it may be squeezed down to `LABEL_FIT_MM` (its text wraps).
LABEL_MIN_MM = 12.0
LABEL_MAX_MM = 48.0
LABEL_FIT_MM = 30.0
#: A label squeezed beside write-in cells may take this many lines; a longer one moves above its cells.
LABEL_LINES = 4
#: Tables with at most this many records never break across pages.
SHORT_TABLE_RECORDS = 8
#: A long table's last records stay together: a page never starts with fewer of them.
TAIL_RECORDS = 3
#: Table text is 9 pt (workbook.css).
_EM_MM = 9 * 25.4 / 72
_CELL_PADDING_MM = 5.0


def _is_blank(cell: ElementTree.Element) -> bool:
    return not text_of(cell) and len(cell) == 0


def _text_mm(text: str) -> float:
    """The width of a line of table text, from the text font's advance widths."""
    widths = advance_widths(TEXT_FONT)
    return _EM_MM * sum(widths.get(ord(c), 1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6) for c in text)


def _longest_word_mm(text: str) -> float:
    words = [word for part in text.split() for word in chinese_words(part)]
    return max((_text_mm(word) for word in words), default=0.0)


@dataclass(frozen=True)
class _Label:
    """What a label column needs: at least its longest word, ideally its longest cell on one line."""

    least: float
    wanted: float
    text: float  # the longest cell's text on one line

    @property
    def squeezed(self) -> float:
        """The width it gets beside write-in cells when room is short."""
        return max(self.least, min(self.wanted, LABEL_FIT_MM))

    def lines_at(self, width: float) -> float:
        return self.text / max(width - _CELL_PADDING_MM, 1.0)


def _label(header: ElementTree.Element, cells: list[ElementTree.Element]) -> _Label:
    texts = [text_of(cell) for cell in cells]
    longest = max((_text_mm(text) for text in texts), default=0.0)
    least = max(LABEL_MIN_MM, max(_longest_word_mm(text) for text in [*texts, text_of(header)]) + _CELL_PADDING_MM)
    return _Label(least, max(least, min(LABEL_MAX_MM, longest + _CELL_PADDING_MM)), longest)


def _balanced_lines(count: int, per_line: int) -> list[int]:
    """How many write-in cells go on each line of a record: as even as possible (5 on lines of 4 → 3 + 2)."""
    lines = math.ceil(count / per_line)
    base, extra = divmod(count, lines)
    return [base + 1 if line < extra else base for line in range(lines)]


def _colgroup(widths: list[float]) -> ElementTree.Element:
    group = ElementTree.Element("colgroup")
    total = sum(widths)
    for width in widths:
        ElementTree.SubElement(group, "col", {"style": f"width: {100 * width / total:.2f}%"})
    return group


def _mark_records(table: ElementTree.Element, records: list[list[ElementTree.Element]]) -> None:
    """Keep each record's rows together, the first record never alone at a page's foot, and the last
    `TAIL_RECORDS` together, so that a page never starts with a table's last row or two alone (a review found
    them at the top of otherwise empty pages of both guides)."""
    if len(records) <= SHORT_TABLE_RECORDS:
        add_class(table, "keep-together")
    tail = range(len(records) - TAIL_RECORDS, len(records) - 1)
    for index, rows in enumerate(records):
        # The table's last row never asks to stay with what follows the table.
        with_next = (index == 0 or index in tail) and index < len(records) - 1
        for row in rows if with_next else rows[:-1]:
            add_class(row, "keep-next")


def lay_out_table(table: ElementTree.Element) -> None:
    """Rows kept together as the table's size asks (any table of a page)."""
    if "write-in" in classes(table):
        return
    rows = table.findall("tbody/tr")
    _mark_records(table, [[row] for row in rows])
    _keep_short_columns_on_one_line(table)


#: A column whose every cell is at most this wide (a time, "课前3周", a name) keeps each cell on one line.
SHORT_COLUMN_MM = 16.0


def _keep_short_columns_on_one_line(table: ElementTree.Element) -> None:
    """Short cells (times, day counts, owners) never wrap: "课前3" over "周" in a column squeezed by its wordy
    neighbours read as two cells (issue 24). Only columns of short text are held; the others wrap as before."""
    grid = [list(row) for row in table.iter("tr")]
    if not grid or any(len(row) != len(grid[0]) for row in grid):
        return
    for column in zip(*grid, strict=True):
        if all(len(cell) == 0 and _text_mm(text_of(cell)) <= SHORT_COLUMN_MM for cell in column):
            for cell in column:
                add_class(cell, "one-line")


def lay_out_write_in(table: ElementTree.Element) -> bool:
    """Give a worksheet table's empty cells room to write; False when it has none (nothing changed)."""
    header_row = table.find("thead/tr")
    body = table.find("tbody")
    if header_row is None or body is None:
        return False
    headers = list(header_row)
    rows = body.findall("tr")
    width = len(headers)
    if not rows or any(len(row) != width for row in rows):
        return False
    write_in = list(write_in_columns([[_is_blank(cell) for cell in row] for row in rows]))
    if not write_in:
        return False
    labels = [column for column in range(width) if column not in write_in]
    for column in range(width):
        for row in rows:
            if _is_blank(row[column]):
                # An empty cell among labels (a total row's "typical work") is not for writing: it is shaded.
                add_class(row[column], "blank" if column in write_in else "unused")
    add_class(table, "write-in")
    add_class(table, f"answers-{min(len(write_in), 3)}")
    if labels and labels[0] == 0:
        for row in rows:  # a printed first cell names its row: the tagged PDF reads it with the row's cells
            if not _is_blank(row[0]):
                row[0].tag = "th"
                row[0].set("scope", "row")
    label_mm = {column: _label(headers[column], [row[column] for row in rows]) for column in labels}
    text_width = TEXT_WIDTH_MM
    if int(TEXT_WIDTH_MM // WRITE_IN_MM) < len(write_in) <= int(LANDSCAPE_TEXT_WIDTH_MM // WRITE_IN_MM):
        text_width = LANDSCAPE_TEXT_WIDTH_MM  # the row's cells side by side on a landscape page, not in two lines
        add_class(table, "landscape")
    widths = _label_widths(label_mm, len(write_in), text_width)
    if widths is not None:
        add_class(table, "side")
        rest = (text_width - sum(widths.values())) / len(write_in)
        table.insert(0, _colgroup([widths.get(column, rest) for column in range(width)]))
        _mark_records(table, [[row] for row in rows])
    else:
        _labels_above(table, header_row, body, write_in, labels, text_width)
    return True


def _label_widths(label_mm: dict[int, _Label], write_in: int, text_width: float) -> dict[int, float] | None:
    """Widths of the label columns beside `write_in` cells of the planned width, or None when they do not fit
    or a label would wrap to more than `LABEL_LINES` lines.

    Labels get the width they want when there is room; otherwise each gets its squeezed width and a share
    of what is left, in proportion to what it still wants.
    """
    room = text_width - WRITE_IN_MM * write_in
    squeezed = sum(label.squeezed for label in label_mm.values())
    wanted = sum(label.wanted for label in label_mm.values())
    if squeezed > room:
        return None
    if wanted <= room:
        widths = {column: label.wanted for column, label in label_mm.items()}
    else:
        share = (room - squeezed) / (wanted - squeezed)
        widths = {column: lab.squeezed + (lab.wanted - lab.squeezed) * share for column, lab in label_mm.items()}
    if any(label.lines_at(widths[column]) > LABEL_LINES for column, label in label_mm.items()):
        return None
    return widths


def _labels_above(
    table: ElementTree.Element,
    header_row: ElementTree.Element,
    body: ElementTree.Element,
    write_in: list[int],
    labels: list[int],
    text_width: float,
) -> None:
    """Each record's labels on a full-width row above its write-in cells, which take one or more lines."""
    add_class(table, "stacked")
    sizes = _balanced_lines(len(write_in), max(1, int(text_width // WRITE_IN_MM)))
    grid = math.lcm(*sizes)
    lines: list[list[int]] = []
    start = 0
    for size in sizes:
        lines.append(write_in[start : start + size])
        start += size
    headers = list(header_row)
    head = table.find("thead")
    assert head is not None
    named = [headers[column] for column in labels if not _is_blank(headers[column])]
    head[:] = [_prompt_row(named, grid, "col")] if named else []
    head.extend(_line(headers, line, grid, "th") for line in lines)
    records: list[list[ElementTree.Element]] = []
    for row in body.findall("tr"):
        record: list[ElementTree.Element] = []
        parts = [row[column] for column in labels if not _is_blank(row[column])]
        if parts:
            record.append(_prompt_row(parts, grid, "row"))
        record += [_line(list(row), line, grid, "td") for line in lines]
        if records:
            add_class(record[0], "record-start")
        records.append(record)
    body[:] = [row for record in records for row in record]
    table.insert(0, _colgroup([1.0] * grid))
    _mark_records(table, records)


def _prompt_row(parts: list[ElementTree.Element], grid: int, scope: str) -> ElementTree.Element:
    """A full-width row that holds the label cells `parts` side by side: a record's question above its write-in
    cells (`scope` "row"), or in the header (`scope` "col") the label columns' own headings above those of the
    write-in cells, so that no column heading of the source table is lost when its cells move above."""
    prompt = ElementTree.Element("tr", {"class": "prompt"})
    cell = ElementTree.SubElement(prompt, "th", {"colspan": str(grid), "class": "prompt", "scope": scope})
    for part in parts:
        span = ElementTree.SubElement(cell, "span", {"class": "prompt-part"})
        span.text, span[:] = part.text, list(part)
    return prompt


def _line(cells: list[ElementTree.Element], columns: list[int], grid: int, tag: str) -> ElementTree.Element:
    """One line of a record (or of the header): the cells of `columns`, spread over the grid."""
    row = ElementTree.Element("tr", {"class": "answers"} if tag == "td" else {})
    for column in columns:
        cell = cells[column]
        cell.tag = tag
        if grid // len(columns) > 1:
            cell.set("colspan", str(grid // len(columns)))
        row.append(cell)
    return row
