"""The course settings as data (docs/course.yml): titles, edition, day plan, teaching methods, class size.

Read by `settings.py`, which reports every problem with its line; the course model holds the result.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from build_tools.course.display_names import capitalised
from build_tools.course.source import SourceLocation


class Copies(enum.Enum):
    """How many copies of a handout to print: one per participant, per group or per trainer."""

    PARTICIPANT = "participant"
    GROUP = "group"
    TRAINER = "trainer"


@dataclass(frozen=True)
class Method:
    """A teaching method with its name in each language (`course.yml` `methods:`, or the defaults)."""

    names: Mapping[str, str]

    @property
    def key(self) -> str:
        """A language-neutral identity: the first name given."""
        return next(iter(self.names.values()))

    def label(self, language: str) -> str:
        """The method's name in a language, as the course writes it."""
        return self.names[language]

    def display(self, language: str) -> str:
        """The name as a table or slide shows it, capitalised like a title (`case study` → `Case study`).

        Scripts without case (Chinese, Japanese) are unchanged; the course's data keeps its spelling.
        """
        return capitalised(self.names[language])

    def matches(self, text: str) -> bool:
        """True when `text` is any of its names, ignoring case, hyphens, underscores and extra spaces."""
        wanted = normalise_name(text)
        return any(normalise_name(name) == wanted for name in self.names.values())


def normalise_name(text: str) -> str:
    """`Group-Discussion` → `group discussion`: how method names are compared."""
    return " ".join(text.replace("-", " ").replace("_", " ").lower().split())


class PauseKind(enum.Enum):
    """A pause in the day plan."""

    BREAK = "break"
    LUNCH = "lunch"


@dataclass(frozen=True)
class LocalText:
    """One text in each language, e.g. the course title; `text[lang]` gives the language's version."""

    values: Mapping[str, str]

    def __getitem__(self, language: str) -> str:
        return self.values[language]


@dataclass(frozen=True)
class Pause:
    """A break or lunch at a clock time (minutes since midnight)."""

    start: int
    minutes: int
    kind: PauseKind
    source: SourceLocation

    @property
    def end(self) -> int:
        """Clock time (minutes since midnight) when teaching resumes."""
        return self.start + self.minutes


@dataclass(frozen=True)
class Day:
    """One training day of the day plan."""

    number: int
    start: int
    end: int
    pauses: tuple[Pause, ...]
    source: SourceLocation


@dataclass(frozen=True)
class ClassSize:
    """Who is in the room: handout copies are computed from it."""

    participants: int
    groups: int
    trainers: int = 1

    def copies(self, per: Copies) -> int:
        """Copies of a handout printed once per participant, group or trainer."""
        return {Copies.PARTICIPANT: self.participants, Copies.GROUP: self.groups, Copies.TRAINER: self.trainers}[per]


@dataclass(frozen=True)
class Settings:
    """Course settings from docs/course.yml."""

    title: LocalText
    subtitle: LocalText
    audience: LocalText
    author: LocalText
    edition: dt.date
    teaching_minutes: int
    days: tuple[Day, ...]
    source: SourceLocation
    slug: str = "course"
    methods: tuple[Method, ...] = ()
    words: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    class_size: ClassSize | None = None
    modules_may_span_days: bool = False
    release: bool = False
    tagged_pdf: bool = True
    key_sources: Mapping[str, SourceLocation] = field(default_factory=dict)

    def where(self, key: str) -> SourceLocation:
        """The line of a top-level setting, or the file's first line when it is absent."""
        return self.key_sources.get(key, self.source)

    def method(self, text: str) -> Method | None:
        """The configured method named `text` in any language; None when unknown."""
        return next((m for m in self.methods if m.matches(text)), None)
