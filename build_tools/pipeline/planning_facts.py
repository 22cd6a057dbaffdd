"""What planning the outputs works out that does not depend on the course, kept by `check` between runs: the PDF
fonts' tables and fontconfig's answers (`pdf.fonts`), each Markdown fragment's HTML (`parts.markdown_html`), each
Chinese text with its words joined (`pdf.whole_words`), slide text's line breaks (`slides.text_fit`) and the slide
template's text boxes (`slides.template`). (The word cuts are kept by `check_cache`: the checks cut words too.)

They are read where the planning happens, in each forked worker, and only those its jobs use: a PDF job reads the
PDF's facts, a deck job the decks'. The worker sends back what it added, and the parent keeps that
(`CacheStore.put_facts` writes the additions only). Reading them in the workers, side by side, rather than in the
parent before it forks, takes them off the part of `check` that the two cores cannot share.
"""

from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from build_tools.course.cache_store import CacheStore
from build_tools.parts import chinese_words
from build_tools.parts.markdown_html import known_html, remember_html
from build_tools.parts.output_jobs import digest
from build_tools.pdf.fonts import known_fonts, remember_fonts
from build_tools.pdf.whole_words import known_joins, remember_joins

FONTS = "fonts"
"""The key of the font facts kept (`pdf.fonts`): each under its file's path, size and time, and fontconfig's
answers under the state of its folders."""
HTML = "pdf-html"
"""The key of the page fragments' HTML kept (`parts.markdown_html.remember_html`): an edit converts only the
Markdown it changed (converting every page was half of assembling a PDF's HTML)."""
JOINS = "pdf-joins"
"""The key of the Chinese texts with their words joined kept (`pdf.whole_words`), the other half of assembling."""
BOXES = "template-boxes"
"""The key of the slide templates' text boxes kept (`slides.template`), each under its template's hash and layouts:
with them kept, planning never loads python-pptx."""
KEEP = {"fonts": 1_000, "html": 5_000, "joins": 50_000, "lines": 65_536, "boxes": 100}
"""Facts kept at most, the oldest going first: fragments (the first course's four PDFs convert about 1,000),
joined texts, line breaks (as many as the measurer holds, `slides.text_fit.KNOWN_LINES`)."""


@dataclass
class NewFacts:
    """What one process added to its facts since `counted`: sent from a worker to the parent, which keeps it."""

    cuts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    kept: dict[tuple[str, str], dict[Any, Any]] = field(default_factory=dict)
    """By (kind, key) in the store: the new fonts', fragments', joins', line breaks' and boxes' facts."""

    def add(self, other: NewFacts) -> None:
        self.cuts.update(other.cuts)
        for entry, facts in other.kept.items():
            self.kept.setdefault(entry, {}).update(facts)

    def keep(self, store: CacheStore | None) -> None:
        """Keep the additions (the cuts are kept by `check_cache`, with those the checks made)."""
        if store is not None:
            for (kind, key), facts in self.kept.items():
                if facts:
                    store.put_facts(kind, key, facts, KEEP[kind])

    def take(self) -> None:
        """Make a worker's cuts this process's own (`check_cache` keeps them with the checks')."""
        chinese_words.remember(self.cuts)


