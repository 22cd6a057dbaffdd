"""Reading laid-out PDF pages as a print designer does (issue 24): lines that hold one Chinese character alone, the
running header's lines, boxes split over pages and the cues they carry, and pages that hold only a heading or an
introduction while what it introduces starts on the next page.

The pages are WeasyPrint's own boxes, laid out exactly as the build writes the PDF; text is read from the line boxes
(word joiners removed), so a table cell's lines are its own, not merged with the cells beside it as pdftotext's
layout mode merges them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from weasyprint.document import Document

from build_tools.course.model import Course, Edition
from build_tools.pdf.document import build_document
from build_tools.pdf.render import RestrictedFetcher, lay_out, render_job_for

CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: Punctuation that goes with a character on its line: "迟。" and "（儒）" are one character alone.
PUNCTUATION = "，。、；：！？）》」』”’…·（《「『“‘,.;:!?()\"' "
#: In-flow content that introduces what follows: a page holding only these does not stand alone.
INTRODUCING = frozenset({"h1", "h2", "h3", "h4", "p"})


def lay_out_pdf(course: Course, language: str, edition: Edition) -> Document:
    """One PDF of `course` laid out by WeasyPrint, as the build renders it."""
    job = render_job_for(course, build_document(course, language, edition))
    return lay_out(job, RestrictedFetcher(job.allowed_roots, job.mounts))


def boxes(box: object) -> Iterator[object]:
    yield box
    for child in getattr(box, "children", None) or ():
        yield from boxes(child)


def text(box: object) -> str:
    return "".join(getattr(b, "text", "") for b in boxes(box) if type(b).__name__ == "TextBox").replace("\u2060", "")


def lines(box: object) -> list[str]:
    """The text of each line box inside `box`, in order."""
    return [text(line) for line in boxes(box) if type(line).__name__ == "LineBox"]


def lone_characters(document: Document) -> list[tuple[int, str, str]]:
    """(page, element tag, line) of every line on the pages, margins included, that holds a single Chinese
    character, alone or with its punctuation."""
    found = []
    for number, page in enumerate(document.pages, start=1):
        for box in boxes(page._page_box):
            if type(box).__name__ != "LineBox":
                continue
            line = text(box)
            kept = "".join(character for character in line if character not in PUNCTUATION and not character.isspace())
            if len(kept) == 1 and CHINESE.match(kept):
                found.append((number, getattr(box, "element_tag", "?"), line))
    return found


def margin(page: object, where: str) -> object | None:
    """The page's margin box at `where` ("@top-left"), if it has one."""
    return next((box for box in boxes(page._page_box)
                 if type(box).__name__ == "MarginBox" and box.at_keyword == where), None)


def margin_lines(page: object, where: str) -> list[str]:
    box = margin(page, where)
    return [line for line in lines(box) if line.strip()] if box is not None else []


def _flow(page: object) -> list[object]:
    """The page's in-flow boxes at the level of a part's children (a heading, a paragraph, a card, a table)."""
    root = page._page_box.children[0]  # <html>
    found: list[object] = []

    def walk(box: object) -> None:
        element = getattr(box, "element", None)
        classes = (element.get("class") or "").split() if element is not None else []
        if element is not None and element.tag in ("html", "body") or "part" in classes:
            for child in getattr(box, "children", None) or ():
                walk(child)
        elif getattr(box, "element_tag", None) and not getattr(box, "is_for_root_element", False):
            found.append(box)

    walk(root)
    return found


def _part(box: object, page: object) -> object | None:
    """The part (a `<section class="part">`) a page's box belongs to."""
    for candidate in boxes(page._page_box):
        element = getattr(candidate, "element", None)
        if element is not None and "part" in (element.get("class") or "").split() and box in boxes(candidate):
            return element
    return None


def pages_of_introductions_alone(document: Document) -> list[tuple[int, list[str]]]:
    """(page, its blocks) of every page whose in-flow content is only headings and paragraphs while the part
    they belong to goes on at the top of the next page: an introduction spilled away from what it introduces."""
    found = []
    pages = document.pages
    for number, page in enumerate(pages[:-1], start=1):
        flow = [box for box in _flow(page) if text(box).strip() or box.element_tag not in ("span", "a")]
        if not flow or any(box.element_tag not in INTRODUCING for box in flow):
            continue
        if len(flow) > 3:
            continue  # a page of several paragraphs is text, not an introduction
        following = _flow(pages[number])
        part = _part(flow[-1], page)
        if following and part is not None and part is _part(following[0], pages[number]):
            found.append((number, [f"{box.element_tag}: {text(box).strip()[:40]}" for box in flow]))
    return found
