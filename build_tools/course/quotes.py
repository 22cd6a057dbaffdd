"""Typographic quotes: straight `"` and `'` in the words of a page become “ ” ‘ ’ (and ’ in don’t), once.

A markdown-it core rule on `markdown_reading.PARSER`, after inline parsing, so the model, the site, the PDFs
and the decks all read the same words. It changes only `text` tokens: code spans and blocks, raw HTML, link
destinations, backslash escapes (`\\"` stays straight) and entities are other tokens and stay as written, so
does text that looks like a tag, and an attribute list at the end of a heading or paragraph
(`{#id method="group discussion"}`) is set aside first. What the model keeps as written (a heading's
Markdown, a block's source) is untouched, so the translation records, which hash the source, do not change;
`shown_title` gives a heading's words as shown.

The pairing follows markdown-it's own `smartquotes` rule (MIT licence), with one change: a Chinese or
Japanese character beside a quote counts as punctuation, so `他说"你好"。` gets “你好” although no space
separates the quote from the words (Chinese uses the same “ ” characters).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token

from build_tools.course.cjk import EAST_ASIAN_FONT, in_ranges
from build_tools.course.quote_marks import APOSTROPHE, CLOSE_DOUBLE, CLOSE_SINGLE, OPEN_DOUBLE, OPEN_SINGLE

STRAIGHT = re.compile(r"['\"]")

_TAG_LIKE = re.compile(r"<[A-Za-z/!?][^<>]*>?")
"""Text that looks like a tag (`<abbr title="x"onclick=…>`, not a CommonMark tag, so markdown-it keeps it as
text): its quotes stay as written, for the raw-HTML check reads them (`inline_reader.note_raw_html`)."""
_ATTR_TAIL = re.compile(r"\s*\{:?\s*[^{}]*\}\s*$")


@dataclass
class _Open:
    token: int
    pos: int
    single: bool
    level: int


def typographic(text: str) -> str:
    """Plain text (a diagram's labels: words, not Markdown) with typographic quotes, as the pages' words get."""
    if not STRAIGHT.search(text):
        return text
    token = Token("text", "", 0)
    token.content = text
    _pair([token])
    return token.content


def typographic_quotes(state: StateCore) -> None:
    """The core rule: every inline token's `text` children get typographic quotes."""
    for token in state.tokens:
        if token.type == "inline" and token.children and STRAIGHT.search(token.content):
            convert(token.children)


def convert(children: list[Token]) -> None:
    """Turn the straight quotes of `children`'s text tokens into typographic ones, in place; a trailing
    attribute list (what `trailing_attributes` reads from the last text child) is left exactly as written."""
    tail = ""
    last = children[-1] if children else None
    if last is not None and last.type == "text":
        last.content, tail = _without_tail(last.content)
    try:
        _pair(children)
    finally:
        if tail and last is not None:
            last.content += tail


def _is_punct(code: int | None) -> bool:
    if code is None:
        return False
    char = chr(code)
    return isMdAsciiPunct(code) or isPunctChar(char) or in_ranges(char, EAST_ASIAN_FONT)


def _neighbour(tokens: Sequence[Token], index: int, step: int) -> int:
    """The character beside the edge of token `index` (a space at a line break or the end of the run)."""
    position = index + step
    while 0 <= position < len(tokens):
        token = tokens[position]
        if token.type in ("softbreak", "hardbreak"):
            break
        if token.content:
            return ord(token.content[-1 if step < 0 else 0])
        position += step
    return 0x20


def _replace(text: str, index: int, char: str) -> str:
    return text[:index] + char + text[index + 1 :]


def _pair(tokens: list[Token]) -> None:  # noqa: C901 - markdown-it's algorithm, kept in its shape
    stack: list[_Open] = []
    for i, token in enumerate(tokens):
        level = token.level
        while stack and stack[-1].level > level:
            _unclosed(tokens, stack.pop())
        if token.type != "text":
            continue
        pos = 0
        tag_like = [m.span() for m in _TAG_LIKE.finditer(token.content)] if "<" in token.content else []
        while True:
            found = STRAIGHT.search(token.content, pos)
            if not found:
                break
            at, single = found.start(), found.group() == "'"
            pos = at + 1
            if any(start <= at < end for start, end in tag_like):
                continue  # text a browser would read as a tag: the checks judge it as written
            text = token.content
            last = ord(text[at - 1]) if at > 0 else _neighbour(tokens, i, -1)
            following = ord(text[pos]) if pos < len(text) else _neighbour(tokens, i, 1)
            last_punct, next_punct = _is_punct(last), _is_punct(following)
            last_space, next_space = isWhiteSpace(last), isWhiteSpace(following)
            can_open = not next_space and not (next_punct and not (last_space or last_punct))
            can_close = not last_space and not (last_punct and not (next_space or next_punct))
            if following == 0x22 and not single and 0x30 <= last <= 0x39:
                can_open = can_close = False  # 1"" : an inch mark
            if can_open and can_close:  # foo-"-bar: a quote; foo"bar: neither
                can_open, can_close = last_punct, next_punct
            if not can_open and not can_close:
                if single:
                    token.content = _replace(text, at, APOSTROPHE)
                continue
            if can_close and _close(tokens, stack, i, at, single, level):
                continue
            if can_open:
                stack.append(_Open(i, at, single, level))
            elif single:
                token.content = _replace(text, at, APOSTROPHE)
    for item in stack:
        _unclosed(tokens, item)


def _unclosed(tokens: list[Token], item: _Open) -> None:
    """A quote that opened and never closed: `'90s` is an apostrophe; a `"` opens (a quotation that runs on
    into the next paragraph), so no straight quote is left where one could open."""
    tokens[item.token].content = _replace(tokens[item.token].content, item.pos,
                                          APOSTROPHE if item.single else OPEN_DOUBLE)


def _close(tokens: list[Token], stack: list[_Open], i: int, at: int, single: bool, level: int) -> bool:
    """Close the nearest open quote of the same kind at this level; False when there is none."""
    for j in range(len(stack) - 1, -1, -1):
        item = stack[j]
        if item.level < level:
            return False
        if item.single == single and item.level == level:
            opening, closing = (OPEN_SINGLE, CLOSE_SINGLE) if single else (OPEN_DOUBLE, CLOSE_DOUBLE)
            tokens[i].content = _replace(tokens[i].content, at, closing)
            tokens[item.token].content = _replace(tokens[item.token].content, item.pos, opening)
            for inner in stack[j + 1 :]:
                _unclosed(tokens, inner)
            del stack[j:]
            return True
    return False


_QUOTES = "'\"\u2018\u2019\u201c\u201d"


def _without_tail(text: str) -> tuple[str, str]:
    """(text, "") or (text before its trailing attribute list, the list)."""
    match = _ATTR_TAIL.search(text)
    if match and match.group().strip("{}: \t\n"):
        return text[: match.start()], match.group()
    return text, ""


_KEPT_SOURCE = re.compile(r"(`+)[\s\S]*?\1|<[^>]*>|\]\([^)]*\)|&#?\w+;")


def shown_title(markdown: str, children: Sequence[Token]) -> str:
    """A heading's or box title's Markdown with the quotes its words show (the converted `children`).

    The quotes of the source outside code, raw HTML, link destinations and entities are the ones the text
    tokens hold, in the same order (an escaped `\\"` is a straight one in both); when the counts differ (an
    entity that is a quote), the Markdown stays as written.
    """
    words = [child.content for child in children if child.type == "text"]
    if words:
        words[-1] = _without_tail(words[-1])[0]
    shown = [char for text in words for char in text if char in _QUOTES]
    body, tail = _without_tail(markdown)
    kept = [m.span() for m in _KEPT_SOURCE.finditer(body)]
    positions = [at for at, char in enumerate(body) if char in _QUOTES
                 and not any(start <= at < end for start, end in kept)]
    if len(positions) != len(shown):
        return markdown
    chars = list(body)
    for at, char in zip(positions, shown, strict=True):
        chars[at] = char
    return "".join(chars) + tail
