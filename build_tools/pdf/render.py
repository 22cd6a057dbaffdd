"""PDF workbooks and facilitator guides in every language: gathered and checked first, then rendered in parallel.

`pdf.document` assembles each PDF's HTML and reports images outside docs/; this module checks that the
named fonts can draw every character (a problem at the line of the node that holds it), then runs
WeasyPrint in worker processes with a fetcher that only opens files under docs/ and the package's own
assets. A refused URL or any WeasyPrint log record at WARNING or above fails the build, reported at the
line of the reference or node it is about. Nothing is written until every PDF rendered cleanly, and each
file is replaced atomically, so a failed build leaves the previous PDFs as they were.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# isort: off
import build_tools.pdf.engine_libraries  # noqa: F401 -- first: WeasyPrint finds its libraries without gcc
from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.urls import FatalURLFetchingError, URLFetcher
# isort: on

from build_tools.course.model import Course, Edition
from build_tools.course.problems import BuildError, CourseError, Problem
from build_tools.course.source import SourceLocation
from build_tools.pdf import engine_speedups, parts
from build_tools.pdf.document import STYLESHEET, TEMPLATES, PdfDocument, build_document
from build_tools.pdf.glyphs import check_documents, source_of_text  # noqa: F401 -- check_documents: for callers of render
from build_tools.pdf.part_cache import PartCache
from build_tools.pdf.tagging import PDF_VARIANT, finish_tags, mark_languages
from build_tools.pdf.urls import DOCS, TOOLCHAIN, real_path, toolchain_url

#: Folders WeasyPrint may read besides docs/: the package's own templates and assets.
PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGE_ASSETS = (TEMPLATES, PACKAGE_DIR / "assets")
mark_languages()  # words in another language than the page's carry /Lang in the tags (`pdf.tagging`)
#: Tagged PDF/UA-1 (structure for screen readers, `pdf.tagging`) unless the course says `tagged_pdf: false`.
#: It costs render time (WeasyPrint writes a structure element for every box); a tagged PDF is joined from
#: its cached parts with its structure tree (`pdf.join_tags`), as an untagged one is.
PDF_TAGS = True
engine_speedups.install()  # the PDF writer's two needless costs (measured there)
# --- rendering in a worker process ---------------------------------------------------------------


class RestrictedFetcher(URLFetcher):
    """Opens only `file:` URLs under the allowed folders; anything else stops the render, unread."""

    def __init__(self, allowed_roots: Iterable[str | Path], mounts: tuple[tuple[str, str], ...] = ()):
        super().__init__(timeout=5, allowed_protocols={"file"}, allow_redirects=False)
        self.allowed_roots = tuple(Path(root).resolve() for root in allowed_roots)
        self.mounts = mounts
        self.refused: list[tuple[str, str]] = []

    def fetch(self, url: str, headers: dict | None = None):
        """Refuse (and remember, with the problem code) any URL that is not a file under an allowed folder.

        Virtual URLs (`pdf.urls`) are read from the folder they are mounted on; WeasyPrint keeps naming the
        resource by the virtual URL, so the PDF holds no path of this machine.
        """
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            code = "link.remote_image" if parts.scheme in ("http", "https", "ftp") else "link.outside_docs"
            self.refused.append((url, code))
            raise FatalURLFetchingError(f"refused to fetch {url}")
        mounted = real_path(url, self.mounts)
        path = (mounted or Path(unquote(parts.path))).resolve()
        if not any(path.is_relative_to(root) for root in self.allowed_roots):
            self.refused.append((url, "link.outside_docs"))
            raise FatalURLFetchingError(f"refused to read {path}: outside docs/")
        return super().fetch(path.as_uri(), headers)


class _WarningRecords(logging.Handler):
    """Collects WeasyPrint's log records at WARNING and above."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@dataclass(frozen=True)
class RenderJob:
    """Everything a worker process needs to render one PDF (plain data, so it can be pickled)."""

    label: str
    html: str
    base_url: str
    allowed_roots: tuple[str, ...]
    identifier: bytes
    mounts: tuple[tuple[str, str], ...] = ()  # virtual URL prefix → real folder (`pdf.urls`)
    tagged: bool = PDF_TAGS
    part_break: str = ""  # where `pdf.parts` may cut the document; empty: render it whole


