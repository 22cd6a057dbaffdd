"""Which cells of a worksheet table are for writing in: one rule for the site and the PDF."""

from __future__ import annotations

from collections.abc import Sequence

from build_tools.course.model import Page, PageKind


def has_write_in_tables(page: Page) -> bool:
    """A worksheet, or any page handed out on paper (an observer sheet in the guide too): its tables' empty
    cells are for writing in, and get the room a hand needs."""
    return page.kind is PageKind.WORKSHEET or page.handout is not None


def write_in_columns(blank: Sequence[Sequence[bool]]) -> tuple[int, ...]:
    """Columns to write in, from a table's body cells (`blank[row][column]` True for an empty cell).

    A column is for writing when at least half of its cells are empty: a column of labels with one stray
    empty cell (a total row) is not, and its empty cell is left unused, not ruled for writing.
    """
    if not blank:
        return ()
    width = max(len(row) for row in blank)
    columns = [[row[n] for row in blank if n < len(row)] for n in range(width)]
    return tuple(n for n, cells in enumerate(columns) if any(cells) and sum(cells) * 2 >= len(blank))
