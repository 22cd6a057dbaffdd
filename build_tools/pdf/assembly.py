"""What one PDF is assembled from: the state kept while it is assembled, and the records its template shows.

The page parts (`pdf.pages`), the facilitator's sections (`pdf.facilitator`) and the document
(`pdf.document`) all add to one `Assembly`: the contents lines, the problems found, the source line of
each reference, which pages the document includes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from build_tools.course import localise
from build_tools.course.model import Agenda, AgendaItem, Course, Edition, LanguageView, Page, Session
from build_tools.course.problems import Problem
from build_tools.course.schedule import clock, span
from build_tools.course.source import SourceLocation
from build_tools.parts.markdown_html import MarkdownConverter, RenderOptions


@dataclass(frozen=True)
class TocEntry:
    """One line of the contents (and one PDF bookmark): level 1 pages, deeper levels sessions and cases."""

    level: int
    title: str
    target: str
    label: str = ""
    kind: str = ""


@dataclass(frozen=True)
class HandoutRef:
    """Where a handout is printed in this document (a `#part` id, empty when it is not in it) and how many
    copies to print (None when the course states no class size)."""

    target: str
    copies: int | None
    page_key: str = ""  # the handout's page: the checklist lists each handout once, however its entries word it


@dataclass(frozen=True)
class MaterialsEntry:
    """One entry of a session's materials list, as HTML, with its handout when it links to one."""

    html: Markup
    handout: HandoutRef | None = None


@dataclass(frozen=True)
class RunSheetRow:
    """A row of the facilitator's run sheet: a day, a module, a session or a pause."""

    kind: str
    title: str
    time: str = ""
    target: str = ""
    method: str = ""
    minutes: str = ""
    materials: tuple[MaterialsEntry, ...] = ()


@dataclass(frozen=True)
class ChecklistItem:
    """One thing to prepare for the day, with the first session that needs it."""

    entry: MaterialsEntry
    first_time: str
    first_session: str
    target: str
    sessions: int
    quantity: int | None = None  # how many to prepare, for a material of the course's list with a class size


@dataclass(frozen=True)
class Part:
    """A block of the document that starts on a new page: a course page or a generated section."""

    id: str
    kind: str
    html: Markup = Markup("")
    title: str = ""
    run_sheet: tuple[RunSheetRow, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()


@dataclass
class Assembly:
    """State of one document while it is assembled (never shared between documents)."""

    course: Course
    view: LanguageView
    converter: MarkdownConverter
    edition: Edition
    included: dict[str, Page] = field(default_factory=dict)
    toc: list[TocEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sources: dict[str, SourceLocation] = field(default_factory=dict)

    @property
    def language(self) -> str:
        return self.view.language.code

    @property
    def agenda(self) -> Agenda:
        return self.view.agenda

    @property
    def participant(self) -> bool:
        return self.edition is Edition.PARTICIPANT

    @property
    def options(self) -> RenderOptions:
        """The workbook leaves facilitator boxes out even where their lines were not blanked."""
        return RenderOptions(participant=self.participant)

    @property
    def chinese(self) -> bool:
        """Chinese text: table cells keep jieba's words whole (`pdf.whole_words.keep_words_whole`)."""
        return self.view.language.is_chinese

    def word(self, key: str, **values: object) -> str:
        """An interface word of this document's language."""
        return localise.word(self.course, self.language, key, **values)

    def span(self, rows: tuple[AgendaItem, ...]) -> str:
        """Clock times of agenda rows; on a course of several days every time carries its day."""
        return span(self.agenda, rows, localise.word_template(self.course, self.language, "day_time"))

    def method(self, session: Session) -> str:
        """The session's method as tables and headings show it: capitalised like a title ("Exercise")."""
        return session.method.display(self.language) if session.method else ""

    def start(self, item: AgendaItem) -> str:
        """The start time of one agenda row, with its day on a course of several days."""
        if self.agenda.multi_day:
            return self.word("day_time", n=item.day, time=clock(item.start))
        return clock(item.start)
