"""Advice on materials lists: with a materials list in course.yml, every thing a session needs is on it, so the
guide's checklist can count it for the class (an unlisted entry is still listed there, as written, uncounted)."""

from __future__ import annotations

from collections.abc import Iterator

from build_tools.course.handouts import linked_handout, materials_items
from build_tools.course.model import Course
from build_tools.course.problems import Problem
from build_tools.parts.materials import material_of

_QUOTED = 60  # characters of an entry quoted back in the message


def check_materials(course: Course) -> Iterator[Problem]:
    """Each materials entry names a material of `materials:` in course.yml, or links a handout."""
    listed = course.settings.materials if course.settings is not None else None
    if not listed:
        return
    for language in course.languages:
        view = course.view(language.code)
        for session in view.sessions:
            for item in materials_items(session):
                if linked_handout(view, session, item) is not None or material_of(listed, language.code, item.text):
                    continue
                shown = item.text if len(item.text) <= _QUOTED else item.text[:_QUOTED] + "…"
                yield Problem(item.source, "materials.unlisted",
                              f"'{shown}' is not in the materials list of docs/course.yml, so the checklist "
                              "cannot count it", warning=True)
