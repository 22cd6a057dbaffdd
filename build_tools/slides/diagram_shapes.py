"""A planned diagram drawn on a slide as native PowerPoint shapes, grouped, in the theme's colours.

Every shape is an ordinary AutoShape or connector with its text in it, so a trainer can move, recolour
or retype any part in PowerPoint; the group carries the diagram's alt text (its title and every item).
"""
from __future__ import annotations

from lxml import etree
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR
from pptx.shapes.group import GroupShape
from pptx.slide import Slide
from pptx.util import Emu, Pt

from build_tools.parts.diagram_layout import SIDE, Shape
from build_tools.slides.plan import DiagramPlan
from build_tools.slides.text_fit import EMU_PER_PT
from build_tools.slides.text_xml import RunLanguages, write_paragraphs

FILLS = {0: MSO_THEME_COLOR.ACCENT_1, 1: MSO_THEME_COLOR.TEXT_2, 2: MSO_THEME_COLOR.BACKGROUND_2}
"""Fill per tone, as in `parts.diagram_svg`: accent1, dk2, lt2."""
FORMS = {"box": MSO_SHAPE.RECTANGLE, "round": MSO_SHAPE.ROUNDED_RECTANGLE, "ellipse": MSO_SHAPE.OVAL}
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
INSET = 4.0


def draw_diagram(slide: Slide, plan: DiagramPlan, area: tuple[int, int, int, int], languages: RunLanguages,
                 fonts: tuple[str, str]) -> GroupShape:
    """The diagram, centred in `area` (left, top, width, height in EMU), as one group of native shapes."""
    left, top, width, height = area
    wide = round(plan.width * EMU_PER_PT) or min(width, height)
    high = round(plan.height * EMU_PER_PT) or min(width, height)
    wide, high = min(wide, width), min(high, height)
    scale_x, scale_y = wide / SIDE, high / SIDE
    x0, y0 = left + (width - wide) // 2, top + (height - high) // 2
    group = slide.shapes.add_group_shape()
    group.name = f"Diagram ({plan.diagram.kind}): {plan.diagram.title}".rstrip(": ")
    group._element.find(f"{_P}nvGrpSpPr/{_P}cNvPr").set("descr", plan.alt)

    def emu(value: float, vertical: bool = False) -> Emu:
        return Emu(round(value * (scale_y if vertical else scale_x)))

    def at(x: float, y: float) -> tuple[Emu, Emu]:
        return Emu(x0 + emu(x)), Emu(y0 + emu(y, True))

    for shape, texts in zip(plan.shapes, plan.texts, strict=True):
        if shape.form in ("line", "arrow"):
            line = group.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, *at(shape.x, shape.y),
                                              *at(shape.x + shape.w, shape.y + shape.h))
            line.line.color.theme_color = MSO_THEME_COLOR.ACCENT_2
            line.line.width = Pt(3)
            if shape.form == "arrow":
                etree.SubElement(line.line._get_or_add_ln(), f"{_A}tailEnd", type="triangle", w="med", len="med")
            continue
        if shape.form == "head":
            (x1, y1), *rest = shape.corners
            builder = group.shapes.build_freeform(*at(x1, y1), scale=1.0)
            builder.add_line_segments([at(x, y) for x, y in rest], close=True)
            head = builder.convert_to_shape()
            head.name = "Cycle direction"
            head.fill.solid()
            head.fill.fore_color.theme_color = MSO_THEME_COLOR.ACCENT_2
            head.line.fill.background()
            continue
        form = MSO_SHAPE.OVAL if shape.form in ("ring", "ellipse") else FORMS[shape.form]
        drawn = group.shapes.add_shape(form, *at(shape.x, shape.y), emu(shape.w), emu(shape.h, True))
        if shape.form == "ring":
            drawn.name = "Cycle ring"
            drawn.fill.background()
            drawn.line.color.theme_color = MSO_THEME_COLOR.ACCENT_2
            drawn.line.width = Pt(4.5)
            continue
        drawn.name = _name(shape)
        drawn.fill.solid()
        drawn.fill.fore_color.theme_color = FILLS[shape.tone]
        drawn.line.fill.background()
        drawn.shadow.inherit = False
        frame = drawn.text_frame
        frame.vertical_anchor = MSO_ANCHOR.TOP if shape.points else MSO_ANCHOR.MIDDLE
        for side_name in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
            setattr(frame, side_name, Emu(round(INSET * EMU_PER_PT)))
        write_paragraphs(frame, texts, languages, fonts)
        if not shape.points:
            for p_pr in frame._txBody.iter(f"{_A}pPr"):
                p_pr.set("algn", "ctr")
    return group


def _name(shape: Shape) -> str:
    """A shape's name in PowerPoint's selection pane: its item's label, or the column's points."""
    if shape.label:
        return f"Diagram item {shape.item + 1 if shape.item is not None else ''}: {shape.label}"
    return f"Diagram points {shape.item + 1 if shape.item is not None else ''}"
