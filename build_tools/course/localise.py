"""The course's words in each language: interface words, dates and box titles, the same in every output.

The words are data (`Course.words`: course.yml `words:` over the defaults); how they are filled in and
how a date is written is decided here once, for the PDF, the slides and the site alike.
"""

from __future__ import annotations

import datetime as dt
import re

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


_CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (the numbers a course's modules go up to, 1–99)."""
    tens, ones = divmod(n, 10)
    if not tens:
        return _CHINESE_DIGITS[ones]
    return (_CHINESE_DIGITS[tens] if tens > 1 else "") + "十" + (_CHINESE_DIGITS[ones] if ones else "")


def title_carries_number(course: Course, language: str, title: str, number: int) -> bool:
    """True when a module's title already starts with its number ("第一单元：角色认知", "Unit 1: Roles",
    "单元 1 角色认知"): the outputs then show the title alone instead of numbering it twice."""
    numbers = "|".join(re.escape(n) for n in (str(number), chinese_number(number)))
    words = {word(course, language, "module"), "module", "unit", "part", "chapter", "lesson", "模块", "单元"}
    names = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True) if w)
    pattern = rf"^\s*(?:第\s*(?:{numbers})\s*\w{{0,4}}|(?:{names})\s*(?:{numbers}))(?:[\s:：.、·—-]|$)"
    return re.match(pattern, title, re.IGNORECASE) is not None
