"""One page's Markdown → sections, blocks and list entries, each with its source line (the one structural
parse: markdown-it's tokens with their line maps, from `markdown_reading.PARSER`).

Inline tokens (links, images, raw HTML) are read by `inline_reader`; their words by `plain_text`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from markdown_it.token import Token

from build_tools.course.diagrams import is_diagram, read_diagram
from build_tools.course.front_matter import read_front_matter, read_kind
from build_tools.course.inline_reader import InlineReader
from build_tools.course.markdown_reading import (
    ATTR_BLOCK,
    MAX_NESTING,
    PARSER,
    close_index,
    parse_attributes,
)
from build_tools.course.model import Block, BlockKind, Box, Heading, ListItem, Page, RawHtml, Reference, Section
from build_tools.course.plain_text import plain, term_and_explanation, without_comments
from build_tools.course.problems import Problem
from build_tools.course.quotes import shown_title
from build_tools.course.source import SourceLocation

_MARKER = re.compile(r"^<!--\s*course:([\w\-]+)\s*-->\s*$")
_ADMONITION_KINDS = {"question": BlockKind.QUESTION, "trainer": BlockKind.TRAINER, "materials": BlockKind.MATERIALS}


def parse_page(text: str, source_path: Path, key: str, language: str, problems: list[Problem]) -> Page:
    """Parse one page's front matter and Markdown structure; problems go to `problems`."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    front_matter, body_start = read_front_matter(lines, source_path, problems)
    body = tuple(lines[body_start - 1 :])
    kind = read_kind(front_matter, body_start, source_path, problems)
    parser = PageParser(source_path, body, body_start, problems)
    sections = parser.sections()
    return Page(
        key=key,
        language=language,
        source_path=source_path,
        kind=kind,
        front_matter=front_matter,
        sections=sections,
        references=tuple(parser.inline.references),
        body_start_line=body_start,
        body_lines=body,
        raw_html=tuple(parser.inline.raw_html),
        boxes=tuple(parser.boxes),
    )


