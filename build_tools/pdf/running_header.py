"""The running header on one line: a chapter title too long for the page's top margin is shortened, at a word.

The top margin holds the chapter's title on the left and the edition ("Facilitator guide") on the right, in
7.5 pt (workbook.css). A title wider than the room between them would wrap onto a second line and push into
the edition's; the header shows it cut after the last whole word that fits, with "…". The chapter's heading,
the contents and the bookmarks keep the whole title.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from build_tools.pdf.fonts import TEXT_FONT, advance_widths
from build_tools.pdf.whole_words import chinese_words

#: The header's size (workbook.css `@top-left`), the width of a portrait page's text (A4 less 18 mm margins)
#: and the space kept between the title and the edition.
HEADER_PT = 7.5
TEXT_WIDTH_MM = 210 - 2 * 18
GAP_MM = 12.0
ELLIPSIS = "…"
_TRAILING = " \u3000—–-:：,，、;；(（"


@functools.cache
def _widths() -> dict[int, float]:
    return advance_widths(TEXT_FONT)


def width_mm(text: str) -> float:
    """How wide `text` is in the header, from the text font's advance widths."""
    widths = _widths()
    em = sum(widths.get(ord(c), 1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6) for c in text)
    return em * HEADER_PT * 25.4 / 72


def running_title(title: str, edition_label: str) -> str:
    """`title` as the running header shows it beside `edition_label`: whole when it fits on the line, else cut
    after its last whole word that fits (jieba's words in Chinese, spaces elsewhere) and ended with "…"."""
    title = " ".join(title.split())
    room = TEXT_WIDTH_MM - width_mm(edition_label) - GAP_MM
    if width_mm(title) <= room:
        return title
    words = [word for chunk in re.split(r"(?<= )", title) for word in chinese_words(chunk)]
    shown = ""
    for word in words:
        if width_mm(shown + word + ELLIPSIS) > room:
            break
        shown += word
    return shown.rstrip(_TRAILING) + ELLIPSIS
