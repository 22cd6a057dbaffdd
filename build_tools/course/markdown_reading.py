"""The one reading of course Markdown: the parser and the allowlists every reader and renderer shares.

`page_parser` builds the model with `PARSER`; `markdown_html` renders page bodies for the site and the PDF
with the same parser, so both see one block structure. What an author may write beyond plain
Markdown (attributes, URL schemes, raw HTML tags) is decided here once: the checks report anything
else with its line, and the renderer never emits it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin

from build_tools.course.quotes import typographic_quotes

MAX_NESTING = 12
"""Deepest list or block nesting a page may have: deeper is a mistake, and it would exhaust the renderers."""

AUTHOR_CLASSES = ("facilitator-only", "participant-only")
"""Classes an author may put on a heading (README, 'Sections for one edition')."""
SESSION_ATTRIBUTES = ("minutes", "method")
"""`key=value` attributes a heading may carry: a session's timing, read by the model, never published."""
URL_SCHEMES = ("http", "https", "mailto")
"""Schemes a link may use; anything else must be a relative path inside docs/."""
ALLOWED_HTML_TAGS = ("br", "sup", "sub", "kbd", "mark", "small", "abbr")
"""Raw HTML a page may use (README, 'Raw HTML'): small inline marks that every output can show safely."""
NOTE_KINDS = ("question", "note", "abstract", "info", "tip", "success", "warning", "failure", "danger", "bug",
              "example", "quote")
"""Admonition kinds participants see: Material styles each of them."""
FACILITATOR_KINDS = ("trainer", "materials")
"""Admonition kinds for facilitators only."""

ATTR_BLOCK = re.compile(r"\s*\{:?\s*([^{}]*)\}\s*$")
ATTR_TOKEN = re.compile(r"""#([\w\-:.]+)|\.([\w\-]+)|([\w\-]+)=(?:"([^"]*)"|'([^']*)'|(\S+))""")
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def _parser() -> MarkdownIt:
    """CommonMark plus tables and `!!!` admonitions, with typographic quotes; every link is read as a link,
    whatever its scheme.

    markdown-it's own link validation turns `[x](javascript:…)` into plain text, which would hide it from
    the URL check; here every destination stays a link, the check reports a scheme outside `URL_SCHEMES`,
    and the renderer never writes it.
    """
    # markdown-it silently drops the rest of a page past `maxNesting` token levels (20 by default: ten list
    # levels); a list item is two levels, so room for MAX_NESTING lists inside quotes and admonitions
    parser = MarkdownIt("commonmark", {"html": True, "maxNesting": 4 * MAX_NESTING}).enable("table").use(admon_plugin)
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    # straight quotes in the words become typographic ones, once, for every reader (`quotes`); before
    # text_join, so backslash escapes and entities stay as written
    parser.core.ruler.after("inline", "typographic_quotes", typographic_quotes)
    return parser


PARSER = _parser()


def close_index(tokens: Sequence[Token], index: int) -> int:
    """Index of the token that closes the one at `index` (itself for single tokens)."""
    if tokens[index].nesting != 1:
        return index
    level = 0
    for position in range(index, len(tokens)):
        level += tokens[position].nesting
        if level == 0:
            return position
    return len(tokens) - 1


@dataclass(frozen=True)
class Attributes:
    """An attribute list `{#id .class key=value}` split into what it holds, with what is not allowed."""

    id: str | None
    classes: tuple[str, ...]
    values: dict[str, str]

    @property
    def unknown_classes(self) -> tuple[str, ...]:
        """Classes an author may not use."""
        return tuple(c for c in self.classes if c not in AUTHOR_CLASSES)

    @property
    def unknown_keys(self) -> tuple[str, ...]:
        """`key=value` names an author may not use (event handlers, style, …)."""
        return tuple(k for k in self.values if k not in SESSION_ATTRIBUTES)


