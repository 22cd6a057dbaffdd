"""MkDocs hooks (listed under `hooks:` in mkdocs.yml): the thin adapter between MkDocs and the course model.

- `on_config` loads and checks the course once per build (a problem fails the build with its
  `path:line` report) and sets the site's title and navigation from the model for the language
  being built (mkdocs-static-i18n builds each language in turn with the same config).
- `on_files` keeps facilitator-only pages out of the site and adds the participant downloads.
- `on_page_markdown` swaps each page's Markdown for the model's participant Markdown: trainer notes
  and materials blanked, markers filled in, each session's clock time, method and minutes shown
  under its heading.

Imports are `from build_tools…`: MkDocs puts this folder first on sys.path while loading the hooks,
and a bare `from model import …` would load a second copy of the model.
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as SitePage

from build_tools.site.build import DOWNLOADS_FOLDER, PDF_DIR_VARIABLE, SLIDES_DIR_VARIABLE, site_downloads
from build_tools.cli import checked_course
from build_tools.course_tables import filled_markdown_lines
from build_tools.load import split_language
from build_tools.model import Course, Edition, Module, Page, PageKind, Session
from build_tools.problems import CourseError
from build_tools.schedule import Agenda, build_agenda, clock
from build_tools.site_config import SiteConfig, load_site_config
from build_tools.words import ui

log = logging.getLogger("mkdocs.hooks.course")

_HREFLANG_LINK = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="[^"]*">\s*')


@dataclass(frozen=True)
class _CourseBuild:
    """The checked course of the build in progress; every language's build of one `mkdocs build` shares it."""

    config: MkDocsConfig
    course: Course
    site: SiteConfig
    serving: bool


_current: _CourseBuild | None = None
_command = "build"
_previews: tempfile.TemporaryDirectory[str] | None = None


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is `mkdocs serve`, where missing downloads are only a preview's gap."""
    global _command
    _command = command


@event_priority(-110)  # after mkdocs-static-i18n (-100) has switched the config to the language being built
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load the course (once per build) and set title, description, footer and navigation for this language."""
    course = _course_build(config).course
    language = _language(config)
    if course.settings is not None:
        settings = course.settings
        config.site_name = settings.title[language]
        config.site_description = settings.subtitle[language]
        config.site_author = settings.author[language]
        config.copyright = f"{settings.author[language]} · {settings.edition.isoformat()}"
    config.nav = _navigation(course, language)
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = ui(language, "permalink")
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Drop facilitator-only pages (both languages) and add this language's participant downloads."""
    build = _course_build(config)
    for file in list(files):
        if file.is_documentation_page():
            page = _model_page(build, file.src_uri)
            if page.facilitator_only:
                files.remove(file)
    language = _language(config)
    prefix = "" if language == build.course.default_language.code else f"{language}/"
    pdf_dir, slides_dir = _download_dirs(config)
    for download in site_downloads(build.course, language, pdf_dir, slides_dir):
        files.append(_download_file(config, download.site_path, prefix, download.source_path, build.serving))
    return files


@event_priority(100)  # before mkdocs-static-i18n (50) translates untitled admonitions in what we return
def on_page_markdown(markdown: str, page: SitePage, config: MkDocsConfig, files: Files) -> str:
    """The model's participant Markdown of this page, with markers filled in and session details shown."""
    build = _course_build(config)
    return participant_markdown(build.course, _model_page(build, page.file.src_uri))


def on_post_page(output: str, page: SitePage, config: MkDocsConfig) -> str:
    """Drop the `<link rel="alternate" hreflang>` tags from the page's head (the switcher's links stay).

    Material fetches `sitemap.xml` beside each of them to keep readers on the same page when they switch
    language. Their links are relative to the page, so that fetch fails (a console error on every page
    outside the site root, and on every page from file://), and mkdocs-static-i18n already points each
    switcher link at the page's twin.
    """
    return _HREFLANG_LINK.sub("", output)


def participant_markdown(course: Course, page: Page) -> str:
    """What participants read of a page: facilitator-only blocks blanked, generated parts filled in."""
    downloads_prefix = posixpath.relpath(DOWNLOADS_FOLDER, posixpath.dirname(page.key) or ".")
    lines = filled_markdown_lines(course, page, Edition.PARTICIPANT, downloads_prefix)
    module = next((m for m in course.modules.get(page.language, ()) if m.page is page), None)
    if module is not None:
        agenda = build_agenda(course, page.language)
        _add_module_details(lines, module, agenda)
        for session in module.sessions:
            index = session.heading.source.line - page.body_start_line
            lines[index] = f"{session.heading.markdown()}\n\n{_session_details(session, agenda, page.language)}\n"
    return "\n".join(lines)


def _add_module_details(lines: list[str], module: Module, agenda: Agenda) -> None:
    """A details line under the module's title: when it runs and how long it takes."""
    title = next((h for h in module.page.headings if h.level == 1), None)
    first = agenda.start_of(module.sessions[0].id) if module.sessions else None
    last = agenda.start_of(module.sessions[-1].id) if module.sessions else None
    if title is None or first is None or last is None:
        return
    language = module.page.language
    start, end = first.start, last.end
    parts = [
        ("clock", f"{clock(start)}–{clock(end)}"),
        ("minutes", ui(language, "min", n=module.session_minutes)),
        ("sessions", ui(language, "session_count", n=len(module.sessions))),
    ]
    index = title.source.line - module.page.body_start_line
    lines[index] = f"{lines[index]}\n\n{_details_html(parts, 'module-meta')}\n"


