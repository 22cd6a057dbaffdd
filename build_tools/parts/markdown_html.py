"""Page bodies as HTML for the site and the PDF, rendered from the one reading (`markdown_reading.PARSER`).

The model is built from markdown-it's tokens; this renders the same tokens, so what the site and the
PDF show has the block structure the checks and the slides saw (a list under a paragraph line, an
ordered list from 3, an untitled question box are the same everywhere). It writes by allowlist: the
Markdown constructs the README documents, the allowed inline tags, `http`/`https`/`mailto` or relative
URLs, heading ids and the documented classes. Anything else (comments, other HTML, other attributes
or schemes) is never written; the checks report it with its line.

The output is well-formed XHTML (void tags closed, every tag balanced), so the PDF step can walk it
as an element tree. Named `markdown_html`, not `html`: a module may never shadow a library's name.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

from markdown_it.token import Token

from build_tools.course import localise
from build_tools.course.diagrams import is_diagram, read_diagram
from build_tools.course.markdown_reading import (
    AUTHOR_CLASSES,
    FACILITATOR_KINDS,
    NOTE_KINDS,
    PARSER,
    abbr_title,
    allowed_tag,
    allowed_url,
    close_index,
    html_pieces,
    trailing_attributes,
)
from build_tools.course.model import Course
from build_tools.course.source import SourceLocation
from build_tools.parts.diagram_svg import diagram_svg

TRUSTED_OPEN, TRUSTED_CLOSE = "\ue000", "\ue001"
"""A paragraph that is exactly `TRUSTED_OPEN key TRUSTED_CLOSE` is replaced by the build's own HTML for `key`
(the lines under a session heading, the translation notice): the build's markup, not the author's."""
_TRUSTED = re.compile(f"{TRUSTED_OPEN}([\\w\\-]+){TRUSTED_CLOSE}")
_VOID = frozenset({"br"})
_ALIGN = re.compile(r"text-align:(left|right|center)")
_UNBROKEN_RUN = re.compile(r"[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]{30,}")
"""30 or more characters with nowhere to break a line (a web address, a long word; Chinese breaks between any
two characters): a table cell holding one is marked `long-words`, and the stylesheets let it break anywhere,
so the table stays on the page. Only such cells: breaking anywhere would change how other tables are laid out."""
_LANGUAGE = re.compile(r"[\w+\-]+")
_NOWHERE = SourceLocation(Path("."), 0)
"""Diagrams are read again here only to draw them: their problems were reported, with lines, by the loader."""


def slugify(text: str) -> str:
    """A heading id made from its text, as MkDocs' default (`toc` slugify) makes it: ASCII letters and digits.

    Chinese headings give an empty slug; `unique` then numbers them (`_1`, `_2`), as the site always did.
    """
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def unique(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted_1`, `wanted_2`, … when it is taken or empty."""
    candidate = wanted
    while candidate in taken or not candidate:
        numbered = re.fullmatch(r"(.*)_([0-9]+)", candidate)
        candidate = f"{numbered[1]}_{int(numbered[2]) + 1}" if numbered else f"{candidate}_1"
    return candidate


def trusted_slot(key: str) -> str:
    """The paragraph that stands for the build's HTML `key` in Markdown handed to `render`."""
    return f"{TRUSTED_OPEN}{key}{TRUSTED_CLOSE}"


def without_slots(text: str) -> str:
    """Author text with the two slot characters removed, so no author can stand in for the build's HTML."""
    return text.replace(TRUSTED_OPEN, "").replace(TRUSTED_CLOSE, "")


@dataclass(frozen=True)
class HeadingAnchor:
    """A heading of the rendered body, for a table of contents: level, id, its text (HTML-escaped)."""

    level: int
    id: str
    name: str
    children: list[HeadingAnchor] = field(default_factory=list)


@dataclass(frozen=True)
class RenderedHtml:
    """A body's HTML and its headings nested as a table of contents."""

    html: str
    toc: tuple[HeadingAnchor, ...]