def parse_attributes(text: str) -> Attributes:
    """The pieces of an attribute list's inside, such as `#id .facilitator-only minutes=15 method=讲授`."""
    heading_id: str | None = None
    classes: list[str] = []
    values: dict[str, str] = {}
    for match in ATTR_TOKEN.finditer(text):
        if match[1]:
            heading_id = match[1]
        elif match[2]:
            classes.append(match[2])
        elif match[3]:
            values[match[3]] = next(v for v in match.groups()[3:] if v is not None)
    leftover = ATTR_TOKEN.sub("", text).strip()
    if leftover:
        values.setdefault(leftover.split()[0], "")
    return Attributes(heading_id, tuple(classes), values)


def trailing_attributes(text: str) -> tuple[str, Attributes | None]:
    """(text without it, attributes) when `text` ends with an attribute list, else (text, None)."""
    match = ATTR_BLOCK.search(text)
    if not match or not match[1].strip():
        return text, None
    return text[: match.start()], parse_attributes(match[1])


def allowed_url(url: str) -> bool:
    """True for `http`, `https` and `mailto` addresses and for relative paths (any letter case)."""
    cleaned = "".join(ch for ch in url if ch > " " and ch != "\x7f")
    if cleaned.startswith(("//", "\\", "/\\")):
        return False
    try:
        scheme = urlsplit(cleaned).scheme
    except ValueError:
        return False
    return not scheme or scheme.lower() in URL_SCHEMES


def unfold_lookalike(line: str) -> str:
    """A line as it reads, for spotting near misses: full-width forms folded (`！！！` → `!!!`), invisible
    characters removed, no-break and ideographic spaces as spaces."""
    return unicodedata.normalize("NFKC", _INVISIBLE.sub("", line)).replace("\u00a0", " ")


@dataclass(frozen=True)
class HtmlPiece:
    """A piece of raw HTML as a browser reads it: a comment, a tag (with name and attributes) or text."""

    kind: str  # "comment", "tag" or "text"
    text: str
    name: str = ""
    closing: bool = False
    attributes: str = ""


_TAG = re.compile(r"<(/?)([A-Za-z][\w\-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.DOTALL)
_COMMENT_END = re.compile(r"--!?>")


def html_pieces(text: str) -> Iterator[HtmlPiece]:
    """Split raw HTML the way a browser does: a comment ends at the first `-->` (or at once, for `<!-->`
    and `<!--->`), so text a regex would take for a comment is seen as the tags it is."""
    position = 0
    while position < len(text):
        start = text.find("<", position)
        if start < 0:
            yield HtmlPiece("text", text[position:])
            return
        if start > position:
            yield HtmlPiece("text", text[position:start])
        if text.startswith("<!--", start):
            body = start + 4
            if text.startswith(">", body) or text.startswith("->", body):
                end = text.index(">", body) + 1
            else:
                found = _COMMENT_END.search(text, body)
                end = found.end() if found else len(text)
            yield HtmlPiece("comment", text[start:end])
            position = end
            continue
        tag = _TAG.match(text, start)
        if tag:
            yield HtmlPiece("tag", tag[0], tag[2].lower(), bool(tag[1]), tag[3].strip().rstrip("/").strip())
            position = tag.end()
        elif text.startswith(("<!", "<?"), start) or text.startswith("</", start):
            end = text.find(">", start)
            end = len(text) if end < 0 else end + 1
            yield HtmlPiece("tag", text[start:end], "!" if text[start + 1] in "!?" else "/")
            position = end
        else:
            yield HtmlPiece("text", "<")
            position = start + 1


_ABBR_TITLE = re.compile(r'title="([^"<>]*)"')


def allowed_tag(piece: HtmlPiece) -> bool:
    """An allowed inline mark without attributes (only `<abbr title="…">` has one)."""
    if piece.kind != "tag" or piece.name not in ALLOWED_HTML_TAGS:
        return False
    if not piece.attributes or piece.closing:
        return True
    return piece.name == "abbr" and _ABBR_TITLE.fullmatch(piece.attributes) is not None


def abbr_title(piece: HtmlPiece) -> str:
    """The title of an allowed `<abbr title="…">`."""
    match = _ABBR_TITLE.fullmatch(piece.attributes)
    return match[1] if match else ""
