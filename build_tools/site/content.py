"""What the participant website shows, read off the course model: navigation, page Markdown, downloads.

Kept apart from the MkDocs plugin so that it can be called (and tested) without MkDocs: every function
takes the checked `Course` and returns plain data. MkDocs only renders what these functions return.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from build_tools.course import localise
from build_tools.course.editions import shows_line
from build_tools.course.links import link_target
from build_tools.course.model import Course, Edition, Module, Page, PageKind, Session
from build_tools.course.reading_order import reading_order
from build_tools.course.schedule import span
from build_tools.course.translations import page_states
from build_tools.parts.generated_markdown import filled_markdown_lines
from build_tools.parts.markdown_html import MarkdownConverter, RenderedHtml, RenderOptions, trusted_slot, without_slots
from build_tools.parts.output_files import (
    COURSE_STYLESHEET,
    PUBLISHED_TYPES,
    deck_path,
    participant_downloads,
    pdf_path,
)

DOWNLOADS_FOLDER = "files"
"""Folder of each language's downloads in the site: `files/…` for the default language, `en/files/…` for English."""



NavEntry = str | dict[str, "str | list[NavEntry]"]
"""A MkDocs `nav` entry: a page's file name, or `{title: file}` / `{title: [entries]}`."""

_BEFORE_MODULES = (PageKind.HOME, PageKind.AGENDA, PageKind.READING)
_LAGGING = frozenset({"stale", "untracked", "missing"})
"""Section states that make a translated page show the notice (untracked and missing: in tracked languages)."""


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
    """The site's navigation for one language: the participant reading order, one group per module.

    Titles are course text, and Material writes navigation titles as HTML: they are escaped here.

    The order is `LanguageView.reading_order`, the one the PDF follows. Home (titled with the word
    "home": its h1 is the course title, already in the header), agenda and reading come first; then a
    section of the modules (the `nav_modules` word), each module a group holding its overview, its
    session pages, and the cases and worksheets of its sessions; on a course of several days the
    modules are grouped by the day they start on. Then the pages that belong to no module (glossary,
    downloads, …). With Material's `navigation.prune` a page carries only the groups it is in, opened,
    and one link for each other group, so a page's navigation does not grow with the whole course.
    """
    view = course.view(language)
    modules = {m.page.key: m for m in view.modules}
    before: list[NavEntry] = []
    groups: list[tuple[Module, list[NavEntry]]] = []
    after: list[NavEntry] = []
    for page, depth in reading_order(view, Edition.PARTICIPANT):
        module = modules.get(page.key)
        if module is not None:
            groups.append((module, []))
        elif depth > 1 and groups:
            groups[-1][1].append(nav_path(page))
        elif page.kind is PageKind.HOME:
            before.append({html.escape(localise.word(course, language, "home")): nav_path(page)})
        elif page.kind in _BEFORE_MODULES and not groups:
            before.append(nav_path(page))
        else:
            after.append(nav_path(page))
    entries = [_module_entry(course, module, pages) for module, pages in groups]
    if view.agenda.multi_day:
        entries = _by_day(course, language, [module for module, _ in groups], entries)
    modules_word = html.escape(localise.word(course, language, "nav_modules"))
    section: list[NavEntry] = [{modules_word: entries}] if entries else []
    return before + section + after


def _module_entry(course: Course, module: Module, pages: list[NavEntry]) -> NavEntry:
    """A module: its page alone, or a group titled like the module with its overview page first."""
    if not pages:
        return nav_path(module.page)
    overview: NavEntry = {html.escape(localise.word(course, module.page.language, "module_n", n=module.number)):
                          nav_path(module.page)}
    return {html.escape(module.title): [overview, *pages]}


def _by_day(course: Course, language: str, modules: list[Module], entries: list[NavEntry]) -> list[NavEntry]:
    """Module entries grouped under the day each module starts on (`第2天` / `Day 2`)."""
    agenda = course.view(language).agenda
    days: dict[int, list[NavEntry]] = {}
    for module, entry in zip(modules, entries, strict=True):
        rows = agenda.module_rows(module)
        day = rows[0].day if rows else 1
        days.setdefault(day, []).append(entry)
    return [{html.escape(localise.word(course, language, "day", n=day)): grouped} for day, grouped in days.items()]


def nav_path(page: Page) -> str:
    """A nav entry by the default language's file name; mkdocs-static-i18n picks the language's twin."""
    return f"{page.key}.md"


# --- pages ----------------------------------------------------------------------------------------


def published_files(course: Course) -> frozenset[str]:
    """Files under docs/ (paths relative to it) that the site publishes besides its pages, by allowlist.

    An image or file of an allowed type that a participant sees a link to (not one in a trainer box, a
    facilitator section or a facilitator page), and the course stylesheet. Nothing else under docs/ is
    copied: no editor backups, no notes, no answer key shown only to trainers.
    """
    found = {COURSE_STYLESHEET}
    for page in course.pages:
        for reference in page.references:
            if not shows_line(page, Edition.PARTICIPANT, reference.source.line):
                continue
            target = link_target(page, reference.target)
            if target is not None and target.path.lower().endswith(PUBLISHED_TYPES):
                found.add(target.path)
    return frozenset(found)


