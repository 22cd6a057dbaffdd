"""Where each shape of a diagram goes: one geometry, drawn as SVG on the site and in the PDF and as
native shapes on a slide, so every output shows the same drawing.

Coordinates are in units of a square canvas (`SIDE` × `SIDE`); each output scales them to its room.
A shape's `tone` picks a theme colour: 0 the main accent, 1 the second accent, 2 a light fill.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from build_tools.course.diagrams import Diagram

SIDE = 480.0
"""The canvas is SIDE × SIDE units."""


@dataclass(frozen=True)
class Shape:
    """A box (`box`, `round`, `ellipse`), a connector (`line`, `arrow`: from (x, y) by (w, h)), a `ring`, or a
    `head`: a triangle through `corners` that shows which way a cycle turns."""

    form: str
    x: float
    y: float
    w: float
    h: float
    label: str = ""
    text: str = ""
    points: tuple[str, ...] = ()
    tone: int = 0
    item: int | None = None
    corners: tuple[tuple[float, float], ...] = ()

    @property
    def holds_text(self) -> bool:
        return self.form in ("box", "round", "ellipse")


def layout(diagram: Diagram) -> tuple[Shape, ...]:
    """The shapes of a diagram, back to front, on the SIDE × SIDE canvas."""
    draw = {"cycle": _cycle, "process": _process, "layers": _layers, "matrix": _matrix, "hub": _hub,
            "comparison": _comparison}[diagram.kind]
    return tuple(draw(diagram))


def _item_shape(diagram: Diagram, index: int, form: str, x: float, y: float, w: float, h: float,
                tone: int = 0) -> Shape:
    item = diagram.items[index]
    return Shape(form, x, y, w, h, item.label, item.text, item.points, tone, index)


def _cycle(diagram: Diagram) -> list[Shape]:
    """The steps in boxes on a ring, clockwise from the top; five or six steps on a wider ring, in boxes made
    smaller (5 % at a time) until neighbours are `CLEAR` of each other."""
    count = len(diagram.items)
    radius, w, h = 146.0 if count < 6 else 170.0, 168.0, 104.0
    centre = SIDE / 2
    spots = [(centre + radius * math.cos(-math.pi / 2 + 2 * math.pi * index / count),
              centre + radius * math.sin(-math.pi / 2 + 2 * math.pi * index / count)) for index in range(count)]
    (x0, y0), (x1, y1) = spots[:2]
    while max(abs(x1 - x0) - w, abs(y1 - y0) - h) < CLEAR:
        w, h = w * 0.95, h * 0.95
    shapes = [Shape("ring", centre - radius, centre - radius, 2 * radius, 2 * radius, tone=2)]
    for index, (x, y) in enumerate(spots):
        shapes.append(_item_shape(diagram, index, "round", x - w / 2, y - h / 2, w, h, tone=index % 2))
    for index in range(count):  # an arrowhead on the ring halfway to the next step, pointing clockwise
        angle = -math.pi / 2 + 2 * math.pi * (index + 0.5) / count
        shapes.append(_head(centre + radius * math.cos(angle), centre + radius * math.sin(angle), angle + math.pi / 2))
    return shapes


def _head(x: float, y: float, direction: float, size: float = 16.0) -> Shape:
    """A triangle at (x, y) pointing along `direction` (radians)."""
    tip = (x + size * math.cos(direction), y + size * math.sin(direction))
    back = [(x + size * 0.8 * math.cos(direction + turn), y + size * 0.8 * math.sin(direction + turn))
            for turn in (2.4, -2.4)]
    corners = (tip, back[0], back[1])
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return Shape("head", min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys), tone=1,
                 corners=tuple((round(cx, 1), round(cy, 1)) for cx, cy in corners))


def _process(diagram: Diagram) -> list[Shape]:
    count = len(diagram.items)
    gap = 22.0
    h = (SIDE - gap * (count - 1)) / count
    shapes: list[Shape] = []
    for index in range(count):
        y = index * (h + gap)
        shapes.append(_item_shape(diagram, index, "round", 40, y, SIDE - 80, h))
        if index < count - 1:
            shapes.append(Shape("arrow", SIDE / 2, y + h, 0, gap, tone=1))
    return shapes


def _layers(diagram: Diagram) -> list[Shape]:
    count = len(diagram.items)
    gap = 8.0
    h = (SIDE - gap * (count - 1)) / count
    narrowest = SIDE * 0.5
    shapes = []
    for index in range(count):
        w = narrowest + (SIDE - narrowest) * index / max(count - 1, 1)
        shapes.append(_item_shape(diagram, index, "box", (SIDE - w) / 2, index * (h + gap), w, h,
                                  tone=0 if index == 0 else (2 if index % 2 else 1)))
    return shapes


def _matrix(diagram: Diagram) -> list[Shape]:
    """2×2 for four items, three columns by two rows for six, in reading order, coloured like a chessboard."""
    gap = 16.0
    columns = 2 if len(diagram.items) == 4 else 3
    w, h = (SIDE - gap * (columns - 1)) / columns, (SIDE - gap) / 2
    top = 0.0 if columns == 2 else (SIDE - 2 * h * 0.75 - gap) / 2
    h = h if columns == 2 else h * 0.75
    return [_item_shape(diagram, index, "box", (index % columns) * (w + gap), top + (index // columns) * (h + gap),
                        w, h, tone=(index % columns + index // columns) % 2 * 2)
            for index in range(len(diagram.items))]


HUB = (144.0, 100.0)
"""A hub's centre ellipse, wide and high, in canvas units."""
SPOKE = (156.0, 90.0, 158.0)
"""Each box around a hub: wide, high, and how far its centre is from the hub's centre when nothing is in the way."""
CLEAR = 8.0
"""The least room between any two boxes of a hub (and between a box and the centre ellipse's rectangle)."""


