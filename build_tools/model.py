"""The course as data: parsed once from docs/ by load.py, read by every check and every renderer.

Everything here is frozen. Each node knows the `path:line` it came from, so any problem found later
can point a trainer at the exact place to fix.
"""

from __future__ import annotations

import datetime as dt
import enum
import posixpath
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True, order=True)
class SourceLocation:
    """Where a fact came from: a path relative to the repository root, as trainers see it, and a line."""

    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path.as_posix()}:{self.line}"


class Edition(enum.Enum):
    """Who an output is for: participants never see facilitator-only content."""

    PARTICIPANT = "participant"
    FACILITATOR = "facilitator"


class BlockKind(enum.Enum):
    """What a stretch of Markdown is for; decides which outputs show it."""

    TEXT = "text"
    QUESTION = "question"
    TRAINER = "trainer"
    MATERIALS = "materials"
    MARKER = "marker"

    @property
    def facilitator_only(self) -> bool:
        """Trainer notes and materials lists are for facilitators only."""
        return self in (BlockKind.TRAINER, BlockKind.MATERIALS)


class PageKind(enum.Enum):
    """The role of a page in the course; front matter `kind:`."""

    HOME = "home"
    AGENDA = "agenda"
    MODULE = "module"
    CASE = "case"
    WORKSHEET = "worksheet"
    READING = "reading"
    GLOSSARY = "glossary"
    DOWNLOADS = "downloads"
    PAGE = "page"


class Method(enum.Enum):
    """Teaching methods a session may use, with their Chinese and English names."""

    LECTURE = ("讲授", "lecture")
    CASE_STUDY = ("案例分析", "case study")
    GROUP_DISCUSSION = ("小组讨论", "group discussion")
    ROLE_PLAY = ("角色演练", "role play")
    SHARING = ("分享", "sharing")
    VIDEO = ("视频", "video")
    EXERCISE = ("训练", "exercise")

    def label(self, language: str) -> str:
        """The method's name in a language (Chinese for `zh*`, English otherwise)."""
        return self.value[0] if language.startswith("zh") else self.value[1]

    @classmethod
    def parse(cls, text: str) -> Method | None:
        """Accept the Chinese or English name, case- and spacing-insensitive; None when unknown."""
        wanted = " ".join(text.replace("-", " ").replace("_", " ").lower().split())
        for method in cls:
            if wanted in (method.value[0], method.value[1]):
                return method
        return None


class PauseKind(enum.Enum):
    """A pause in the day plan."""

    BREAK = "break"
    LUNCH = "lunch"


@dataclass(frozen=True)
class Language:
    """A language the course is published in, as configured for mkdocs-static-i18n."""

    code: str
    name: str
    default: bool

    @property
    def suffix(self) -> str:
        """File-name suffix before `.md`: empty for the default language (`page.md`), else `.en`."""
        return "" if self.default else f".{self.code}"

    @property
    def is_chinese(self) -> bool:
        """Chinese text needs CJK fonts and breaks lines between characters."""
        return self.code.lower().startswith("zh")


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

    start: int
    end: int
    pauses: tuple[Pause, ...]
    source: SourceLocation


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
    key_sources: Mapping[str, SourceLocation] = field(default_factory=dict)

    def where(self, key: str) -> SourceLocation:
        """The line of a top-level setting, or the file's first line when it is absent."""
        return self.key_sources.get(key, self.source)


@dataclass(frozen=True)
class Heading:
    """A Markdown heading with its explicit id and `key=value` attributes."""

    level: int
    title: str
    id: str | None
    attrs: Mapping[str, str]
    source: SourceLocation

    def markdown(self) -> str:
        """The heading as Markdown with its id only: timing attributes are for the model, not for HTML."""
        anchor = f" {{#{self.id}}}" if self.id else ""
        return f"{'#' * self.level} {self.title}{anchor}"


@dataclass(frozen=True)
class Reference:
    """A link or an image in a page, with the line it is on."""

    target: str
    is_image: bool
    source: SourceLocation


@dataclass(frozen=True)
class LinkTarget:
    """Where a relative link or image of a page points: a path under docs/ and an anchor."""

    path: str
    fragment: str
    same_page: bool = False

    @property
    def page_key(self) -> str | None:
        """The target page's key (`modules/01-x`) when the link points at a Markdown page."""
        return self.path[: -len(".md")] if self.path.endswith(".md") else None


@dataclass(frozen=True)
class Block:
    """A stretch of a page's Markdown between headings, of one kind (text, trainer note, …)."""

    kind: BlockKind
    markdown: str
    source: SourceLocation
    end_line: int
    title: str = ""
    indented: bool = False

    @property
    def marker(self) -> str:
        """For MARKER blocks, the marker name (`agenda` for `<!-- course:agenda -->`)."""
        return self.title


@dataclass(frozen=True)
class Section:
    """A heading and the blocks up to the next heading (the page's lead has no heading)."""

    heading: Heading | None
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class FrontMatterEntry:
    """One front-matter key with its raw value and line."""

    key: str
    value: object
    source: SourceLocation


