"""How tall a handout's section will be on paper, estimated before layout, so that an introduction never stands
alone on a page while what it introduces starts on the next (issue 24: the scenario quiz's title and
introduction alone on a page, its six questions, kept whole as one card, on the next).

WeasyPrint moves a block it must keep whole to the next page when it does not fit, whatever that leaves
behind, and `break-after: avoid` on the introduction does not stop it. So the decision is taken here: a
section is kept whole beside an introduction only when it takes at most `SHARED_PAGE_SHARE` of a page, which
leaves room for a title and an introduction above it. The estimate counts lines from the text's width in
the text font; it errs on the tall side, since list items and paragraphs rarely fill their last line.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Iterable
from xml.etree import ElementTree

from build_tools.pdf.elements import HEADINGS
from build_tools.pdf.fonts import TEXT_FONT, advance_widths

#: The page's text area (A4 less the margins of workbook.css) and the share of it a section kept whole may take
#: below a title and an introduction.
TEXT_WIDTH_MM = 210 - 2 * 18
TEXT_HEIGHT_MM = 297 - 20 - 18
SHARED_PAGE_SHARE = 0.6
#: A page's closing box at most this share of a page tall takes the lines before it along to a new page; a taller
#: one starts the page anyway, and carrying lines over would only thin the page before it.
CLOSING_BOX_SHARE = 0.25
#: A box before such a closing box that takes more than this share of a page may break inside, so that only its last
#: lines go along with the closing box; a shorter one goes along whole, and the page it leaves keeps most of its text.
MOVES_ALONG_SHARE = 0.25
#: A box estimated taller than this share of a page splits wherever it starts, so it may start on a page's rest.
PAGE_SHARE = 1.0
_BODY_PT = 10.0
_LINE_HEIGHT = {True: 1.65, False: 1.5}  # Chinese and other text (workbook.css)
_INDENT_MM = 6.0  # a list's indent
_BLOCK_GAP_MM = 2.5  # a paragraph's bottom margin
_TABLE_ROW_MM = 13.0  # a write-in row (td.blank); a table counts at least this per row


@functools.cache
def _widths() -> dict[int, float]:
    return advance_widths(TEXT_FONT)


def _em(text: str) -> float:
    widths = _widths()
    return sum(widths.get(ord(c), 1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6) for c in text)


def _own_text(element: ElementTree.Element) -> str:
    """The text of `element` without that of its nested lists (they are counted as their own lines)."""
    parts = [element.text or ""]
    for child in element:
        if child.tag not in ("ul", "ol", "table"):
            parts.append(_own_text(child))
        parts.append(child.tail or "")
    return "".join(parts).replace("\u2060", "").strip()


def estimated_height_mm(elements: Iterable[ElementTree.Element], chinese: bool,
                        width_mm: float = TEXT_WIDTH_MM) -> float:
    """About how tall `elements` are on a page (or in a column `width_mm` wide): their text blocks' lines, a table's
    rows."""
    line_mm = _BODY_PT * _LINE_HEIGHT[chinese] * 25.4 / 72
    em_mm = _BODY_PT * 25.4 / 72
    height = 0.0
    for element in elements:
        for block in element.iter():
            if block.tag == "tr":
                height += _TABLE_ROW_MM
            elif block.tag in ("p", "li", *HEADINGS):
                text = _own_text(block)
                if text:
                    per_line = (width_mm - _INDENT_MM * (block.tag == "li")) / em_mm
                    height += math.ceil(_em(text) / per_line) * line_mm + _BLOCK_GAP_MM * (block.tag != "li")
    return height


def _page_share(elements: Iterable[ElementTree.Element], chinese: bool) -> float:
    """About what share of a page's text area `elements` take (`estimated_height_mm`)."""
    return estimated_height_mm(elements, chinese) / TEXT_HEIGHT_MM


def fits_beside_an_introduction(section: list[ElementTree.Element], chinese: bool) -> bool:
    """Whether a section kept whole still shares its page with the title and introduction above it."""
    return _page_share(section, chinese) <= SHARED_PAGE_SHARE


def short_closing_box(box: ElementTree.Element, chinese: bool) -> bool:
    """Whether a page's closing box (materials, a last question) is short enough to leave a page almost empty
    when it starts one alone."""
    return _page_share([box], chinese) <= CLOSING_BOX_SHARE


def too_tall_to_move_along(box: ElementTree.Element, chinese: bool) -> bool:
    """Whether a box, moved whole to a new page with the closing box after it, would leave too much of its page
    blank (`MOVES_ALONG_SHARE`)."""
    return _page_share([box], chinese) > MOVES_ALONG_SHARE


def longer_than_a_page(box: ElementTree.Element, chinese: bool) -> bool:
    """Whether a box will split over pages wherever it starts (`PAGE_SHARE`)."""
    return _page_share([box], chinese) > PAGE_SHARE
