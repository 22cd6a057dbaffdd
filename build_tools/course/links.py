"""Where a link written on a page points inside docs/: one rule for the checks, the site, the PDF and the slides.

Authors write the default language's file names (`../cases/x.md`), whatever language the page is in;
the outputs map them to each language's own page.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from build_tools.course.model import LinkTarget, Page, Reference


def link_target(page: Page, target: str) -> LinkTarget | None:
    """Where a link written on this page points inside docs/ (authors write the default language's name).

    None for web addresses and other schemes, site-absolute paths, and paths that climb out of docs/.
    """
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("/"):
        return None
    fragment = unquote(parts.fragment)
    if not parts.path:
        return LinkTarget(f"{page.key}.md", fragment, same_page=True)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page.key), unquote(parts.path)))
    if joined == ".." or joined.startswith("../"):
        return None
    return LinkTarget(joined, fragment)


def linked_page_keys(page: Page) -> Iterator[tuple[str, str, Reference]]:
    """(page key, fragment, reference) of every link of this page to a Markdown page (itself included)."""
    for reference in page.references:
        target = link_target(page, reference.target)
        if reference.is_image or target is None or target.page_key is None:
            continue
        yield target.page_key, target.fragment, reference
