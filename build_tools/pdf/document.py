"""The HTML of one PDF: the course's pages in reading order, with cover, contents, run sheet and checklist.

A projection of the model: pages come in `LanguageView.reading_order` (the site's order), sessions,
modules and handouts are read off the model's nodes, and only a page's or a node's own Markdown is
converted, by the site's converter. This module puts the parts in order and renders the template; the
parts are made by `pdf.pages` (a course page, laid out for paper, its links in `pdf.links` and headings
in `pdf.headings`) and `pdf.facilitator` (run sheet, checklist), all adding to one `pdf.assembly.Assembly`.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import jinja2
import jinja2.bccache
from markupsafe import Markup

from build_tools.course import localise
from build_tools.course.model import Course, Edition, Page, PageKind
from build_tools.course.problems import Problem
from build_tools.course.source import SourceLocation
from build_tools.parts.foreign_words import han_language, mark_han_words
from build_tools.parts.markdown_html import MarkdownConverter
from build_tools.parts.output_files import pdf_name
from build_tools.pdf.assembly import Assembly, Part, TocEntry
from build_tools.pdf.facilitator import checklist_part, run_sheet_part
from build_tools.pdf.pages import generated_agenda_part, page_part, pdf_pages, shows_agenda
from build_tools.pdf.whole_words import words_html

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "workbook.html.j2"
STYLESHEET = TEMPLATES / "workbook.css"


@dataclass(frozen=True)
class PdfDocument:
    """One PDF's HTML, ready for WeasyPrint, and what is needed to report problems in it.

    `sources` maps each URL and in-document link the HTML holds (a checked `file:` URL, `#id`) to the
    line of the reference it came from, so a WeasyPrint message about it points at that line.
    """

    language: str
    edition: Edition
    html: str
    title: str
    identifier: bytes
    pages: tuple[Page, ...]
    problems: tuple[Problem, ...]
    file_name: str
    sources: tuple[tuple[str, SourceLocation], ...] = ()
    #: The comment written before each part's <section>: where `pdf.parts` may cut the document. It holds a
    #: hash of the parts' own HTML, so no course text can contain it.
    part_break: str = ""


def html_language(language: str) -> str:
    """`<html lang>`: Chinese must be `zh-CN`, the only value that selects SC glyphs (TECH-NOTES §6)."""
    if language.lower() in ("zh", "zh-hans", "zh_cn", "zh-cn"):
        return "zh-CN"
    return language


@functools.cache
def _environment(chinese: bool) -> jinja2.Environment:
    """The document template's environment, one per process and script: the template is compiled once, not
    for every document (about 40 ms each, which `check` and a build pay per language and edition)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["words"] = words_html if chinese else str
    return environment


class _KeptCompiled(jinja2.FileSystemBytecodeCache):
    """jinja2's bytecode cache that never fails a run: a file it cannot read, or a folder it cannot write,
    means the template is compiled again."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a damaged file is compiled again, whatever it raises
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def keep_compiled_template(folder: Path) -> None:
    """Keep the document template compiled in `folder` and load it from there (`check` does, in its cache:
    compiling it takes 60 ms in every process that assembles a PDF; jinja2 checks the template's source)."""
    for chinese in (False, True):
        _environment(chinese).bytecode_cache = _KeptCompiled(str(folder))


def build_document(course: Course, language: str, edition: Edition) -> PdfDocument:
    """Assemble one PDF's HTML; every problem found (bad image, link leaving docs/) is in `problems`."""
    settings = course.settings
    if settings is None:
        raise ValueError("the course has no settings; load it with checked_course() first")
    view = course.view(language)
    assembly = Assembly(course, view, MarkdownConverter(course, language), edition)
    order = pdf_pages(view, edition)
    assembly.included = {page.key: page for page, _ in order}
    anchor = next((page for page, _ in order if shows_agenda(page)), None)
    extras = [] if anchor is not None else [generated_agenda_part(assembly)]
    if edition is Edition.FACILITATOR:
        extras += [run_sheet_part(assembly), checklist_part(assembly)]
    if anchor is None:
        anchor = next((page for page, _ in order if page.kind is PageKind.HOME), None)
    parts: list[Part] = [] if anchor is not None else extras
    for page, depth in order:
        parts.append(page_part(assembly, page, depth))
        if page is anchor:
            parts += extras
    toc = _toc_in_document_order(assembly.toc, parts)
    edition_label = localise.word(course, language, f"{edition.value}_edition")
    title = settings.title[language]
    environment = _environment(assembly.chinese)
    labels = {
        key: localise.word(course, language, key)
        for key in (
            "contents", "contents_cases", "contents_case_page", "audience", "duration", "edition", "time", "session",
            "method", "minutes", "materials", "checklist_ready", "checklist_first", "checklist_uses",
            "checklist_quantity",
        )
    }
    labels["contents_case_page"] = _after_a_title(labels["contents_case_page"])
    page_before, _, page_after = localise.word_template(course, language, "handout_page").partition("{page}")
    nonce = hashlib.sha256("".join(part.html for part in parts).encode()).hexdigest()[:24]
    part_break = f"<!-- part {nonce} -->"
    html = environment.get_template(TEMPLATE).render(
        html_lang=html_language(language),
        document_title=f"{title} — {edition_label}",
        title=title,
        subtitle=settings.subtitle[language],
        audience=settings.audience[language],
        author=settings.author[language],
        duration=localise.duration(course, language, settings.teaching_minutes, view.agenda.day_count),
        date=localise.long_date(course, language, settings.edition),
        iso_date=settings.edition.isoformat(),
        edition=edition.value,
        edition_label=edition_label,
        labels=labels,
        page_before=page_before,
        page_after=page_after,
        copies=lambda n: localise.word(course, language, "handout_copies", n=n),
        multi_day=view.agenda.multi_day,
        printable_cover=settings.printable_cover,
        toc=toc,
        parts=parts,
        part_break=Markup(part_break),
    )
    # Chinese words on an English page say they are Chinese, as on the site: tagged, they carry /Lang
    html = mark_han_words(html, language, han_language([known.code for known in course.languages]))
    identity = f"{settings.slug}|{language}|{edition.value}"
    return PdfDocument(
        language=language,
        edition=edition,
        html=html,
        title=f"{title} — {edition_label}",
        identifier=hashlib.sha256(identity.encode()).hexdigest()[:32].encode(),
        pages=tuple(page for page, _ in order),
        problems=tuple(dict.fromkeys(assembly.problems)),
        file_name=pdf_name(course, language, edition),
        sources=tuple(assembly.sources.items()),
        part_break=part_break,
    )


def _after_a_title(marker: str) -> str:
    """A word set after a title on its line: a space before it, unless it opens with a full-width character
    ("（案例页）" carries its own room)."""
    return marker if not marker or unicodedata.east_asian_width(marker[0]) in "WF" else f" {marker}"


def _toc_in_document_order(entries: list[TocEntry], parts: list[Part]) -> tuple[TocEntry, ...]:
    """Contents lines sorted by the part they point into (generated parts are built out of order)."""
    position = {part.id: index for index, part in enumerate(parts)}

    def part_of(entry: TocEntry) -> int:
        return position.get(entry.target.split("--")[0], len(parts))

    indexed = sorted(enumerate(entries), key=lambda pair: (part_of(pair[1]), pair[0]))
    return tuple(entry for _, entry in indexed)
