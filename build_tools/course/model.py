"""The course as data: parsed once from docs/ by load.py, read by every check and every renderer.

Everything here is frozen. Each node knows the `path:line` it came from, so any problem found later
can point a trainer at the exact place to fix. Renderers read the nodes (a session's purpose, key
points, question, trainer notes, …) and turn only a node's own Markdown into HTML; none of them
parses a page again to find its structure.

This module holds data and lookups only. What is decided from the data lives beside it, once for every
output: `editions` (what each edition shows), `reading_order`, `localise` (words, dates, box titles),
`links` (where a link points) and `handouts`; the settings' data is in `settings_model`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from build_tools.course.diagrams import Diagram
from build_tools.course.settings_model import Copies, LocalText, Method, Pause, Settings
from build_tools.course.source import SourceLocation


class Edition(enum.Enum):
    """Who an output is for: participants never see facilitator-only content."""

    PARTICIPANT = "participant"
    FACILITATOR = "facilitator"


class BlockKind(enum.Enum):
    """What a stretch of Markdown is; decides which outputs show it and how."""

    PARAGRAPH = "paragraph"
    LIST = "list"
    TABLE = "table"
    CODE = "code"
    HTML = "html"
    QUOTE = "quote"
    RULE = "rule"
    QUESTION = "question"
    TRAINER = "trainer"
    MATERIALS = "materials"
    NOTE = "note"  # any other admonition (tip, warning, …): shown to everyone
    MARKER = "marker"
    DIAGRAM = "diagram"  # a ```diagram fence: `Block.diagram`

    @property
    def facilitator_only(self) -> bool:
        """Trainer notes and materials lists are for facilitators only."""
        return self in (BlockKind.TRAINER, BlockKind.MATERIALS)

    @property
    def is_admonition(self) -> bool:
        """`!!! kind "title"` blocks."""
        return self in (BlockKind.QUESTION, BlockKind.TRAINER, BlockKind.MATERIALS, BlockKind.NOTE)


class PageKind(enum.Enum):
    """The role of a page in the course; front matter `kind:`."""

    HOME = "home"
    AGENDA = "agenda"
    MODULE = "module"
    SESSION = "session"
    CASE = "case"
    WORKSHEET = "worksheet"
    READING = "reading"
    GLOSSARY = "glossary"
    DOWNLOADS = "downloads"
    PAGE = "page"


@dataclass(frozen=True)
class Language:
    """A language the course is published in, declared once in mkdocs.yml (the i18n plugin)."""

    code: str
    name: str
    default: bool

    @property
    def suffix(self) -> str:
        """File-name suffix before `.md`: empty for the default language (`page.md`), else `.en`."""
        return "" if self.default else f".{self.code}"

    @property
    def is_cjk(self) -> bool:
        """Chinese, Japanese and Korean text needs CJK fonts and breaks lines between characters."""
        return self.code.lower().split("-")[0].split("_")[0] in ("zh", "ja", "ko")

    @property
    def is_chinese(self) -> bool:
        """Chinese text (the first course's default language)."""
        return self.code.lower().startswith("zh")


@dataclass(frozen=True)
class Heading:
    """A Markdown heading with its explicit id and `key=value` attributes; `title` is its Markdown with the
    typographic quotes every output shows (`quotes.shown_title`), `written` the same as the author typed it."""

    level: int
    title: str
    id: str | None
    attrs: Mapping[str, str]
    source: SourceLocation
    classes: tuple[str, ...] = ()
    written: str = ""  # the title as written, straight quotes and all (what translation records hash)


@dataclass(frozen=True)
class Reference:
    """A link or an image in a page, with the line it is on."""

    target: str
    is_image: bool
    source: SourceLocation
    text: str = ""
    in_raw_html: bool = False  # found in raw HTML (refused as such, never published), not written in Markdown


@dataclass(frozen=True)
class RawHtml:
    """A piece of HTML written straight into the Markdown (a tag or a block), with its line."""

    text: str
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
class ListItem:
    """One entry of a list: its own text (first paragraph), nested entries and links, with its line.

    Key points are written `**term**: explanation`; `term` and `explanation` hold the two parts
    (plain text), `term` is empty for an item written otherwise.
    """

    markdown: str
    text: str
    source: SourceLocation
    term: str = ""
    explanation: str = ""
    number: int | None = None
    children: tuple[ListItem, ...] = ()
    references: tuple[Reference, ...] = ()
    extra_blocks: int = 0  # paragraphs or other blocks inside the item after its first paragraph

    def walk(self) -> Iterator[ListItem]:
        """This item and every nested item, in order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Block:
    """A top-level stretch of a page's Markdown: a paragraph, a list, a table, an admonition, a marker, …

    `markdown` is the block's own source (an admonition's body without its 4-space indent); `text` the
    plain text of a paragraph; `items` the entries of a list (or of the lists inside an admonition);
    `children` the blocks inside an admonition.
    """

    kind: BlockKind
    markdown: str
    source: SourceLocation
    end_line: int
    text: str = ""
    title: str = ""
    items: tuple[ListItem, ...] = ()
    ordered: bool = False
    children: tuple[Block, ...] = ()
    references: tuple[Reference, ...] = ()
    spelling: str = ""  # an admonition's first line exactly as written
    header: tuple[str, ...] = ()  # a table's column headings
    rows: tuple[tuple[int, tuple[str, ...]], ...] = ()  # a table's body rows: (line, plain cells)
    diagram: Diagram | None = None  # a DIAGRAM block's drawing, as data

    @property
    def marker(self) -> str:
        """For MARKER blocks, the marker name (`agenda` for `<!-- course:agenda -->`)."""
        return self.title

    @property
    def images(self) -> tuple[Reference, ...]:
        """Images of the block."""
        return tuple(r for r in self.references if r.is_image)

    def all_items(self) -> Iterator[ListItem]:
        """Every list entry of the block and of the blocks inside it, nested entries included."""
        if self.children:
            for child in self.children:
                yield from child.all_items()
            return
        for item in self.items:
            yield from item.walk()

    def paragraphs(self) -> tuple[Block, ...]:
        """The block itself when a paragraph, else the paragraphs inside it."""
        if self.kind is BlockKind.PARAGRAPH:
            return (self,)
        return tuple(b for b in self.children if b.kind is BlockKind.PARAGRAPH)


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
class Box:
    """An admonition (`!!! kind "title"`) as written: its kind word, lower-cased, and its line, wherever it
    stands (in a list, a quote or another box too)."""

    kind: str
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
    raw_html: tuple[RawHtml, ...] = ()
    boxes: tuple[Box, ...] = ()  # every admonition of the page, in page order

    @property
    def source(self) -> SourceLocation:
        """The page's first line, where its front matter starts."""
        return SourceLocation(self.source_path, 1)

    @property
    def headings(self) -> tuple[Heading, ...]:
        """Every heading in page order."""
        return tuple(s.heading for s in self.sections if s.heading is not None)

    @property
    def title_heading(self) -> Heading | None:
        """The level-1 heading (None when the page has none)."""
        return next((h for h in self.headings if h.level == 1), None)

    @property
    def title(self) -> str:
        """The level-1 heading's text (empty when the page has none)."""
        first = self.title_heading
        return first.title if first else ""

    @property
    def title_source(self) -> SourceLocation:
        """The title's line, or the page's first line."""
        first = self.title_heading
        return first.source if first else self.source

    @property
    def anchor_ids(self) -> frozenset[str]:
        """Every explicit heading id: the anchors other pages may link to."""
        return frozenset(h.id for h in self.headings if h.id)

    def section(self, heading_id: str) -> Section | None:
        """The section under the heading with this id."""
        return next((s for s in self.sections if s.heading is not None and s.heading.id == heading_id), None)

    def setting(self, key: str, default: object = None) -> object:
        """A front-matter value, or the default when the key is absent."""
        return next((e.value for e in self.front_matter if e.key == key), default)

    def entry(self, key: str) -> FrontMatterEntry | None:
        """A front-matter entry with its line."""
        return next((e for e in self.front_matter if e.key == key), None)

    @property
    def facilitator_only(self) -> bool:
        """True when the whole page is for facilitators (front matter `facilitator_only: true`)."""
        return self.setting("facilitator_only") is True

    @property
    def handout(self) -> Copies | None:
        """How many copies to print when the page is a handout (front matter `handout:`)."""
        value = self.setting("handout")
        return Copies(value) if value in {c.value for c in Copies} else None

    @property
    def blocks(self) -> Iterator[Block]:
        """Every top-level block of every section, in page order."""
        for section in self.sections:
            yield from section.blocks


