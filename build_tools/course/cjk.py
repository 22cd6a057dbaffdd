"""Which characters are Chinese, Japanese or Korean: one table of Unicode ranges, named by what each use needs.

The outputs ask different questions of the same script, so each subset is named for its question; all
of them are written here once.
"""

from __future__ import annotations

import re

Ranges = tuple[tuple[int, int], ...]

NO_LINE_START = frozenset("，。、；：！？）》」』】〕〉〗〙〛”’…—·%,.;:!?)]}»％/／")
"""Closing punctuation: never the first character of a line (the decks' and the diagrams' line breaking)."""
NO_LINE_END = frozenset("（《「『【〔〈〖〘〚“‘([{«")
"""Opening punctuation: never the last character of a line."""

HAN: Ranges = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
"""Han ideographs (extension A, the unified block, compatibility ideographs): where a table may break Chinese."""

NO_SPACE_BETWEEN_LINES: Ranges = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF), (0x3000, 0x303F))
"""CJK radicals to ideographs, compatibility ideographs, full-width forms and CJK punctuation: a source line
break next to one of these joins the lines without a space."""

EAST_ASIAN_FONT: Ranges = (
    (0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3040, 0x30FF), (0x3100, 0x31FF), (0x3200, 0x4DBF),
    (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x3FFFF),
)
"""Han characters, kana and full-width forms: drawn by the East Asian font and breakable anywhere on a slide."""


def character_class(ranges: Ranges) -> str:
    """A regular-expression character class of the ranges (`[\\u3400-\\u4dbf…]`)."""
    return "[" + "".join(f"{_escaped(low)}-{_escaped(high)}" for low, high in ranges) + "]"


def in_ranges(char: str, ranges: Ranges) -> bool:
    """True when the character's code point is in one of the ranges."""
    code = ord(char)
    return any(low <= code <= high for low, high in ranges)


def _escaped(code: int) -> str:
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


HAN_RUN = re.compile(character_class(HAN) + "+")
"""One or more Han ideographs."""
