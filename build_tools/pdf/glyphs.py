"""The checks a PDF's HTML gets before it is laid out: every character its fonts cannot draw, at the line of the
course source that holds it. No WeasyPrint here: `check` runs these without loading it."""

from __future__ import annotations

from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from itertools import chain

from build_tools.course.model import Block, Course, ListItem, Page
from build_tools.course.problems import BuildError, CourseError, Problem
from build_tools.course.source import SourceLocation
from build_tools.pdf.document import PdfDocument
from build_tools.pdf.fonts import code_font, missing_characters, text_font

_CODE_TAGS = frozenset({"code", "pre", "kbd", "samp"})


class _DrawnText(HTMLParser):
    """The text a document draws, split into body text and code (they use different fonts)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.code: list[str] = []
        self._hidden = 0
        self._code = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._hidden += tag in ("head", "style", "script")
        self._code += tag in _CODE_TAGS

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("head", "style", "script")
        self._code -= tag in _CODE_TAGS

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            (self.code if self._code else self.text).append(data)


def _item_nodes(item: ListItem) -> Iterator[tuple[str, SourceLocation]]:
    yield item.markdown, item.source
    for child in item.children:
        yield from _item_nodes(child)


def _block_nodes(block: Block) -> Iterator[tuple[str, SourceLocation]]:
    """(own text, line) of a block's smallest nodes first (list entries, table rows, inner blocks), then the
    block's whole Markdown for anything the smaller nodes do not hold (blocks inside a list entry)."""
    if block.title:
        yield block.title, block.source
    for item in block.items if not block.children else ():
        yield from _item_nodes(item)
    if block.header:
        yield " ".join(block.header), block.source
    for line, cells in block.rows:
        yield " ".join(cells), SourceLocation(block.source.path, line)
    for child in block.children:
        yield from _block_nodes(child)
    yield block.markdown, block.source


def _page_nodes(page: Page) -> Iterator[tuple[str, SourceLocation]]:
    """(own text, line) of every heading and block of a page, in page order."""
    for section in page.sections:
        if section.heading is not None:
            yield section.heading.title, section.heading.source
        for block in section.blocks:
            yield from _block_nodes(block)


def _settings_nodes(course: Course, language: str) -> Iterator[tuple[str, SourceLocation]]:
    """Text the document takes from docs/course.yml: title, subtitle, audience, author, methods, words."""
    settings = course.settings
    if settings is None:
        return
    for key in ("title", "subtitle", "audience", "author"):
        yield getattr(settings, key)[language], settings.where(key)
    for method in settings.methods:
        yield method.label(language), settings.where("methods")
    for word in course.words.get(language, {}).values():
        yield word, settings.where("words")


def source_of_text(course: Course, document: PdfDocument, text: str) -> SourceLocation | None:
    """The line of the model node whose own text holds `text`: a page's heading, block, list entry or
    table row (the smallest one), or a setting in docs/course.yml; None when no course source holds it."""
    nodes = chain(*(_page_nodes(page) for page in document.pages), _settings_nodes(course, document.language))
    return next((source for own, source in nodes if text in own), None)


def glyph_problems(course: Course, document: PdfDocument) -> list[Problem]:
    """Every character of the document that its font cannot draw, at the first node that holds it.

    Raises BuildError for a character no course source holds: then the template itself draws it.
    """
    fonts = (text_font(document.language), code_font(document.language))
    every_character = "".join(set(unescape(document.html)))  # what the text could hold, and more: tags, styles
    if not any(missing_characters(every_character, family) for family in fonts):
        return []  # nothing to place: the text need not be parsed out (a third of a PDF's check)
    drawn = _DrawnText()
    drawn.feed(document.html)
    drawn.close()
    problems: list[Problem] = []
    for family, text in zip(fonts, ("".join(drawn.text), "".join(drawn.code)), strict=True):
        for character in missing_characters(text, family):
            message = f"character '{character}' (U+{ord(character):04X}) is not in the font {family}"
            source = source_of_text(course, document, character)
            if source is None:
                raise BuildError(f"the PDF template draws a {message}")
            problems.append(Problem(source, "pdf.missing_glyph", message))
    return problems


def check_documents(course: Course, documents: list[PdfDocument]) -> None:
    """Raise CourseError with every problem found while assembling the documents and checking their glyphs."""
    problems = [p for document in documents for p in (*document.problems, *glyph_problems(course, document))]
    if problems:
        raise CourseError(list(dict.fromkeys(problems)))