@dataclass(frozen=True)
class RenderOutcome:
    """A rendered PDF, or (with empty `data`) the URLs refused and the WeasyPrint warnings that stopped it."""

    data: bytes
    pages: int
    seconds: float
    refused: tuple[tuple[str, str], ...] = ()
    warnings: tuple[str, ...] = ()


def lay_out(job: RenderJob, fetcher: RestrictedFetcher, extra_css: str = "") -> Document:
    """The laid-out pages of one PDF (WeasyPrint's boxes), as written to the file: what tests measure."""
    html = HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher)
    stylesheet = CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=fetcher,
                     base_url=toolchain_url(STYLESHEET, PACKAGE_DIR))
    extra = [CSS(string=extra_css, base_url=toolchain_url(STYLESHEET, PACKAGE_DIR))] if extra_css else []
    return html.render(stylesheets=[stylesheet, *extra])


def _render_html(job: RenderJob, extra_css: str = "") -> parts.RenderedPart:
    """Lay out and write `job.html`; never raises for a refused URL or a warning (they are returned)."""
    fetcher = RestrictedFetcher(job.allowed_roots, job.mounts)
    records = _WarningRecords()
    logger = logging.getLogger("weasyprint")
    previous_level = logger.level
    logger.addHandler(records)
    logger.setLevel(logging.WARNING)
    data, pages = b"", 0
    names: tuple[str, ...] = ()
    anchors: dict[str, int] = {}
    try:
        document = lay_out(job, fetcher, extra_css)
        pages = len(document.pages)
        names = tuple(str(getattr(getattr(page, "_page_box", None), "page_type", None) and
                          page._page_box.page_type.name or "") for page in document.pages)
        for index, page in enumerate(document.pages):
            for name in page.anchors:
                anchors.setdefault(name, index)
        if not records.messages:
            if job.tagged:
                data = document.write_pdf(pdf_identifier=job.identifier, pdf_variant=PDF_VARIANT, pdf_tags=True,
                                          finisher=finish_tags)
            else:
                data = document.write_pdf(pdf_identifier=job.identifier, pdf_tags=False)
    except FatalURLFetchingError:
        data = b""
    finally:
        logger.removeHandler(records)
        logger.setLevel(previous_level)
    if fetcher.refused or records.messages:
        data = b""
    return parts.RenderedPart(data, pages, names, anchors, tuple(fetcher.refused), tuple(records.messages))


def render_job(job: RenderJob, cache_dir: Path | None = None) -> RenderOutcome:
    """Render one PDF with WeasyPrint; never writes a file and never raises for a refused URL or a warning.

    With a `cache_dir`, a document keeps its render there and the next render re-renders only the chapters
    whose HTML changed (`pdf.parts`); a clean render is the same either way.
    """
    started = time.perf_counter()
    if not job.part_break or cache_dir is None:
        result = _render_html(job)
    else:
        head, pieces = parts.split(job.html, job.part_break)

        def render(html: str, css: str) -> parts.RenderedPart:
            return _render_html(replace(job, html=html), css)

        cache = PartCache(cache_dir, PDF_VARIANT if job.tagged else "untagged")
        result = parts.render_with_cache(job.html, head, pieces, render, cache, job.identifier,
                                         _resource_fingerprints(job))
    return RenderOutcome(result.data, result.pages, time.perf_counter() - started, result.refused, result.warnings)


_RESOURCE = re.compile(r"""(?:\bsrc=|\burl\()["']?([^"')\s>]+)""")


def _resource_fingerprints(job: RenderJob) -> Callable[[str], str]:
    """For an HTML fragment: each file it names (images, stylesheets' images) with the hash of its bytes."""
    known: dict[str, str] = {}

    def fingerprint(html: str) -> str:
        lines = []
        for url in sorted(set(_RESOURCE.findall(html))):
            full = urljoin(job.base_url, unescape(url))
            if full not in known:
                path = real_path(full, job.mounts)
                try:
                    known[full] = hashlib.sha256(path.read_bytes()).hexdigest() if path is not None else "-"
                except OSError as error:
                    known[full] = f"unreadable: {error.strerror}"
            lines.append(f"{full} {known[full]}")
        return "\n".join(lines)

    return fingerprint




def _mounts(course: Course) -> tuple[tuple[str, str], ...]:
    """The folders behind the virtual URLs (`pdf.urls`): the course's docs/ and the package."""
    return ((DOCS, str(course.docs_dir.resolve())), (TOOLCHAIN, str(PACKAGE_DIR)))


