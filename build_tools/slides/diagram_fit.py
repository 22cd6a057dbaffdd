"""A diagram's words measured into its shapes on a slide, with the deck's own measurer and line breaking.

The shapes come from `parts.diagram_layout`, drawn on a slide of their own across the width of the
body area (the square canvas stretched to at most `WIDEST` times its height), so words set large enough
to read from the back of a room fit them. One text size serves every shape of a diagram: the largest
from the deck's body size down to `sizes.min_diagram` (18 pt unless decks.yml says otherwise) at which
every label and text fits its shape; nothing in a diagram is set smaller. At each size an item's
label and text are tried on lines of their own, then run on in one paragraph ("**Plan**: set a goal"),
which a wide, low shape holds in fewer lines. Words that do not fit even at that size are a
`diagram.too_long` problem at the item's line.
"""
from __future__ import annotations

import dataclasses
import re

from build_tools.course.cjk import HAN_RUN
from build_tools.course.diagrams import Diagram
from build_tools.course.problems import Problem
from build_tools.parts.diagram_layout import CLEAR, SIDE, Shape, apart, layout
from build_tools.slides.plan import DiagramPlan
from build_tools.slides.text_fit import TextBox, TextMeasurer, TextParagraph, TextRun

WIDEST = 2.5
"""How much wider than tall a diagram may be stretched on its slide (a cycle's ring an oval, not a band)."""
_LETTER = r"[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”]"
_WORD = re.compile(_LETTER + "+")
"""A run of letters that may not be broken (Chinese breaks between any two characters)."""
_SPLIT_WORD = re.compile(_LETTER + "\n" + _LETTER)
"""A line break inside such a run: "Coachin|g leader" when the word and the space after it are too wide."""
INSET = 4.0
"""Room between a shape's edge and its text, in points (each side)."""
INKS = {0: "bg1", 1: "bg1", 2: "tx1"}
"""Text colour per tone: light on the accent and dark fills, dark on the light one."""


def fit_diagram(diagram: Diagram, area: TextBox, measurer: TextMeasurer, problems: list[Problem],
                sizes: tuple[float, float] = (24.0, 18.0)) -> DiagramPlan:
    """The diagram at the largest of `sizes` (largest, smallest) at which its words fit, drawn into `area` (points).

    When words do not fit even at the smallest size, an ellipse (a hub's centre) is made as tall as the
    room between the shapes around it allows, and the diagram fitted again.
    """
    height = min(area.height, area.width)
    width = min(area.width, WIDEST * height)
    scale = (width / SIDE, height / SIDE)
    shapes = layout(diagram)
    plan, misfits = _fit(diagram, shapes, scale, measurer, sizes, (width, height))
    grown = _grown(shapes)
    if misfits and grown != shapes:
        plan, misfits = _fit(diagram, grown, scale, measurer, sizes, (width, height))
    for index in sorted({s.item for s in misfits if s.item is not None}):
        item = diagram.items[index]
        problems.append(Problem(item.source, "diagram.too_long", f"'{item.label}' does not fit its "
                                f"shape in the {diagram.kind} diagram even at {sizes[1]:g} pt"))
    return plan


def _fit(diagram: Diagram, shapes: tuple[Shape, ...], scale: tuple[float, float], measurer: TextMeasurer,
         sizes: tuple[float, float], room: tuple[float, float]) -> tuple[DiagramPlan, list[Shape]]:
    """The plan at the largest size at which every shape's words fit, and the shapes whose words do not even at
    the smallest size (none when the plan fits)."""
    largest, smallest = sizes
    size = largest
    while True:
        for joined in (False, True):
            texts = tuple(_texts(shape, size, smallest, scale, measurer, joined) for shape in shapes)
            misfits = [shape for shape, text in zip(shapes, texts, strict=True)
                       if shape.holds_text and not _fits(shape, text, _room(shape, scale), measurer, smallest)]
            if not misfits:
                return DiagramPlan(diagram, shapes, texts, size, *room), []
        if size <= smallest:
            return DiagramPlan(diagram, shapes, texts, size, *room), misfits
        size = max(size - 1, smallest)


