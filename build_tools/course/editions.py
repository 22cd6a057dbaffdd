"""What each edition shows: participants never see facilitator-only pages, blocks or sections.

The model records what is written (`facilitator_only: true`, `!!! trainer` boxes, `.facilitator-only`
headings); this module is the one place that turns that into what an edition leaves out, so the site,
the PDF and the checks hide exactly the same lines.
"""

from __future__ import annotations

from build_tools.course.model import Edition, LanguageView, Page, PageKind


def visible_in(page: Page, edition: Edition) -> bool:
    """Facilitator-only pages are left out of the participant edition."""
    return edition is Edition.FACILITATOR or not page.facilitator_only


def hidden_lines(page: Page, edition: Edition) -> list[tuple[int, int]]:
    """(first, last) source lines this edition leaves out: facilitator blocks and sections for the other edition.

    A heading with the class `.facilitator-only` hides its section (down to the next heading of its
    level or higher) from participants; `.participant-only` hides it from the facilitator edition.
    """
    hidden = []
    if edition is Edition.PARTICIPANT:
        hidden += [(b.source.line, b.end_line) for b in page.blocks if b.kind.facilitator_only]
    other = "facilitator-only" if edition is Edition.PARTICIPANT else "participant-only"
    headings = page.headings
    for index, heading in enumerate(headings):
        if other not in heading.classes:
            continue
        following = next((h for h in headings[index + 1 :] if h.level <= heading.level), None)
        last = following.source.line - 1 if following else page.body_start_line + len(page.body_lines) - 1
        hidden.append((heading.source.line, last))
    return hidden


def shows_line(page: Page, edition: Edition, line: int) -> bool:
    """True when a source line reaches this edition (not on a page, in a block or a section hidden from it)."""
    if not visible_in(page, edition):
        return False
    return not any(first <= line <= last for first, last in hidden_lines(page, edition))


def body_markdown(page: Page, edition: Edition) -> str:
    """The page's Markdown without front matter, as one edition shows it (see `hidden_lines`).

    Lines are blanked rather than removed, so line numbers reported by later steps still match.
    """
    lines = list(page.body_lines)
    for first, last in hidden_lines(page, edition):
        for index in range(first - page.body_start_line, last - page.body_start_line + 1):
            lines[index] = ""
    return "\n".join(lines) + "\n"


def pages_of_kind(view: LanguageView, kind: PageKind, edition: Edition = Edition.FACILITATOR) -> tuple[Page, ...]:
    """This language's pages of one kind that the edition shows, in source order."""
    return tuple(p for p in view.pages if p.kind is kind and visible_in(p, edition))
