"""Rules for the files under docs/: what no output publishes, names that clash on Windows or macOS, and a
downloads page in every language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from build_tools.checks.rules_languages import language_name
from build_tools.course.links import link_target
from build_tools.course.model import Course, PageKind
from build_tools.course.problems import Problem
from build_tools.course.settings import SETTINGS_FILE
from build_tools.course.source import SourceLocation
from build_tools.course.translations import FOLDER as RECORDS_FOLDER
from build_tools.parts.output_files import COURSE_STYLESHEET


def check_files(course: Course) -> Iterator[Problem]:
    """Files under docs/ that no page reads or shows: no output publishes them, so a trainer hears of it.

    A page saved as `page.MD`, an editor's backup `page.md~` or a notes file is left out of every output
    (outputs are made by allowlist); the warning says so instead of leaving it silently unpublished.
    """
    docs = course.docs_dir.relative_to(course.root) if course.docs_dir.is_relative_to(course.root) else None
    if docs is None:
        return
    read = {page.source_path for page in course.pages}
    used = {target.path for page in course.pages for reference in page.references
            if (target := link_target(page, reference.target)) is not None}
    for path in course.files:
        if path in read or not path.is_relative_to(docs) or path.suffix == ".md":
            continue  # pages, and pages that could not be read (reported as such)
        name = path.relative_to(docs).as_posix()
        if name in used or name in (SETTINGS_FILE, COURSE_STYLESHEET) or name.startswith(f"{RECORDS_FOLDER}/"):
            continue
        yield Problem(SourceLocation(path, 1), "file.not_published",
                      f"no page uses '{name}': no output publishes it")


def check_file_names(course: Course) -> Iterator[Problem]:
    """Files whose names differ only in letter case: unzipped on Windows or macOS, one replaces the other."""
    seen: dict[str, Path] = {}
    for path in sorted(course.files):
        key = path.as_posix().lower()
        if key in seen:
            yield Problem(SourceLocation(path, 1), "file.case_clash",
                          f"'{path.as_posix()}' and '{seen[key].as_posix()}' differ only in letter case: on Windows "
                          "or macOS one replaces the other")
        else:
            seen[key] = path


def check_downloads(course: Course) -> Iterator[Problem]:
    """Downloads are built for every language, so every language needs a page that offers them."""
    for language in course.languages:
        pages = course.view(language.code).pages
        if pages and not any(p.kind is PageKind.DOWNLOADS for p in pages):
            where = course.settings.source if course.settings else pages[0].source
            yield Problem(where, "page.no_downloads",
                          f"the {language_name(language)} pages have no downloads page for the PDFs and decks")
