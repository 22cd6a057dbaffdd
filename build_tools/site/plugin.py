"""The MkDocs plugin (`course` under `plugins:` in mkdocs.yml): the thin adapter between MkDocs and the course model.

One `CoursePlugin` object holds the course of the build in progress; nothing is kept in module globals.
- `on_config` takes the checked course the build hands over (`hand_over`), or under `mkdocs serve` loads and
  checks it (a problem fails the build with its `path:line` report), and sets the site's title and
  navigation for the language being built (mkdocs-static-i18n builds each language in turn with one config).
- `on_files` keeps facilitator-only pages out of the site and adds the participant downloads.
- `on_page_markdown` swaps each page's Markdown for the model's participant HTML.
- `on_page_content` adjusts the rendered tables (write-in worksheets, method names, glossary rows).
- `on_post_page` points each page at its own language's search index and writes its security policy.
- `on_post_build` writes one search index per language and corrects Material's Chinese query segmentation.

What each page shows is decided in `build_tools.site.content`, its tables in `…site.tables`, and search
in `…site.search`; this file only adapts MkDocs events.
"""

from __future__ import annotations

import html
import logging
import posixpath
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as SitePage
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils.templates import TemplateContext

from build_tools.checks.checked import checked_course
from build_tools.course import localise
from build_tools.course.model import Course, Page, PageKind
from build_tools.course.problems import CourseError
from build_tools.parts.foreign_words import han_language, mark_han_words
from build_tools.parts.markdown_html import HeadingAnchor, RenderedHtml, RenderOptions
from build_tools.site.content import (
    model_page,
    navigation,
    participant_html,
    published_files,
    site_downloads,
)
from build_tools.site.csp import PolicyError, with_policy
from build_tools.site.sanitise import unsafe_changes
from build_tools.site.search import (
    SearchSetupError,
    fix_query_segmentation,
    index_glossary_rows,
    language_base,
    language_prefix,
    point_page_at_language_index,
    write_language_indexes,
)
from build_tools.site.tables import for_the_screen
from build_tools.site.theme import NOT_FOUND, add_overrides, not_found_context, not_found_page

TOOLCHAIN_ASSETS = Path(__file__).resolve().parent / "assets"
SCROLL_REGIONS = "assets/javascripts/scroll-regions.js"
"""The toolchain's script that makes Material's sideways-scrolling table wrappers keyboard-focusable regions."""
log = logging.getLogger("mkdocs.plugins.course")

_HREFLANG_LINK = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="[^"]*">\s*')


@dataclass(frozen=True)
class _CourseBuild:
    """The checked course of the build in progress; every language's build of one `mkdocs build` shares it."""

    config: MkDocsConfig
    course: Course
    serving: bool
    search_entries: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)  # language → location → entry
    bodies: dict[str, RenderedHtml] = field(default_factory=dict)  # page src_uri → its participant HTML


class NoOptions(Config):
    """The plugin takes no options in mkdocs.yml: everything comes from the course."""


