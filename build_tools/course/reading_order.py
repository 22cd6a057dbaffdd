"""The order a reader meets a language's pages in: one order for the site's navigation and the PDF."""

from __future__ import annotations

from build_tools.course.editions import pages_of_kind, visible_in
from build_tools.course.model import Edition, LanguageView, Page, PageKind


def reading_order(view: LanguageView, edition: Edition) -> tuple[tuple[Page, int], ...]:
    """(page, depth) in the order a reader meets them; one order for the site's navigation and the PDF.

    Home, agenda, reading; each module with its session pages, each session followed by its cases
    and then by the worksheets that follow it; worksheets that follow no session; other pages; the
    glossary; downloads. Facilitator-only pages only in the facilitator edition.
    """
    ordered: list[tuple[Page, int]] = []
    seen: set[str] = set()

    def add(page: Page, depth: int) -> None:
        if page.key not in seen and visible_in(page, edition):
            seen.add(page.key)
            ordered.append((page, depth))

    for kind in (PageKind.HOME, PageKind.AGENDA, PageKind.READING):
        for page in pages_of_kind(view, kind, edition):
            add(page, 1)
    for module in view.modules:
        add(module.page, 1)
        for session in module.sessions:
            if session.page is not module.page:
                add(session.page, 2)
            for case in view.cases_for(session.id):
                add(case.page, 2)
            for worksheet in view.worksheets_after(session.id):
                add(worksheet.page, 2)
    for page in pages_of_kind(view, PageKind.CASE, edition):
        add(page, 1)
    for worksheet in view.worksheets_after(None):
        add(worksheet.page, 1)
    for kind in (PageKind.PAGE, PageKind.GLOSSARY, PageKind.DOWNLOADS):
        for page in pages_of_kind(view, kind, edition):
            add(page, 1)
    return tuple(ordered)
