"""Load and check the course in one call: what every build step does before it writes anything."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from build_tools.checks.rules import validate
from build_tools.course.load import load_course
from build_tools.course.model import Course
from build_tools.course.problems import CourseError, Problem, format_report


def course_and_problems(root: Path) -> tuple[Course, list[Problem]]:
    """The course and every problem found in it (reading and checking), in source order per check."""
    result = load_course(root)
    return result.course, list(result.problems) + validate(result.course)


def every_problem(root: Path) -> tuple[Course, list[Problem]]:
    """What `check` reports: reading and checking, then what the renderers would refuse."""
    course, problems = course_and_problems(root)
    return course, with_output_problems(course, problems)


def with_output_problems(course: Course, problems: list[Problem]) -> list[Problem]:
    """The problems of reading and checking, and for a sound course only (only a sound course can be laid
    out) what the renderers would refuse."""
    if any(not p.warning for p in problems):
        return list(problems)
    return list(problems) + output_problems(course)


def output_problems(course: Course) -> list[Problem]:
    """What the renderers would refuse, found before anything is rendered: decks.yml and the slide template,
    slide text that cannot fit, images the slides cannot show, PDF images and characters without a glyph.

    The languages' decks are planned side by side in forked processes (it is the slow part).
    """
    from build_tools.pipeline.workers import forked_pool

    tasks = [("decks", language.code) for language in course.languages] + [("pdf", "")]
    renderers = ("build_tools.slides.render", "build_tools.pdf.render")
    with forked_pool(course, min(len(tasks), os.cpu_count() or 1), preload=renderers) as pool:
        found = [problem for result in pool.map(_output_task, tasks) for problem in result]
    return list(dict.fromkeys(found))


def _output_task(task: tuple[str, str]) -> list[Problem]:
    """One pre-render check, in a worker: its problems (an empty list when it is clean)."""
    from build_tools.pipeline.workers import shared_course

    kind, language = task
    course = shared_course()
    try:
        if kind == "decks":
            from build_tools.slides.render import plan_decks
            from build_tools.slides.settings import load_deck_settings

            plan_decks(course, load_deck_settings(course.root), language)
        else:
            from build_tools.pdf.render import build_documents, check_documents

            check_documents(course, build_documents(course))
    except CourseError as error:
        return list(error.problems)
    return []


def checked_course(root: Path) -> Course:
    """The course, or CourseError listing every problem, before anything is written."""
    course, problems = course_and_problems(root)
    if any(not p.warning for p in problems):
        raise CourseError(problems)
    warnings = [p for p in problems if p.warning]
    if warnings:  # e.g. stale translations: the build goes on, and its summary says so
        print(format_report(warnings), file=sys.stderr)
    return course
