"""A course's own severities: the house-style advice is a warning, unless the course makes it an error.

Every problem is created with its code's default severity (`course/problems.py`, `ADVICE`); this is the one
place that applies the course's `rules:` (`strict`, `select`, `ignore`) and `release: true`, so a check never
decides on its own whether it stops a build.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from build_tools.course.problems import ADVICE, Problem
from build_tools.course.settings_model import Settings


def graded(problems: Iterable[Problem], settings: Settings | None) -> list[Problem]:
    """The problems as this course reports them: ignored advice left out, advice made errors where the course
    (or a release build) asks for it, errors unchanged."""
    if settings is None:
        return list(problems)
    rules = settings.rules
    strict = rules.strict or settings.release
    result = []
    for problem in problems:
        if problem.code not in ADVICE:
            result.append(problem)
        elif problem.code not in rules.ignore:
            warning = not (strict or problem.code in rules.select)
            result.append(problem if problem.warning == warning else dataclasses.replace(problem, warning=warning))
    return result
