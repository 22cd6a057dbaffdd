"""Reading laid-out PDF pages as a print designer does (issue 24): lines that hold one Chinese character alone, the
running header's lines, boxes split over pages and the cues they carry, and pages that hold only a heading or an
introduction while what it introduces starts on the next page.

The pages are WeasyPrint's own boxes, laid out exactly as the build writes the PDF; text is read from the line boxes
(word joiners removed), so a table cell's lines are its own, not merged with the cells beside it as pdftotext's
layout mode merges them.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path

from kept_verdicts import keep_verdict, kept_verdict, verdict_key
from weasyprint.document import Document

from build_tools.course.model import Course, Edition
from build_tools.pdf.document import build_document
from build_tools.pdf.render import RenderJob, RestrictedFetcher, lay_out, render_job_for

CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: Punctuation that goes with a character on its line: "迟。" and "（儒）" are one character alone.
PUNCTUATION = "，。、；：！？）》」』”’…·（《「『“‘,.;:!?()\"' "
#: In-flow content that introduces what follows: a page holding only these does not stand alone.
INTRODUCING = frozenset({"h1", "h2", "h3", "h4", "p"})


def lay_out_pdf(course: Course, language: str, edition: Edition) -> Document:
    """One PDF of `course` laid out by WeasyPrint, as the build renders it."""
    job = render_job_for(course, build_document(course, language, edition))
    return lay_out(job, RestrictedFetcher(job.allowed_roots, job.mounts))


def _has_class(box: object, name: str) -> bool:
    element = getattr(box, "element", None)
    return element is not None and name in (element.get("class") or "").split()


def print_facts(document: Document) -> dict[str, object]:
    """What the print checks of tests/test_course_content.py read of a laid-out PDF, as plain data: lone
    characters, each page's margin lines, introductions alone, closing boxes alone or away from their sessions,
    pages left blank before a box that splits anyway, tables' short tails, pages left blank before a stacked
    handout card, boxes that reach past the text area, the cover, blank write-in cells (mm), and the chapter
    headings each page starts."""
    mm = 25.4 / 96
    pages = document.pages
    cover = pages[0]._page_box
    return {
        "lone": lone_characters(document),
        "margins": [{where: margin_lines(page, where) for where in ("@top-left", "@top-right", "@bottom-right")}
                    for page in pages],
        "introductions_alone": pages_of_introductions_alone(document),
        "closing_boxes_alone": pages_of_closing_boxes_alone(document),
        "session_ends_on_top": pages_of_session_ends_on_top(document),
        "blank_before_split_boxes": pages_left_blank_before_a_split_box(document),
        "table_tails": table_tails(document),
        "blank_before_record_cards": pages_left_blank_before_a_record_card(document),
        "past_the_text_area": boxes_past_the_text_area(document),
        "cover": [cover.page_type.name, cover.style["background_color"].alpha],
        "blank_cells": [(number, box.padding_width() * mm, box.padding_height() * mm)
                        for number, page in enumerate(pages, start=1) for box in boxes(page._page_box)
                        if type(box).__name__ == "TableCellBox" and _has_class(box, "blank")],
        "chapter_starts": [[text(box).strip() for box in boxes(page._page_box) if type(box).__name__ == "BlockBox"
                            and getattr(box, "element_tag", "") == "h1" and _has_class(box, "chapter")]
                           for page in pages],
    }


@functools.cache
def _folder_key(root: str, by_contents: bool) -> str:
    """A folder's files, relative to it, by their bytes (what a document may load) or by their sizes and times
    (the system's fonts); worked out once per test run for the four PDFs."""
    parts: list[bytes | str] = []
    for file in sorted(Path(root).rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts:
            stat = file.stat()
            parts += [file.relative_to(root).as_posix(),
                      file.read_bytes() if by_contents else f"{stat.st_size} {stat.st_mtime_ns}"]
    return verdict_key(*parts)


def _layout_key(job: RenderJob) -> str:
    """Everything a layout depends on: the document, the files it may load, the engine's versions, the system's
    fonts, and this file's code."""
    import importlib.metadata

    parts: list[bytes | str] = [job.html, repr((job.tagged, job.part_break)), Path(__file__).read_bytes()]
    parts += [importlib.metadata.version(name) for name in ("weasyprint", "pydyf", "tinycss2", "cssselect2")]
    parts += [_folder_key(root, True) for root in job.allowed_roots]
    parts += [_folder_key(root, False) for root in ("/usr/share/fonts", "/etc/fonts")]
    return verdict_key(*parts)


def kept_print_facts(course: Course, language: str, edition: Edition) -> dict[str, object]:
    """`print_facts` of one PDF of `course` laid out as the build renders it, kept between test runs under
    `_layout_key` (tests/kept_verdicts.py): the PDF is laid out again only when something it depends on changed."""
    job = render_job_for(course, build_document(course, language, edition))
    key = _layout_key(job)
    facts = kept_verdict("print-facts", key)
    if not isinstance(facts, dict):
        facts = json.loads(json.dumps(print_facts(lay_out(job, RestrictedFetcher(job.allowed_roots, job.mounts)))))
        keep_verdict("print-facts", key, facts)
    return facts


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


def pages_of_closing_boxes_alone(document: Document) -> list[tuple[int, str]]:
    """(page, the box's text) of every page whose in-flow content is one short box (with its answer lines: under
    three tenths of the page) that ends its part: "Materials" alone on a page before the next course page (a review
    found five)."""
    found = []
    pages = document.pages
    for number, page in enumerate(pages, start=1):
        flow = [box for box in _flow(page) if text(box).strip() and not _has_class(box, "answer-lines")]
        if len(flow) != 1 or not _has_class(flow[0], "admonition"):
            continue
        if flow[0].margin_height() > 0.3 * page._page_box.height:
            continue  # a long box's last part: a page well filled
        part = _part(flow[0], page)
        following = _flow(pages[number]) if number < len(pages) else []
        if not following or part is not _part(following[0], pages[number]):
            found.append((number, text(flow[0]).strip()[:40]))
    return found


def _next_in_part(pages: list, number: int, index: int) -> object | None:
    """The in-flow box after the `index`th of page `number` (answer lines aside), on this page or the next."""
    following = [box for box in _flow(pages[number - 1])[index + 1 :] if not _has_class(box, "answer-lines")]
    if following:
        return following[0]
    return _flow(pages[number])[0] if number < len(pages) and _flow(pages[number]) else None


def pages_of_session_ends_on_top(document: Document) -> list[tuple[int, str]]:
    """(page, the box's text) of every page that starts with a short box (under three tenths of the page) closing
    a session, which begins on this page while its session goes before it on the page before: "Materials" at the
    top of a page in the middle of a guide (a review found four in the English guide, eight in the Chinese), and
    a workbook's question after a diagram (two in the English workbook, five in the Chinese)."""
    found = []
    pages = document.pages
    for number in range(2, len(pages) + 1):
        page, before = pages[number - 1], _flow(pages[number - 2])
        flow = _flow(page)
        if not flow or not before or not _has_class(flow[0], "admonition"):
            continue
        box = flow[0]
        if before[-1].element is box.element or box.margin_height() > 0.3 * page._page_box.height:
            continue  # the rest of a box split over pages, or a long box
        if _part(before[-1], pages[number - 2]) is not _part(box, page):
            continue
        after = _next_in_part(pages, number, 0)
        if after is None or after.element_tag in ("h1", "h2", "h3") or _part(after, page) is not _part(box, page):
            found.append((number, text(box).strip()[:40]))
    return found


def pages_left_blank_before_a_split_box(document: Document) -> list[tuple[int, float]]:
    """(page, the share of its height its content takes) of every page under half full whose part goes on with a
    box that splits over the next two pages anyway: kept whole, it left the page before it half blank (a review
    found trainer notes longer than a page after such a page in both guides)."""
    found = []
    pages = document.pages
    for number in range(1, len(pages) - 1):
        flow, after, later = _flow(pages[number - 1]), _flow(pages[number]), _flow(pages[number + 1])
        if not flow or not after or not later or not _has_class(after[0], "admonition"):
            continue
        splits = after[-1].element is after[0].element and later[0].element is after[0].element
        if not splits or _part(flow[-1], pages[number - 1]) is not _part(after[0], pages[number]):
            continue
        height = pages[number - 1]._page_box.height
        share = (flow[-1].position_y + flow[-1].margin_height() - flow[0].position_y) / height
        if share < 0.5:
            found.append((number, round(share, 2)))
    return found


def table_tails(document: Document) -> list[tuple[int, int]]:
    """(page, body rows) of every page that starts with the rest of a table from the page before holding fewer than
    three of its body rows (the repeated header aside): a table's last row or two alone on a page (a review found
    them in both guides)."""
    found = []
    pages = document.pages
    for number in range(2, len(pages) + 1):
        flow, before = _flow(pages[number - 1]), _flow(pages[number - 2])
        if not flow or not before or before[-1].element is not flow[0].element or flow[0].element_tag != "table":
            continue
        rows = [row for group in boxes(flow[0]) if type(group).__name__ == "TableRowGroupBox"
                and not group.is_header for row in group.children]
        if len(rows) < 3:
            found.append((number, len(rows)))
    return found


def pages_left_blank_before_a_record_card(document: Document) -> list[tuple[int, float]]:
    """(page, the share of its height its content takes) of every page under two thirds full whose part goes on with
    a handout's card holding a stacked table of four records or more (a self-assessment's theme) at the top of the
    next page: the card,
    kept whole, moved and left a third of a page or more blank (a review found four such pages in a row in the
    English workbook's self-assessment)."""
    found = []
    pages = document.pages
    for number in range(1, len(pages)):
        flow, following = _flow(pages[number - 1]), _flow(pages[number])
        if not flow or not following or not _has_class(following[0], "card"):
            continue
        starts = [box for box in boxes(following[0]) if type(box).__name__ == "TableRowBox"
                  and _has_class(box, "record-start")]
        if len(starts) < 3:
            continue  # no stacked table of four records or more: too short to break (pdf/record_cards.py)
        if _part(flow[-1], pages[number - 1]) is not _part(following[0], pages[number]):
            continue
        page = pages[number - 1]._page_box
        share = (max(box.position_y + box.margin_height() for box in flow) - page.content_box_y()) / page.height
        if share < 2 / 3:
            found.append((number, round(share, 2)))
    return found


def boxes_past_the_text_area(document: Document) -> list[tuple[int, str, float]]:
    """(page, element, mm) of each table, figure or block whose border reaches more than half a millimetre past the
    right edge of its page's text area, where a printer's margin may cut it off (once per element and page)."""
    mm = 25.4 / 96
    found: dict[tuple[int, int], tuple[int, str, float]] = {}
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        right = page_box.content_box_x() + page_box.width
        for box in boxes(page_box):
            if type(box).__name__ not in ("TableBox", "BlockBox") or getattr(box, "element", None) is None:
                continue
            over = (box.border_box_x() + box.border_width() - right) * mm
            if over > 0.5:
                classes = ".".join((box.element.get("class") or "").split())
                found.setdefault((number, id(box.element)), (number, f"{box.element_tag}.{classes}", round(over, 1)))
    return list(found.values())
