"""The words of one language's slides: interface words, labels, method names and clock times.

On a course of several days every time shown carries its day.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from build_tools.course import localise
from build_tools.course.model import AgendaItem, Course, Module, Session
from build_tools.course.schedule import clock, span


class Wording:
    """Interface words and times of one language, as the slides of its decks show them."""

    def __init__(self, course: Course, language: str) -> None:
        self.course, self.language = course, language
        self.view = course.view(language)
        self.agenda = self.view.agenda

    def word(self, key: str, **values: object) -> str:
        return localise.word(self.course, self.language, key, **values)

    def label(self, key: str, value: str, instead: str = "") -> str:
        """`对象：…` / `Audience: …`; a name that already says the label's word is not labelled again
        ("Case sharing" is not "Case: Case sharing"): it is followed by the word `instead` names
        ("Case sharing: Questions", "案例分享：思考题"), or stands alone without one."""
        label, separator = self.word(key), self.word("slide_point_sep")
        if says(value, label):
            return f"{value}{separator}{self.word(instead)}" if instead else value
        return f"{label}{separator}{value}"

    def method(self, session: Session) -> str:
        """The session's method as a slide shows it: capitalised like a title (`Case study`), data unchanged."""
        return session.method.display(self.language) if session.method else ""

    def module_heading(self, module: Module) -> str:
        """`模块 1：倾听`; a title that already carries its number ("第一单元：角色认知") as written."""
        if self.numbered_title(module):
            return module.title
        return self.word("slide_module", n=module.number, title=module.title)

    def numbered_title(self, module: Module) -> bool:
        return localise.title_carries_number(self.course, self.language, module.title, module.number)

    def when(self, rows: Sequence[AgendaItem]) -> str:
        """`09:00–09:15`, or `Day 2 · 09:00–09:15` on a course of several days."""
        # the raw template: course.word() formats, and would fail on its {n} and {time} (reported to the model)
        return span(self.agenda, rows, self.course.words[self.language]["day_time"])

    def at(self, day: int, minutes: int) -> str:
        """One clock time, with its day on a course of several days."""
        if self.agenda.multi_day:
            return self.word("day_time", n=day, time=clock(minutes))
        return clock(minutes)

    def rows(self, modules: Sequence[Module]) -> tuple[AgendaItem, ...]:
        """The agenda rows of the modules' sessions, in teaching order."""
        return tuple(row for module in modules for row in self.agenda.module_rows(module))


def says(name: str, word: str) -> bool:
    """Whether a name already contains a label's word: as a whole word in Latin script, whatever the case
    ("Case sharing" says "Case", "Showcase" does not), anywhere in Chinese ("案例分享" says "案例")."""
    if not word.strip():
        return False
    if word.isascii():
        return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", name, re.IGNORECASE) is not None
    return word in name