class CoursePlugin(BasePlugin[NoOptions]):
    """The course in MkDocs: one object per `mkdocs build` or `mkdocs serve`, holding the course of the build."""

    def __init__(self) -> None:
        super().__init__()
        self._given: Course | None = None
        self._downloads: tuple[Path, Path] | None = None
        self._command = "build"
        self._current: _CourseBuild | None = None
        self._previews: tempfile.TemporaryDirectory[str] | None = None

    def hand_over(self, course: Course, pdf_dir: Path, slides_dir: Path) -> None:
        """The checked course and where its built PDFs and decks are: the build's own course, not read again."""
        self._given = course
        self._downloads = (pdf_dir, slides_dir)

    def on_startup(self, command: str, dirty: bool) -> None:
        """Remember whether this is `mkdocs serve`, where missing downloads are only a preview's gap."""
        self._command = command

    def on_shutdown(self) -> None:
        if self._previews is not None:
            self._previews.cleanup()
            self._previews = None

    @event_priority(-110)  # after mkdocs-static-i18n (-100) has switched the config to the language being built
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load the course (once per build) and set title, description, footer and navigation for this language."""
        course = self._course_build(config).course
        language = _language(config)
        if course.settings is not None:
            settings = course.settings
            # Material writes these into pages as HTML (and into attributes): course text is escaped first
            config.site_name = html.escape(settings.title[language])
            config.site_description = html.escape(settings.subtitle[language])
            config.site_author = html.escape(settings.author[language])
            dated = f"{settings.author[language]} · {localise.long_date(course, language, settings.edition)}"
            config.copyright = html.escape(dated)
        config.nav = navigation(course, language)
        add_overrides(config)
        if SCROLL_REGIONS not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(SCROLL_REGIONS)  # wide tables scroll by keyboard too (the asset says how)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Keep of docs/ only what participants may see, and add this language's participant downloads.

        By allowlist: the course's pages that are not facilitator-only, and the files `published_files` names
        (images participant pages show, the course stylesheet). Anything else under docs/ (a backup
        `page.md~`, `page.MD`, notes, an image only a trainer box uses) never reaches the site or its zip.
        """
        build = self._course_build(config)
        docs = build.course.docs_dir.resolve()
        allowed = published_files(build.course)
        for file in list(files):
            source = Path(file.abs_src_path).resolve() if file.abs_src_path else None
            if source is None or not source.is_relative_to(docs):
                continue  # the theme's own files
            if file.is_documentation_page() and file.src_uri.endswith(".md"):
                page = model_page(build.course, file.src_uri)
                if page is not None and not page.facilitator_only:
                    continue
            elif _unsuffixed(build.course, file.src_uri) in allowed:
                continue
            files.remove(file)
        language = _language(config)
        prefix = "" if language == build.course.default_language.code else f"{language}/"
        if not prefix:
            _add_toolchain_assets(files, config)
        pdf_dir, slides_dir = self._download_dirs(config)
        for download in site_downloads(build.course, language, pdf_dir, slides_dir):
            files.append(self._download_file(config, download.site_path, prefix, download.source_path, build.serving))
        return files

    def on_page_markdown(self, markdown: str, page: SitePage, config: MkDocsConfig, files: Files) -> str:
        """Render the page body from the model's reading (`content.participant_html`); MkDocs gets no Markdown.

        MkDocs' own Markdown engine would read the source a second way; it is handed an empty page, and
        `on_page_content` puts the model's HTML and table of contents in its place. Links are pointed at
        their site URLs as MkDocs would (mkdocs-static-i18n's files find each language's twin).
        """
        build = self._course_build(config)
        model = _model_page(build, page.file.src_uri)
        permalink = localise.word(build.course, _language(config), "permalink")
        options = RenderOptions(permalink, _site_link(files, page.file))
        rendered = participant_html(build.course, model, options)
        build.bodies[page.file.src_uri] = rendered
        return ""

    def on_page_content(self, html: str, page: SitePage, config: MkDocsConfig, files: Files) -> str:
        """The model's HTML of the page, its table of contents, and its tables for the screen: write-in
        worksheets, capitalised method names, glossary rows with ids."""
        build = self._course_build(config)
        course, language = build.course, _language(config)
        model = _model_page(build, page.file.src_uri)
        rendered = build.bodies.pop(page.file.src_uri)
        # what MkDocs' render() sets from the first h1 of the HTML it makes; a title from the nav still wins
        title = next(iter(rendered.toc), None)
        page._title_from_render = title.name if title is not None and title.level == 1 else None
        page.toc = TableOfContents(_toc(rendered.toc))
        if page.toc.items:
            page.toc.items[0].active = True  # type: ignore[attr-defined]  # as MkDocs marks its first entry
        html = for_the_screen(course, model, language, rendered.html)
        if model.kind is PageKind.GLOSSARY:
            url = page.file.dest_uri.removeprefix(language_prefix(course, language))
            try:
                html, entries = index_glossary_rows(course, model, html, url)
            except SearchSetupError as error:
                raise PluginError(str(error)) from None
            build.search_entries.setdefault(language, {}).update((entry["location"], entry) for entry in entries)
        html = mark_han_words(html, language, han_language([lang.code for lang in course.languages]))
        changes = unsafe_changes(html)
        if changes:  # the renderer's allowlist let something through: never publish it
            raise PluginError(f"{model.source_path.as_posix()}: the page holds markup outside the site's allowlist: "
                              f"{changes[0]}")
        return html

    @event_priority(-200)  # last: the page's Content-Security-Policy hashes its final inline scripts
    def on_post_page(self, output: str, page: SitePage, config: MkDocsConfig) -> str:
        """Drop the `<link rel="alternate" hreflang>` tags; point the page at its own language's search index; write
        the page's Content-Security-Policy into it (`site.csp`).

        Material fetches `sitemap.xml` beside each hreflang link to keep readers on the same page when they
        switch language. Their links are relative to the page, so that fetch fails (a console error on every
        page outside the site root, and on every page from file://), and mkdocs-static-i18n already points
        each switcher link at the page's twin.
        """
        output = _HREFLANG_LINK.sub("", output)
        build = self._course_build(config)
        language = _language(config)
        try:
            if not build.course.language(language).default:
                output = point_page_at_language_index(output, language_base(build.course, language, page.file.dest_uri))
            return with_policy(output)
        except (SearchSetupError, PolicyError) as error:
            raise PluginError(f"{page.file.dest_uri}: {error}") from None

    def on_template_context(
        self, context: TemplateContext, /, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        """The 404 page's words in the language being built (`site.theme`)."""
        if template_name == NOT_FOUND:
            not_found_context(self._course_build(config).course, _language(config), config, context)
        return context

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        """Each language's 404 page in its own folder, with its security policy and its language's search."""
        if template_name != NOT_FOUND:
            return output
        build = self._course_build(config)
        language = _language(config)
        try:
            if not build.course.language(language).default:
                output = point_page_at_language_index(output, f"/{language}")
            output = with_policy(output)
        except (SearchSetupError, PolicyError) as error:
            raise PluginError(f"{NOT_FOUND}: {error}") from None
        return not_found_page(build.course, language, config, output)

    @event_priority(-120)  # after mkdocs-static-i18n and the offline plugin (-100) wrote the index of every language
    def on_post_build(self, config: MkDocsConfig) -> None:
        """One search index per language (with the glossary rows) and whole Chinese words in queries.

        mkdocs-static-i18n runs this after each language's build and once more after the last; the last run
        sees the index of every language.
        """
        build = self._course_build(config)
        site_dir = Path(config.site_dir)
        try:
            extra = {language: entries.values() for language, entries in build.search_entries.items()}
            write_language_indexes(build.course, site_dir, extra)
            fix_query_segmentation(site_dir)
        except SearchSetupError as error:
            raise PluginError(str(error)) from None


    def _course_build(self, config: MkDocsConfig) -> _CourseBuild:
        """The course of this build: the one handed over, else loaded and checked on the first event of a config."""
        if self._current is None or self._current.config is not config:
            course = self._given
            if course is None:  # `mkdocs serve`, or MkDocs run by hand
                root = Path(config.config_file_path).resolve().parent
                try:
                    course = checked_course(root)
                except CourseError as error:
                    raise PluginError(f"the course has problems; fix them and build again:\n{error}") from None
            self._current = _CourseBuild(config, course, serving=self._command == "serve")
        return self._current

    def _download_dirs(self, config: MkDocsConfig) -> tuple[Path, Path]:
        """Where the built PDFs and decks are: as the build says, else build/pdf and build/slides (make serve)."""
        if self._downloads is not None:
            return self._downloads
        root = Path(config.config_file_path).resolve().parent
        return root / "build" / "pdf", root / "build" / "slides"

    def _download_file(self, config: MkDocsConfig, site_path: str, prefix: str, source: Path, serving: bool) -> File:
        """A download as a site file, so MkDocs copies it and validates the links to it."""
        if source.is_file():
            file = File.generated(config, site_path, abs_src_path=str(source))
        elif serving:
            log.info(f"preview without {source}: run `make all` to offer the real file")
            file = File.generated(config, site_path, abs_src_path=str(self._placeholder(prefix + site_path, source)))
        else:
            raise PluginError(f"download {source} is missing: build it with `make all` first")
        file.dest_uri = f"{prefix}{site_path}"
        return file

    def _placeholder(self, site_path: str, source: Path) -> Path:
        """A small text file standing in for a download that is not built yet (`mkdocs serve` only).

        A real file, not in-memory content: mkdocs-static-i18n needs every file to have a source path.
        """
        if self._previews is None:
            self._previews = tempfile.TemporaryDirectory(prefix="course-site-preview-")
        path = Path(self._previews.name) / site_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Not built yet: {source}\nRun `make all`, then reload.\n", encoding="utf-8")
        return path


def _unsuffixed(course: Course, src_uri: str) -> str:
    """`assets/images/x.en.png` → `assets/images/x.png`: a file's language twin answers to the name pages use."""
    stem, dot, extension = src_uri.rpartition(".")
    head, _, last = stem.rpartition(".")
    return f"{head}{dot}{extension}" if head and last in {lang.code for lang in course.languages} else src_uri


def _add_toolchain_assets(files: Files, config: MkDocsConfig) -> None:
    """The site's own stylesheet and offline search shim (mkdocs.yml names them), from the package.

    They are the toolchain's, not the course's: a course's docs/ holds only course files. A file of the
    same name under docs/ wins, so a course can restyle its site.
    """
    for path in sorted(p for p in TOOLCHAIN_ASSETS.rglob("*") if p.is_file()):
        site_path = f"assets/{path.relative_to(TOOLCHAIN_ASSETS).as_posix()}"
        if files.get_file_from_path(site_path) is None:
            files.append(File.generated(config, site_path, abs_src_path=str(path)))


def _site_link(files: Files, source: File) -> Callable[[str], str]:
    """A page's relative link (`../modules/02-x.md#id`) as its URL in the site, relative to the page."""

    def link(href: str) -> str:
        parts = urlsplit(href)
        if not parts.path:
            return href
        wanted = posixpath.normpath(posixpath.join(posixpath.dirname(source.src_uri), unquote(parts.path)))
        target = files.get_file_from_path(wanted.lstrip("/"))
        if target is None:
            return href
        url = target.url_relative_to(source)
        return f"{url}#{parts.fragment}" if parts.fragment else url

    return link


def _toc(headings: Iterable[HeadingAnchor]) -> list[AnchorLink]:
    anchors = []
    for heading in headings:
        anchor = AnchorLink(heading.name, heading.id, heading.level)
        anchor.children = _toc(heading.children)
        anchors.append(anchor)
    return anchors


def _language(config: MkDocsConfig) -> str:
    """The language being built: mkdocs-static-i18n sets the theme's language for each build."""
    return str(config.theme["language"])


def _model_page(build: _CourseBuild, src_uri: str) -> Page:
    page = model_page(build.course, src_uri)
    if page is None:
        raise PluginError(f"docs/{src_uri} is not part of the course model")
    return page