@dataclass(frozen=True)
class RenderOptions:
    """How one output wants a body: permalinks beside headings, links pointed at its own URLs, editions."""

    permalink_title: str | None = None
    link: Callable[[str], str] | None = None  # a relative href (as written) → the output's href
    participant: bool = False  # leave facilitator boxes out even if their lines were not blanked
    trusted: Mapping[str, str] = field(default_factory=dict)


class _KeptHtml:
    """HTML of fragments this process rendered, by `MarkdownConverter._key`: kept only once `remember_html` was
    called (by `check`, which keeps them between runs, so an edit converts only the text it changed)."""

    def __init__(self) -> None:
        self.on = False
        self.html: dict[str, str] = {}


_KEPT = _KeptHtml()


def remember_html(kept: dict[str, str]) -> None:
    """Keep every fragment rendered from now on, and take `kept` (from `known_html`) as rendered."""
    _KEPT.on = True
    _KEPT.html.update(kept)


def known_html(since: int = 0) -> dict[str, str]:
    """The fragments kept, from the `since`-th on (a count taken earlier: what was added since)."""
    return dict(itertools.islice(_KEPT.html.items(), since, None))


class MarkdownConverter:
    """Renders Markdown of one language of a course; untitled boxes get that language's titles."""

    def __init__(self, course: Course, language: str | None = None):
        code = language or course.default_language.code
        self._title = lambda kind: localise.box_title(course, code, kind)
        self._titles = lambda: (sorted(course.admonition_titles.get(code, {}).items()),
                                localise.word(course, code, "slide_discussion"))

    def render(self, text: str, options: RenderOptions | None = None) -> RenderedHtml:
        """The HTML of a page body (or a fragment) and its table of contents."""
        writer = _Writer(self._title, options or RenderOptions())
        writer.blocks(PARSER.parse(text))
        return RenderedHtml("".join(writer.out).rstrip("\n"), _nest(writer.headings))

    def to_html(self, text: str, options: RenderOptions | None = None) -> str:
        """HTML of a Markdown fragment (taken from `remember_html`'s fragments when they are kept)."""
        options = options or RenderOptions()
        if not _KEPT.on or options.link is not None or options.trusted:  # a rewriter function cannot be keyed
            return self.render(text, options).html
        key = self._key(text, options)
        if key not in _KEPT.html:
            _KEPT.html[key] = self.render(text, options).html
        return _KEPT.html[key]

    def _key(self, text: str, options: RenderOptions) -> str:
        """All a fragment's HTML is made from besides the code (`check` keeps it per toolchain): its text, the
        options and the titles of untitled boxes (`localise.box_title`)."""
        made_of = repr((text, options.participant, options.permalink_title, self._titles()))
        return hashlib.sha256(made_of.encode()).hexdigest()

    def to_element(self, text: str, options: RenderOptions | None = None) -> ElementTree.Element:
        """The fragment's HTML as an element tree under a `<div>`, for renderers that walk structure."""
        return ElementTree.fromstring(f"<div>{self.to_html(text, options)}</div>")


def _nest(flat: Sequence[HeadingAnchor]) -> tuple[HeadingAnchor, ...]:
    """Headings as a tree: each under the nearest earlier heading of a higher level."""
    roots: list[HeadingAnchor] = []
    stack: list[HeadingAnchor] = []
    for heading in flat:
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(heading)
        stack.append(heading)
    return tuple(roots)


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _text(value: str) -> str:
    return html.escape(value, quote=False)