def _hub(diagram: Diagram) -> list[Shape]:
    """The first item in an ellipse at the centre, the others in boxes around it, clockwise from the top.

    Each box goes along its own ray as far out as it must to stay `CLEAR` of the centre's rectangle and of
    the boxes placed before it, inside the canvas (a review found the five-tools hub's side boxes over the
    centre): five or more boxes around a centre of the old width did not fit, so all are a little narrower.
    """
    count = len(diagram.items) - 1
    centre = SIDE / 2
    hub = _item_shape(diagram, 0, "ellipse", centre - HUB[0] / 2, centre - HUB[1] / 2, *HUB, tone=0)
    w, h, radius = SPOKE
    spokes: list[Shape] = []
    boxes: list[Shape] = []
    for index in range(count):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        x, y = _clear_spot(angle, radius, (w, h), [hub, *boxes])
        spokes.append(Shape("line", centre, centre, x - centre, y - centre, tone=1))
        boxes.append(_item_shape(diagram, index + 1, "round", x - w / 2, y - h / 2, w, h, tone=2))
    return [*spokes, hub, *boxes]


def _clear_spot(angle: float, radius: float, size: tuple[float, float], placed: list[Shape]) -> tuple[float, float]:
    """The centre of a box of `size` on the ray at `angle`, the nearest to `radius` (or beyond) at which it is
    inside the canvas and `CLEAR` of every shape placed; the farthest spot on the canvas when none is."""
    w, h = size
    centre = SIDE / 2
    spot = (centre, centre)
    for step in range(int(SIDE)):
        reach = radius + 2 * step
        x = min(max(centre + reach * math.cos(angle), w / 2), SIDE - w / 2)
        y = min(max(centre + reach * math.sin(angle), h / 2), SIDE - h / 2)
        if (x, y) == spot:
            break  # pressed into a corner of the canvas: going further moves it no more
        spot = (x, y)
        if not any(apart(x - w / 2, y - h / 2, w, h, shape) < CLEAR for shape in placed):
            break
    return spot


def apart(x: float, y: float, w: float, h: float, shape: Shape) -> float:
    """How far the rectangle (x, y, w, h) is from a shape's rectangle: the larger of the horizontal and the
    vertical gap (negative when they overlap)."""
    return max(shape.x - (x + w), x - (shape.x + shape.w), shape.y - (y + h), y - (shape.y + shape.h))


def _comparison(diagram: Diagram) -> list[Shape]:
    count = len(diagram.items)
    gap = 16.0
    w = (SIDE - gap * (count - 1)) / count
    shapes = []
    for index, item in enumerate(diagram.items):
        x = index * (w + gap)
        shapes.append(Shape("box", x, 0, w, 96, item.label, item.text, (), tone=index % 2, item=index))
        shapes.append(Shape("box", x, 108, w, SIDE - 108, "", "", item.points, tone=2, item=index))
    return shapes
