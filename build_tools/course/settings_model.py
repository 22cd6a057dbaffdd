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


class Per(enum.Enum):
    """What a material's count is for: each participant, each group, each trainer, or the room once."""

    PARTICIPANT = "participant"
    GROUP = "group"
    TRAINER = "trainer"
    ROOM = "room"


@dataclass(frozen=True)
class Material:
    """One thing to prepare (`materials:` in course.yml): its name per language and how many the class needs."""

    names: Mapping[str, str]
    per: Per
    count: int
    source: SourceLocation


@dataclass(frozen=True)
class MaterialsList:
    """The course's materials; `spare_percent` more of what is handed out (per participant or group)."""

    items: tuple[Material, ...]
    spare_percent: int = 0


@dataclass(frozen=True)
class Method:
    """A teaching method with its name in each language (`course.yml` `methods:`, or the defaults)."""

    names: Mapping[str, str]
    steps: bool = False  # `steps: true`: a numbered list in its sessions is the steps the participants follow

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
    """A pause in the day plan. A buffer is unscheduled slack (late starts, questions that run on),
    shown on the agenda and the run sheet so a trainer can see where the day can absorb a delay."""

    BREAK = "break"
    LUNCH = "lunch"
    BUFFER = "buffer"


@dataclass(frozen=True)
class LocalText:
    """One text in each language, e.g. the course title; `text[lang]` gives the language's version."""

    values: Mapping[str, str]

    def __getitem__(self, language: str) -> str:
        return self.values[language]


@dataclass(frozen=True)
class Pause:
    """A break, lunch or buffer at a clock time (minutes since midnight)."""

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
class RuleChoice:
    """`rules:` in course.yml: how this course takes the house-style advice (as ruff's `select`/`ignore`).

    `strict` makes every advice an error; `select` names advice codes that are errors in this course;
    `ignore` names advice codes this course does not follow, so they are not reported. Errors stay errors.
    """

    strict: bool = False
    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()


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
    rules: RuleChoice = field(default_factory=RuleChoice)
    materials: MaterialsList | None = None
    printable_cover: bool = False  # a white cover inside the margins: office printers cannot print to the edge
    key_sources: Mapping[str, SourceLocation] = field(default_factory=dict)

    def where(self, key: str) -> SourceLocation:
        """The line of a top-level setting, or the file's first line when it is absent."""
        return self.key_sources.get(key, self.source)

    def method(self, text: str) -> Method | None:
        """The configured method named `text` in any language; None when unknown."""
        return next((m for m in self.methods if m.matches(text)), None)