class _Writer:
    """Walks block tokens and writes HTML for the constructs it knows; unknown tokens write nothing."""

    def __init__(self, title: Callable[[str], str], options: RenderOptions):
        self.title, self.options = title, options
        self.out: list[str] = []
        self.headings: list[HeadingAnchor] = []
        self.ids: set[str] = set()

    def blocks(self, tokens: Sequence[Token]) -> None:
        index = 0
        while index < len(tokens):
            index = self.block(tokens, index)

    def block(self, tokens: Sequence[Token], index: int) -> int:
        """Write the block starting at `index`; the index after it."""
        token = tokens[index]
        kind = token.type
        if kind == "heading_open":
            self.heading(token, tokens[index + 1])
            return index + 3
        if kind == "paragraph_open":
            self.paragraph(token, tokens[index + 1])
            return index + 3
        if kind == "admonition_open":
            return self.admonition(tokens, index)
        if kind == "fence" and is_diagram(token.info):
            diagram = read_diagram(token.info, token.content, _NOWHERE, [])  # the checks report its problems
            if diagram is not None:
                ident = unique("diagram-figure", self.ids)
                self.ids.add(ident)
                self.out.append(diagram_svg(diagram, ident))
                return index + 1
        if kind in ("fence", "code_block"):
            language = token.info.strip().split(" ")[0] if token.info else ""
            css = f' class="language-{language}"' if language and _LANGUAGE.fullmatch(language) else ""
            self.out.append(f"<pre><code{css}>{_text(token.content)}</code></pre>\n")
        elif kind == "html_block":
            inline = _Inline(self.options).raw(token.content)
            if inline.strip():
                self.out.append(f"<p>{inline}</p>\n")
        elif kind == "hr":
            self.out.append("<hr />\n")
        elif kind == "inline":
            self.out.append(_Inline(self.options).render(token.children or ()))
        elif kind == "ordered_list_open":
            start = int(token.attrs.get("start", 1) or 1)
            self.out.append(f'<ol start="{start}">\n' if start != 1 else "<ol>\n")
        elif kind in ("th_open", "td_open"):
            align = _ALIGN.fullmatch(str(token.attrs.get("style", "")))
            style = f' style="text-align: {align[1]};"' if align else ""
            cell = tokens[index + 1] if index + 1 < len(tokens) else None
            shown = "".join(child.content for child in (cell.children or ()) if child.type in ("text", "code_inline")
                            ) if cell is not None else ""  # the words a reader sees, not a link's address
            wide = ' class="long-words"' if _UNBROKEN_RUN.search(shown) else ""
            self.out.append(f"<{token.tag}{wide}{style}>")
        elif token.nesting == 1 and kind in _CONTAINERS:
            self.out.append(f"<{token.tag}>" + ("" if kind == "list_item_open" else "\n"))
        elif token.nesting == -1 and kind in _CLOSERS:
            self.out.append(f"</{token.tag}>\n")
        return index + 1

    def paragraph(self, token: Token, inline: Token) -> None:
        trusted = _TRUSTED.fullmatch(inline.content.strip())
        if trusted and trusted[1] in self.options.trusted:
            self.out.append(self.options.trusted[trusted[1]] + "\n\n")
            return
        body = _Inline(self.options).render(inline.children or ())
        self.out.append(body if token.hidden else f"<p>{body}</p>\n")

    def heading(self, token: Token, inline: Token) -> None:
        children = list(inline.children or ())
        attributes = None
        if children and children[-1].type == "text":
            stripped, attributes = trailing_attributes(children[-1].content)
            if attributes is not None:
                last = Token("text", "", 0)
                last.content = stripped.rstrip().rstrip("#").rstrip()
                children[-1] = last
        inner = _Inline(self.options).render(children).strip()
        plain = _plain(children).strip()
        wanted = attributes.id if attributes is not None and attributes.id else slugify(plain)
        heading_id = unique(wanted, self.ids)
        self.ids.add(heading_id)
        classes = [c for c in (attributes.classes if attributes else ()) if c in AUTHOR_CLASSES]
        css = f' class="{" ".join(classes)}"' if classes else ""
        permalink = ""
        if self.options.permalink_title is not None:
            permalink = (f'<a class="headerlink" href="#{_attr(heading_id)}" '
                         f'title="{_attr(self.options.permalink_title)}">&para;</a>')
        self.out.append(f'<{token.tag}{css} id="{_attr(heading_id)}">{inner}{permalink}</{token.tag}>\n')
        self.headings.append(HeadingAnchor(int(token.tag[1]), heading_id, _text(plain)))

    def admonition(self, tokens: Sequence[Token], index: int) -> int:
        token = tokens[index]
        close = close_index(tokens, index)
        kind = str(token.meta.get("tag", "")).lower()
        if kind in FACILITATOR_KINDS and self.options.participant:
            return close + 1
        css = kind if kind in NOTE_KINDS or kind in FACILITATOR_KINDS else "note"
        self.out.append(f'<div class="admonition {css}">\n')
        body = index + 1
        if body < close and tokens[body].type == "admonition_title_open":
            inline = tokens[body + 1]
            titled = token.info.count('"') >= 2
            title = (_Inline(self.options).render(inline.children or ()) if titled
                     else _text(self.title(kind)))
            self.out.append(f'<p class="admonition-title">{title}</p>\n')
            body += 3
        self.blocks(tokens[body:close])
        self.out.append("</div>\n")
        return close + 1


