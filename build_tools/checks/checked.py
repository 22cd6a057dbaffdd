"""Load and check the course in one call: what every build step does before it writes anything."""

from __future__ import annotations

import sys
from pathlib import Path

from build_tools.checks.rules import validate
from build_tools.checks.rules_languages import check_records
from build_tools.checks.severity import graded
from build_tools.course.cache_store import CacheStore
from build_tools.course.load import load_course
from build_tools.course.model import Course
from build_tools.course.problems import CourseError, Problem, format_report


def course_and_problems(root: Path, store: CacheStore | None = None) -> tuple[Course, list[Problem]]:
    """The course and every problem found in it (reading and checking), in source order per check; `store`
    keeps what reading finds and the page rules' problems between runs of `check` (`pipeline.check_cache`)
    and saves of `make serve`."""
    course, problems = read_course(root, store)
    return course, problems + validate(course, store)


def read_course(root: Path, store: CacheStore | None = None) -> tuple[Course, list[Problem]]:
    """The course and the problems of reading it; `course_and_problems` adds those of checking it (`validate`)."""
    result = load_course(root, store=store)
    course = result.course
    return course, graded([*result.problems, *check_records(course)], course.settings)


def checked_course(root: Path) -> Course:
    """The course, or CourseError listing every problem, before anything is written."""
    course, problems = course_and_problems(root)
    if any(not p.warning for p in problems):
        raise CourseError(problems)
    warnings = [p for p in problems if p.warning]
    if warnings:  # e.g. stale translations: the build goes on, and its summary says so
        print(format_report(warnings), file=sys.stderr)
    return course
