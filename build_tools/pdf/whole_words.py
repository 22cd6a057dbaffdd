"""Chinese words kept whole on paper: lines break only between words, never inside one.

The characters of every word (as jieba cuts it, `parts.chinese_words`) are joined by WORD JOINERs
(U+2060, invisible, not extracted as text), so WeasyPrint breaks lines only between words, and a text's
last character never stands alone on its line with its full stop. Joiners, not one span per word: a span
per word made the layout of a Chinese guide 35 % slower. Used on table cells, materials entries and the
template's generated tables.
"""

from __future__ import annotations

import itertools
import re
from xml.etree import ElementTree

from markupsafe import Markup

from build_tools.parts.chinese_words import cut
from build_tools.pdf.elements import inner_html

_CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: Punctuation that may not start a line: it stays with the word before it.
_CLOSING = frozenset("，。、；：！？）》」』”’…·,.;:!?)")
#: Punctuation a text's last character holds on to, with the piece before it ("积极反馈（儒）").
_PUNCTUATION = _CLOSING | frozenset("（《「『“‘(")
_CODE = frozenset({"code", "pre", "kbd", "samp"})
WORD_JOINER = "\u2060"


def chinese_words(text: str) -> list[str]:
    """`text` cut into words as jieba cuts it (the site's search and the slides cut Chinese the same way)."""
    return cut(text) if _CHINESE.search(text) else [text]


def _is_word(token: str) -> bool:
    """A Chinese word of two or more characters: a line may not break inside it."""
    return len(token) >= 2 and all(_CHINESE.match(character) for character in token)


def _cjk(text: str) -> int:
    return sum(1 for character in text if _CHINESE.match(character))


#: A bracketed aside this short ("（明、聽、儒）", "（分）") is one unbreakable piece: never split, never left open.
_BRACKETED_MAX = 8


def _bracketed(pieces: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Pieces with each short bracketed aside, from "（" to "）", merged into one unbreakable piece."""
    merged: list[tuple[str, bool]] = []
    index = 0
    while index < len(pieces):
        if pieces[index][0] == "（":
            close = next((end for end in range(index + 1, len(pieces)) if pieces[end][0] in ("）", "（")), None)
            if close is not None and pieces[close][0] == "）":
                group = "".join(token for token, _ in pieces[index : close + 1])
                if len(group) <= _BRACKETED_MAX and not any(c.isspace() for c in group):
                    merged.append((group, True))
                    index = close + 1
                    continue
        merged.append(pieces[index])
        index += 1
    return merged


def _pieces(text: str, last: bool) -> list[tuple[str, bool]]:
    """(text, unbreakable) pieces of a text; in the cell's last text, its last character never stands alone."""
    pieces = _bracketed([(token, _is_word(token)) for token in chinese_words(text)])
    if not last:
        return pieces
    end = len(pieces)
    while end and all(character in _CLOSING or character.isspace() for character in pieces[end - 1][0]):
        end -= 1
    if not end or not _cjk(pieces[end - 1][0]):
        return pieces
    start = end - 1
    if _cjk(pieces[start][0]) == 1:
        # A last character alone holds on to the piece before it, across punctuation: "3周", "聽、儒）", "反馈（儒）".
        while start and pieces[start - 1][0] and all(c in _PUNCTUATION for c in pieces[start - 1][0]):
            start -= 1
        if start and not pieces[start - 1][0].isspace():
            start -= 1
    tail = "".join(token for token, _ in pieces[start:])
    return [*pieces[:start], (tail.rstrip(), True), *([(" ", False)] if tail != tail.rstrip() else [])]


_JOINED: dict[tuple[str, bool], str] = {}
"""`_joined`'s results by (text, last) in this process (it depends on the text alone, as a cut does); `check`
keeps them between runs (`known_joins`, `remember_joins`), so an edit joins only the texts it changed."""


def known_joins(since: int = 0) -> dict[tuple[str, bool], str]:
    """The joined texts this process knows, from the `since`-th on (a count taken earlier: what was added since)."""
    return dict(itertools.islice(_JOINED.items(), since, None))


def remember_joins(joins: dict[tuple[str, bool], str]) -> None:
    """Take texts joined by another process (`check`'s cache, a worker) as this process's own."""
    _JOINED.update(joins)


def _joined(text: str | None, last: bool) -> str | None:
    """The text with the characters of each unbreakable piece held together by word joiners."""
    if not text or not _CHINESE.search(text) or WORD_JOINER in text:
        return text
    joined = _JOINED.get((text, last))
    if joined is None:
        joined = _JOINED[(text, last)] = "".join(WORD_JOINER.join(piece) if unbreakable else piece
                                                 for piece, unbreakable in _pieces(text, last))
    return joined


def _last_text(element: ElementTree.Element) -> tuple[ElementTree.Element, str] | None:
    """The element and slot ("text" or "tail") of the last Chinese text inside `element`, in reading order."""
    found: tuple[ElementTree.Element, str] | None = None
    if element.text and _CHINESE.search(element.text):
        found = (element, "text")
    for child in element:
        if child.tag not in _CODE:
            found = _last_text(child) or found
        if child.tail and _CHINESE.search(child.tail):
            found = (child, "tail")
    return found


def _wrap_words(element: ElementTree.Element, last: tuple[ElementTree.Element, str] | None) -> None:
    if element.tag in _CODE:
        return
    element.text = _joined(element.text, last == (element, "text"))
    for child in element:
        _wrap_words(child, last)
        child.tail = _joined(child.tail, last == (child, "tail"))


def keep_words_whole(element: ElementTree.Element) -> None:
    """Hold each Chinese word inside `element` together; the last two characters hold together too."""
    _wrap_words(element, _last_text(element))


def words_html(text: str) -> Markup:
    """A plain string as HTML with its Chinese words unbreakable (for the template's generated tables)."""
    holder = ElementTree.Element("span")
    holder.text = text
    keep_words_whole(holder)
    return inner_html(holder)