def _session_details(session: Session, agenda: Agenda, language: str) -> str:
    """The small line under a session heading: clock time, method, minutes."""
    row = agenda.start_of(session.id)
    parts = []
    if row is not None:
        parts.append(("clock", f"{clock(row.start)}–{clock(row.end)}"))
    if session.method is not None:
        parts.append(("method", session.method.label(language)))
    parts.append(("minutes", ui(language, "min", n=session.minutes)))
    return _details_html(parts, "session-meta")


def _details_html(parts: list[tuple[str, str]], css_class: str) -> str:
    spans = "".join(f'<span class="{css_class}__{name}">{html.escape(text)}</span>' for name, text in parts)
    return f'<p class="{css_class}">{spans}</p>'


# --- navigation -------------------------------------------------------------------------------


def _navigation(course: Course, language: str) -> list[object]:
    """The site's navigation for one language, in the order participants use the pages.

    Home (titled "Home": its h1 is the course title, already in the header), agenda, reading, the
    modules in teaching order, the cases in the order of their sessions, the worksheets in the order
    participants first meet a link to them, glossary, other pages, downloads.
    """
    pages = [p for p in course.pages_in(language) if not p.facilitator_only]

    def of_kind(kind: PageKind) -> list[Page]:
        return [p for p in pages if p.kind is kind]

    session_order = {s.id: n for n, s in enumerate(course.sessions(language))}
    modules = [m.page for m in course.modules.get(language, ()) if not m.page.facilitator_only]
    cases = sorted(of_kind(PageKind.CASE), key=lambda p: (session_order.get(str(p.setting("session")), 1 << 30), p.key))
    reading_order = of_kind(PageKind.HOME) + of_kind(PageKind.AGENDA) + of_kind(PageKind.READING) + modules + cases
    first_mention = _first_mentions(reading_order)
    worksheets = sorted(of_kind(PageKind.WORKSHEET), key=lambda p: (first_mention.get(p.key, 1 << 30), p.key))
    nav: list[object] = [{ui(language, "home"): _nav_path(p)} for p in of_kind(PageKind.HOME)]
    nav += [_nav_path(p) for p in of_kind(PageKind.AGENDA) + of_kind(PageKind.READING)]
    for key, section in (("nav_modules", modules), ("nav_cases", cases), ("nav_workbook", worksheets)):
        if section:
            nav.append({ui(language, key): [_nav_path(p) for p in section]})
    nav += [_nav_path(p) for p in of_kind(PageKind.GLOSSARY) + of_kind(PageKind.PAGE) + of_kind(PageKind.DOWNLOADS)]
    return nav


def _first_mentions(pages: list[Page]) -> dict[str, int]:
    """Page key → position of its first link in `pages` read in order (keys never linked are absent)."""
    order: dict[str, int] = {}
    for page in pages:
        for reference in page.references:
            target = page.resolve(reference.target)
            if reference.is_image or target is None or target.same_page or target.page_key is None:
                continue
            order.setdefault(target.page_key, len(order))
    return order


def _nav_path(page: Page) -> str:
    """A nav entry by the default language's file name; mkdocs-static-i18n picks the language's twin."""
    return f"{page.key}.md"


# --- model and files --------------------------------------------------------------------------


def _course_build(config: MkDocsConfig) -> _CourseBuild:
    global _current
    if _current is None or _current.config is not config:
        root = Path(config.config_file_path).resolve().parent
        try:
            result = checked_course(root)
        except CourseError as error:
            raise PluginError(f"the course has problems; fix them and build again:\n{error}") from None
        site = load_site_config(Path(config.config_file_path))
        _current = _CourseBuild(config, result.course, site, serving=_command == "serve")
    return _current


def _language(config: MkDocsConfig) -> str:
    """The language being built: mkdocs-static-i18n sets the theme's language for each build."""
    return str(config.theme["language"])


def _model_page(build: _CourseBuild, src_uri: str) -> Page:
    key, language = split_language(Path(src_uri), build.site)
    page = build.course.page(key, language)
    if page is None:
        raise PluginError(f"docs/{src_uri} is not part of the course model")
    return page


def _download_dirs(config: MkDocsConfig) -> tuple[Path, Path]:
    """Where the built PDFs and decks are: set by build_site, else build/pdf and build/slides (make serve)."""
    root = Path(config.config_file_path).resolve().parent
    pdf_dir = Path(os.environ.get(PDF_DIR_VARIABLE) or root / "build" / "pdf")
    slides_dir = Path(os.environ.get(SLIDES_DIR_VARIABLE) or root / "build" / "slides")
    return pdf_dir, slides_dir


def _download_file(config: MkDocsConfig, site_path: str, prefix: str, source: Path, serving: bool) -> File:
    """A download as a site file, so MkDocs copies it and validates the links to it."""
    if source.is_file():
        file = File.generated(config, site_path, abs_src_path=str(source))
    elif serving:
        log.info(f"preview without {source}: run `make pdf slides` to offer the real file")
        file = File.generated(config, site_path, abs_src_path=str(_placeholder(prefix + site_path, source)))
    else:
        raise PluginError(f"download {source} is missing: build it with `make pdf slides` first")
    file.dest_uri = f"{prefix}{site_path}"
    return file


def _placeholder(site_path: str, source: Path) -> Path:
    """A small text file standing in for a download that is not built yet (`mkdocs serve` only).

    A real file, not in-memory content: mkdocs-static-i18n needs every file to have a source path.
    """
    global _previews
    if _previews is None:
        _previews = tempfile.TemporaryDirectory(prefix="course-site-preview-")
    path = Path(_previews.name) / site_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"Not built yet: {source}\nRun `make pdf slides`, then reload.\n", encoding="utf-8")
    return path
