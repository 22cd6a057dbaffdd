"""Which cells of a worksheet table are for writing in: one rule for the site and the PDF."""

from __future__ import annotations

from collections.abc import Sequence


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
