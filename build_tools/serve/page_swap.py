"""The quick path of a saved page: its new body put into the last full site's page, before MkDocs is done.

A full MkDocs build of the first course takes seconds; reading, checking and rendering one page takes a
fraction of one. So when a save changed only the text of some pages (same pages, same headings, same course
settings), each changed page's new body is rendered the way the course plugin renders it and put in place of
its old body in the last site's HTML; the full build follows and replaces it all.

The swap checks itself: it renders the *old* body with the same function and swaps only where that exact text
is found in the built page, so a page this renderer would not reproduce is simply left to the full build.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from build_tools.course import localise
from build_tools.course.model import Course, Page, PageKind
from build_tools.parts.foreign_words import han_language, mark_han_words
from build_tools.parts.markdown_html import RenderOptions
from build_tools.site.content import participant_html
from build_tools.site.csp import with_policy
from build_tools.site.tables import for_the_screen

_POLICY = re.compile(r'\n?\s*<meta http-equiv="Content-Security-Policy" content="[^"]*">')


@dataclass(frozen=True)
class Swap:
    """One site page's old body and its new one."""

    site_path: str  # e.g. `en/modules/01-x.html`
    old: str
    new: str


def quick_swaps(old: Course, new: Course, site: Path) -> list[Swap] | None:
    """The swaps that show `new` in the site built from `old`, or None when a save changed more than the
    text of pages (the full build must run first) or a page's old body is not found as rendered here."""
    if old.settings != new.settings or [p.key for p in old.pages] != [p.key for p in new.pages]:
        return None
    swaps = []
    for before, after in zip(old.pages, new.pages, strict=True):
        if before.body_lines == after.body_lines and before.front_matter == after.front_matter:
            continue
        if before.facilitator_only != after.facilitator_only or _headings(before) != _headings(after):
            return None
        if after.facilitator_only:
            continue  # never on the site
        if after.kind is PageKind.GLOSSARY:
            return None  # its rows are indexed for search by the full build
        site_path = _site_path(new, after)
        built = site / site_path
        if not built.is_file():
            return None
        old_body, new_body = page_body(old, before), page_body(new, after)
        if old_body not in built.read_text(encoding="utf-8"):
            return None
        swaps.append(Swap(site_path, old_body, new_body))
    return swaps


def swapped(page: str, swap: Swap) -> str:
    """A built page with its body swapped and its Content-Security-Policy computed again for the new body."""
    return with_policy(_POLICY.sub("", page.replace(swap.old, swap.new, 1), count=1))


def page_body(course: Course, page: Page) -> str:
    """A page's body as the course plugin makes it (`on_page_markdown` and `on_page_content`)."""
    language = page.language
    permalink = localise.word(course, language, "permalink")
    rendered = participant_html(course, page, RenderOptions(permalink, _link(course, page)))
    body = for_the_screen(course, page, language, rendered.html)
    return mark_han_words(body, language, han_language([lang.code for lang in course.languages]))


def _headings(page: Page) -> list[tuple[int, str, str | None]]:
    return [(h.level, h.title, h.id) for h in page.headings]


def _site_path(course: Course, page: Page) -> str:
    prefix = "" if course.language(page.language).default else f"{page.language}/"
    return f"{prefix}{page.key}.html"


def _link(course: Course, page: Page) -> Callable[[str], str]:
    """Links to pages as the site writes them (`x.md#id` → `x.html#id`; the site has no directory URLs)."""
    keys = {p.key for p in course.pages_in(page.language)}
    folder = posixpath.dirname(page.key)

    def link(href: str) -> str:
        parts = urlsplit(href)
        if not parts.path or not parts.path.endswith(".md"):
            return href
        target = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
        if target.removesuffix(".md") not in keys:
            return href
        url = parts.path.removesuffix(".md") + ".html"
        return f"{url}#{parts.fragment}" if parts.fragment else url

    return link
