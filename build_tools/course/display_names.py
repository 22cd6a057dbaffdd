"""How a name from the course's data is shown at the start of a table cell: capitalised, the data unchanged.

Course files keep method names as written (`lecture`, matched without regard to case); the site's and
the PDF's tables, the slides and the session details show them capitalised like a title, by this one rule.
"""

from __future__ import annotations

import re

_FIRST_LETTER = re.compile(r"^((?:\s|<[^>]+>)*)([^\W\d_])")


def capitalised(text: str) -> str:
    """A name shown at the start of a table cell or label: its first letter upper-case (`lecture` → `Lecture`).

    `text` may be a cell's HTML: tags and spaces before the first letter are passed over. Scripts without
    case (Chinese, Japanese) are unchanged.
    """
    return _FIRST_LETTER.sub(lambda m: m[1] + m[2].upper(), text, count=1)