@dataclass(frozen=True)
class Page:
    """One language's version of one source page."""

    key: str
    language: str
    source_path: Path
    kind: PageKind | None
    front_matter: tuple[FrontMatterEntry, ...]
    sections: tuple[Section, ...]
    references: tuple[Reference, ...]
    body_start_line: int
    body_lines: tuple[str, ...]

    @property
    def source(self) -> SourceLocation:
        """The page's first line, where its front matter starts."""
        return SourceLocation(self.source_path, 1)

    @property
    def headings(self) -> tuple[Heading, ...]:
        """Every heading in page order."""
        return tuple(s.heading for s in self.sections if s.heading is not None)

    @property
    def title(self) -> str:
        """The level-1 heading's text (empty when the page has none)."""
        first = next((h for h in self.headings if h.level == 1), None)
        return first.title if first else ""

    @property
    def anchor_ids(self) -> frozenset[str]:
        """Every explicit heading id: the anchors other pages may link to."""
        return frozenset(h.id for h in self.headings if h.id)

    def resolve(self, target: str) -> LinkTarget | None:
        """Where a link written on this page points inside docs/ (authors write the Chinese file name).

        None for web addresses and other schemes, site-absolute paths, and paths that climb out of docs/.
        """
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or target.startswith("/"):
            return None
        fragment = unquote(parts.fragment)
        if not parts.path:
            return LinkTarget(f"{self.key}.md", fragment, same_page=True)
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(self.key), unquote(parts.path)))
        if joined == ".." or joined.startswith("../"):
            return None
        return LinkTarget(joined, fragment)

    def setting(self, key: str, default: object = None) -> object:
        """A front-matter value, or the default when the key is absent."""
        return next((e.value for e in self.front_matter if e.key == key), default)

    @property
    def facilitator_only(self) -> bool:
        """True when the whole page is for facilitators (front matter `facilitator_only: true`)."""
        return self.setting("facilitator_only") is True

    @property
    def blocks(self) -> Iterator[Block]:
        """Every block of every section, in page order."""
        for section in self.sections:
            yield from section.blocks

    def body_markdown(self, edition: Edition) -> str:
        """The page's Markdown without front matter; participants' copy drops facilitator-only blocks.

        Lines are blanked rather than removed, so line numbers reported by later steps still match.
        """
        lines = list(self.body_lines)
        if edition is Edition.PARTICIPANT:
            for block in self.blocks:
                if block.kind.facilitator_only:
                    first = block.source.line - self.body_start_line
                    last = block.end_line - self.body_start_line
                    for index in range(first, last + 1):
                        lines[index] = ""
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Session:
    """A timed unit of teaching: a heading with `minutes` and `method` and the blocks under it."""

    id: str
    title: str
    minutes: int
    method: Method | None
    group: Heading | None
    heading: Heading
    blocks: tuple[Block, ...]

    @property
    def source(self) -> SourceLocation:
        """The session heading's line."""
        return self.heading.source

    def blocks_of(self, kind: BlockKind) -> tuple[Block, ...]:
        """The session's blocks of one kind, e.g. its trainer notes."""
        return tuple(b for b in self.blocks if b.kind is kind)


@dataclass(frozen=True)
class Module:
    """A module page: title, objectives and sessions, in one language."""

    number: int
    page: Page
    minutes: int | None
    objectives: Section | None
    sessions: tuple[Session, ...]

    @property
    def id(self) -> str:
        """The module's h1 id, shared by both languages."""
        first = next((h for h in self.page.headings if h.level == 1), None)
        return (first.id if first else None) or self.page.key

    @property
    def title(self) -> str:
        """The module's h1 text."""
        return self.page.title

    @property
    def session_minutes(self) -> int:
        """Minutes of all sessions together."""
        return sum(s.minutes for s in self.sessions)


@dataclass(frozen=True)
class GlossaryEntry:
    """A term in the glossary: its form in each language and the meaning given."""

    terms: Mapping[str, str]
    meaning: str
    source: SourceLocation


@dataclass(frozen=True)
class Course:
    """The whole course in every language; the single input of checks and renderers."""

    root: Path
    docs_dir: Path
    settings: Settings | None
    languages: tuple[Language, ...]
    pages: tuple[Page, ...]
    modules: Mapping[str, tuple[Module, ...]]
    glossary: tuple[GlossaryEntry, ...] = field(default=())

    @property
    def default_language(self) -> Language:
        """The language whose pages have no suffix (Chinese for the first course)."""
        return next(lang for lang in self.languages if lang.default)

    def language(self, code: str) -> Language:
        """The configured language with this code."""
        return next(lang for lang in self.languages if lang.code == code)

    def pages_in(self, language: str) -> tuple[Page, ...]:
        """Pages of one language in source order (the order of `keys`)."""
        return tuple(p for p in self.pages if p.language == language)

    def page(self, key: str, language: str) -> Page | None:
        """One page by key (its path under docs/ without suffix) and language."""
        return next((p for p in self.pages if p.key == key and p.language == language), None)

    def sessions(self, language: str) -> tuple[Session, ...]:
        """Every session of the course in teaching order."""
        return tuple(s for m in self.modules.get(language, ()) for s in m.sessions)

    def session(self, session_id: str, language: str) -> Session | None:
        """A session by id."""
        return next((s for s in self.sessions(language) if s.id == session_id), None)

    def cases_for(self, session_id: str, language: str) -> tuple[Page, ...]:
        """Case pages attached to a session (front matter `session:`)."""
        return tuple(
            p for p in self.pages_in(language) if p.kind is PageKind.CASE and p.setting("session") == session_id
        )
