"""The plain words of Markdown inline tokens: what a title, a key point or a table cell says, without marks.

Source line breaks become spaces, except beside Chinese or Japanese characters, where no space is written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it.token import Token

from build_tools.course.cjk import NO_SPACE_BETWEEN_LINES, character_class
from build_tools.course.markdown_reading import ATTR_BLOCK, html_pieces

_TERM_SEPARATORS = (":", "：")
_BREAK = "\x00"
_NO_SPACE = re.compile(character_class(NO_SPACE_BETWEEN_LINES))


def plain_children(children: Sequence[Token]) -> str:
    """The words of inline tokens (text and code; images and raw HTML say nothing), with their lines joined."""
    parts = []
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content if child.type != "html_inline" else "")
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(_BREAK)
        elif child.type == "image":
            parts.append("")
    return _join_lines("".join(parts))


def _join_lines(text: str) -> str:
    """Source line breaks become spaces, except between Chinese or Japanese characters (no spaces there)."""
    pieces = text.split(_BREAK)
    joined = pieces[0]
    for piece in pieces[1:]:
        left, right = joined.rstrip()[-1:], piece.lstrip()[:1]
        glue = "" if _NO_SPACE.match(left or " ") or _NO_SPACE.match(right or " ") else " "
        joined = joined.rstrip() + glue + piece.lstrip()
    return joined


def plain(inline: Token) -> str:
    """The words of an inline token, without Markdown marks, attribute lists or images."""
    text = plain_children(inline.children or ())
    return " ".join(ATTR_BLOCK.sub("", text).split()) if "{" in text else " ".join(text.split())


def term_and_explanation(inline: Token) -> tuple[str, str]:
    """`**term**: explanation` → (term, explanation); ("", text) for an item written otherwise."""
    children = [c for c in inline.children or () if not (c.type == "text" and not c.content)]
    if len(children) < 3 or children[0].type != "strong_open":
        return "", plain(inline)
    close = next((i for i, c in enumerate(children) if c.type == "strong_close"), None)
    if close is None:
        return "", plain(inline)
    term = " ".join(plain_children(children[1:close]).split())
    rest = " ".join(plain_children(children[close + 1 :]).split())
    if not rest.startswith(_TERM_SEPARATORS):
        return "", plain(inline)
    return term, rest[1:].strip()


def without_comments(text: str) -> str:
    """A title without HTML comments (authors' notes reach no output, titles on slides and in menus included)."""
    return "".join(piece.text for piece in html_pieces(text) if piece.kind != "comment") if "<!--" in text else text
