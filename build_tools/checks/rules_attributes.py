"""Heading attributes the outputs do not know: a near miss of `.facilitator-only`, and anything else.

The loader keeps every attribute a heading was written with; this check judges them. A near miss of
`.facilitator-only` is an error (participants would see the section); any other attribute is advice:
no output writes it, so nothing is wrong or unsafe, but the author meant something.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from build_tools.course.markdown_reading import AUTHOR_CLASSES, SESSION_ATTRIBUTES, Attributes
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
            yield Problem(heading.source, "attr.not_allowed",
                          f"class '.{name}' is not one the outputs know, so it is left out (allowed: {allowed})",
                          warning=True)
    for key in attributes.unknown_keys:
        allowed = ", ".join(f"'{k}='" for k in SESSION_ATTRIBUTES)
        yield Problem(heading.source, "attr.not_allowed",
                      f"attribute '{key}' is left out of every output (a heading takes an id, {allowed})",
                      warning=True)
