"""Planned slides written into a copy of the template, and the deck saved so that builds match to the byte.

Every slide but the first shows its number; a picture is scaled into its slide's image area; the
document properties come from the course, never from the clock; the zip is rewritten with fixed
timestamps.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import quoteattr

from lxml import etree
from PIL import Image
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.presentation import Presentation as Deck
from pptx.shapes.base import BaseShape
from pptx.slide import Slide, SlideLayout
from pptx.util import Emu

from build_tools.course.model import Edition
from build_tools.parts.output_files import ZIP_EPOCH
from build_tools.slides.diagram_shapes import draw_diagram
from build_tools.slides.notes_pages import notes_size
from build_tools.slides.plan import DeckPlan, DiagramPlan, Picture, SlidePlan
from build_tools.slides.pptx_internals import (
    SlideCopier,
    name_parts_in_order,
    remove_shape,
    remove_template_slides,
    set_description,
)
from build_tools.slides.settings import DeckSettings
from build_tools.slides.template import PLACEHOLDERS
from build_tools.slides.text_fit import TextBox, TextMeasurer, TextParagraph, TextRun
from build_tools.slides.text_xml import RunLanguages, write_paragraphs

SLIDE_NUMBER_FIELD = "{5C3A4F0E-9D1B-4E8A-A3C7-2B6F1D8E9A40}"
"""The id of every slide-number field (PowerPoint gives each a GUID; a fixed one keeps builds identical)."""
_NAMESPACES = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
               'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')
_DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main"
_CNV_PR = "{http://schemas.openxmlformats.org/presentationml/2006/main}cNvPr"

NumberBoxes = tuple[BaseShape | None, BaseShape | None]
"""(a layout's slide-number placeholder, its master's)."""


class DeckWriter:
    """One edition of one deck being written: slides added in order to a copy of the template."""

    def __init__(self, prs: Deck, settings: DeckSettings, languages: RunLanguages, measurer: TextMeasurer,
                 notes_box: TextBox) -> None:
        remove_template_slides(prs)
        self.measurer, self.notes_box = measurer, notes_box
        name_parts_in_order(prs)
        self.prs, self.settings, self.tag, self.languages = prs, settings, languages.tag, languages
        self.fonts = (settings.fonts.latin, settings.fonts.east_asian)
        self.layouts = {kind: prs.slide_layouts.get_by_name(getattr(settings.layouts, kind)) for kind in PLACEHOLDERS}
        self.numbers: dict[str, NumberBoxes] = {}  # by kind: looked up once, not once per slide
        self.copier = SlideCopier(prs)

    def add(self, spec: SlidePlan, number: int, edition: Edition) -> None:
        """The slide `number` (from 1) of the deck, with its text, picture, number and speaker notes."""
        layout = self.layouts[spec.kind]
        assert layout is not None  # template_boxes checked every layout before the deck was planned
        slide = self.copier.add_slide(layout)
        placeholders = {ph.placeholder_format.idx: ph for ph in slide.placeholders}
        write_paragraphs(placeholders.pop(0).text_frame, [spec.title], self.languages, self.fonts)
        body = placeholders.pop(1, None)
        picture_area = placeholders.pop(2, None)
        drawing_area = picture_area
        if body is not None and spec.body:
            write_paragraphs(body.text_frame, spec.body, self.languages, self.fonts)
        elif body is not None:
            drawing_area = drawing_area or body  # a diagram on a slide of its own takes the body's room
            remove_shape(body)
        if isinstance(spec.picture, DiagramPlan) and drawing_area is not None:
            area = (drawing_area.left, drawing_area.top, drawing_area.width, drawing_area.height)
            draw_diagram(slide, spec.picture, area, self.languages, self.fonts)
        elif isinstance(spec.picture, Picture) and picture_area is not None:
            _add_picture(slide, spec.picture, picture_area)
        for unused in [picture_area, *placeholders.values()]:
            if unused is not None:
                remove_shape(unused)
        if number > 1:
            if spec.kind not in self.numbers:
                self.numbers[spec.kind] = _number_boxes(layout)
            self._add_slide_number(slide, number, self.numbers[spec.kind])
        notes = self.copier.notes_frame(slide)
        lines = spec.notes_for(edition)
        sizes = self.settings.sizes
        size = notes_size(lines, self.notes_box, self.measurer, sizes.notes, sizes.min_notes)
        write_paragraphs(notes, [TextParagraph((TextRun(line),), size) for line in lines],
                         self.languages, self.fonts, fit=False)

    def _add_slide_number(self, slide: Slide, number: int, boxes: NumberBoxes) -> None:
        """The slide's number where the template puts it: the layout's slide-number placeholder, else the master's.

        python-pptx copies no date, footer or slide-number placeholder onto a new slide, so the renderer
        adds one the way PowerPoint's "Slide number" box does: a `sldNum` placeholder holding a
        `slidenum` field (PowerPoint and LibreOffice keep it current when slides move), styled by the
        template. A template without one gets a small right-aligned text box in the bottom right corner.
        """
        own, master = boxes
        tree = slide.shapes.element  # python-pptx has no API for field shapes: the shape is written as XML
        shape_id = max(int(e.get("id")) for e in tree.iter(_CNV_PR)) + 1
        size = ""
        if own is not None:
            kind = f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="sldNum" sz="quarter" ' \
                   f'idx="{own.placeholder_format.idx}"/></p:nvPr>'
            geometry, alignment = "", ""
        else:
            box: tuple[int, int, int, int]
            if master is not None:
                box = (master.left, master.top, master.width, master.height)
            else:
                width, height = self.prs.slide_width, self.prs.slide_height
                assert width is not None and height is not None  # every template sets its slide size
                box = (width - Emu(2286000), height - Emu(457200), Emu(2057400), Emu(365760))
                size = ' sz="1200"'
            kind = '<p:cNvSpPr txBox="1"/><p:nvPr/>'
            geometry = (f'<a:xfrm><a:off x="{box[0]}" y="{box[1]}"/><a:ext cx="{box[2]}" cy="{box[3]}"/></a:xfrm>'
                        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>')
            alignment = '<a:pPr algn="r"/>'
        latin, east_asian = self.fonts
        shape = etree.fromstring(
            f'<p:sp {_NAMESPACES}><p:nvSpPr><p:cNvPr id="{shape_id}" name="Slide Number {shape_id}"/>{kind}'
            f"</p:nvSpPr><p:spPr>{geometry}</p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p>{alignment}"
            f'<a:fld id="{SLIDE_NUMBER_FIELD}" type="slidenum"><a:rPr lang="{self.tag}"{size} dirty="0">'
            f'<a:latin typeface={quoteattr(latin)}/><a:ea typeface={quoteattr(east_asian)}/></a:rPr>'
            f"<a:t>{number}</a:t></a:fld></a:p></p:txBody></p:sp>"
        )
        tree.append(shape)


def _number_boxes(layout: SlideLayout) -> NumberBoxes:
    """(the layout's slide-number placeholder, the master's); a deck looks them up once per layout, not
    once per slide (python-pptx runs an XPath query per shape per look-up)."""
    numbers = PP_PLACEHOLDER.SLIDE_NUMBER
    shapes: Iterable[BaseShape] = layout.placeholders  # as shapes: python-pptx mistypes its own __iter__
    own = next((ph for ph in shapes if ph.placeholder_format.type == numbers), None)
    inherited: Iterable[BaseShape] = layout.slide_master.placeholders
    master = next((ph for ph in inherited if ph.placeholder_format.type == numbers), None)
    return own, master


def _add_picture(slide: Slide, picture: Picture, area: BaseShape) -> None:
    """The image scaled to fit the image area, centred, with its alt text as description."""
    left, top, width, height = area.left, area.top, area.width, area.height
    with Image.open(picture.path) as image:
        pixels_wide, pixels_high = image.size
    scale = min(width / pixels_wide, height / pixels_high)
    shown_wide, shown_high = round(pixels_wide * scale), round(pixels_high * scale)
    shape = slide.shapes.add_picture(  # centred in its area, as the key points are in theirs
        str(picture.path), Emu(left + (width - shown_wide) // 2), Emu(top + (height - shown_high) // 2),
        Emu(shown_wide), Emu(shown_high)
    )
    set_description(shape, picture.alt)


def set_default_language(prs: Deck, tag: str) -> None:
    """The deck's language as the default of the presentation, its masters, layouts and notes master.

    The template is made once for every language; without this, text a trainer types into a Chinese
    deck would be tagged English (and spell-checked as such).
    """
    parts = [prs.part, prs.notes_master.part]
    for master in prs.slide_masters:
        parts += [master.part, *(layout.part for layout in master.slide_layouts)]
    for part in parts:
        for element in part._element.iter(f"{{{_DRAWING}}}*"):
            if element.get("lang") is not None:
                element.set("lang", tag)


def set_properties(prs: Deck, plan: DeckPlan, edition: Edition, tag: str) -> None:
    """Core properties from the course, never from the clock, so two builds are identical."""
    core = prs.core_properties
    core.title = plan.title
    core.subject = plan.subject
    core.author = plan.author
    core.last_modified_by = plan.author
    core.language = tag
    core.created = core.modified = dt.datetime.combine(plan.date, dt.time())
    core.revision = 1
    core.comments = ""
    core.keywords = ""
    core.category = ""
    core.content_status = edition.value


def reproducible_bytes(prs: Deck) -> bytes:
    """Save and rewrite the zip with fixed timestamps and the same member order, so builds match to the byte."""
    saved = io.BytesIO()
    prs.save(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.create_system = 0
            member.external_attr = 0
            target.writestr(member, source.read(info.filename))
    return out.getvalue()
