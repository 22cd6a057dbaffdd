"""Load and check the course in one call: what every build step does before it writes anything."""

from __future__ import annotations

from pathlib import Path

from build_tools.load import load_course
from build_tools.model import Course
from build_tools.problems import CourseError, Problem
from build_tools.validate import validate


def course_and_problems(root: Path) -> tuple[Course, list[Problem]]:
    """The course and every problem found in it (reading and checking), in source order per check."""
    result = load_course(root)
    return result.course, list(result.problems) + validate(result.course)


def checked_course(root: Path) -> Course:
    """The course, or CourseError listing every problem, before anything is written."""
    course, problems = course_and_problems(root)
    if problems:
        raise CourseError(problems)
    return course
