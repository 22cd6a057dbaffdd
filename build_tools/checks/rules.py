"""Course → problems. One small `check_*` function per rule, grouped by family in the `rules_*` modules; no
I/O, no printing.

`validate` runs them all and never stops at the first problem, so one run shows everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from build_tools.checks.page_rules import kept_page_problems
from build_tools.checks.rules_audience import check_participant_audience
from build_tools.checks.rules_diagrams import check_diagram_twins
from build_tools.checks.rules_facilitator_spelling import check_facilitator_spelling
from build_tools.checks.rules_files import check_downloads, check_file_names, check_files
from build_tools.checks.rules_languages import check_languages, check_translations
from build_tools.checks.rules_links import check_handouts, check_links
from build_tools.checks.rules_markup import check_box_kinds, check_heading_attributes
from build_tools.checks.rules_materials import check_materials
from build_tools.checks.rules_pages import check_pages, check_raw_html
from build_tools.checks.rules_sessions import check_modules, check_timing
from build_tools.checks.severity import graded
from build_tools.course.cache_store import CacheStore
from build_tools.course.model import Course
from build_tools.course.problems import Problem


def validate(course: Course, store: CacheStore | None = None) -> list[Problem]:
    """Every problem in the course, from every check, with the severity the course gives it; with a `store`
    (`check`'s cache), the rules that judge each page alone take the unchanged pages' problems from it."""
    per_page = kept_page_problems(course, store) if store is not None else {}
    found = (per_page[check] if check in per_page else check(course) for check in CHECKS)
    return graded((problem for problems in found for problem in problems), course.settings)


CHECKS: tuple[Callable[[Course], Iterator[Problem]], ...] = (
    check_facilitator_spelling,
    check_heading_attributes,
    check_box_kinds,
    check_pages,
    check_modules,
    check_timing,
    check_languages,
    check_diagram_twins,
    check_links,
    check_handouts,
    check_materials,
    check_participant_audience,
    check_downloads,
    check_translations,
    check_raw_html,
    check_files,
    check_file_names,
)
