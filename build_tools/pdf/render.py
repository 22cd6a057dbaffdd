"""PDF workbooks and facilitator guides in every language: gathered and checked first, then rendered in parallel.

`pdf_document` assembles each PDF's HTML and reports images outside docs/; this module checks that the
named fonts can draw every character, then runs WeasyPrint in worker processes with a fetcher that only
opens files under docs/ and the package's own assets. A refused URL or any WeasyPrint log record at
WARNING or above fails the build. Nothing is written until every PDF rendered cleanly, and each file is
replaced atomically, so a failed build leaves the previous PDFs as they were.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from build_tools.load import LoadResult, relative
from build_tools.model import Course, Edition, SourceLocation
from build_tools.outputs import pdf_path, write_atomically
from build_tools.pdf.document import STYLESHEET, TEMPLATES, PdfDocument, build_document
from build_tools.pdf.fonts import CODE_FONT, TEXT_FONT, missing_characters
from build_tools.problems import CourseError, Problem

#: Folders WeasyPrint may read besides docs/: the package's own templates and assets.
PACKAGE_ASSETS = (TEMPLATES, Path(__file__).resolve().parent / "assets")
MAX_WORKERS = 4
#: Tagged PDF (structure for screen readers). Off: measured here it added 15 % render time and 20 % file size.
PDF_TAGS = True
_CODE_TAGS = frozenset({"code", "pre", "kbd", "samp"})
# --- rendering in a worker process ---------------------------------------------------------------


class RestrictedFetcher(URLFetcher):
    """Opens only `file:` URLs under the allowed folders; anything else stops the render, unread."""

    def __init__(self, allowed_roots: Iterable[str | Path]):
        super().__init__(timeout=5, allowed_protocols={"file"}, allow_redirects=False)
        self.allowed_roots = tuple(Path(root).resolve() for root in allowed_roots)
        self.refused: list[tuple[str, str]] = []

    def fetch(self, url: str, headers: dict | None = None):
        """Refuse (and remember, with the problem code) any URL that is not a file under an allowed folder."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            code = "link.remote_image" if parts.scheme in ("http", "https", "ftp") else "link.outside_docs"
            self.refused.append((url, code))
            raise FatalURLFetchingError(f"refused to fetch {url}")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.allowed_roots):
            self.refused.append((url, "link.outside_docs"))
            raise FatalURLFetchingError(f"refused to read {path}: outside docs/")
        return super().fetch(url, headers)


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


@dataclass(frozen=True)
class RenderOutcome:
    """A rendered PDF, or (with empty `data`) the URLs refused and the WeasyPrint warnings that stopped it."""

    data: bytes
    pages: int
    seconds: float
    refused: tuple[tuple[str, str], ...] = ()
    warnings: tuple[str, ...] = ()


def render_job(job: RenderJob) -> RenderOutcome:
    """Render one PDF with WeasyPrint; never writes a file and never raises for a refused URL or a warning."""
    started = time.perf_counter()
    fetcher = RestrictedFetcher(job.allowed_roots)
    records = _WarningRecords()
    logger = logging.getLogger("weasyprint")
    previous_level = logger.level
    logger.addHandler(records)
    logger.setLevel(logging.WARNING)
    data, pages = b"", 0
    try:
        html = HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher)
        document = html.render(stylesheets=[CSS(filename=str(STYLESHEET), url_fetcher=fetcher)])
        pages = len(document.pages)
        if not records.messages:
            data = document.write_pdf(pdf_identifier=job.identifier, pdf_tags=PDF_TAGS)
    except FatalURLFetchingError:
        data = b""
    finally:
        logger.removeHandler(records)
        logger.setLevel(previous_level)
    if fetcher.refused or records.messages:
        data = b""
    return RenderOutcome(data, pages, time.perf_counter() - started, tuple(fetcher.refused), tuple(records.messages))


# --- checks before rendering ---------------------------------------------------------------------


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


def _stylesheet_location(course: Course) -> SourceLocation:
    return SourceLocation(relative(course.root, STYLESHEET), 1)


def _locate_text(course: Course, document: PdfDocument, needle: str) -> SourceLocation:
    """The first source line of the document that contains `needle`: a page, course.yml, or the template."""
    for page in document.pages:
        for offset, line in enumerate(page.body_lines):
            if needle in line:
                return SourceLocation(page.source_path, page.body_start_line + offset)
    settings = course.settings
    if settings is not None:
        for key in ("title", "subtitle", "audience", "author"):
            if needle in getattr(settings, key)[document.language]:
                return settings.where(key)
    return _stylesheet_location(course)


