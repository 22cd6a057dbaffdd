"""What the inline tokens of a page hold besides words: links and images, raw HTML, and attribute lists
written where the outputs would show them as text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from markdown_it.token import Token

from build_tools.course.model import RawHtml, Reference
from build_tools.course.plain_text import plain_children
from build_tools.course.problems import Problem
from build_tools.course.source import SourceLocation

_INLINE_ATTRIBUTES = re.compile(r"\{:\s*[^{}]*\}|(?:^|[)\s])\{\s*(?:[#.][\w\-]|[\w\-]+\s*=)[^{}]*\}"
                                r"|\{\s*(?:[#.][\w\-]|[\w\-]+\s*=)[^{}]*\}\s*$")
_TAG_LIKE = re.compile(r"<[A-Za-z][\w\-]*[\s/][^<>]*=[^<>]*>?")


class InlineReader:
    """Collects a page's links, images and raw HTML from its inline tokens, each with its line, in page order."""

    def __init__(self, source_path: Path, problems: list[Problem]):
        self.path, self.problems = source_path, problems
        self.references: list[Reference] = []
        self.raw_html: list[RawHtml] = []

    def collect_references(self, inline: Token, location: SourceLocation) -> tuple[Reference, ...]:
        """Links and images of an inline token, each on its own line (soft breaks counted)."""
        found: list[Reference] = []
        line = location.line
        link_stack: list[tuple[str, int, list[str]]] = []
        for child in inline.children or ():
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "image":
                found.append(Reference(str(child.attrs.get("src", "")), True, SourceLocation(self.path, line),
                                       plain_children(child.children or ())))
                self.note_raw_html(child.children or (), line)  # raw HTML in alt text
            elif child.type == "link_open":
                link_stack.append((str(child.attrs.get("href", "")), line, []))
            elif child.type == "link_close" and link_stack:
                href, start, words = link_stack.pop()
                found.append(Reference(href, False, SourceLocation(self.path, start), "".join(words)))
            elif child.type in ("text", "code_inline"):
                if link_stack:
                    link_stack[-1][2].append(child.content)
                if child.type == "text" and "<" in child.content:  # a link's words too
                    self.note_raw_html((child,), line)
            elif child.type == "html_inline":
                self.note_raw_html((child,), line)
                for match in re.finditer(r"""(?:src|href)\s*=\s*["']?([^"'\s>]+)""", child.content):
                    found.append(Reference(match[1], "src=" in match[0].replace(" ", ""),
                                           SourceLocation(self.path, line), in_raw_html=True))
        self.references.extend(found)
        return tuple(found)

    def note_raw_html(self, children: Sequence[Token], line: int) -> None:
        """Raw HTML among inline tokens for `check_raw_html`: tags, and text a browser would read as a tag.

        markdown-it keeps `<img/src=x onerror=…>` or `<abbr title="x"onclick=…>` as text (they are not
        CommonMark tags) and the outputs show them as text; a browser would read them as tags, so they are
        reported like the tags they look like.
        """
        for child in children:
            if child.type == "html_inline":
                self.raw_html.append(RawHtml(child.content, SourceLocation(self.path, line)))
            elif child.type == "text":
                for match in _TAG_LIKE.finditer(child.content):
                    self.raw_html.append(RawHtml(match[0], SourceLocation(self.path, line)))
            if child.type in ("softbreak", "hardbreak"):
                line += 1

    def note_inline_attributes(self, inline: Token, location: SourceLocation) -> None:
        """`{: …}` after a paragraph, link or image: only headings take attributes; here it would be text."""
        for offset, line in enumerate(inline.content.split("\n")):
            match = _INLINE_ATTRIBUTES.search(line)
            if match:
                shown = match[0].strip(")").strip()[:60]
                self.problems.append(Problem(SourceLocation(location.path, location.line + offset), "attr.not_allowed",
                                             f"'{shown}': attribute lists are read on headings only; here "
                                             "participants would see it as text"))