@dataclass(frozen=True)
class Session:
    """A timed unit of teaching: a heading with `minutes` and `method`, and what it holds.

    The parts follow the README's session layout: a purpose paragraph, key points, images, a
    discussion question, trainer notes and materials. `blocks` keeps every block in source order.
    """

    id: str
    title: str
    minutes: int
    method: Method | None
    group: Heading | None
    heading: Heading
    page: Page
    blocks: tuple[Block, ...]
    purpose: Block | None = None
    key_points: tuple[ListItem, ...] = ()
    key_points_block: Block | None = None
    images: tuple[Reference, ...] = ()
    questions: tuple[Block, ...] = ()
    trainer_notes: tuple[Block, ...] = ()
    materials: tuple[Block, ...] = ()
    diagrams: tuple[Diagram, ...] = ()  # drawn beside the key points, written before the first box

    @property
    def source(self) -> SourceLocation:
        """The session heading's line."""
        return self.heading.source

    @property
    def page_key(self) -> str:
        """The key of the page the session is written on (a module page or a session page)."""
        return self.page.key


@dataclass(frozen=True)
class Module:
    """A module: one page (title, objectives, sessions), or a folder with an index page and session pages."""

    number: int
    page: Page
    minutes: int | None
    objectives: Section | None
    sessions: tuple[Session, ...]
    session_pages: tuple[Page, ...] = ()

    @property
    def id(self) -> str:
        """The module's h1 id, shared by every language."""
        first = self.page.title_heading
        return (first.id if first else None) or self.page.key

    @property
    def title(self) -> str:
        """The module's h1 text."""
        return self.page.title

    @property
    def session_minutes(self) -> int:
        """Minutes of all sessions together."""
        return sum(s.minutes for s in self.sessions)

    @property
    def objective_items(self) -> tuple[ListItem, ...]:
        """The learning objectives, one list entry each."""
        if self.objectives is None:
            return ()
        return tuple(item for block in self.objectives.blocks for item in block.items)

    @property
    def pages(self) -> tuple[Page, ...]:
        """The module's pages in reading order: its index page, then its session pages."""
        return (self.page, *self.session_pages)


