"""Pages whose reading failed with a problem already reported: checks that would only repeat it stay quiet."""

from __future__ import annotations

from build_tools.course.model import Course


def unread_pages(course: Course) -> set[tuple[str, str]]:
    """(key, language) of pages whose reading failed with a problem already reported: not saved as UTF-8
    (not in the model at all) or front matter without a usable kind. Checks that would only repeat that
    problem in other words (missing twin, missing page, course sums) stay quiet about them."""
    docs = course.docs_dir.relative_to(course.root)
    read = {page.source_path.as_posix() for page in course.pages}
    codes = {language.code for language in course.languages}
    found = {(page.key, page.language) for page in course.pages if page.kind is None}
    for path in course.files:
        if path.suffix == ".md" and path.as_posix() not in read and path.is_relative_to(docs):
            stem = path.relative_to(docs).as_posix()[: -len(".md")]
            head, _, last = stem.rpartition(".")
            found.add((head, last) if head and last in codes else (stem, course.default_language.code))
    return found
