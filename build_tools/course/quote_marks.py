"""The typographic quote marks (`course.quotes` sets them in a page's words) and their fold back to straight ones.

Apart from `course.quotes`, which needs markdown-it, so that a check that reads everything from its cache
(`pipeline.check_cache`) can compare words without loading the Markdown parser.
"""

from __future__ import annotations

OPEN_DOUBLE, CLOSE_DOUBLE, OPEN_SINGLE, CLOSE_SINGLE = "\u201c", "\u201d", "\u2018", "\u2019"
APOSTROPHE = CLOSE_SINGLE
TYPOGRAPHIC = str.maketrans({OPEN_DOUBLE: '"', CLOSE_DOUBLE: '"', OPEN_SINGLE: "'", CLOSE_SINGLE: "'"})
"""`text.translate(TYPOGRAPHIC)`: quotes folded back to straight ones, to compare words whatever their quotes."""


def straight(text: str) -> str:
    """`text` with typographic quotes as straight ones (glossary terms match however they were typed)."""
    return text.translate(TYPOGRAPHIC)