def _grown(shapes: tuple[Shape, ...], most: float = 1.5) -> tuple[Shape, ...]:
    """The shapes with each ellipse as tall as it can grow (up to `most` times, about its centre) while its
    rectangle stays clear of every other shape's that holds text (by `CLEAR` units, or by as much as it was
    when it started closer): a box beside a hub's centre never reaches into it."""
    boxes = [s for s in shapes if s.holds_text and s.form != "ellipse"]

    def clear(shape: Shape, height: float) -> bool:
        y = shape.y + (shape.h - height) / 2
        return all(apart(shape.x, y, shape.w, height, box) >= min(CLEAR, apart(shape.x, shape.y, shape.w, shape.h,
                                                                             box)) for box in boxes)

    result = []
    for shape in shapes:
        if shape.form == "ellipse" and clear(shape, shape.h):
            height = shape.h
            while height + 4 <= shape.h * most and clear(shape, height + 4):
                height += 4
            shape = dataclasses.replace(shape, y=shape.y - (height - shape.h) / 2, h=height)
        result.append(shape)
    return tuple(result)


def _fits(shape: Shape, paragraphs: tuple[TextParagraph, ...], room: TextBox, measurer: TextMeasurer,
          smallest: float) -> bool:
    """The words fit the room's height, and no word is wider than the room or broken across lines."""
    if not measurer.fits(paragraphs, room) or not paragraphs:
        return bool(measurer.fits(paragraphs, room))
    if any(_SPLIT_WORD.search(paragraph.text) for paragraph in paragraphs):
        return False
    size = paragraphs[0].size
    small = max(size - 2, smallest)
    words = [(word, size, True) for word in _WORD.findall(shape.label)]
    words += [(word, small, False) for text in (shape.text, *shape.points) for word in _WORD.findall(text)]
    return all(measurer.text_width(word, at, bold=bold) <= room.width + 0.01 for word, at, bold in words)


def _room(shape: Shape, scale: tuple[float, float]) -> TextBox:
    """The room for text inside a shape, as PowerPoint lays it out: an ellipse's text sits in the square
    inscribed in it, a rounded rectangle's inside its corners; 5 % is kept for renderers that set text wider."""
    w, h = shape.w * scale[0], shape.h * scale[1]
    if shape.form == "ellipse":
        w, h = w * 0.7071, h * 0.7071
    elif shape.form == "round":
        corner = 0.16667 * min(w, h) * 0.29289  # the text rectangle of `roundRect` at its default corner
        w, h = w - 2 * corner, h - 2 * corner
    return TextBox(w * 0.95 - 2 * INSET, h - 2 * INSET)


def _texts(shape: Shape, size: float, smallest: float, scale: tuple[float, float],
           measurer: TextMeasurer, joined: bool = False) -> tuple[TextParagraph, ...]:
    """A shape's label (bold), text and points as measured paragraphs, lines broken to its width; the text
    and points 2 pt smaller than the label, never below `smallest`. `joined`: the label and its text in
    one paragraph, at the label's size. Centred text is broken into lines of about equal length, as titles
    are, preferring a break after punctuation ("高效管理者：" over "高效管理者：从" in a hub's centre)."""
    if not shape.holds_text:
        return ()
    ink = INKS[shape.tone]
    small = max(size - 2, smallest)
    paragraphs = []
    if shape.label and shape.text and joined:
        separator = "：" if HAN_RUN.search(shape.label[-1]) else ": "
        paragraphs.append(TextParagraph((TextRun(shape.label, True), TextRun(separator + shape.text)), size,
                                        color=ink))
    elif shape.label:
        paragraphs.append(TextParagraph((TextRun(shape.label, True),), size, color=ink))
    if shape.text and not joined:
        paragraphs.append(TextParagraph((TextRun(shape.text),), small, color=ink))
    paragraphs += [TextParagraph((TextRun(point),), small, margin_left=small, first_indent=-small,
                                 space_before=3, bullet="•", color=ink) for point in shape.points]
    width = _room(shape, scale).width
    return tuple(measurer.break_lines(p, width, balance=not p.bullet) for p in paragraphs)
