"""Rules for how pages are written: titles, heading levels and ids, front-matter keys for the page kind, list
indentation, markers, and the raw HTML a page may hold."""

from __future__ import annotations

import re
from collections.abc import Iterator

from build_tools.course.assemble import is_session_heading
from build_tools.course.markdown_reading import ALLOWED_HTML_TAGS, allowed_tag, html_pieces
from build_tools.course.model import Block, BlockKind, Course, Page, PageKind
from build_tools.course.problems import Problem
from build_tools.course.settings_model import Copies
from build_tools.course.source import SourceLocation
from build_tools.parts.generated_markdown import MARKERS

_PAGE_KEYS_BY_KIND = {"minutes": (PageKind.MODULE,), "session": (PageKind.CASE,)}
def check_pages(course: Course) -> Iterator[Problem]:
    """Titles, heading levels and ids, front-matter keys that fit the page kind, blocks and markers."""
    for page in course.pages:
        yield from _check_headings(page)
        for entry in page.front_matter:
            wanted = _PAGE_KEYS_BY_KIND.get(entry.key)
            if wanted is not None and page.kind is not None and page.kind not in wanted:
                kinds = " and ".join(k.value for k in wanted)
                yield Problem(entry.source, "page.invalid_value", f"'{entry.key}' only applies to {kinds} pages")
            if entry.key == "handout" and entry.value is not None and entry.value not in {c.value for c in Copies}:
                allowed = ", ".join(c.value for c in Copies)
                yield Problem(entry.source, "page.invalid_value",
                              f"'handout' must be one of {allowed}, not '{entry.value}'")
        if page.kind is PageKind.MODULE and page.entry("minutes") is None:
            yield Problem(page.source, "page.missing_key", "module page has no 'minutes' in its front matter")
        if page.kind is PageKind.CASE:
            session_id = page.setting("session")
            if page.entry("session") is None:
                yield Problem(page.source, "page.missing_key", "case page has no 'session' in its front matter")
            elif session_id is not None and course.session(str(session_id), page.language) is None and (
                    course.session(str(session_id), course.default_language.code) is None):
                # a session missing from a translation only is the missing twin or structure problem itself
                entry = next(e for e in page.front_matter if e.key == "session")
                yield Problem(entry.source, "session.unknown", f"no session has the id '{session_id}'")
        if page.kind is not None and page.kind not in (PageKind.MODULE, PageKind.SESSION):
            for heading in page.headings:
                if is_session_heading(heading):
                    yield Problem(heading.source, "session.outside_module",
                                  f"heading '{heading.title}' has session attributes but this is a "
                                  f"{page.kind.value if page.kind else 'page'} page, not a module")
        for block in page.blocks:
            yield from _check_list_indent(block)
            if block.kind is BlockKind.MARKER and block.marker not in MARKERS:
                known = ", ".join(f"course:{m}" for m in MARKERS)
                yield Problem(
                    block.source, "block.unknown_marker", f"unknown marker 'course:{block.marker}' (known: {known})"
                )


_SHALLOW_LIST_ITEM = re.compile(r"^( {1,3})(?:[-*+]|\d+\.)\s+\S")


def _check_list_indent(block: Block) -> Iterator[Problem]:
    """House style: nested list items indented by 4 spaces (the one reading nests 2 spaces too, but a source
    that mixes both is hard to read and was flattened by the site's former second engine)."""
    in_code = False
    for offset, line in enumerate(block.markdown.splitlines()):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        match = None if in_code else _SHALLOW_LIST_ITEM.match(line)
        if match:
            line_number = block.source.line + offset + (1 if block.kind.is_admonition else 0)
            yield Problem(
                SourceLocation(block.source.path, line_number),
                "block.list_indent",
                f"list item indented by {len(match[1])} space(s)",
            )


def _check_headings(page: Page) -> Iterator[Problem]:
    headings = page.headings
    if not headings or headings[0].level != 1:
        yield Problem(page.source, "page.no_title", "page does not start with a level-1 heading")
    seen: dict[str, SourceLocation] = {}
    previous = 0
    for heading in headings:
        if previous and heading.level > previous + 1:
            yield Problem(
                heading.source, "heading.jump", f"heading jumps from level {previous} to level {heading.level}"
            )
        previous = heading.level
        if not heading.id:
            yield Problem(heading.source, "heading.missing_id", f"heading '{heading.title}' has no {{#id}}")
        elif heading.id in seen:
            yield Problem(
                heading.source,
                "heading.duplicate_id",
                f"id '{heading.id}' is already used on line {seen[heading.id].line}",
            )
        else:
            seen[heading.id] = heading.source


def check_raw_html(course: Course) -> Iterator[Problem]:
    """Raw HTML is limited to a few inline marks: no scripts, styles, frames, images or event handlers.

    The site would run a `<script>`, WeasyPrint would fetch what an `<img>` names, and slides cannot show
    HTML at all, so anything else is reported instead of silently doing something different per output.
    Comments end where a browser ends them (`<!-->` is a whole comment), so nothing hides behind one.
    """
    allowed = ", ".join(f"<{tag}>" for tag in ALLOWED_HTML_TAGS)
    for page in course.pages:
        for fragment in page.raw_html:
            for piece in html_pieces(fragment.text):
                if piece.kind != "tag" or piece.closing or allowed_tag(piece):
                    continue  # a closing tag: its opening tag is the one reported
                shown = piece.text if len(piece.text) <= 60 else piece.text[:60] + "…"
                yield Problem(fragment.source, "html.not_allowed",
                              f"raw HTML '{shown}' is not allowed (allowed: {allowed} and comments)")
