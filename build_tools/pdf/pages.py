"""A course page as a part of the PDF: its own Markdown converted by the site's converter, then laid out for paper.

Pages come in the site's reading order (`LanguageView.reading_order`), without the downloads page. A
course whose pages show no agenda gets a generated agenda section.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from xml.etree import ElementTree

from build_tools.course.display_names import capitalised
from build_tools.course.model import BlockKind, Edition, LanguageView, Page, PageKind
from build_tools.course.reading_order import reading_order
from build_tools.parts.generated_markdown import agenda_markdown, filled_markdown_lines
from build_tools.parts.write_in import has_write_in_tables
from build_tools.pdf.anchors import part_id
from build_tools.pdf.assembly import Assembly, Part, TocEntry
from build_tools.pdf.beside_diagrams import set_questions_beside_diagrams
from build_tools.pdf.elements import HEADINGS, add_class, classes, inner_html, remove_keeping_tail, text_of
from build_tools.pdf.fonts import text_font
from build_tools.pdf.headings import decorate_headings
from build_tools.pdf.links import check_resources, point_links
from build_tools.pdf.record_cards import let_long_record_cards_break
from build_tools.pdf.spills import (
    fits_beside_an_introduction,
    longer_than_a_page,
    short_closing_box,
    too_tall_to_move_along,
)
from build_tools.pdf.table_layout import lay_out_table, lay_out_write_in
from build_tools.pdf.whole_words import keep_words_whole


def _page_markdown(assembly: Assembly, page: Page) -> str:
    """The page's Markdown for this edition, with generated parts in place of their markers."""
    return "\n".join(filled_markdown_lines(assembly.course, page, assembly.edition, downloads_prefix="."))


def _capitalise_methods(assembly: Assembly, table: ElementTree.Element) -> None:
    """The method column of a generated table (the agenda) capitalised like the run sheet's, at display time."""
    header = [text_of(cell) for cell in table.iterfind("thead/tr/th")]
    if assembly.word("method") not in header:
        return
    column = header.index(assembly.word("method"))
    for row in table.iterfind("tbody/tr"):
        cells = list(row)
        cell = cells[column] if column < len(cells) else None
        if cell is not None and cell.text and not len(cell):
            cell.text = capitalised(cell.text)


def _decorate_tables(assembly: Assembly, page: Page, root: ElementTree.Element) -> None:
    """Tables laid out for paper (see `pdf.table_layout`): a worksheet's empty cells get room to write by hand,
    short tables stay on one page with the text that leads into them, Chinese words stay whole."""
    turned: list[tuple[ElementTree.Element, ElementTree.Element]] = []
    for parent in list(root.iter()):
        for index, child in enumerate(parent):
            if child.tag != "table":
                continue
            _capitalise_methods(assembly, child)
            if has_write_in_tables(page):
                lay_out_write_in(child)
            lay_out_table(child)
            if "landscape" in classes(child):
                turned.append((parent, child))
            if index and parent[index - 1].tag in ("p", *HEADINGS):
                add_class(parent[index - 1], "keep-next")
    for parent, table in turned:
        _turn_to_landscape(parent, table)
    if assembly.chinese:
        for cell in (*root.iter("td"), *root.iter("th")):
            keep_words_whole(cell)


def _turn_to_landscape(parent: ElementTree.Element, table: ElementTree.Element) -> None:
    """A table too wide for a portrait page, with the heading or sentence that leads into it (and the heading
    above that sentence), on a landscape page of its own (see `pdf.table_layout.LANDSCAPE_TEXT_WIDTH_MM`): a
    heading left behind would end the page before, alone."""
    index = list(parent).index(table)
    wrapper = ElementTree.Element("div", {"class": "landscape"})
    start = index - 1 if index and parent[index - 1].tag in ("p", *HEADINGS) else index
    if start < index and parent[start].tag == "p" and start and parent[start - 1].tag in HEADINGS[1:]:
        start -= 1
    moved = list(parent)[start : index + 1]
    for element in moved:
        parent.remove(element)
    wrapper.extend(moved)
    parent.insert(start, wrapper)


def _draw_diagrams_in_the_text_font(assembly: Assembly, root: ElementTree.Element) -> None:
    """A diagram's words in the document's own font: WeasyPrint draws SVG text in `sans-serif` otherwise, which
    fontconfig answers with DejaVu Sans and the Japanese forms of Chinese characters (Noto Sans CJK JP)."""
    for svg in root.iter("svg"):
        svg.set("font-family", text_font(assembly.language))


