"""The course's words in each language: interface words, dates and box titles, the same in every output.

The words are data (`Course.words`: course.yml `words:` over the defaults); how they are filled in and
how a date is written is decided here once, for the PDF, the slides and the site alike.
"""

from __future__ import annotations

import datetime as dt

from build_tools.course.interface_words import fill
from build_tools.course.model import Course


def word(course: Course, language: str, key: str, **values: object) -> str:
    """An interface word of the outputs in a language (course.yml `words:` over the defaults)."""
    return fill(course.words[language][key], values)


def word_template(course: Course, language: str, key: str) -> str:
    """An interface word with its placeholders unfilled (`Day {n} · {time}`), for a caller to fill later."""
    return course.words[language][key]


def long_date(course: Course, language: str, date: dt.date) -> str:
    """A date as the language writes it in full (`2026年11月27日`, `27 November 2026`): the `date` word.

    One format per language for every output (PDF cover, slides, site footer).
    """
    month_name = word(course, language, "month_names").split()[date.month - 1]
    return word(course, language, "date", year=date.year, month=date.month, day=date.day, month_name=month_name)


def box_title(course: Course, language: str, kind: str) -> str:
    """The title of an untitled box (`!!! question`), the same in every output: the i18n plugin's
    `admonition_translations`, else the course's word for a discussion (question boxes), else the kind."""
    given = course.admonition_titles.get(language, {}).get(kind)
    if given:
        return given
    return word(course, language, "slide_discussion") if kind == "question" else kind.capitalize()


def duration(course: Course, language: str, minutes: int, days: int) -> str:
    """How long the course takes, as a cover says it: `135 分钟`, or for several days `2 天（12 小时）` /
    `2 days (12 h)` (hours to one decimal, without a trailing `.0`)."""
    if days <= 1:
        return word(course, language, "min", n=minutes)
    hours = f"{minutes / 60:.1f}".removesuffix(".0")
    return word(course, language, "days_hours", n=days, hours=hours)