_CONTAINERS = frozenset({"bullet_list_open", "list_item_open", "blockquote_open", "table_open", "thead_open",
                         "tbody_open", "tr_open"})
_CLOSERS = frozenset({"bullet_list_close", "ordered_list_close", "list_item_close", "blockquote_close",
                      "table_close", "thead_close", "tbody_close", "tr_close", "th_close", "td_close"})


def _plain(children: Sequence[Token]) -> str:
    return "".join(c.content for c in children if c.type in ("text", "code_inline"))


class _Inline:
    """Writes one inline run with a stack of open tags, so that every tag closes in order."""

    def __init__(self, options: RenderOptions):
        self.options = options
        self.out: list[str] = []
        self.stack: list[str] = []

    def render(self, children: Sequence[Token]) -> str:
        for child in children:
            self.child(child)
        self.close_to(None)
        return "".join(self.out)

    def raw(self, text: str) -> str:
        """Raw HTML from the source: the allowed inline marks, and the rest as text (no tag, no comment)."""
        self.html(text, as_text=True)
        self.close_to(None)
        return "".join(self.out)

    def open(self, tag: str, attributes: str = "") -> None:
        self.out.append(f"<{tag}{attributes}>")
        self.stack.append(tag)

    def close_to(self, tag: str | None) -> None:
        """Close open tags down to (and including) `tag`; all of them for None."""
        if tag is not None and tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            self.out.append(f"</{top}>")
            if top == tag:
                return

    def child(self, child: Token) -> None:
        kind = child.type
        if kind == "text":
            self.out.append(_text(child.content))
        elif kind == "softbreak":
            self.out.append("\n")
        elif kind == "hardbreak":
            self.out.append("<br />\n")
        elif kind == "code_inline":
            self.out.append(f"<code>{_text(child.content)}</code>")
        elif kind in ("em_open", "strong_open"):
            self.open(child.tag)
        elif kind in ("em_close", "strong_close"):
            self.close_to(child.tag)
        elif kind == "link_open":
            self.link(child)
        elif kind == "link_close":
            self.close_to("a") if "a" in self.stack else self.close_to("span")
        elif kind == "image":
            self.image(child)
        elif kind == "html_inline":
            self.html(child.content, as_text=False)

    def link(self, child: Token) -> None:
        href = str(child.attrs.get("href", ""))
        if not allowed_url(href):
            self.open("span")
            return
        if self.options.link is not None and not urlsplit(href).scheme:  # a path inside docs/, not a web address
            href = self.options.link(href)
        title = child.attrs.get("title")
        self.open("a", f' href="{_attr(href)}"' + (f' title="{_attr(str(title))}"' if title else ""))

    def image(self, child: Token) -> None:
        src = str(child.attrs.get("src", ""))
        alt = _plain(child.children or ())
        if not allowed_url(src):  # a web address stays, for the checks and the PDF step to refuse by name
            self.out.append(_text(alt))
            return
        if self.options.link is not None:
            src = self.options.link(src)
        title = child.attrs.get("title")
        extra = f' title="{_attr(str(title))}"' if title else ""
        self.out.append(f'<img alt="{_attr(alt)}" src="{_attr(src)}"{extra} />')

    def html(self, text: str, as_text: bool) -> None:
        for piece in html_pieces(text):
            if piece.kind == "text":
                self.out.append(_text(piece.text) if as_text else "")
            elif not allowed_tag(piece):
                continue
            elif piece.closing:
                if self.stack and self.stack[-1] == piece.name:
                    self.close_to(piece.name)
            elif piece.name in _VOID:
                self.out.append(f"<{piece.name} />")
            elif piece.name == "abbr" and piece.attributes:
                self.open("abbr", f' title="{_attr(html.unescape(abbr_title(piece)))}"')
            else:
                self.open(piece.name)