def glyph_problems(course: Course, document: PdfDocument) -> list[Problem]:
    """Every character of the document that its font cannot draw, at the first line that uses it."""
    drawn = _DrawnText()
    drawn.feed(document.html)
    drawn.close()
    problems: list[Problem] = []
    for family, text in ((TEXT_FONT, "".join(drawn.text)), (CODE_FONT, "".join(drawn.code))):
        for character in missing_characters(text, family):
            problems.append(
                Problem(
                    _locate_text(course, document, character),
                    "pdf.missing_glyph",
                    f"character '{character}' (U+{ord(character):04X}) is not in the font {family}",
                )
            )
    return problems


def _outcome_problems(course: Course, document: PdfDocument, outcome: RenderOutcome) -> list[Problem]:
    """The refused URLs and WeasyPrint warnings of a render, as problems at the line that caused them."""
    problems: list[Problem] = []
    for url, code in outcome.refused:
        parts = urlsplit(url)
        shown = unquote(parts.path) if parts.scheme == "file" else url
        needle = shown if parts.scheme != "file" else Path(shown).name
        if code == "link.remote_image":
            message = f"image '{shown}' is on the internet"
        else:
            message = f"'{shown}' points outside docs/"
        problems.append(Problem(_locate_text(course, document, needle), code, message))
    for message in outcome.warnings:
        problems.append(Problem(_stylesheet_location(course), "pdf.render", f"WeasyPrint: {message}"))
    return problems


# --- all PDFs --------------------------------------------------------------------------------------


def _label(document: PdfDocument) -> str:
    return pdf_path(Path(), document.language, document.edition).as_posix()


def _render_in_parallel(jobs: list[RenderJob], report: Callable[[str], None]) -> list[RenderOutcome]:
    """Render the jobs in worker processes (WeasyPrint is single-threaded); outcomes in job order."""
    workers = max(1, min(MAX_WORKERS, len(jobs), os.cpu_count() or 1))
    report(f"rendering {len(jobs)} PDFs in {workers} processes")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    outcomes: dict[int, RenderOutcome] = {}
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        # The longest documents go first, so the last one to start is short.
        order = sorted(range(len(jobs)), key=lambda index: -len(jobs[index].html))
        futures = {pool.submit(render_job, jobs[index]): index for index in order}
        for future in as_completed(futures):
            index = futures[future]
            outcome = future.result()
            outcomes[index] = outcome
            state = "done" if outcome.data else "FAILED"
            report(f"  {jobs[index].label}: {outcome.pages} pages in {outcome.seconds:.1f} s ({state})")
    return [outcomes[index] for index in range(len(jobs))]


def build_documents(result: LoadResult) -> list[PdfDocument]:
    """The HTML of every PDF: each language's participant workbook and facilitator guide."""
    return [
        build_document(result, language.code, edition)
        for language in result.course.languages
        for edition in (Edition.PARTICIPANT, Edition.FACILITATOR)
    ]


def check_documents(course: Course, documents: list[PdfDocument]) -> None:
    """Raise CourseError with every problem found while assembling the documents and checking their glyphs."""
    problems = [p for document in documents for p in (*document.problems, *glyph_problems(course, document))]
    if problems:
        raise CourseError(list(dict.fromkeys(problems)))


def render_job_for(course: Course, document: PdfDocument) -> RenderJob:
    """The worker's input for one document: HTML, base URL under docs/ and the folders it may read."""
    docs = course.docs_dir.resolve()
    roots = (str(docs), *(str(folder) for folder in PACKAGE_ASSETS))
    return RenderJob(_label(document), document.html, docs.as_uri() + "/", roots, document.identifier)


def _print_now(line: str) -> None:
    print(line, flush=True)


def render_all_pdfs(result: LoadResult, out_dir: Path, report: Callable[[str], None] = _print_now) -> list[Path]:
    """Build the workbook and facilitator guide of every language into `out_dir`; return the paths written.

    Raises CourseError before anything is written when an image leaves docs/, a character has no glyph,
    or WeasyPrint reports a warning; the previous PDFs then stay as they were.
    """
    course = result.course
    started = time.perf_counter()
    documents = build_documents(result)
    check_documents(course, documents)
    report(f"assembled {len(documents)} documents in {time.perf_counter() - started:.1f} s")
    jobs = [render_job_for(course, document) for document in documents]
    outcomes = _render_in_parallel(jobs, report)
    problems = [p for d, o in zip(documents, outcomes, strict=True) for p in _outcome_problems(course, d, o)]
    if problems or not all(outcome.data for outcome in outcomes):
        raise CourseError(list(dict.fromkeys(problems)))
    paths = []
    for document, outcome in zip(documents, outcomes, strict=True):
        path = pdf_path(out_dir, document.language, document.edition)
        write_atomically(path, outcome.data)
        paths.append(path)
    for path, outcome in zip(paths, outcomes, strict=True):
        report(f"wrote {path} ({outcome.pages} pages, {len(outcome.data) / 1024:.0f} KiB)")
    report(f"{len(paths)} PDFs in {time.perf_counter() - started:.1f} s")
    return paths