class PageParser:
    """Turns a page body's tokens into sections, blocks and list entries, each with its source line."""

    def __init__(self, source_path: Path, body: tuple[str, ...], first_line: int, problems: list[Problem]):
        self.path, self.body, self.first_line, self.problems = source_path, body, first_line, problems
        self.inline = InlineReader(source_path, problems)
        self.boxes: list[Box] = []

    def at(self, line_index: int) -> SourceLocation:
        """Location of a 0-based body line."""
        return SourceLocation(self.path, self.first_line + line_index)

    def sections(self) -> tuple[Section, ...]:
        """The page's sections: the lead (no heading) and one per heading."""
        text = "\n".join(self.body)
        deepest = _deepest_nesting(text)
        if deepest > MAX_NESTING:
            self.problems.append(Problem(self.at(deepest_line(self.body)), "block.too_deep",
                                         f"lists or blocks are nested {deepest} levels deep (at most {MAX_NESTING})"))
            # only the lines nested too deep are left out: the rest of the page is read as usual, so its
            # headings, sessions and links do not turn into follow-on problems
            text = "\n".join("" if _line_depth(line) > MAX_NESTING else line for line in self.body)
        tokens = PARSER.parse(text)
        sections: list[Section] = []
        heading: Heading | None = None
        blocks: list[Block] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.type == "heading_open":
                if heading is not None or blocks:
                    sections.append(Section(heading, tuple(blocks)))
                heading, blocks = self._heading(token, tokens[index + 1]), []
                index += 3
                continue
            end = close_index(tokens, index)
            block = self._block(tokens[index : end + 1], depth=0)
            if block is not None:
                blocks.append(block)
            index = end + 1
        if heading is not None or blocks:
            sections.append(Section(heading, tuple(blocks)))
        return tuple(sections)

    def _heading(self, token: Token, inline: Token) -> Heading:
        location = self.at(token.map[0] if token.map else 0)
        title = inline.content
        heading_id: str | None = None
        attrs: dict[str, str] = {}
        classes: tuple[str, ...] = ()
        attr_match = ATTR_BLOCK.search(title)
        if attr_match:
            attributes = parse_attributes(attr_match[1])
            heading_id, attrs, classes = attributes.id, dict(attributes.values), attributes.classes
            title = title[: attr_match.start()]
        written = without_comments(title).rstrip("# ").strip()
        self.inline.collect_references(inline, location)
        title = shown_title(written, inline.children or ())
        return Heading(int(token.tag[1]), title, heading_id, attrs, location, classes, written=written)

    def _source(self, token: Token) -> tuple[str, SourceLocation, int]:
        """The Markdown lines of a block token, its first line and its last line number."""
        start, end = token.map if token.map else (0, 1)
        while end > start + 1 and not self.body[end - 1].strip():
            end -= 1
        return "\n".join(self.body[start:end]), self.at(start), self.first_line + end - 1

    def _block(self, tokens: Sequence[Token], depth: int) -> Block | None:
        """One block from its tokens (open … close, or a single token)."""
        first = tokens[0]
        if first.type in ("heading_open",):
            return None
        markdown, source, end_line = self._source(first)
        if first.type == "paragraph_open":
            inline = tokens[1]
            references = self.inline.collect_references(inline, source)
            self.inline.note_inline_attributes(inline, source)
            return Block(BlockKind.PARAGRAPH, markdown, source, end_line, text=plain(inline),
                         references=references)
        if first.type in ("bullet_list_open", "ordered_list_open"):
            before = len(self.inline.references)
            items = self._list_items(tokens)
            return Block(BlockKind.LIST, markdown, source, end_line, items=items,
                         ordered=first.type == "ordered_list_open", references=tuple(self.inline.references[before:]))
        if first.type == "table_open":
            return self._table(tokens, markdown, source, end_line)
        if first.type == "fence" and is_diagram(first.info):
            diagram = read_diagram(first.info, first.content, source, self.problems)
            return Block(BlockKind.DIAGRAM, markdown, source, end_line, title=diagram.title if diagram else "",
                         diagram=diagram)
        if first.type in ("fence", "code_block"):
            return Block(BlockKind.CODE, markdown, source, end_line)
        if first.type == "html_block":
            marker = _MARKER.match(first.content.strip())
            if marker and depth == 0 and "\n" not in first.content.strip():
                return Block(BlockKind.MARKER, markdown, source, end_line, title=marker[1])
            self.inline.raw_html.append(RawHtml(first.content.strip(), source))
            return Block(BlockKind.HTML, markdown, source, end_line)
        if first.type == "hr":
            return Block(BlockKind.RULE, markdown, source, end_line)
        if first.type == "blockquote_open":
            children = self._children(tokens[1:-1], depth + 1)
            return Block(BlockKind.QUOTE, markdown, source, end_line, children=children,
                         references=tuple(r for c in children for r in c.references))
        if first.type == "admonition_open":
            return self._admonition(tokens, markdown, source, end_line, depth)
        return None

    def _table(self, tokens: Sequence[Token], markdown: str, source: SourceLocation, end_line: int) -> Block:
        before = len(self.inline.references)
        header: list[str] = []
        rows: list[tuple[int, list[str]]] = []
        in_body = False
        for token in tokens:
            if token.type == "tbody_open":
                in_body = True
            elif token.type == "tr_open" and in_body:
                rows.append((self.first_line + (token.map[0] if token.map else 0), []))
            elif token.type == "inline":
                self.inline.collect_references(token, self.at(token.map[0]) if token.map else source)
                (rows[-1][1] if in_body and rows else header).append(plain(token))
        return Block(BlockKind.TABLE, markdown, source, end_line, references=tuple(self.inline.references[before:]),
                     header=tuple(header), rows=tuple((line, tuple(cells)) for line, cells in rows))

    def _children(self, tokens: Sequence[Token], depth: int) -> tuple[Block, ...]:
        blocks = []
        index = 0
        while index < len(tokens):
            end = close_index(tokens, index)
            block = self._block(tokens[index : end + 1], depth)
            if block is not None:
                blocks.append(block)
            index = end + 1
        return tuple(blocks)

    def _admonition(self, tokens: Sequence[Token], markdown: str, source: SourceLocation, end_line: int,
                    depth: int) -> Block:
        first = tokens[0]
        spelling = self.body[first.map[0]] if first.map else ""
        tag = str(first.meta.get("tag", "")).lower()
        kind = _ADMONITION_KINDS.get(tag, BlockKind.NOTE)
        self.boxes.append(Box(tag, source))
        title_end = next(i for i, t in enumerate(tokens) if t.type == "admonition_title_close")
        children = self._children(tokens[title_end + 1 : -1], depth + 1)
        body_lines = markdown.split("\n")[1:]
        body = "\n".join(line[4:] if line.startswith("    ") else line.lstrip("\t") for line in body_lines)
        items = tuple(item for child in children if child.kind is BlockKind.LIST for item in child.items)
        title_inline = tokens[2] if len(tokens) > 2 and tokens[2].type == "inline" else None
        title = ""
        if title_inline is not None and first.info.count('"') >= 2:
            self.inline.collect_references(title_inline, source)  # raw HTML in a box title is checked like any other
            title = shown_title(without_comments(title_inline.content).strip(), title_inline.children or ())
        return Block(kind, body.strip("\n"), source, end_line, title=title,
                     items=items, children=children, spelling=spelling,
                     references=tuple(r for c in children for r in c.references),
                     text=" ".join(c.text for c in children if c.kind is BlockKind.PARAGRAPH))

    def _list_items(self, tokens: Sequence[Token]) -> tuple[ListItem, ...]:
        """The entries of one list (tokens from its open to its close)."""
        items = []
        index = 1
        number = int(tokens[0].attrs.get("start", 1) or 1) if tokens[0].type == "ordered_list_open" else None
        while index < len(tokens) - 1:
            end = close_index(tokens, index)
            items.append(self._list_item(tokens[index : end + 1], number))
            if number is not None:
                number += 1
            index = end + 1
        return tuple(items)

    def _list_item(self, tokens: Sequence[Token], number: int | None) -> ListItem:
        item_open = tokens[0]
        location = self.at(item_open.map[0] if item_open.map else 0)
        inner = tokens[1:-1]
        markdown, text, term, explanation = "", "", "", ""
        children: list[ListItem] = []
        references: list[Reference] = []
        extra = 0
        index = 0
        while index < len(inner):
            token = inner[index]
            end = close_index(inner, index)
            if token.type == "paragraph_open" and not text:
                inline = inner[index + 1]
                markdown = inline.content
                text = plain(inline)
                term, explanation = term_and_explanation(inline)
                self.inline.note_inline_attributes(inline, self.at(token.map[0]) if token.map else location)
                references += self.inline.collect_references(inline, self.at(token.map[0]) if token.map else location)
            elif token.type in ("bullet_list_open", "ordered_list_open"):
                children += self._list_items(inner[index : end + 1])
            else:
                extra += 1
                block = self._block(inner[index : end + 1], depth=1)
                if block is not None:
                    references += block.references
            index = end + 1
        return ListItem(markdown, text, location, term=term, explanation=explanation, number=number,
                        children=tuple(children), references=tuple(references), extra_blocks=extra)


def deepest_line(body: Sequence[str]) -> int:
    """The 0-based line nested deepest (where a runaway nesting is)."""
    return max(range(len(body)), key=lambda i: _line_depth(body[i]), default=0)


def _deepest_nesting(text: str) -> int:
    """Rough nesting depth of a text, measured before parsing (see `_line_depth`)."""
    return max((_line_depth(line) for line in text.split("\n")), default=0)


def _line_depth(line: str) -> int:
    """Rough nesting depth of one line: indentation in steps of 4 (or list markers) plus quote markers."""
    stripped = line.lstrip(" \t>")
    if not stripped:
        return 0
    prefix = line[: len(line) - len(stripped)]
    markers = len(re.findall(r"[-*+] (?=[-*+] )", stripped))  # `- - - x`: lists on one line
    quotes = prefix.count(">")
    spaces = len(re.sub(r"> ?", "", prefix).expandtabs(4))
    return quotes + spaces // 4 + markers