def model_page(course: Course, src_uri: str) -> Page | None:
    """The model's page for a file MkDocs found under docs/ (`modules/01-x.en.md`)."""
    source_path = PurePosixPath(course.docs_dir.relative_to(course.root).as_posix(), src_uri)
    return next((p for p in course.pages if PurePosixPath(p.source_path.as_posix()) == source_path), None)


def participant_html(course: Course, page: Page, options: RenderOptions | None = None) -> RenderedHtml:
    """What participants read of a page, as HTML for MkDocs' shell, rendered from the one reading.

    Facilitator-only blocks and sections are left out and markers filled in (`course_tables`); the
    renderer writes headings with their id and documented classes only, so `minutes=` and `method=`
    never reach the HTML. Under a module's title goes a line with when it runs, its minutes and number
    of sessions; under each session heading one with its time, method and minutes. Then, under the page
    title, when they apply: the notice that the translation may lag behind its original, and the line
    pointing a worksheet to the printable workbook. These lines are the build's own HTML (trusted slots).
    """
    downloads_prefix = posixpath.relpath(DOWNLOADS_FOLDER, posixpath.dirname(page.key) or ".")
    lines = [without_slots(line) for line in filled_markdown_lines(course, page, Edition.PARTICIPANT, downloads_prefix)]
    view = course.view(page.language)
    trusted: dict[str, str] = {}
    under: dict[int, list[str]] = {}

    def slot(html_text: str) -> str:
        key = f"s{len(trusted)}"
        trusted[key] = html_text
        return trusted_slot(key)

    title = page.title_heading
    module = next((m for m in view.modules if m.page is page), None)
    if module is not None and module.sessions and title is not None:
        under.setdefault(title.source.line, []).append(slot(module_details(course, module)))
    for session in view.sessions:
        if session.page is page:
            under.setdefault(session.heading.source.line, []).append(slot(session_details(course, session)))
    notice, print_line = translation_notice(course, page), worksheet_print_line(course, page, downloads_prefix)
    top = [slot(line) for line in (notice, print_line) if line]
    if title is not None and top:
        under.setdefault(title.source.line, []).extend(top)
    elif top:
        lines[0] = "\n\n".join([*top, lines[0]])
    for line, additions in under.items():
        index = line - page.body_start_line
        lines[index] = "\n\n".join([lines[index], *additions]) + "\n"
    base = options or RenderOptions()
    options = RenderOptions(base.permalink_title, base.link, participant=True, trusted=trusted)
    return MarkdownConverter(course, page.language).render("\n".join(lines), options)


def translation_lags(course: Course, page: Page) -> bool:
    """True for a translated page with a section translated from an older original, or not known to be current.

    Sections without a record count only in languages whose translations are tracked (a records file
    in docs/translations/), as in `make check`.
    """
    if course.language(page.language).default:
        return False
    tracked = bool(course.translations.by_language.get(page.language))
    states = page_states(course, course.translations, page)
    return any(s.state == "stale" or (tracked and s.state in _LAGGING) for s in states)


def translation_notice(course: Course, page: Page) -> str:
    """The notice at the top of a translated page that may lag behind its original ('' when it does not)."""
    if not translation_lags(course, page):
        return ""
    text = html.escape(localise.word(course, page.language, "stale_notice"))
    return f'<p class="translation-notice" data-search-exclude>{text}</p>'


def worksheet_print_line(course: Course, page: Page, downloads_prefix: str) -> str:
    """A worksheet's line pointing to the printable workbook of its language ('' on other pages)."""
    if page.kind is not PageKind.WORKSHEET:
        return ""
    workbook = next((item for item in participant_downloads(course, page.language) if item.kind == "pdf"), None)
    if workbook is None:
        return ""
    href = html.escape(posixpath.join(downloads_prefix, workbook.relative_path))
    link = f'<a href="{href}">{html.escape(localise.word(course, page.language, "workbook"))}</a>'
    slot = "\ufffc"
    sentence = html.escape(localise.word(course, page.language, "worksheet_print", link=slot))
    text = sentence.replace(slot, link) if slot in sentence else f"{sentence} {link}"
    return f'<p class="worksheet-print" data-search-exclude>{text}</p>'


def module_details(course: Course, module: Module) -> str:
    """The line under a module's title: when it runs (with the day on a course of several days), minutes, sessions."""
    language = module.page.language
    agenda = course.view(language).agenda
    parts = [
        ("clock", span(agenda, agenda.module_rows(module), _day_time(course, language))),
        ("minutes", localise.word(course, language, "min", n=module.session_minutes)),
        ("sessions", localise.word(course, language, "session_count", n=len(module.sessions))),
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
        parts.append(("method", session.method.display(language)))
    parts.append(("minutes", localise.word(course, language, "min", n=session.minutes)))
    return _details_html(parts, "session-meta")


def _day_time(course: Course, language: str) -> str:
    """The `day_time` word unformatted (`Day {n} · {time}`): `schedule.span` fills it in per row.

    `course.word` cannot give it: it formats at once and would need `n` and `time`.
    """
    return course.words[language]["day_time"]


def _details_html(parts: list[tuple[str, str]], css_class: str) -> str:
    spans = "".join(f'<span class="{css_class}__{name}">{html.escape(text)}</span>' for name, text in parts if text)
    return f'<p class="{css_class}">{spans}</p>'