@dataclass(frozen=True)
class Case:
    """A case page tied to a session: what happens, the questions, and the trainer's debrief."""

    page: Page
    session_id: str
    scenario: Section | None
    questions: tuple[ListItem, ...]
    questions_section: Section | None
    debrief: tuple[Block, ...]

    @property
    def title(self) -> str:
        """The case's h1 text."""
        return self.page.title


@dataclass(frozen=True)
class Worksheet:
    """A worksheet and the session it follows (one rule for every output; None: after the last session)."""

    page: Page
    after_session: str | None


@dataclass(frozen=True)
class GlossaryEntry:
    """A term in the glossary: its form in each language and the meaning given."""

    terms: Mapping[str, str]
    meaning: str
    source: SourceLocation


@dataclass(frozen=True)
class AgendaItem:
    """One row of the agenda: a session or a pause, with its day and clock times (minutes since midnight)."""

    day: int
    start: int
    end: int
    session: Session | None = None
    module: Module | None = None
    pause: Pause | None = None


@dataclass(frozen=True)
class Overrun:
    """A session that would run into a pause: the timing check reports it."""

    session: Session
    start: int
    end: int
    pause: Pause


@dataclass(frozen=True)
class Agenda:
    """The laid-out day(s) of one language, plus what did not fit."""

    items: tuple[AgendaItem, ...]
    overruns: tuple[Overrun, ...]
    day_ends: tuple[int, ...]
    unplaced: tuple[Session, ...]
    day_count: int = 1

    def start_of(self, session_id: str) -> AgendaItem | None:
        """The agenda row of a session, for its clock time on slides and in notes."""
        return next((i for i in self.items if i.session is not None and i.session.id == session_id), None)

    def module_rows(self, module: Module) -> tuple[AgendaItem, ...]:
        """The rows of a module's sessions, in order."""
        return tuple(i for i in self.items if i.session is not None and i.module is module)

    @property
    def multi_day(self) -> bool:
        """True when the course runs over more than one day (times then carry the day)."""
        return self.day_count > 1


