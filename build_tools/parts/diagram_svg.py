"""A diagram as inline SVG for the site and the PDF: the shapes of `diagram_layout`, their words as text.

Accessible as an image with a name and a description (`role="img"`, `<title>`, `<desc>` listing every
item), and every label is real text, so it can be searched, selected and read aloud. Colours are the
slide template's theme colours, so the site, the PDF and the decks show the same drawing.
"""
from __future__ import annotations

import html
import re

from build_tools.course.cjk import NO_LINE_END, NO_LINE_START
from build_tools.course.diagrams import Diagram
from build_tools.parts.chinese_words import cut
from build_tools.parts.diagram_layout import SIDE, Shape, layout

FILLS = {0: "#1F6FB2", 1: "#17375E", 2: "#EEF2F7"}
"""Fill per tone: the template's accent1, dk2 and lt2."""
INKS = {0: "#FFFFFF", 1: "#FFFFFF", 2: "#222B36"}
LINE = "#E07B2E"
"""Connectors and the cycle's ring: the template's accent2."""
LABEL_SIZE, TEXT_SIZE, PAD = 17.0, 14.0, 10.0


def diagram_svg(diagram: Diagram, ident: str) -> str:
    """The diagram as a `<figure>` holding an inline `<svg>`; `ident` makes its title's id unique on the page."""
    title = html.escape(diagram.title or diagram.kind, quote=True)
    desc = html.escape(diagram.alt, quote=False)
    parts = [f'<figure class="diagram diagram-{diagram.kind}">',
             f'<svg viewBox="0 0 {SIDE:g} {SIDE:g}" role="img" aria-labelledby="{ident}-t {ident}-d">',
             f'<title id="{ident}-t">{title}</title><desc id="{ident}-d">{desc}</desc>']
    parts += [_shape(shape) for shape in layout(diagram)]
    parts.append("</svg>")
    if diagram.title:
        parts.append(f"<figcaption>{html.escape(diagram.title, quote=False)}</figcaption>")
    parts.append("</figure>\n")
    return "".join(parts)


def _shape(shape: Shape) -> str:
    if shape.form == "ring":
        r = shape.w / 2
        return (f'<circle cx="{shape.x + r:.1f}" cy="{shape.y + r:.1f}" r="{r:.1f}" fill="none" '
                f'stroke="{LINE}" stroke-width="6"></circle>')
    if shape.form == "head":
        corners = " ".join(f"{x:.1f},{y:.1f}" for x, y in shape.corners)
        return f'<polygon points="{corners}" fill="{LINE}"></polygon>'
    if shape.form in ("line", "arrow"):
        x2, y2 = shape.x + shape.w, shape.y + shape.h
        head = ""
        if shape.form == "arrow":
            head = (f'<polygon points="{x2 - 8:.1f},{y2 - 10:.1f} {x2 + 8:.1f},{y2 - 10:.1f} {x2:.1f},{y2:.1f}" '
                    f'fill="{LINE}"></polygon>')
        return (f'<line x1="{shape.x:.1f}" y1="{shape.y:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{LINE}" '
                f'stroke-width="4"></line>{head}')
    fill, ink = FILLS[shape.tone], INKS[shape.tone]
    if shape.form == "ellipse":
        outline = (f'<ellipse cx="{shape.x + shape.w / 2:.1f}" cy="{shape.y + shape.h / 2:.1f}" '
                   f'rx="{shape.w / 2:.1f}" ry="{shape.h / 2:.1f}" fill="{fill}"></ellipse>')
    else:
        rounded = ' rx="14"' if shape.form == "round" else ""
        outline = (f'<rect x="{shape.x:.1f}" y="{shape.y:.1f}" width="{shape.w:.1f}" height="{shape.h:.1f}"'
                   f'{rounded} fill="{fill}"></rect>')
    return f"<g>{outline}{_words(shape, ink)}</g>"


def _words(shape: Shape, ink: str) -> str:
    """The shape's label (bold), text and points, wrapped to its width and centred in it."""
    room = shape.w - 2 * PAD - (shape.w * 0.2 if shape.form == "ellipse" else 0)
    lines: list[tuple[str, float, bool]] = []
    if shape.label:
        lines += [(line, LABEL_SIZE, True) for line in wrap(shape.label, room, LABEL_SIZE)]
    if shape.text:
        lines += [(line, TEXT_SIZE, False) for line in wrap(shape.text, room, TEXT_SIZE)]
    for point in shape.points:
        lines += [(line, TEXT_SIZE, False) for line in wrap("• " + point, room, TEXT_SIZE)]
    height = sum(size * 1.25 for _, size, _ in lines)
    top = shape.y + (shape.h - height) / 2 if not shape.points else shape.y + PAD
    x = shape.x + shape.w / 2
    anchor = "middle"
    if shape.points:
        x, anchor = shape.x + PAD, "start"
    out = []
    for text, size, bold in lines:
        top += size * 1.25
        weight = ' font-weight="bold"' if bold else ""
        out.append(f'<text x="{x:.1f}" y="{top - size * 0.3:.1f}" font-size="{size:g}"{weight} fill="{ink}" '
                   f'text-anchor="{anchor}">{html.escape(text, quote=False)}</text>')
    return "".join(out)


def wrap(text: str, room: float, size: float) -> list[str]:
    """Lines of at most `room` units, broken between words (Chinese as jieba cuts it, as the decks break it),
    never before closing or after opening punctuation; a Chinese word wider than the room breaks between
    its characters."""
    lines: list[str] = []
    line = ""
    for piece in _fitting(_pieces(text), room, size):
        candidate = line + piece
        if line and _width(candidate.rstrip(), size) > room:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line = candidate
    if line.strip():
        lines.append(line.rstrip())
    if len(lines) > 1 and len(lines[-1]) == 1 and _wide(lines[-1]) and len(lines[-2]) > 2:
        lines[-2:] = [lines[-2][:-1], lines[-2][-1] + lines[-1]]  # no Chinese character alone on the last line
    return lines


def _pieces(text: str) -> list[str]:
    """The pieces a line may break between: words with the spaces and punctuation that hold on to them."""
    tokens = cut(text) if any(_wide(char) for char in text) else re.findall(r"\S+\s*|\s+", text)
    pieces: list[str] = []
    for token in tokens:
        holds_on = token.isspace() or all(char in NO_LINE_START for char in token.strip())
        if pieces and (holds_on or pieces[-1].rstrip()[-1:] in NO_LINE_END):
            pieces[-1] += token
        else:
            pieces.append(token)
    return pieces


def _fitting(pieces: list[str], room: float, size: float) -> list[str]:
    """The pieces, a Chinese one wider than the room split into its characters (it cannot fit whole)."""
    result: list[str] = []
    for piece in pieces:
        if _width(piece.rstrip(), size) > room and any(_wide(char) for char in piece):
            result += list(piece)
        else:
            result.append(piece)
    return result


def _wide(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\uff00" <= char <= "\uffef" or \
        "\u3000" <= char <= "\u303f" or char in "“”‘’"


def _width(text: str, size: float) -> float:
    return sum(size if _wide(char) else size * 0.56 for char in text)
