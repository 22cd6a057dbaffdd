"""Materials lists and the handouts they link to: one resolution for the checks and for the PDF's copies.

A session's materials list names what the trainer brings; an entry that links to a page with `handout:`
in its front matter is a handout to print (the PDF says where it is and how many copies).
"""

from __future__ import annotations

from collections.abc import Iterator

from build_tools.course.links import link_target
from build_tools.course.model import LanguageView, ListItem, Page, Reference, Session


def materials_items(session: Session) -> tuple[ListItem, ...]:
    """Every entry of the session's materials lists, nested entries included."""
    return tuple(item for block in session.materials for item in block.all_items())


def linked_pages(view: LanguageView, session: Session, item: ListItem) -> Iterator[tuple[Reference, Page]]:
    """The pages of this language that a materials entry links to, with each link (images are not links)."""
    for reference in item.references:
        target = link_target(session.page, reference.target)
        if reference.is_image or target is None or target.page_key is None:
            continue
        page = view.page(target.page_key)
        if page is not None:
            yield reference, page


def linked_handout(view: LanguageView, session: Session, item: ListItem) -> Page | None:
    """The first handout a materials entry links to (None when it links to none)."""
    return next((page for _, page in linked_pages(view, session, item) if page.handout is not None), None)
