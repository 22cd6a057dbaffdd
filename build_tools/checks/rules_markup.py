"""Markup the outputs do not know: heading attributes and box kinds.

The loader keeps every attribute a heading was written with and the kind word of every box; these checks
judge them. A near miss of `.facilitator-only` is an error (participants would see the section); any
other attribute, and a box kind no output knows, is advice: nothing is wrong or unsafe, but the author
meant something.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from build_tools.course.markdown_reading import (
    AUTHOR_CLASSES,
    FACILITATOR_KINDS,
    NOTE_KINDS,
    SESSION_ATTRIBUTES,
    Attributes,
    unfold_lookalike,
)
from build_tools.course.model import Course, Heading
from build_tools.course.problems import Problem

_FACILITATOR_CLASS = re.compile(r"(facilitators?|trainers?)[\W_]*only|only[\W_]*(facilitators?|trainers?)")


def check_heading_attributes(course: Course) -> Iterator[Problem]:
    """A heading's attributes beyond its id, the documented classes and the session's minutes and method."""
    for page in course.pages:
        for heading in page.headings:
            yield from _unknown_attributes(heading)


def _unknown_attributes(heading: Heading) -> Iterator[Problem]:
    attributes = Attributes(heading.id, heading.classes, dict(heading.attrs))
    for name in attributes.unknown_classes:
        if _FACILITATOR_CLASS.search(name.lower()) or name.lower() in AUTHOR_CLASSES:
            yield Problem(heading.source, "attr.facilitator_class",
                          f"'.{name}' is not '.facilitator-only': participants would see this section")
        else:
            allowed = ", ".join(f"'.{c}'" for c in AUTHOR_CLASSES)
            yield Problem(heading.source, "attr.left_out",
                          f"class '.{name}' is not one the outputs know, so it is left out (allowed: {allowed})")
    for key in attributes.unknown_keys:
        allowed = ", ".join(f"'{k}='" for k in SESSION_ATTRIBUTES)
        yield Problem(heading.source, "attr.left_out",
                      f"attribute '{key}' is left out of every output (a heading takes an id, {allowed})")


def check_box_kinds(course: Course) -> Iterator[Problem]:
    """A box (`!!! hint`) no output knows is shown as a plain note: advice, as nothing is lost or unsafe.

    A kind that looks like a facilitator box (`!!! Trainer`, `!!! trainers`) is not advice here: the
    facilitator-spelling check reports it as an error, since participants would see it.
    """
    known = ", ".join(NOTE_KINDS)
    for page in course.pages:
        for box in page.boxes:
            looks_facilitator = any(word in unfold_lookalike(box.kind) for word in ("trainer", "material"))
            if box.kind not in NOTE_KINDS and box.kind not in FACILITATOR_KINDS and not looks_facilitator:
                yield Problem(box.source, "block.unknown_box",
                              f"'!!! {box.kind}' is not a box the outputs know, so it is shown as a plain note "
                              f"(boxes for everyone: {known})")
