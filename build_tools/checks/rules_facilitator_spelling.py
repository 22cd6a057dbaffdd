"""Facilitator boxes that are not written exactly right: what participants would see by mistake.

Only `!!! trainer` / `!!! materials` at the start of a line, with a body indented by 4 spaces, is hidden
from participants. The loader reads what is written; this check judges the near misses, line by line in
each page's source, because a near miss is by definition not read as a box.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from build_tools.course.markdown_reading import unfold_lookalike
from build_tools.course.model import Course, Page
from build_tools.course.problems import Problem
from build_tools.course.source import SourceLocation

_OPENER_PREFIX = r"((?:[ \t>]|[-*+][ \t]|\d{1,9}[.)][ \t])*)"
"""What may stand before a box opener that is still read as one: indentation, quote and list markers."""
_EXACT_OPENER = r'!!! (trainer|materials)( "[^"\n]*")?'


def check_facilitator_spelling(course: Course) -> Iterator[Problem]:
    """Lines that read as a facilitator box but are not exactly one: participants would see them.

    A near miss is an error: another spelling (`!!!trainer`, `!!! Trainer`, `??? trainer`), full-width
    `！！！` from a Chinese input method, an invisible character inside the word, a box inside a list or
    a quote, a tab-indented body, or a body line indented by fewer than 4 spaces (or by no-break spaces),
    which ends the box and is published.
    """
    for page in course.pages:
        yield from lookalikes(page)


def lookalikes(page: Page) -> Iterator[Problem]:
    """`check_facilitator_spelling` on one page: it depends on nothing else (`checks.page_rules` keeps it)."""
    fence: str | None = None
    for index, line in enumerate(page.body_lines):
        unfolded = unfold_lookalike(line)
        stripped = unfolded.strip()
        if fence:
            if stripped.startswith(fence):
                fence = None
            continue
        opening = re.match(r"^\s*(`{3,}|~{3,})", line)
        if opening:
            fence = opening[1]
            continue
        if "!!!" not in unfolded and "???" not in unfolded:  # no opener, however spelt (the pattern needs one)
            continue
        match = re.match(_OPENER_PREFIX + r"(!!!|\?\?\?\+?)\s*(.*)$", unfolded)
        if not match:
            continue
        words = match[3].split('"')[0].lower().split()
        if not any(w.strip("-_") in ("trainer", "materials") or "trainer" in w or "material" in w for w in words):
            continue
        yield from _lookalike(page, index, line.rstrip(), unfolded.rstrip(), match[1])


def _lookalike(page: Page, index: int, line: str, unfolded: str, prefix: str) -> Iterator[Problem]:
    """The problem with one line that looks like a facilitator box opener (none when the box is sound)."""
    body = page.body_lines
    exact = re.fullmatch(_EXACT_OPENER, line)
    body_tabs = index + 1 < len(body) and body[index + 1].startswith("\t")
    if exact and not body_tabs:
        cut = _cut_from_body(body, index)
        if cut is not None:
            yield Problem(_at(page, cut), "block.facilitator_spelling",
                          f"this line is not indented by 4 spaces, so it ends the '{line.strip()}' block of line "
                          f"{_at(page, index).line}: participants would see it")
        return
    inner = unfolded[len(prefix):].strip()
    if not exact and re.fullmatch(_EXACT_OPENER, inner) and unfolded == line:
        where = ("inside a quote" if ">" in prefix else "in a list" if prefix.strip(" \t>") else "indented")
        yield Problem(_at(page, index), "block.nested_facilitator",
                      f"'{inner}' is {where}: only a box at the start of a line is hidden from participants for sure")
        return
    if exact:
        reason = "its body is indented with a tab, not 4 spaces"
    elif unfolded != line and re.fullmatch(r"\s*" + _EXACT_OPENER, unfolded):
        reason = f"'{line.strip()}' holds full-width, no-break or invisible characters"
    else:
        reason = f"'{line.strip()}' is not written exactly '!!! trainer \"…\"' or '!!! materials \"…\"'"
    yield Problem(_at(page, index), "block.facilitator_spelling",
                  f"this looks like a facilitator block but {reason}: participants would see it")


def _at(page: Page, line_index: int) -> SourceLocation:
    """Location of a 0-based body line."""
    return SourceLocation(page.source_path, page.body_start_line + line_index)


def _cut_from_body(body: Sequence[str], opener: int) -> int | None:
    """The first line that ends the box opened at `opener` but reads as part of it: a line right under the
    box that is not indented by 4 spaces, or, after a blank line, a line indented by 1 to 3 spaces or by
    no-break or ideographic spaces. Each is published as ordinary text after the box."""
    previous_blank = False
    for index in range(opener + 1, len(body)):
        line = body[index]
        if not line.strip(" \t"):
            previous_blank = True
            continue
        if line.startswith(("    ", "\t")):
            previous_blank = False
            continue
        if line.startswith(("!!!", "???")):
            return None  # the next box starts: its own spelling is checked on its line
        if not previous_blank or line[:1] in (" ", "\u00a0", "\u3000", "\u2007", "\u202f"):
            return index
        return None
    return None
