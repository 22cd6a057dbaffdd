"""Tables of a rendered page, adjusted for the screen: write-in worksheets, method names, glossary rows.

`markdown_html` renders a page's Markdown tables as plain `<table>` elements: one `<thead>` row of
`<th>`, `<tbody>` rows of `<td>`, no attributes but an alignment
`style`, no nesting (pages may not hold raw table HTML). This module reads that HTML back into rows
and cells, changes attributes and the wording of cells, and writes it out again; what a page shows
(its rows and their order) is still the model's.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from build_tools.course import localise
from build_tools.course.cjk import HAN_RUN
from build_tools.course.display_names import capitalised
from build_tools.course.model import Course, Page
from build_tools.parts.chinese_words import cut
from build_tools.parts.write_in import has_write_in_tables, write_in_columns

_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r"<(t[hd])((?:\s[^>]*)?)>(.*?)</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_OPENING = "“‘（《「『【〈(["
_CLOSING = "”’）》」』】〉，。、；：？！…—)],.;:?!"


@dataclass
class Cell:
    """One `<th>` or `<td>`: its attributes as written (` style="…"`), its inner HTML, attributes to add."""

    tag: str
    attrs: str
    inner: str
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The cell's plain text."""
        return html.unescape(_TAG.sub("", self.inner)).strip()

    @property
    def blank(self) -> bool:
        """A cell left empty to be written in (nothing but white space, no image)."""
        return not self.text and "<img" not in self.inner

    def render(self) -> str:
        added = "".join(f' {name}="{html.escape(value)}"' for name, value in self.extra.items())
        return f"<{self.tag}{self.attrs}{added}>{self.inner}</{self.tag}>"


@dataclass
class Table:
    """A rendered Markdown table: the header cells and the body rows, with attributes to add to them."""

    header: list[Cell]
    rows: list[list[Cell]]
    row_ids: list[str] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)
    widths: dict[int, str] = field(default_factory=dict)  # column index → CSS width, written as <colgroup>
    wrapper_class: str = ""

    @property
    def header_texts(self) -> list[str]:
        return [cell.text for cell in self.header]

    def column(self, index: int) -> list[Cell]:
        """The body cells of one column (rows shorter than the header are skipped)."""
        return [row[index] for row in self.rows if index < len(row)]

    def render(self) -> str:
        attrs = "".join(f' {name}="{html.escape(value)}"' if value else f" {name}"
                        for name, value in self.attrs.items())
        lines = [f"<table{attrs}>"]
        if self.widths:
            columns = (f'<col style="width: {self.widths[n]}">' if n in self.widths else "<col>"
                       for n in range(len(self.header)))
            lines += ["<colgroup>", *columns, "</colgroup>"]
        lines += ["<thead>", "<tr>", *(c.render() for c in self.header), "</tr>", "</thead>", "<tbody>"]
        for n, row in enumerate(self.rows):
            row_id = self.row_ids[n] if n < len(self.row_ids) else ""
            lines += [f'<tr id="{html.escape(row_id)}">' if row_id else "<tr>", *(c.render() for c in row), "</tr>"]
        lines += ["</tbody>", "</table>"]
        table = "\n".join(lines)
        return f'<div class="{self.wrapper_class}">\n{table}\n</div>' if self.wrapper_class else table


def _parse(body: str) -> Table | None:
    rows = [[Cell(tag, attrs, inner) for tag, attrs, inner in _CELL.findall(row)] for row in _ROW.findall(body)]
    if not rows or not rows[0] or any(cell.tag != "th" for cell in rows[0]):
        return None
    return Table(header=rows[0], rows=rows[1:])


def rewrite_tables(content: str, change: Callable[[Table], None]) -> str:
    """`content` with `change` applied to every Markdown table in it (tables it cannot read stay as they are)."""

    def one(match: re.Match[str]) -> str:
        table = _parse(match[1])
        if table is None:
            return match[0]
        change(table)
        return table.render()

    return _TABLE.sub(one, content)


# --- write-in worksheets ---------------------------------------------------------------------------

WORKSHEET_CLASS = "worksheet-table"
WRITE_IN_CLASS = "write-in"
UNUSED_CLASS = "unused"  # an empty cell in a column of labels (a total row): not for writing
LEAD_CLASS = "row-lead"
NUMBER_CLASS = "row-number"
WRITE_IN_EM = 12.0
"""Width, in characters of Chinese text, that a write-in column asks for at least: room to write a phrase."""
PRINTED_EM = (2.5, 16.0)
"""Least and most width a printed column asks for: its longest cell, within these bounds (it wraps beyond)."""
CELL_PADDING_EM = 2.0


