"""Every use of python-pptx below its public API, in one place: what the library offers no call for.

python-pptx 1.0 cannot delete a slide or a shape, reach a text frame's XML, tell a shape which slide
or layout it is on, or set a picture's description; and its way of adding slides and naming parts is
quadratic in the length of a deck. Each function says which public call is missing or what it
replaces, so a python-pptx upgrade is checked here and nowhere else.
"""
from __future__ import annotations

import copy

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.presentation import Presentation as Deck
from pptx.shapes.base import BaseShape
from pptx.slide import Slide, SlideLayout, SlideMaster
from pptx.text.text import TextFrame

_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def owning_layout(shape: BaseShape) -> SlideLayout | None:
    """The layout of the slide a shape is on (a layout shape: its own layout); no public shape → slide link."""
    layout: SlideLayout | None = getattr(shape.part, "slide_layout", None)
    return layout


def owning_master(shape: BaseShape) -> SlideMaster | None:
    """The master of the layout a shape is on; no public shape → layout link."""
    master: SlideMaster | None = getattr(shape.part, "slide_master", None)
    return master


def text_body(frame: TextFrame) -> etree._Element:
    """A text frame's `p:txBody`, to write paragraphs python-pptx has no API for (`a:br`, `a:ea`, bullets)."""
    return frame._txBody


def remove_shape(shape: BaseShape) -> None:
    """Delete a shape from its slide; python-pptx has no `shape.delete()`."""
    element = shape.element
    element.getparent().remove(element)


def remove_template_slides(prs: Deck) -> None:
    """A company template may come with example slides; decks start empty. No public API deletes a slide."""
    id_list = prs.slides._sldIdLst
    for entry in list(id_list):
        prs.part.drop_rel(entry.get(_R_ID))
        id_list.remove(entry)


def set_description(shape: BaseShape, text: str) -> None:
    """A picture's alt text (`descr`); python-pptx's `add_picture` takes none and no property sets it."""
    shape.element.find(f"{_P}nvPicPr/{_P}cNvPr").set("descr", text)


class SlideCopier:
    """New slides and notes pages for one deck, copied from the first of their kind: replaces
    `slides.add_slide` and `slide.notes_slide` after the first call, which rebuild each from its layout.

    python-pptx builds every new slide from its layout, and every notes page from the notes master,
    cloning their placeholders shape by shape: half of a deck's render time. Here the first slide of
    each layout and the first notes page are made the library's way, their XML is kept as it was
    before any text went in, and later ones are copies of it, related to the same parts in the same
    order, so the file has the same bytes.
    """

    def __init__(self, prs: Deck) -> None:
        self.prs = prs
        self.package = prs.part.package
        self.slides: dict[str, etree._Element] = {}  # layout part name → a new slide's XML
        self.notes: etree._Element | None = None

    def add_slide(self, layout: SlideLayout) -> Slide:
        """A new slide on `layout`, at the end of the deck."""
        key = str(layout.part.partname)
        if key not in self.slides:
            slide = self.prs.slides.add_slide(layout)
            self.slides[key] = copy.deepcopy(slide._element)
            return slide
        deck = self.prs.part
        part = SlidePart(deck._next_slide_partname, CT.PML_SLIDE, self.package, copy.deepcopy(self.slides[key]))
        part.relate_to(layout.part, RT.SLIDE_LAYOUT)
        self.prs.slides._sldIdLst.add_sldId(deck.relate_to(part, RT.SLIDE))
        return part.slide

    def notes_frame(self, slide: Slide) -> TextFrame:
        """The slide's (new) notes page's text frame."""
        if self.notes is None:
            notes = slide.notes_slide
            self.notes = copy.deepcopy(notes._element)
            frame = notes.notes_text_frame
            assert frame is not None  # the first notes page is made from the notes master, with its body
            return frame
        slide_part = slide.part
        part = NotesSlidePart(self.package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
                              CT.PML_NOTES_SLIDE, self.package, copy.deepcopy(self.notes))
        part.relate_to(self.package.presentation_part.notes_master_part, RT.NOTES_MASTER)
        part.relate_to(slide_part, RT.SLIDE)
        slide_part.relate_to(part, RT.NOTES_SLIDE)
        frame = part.notes_slide.notes_text_frame
        assert frame is not None  # a copy of the first notes page
        return frame


def name_parts_in_order(prs: Deck) -> None:
    """Give this deck's package a quicker `next_partname`, picking the same names python-pptx would.

    python-pptx names each new slide and notes page by walking every part of the deck to see which names
    are taken: quadratic in the number of slides, a fifth of a long deck's render time. A deck here
    only grows once its template slides are gone, so the names in use are gathered once and kept up to
    date, and the same search runs over them. Only this package object is changed, never the library.
    """
    package = prs.part.package
    used = {str(part.partname) for part in package.iter_parts()}
    counts: dict[str, int] = {}

    def next_partname(template: str) -> PackURI:
        if template not in counts:
            counts[template] = sum(1 for name in used if _numbered_like(name, template))
        # python-pptx's own search: from one past the count of such names down to 1, the first free one
        number = next(n for n in range(counts[template] + 1, 0, -1) if template % n not in used)
        used.add(template % number)
        counts[template] += 1
        return PackURI(template % number)

    vars(package)["next_partname"] = next_partname  # an instance attribute: this package only, not the class


def _numbered_like(name: str, template: str) -> bool:
    prefix, _, suffix = template.partition("%d")
    return name.startswith(prefix) and name.endswith(suffix) and name[len(prefix):len(name) - len(suffix)].isdigit()
