"""`make check`: the course's problems, and for a sound course what the renderers would refuse, before anything
is rendered (decks.yml and the slide template, slide text that cannot fit, images the slides cannot show,
PDF images and characters without a glyph)."""

from __future__ import annotations

import functools
import importlib
import os
from pathlib import Path

from build_tools.checks.checked import course_and_problems
from build_tools.course.model import Course
from build_tools.course.problems import CourseError, Problem
from build_tools.parts import chinese_words
from build_tools.pipeline.run import OUTPUTS
from build_tools.pipeline.workers import run_forked


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
    """What the renderers would refuse, found before anything is rendered; the languages' decks are planned
    side by side in forked processes (it is the slow part)."""
    for kind in ("decks", "pdf"):
        importlib.import_module(OUTPUTS[kind].module)
    chinese_words.preload()
    tasks = [functools.partial(_deck_problems, course, language.code) for language in course.languages]
    tasks.append(functools.partial(_pdf_problems, course))
    found = [problem for _, result in sorted(run_forked(tasks, min(len(tasks), os.cpu_count() or 1)))
             for problem in result]
    return list(dict.fromkeys(found))


def _deck_problems(course: Course, language: str) -> list[Problem]:
    from build_tools.slides.render import plan_decks
    from build_tools.slides.settings import load_deck_settings

    try:
        plan_decks(course, load_deck_settings(course.root), language)
    except CourseError as error:
        return list(error.problems)
    return []


def _pdf_problems(course: Course) -> list[Problem]:
    from build_tools.pdf.render import build_documents, check_documents

    try:
        check_documents(course, build_documents(course))
    except CourseError as error:
        return list(error.problems)
    return []