def mark_write_in(table: Table) -> None:
    """A table with cells to write in: labelled cells for the phone layout, the width to the write-in columns.

    Every body cell carries its column heading (`data-label`, shown above the cell when a phone stacks the
    row); empty cells are `write-in` (ruled lines on screen); a printed first cell leads its row. Each
    column gets a share of the width (`column_shares`), so a column left empty to write in never
    collapses to the width of its heading.
    """
    blank_columns = list(write_in_columns([[cell.blank for cell in row] for row in table.rows]))
    if not blank_columns:
        return
    table.wrapper_class = WORKSHEET_CLASS
    labels = table.header_texts
    for n in blank_columns:
        table.header[n].extra["class"] = WRITE_IN_CLASS
    table.widths = {n: f"{share}%" for n, share in enumerate(column_shares(table, blank_columns))}
    for row in table.rows:
        for n, cell in enumerate(row):
            if n < len(labels) and labels[n]:
                cell.extra["data-label"] = labels[n]
            if cell.blank:
                cell.extra["class"] = WRITE_IN_CLASS if n in blank_columns else UNUSED_CLASS
            elif n == 0 and 0 not in blank_columns:
                cell.extra["class"] = f"{LEAD_CLASS} {NUMBER_CLASS}" if cell.text.isdigit() else LEAD_CLASS
                row_header(cell)


def column_shares(table: Table, blank_columns: list[int]) -> list[int]:
    """Per cent of the table's width for each column, by what it holds.

    A printed column asks for its longest cell or heading (in em: a Chinese character 1, a Latin one about half),
    within PRINTED_EM; a write-in column for WRITE_IN_EM, or as much as the widest printed column, so
    that the answers get at least the room of the questions. The browser still widens a column whose
    longest word would not fit.
    """
    headers = table.header_texts
    printed = {
        n: min(max([_text_em(headers[n]), *(_text_em(cell.text) for cell in table.column(n))]), PRINTED_EM[1])
        for n in range(len(table.header)) if n not in blank_columns
    }
    printed = {n: max(em, PRINTED_EM[0]) + CELL_PADDING_EM for n, em in printed.items()}
    write_in = max([WRITE_IN_EM + CELL_PADDING_EM, *printed.values()])
    weights = [printed.get(n, write_in) for n in range(len(table.header))]
    return [round(100 * weight / sum(weights)) for weight in weights]


def _text_em(text: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text)


# --- headers for screen readers ---------------------------------------------------------------------


def scope_headers(table: Table) -> None:
    """Every header cell says it heads a column (`scope="col"`): a screen reader reads it with each cell below."""
    for cell in table.header:
        cell.extra.setdefault("scope", "col")


def row_header(cell: Cell) -> None:
    """A body cell that names its row (a worksheet's question, a glossary term) as its row's header: a screen
    reader then reads it with each cell of the row, the empty write-in cells too."""
    cell.tag = "th"
    cell.extra["scope"] = "row"


# --- method names -----------------------------------------------------------------------------------


def capitalise_column(heading: str) -> Callable[[Table], None]:
    """A change that capitalises the cells under the column headed `heading` (the agenda's method column)."""

    def change(table: Table) -> None:
        for n, text in enumerate(table.header_texts):
            if text == heading:
                for cell in table.column(n):
                    cell.inner = capitalised(cell.inner)

    return change


# --- glossary rows ------------------------------------------------------------------------------------


GLOSSARY_CLASS = "glossary-table"


class GlossaryRows:
    """A change that gives the glossary table's rows their ids and keeps the table out of MkDocs' search index.

    The table is the one headed `header` with one row per id; the search index gets one entry per row
    instead (see `build_tools.site.search`), each pointing at its row. `found` tells whether it was there.
    """

    def __init__(self, header: Sequence[str], row_ids: Sequence[str]) -> None:
        self.header = list(header)
        self.row_ids = list(row_ids)
        self.found = False

    def __call__(self, table: Table) -> None:
        if not self.found and table.header_texts == self.header and len(table.rows) == len(self.row_ids):
            table.row_ids = self.row_ids
            table.attrs["data-search-exclude"] = ""
            table.wrapper_class = GLOSSARY_CLASS
            for row in table.rows:
                for cell in row[:-1]:  # the terms; the last column explains them and wraps anywhere
                    cell.inner = between_words(cell.inner)
                if row:
                    row_header(row[0])
            self.found = True


def between_words(inner: str) -> str:
    """Chinese in a cell with a line-break opportunity (`<wbr>`) between words only (jieba's words).

    The glossary's term columns are set `word-break: keep-all`, so a term such as 高效管理者 breaks as
    高效/管理者 when its column is narrow, never inside 管理者; no line starts with closing punctuation
    or ends with opening punctuation. Cells with markup are left as they are.
    """
    if "<" in inner or "&" in inner or not HAN_RUN.search(inner):
        return inner
    words = cut(inner)
    out = words[:1]
    for left, right in zip(words, words[1:], strict=False):
        breakable = (HAN_RUN.search(left[-1]) or HAN_RUN.search(right[0])) and left[-1] not in _OPENING \
            and right[0] not in _CLOSING and not right.isspace() and not left.isspace()
        out += ["<wbr>", right] if breakable else [right]
    return "".join(out)


def for_the_screen(course: Course, page: Page, language: str, body: str) -> str:
    """A page body's tables as the site of `language` shows them: method names capitalised, header cells scoped,
    write-in worksheets marked (the site plugin and `make serve`'s quick page swap both make a page so)."""
    body = rewrite_tables(body, capitalise_column(localise.word(course, language, "method")))
    body = rewrite_tables(body, scope_headers)
    return rewrite_tables(body, mark_write_in) if has_write_in_tables(page) else body
