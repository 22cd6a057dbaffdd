"""The slide template: opened as a new presentation, checked for the layouts decks.yml names, and measured.

Every deck starts from the template (`open_template`); the planner needs the room inside each text
placeholder (`template_boxes`) before any slide exists, so text is broken into lines against it.
"""
from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterable
from typing import TYPE_CHECKING

from lxml import etree

from build_tools.course.problems import CourseError, Problem
from build_tools.slides.settings import DeckSettings, Layouts
from build_tools.slides.text_fit import EMU_PER_PT, TextBox, insets_of

if TYPE_CHECKING:  # python-pptx is loaded only to open the template: a check with its boxes kept never loads it
    from pptx.presentation import Presentation as Deck
    from pptx.shapes.base import BaseShape

PLACEHOLDERS: dict[str, tuple[int, ...]] = {
    "title": (0, 1), "agenda": (0, 1), "section": (0, 1), "content": (0, 1),
    "content_with_image": (0, 1, 2), "discussion": (0, 1), "closing": (0, 1),
}
"""The placeholders (by idx) each kind of slide (a key of decks.yml `layouts:`) fills."""
PLACEHOLDER_ROLES = {0: "title", 1: "body text", 2: "image area"}
CONTENT_KINDS = ("content", "content_with_image")
"""The kinds a session's key points go on: with an image area on the slides that show a picture."""

_BODY_PR = "{http://schemas.openxmlformats.org/presentationml/2006/main}txBody/" \
           "{http://schemas.openxmlformats.org/drawingml/2006/main}bodyPr"
_TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_PRESENTATION_TYPE = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"

_BOXES: dict[tuple[str, Layouts], dict[tuple[str, int], TextBox]] = {}
"""Template boxes by (template content, layouts): a build plans a deck per language, and `check` and
`make serve` plan again and again, from the same template; `check` keeps them between runs (`known_boxes`)."""


def template_boxes(settings: DeckSettings) -> dict[tuple[str, int], TextBox]:
    """Check the template has every layout and placeholder the decks use; the room inside each text one.

    Keys are (`layouts:` key, placeholder idx).
    """
    key = _boxes_key(settings)
    if key not in _BOXES:
        prs = open_template(settings)
        try:
            _BOXES[key] = _template_boxes(prs, settings)
        except etree.LxmlError as error:  # a layout or master part is not well-formed XML
            raise CourseError([Problem(settings.where("template"), "slides.template",
                                       f"{settings.template.name} cannot be read: a part of it is not "
                                       f"well-formed XML ({error})")]) from None
    return dict(_BOXES[key])


def _boxes_key(settings: DeckSettings) -> tuple[str, Layouts]:
    return hashlib.sha256(settings.template.read_bytes()).hexdigest(), settings.layouts


def known_boxes() -> dict[tuple[str, Layouts], dict[tuple[str, int], TextBox]]:
    """The boxes of every template this process has measured, by template content and layouts (only sound
    templates: a template with a problem is opened again, so its problems are found again)."""
    return {key: dict(boxes) for key, boxes in _BOXES.items()}


def remember_boxes(boxes: dict[tuple[str, Layouts], dict[tuple[str, int], TextBox]]) -> None:
    """Take boxes measured by another process (`check`'s cache) as this process's own."""
    _BOXES.update({key: dict(value) for key, value in boxes.items()})


def _template_boxes(prs: Deck, settings: DeckSettings) -> dict[tuple[str, int], TextBox]:
    problems: list[Problem] = []
    boxes: dict[tuple[str, int], TextBox] = {}
    names = [layout.name for layout in prs.slide_layouts]
    for kind, wanted in PLACEHOLDERS.items():
        name = getattr(settings.layouts, kind)
        layout = prs.slide_layouts.get_by_name(name)
        where = settings.where(f"layouts.{kind}")
        if layout is None:
            problems.append(Problem(where, "slides.template", f"the template {settings.template.name} has no "
                                         f"layout named '{name}' (its layouts: {', '.join(names)})"))
            continue
        shapes: Iterable[BaseShape] = layout.placeholders  # as shapes: python-pptx mistypes its own __iter__
        found = {ph.placeholder_format.idx: ph for ph in shapes}
        for idx in wanted:
            ph = found.get(idx)
            if ph is None or ph.width is None or ph.height is None:
                problems.append(Problem(where, "slides.template", f"layout '{name}' of {settings.template.name} "
                                             f"has no placeholder idx {idx} ({PLACEHOLDER_ROLES[idx]})"))
                continue
            if idx != 2:
                boxes[(kind, idx)] = text_box(ph)
            else:  # the image area: its whole size, for a diagram (a picture is scaled into each slide's own)
                boxes[(kind, idx)] = TextBox(ph.width / EMU_PER_PT, ph.height / EMU_PER_PT)
    if problems:
        raise CourseError(problems)
    boxes[NOTES_BOX] = notes_box(prs)
    return boxes


NOTES_BOX = ("notes", 1)
"""The key of the notes page's body among the template boxes."""


def notes_box(prs: Deck) -> TextBox:
    """The room inside the notes master's body placeholder (python-pptx's default notes master when the
    template has none): each slide's notes are set to fit it when printed as a notes page."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    shapes: Iterable[BaseShape] = prs.notes_master.placeholders  # python-pptx mistypes its own __iter__
    body = next((ph for ph in shapes if ph.placeholder_format.type == PP_PLACEHOLDER.BODY), None)
    if body is None or body.width is None or body.height is None:  # a template without one: PowerPoint's size
        return TextBox(6 * 72 - 14.4, 4.5 * 72 - 7.2)
    left, top, right, bottom = insets_of([body.element.find(_BODY_PR)])
    return TextBox(body.width / EMU_PER_PT - left - right, body.height / EMU_PER_PT - top - bottom)


def open_template(settings: DeckSettings) -> Deck:
    """The template as a new presentation; a PowerPoint template (.potx) is opened as a presentation."""
    from pptx import Presentation

    data = settings.template.read_bytes()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            types = package.read("[Content_Types].xml")
            if _TEMPLATE_TYPE in types:
                out = io.BytesIO()
                with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
                    for info in package.infolist():
                        member = package.read(info.filename)
                        if info.filename == "[Content_Types].xml":
                            member = member.replace(_TEMPLATE_TYPE, _PRESENTATION_TYPE)
                        copy.writestr(info, member)
                data = out.getvalue()
        return Presentation(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.LxmlError) as error:
        where = settings.where("template")
        raise CourseError([Problem(where, "slides.template", f"{settings.template.name} is not a PowerPoint "
                                        f"presentation or template (.pptx, .potx): {error}")]) from error


def text_box(shape: BaseShape) -> TextBox:
    """The room inside a placeholder (on a slide or a layout) after the insets it sets or inherits."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    from build_tools.slides.pptx_internals import owning_layout, owning_master

    chain: list[BaseShape | None] = [shape]
    layout = owning_layout(shape)
    if layout is not None:
        chain.append(layout.placeholders.get(idx=shape.placeholder_format.idx))
    holder = chain[-1]
    master = owning_master(holder) if holder is not None else None
    if holder is not None and master is not None:
        kind = holder.placeholder_format.type
        titles = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
        base = PP_PLACEHOLDER.TITLE if kind in titles else PP_PLACEHOLDER.BODY
        chain.append(master.placeholders.get(base))
    body_prs = [s.element.find(_BODY_PR) if s is not None else None for s in chain]
    left, top, right, bottom = insets_of(body_prs)
    return TextBox(shape.width / EMU_PER_PT - left - right, shape.height / EMU_PER_PT - top - bottom)