@dataclass(frozen=True)
class LanguageView:
    """Everything one language's outputs read, computed once when the course is loaded."""

    language: Language
    pages: tuple[Page, ...]
    modules: tuple[Module, ...]
    cases: tuple[Case, ...]
    worksheets: tuple[Worksheet, ...]
    agenda: Agenda

    @property
    def sessions(self) -> tuple[Session, ...]:
        """Every session in teaching order."""
        return tuple(s for m in self.modules for s in m.sessions)

    def session(self, session_id: str) -> Session | None:
        """A session by id."""
        return next((s for s in self.sessions if s.id == session_id), None)

    def module_of(self, session: Session) -> Module:
        """The module a session belongs to."""
        return next(m for m in self.modules if session in m.sessions)

    def cases_for(self, session_id: str) -> tuple[Case, ...]:
        """Case pages attached to a session (front matter `session:`)."""
        return tuple(c for c in self.cases if c.session_id == session_id)

    def worksheets_after(self, session_id: str | None) -> tuple[Worksheet, ...]:
        """The worksheets that follow a session (None: those after the last session)."""
        return tuple(w for w in self.worksheets if w.after_session == session_id)

    def page(self, key: str) -> Page | None:
        """One page by key."""
        return next((p for p in self.pages if p.key == key), None)


@dataclass(frozen=True)
class SectionRecord:
    """The fingerprint recorded for one translated section, with the line it is on in the records file."""

    fingerprint: str
    source: SourceLocation


@dataclass(frozen=True)
class TranslationRecords:
    """Every language's records and the original texts behind the fingerprints."""

    by_language: Mapping[str, Mapping[str, Mapping[str, SectionRecord]]]  # lang → page key → section id → record
    originals: Mapping[str, str]  # fingerprint → normalised original text


@dataclass(frozen=True)
class Course:
    """The whole course in every language; the single input of checks and renderers."""

    root: Path
    docs_dir: Path
    settings: Settings | None
    languages: tuple[Language, ...]
    pages: tuple[Page, ...]
    views: Mapping[str, LanguageView]
    glossary: tuple[GlossaryEntry, ...] = ()
    words: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    files: tuple[Path, ...] = ()  # every file under docs/, relative to the repository root
    translations: TranslationRecords = field(default_factory=lambda: TranslationRecords({}, {}))
    admonition_titles: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # language → box kind → title

    @property
    def default_language(self) -> Language:
        """The language whose pages have no suffix (Chinese for the first course)."""
        return next(lang for lang in self.languages if lang.default)

    def language(self, code: str) -> Language:
        """The configured language with this code."""
        return next(lang for lang in self.languages if lang.code == code)

    def view(self, language: str) -> LanguageView:
        """What one language's outputs read."""
        return self.views[language]

    @property
    def modules(self) -> Mapping[str, tuple[Module, ...]]:
        """Modules per language, in teaching order."""
        return {code: view.modules for code, view in self.views.items()}

    def pages_in(self, language: str) -> tuple[Page, ...]:
        """Pages of one language in source order."""
        return tuple(p for p in self.pages if p.language == language)

    def page(self, key: str, language: str) -> Page | None:
        """One page by key (its path under docs/ without suffix) and language."""
        return next((p for p in self.pages if p.key == key and p.language == language), None)

    def sessions(self, language: str) -> tuple[Session, ...]:
        """Every session of the course in teaching order."""
        return self.views[language].sessions if language in self.views else ()

    def session(self, session_id: str, language: str) -> Session | None:
        """A session by id."""
        return self.views[language].session(session_id) if language in self.views else None

    @property
    def title(self) -> LocalText:
        """The course title in every language."""
        assert self.settings is not None
        return self.settings.title