def _number_lists(root: ElementTree.Element) -> None:
    """An ordered list from 3 counts from 3: WeasyPrint ignores `start`, so its counter is set as a style."""
    for element in root.iter("ol"):
        start = element.get("start", "1")
        if start.isdigit() and start != "1":
            element.set("style", f"counter-reset: list-item {int(start) - 1}")


def page_part(assembly: Assembly, page: Page, depth: int) -> Part:
    """A course page as one part of the document (`depth`: its level in the contents)."""
    root = assembly.converter.to_element(_page_markdown(assembly, page), assembly.options)
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == "a" and "headerlink" in classes(child):
                remove_keeping_tail(parent, child)
    point_links(assembly, page, root)
    check_resources(assembly, page, root)
    _decorate_tables(assembly, page, root)
    _draw_diagrams_in_the_text_font(assembly, root)
    _number_lists(root)
    decorate_headings(assembly, page, root, depth)
    if assembly.chinese:
        _keep_words_whole_in_text(root)
    _cue_continued_boxes(assembly, root)
    set_questions_beside_diagrams(root, assembly.chinese)
    _start_boxes_that_split_anyway_where_they_are(root, assembly.chinese)
    _closing_boxes_kept_with_their_sessions(root, assembly.chinese)
    if has_write_in_tables(page):
        _keep_cards_whole(root, assembly.chinese)
        let_long_record_cards_break(root, assembly.chinese)
    kind = page.kind.value if page.kind else "page"
    return Part(part_id(page.key), f"page kind-{kind}", html=inner_html(root), title=page.title)


def _cue_continued_boxes(assembly: Assembly, root: ElementTree.Element) -> None:
    """A box (trainer notes, a question) that runs onto the next page says so where it splits: "(continued on next
    page)" under its last line on the first page, "Trainer notes (continued)" over its first line on the next.
    Each box sets two page strings after its title and clears them at its end; the margin just under the text
    shows the string in effect at the page's end, the margin just over it the one in effect at its start
    (workbook.css), so only a page that ends or starts inside a box shows a cue. The markers are invisible and
    carry no text of their own to the page."""
    for box in root.iter("div"):
        if "admonition" not in classes(box) or not len(box) or "admonition-title" not in classes(box[0]):
            continue
        cue = ElementTree.Element("span", {"class": "continued-cue", "aria-hidden": "true",
                                           "data-next": assembly.word("continued_next")})
        cue.text = assembly.word("continued", title=text_of(box[0]))
        box.insert(1, cue)
        box.append(ElementTree.Element("span", {"class": "continued-end", "aria-hidden": "true"}))


def _closing_boxes_kept_with_their_sessions(root: ElementTree.Element, chinese: bool) -> None:
    """Each session's short closing box (its materials; in a workbook, its question with the lines to answer it)
    and the page's own last box never start a page alone: a review found "Materials" at the top of pages in the
    middle of both guides, its session on the page before. Asked not to break before it, WeasyPrint carries the
    last lines of what precedes it over with it. A box before it that is too tall to move along whole without
    thinning its page (`spills.too_tall_to_move_along`) may break inside, so that only its last lines go along;
    a shorter one goes along whole."""
    children = [child for child in root if child.tag not in ("span", "a")]
    ends = {len(children)}
    for index, child in enumerate(children):
        if child.tag in HEADINGS and "session" in classes(child):
            level = HEADINGS.index(child.tag)
            ends.add(next((after for after in range(index + 1, len(children))
                           if children[after].tag in HEADINGS[: level + 1]), len(children)))
    for end in sorted(ends):
        _keep_with_what_precedes_it(children[:end], chinese, at_the_page_end=end == len(children))


def _keep_with_what_precedes_it(children: list[ElementTree.Element], chinese: bool, at_the_page_end: bool) -> None:
    """`children`' last box (answer lines after it aside), when it is short, asks not to start a page. Before the
    page's end it does so even after a block kept whole (a diagram): alone there, it would fill a page alone."""
    while children and "answer-lines" in classes(children[-1]):
        children = children[:-1]
    if len(children) < 2 or "admonition" not in classes(children[-1]) or not short_closing_box(children[-1], chinese):
        return
    before = children[-2]
    if not at_the_page_end and (before.tag == "figure" or {"keep-together", "landscape"} & set(classes(before))):
        return  # kept whole and of a size not estimated here: it would go along and leave its page half empty
    add_class(children[-1], "page-end")
    if "admonition" in classes(before) and too_tall_to_move_along(before, chinese):
        _let_break(before)  # its last lines go along


