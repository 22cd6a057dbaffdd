"""Diagrams agree across languages: a page and its twin draw the same diagrams, of the same kinds, with the
same number of items, in the same order (each language writes its own words)."""
from __future__ import annotations

from collections.abc import Iterator

from build_tools.course.diagrams import Diagram
from build_tools.course.model import Course, Page
from build_tools.course.problems import Problem


def check_diagram_twins(course: Course) -> Iterator[Problem]:
    """Each diagram of a translated page has a twin of the same kind and item count at the same place."""
    default = course.default_language
    for other in (lang for lang in course.languages if not lang.default):
        for base in course.pages_in(default.code):
            twin = course.page(base.key, other.code)
            if twin is None:
                continue  # check_languages reports the missing twin
            ours, theirs = _diagrams(base), _diagrams(twin)
            for index, (one, two) in enumerate(zip(ours, theirs, strict=False), start=1):
                if (one.kind, len(one.items)) != (two.kind, len(two.items)):
                    yield Problem(two.source, "i18n.diagram", f"diagram {index} is a {two.kind} of "
                                  f"{len(two.items)} items; in {base.source_path.name} it is a {one.kind} of "
                                  f"{len(one.items)} items")
            if len(ours) != len(theirs):
                where = (theirs[len(ours)].source if len(theirs) > len(ours) else twin.source)
                yield Problem(where, "i18n.diagram", f"the page draws {len(theirs)} diagrams; "
                              f"{base.source_path.name} draws {len(ours)}")


def _diagrams(page: Page) -> list[Diagram]:
    return [block.diagram for section in page.sections for block in section.blocks if block.diagram is not None]
