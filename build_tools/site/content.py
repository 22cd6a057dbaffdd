"""What the participant website shows, read off the course model: navigation, page Markdown, downloads.

Kept apart from the MkDocs hooks so that it can be called (and tested) without MkDocs: every function
takes the checked `Course` and returns plain data. MkDocs only renders what these functions return.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from build_tools.course_tables import filled_markdown_lines
from build_tools.model import Course, Edition, Module, Page, PageKind, Session
from build_tools.outputs import deck_path, participant_downloads, pdf_path
from build_tools.schedule import span

DOWNLOADS_FOLDER = "files"
"""Folder of each language's downloads in the site: `files/…` for the default language, `en/files/…` for English."""

DOWNLOADS_KEY = "course_downloads"
"""`config.extra[DOWNLOADS_KEY]` = {"pdf": folder, "slides": folder}: set by build_site; absent under `mkdocs serve`,
where the hooks offer build/pdf and build/slides."""

NavEntry = str | dict[str, "str | list[NavEntry]"]
"""A MkDocs `nav` entry: a page's file name, or `{title: file}` / `{title: [entries]}`."""

_SECTIONS = {PageKind.MODULE: "nav_modules", PageKind.SESSION: "nav_modules", PageKind.CASE: "nav_cases",
             PageKind.WORKSHEET: "nav_workbook"}
_BEFORE_SECTIONS = (PageKind.HOME, PageKind.AGENDA, PageKind.READING)


@dataclass(frozen=True)
class SiteDownload:
    """A file offered on a language's downloads page: where it is built and where it goes in the site."""

    language: str
    source_path: Path
    site_path: str  # relative to the language's root: `files/pdf/manager-roles-zh-workbook.pdf`


def site_downloads(course: Course, language: str, pdf_dir: Path, slides_dir: Path) -> Iterator[SiteDownload]:
    """The participant workbook and participant decks of one language (see `outputs.participant_downloads`)."""
    for item in participant_downloads(course, language):
        if item.kind == "pdf":
            source = pdf_path(pdf_dir, course, language, item.edition)
        else:
            source = deck_path(slides_dir, course, language, item.module, item.edition)
        yield SiteDownload(language, source, f"{DOWNLOADS_FOLDER}/{item.relative_path}")


# --- navigation -----------------------------------------------------------------------------------


def navigation(course: Course, language: str) -> list[NavEntry]:
    """The site's navigation for one language: the participant reading order, grouped in sections.

    The order is `LanguageView.reading_order`, the one the PDF follows. Home (titled with the word
    "home": its h1 is the course title, already in the header), agenda and reading come first; then
    sections for the modules (a module written as a folder is a sub-section: its index page, then its
    session pages), the cases and the worksheets, each in reading order; then glossary, other pages
    and downloads.
    """
    view = course.view(language)
    before: list[NavEntry] = []
    sections: dict[str, list[NavEntry]] = {key: [] for key in dict.fromkeys(_SECTIONS.values())}
    after: list[NavEntry] = []
    folders = {m.page.key: m for m in view.modules if m.session_pages}
    inside_folder = {p.key for m in folders.values() for p in m.session_pages}
    for page, _depth in view.reading_order(Edition.PARTICIPANT):
        if page.key in inside_folder:
            continue
        if page.kind is PageKind.HOME:
            before.append({course.word(language, "home"): nav_path(page)})
        elif page.kind in _BEFORE_SECTIONS:
            before.append(nav_path(page))
        elif page.kind in _SECTIONS:
            module = folders.get(page.key)
            entry: NavEntry = nav_path(page) if module is None else _folder_module(course, module)
            sections[_SECTIONS[page.kind]].append(entry)
        else:
            after.append(nav_path(page))
    grouped: list[NavEntry] = [{course.word(language, key): entries} for key, entries in sections.items() if entries]
    return before + grouped + after


def _folder_module(course: Course, module: Module) -> NavEntry:
    """A module written as a folder: a sub-section titled like the module, its index page first."""
    language = module.page.language
    overview: NavEntry = {course.word(language, "module_n", n=module.number): nav_path(module.page)}
    pages = [nav_path(p) for p in module.session_pages if p.visible_in(Edition.PARTICIPANT)]
    return {module.title: [overview, *pages]}


def nav_path(page: Page) -> str:
    """A nav entry by the default language's file name; mkdocs-static-i18n picks the language's twin."""
    return f"{page.key}.md"


# --- pages ----------------------------------------------------------------------------------------


def model_page(course: Course, src_uri: str) -> Page | None:
    """The model's page for a file MkDocs found under docs/ (`modules/01-x.en.md`)."""
    source_path = PurePosixPath(course.docs_dir.relative_to(course.root).as_posix(), src_uri)
    return next((p for p in course.pages if PurePosixPath(p.source_path.as_posix()) == source_path), None)


def participant_markdown(course: Course, page: Page) -> str:
    """What participants read of a page, as Markdown for MkDocs.

    Facilitator-only blocks are blanked and markers filled in (`course_tables`). Every heading that
    carries attributes is written again from the model (`Heading.markdown()`), so `minutes=` and
    `method=` never reach the HTML. Under a module's title goes a line with when it runs, its minutes
    and number of sessions; under each session heading one with its time, method and minutes.
    """
    downloads_prefix = posixpath.relpath(DOWNLOADS_FOLDER, posixpath.dirname(page.key) or ".")
    lines = filled_markdown_lines(course, page, Edition.PARTICIPANT, downloads_prefix)
    view = course.view(page.language)

    def put(line: int, text: str) -> None:
        lines[line - page.body_start_line] = text

    for heading in page.headings:
        if heading.attrs:
            put(heading.source.line, heading.markdown())
    module = next((m for m in view.modules if m.page is page), None)
    title = page.title_heading
    if module is not None and title is not None and module.sessions:
        put(title.source.line, f"{title.markdown()}\n\n{module_details(course, module)}\n")
    for session in view.sessions:
        if session.page is page:
            put(session.heading.source.line, f"{session.heading.markdown()}\n\n{session_details(course, session)}\n")
    return "\n".join(lines)


def module_details(course: Course, module: Module) -> str:
    """The line under a module's title: when it runs (with the day on a course of several days), minutes, sessions."""
    language = module.page.language
    agenda = course.view(language).agenda
    parts = [
        ("clock", span(agenda, agenda.module_rows(module), _day_time(course, language))),
        ("minutes", course.word(language, "min", n=module.session_minutes)),
        ("sessions", course.word(language, "session_count", n=len(module.sessions))),
    ]
    return _details_html(parts, "module-meta")


def session_details(course: Course, session: Session) -> str:
    """The line under a session heading: its time (with the day on a course of several days), method, minutes."""
    language = session.page.language
    agenda = course.view(language).agenda
    row = agenda.start_of(session.id)
    parts = []
    if row is not None:
        parts.append(("clock", span(agenda, (row,), _day_time(course, language))))
    if session.method is not None:
        parts.append(("method", session.method.label(language)))
    parts.append(("minutes", course.word(language, "min", n=session.minutes)))
    return _details_html(parts, "session-meta")


def _day_time(course: Course, language: str) -> str:
    """The `day_time` word unformatted (`Day {n} · {time}`): `schedule.span` fills it in per row.

    `course.word` cannot give it: it formats at once and would need `n` and `time`.
    """
    return course.words[language]["day_time"]


def _details_html(parts: list[tuple[str, str]], css_class: str) -> str:
    spans = "".join(f'<span class="{css_class}__{name}">{html.escape(text)}</span>' for name, text in parts if text)
    return f'<p class="{css_class}">{spans}</p>'