def _let_break(box: ElementTree.Element) -> None:
    if "breakable" not in classes(box):
        add_class(box, "breakable")


def _start_boxes_that_split_anyway_where_they_are(root: ElementTree.Element, chinese: bool) -> None:
    """A box taller than a page splits wherever it starts: kept whole, it would first move to a new page and
    leave the rest of the page before it blank (a review found half-empty pages before long trainer notes)."""
    for child in root:
        if "admonition" in classes(child) and longer_than_a_page(child, chinese):
            _let_break(child)


def _keep_cards_whole(root: ElementTree.Element, chinese: bool) -> None:
    """Each section of a handout (a scenario card, a question sheet: a level-2 heading and what follows it up to
    the next) is kept on one page when it fits on one; a section longer than a page still breaks.

    The first section after the handout's introduction is kept whole only when it is short enough to share a
    page with it (`spills.fits_beside_an_introduction`): a long one kept whole would leave the title and the
    introduction alone on a page (issue 24: the scenario quiz's introduction). It starts under the
    introduction and breaks between its list items instead."""
    children = list(root)
    card: ElementTree.Element | None = None
    first = False
    for index, child in enumerate(children):
        if child.tag in ("h1", "h2") or "landscape" in classes(child):
            card = None  # a landscape table is a page of its own
        if child.tag == "h1" or "landscape" in classes(child):
            first = True
        if "landscape" in classes(child):
            continue
        if child.tag == "h2":
            section = list(itertools.takewhile(lambda e: e.tag not in ("h1", "h2") and "landscape" not in classes(e),
                                               children[index + 1 :]))
            if first and not fits_beside_an_introduction([child, *section], chinese):
                for element in section:
                    for item in element.iter("li"):
                        add_class(item, "kept-whole")
                first = False
                continue
            first = False
            card = ElementTree.Element("div", {"class": "card"})
            root.insert(list(root).index(child), card)
        if card is not None:
            root.remove(child)
            card.append(child)


_TEXT_BLOCKS = frozenset({"p", "li", "dd", "dt", "figcaption"})
_BLOCKS = frozenset({"p", "ul", "ol", "dl", "div", "table", "blockquote", "pre", "figure", *HEADINGS})


def _keep_words_whole_in_text(root: ElementTree.Element) -> None:
    """Every paragraph and list item of a Chinese page breaks only between words, and its last word stays with
    the word before it, so no line holds a lone character ("迟。"). Headings are left alone: their text is also
    the bookmarks' and the running header's, which must not carry the invisible joiners."""
    for element in root.iter():
        if element.tag in _TEXT_BLOCKS and not any(child.tag in _BLOCKS for child in element):
            keep_words_whole(element)


def pdf_pages(view: LanguageView, edition: Edition) -> tuple[tuple[Page, int], ...]:
    """(page, depth) in the PDF: the shared reading order without the downloads page (the PDF is a download)."""
    return tuple((page, depth) for page, depth in reading_order(view, edition) if page.kind is not PageKind.DOWNLOADS)


def generated_agenda_part(assembly: Assembly) -> Part:
    """An agenda section for a course whose pages show no agenda (the agenda is part of every workbook)."""
    title = assembly.word("agenda")
    stand_in = Page("agenda", assembly.language, Path("agenda.md"), PageKind.AGENDA, (), (), (), 1, ())
    root = assembly.converter.to_element(f"# {title}\n\n{agenda_markdown(assembly.course, stand_in)}")
    point_links(assembly, stand_in, root)
    _decorate_tables(assembly, stand_in, root)
    h1 = root.find("h1")
    if h1 is not None:
        for child in list(h1):
            remove_keeping_tail(h1, child)
        h1.attrib.pop("id", None)
        add_class(h1, "bm-1")
        add_class(h1, "chapter")
    assembly.toc.append(TocEntry(1, title, "generated-agenda"))
    return Part("generated-agenda", "page kind-agenda", html=inner_html(root), title=title)


def shows_agenda(page: Page) -> bool:
    """An agenda page, or a page with the `<!-- course:agenda -->` marker."""
    return page.kind is PageKind.AGENDA or any(
        b.kind is BlockKind.MARKER and b.marker == "agenda" for b in page.blocks
    )