class Counted:
    """The counts of this process's facts at one moment, to send back what was added after it."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.cuts = len(chinese_words.known_cuts())
        self.fonts = len(known_fonts())
        self.html = len(known_html())
        self.joins = len(known_joins())
        self.decks = _decks_facts_here()
        self.lines = len(_measurer().known_lines()) if self.decks else 0
        self.boxes = _boxes_count() if self.decks else 0

    def added(self) -> NewFacts:
        new = NewFacts(chinese_words.known_cuts(self.cuts))
        new.kept[("fonts", FONTS)] = known_fonts(self.fonts)
        new.kept[("html", HTML)] = known_html(self.html)
        new.kept[("joins", JOINS)] = known_joins(self.joins)
        if self.decks:
            from build_tools.slides.template import known_boxes

            measurer = _measurer()
            new.kept[("lines", _lines_key(measurer, self.language))] = measurer.known_lines(self.lines)
            if len(known_boxes()) > self.boxes:
                new.kept[("boxes", BOXES)] = known_boxes()
        return new


def read_pdf_facts(store: CacheStore | None) -> None:
    """The PDF's kept facts into this process (once), and the template kept compiled in the store's folder."""
    if store is not None and ("pdf", store.folder) not in _read_here():
        _read_here().add(("pdf", store.folder))
        _pdf_read(store)


def read_deck_facts(store: CacheStore | None, language: str) -> None:
    """The kept facts of a language's decks into this process (once)."""
    if store is not None and (f"decks:{language}", store.folder) not in _read_here():
        _read_here().add((f"decks:{language}", store.folder))
        _decks_read(store, language)


@functools.cache
def _read_here() -> set[tuple[str, Path]]:
    """Which facts this process has read, from which store's folder."""
    return set()


def _decks_facts_here() -> bool:
    return any(kind.startswith("decks:") for kind, _ in _read_here())


def _pdf_read(store: CacheStore) -> None:
    from build_tools.pdf.document import keep_compiled_template

    fonts = store.get_facts("fonts", FONTS)
    if isinstance(fonts, dict) and all(isinstance(key, tuple) for key in fonts):
        remember_fonts(fonts)
    html = store.get_facts("html", HTML)
    remember_html(html if isinstance(html, dict) and all(isinstance(v, str) for v in html.values()) else {})
    joins = store.get_facts("joins", JOINS)
    if isinstance(joins, dict) and all(isinstance(key, tuple) and isinstance(value, str)
                                       for key, value in joins.items()):
        remember_joins(joins)
    keep_compiled_template(store.folder)


def _decks_read(store: CacheStore, language: str) -> None:
    from build_tools.slides.template import remember_boxes

    measurer = _measurer()
    lines = store.get_facts("lines", _lines_key(measurer, language))
    if isinstance(lines, dict) and all(isinstance(key, tuple) for key in lines):
        measurer.remember_lines(lines)
    boxes = store.get_facts("boxes", BOXES)
    if isinstance(boxes, dict) and all(isinstance(key, tuple) for key in boxes):
        remember_boxes(boxes)


def read_for_every_worker(store: CacheStore | None, root: Path, pdf_languages: list[str],
                          deck_languages: list[str]) -> NewFacts:
    """Before the workers of many PDF or deck groups fork (a cold check, a changed template): what each would read
    or work out for itself, once (a CJK font's tables take a second to read, the template's boxes need
    python-pptx); returns what this process added, to keep."""
    counted = Counted("")
    boxes = _boxes_count()
    for language in pdf_languages:
        read_pdf_facts(store)
        from build_tools.pdf.fonts import TEXT_FONT, advance_widths, code_font, drawable_characters, text_font

        drawable_characters(text_font(language))
        drawable_characters(code_font(language))
        advance_widths(TEXT_FONT)
    for language in deck_languages:
        read_deck_facts(store, language)
    if deck_languages:
        from build_tools.course.problems import CourseError
        from build_tools.slides.settings import load_deck_settings
        from build_tools.slides.template import template_boxes

        with contextlib.suppress(CourseError):  # the deck jobs report it
            template_boxes(load_deck_settings(root))
    new = counted.added()
    if _boxes_count() > boxes:
        from build_tools.slides.template import known_boxes

        new.kept[("boxes", BOXES)] = known_boxes()
    return new


def _lines_key(measurer: Any, language: str) -> str:
    """Line breaks are kept per language (a deck job reads only its own language's, half of them) and fonts."""
    return f"{digest(measurer.fonts)}-{language}"


def _measurer() -> Any:
    from build_tools.slides.render import shared_measurer

    return shared_measurer()


def _boxes_count() -> int:
    from build_tools.slides.template import known_boxes

    return len(known_boxes())
