"""A handout's card holding a long stacked table (a self-assessment's theme) breaks between its records.

A card (a level-2 section of a worksheet, `pages._keep_cards_whole`) is kept on one page; when it does not fit
in what is left of a page, it moves whole to the next and leaves that space blank. A trainer's review found four
half-empty pages in a row in the English workbook's self-assessment, each theme's card on a page of
its own. A card kept whole moves only when it does not fit, so it leaves less blank than its own height: a card
of at most `WHOLE_CARD_SHARE` of a page stays whole. A taller card with a stacked table (its records a prompt row
over rows of cells to write in, `pdf.table_layout`) may break between two records: its heading keeps the first
two records (the heading's own `break-after: avoid` and the first record's rows), the last two records stay
together, and each record stays whole; the table's header is repeated on the next page (WeasyPrint repeats
`<thead>`).
"""

from __future__ import annotations

from xml.etree import ElementTree

from build_tools.pdf.elements import add_class, classes
from build_tools.pdf.spills import TEXT_HEIGHT_MM, estimated_height_mm

#: A card taking at most this share of a page stays whole, wherever it falls.
WHOLE_CARD_SHARE = 1 / 3
#: Records a breaking table keeps with its heading, and at its end.
HEAD_RECORDS = 2
TAIL_RECORDS = 2


def let_long_record_cards_break(root: ElementTree.Element, chinese: bool) -> None:
    """Each card with a stacked table of enough records, taller than `WHOLE_CARD_SHARE` of a page, may break
    between its records."""
    for card in root.iter("div"):
        if "card" not in classes(card):
            continue
        tables = [table for table in card.iter("table") if "stacked" in classes(table)]
        records = [_records(table) for table in tables]
        if not tables or all(len(rows) < HEAD_RECORDS + TAIL_RECORDS for rows in records):
            continue
        if estimated_height_mm([card], chinese) <= WHOLE_CARD_SHARE * TEXT_HEIGHT_MM:
            continue
        add_class(card, "breaks-between-records")
        for table, table_records in zip(tables, records, strict=True):
            if len(table_records) >= HEAD_RECORDS + TAIL_RECORDS:
                _break_between_records(table, table_records)


def _records(table: ElementTree.Element) -> list[list[ElementTree.Element]]:
    """The table's body rows grouped by record (a record starts at a row marked `record-start`)."""
    records: list[list[ElementTree.Element]] = []
    for row in table.iterfind("tbody/tr"):
        if not records or "record-start" in classes(row):
            records.append([])
        records[-1].append(row)
    return records


def _break_between_records(table: ElementTree.Element, records: list[list[ElementTree.Element]]) -> None:
    """A page may end after any record but the first `HEAD_RECORDS - 1` and before the last `TAIL_RECORDS`."""
    table.set("class", " ".join(name for name in classes(table) if name != "keep-together"))
    kept_with_next = {*range(HEAD_RECORDS - 1), *range(len(records) - TAIL_RECORDS, len(records) - 1)}
    for index, rows in enumerate(records):
        for position, row in enumerate(rows):
            keep = position < len(rows) - 1 or index in kept_with_next
            names = [name for name in classes(row) if name != "keep-next"]
            row.set("class", " ".join([*names, "keep-next"] if keep else names))
            if not row.get("class"):
                del row.attrib["class"]