def _shown_url(course: Course, url: str) -> str:
    """A URL as a trainer recognises it: a file under the repository as its relative path."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        return url
    path = real_path(url, _mounts(course)) or Path(unquote(parts.path))
    path = path.resolve() if path.exists() else path
    return path.relative_to(course.root).as_posix() if path.is_relative_to(course.root) else path.as_posix()


def _shown_message(course: Course, message: str) -> str:
    """A WeasyPrint message with file URLs as repository paths and without a dangling ': '."""
    shown = re.sub(r"file://[^'\s]+", lambda m: _shown_url(course, m[0]), message)
    return shown.strip().rstrip(":").strip()


def _source_of_message(course: Course, document: PdfDocument, message: str) -> SourceLocation | None:
    """The line a WeasyPrint message is about: the reference of a URL or link it names, or the node that
    holds the CSS it quotes (an inline `style`); None when it names nothing from the course."""
    for needle, source in document.sources:
        if needle in message:
            return source
    for page in document.pages:
        for reference in page.references:
            if reference.target and reference.target in message:
                return reference.source
    for quoted in re.findall(r"`([^`]+)`", message):
        found = source_of_text(course, document, quoted)
        if found is not None:
            return found
    return None


def _outcome_problems(course: Course, document: PdfDocument, outcome: RenderOutcome) -> list[Problem]:
    """The refused URLs and WeasyPrint warnings of a render, as problems at the line that caused them.

    Raises BuildError for a warning about something no course source holds (the template or stylesheet).
    """
    problems: list[Problem] = []
    unplaced: list[str] = []
    for url, code in outcome.refused:
        shown = _shown_url(course, url)
        message = f"image '{shown}' is on the internet" if code == "link.remote_image" else \
            f"'{shown}' points outside docs/"
        source = _source_of_message(course, document, url)
        if source is None:
            unplaced.append(f"{_label(document)}: {message}")
        else:
            problems.append(Problem(source, code, message))
    for warning in outcome.warnings:
        message = f"WeasyPrint: {_shown_message(course, warning)}"
        source = _source_of_message(course, document, warning)
        if source is None:
            unplaced.append(f"{_label(document)}: {message}")
        else:
            problems.append(Problem(source, "pdf.render", message))
    if unplaced and not problems:
        raise BuildError("the PDF template or stylesheet has problems:\n" + "\n".join(unplaced))
    return problems


# --- all PDFs --------------------------------------------------------------------------------------


def _label(document: PdfDocument) -> str:
    """`zh/manager-roles-zh-workbook.pdf`: the output path under the PDF folder."""
    return f"{document.language}/{document.file_name}"


def build_documents(course: Course) -> list[PdfDocument]:
    """The HTML of every PDF: each language's participant workbook and facilitator guide."""
    return [
        build_document(course, language.code, edition)
        for language in course.languages
        for edition in (Edition.PARTICIPANT, Edition.FACILITATOR)
    ]


def tagged_pdf(course: Course) -> bool:
    """Whether the PDFs are tagged: `tagged_pdf` in course.yml (on unless it says `false`); `PDF_TAGS` without one."""
    return course.settings.tagged_pdf if course.settings is not None else PDF_TAGS


def render_job_for(course: Course, document: PdfDocument) -> RenderJob:
    """The worker's input for one document: HTML, base URL under docs/ and the folders it may read."""
    docs = course.docs_dir.resolve()
    roots = (str(docs), *(str(folder) for folder in PACKAGE_ASSETS))
    return RenderJob(_label(document), document.html, DOCS, roots, document.identifier, _mounts(course),
                     tagged_pdf(course), document.part_break)


def render_one(course: Course, document: PdfDocument, cache_dir: Path | None = None) -> tuple[bytes, int]:
    """Render one assembled and checked document in this process: (PDF bytes, pages).

    Raises CourseError with the problems WeasyPrint reported (at the line they are about); a build job
    calls this in its own worker process, with a folder where the document's rendered parts are kept.
    """
    outcome = render_job(render_job_for(course, document), cache_dir)
    problems = _outcome_problems(course, document, outcome)
    if problems:
        raise CourseError(list(dict.fromkeys(problems)))
    if not outcome.data:
        raise BuildError(f"{_label(document)} could not be rendered")
    return outcome.data, outcome.pages
