"""Course → PowerPoint decks: per language a whole-course deck and one per module, for trainers and participants.

Every deck is planned from the course model before anything is written: titles, key points and
questions are measured against the template's placeholders (`text_fit`), long lists continue on
"(1/2)", "(2/2)" slides, and text that cannot fit even alone stops the build with the `path:line`
the model gives its node. Then each deck is written twice: the facilitator edition with trainer
notes and materials in the speaker notes, and the participant edition with the same slides and only
the shared notes. Files are byte-identical from build to build.

A deck is: a title slide; the agenda with clock times (and days, on a course of several days); per
module (whole-course deck) a module title slide; per session a section slide, its key-point slides
(with its images), one slide per discussion block and one per case page; and a closing slide. The
closing slide lists the headings of the worksheet that follows the deck's last session (the one
worksheet rule of the model), or else the learning objectives of the deck's modules. The
whole-course deck of a course with several modules opens with an agenda of the modules (by day) and
shows each module's own agenda after its title slide.

How slides read (issue 12): every line break is decided here and written as `a:br`, so Chinese never
breaks inside a word and no line is a lone character (`text_fit.TextMeasurer.break_lines`); Chinese
text and its punctuation are set in the East Asian font in both font slots; all key points, questions
and objectives of a deck share one size; every slide but the first shows its number; a session's
trainer notes are on its first slide only; dates are in the language's long form and method names
are capitalised as titles.
"""
from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import hashlib
import io
import math
import re
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.presentation import Presentation as Deck
from pptx.util import Emu

from build_tools.course import localise
from build_tools.course.files import write_atomically
from build_tools.course.links import link_target
from build_tools.course.model import (
    AgendaItem,
    Block,
    BlockKind,
    Case,
    Course,
    Edition,
    LanguageView,
    ListItem,
    Module,
    Reference,
    Session,
    SourceLocation,
    Worksheet,
)
from build_tools.course.problems import CourseError, Problem
from build_tools.course.schedule import clock, span
from build_tools.parts.output_files import code_fingerprint, deck_path
from build_tools.slides.settings import DeckSettings, Layouts
from build_tools.slides.text_fit import (
    EMU_PER_PT,
    TextBox,
    TextMeasurer,
    TextParagraph,
    TextRun,
    east_asian_context,
    insets_of,
)

LANGUAGE_TAGS = {"zh": "zh-CN", "en": "en-US"}
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
PLACEHOLDERS: dict[str, tuple[int, ...]] = {
    "title": (0, 1), "agenda": (0, 1), "section": (0, 1), "content": (0, 1),
    "content_with_image": (0, 1, 2), "discussion": (0, 1), "closing": (0, 1),
}
PLACEHOLDER_ROLES = {0: "title", 1: "body text", 2: "image area"}
CONTENT_KINDS = ("content", "content_with_image")
_PICTURE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff"}


# --- the plan of a deck -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Picture:
    """An image of a session, resolved to a file under docs/."""

    path: Path
    alt: str
    source: SourceLocation


@dataclass(frozen=True)
class SlidePlan:
    """One slide: its layout (a key of decks.yml `layouts:`), measured text, image and notes."""

    kind: str
    title: TextParagraph
    body: tuple[TextParagraph, ...] = ()
    picture: Picture | None = None
    notes: tuple[str, ...] = ()
    trainer_notes: tuple[str, ...] = ()
    facilitator_only: bool = False

    def notes_for(self, edition: Edition) -> tuple[str, ...]:
        """Speaker-note paragraphs: trainer notes and materials only in the facilitator edition."""
        if edition is Edition.FACILITATOR and self.trainer_notes:
            return (*self.notes, "", *self.trainer_notes)
        return self.notes


@dataclass(frozen=True)
class DeckPlan:
    """The slides of one deck and its document properties; `module` None is the whole-course deck."""

    language: str
    module: Module | None
    title: str
    subject: str
    author: str
    date: dt.date
    slides: tuple[SlidePlan, ...]

    def slides_for(self, edition: Edition) -> tuple[SlidePlan, ...]:
        """Slides of an edition: participants never get slides made from facilitator-only pages."""
        return tuple(s for s in self.slides if edition is Edition.FACILITATOR or not s.facilitator_only)


@dataclass(frozen=True)
class _Item:
    """A unit that is never split across slides (a key point, a question, an agenda row), sized on demand."""

    source: SourceLocation
    paragraphs: Callable[[float], list[TextParagraph]]


# --- entry point ------------------------------------------------------------------------------------


def render_all_decks(course: Course, out_dir: Path, settings: DeckSettings,
                     report: Callable[[str], None] = print) -> list[Path]:
    """Build every deck that decks.yml asks for, in both editions; return the paths written.

    Raises CourseError (nothing written) when the template or any slide text has a problem; decks.yml
    itself is checked by `load_deck_settings`. `report` receives one progress line per deck and a summary.
    """
    started = time.perf_counter()
    plans = plan_all_decks(course, settings)
    outputs: list[tuple[Path, bytes]] = []
    for plan in plans:
        deck_started = time.perf_counter()
        for edition in (Edition.FACILITATOR, Edition.PARTICIPANT):
            path = deck_path(out_dir, course, plan.language, plan.module, edition)
            outputs.append((path, render_deck(plan, edition, settings)))
        name = deck_path(out_dir, course, plan.language, plan.module).relative_to(out_dir).as_posix()
        report(f"  {name}: {len(plan.slides)} slides, both editions in {time.perf_counter() - deck_started:.2f} s")
    for path, data in outputs:
        write_atomically(path, data)
    slides = sum(len(p.slides) for p in plans)
    report(f"built {len(outputs)} decks ({len(plans)} facilitator + {len(plans)} participant, {slides} slides each "
           f"edition) in {time.perf_counter() - started:.1f} s into {out_dir}")
    return [path for path, _ in outputs]


def plan_all_decks(course: Course, settings: DeckSettings) -> list[DeckPlan]:
    """Plan every deck decks.yml asks for, whole-course deck first per language; CourseError lists every problem."""
    return plan_decks(course, settings, *_languages(course, settings))


def plan_decks(course: Course, settings: DeckSettings, *languages: str) -> list[DeckPlan]:
    """Plan the decks of some languages (a build job plans one language); CourseError lists every problem."""
    boxes = template_boxes(settings)
    measurer = shared_measurer()
    plans: list[DeckPlan] = []
    problems: list[Problem] = []
    for language in languages:
        if language not in _languages(course, settings):
            continue
        planner = _DeckPlanner(course, language, settings, boxes, measurer)
        if settings.decks.full_day:
            plans.append(planner.plan(None))
        if settings.decks.modules:
            plans.extend(planner.plan(module) for module in planner.view.modules)
        problems += planner.problems
    if problems:
        raise CourseError(list(dict.fromkeys(problems)))  # a module's slides are planned for two decks
    return plans


def _languages(course: Course, settings: DeckSettings) -> tuple[str, ...]:
    known = tuple(lang.code for lang in course.languages)
    wanted = settings.decks.languages or known
    unknown = [code for code in wanted if code not in known]
    if unknown:
        message = f"'decks.languages' lists {', '.join(unknown)}; the course has {', '.join(known)}"
        raise CourseError([Problem(settings.where("decks.languages"), "slides.invalid", message)])
    return tuple(wanted)


# --- template ---------------------------------------------------------------------------------------


@functools.cache
def shared_measurer() -> TextMeasurer:
    """One measurer per process: its fonts are opened once and the glyph widths it learns are kept."""
    return TextMeasurer()


_BOXES: dict[tuple[str, Layouts], dict[tuple[str, int], TextBox]] = {}
"""Template boxes by (template content, layouts): a build plans a deck per language, and `check` and
`make serve` plan again and again, from the same template."""


def template_boxes(settings: DeckSettings) -> dict[tuple[str, int], TextBox]:
    """Check the template has every layout and placeholder the decks use; the room inside each text one.

    Keys are (`layouts:` key, placeholder idx).
    """
    key = (hashlib.sha256(settings.template.read_bytes()).hexdigest(), settings.layouts)
    if key not in _BOXES:
        prs = open_template(settings)
        try:
            _BOXES[key] = _template_boxes(prs, settings)
        except etree.LxmlError as error:  # a layout or master part is not well-formed XML
            raise CourseError([Problem(settings.where("template"), "slides.template",
                                       f"{settings.template.name} cannot be read: a part of it is not "
                                       f"well-formed XML ({error})")]) from None
    return dict(_BOXES[key])


def _template_boxes(prs: Deck, settings: DeckSettings) -> dict[tuple[str, int], TextBox]:
    problems: list[Problem] = []
    boxes: dict[tuple[str, int], TextBox] = {}
    names = [layout.name for layout in prs.slide_layouts]
    for kind, wanted in PLACEHOLDERS.items():
        name = getattr(settings.layouts, kind)
        layout = prs.slide_layouts.get_by_name(name)
        where = settings.where(f"layouts.{kind}")
        if layout is None:
            problems.append(Problem(where, "slides.template", f"the template {settings.template.name} has no "
                                         f"layout named '{name}' (its layouts: {', '.join(names)})"))
            continue
        found = {ph.placeholder_format.idx: ph for ph in layout.placeholders}
        for idx in wanted:
            ph = found.get(idx)
            if ph is None or ph.width is None or ph.height is None:
                problems.append(Problem(where, "slides.template", f"layout '{name}' of {settings.template.name} "
                                             f"has no placeholder idx {idx} ({PLACEHOLDER_ROLES[idx]})"))
                continue
            if idx != 2:  # the image area is read from each slide when a picture goes in
                boxes[(kind, idx)] = text_box(ph)
    if problems:
        raise CourseError(problems)
    return boxes


_TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_PRESENTATION_TYPE = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"


def open_template(settings: DeckSettings) -> Deck:
    """The template as a new presentation; a PowerPoint template (.potx) is opened as a presentation."""
    data = settings.template.read_bytes()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            types = package.read("[Content_Types].xml")
            if _TEMPLATE_TYPE in types:
                out = io.BytesIO()
                with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
                    for info in package.infolist():
                        member = package.read(info.filename)
                        if info.filename == "[Content_Types].xml":
                            member = member.replace(_TEMPLATE_TYPE, _PRESENTATION_TYPE)
                        copy.writestr(info, member)
                data = out.getvalue()
        return Presentation(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.LxmlError) as error:
        where = settings.where("template")
        raise CourseError([Problem(where, "slides.template", f"{settings.template.name} is not a PowerPoint "
                                        f"presentation or template (.pptx, .potx): {error}")]) from error


def text_box(shape: object) -> TextBox:
    """The room inside a placeholder (on a slide or a layout) after the insets it sets or inherits."""
    chain = [shape]
    layout = getattr(getattr(shape, "part", None), "slide_layout", None)
    idx = shape.placeholder_format.idx  # type: ignore[attr-defined]
    if layout is not None:
        chain.append(layout.placeholders.get(idx=idx))
    holder = chain[-1]
    master = holder.part.slide_master if holder is not None else None  # type: ignore[attr-defined]
    if master is not None:
        kind = holder.placeholder_format.type  # type: ignore[attr-defined]
        titles = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
        base = PP_PLACEHOLDER.TITLE if kind in titles else PP_PLACEHOLDER.BODY
        chain.append(master.placeholders.get(base))
    body_prs = [s._element.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}") if s is not None else None for s in chain]
    left, top, right, bottom = insets_of(body_prs)
    return TextBox(shape.width / EMU_PER_PT - left - right, shape.height / EMU_PER_PT - top - bottom)  # type: ignore[attr-defined]


# --- planning ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _List:
    """Slides still to be cut: items shared over as few slides as they fit, at the deck's one body size.

    `kind` is the layout the items are measured against (`content_with_image` when the list shares
    its slides with pictures, which take the slides in order).
    """

    kind: str
    title: str
    source: SourceLocation
    items: tuple[_Item, ...]
    pictures: tuple[Picture, ...] = ()
    notes: tuple[str, ...] = ()
    trainer_notes: tuple[str, ...] = ()
    facilitator_only: bool = False


_Draft = SlidePlan | _List
_NUMERAL = r"(?:[A-Z]|\d{1,2}|[一二三四五六七八九十]{1,3})"
_LABEL = re.compile(rf"^\s*(?:{_NUMERAL}[.．、)）]|[（(]{_NUMERAL}[）)])\s*")
"""A key point's own label: "A. ", "1、", "（一）"."""


class _DeckPlanner:
    """Plans the decks of one language; problems are collected, not raised, so one run shows them all."""

    def __init__(self, course: Course, language: str, settings: DeckSettings,
                 boxes: dict[tuple[str, int], TextBox], measurer: TextMeasurer):
        self.course, self.language = course, language
        self.settings, self.boxes, self.measurer = settings, boxes, measurer
        self.view: LanguageView = course.view(language)
        self.agenda = self.view.agenda
        self.problems: list[Problem] = []
        self._sessions: dict[str, list[_Draft]] = {}  # the whole-course deck and a module deck share them
        self._fewest_cache: dict[tuple[int, float], int | None] = {}

    def plan(self, module: Module | None) -> DeckPlan:
        """The slides of the whole-course deck (module None) or of one module's deck.

        The whole-course deck of a course with several modules opens with an agenda of the modules and
        shows each module's own agenda after its title slide; a module deck opens with its agenda.
        """
        settings = self.course.settings
        assert settings is not None  # checked_course reports a course without settings
        course_title = settings.title[self.language]
        modules = self.view.modules if module is None else (module,)
        several = module is None and len(modules) > 1
        drafts: list[_Draft] = [self._title_slide(module, modules)]
        drafts += self._overview_slides(modules) if several else self._agenda_slides(modules)
        for each in modules:
            if module is None:
                drafts.append(self._module_slide(each))
            if several:
                drafts += self._agenda_slides((each,), each)
            for session in each.sessions:
                if session.id not in self._sessions:
                    self._sessions[session.id] = self._session_slides(session)
                drafts += self._sessions[session.id]
        drafts += self._closing_slides(modules)
        size = self._body_size([d for d in drafts if isinstance(d, _List)])
        slides = [s for d in drafts for s in (self._cut(d, size) if isinstance(d, _List) else (d,))]
        subject = course_title if module is not None else settings.subtitle[self.language]
        title = module.title if module is not None else course_title
        return DeckPlan(self.language, module, title, subject, settings.author[self.language], settings.edition,
                        tuple(slides))

    # -- text helpers --

    def _word(self, key: str, **values: object) -> str:
        return localise.word(self.course, self.language, key, **values)

    def _label(self, key: str, value: str) -> str:
        """`对象：…` / `Audience: …`."""
        return f"{self._word(key)}{self._word('slide_point_sep')}{value}"

    def _method(self, session: Session) -> str:
        """The session's method as a slide shows it: capitalised like a title (`Case study`), data unchanged."""
        return session.method.display(self.language) if session.method else ""

    def _paragraph(self, runs: Sequence[TextRun], size: float, *, bullet: str = "", number: int = 1,
                   level: int = 0, space: bool = True, hanging: float | None = None, color: str = "") -> TextParagraph:
        indent = self.settings.bullet_indent
        if bullet == "1.":  # room for the number: "10." is wider than a bullet
            indent = max(indent, self.measurer.text_width("00." if number >= 10 else "0.", size) + 0.3 * size)
        margin = indent * (level + 1) if bullet else (hanging or 0.0)
        first = -indent if bullet else -(hanging or 0.0)
        return TextParagraph(tuple(runs), size, margin, first, self.settings.paragraph_space if space else 0.0,
                             self.settings.line_spacing, bullet, number, level, color)

    def _sizes(self, largest: float, smallest: float) -> list[float]:
        sizes = []
        size = largest
        while size > smallest:
            sizes.append(size)
            size -= 2
        return [*sizes, smallest]

    def _slide(self, kind: str, title: TextParagraph, body: Sequence[TextParagraph] = (),
               **details: object) -> SlidePlan:
        """A slide with its lines broken where they will show: titles balanced, body lines filled."""
        title = self.measurer.break_lines(title, self.boxes[(kind, 0)].width, balance=True)
        box = self.boxes.get((kind, 1))
        lines = tuple(self.measurer.break_lines(p, box.width) for p in body) if box else tuple(body)
        return SlidePlan(kind, title, lines, **details)  # type: ignore[arg-type]

    def _title(self, kind: str, text: str, source: SourceLocation) -> TextParagraph:
        largest = self.settings.sizes.cover_title if kind in ("title", "section") else self.settings.sizes.title
        box = self.boxes[(kind, 0)]
        for size in self._sizes(largest, self.settings.sizes.min_title):
            paragraph = TextParagraph((TextRun(text),), size, line_spacing=1.0)
            if self.measurer.fits([paragraph], box):
                return paragraph
        self.problems.append(Problem(source, "slides.too_long", f"the title '{text}' does not fit on a slide "
                                          f"even at {self.settings.sizes.min_title:g} pt"))
        return paragraph

    def _fixed_body(self, kind: str, lines: Sequence[Sequence[TextRun]], size: float,
                    source: SourceLocation) -> tuple[TextParagraph, ...]:
        """A few plain lines (subtitle, section details) that must fit their placeholder, shrinking to min_body."""
        box = self.boxes[(kind, 1)]
        for candidate in self._sizes(size, min(size, self.settings.sizes.min_body)):
            paragraphs = [self._paragraph(runs, candidate) for runs in lines]
            if self.measurer.fits(paragraphs, box):
                return tuple(paragraphs)
        self.problems.append(Problem(source, "slides.too_long", "the text under the title does not fit on the "
                                          f"slide even at {self.settings.sizes.min_body:g} pt"))
        return tuple(paragraphs)

    def _paginate(self, kind: str, items: Sequence[_Item], largest: float, most: int) -> list[list[TextParagraph]]:
        """Split items over the fewest slides (at most `most` each), then the largest size that fits them all.

        Items are shared out evenly (17 rows → 9 + 8), so both slides are about as full. When no size
        down to min_body fits, one more slide is tried; an item that cannot fit even alone is reported
        with its source line.
        """
        box = self.boxes[(kind, 1)]
        sizes = self._sizes(largest, min(largest, self.settings.sizes.min_body))
        if not items:
            return []
        for slides in range(math.ceil(len(items) / most), len(items) + 1):
            chunks = _share(items, slides)
            for size in sizes:
                pages = [[p for item in chunk for p in item.paragraphs(size)] for chunk in chunks]
                if all(self.measurer.fits(page, box) for page in pages):
                    return pages
        smallest = sizes[-1]
        for item in items:
            if not self.measurer.fits(item.paragraphs(smallest), box):
                self.problems.append(Problem(item.source, "slides.too_long", "this text does not fit on one "
                                                  f"slide even alone at {smallest:g} pt"))
        return [[p for item in chunk for p in item.paragraphs(smallest)] for chunk in _share(items, len(items))]

    # -- one body size per deck --

    def _split(self, draft: _List, size: float, slides: int) -> list[list[TextParagraph]] | None:
        """The list's items shared over `slides` slides at `size`, or None when a slide would overflow.

        A slide overflows when its text needs more room than the placeholder has, or when it holds
        more than `max_lines` lines of text (a single item may, if it fits the room).
        """
        box = self.boxes[(draft.kind, 1)]
        pages = []
        for chunk in _share(draft.items, slides):
            page = [p for item in chunk for p in item.paragraphs(size)]
            measured = self.measurer.measure(page, box.width)
            if measured.height > box.height or (len(chunk) > 1 and sum(measured.lines) > self.settings.max_lines):
                return None
            pages.append(page)
        return pages

    def _fewest(self, draft: _List, size: float) -> int | None:
        """The fewest slides (never more than `max_bullets` items each) the list fits on at `size`."""
        key = (id(draft), size)
        if key not in self._fewest_cache:
            least = math.ceil(len(draft.items) / self.settings.max_bullets)
            self._fewest_cache[key] = next(
                (n for n in range(least, len(draft.items) + 1) if self._split(draft, size, n) is not None), None)
        return self._fewest_cache[key]

    def _body_size(self, lists: Sequence[_List]) -> float:
        """The deck's one body size: the largest at which its lists need few more slides than at min_body.

        Larger text costs continuation slides; a deck may grow by `extra_slides_percent` of its list
        slides to keep every key point and question at the larger size, and never by more.
        """
        sizes = self._sizes(self.settings.sizes.body, self.settings.sizes.min_body)
        lists = [each for each in lists if each.items]
        smallest = sum(self._fewest(each, sizes[-1]) or len(each.items) for each in lists)
        budget = smallest * self.settings.extra_slides_percent / 100
        for size in sizes:
            counts = [self._fewest(each, size) for each in lists]
            if None not in counts and sum(c for c in counts if c is not None) - smallest <= budget:
                return size
        return sizes[-1]

    def _cut(self, draft: _List, size: float) -> list[SlidePlan]:
        """The slides of a list at the deck's body size; pictures take the slides in order, one each."""
        pages: list[list[TextParagraph]] = []
        if draft.items:
            slides = self._fewest(draft, size)
            if slides is None:  # an item too long even alone: reported, and shown as small as allowed
                size = self.settings.sizes.min_body
                box = self.boxes[(draft.kind, 1)]
                for item in draft.items:
                    if not self.measurer.fits(item.paragraphs(size), box):
                        self.problems.append(Problem(item.source, "slides.too_long", "this text does not fit on "
                                                          f"one slide even alone at {size:g} pt"))
                pages = [[p for item in chunk for p in item.paragraphs(size)]
                         for chunk in _share(draft.items, len(draft.items))]
            else:
                pages = self._split(draft, size, slides) or []
        count = max(len(pages), len(draft.pictures))
        title_kind = "content" if draft.kind == "content_with_image" else draft.kind
        titles = self._titled_pages(title_kind, draft.title, draft.source, count)
        result = []
        for index in range(count):
            body = tuple(pages[index]) if index < len(pages) else ()
            picture = draft.pictures[index] if index < len(draft.pictures) else None
            if picture is not None and not body and picture.alt:
                body = (self._paragraph([TextRun(picture.alt)], size, space=False),)  # the picture's caption
            kind = draft.kind if draft.kind not in CONTENT_KINDS else (
                "content_with_image" if picture else "content")
            result.append(self._slide(kind, titles[index], body, picture=picture, notes=draft.notes,
                                      trainer_notes=draft.trainer_notes, facilitator_only=draft.facilitator_only))
        return result

    def _titled_pages(self, kind: str, title: str, source: SourceLocation,
                      pages: int) -> list[TextParagraph]:
        if pages <= 1:
            return [self._title(kind, title, source)]
        return [self._title(kind, title + self._word("slide_part", i=i, n=pages), source)
                for i in range(1, pages + 1)]

    # -- clock times: on a course of several days every time shown carries its day --

    def _when(self, rows: Sequence[AgendaItem]) -> str:
        """`09:00–09:15`, or `Day 2 · 09:00–09:15` on a course of several days."""
        # the raw template: localise.word() formats, and would fail on its {n} and {time} (reported to the model)
        return span(self.agenda, rows, self.course.words[self.language]["day_time"])

    def _at(self, day: int, minutes: int) -> str:
        """One clock time, with its day on a course of several days."""
        if self.agenda.multi_day:
            return self._word("day_time", n=day, time=clock(minutes))
        return clock(minutes)

    def _rows(self, modules: Sequence[Module]) -> tuple[AgendaItem, ...]:
        """The agenda rows of the modules' sessions, in teaching order."""
        return tuple(row for module in modules for row in self.agenda.module_rows(module))

    def _module_heading(self, module: Module) -> str:
        return self._word("slide_module", n=module.number, title=module.title)

    # -- slides --

    def _title_slide(self, module: Module | None, modules: Sequence[Module]) -> SlidePlan:
        settings = self.course.settings
        assert settings is not None
        lang = self.language
        minutes = sum(m.session_minutes for m in modules)
        when = self._when(self._rows(modules))
        lines: list[list[TextRun]] = []
        if module is None:
            lines.append([TextRun(settings.subtitle[lang])])
        else:
            lines.append([TextRun(self._module_heading(module))])
        lines.append([TextRun(" · ".join(x for x in (self._word("min", n=minutes), when) if x))])
        lines.append([TextRun(f"{settings.author[lang]} · {localise.long_date(self.course, lang, settings.edition)}")])
        notes = [settings.title[lang], self._label("audience", settings.audience[lang]),
                 self._label("duration", self._word("min", n=minutes)) + (f" ({when})" if when else "")]
        for each in modules:
            each_when = self._when(self.agenda.module_rows(each))
            notes.append(f"{self._module_heading(each)} · {self._word('min', n=each.session_minutes)}"
                         + (f" · {each_when}" if each_when else ""))
        return self._slide("title", self._title("title", settings.title[lang], settings.where("title")),
                           self._fixed_body("title", lines, self.settings.sizes.subtitle, settings.where("title")),
                           notes=tuple(notes))

    def _agenda_source(self, modules: Sequence[Module]) -> SourceLocation:
        settings = self.course.settings
        return settings.where("days") if settings else modules[0].page.source

    def _agenda_slides(self, modules: Sequence[Module], module: Module | None = None) -> list[SlidePlan]:
        """The deck's stretch of `view.agenda`: its sessions and the pauses between them.

        `module` titles the agenda of one module inside the whole-course deck ("Agenda: Module 2").
        """
        own = self._rows(modules)
        if not own:
            return []
        first, last = own[0], own[-1]
        ids = {row.session.id for row in own if row.session is not None}
        rows: list[_Item] = []
        module_of: Module | None = None
        for entry in self.agenda.items:
            if (entry.day, entry.start) < (first.day, first.start) or (entry.day, entry.end) > (last.day, last.end):
                continue
            if entry.session is not None and entry.session.id not in ids:
                continue
            if entry.pause is not None:
                rows.append(self._agenda_row(self._when((entry,)), self._word(entry.pause.kind.value),
                                             entry.pause.source, color="muted"))
                continue
            if entry.session is None:
                continue
            row = self._agenda_row(self._when((entry,)), entry.session.title, entry.session.source)
            if len(modules) > 1 and entry.module is not None and entry.module is not module_of:
                module_of = entry.module  # a module heading stays on the slide of the row it introduces
                heading = self._agenda_row("", self._module_heading(module_of), module_of.page.title_source,
                                           bold=True)
                row = _joined([heading, row])
            rows.append(row)
        title = self._word("agenda")
        if module is not None:
            title = self._label("agenda", self._word("module_n", n=module.number))
        return self._agenda_pages(title, rows, own, modules)

    def _agenda_pages(self, title: str, rows: list[_Item], own: Sequence[AgendaItem],
                      modules: Sequence[Module]) -> list[SlidePlan]:
        """Agenda rows shared out over as many slides as they need, with the totals in the notes."""
        pages = self._paginate("agenda", rows, self.settings.sizes.agenda, self.settings.max_agenda_rows)
        minutes = sum(m.session_minutes for m in modules)
        notes = (f"{self._label('sessions', str(len(own)))} · {self._label('total', self._word('min', n=minutes))}",
                 self._when(own))
        titles = self._titled_pages("agenda", title, self._agenda_source(modules), len(pages))
        return [self._slide("agenda", t, page, notes=notes) for t, page in zip(titles, pages, strict=True)]

    def _overview_slides(self, modules: Sequence[Module]) -> list[SlidePlan]:
        """The whole course at a glance: one row per module and the pauses between modules, by day."""
        own = self._rows(modules)
        if not own:
            return []
        rows: list[_Item] = []
        ids = {id(m) for m in modules}
        entries = [e for e in self.agenda.items
                   if e.pause is not None or (e.session is not None and id(e.module) in ids)]
        shown: set[int] = set()
        day = 0
        for index, entry in enumerate(entries):
            row: _Item | None = None
            if entry.pause is not None:
                before = next((e.module for e in reversed(entries[:index]) if e.session is not None), None)
                after = next((e.module for e in entries[index + 1:] if e.session is not None), None)
                if before is not None and after is not None and before is after:
                    continue  # a pause inside a module shows on the module's own agenda
                row = self._agenda_row(self._when((entry,)), self._word(entry.pause.kind.value), entry.pause.source,
                                       color="muted")
            elif entry.module is not None and id(entry.module) not in shown:
                shown.add(id(entry.module))
                module_rows = self.agenda.module_rows(entry.module)
                row = self._agenda_row(self._when(module_rows), self._module_heading(entry.module),
                                       entry.module.page.title_source)
            if row is None:
                continue
            if self.agenda.multi_day and entry.day != day:
                day = entry.day  # a day heading stays on the slide of the row it introduces
                heading = self._agenda_row("", self._word("day", n=day), self._agenda_source(modules), bold=True)
                row = _joined([heading, row])
            rows.append(row)
        return self._agenda_pages(self._word("agenda"), rows, own, modules)

    def _agenda_row(self, when: str, text: str, source: SourceLocation, bold: bool = False,
                    color: str = "") -> _Item:
        def paragraphs(size: float) -> list[TextParagraph]:
            if not when:
                heading = self._paragraph([TextRun(text, bold)], size, color=color)
                return [dataclasses.replace(heading, space_before=2 * heading.space_before)]
            lead = f"{when}  "
            hanging = self.measurer.text_width(lead, size, bold=True)
            runs = [TextRun(lead, True), TextRun(text, bold)]
            row = self._paragraph(runs, size, hanging=hanging, color=color)
            return [dataclasses.replace(row, space_before=self.settings.agenda_row_space)]

        return _Item(source, paragraphs)

    def _module_slide(self, module: Module) -> SlidePlan:
        when = self._when(self.agenda.module_rows(module))
        details = " · ".join(x for x in (self._word("min", n=module.session_minutes), when) if x)
        lines = [[TextRun(self._word("module_n", n=module.number))], [TextRun(details)]]
        notes = [self._module_heading(module), details]
        if module.objective_items:
            heading = module.objectives.heading if module.objectives else None
            notes += ["", heading.title if heading else self._word("slide_objectives")]
            notes += [f"• {item.text}" for item in module.objective_items]
        source = module.page.title_source
        return self._slide("title", self._title("title", module.title, source),
                           self._fixed_body("title", lines, self.settings.sizes.subtitle, source), notes=tuple(notes))

    def _session_slides(self, session: Session) -> list[_Draft]:
        """A session's section slide and lists; its trainer notes go on the section slide only.

        The session's later slides point back to them ("Trainer notes: ↑ <session title>") instead of
        repeating them, so printed notes pages and the presenter view hold each note once.
        """
        row = self.agenda.start_of(session.id)
        when = self._when((row,)) if row is not None else ""
        header = " · ".join(x for x in (self._method(session), self._word("min", n=session.minutes), when) if x)
        trainer = self._trainer_lines((*session.trainer_notes, *session.materials))
        pointer = (f"{self._word('trainer_notes')}{self._word('slide_point_sep')}↑ {session.title}",) if trainer else ()
        purpose = session.purpose.text if session.purpose is not None else ""
        section_notes = (header, purpose) if purpose else (header,)
        slides: list[_Draft] = [
            self._slide("section", self._title("section", session.title, session.source),
                        self._fixed_body("section", [[TextRun(header)]], self.settings.sizes.subtitle, session.source),
                        notes=section_notes, trainer_notes=trainer)]
        labelled = bool(session.key_points) and all(_LABEL.match(item.text) for item in session.key_points)
        points = tuple(self._point(item, labelled) for item in session.key_points)
        pictures = tuple(p for p in (self._picture(ref, session) for ref in session.images) if p is not None)
        if points or pictures:
            slides.append(_List("content_with_image" if pictures else "content", session.title, session.source, points,
                                pictures, notes=(header,), trainer_notes=pointer))
        for block in session.questions:
            items = tuple(self._question_items(block))
            if items:
                title = _admonition_title(block) or localise.box_title(self.course, self.language, "question")
                slides.append(_List("discussion", title, block.source, items, notes=(header,), trainer_notes=pointer))
        for case in self.view.cases_for(session.id):
            items = tuple(self._list_item(item) for item in _case_questions(case))
            if not items:
                continue
            case_trainer = self._trainer_lines(case.debrief)
            if pointer:
                case_trainer = (*case_trainer, "", *pointer) if case_trainer else pointer
            slides.append(_List("discussion", case.title, case.page.title_source, items, notes=(header, case.title),
                                trainer_notes=case_trainer, facilitator_only=case.page.facilitator_only))
        return slides

    def _closing_slides(self, modules: Sequence[Module]) -> list[_Draft]:
        sessions = [s for m in modules for s in m.sessions]
        if not sessions:
            return []
        last = sessions[-1]
        worksheet = self._worksheet_after(last)
        ends = self.agenda.start_of(last.id)
        notes = [self._word("slide_ends", time=self._at(ends.day, ends.end))] if ends else []
        if worksheet is not None:
            page = worksheet.page
            title, source = page.title, page.title_source
            items = [self._plain_item(h.title, h.source, bullet="•") for h in page.headings if h.level == 2]
            lead = next((b for b in page.blocks if b.kind is BlockKind.PARAGRAPH and b.text.strip()), None)
            if lead is not None:
                notes += ["", lead.text]
        else:
            with_objectives = [m for m in modules if m.objective_items]
            if not with_objectives:
                return []
            heading = with_objectives[0].objectives.heading if with_objectives[0].objectives else None
            title = heading.title if heading else self._word("slide_objectives")
            source = heading.source if heading else with_objectives[0].page.title_source
            items = [self._plain_item(item.text, item.source, bullet="•")
                     for m in with_objectives for item in m.objective_items]
        if not items:
            return []
        return [_List("closing", title, source, tuple(items), notes=tuple(notes) or (title,))]

    def _worksheet_after(self, last: Session) -> Worksheet | None:
        """The worksheet to fill in after the deck's last session, by the model's one worksheet rule.

        Worksheets that follow no session come after the course's last session. Facilitator-only
        worksheets are not shown: both editions end on the same slide.
        """
        candidates = list(self.view.worksheets_after(last.id))
        if self.view.sessions and last is self.view.sessions[-1]:
            candidates += self.view.worksheets_after(None)
        return next((w for w in candidates if not w.page.facilitator_only), None)

    # -- model nodes as slide items --

    def _point(self, item: ListItem, labelled: bool = False) -> _Item:
        """A key point: its term in bold, the separator, the explanation; nested entries as sub-bullets.

        In a list whose every point starts with its own label ("A.", "1、", "（一）") the label takes
        the bullet's place: no "• A." on the slide, and wrapped lines align after the label.
        """
        separator = self._word("slide_point_sep")
        subs = [child.text for child in item.children]
        label = _LABEL.match(item.text)

        def paragraphs(size: float) -> list[TextParagraph]:
            if item.term:
                runs = [TextRun(item.term, True)] + ([TextRun(separator + item.explanation)] if item.explanation
                                                     else [])
            else:
                runs = [TextRun(item.text)]
            if labelled and label is not None:
                hanging = self.measurer.text_width(label[0], size, bold=bool(item.term))
                result = [self._paragraph(runs, size, hanging=hanging)]
            else:
                result = [self._paragraph(runs, size, bullet="•")]
            result += [self._paragraph([TextRun(s)], size, bullet="–", level=1) for s in subs]
            return result

        return _Item(item.source, paragraphs)

    def _plain_item(self, text: str, source: SourceLocation, bullet: str = "", number: int = 1) -> _Item:
        return _Item(source, lambda size: [self._paragraph([TextRun(text)], size, bullet=bullet, number=number)])

    def _list_item(self, item: ListItem) -> _Item:
        """A question written as a list entry: numbered when the list is, nested entries as sub-bullets."""
        bullet = "1." if item.number is not None else "•"
        subs = [child.text for child in item.children]

        def paragraphs(size: float) -> list[TextParagraph]:
            result = [self._paragraph([TextRun(item.text)], size, bullet=bullet, number=item.number or 1)]
            result += [self._paragraph([TextRun(s)], size, bullet="–", level=1) for s in subs]
            return result

        return _Item(item.source, paragraphs)

    def _question_items(self, block: Block) -> list[_Item]:
        """A discussion block: each paragraph a plain item, each list entry a bullet or a numbered item."""
        items: list[_Item] = []
        for child in block.children:
            if child.kind is BlockKind.PARAGRAPH and child.text.strip():
                items.append(self._plain_item(child.text, child.source))
            elif child.kind is BlockKind.LIST:
                items += [self._list_item(item) for item in child.items]
        return items

    def _trainer_lines(self, blocks: Sequence[Block]) -> tuple[str, ...]:
        """Trainer notes and materials as speaker-note lines, each block headed by its title, in source order."""
        lines: list[str] = []
        for block in sorted(blocks, key=lambda b: b.source):
            if not block.kind.facilitator_only:
                continue
            default = "trainer_notes" if block.kind is BlockKind.TRAINER else "materials"
            if lines:
                lines.append("")
            lines.append((_admonition_title(block) or self._word(default)) + self._word("slide_point_sep").rstrip())
            lines += _note_lines(block.children)
        return tuple(lines)

    def _picture(self, reference: Reference, session: Session) -> Picture | None:
        """The image file a session shows, or None with a `slides.image` problem at the image's line."""
        src, where = reference.target, reference.source
        target = link_target(session.page, src)
        if target is None:
            self.problems.append(Problem(where, "slides.image", f"image '{src}' is not a file under docs/"))
            return None
        path = (self.course.docs_dir / target.path).resolve()
        try:
            path.relative_to(self.course.docs_dir.resolve())
        except ValueError:
            self.problems.append(Problem(where, "slides.image", f"image '{src}' is outside docs/"))
            return None
        if path.suffix.lower() not in _PICTURE_TYPES:
            self.problems.append(Problem(where, "slides.image", f"image '{src}' cannot go on a slide "
                                              f"(PowerPoint takes {', '.join(sorted(_PICTURE_TYPES))})"))
            return None
        try:
            with Image.open(path) as opened:
                opened.verify()
        except Image.DecompressionBombError:
            self.problems.append(Problem(where, "slides.image", f"image '{src}' is too large to put on a slide "
                                              f"(more than {2 * Image.MAX_IMAGE_PIXELS // 1_000_000} million pixels)"))
            return None
        except (OSError, SyntaxError) as error:
            reason = str(error).replace(f" '{path}'", "").replace(str(path), src)  # no machine path in messages
            self.problems.append(Problem(where, "slides.image", f"image '{src}' cannot be read: {reason}"))
            return None
        return Picture(path, reference.text, where)


_QUOTED_TITLE = re.compile(r'^\s*!!!\s+\S+\s+"([^"\n]*)"')


def _case_questions(case: Case) -> tuple[ListItem, ...]:
    """The entries of the lists under a case's questions heading.

    Local stand-in until load.py fixes `Case.questions`, which also holds the entries of a debrief
    (`!!! trainer`) list written under that heading: those must never reach a participant's slide.
    """
    if case.questions_section is None:
        return ()
    return tuple(item for block in case.questions_section.blocks if block.kind is BlockKind.LIST
                 for item in block.items)


def _admonition_title(block: Block) -> str:
    """An admonition's title (`!!! question "讨论"` → 讨论).

    Local stand-in until load.py fills `Block.title` (it leaves it empty): the title is read from the
    block's first line as written (`Block.spelling`), never by searching the page.
    """
    if block.title:
        return block.title
    match = _QUOTED_TITLE.match(block.spelling)
    return match[1].strip() if match else ""


def _note_lines(blocks: Sequence[Block], depth: int = 0) -> list[str]:
    """Speaker-note lines of an admonition's blocks: paragraphs as they are, list entries as bullets."""
    lines: list[str] = []
    for block in blocks:
        if block.kind is BlockKind.PARAGRAPH and block.text.strip():
            lines.append(block.text)
        elif block.kind is BlockKind.LIST:
            lines += [line for item in block.items for line in _item_lines(item, depth)]
        elif block.kind is BlockKind.TABLE:
            lines += [" | ".join(block.header), *(" | ".join(cells) for _, cells in block.rows)]
        elif block.children:
            lines += _note_lines(block.children, depth)
    return lines


def _item_lines(item: ListItem, depth: int) -> list[str]:
    bullet = f"{item.number}." if item.number is not None else "•"
    return [f"{'  ' * depth}{bullet} {item.text}", *(line for child in item.children
                                                      for line in _item_lines(child, depth + 1))]


def _joined(items: Sequence[_Item]) -> _Item:
    """Several items kept together on one slide, e.g. a module heading and its first agenda row."""
    return _Item(items[-1].source, lambda size: [p for item in items for p in item.paragraphs(size)])


def _share(items: Sequence[_Item], slides: int) -> list[Sequence[_Item]]:
    """Items shared out over `slides` slides as evenly as possible, in order (7 over 2 → 4 + 3)."""
    size, extra = divmod(len(items), slides)
    chunks, start = [], 0
    for index in range(slides):
        end = start + size + (1 if index < extra else 0)
        chunks.append(items[start:end])
        start = end
    return chunks


# --- writing --------------------------------------------------------------------------------------


def deck_fingerprint(plan: DeckPlan, edition: Edition, settings: DeckSettings, root: Path) -> str:
    """A hash of everything `render_deck` makes one deck from: its slides as planned for the edition, its
    properties, the deck settings and template, the images' bytes, this package's code and python-pptx.

    The build keeps each rendered deck under this name, so an edit renders only the decks it reaches. Paths
    inside the course (`root`) count relative to it: a course moved or cloned elsewhere keeps its decks.
    """
    slides = plan.slides_for(edition)
    digest = hashlib.sha256(code_fingerprint(Path(__file__).resolve().parent, "python-pptx").encode())
    for part in (edition.value, plan.language, plan.title, plan.subject, plan.author, plan.date.isoformat(),
                 repr(settings), repr(slides)):
        digest.update(part.replace(str(root.resolve()), "<course>").encode() + b"\0")
    for path in sorted({slide.picture.path for slide in slides if slide.picture is not None} | {settings.template}):
        digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
    return digest.hexdigest()


def render_deck(plan: DeckPlan, edition: Edition, settings: DeckSettings) -> bytes:
    """One edition of a planned deck as .pptx bytes, reproducible to the byte; every slide but the first numbered."""
    prs = open_template(settings)
    _remove_template_slides(prs)
    _name_parts_in_order(prs.part.package)
    tag = LANGUAGE_TAGS.get(plan.language, plan.language)
    fonts = (settings.fonts.latin, settings.fonts.east_asian)
    layouts = {kind: prs.slide_layouts.get_by_name(getattr(settings.layouts, kind)) for kind in PLACEHOLDERS}
    number_boxes: dict[str, tuple[object | None, object | None]] = {}
    maker = _SlideMaker(prs)
    for number, spec in enumerate(plan.slides_for(edition), start=1):
        slide = maker.add_slide(layouts[spec.kind])
        placeholders = {ph.placeholder_format.idx: ph for ph in slide.placeholders}
        _write_paragraphs(placeholders.pop(0).text_frame, [spec.title], tag, fonts)
        body = placeholders.pop(1, None)
        if body is not None and spec.body:
            _write_paragraphs(body.text_frame, spec.body, tag, fonts)
        elif body is not None:
            _remove_shape(body)
        picture_area = placeholders.pop(2, None)
        if spec.picture is not None and picture_area is not None:
            _add_picture(slide, spec.picture, picture_area)
        for unused in [picture_area, *placeholders.values()]:
            if unused is not None:
                _remove_shape(unused)
        if number > 1:
            _add_slide_number(slide, number, tag, fonts, number_boxes)
        notes = maker.notes_frame(slide)
        size = settings.sizes.notes
        _write_paragraphs(notes, [TextParagraph((TextRun(line),), size) for line in spec.notes_for(edition)], tag,
                          fonts, fit=False)
    _set_properties(prs, plan, edition, tag)
    return reproducible_bytes(prs)


_NAMESPACES = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
               'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')
SLIDE_NUMBER_FIELD = "{5C3A4F0E-9D1B-4E8A-A3C7-2B6F1D8E9A40}"
"""The id of every slide-number field (PowerPoint gives each a GUID; a fixed one keeps builds identical)."""


def _number_boxes(layout: object) -> tuple[object | None, object | None]:
    """(the layout's slide-number placeholder, the master's); a deck looks them up once per layout, not
    once per slide (python-pptx runs an XPath query per shape per look-up)."""
    numbers = PP_PLACEHOLDER.SLIDE_NUMBER
    own = next((ph for ph in layout.placeholders if ph.placeholder_format.type == numbers), None)  # type: ignore[attr-defined]
    master = next((ph for ph in layout.slide_master.placeholders  # type: ignore[attr-defined]
                   if ph.placeholder_format.type == numbers), None)
    return own, master


def _add_slide_number(slide: object, number: int, tag: str, fonts: tuple[str, str],
                      boxes: dict[str, tuple[object | None, object | None]]) -> None:
    """The slide's number where the template puts it: the layout's slide-number placeholder, else the master's.

    python-pptx copies no date, footer or slide-number placeholder onto a new slide, so the renderer
    adds one the way PowerPoint's "Slide number" box does: a `sldNum` placeholder holding a
    `slidenum` field (PowerPoint and LibreOffice keep it current when slides move), styled by the
    template. A template without one gets a small right-aligned text box in the bottom right corner.
    """
    layout = slide.slide_layout  # type: ignore[attr-defined]
    key = str(layout.part.partname)
    if key not in boxes:
        boxes[key] = _number_boxes(layout)
    own, master = boxes[key]
    tree = slide.shapes._spTree  # type: ignore[attr-defined]  -- python-pptx has no API for field shapes
    shape_id = max(int(e.get("id")) for e in tree.iter(qn("p:cNvPr"))) + 1
    size = ""
    if own is not None:
        kind = f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="sldNum" sz="quarter" ' \
               f'idx="{own.placeholder_format.idx}"/></p:nvPr>'
        geometry, alignment = "", ""
    else:
        if master is not None:
            box = (master.left, master.top, master.width, master.height)
        else:
            deck = slide.part.package.presentation_part.presentation  # type: ignore[attr-defined]
            box = (deck.slide_width - Emu(2286000), deck.slide_height - Emu(457200), Emu(2057400), Emu(365760))
            size = ' sz="1200"'
        kind = '<p:cNvSpPr txBox="1"/><p:nvPr/>'
        geometry = (f'<a:xfrm><a:off x="{box[0]}" y="{box[1]}"/><a:ext cx="{box[2]}" cy="{box[3]}"/></a:xfrm>'
                    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>')
        alignment = '<a:pPr algn="r"/>'
    shape = etree.fromstring(
        f'<p:sp {_NAMESPACES}><p:nvSpPr><p:cNvPr id="{shape_id}" name="Slide Number {shape_id}"/>{kind}'
        f"</p:nvSpPr><p:spPr>{geometry}</p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p>{alignment}"
        f'<a:fld id="{SLIDE_NUMBER_FIELD}" type="slidenum"><a:rPr lang="{tag}"{size} dirty="0">'
        f'<a:latin typeface={quoteattr(fonts[0])}/><a:ea typeface={quoteattr(fonts[1])}/></a:rPr>'
        f"<a:t>{number}</a:t></a:fld></a:p></p:txBody></p:sp>"
    )
    tree.append(shape)


class _SlideMaker:
    """New slides and notes pages for one deck, copied from the first of their kind.

    python-pptx builds every new slide from its layout, and every notes page from the notes master,
    cloning their placeholders shape by shape: half of a deck's render time. Here the first slide of
    each layout and the first notes page are made the library's way, their XML is kept as it was
    before any text went in, and later ones are copies of it, related to the same parts in the same
    order, so the file has the same bytes.
    """

    def __init__(self, prs: Deck) -> None:
        self.prs = prs
        self.package = prs.part.package
        self.slides: dict[str, etree._Element] = {}  # layout part name → a new slide's XML
        self.notes: etree._Element | None = None

    def add_slide(self, layout: object) -> object:
        key = str(layout.part.partname)  # type: ignore[attr-defined]
        if key not in self.slides:
            slide = self.prs.slides.add_slide(layout)  # type: ignore[arg-type]
            self.slides[key] = copy.deepcopy(slide._element)
            return slide
        deck = self.prs.part
        part = SlidePart(deck._next_slide_partname, CT.PML_SLIDE, self.package, copy.deepcopy(self.slides[key]))
        part.relate_to(layout.part, RT.SLIDE_LAYOUT)  # type: ignore[attr-defined]
        self.prs.slides._sldIdLst.add_sldId(deck.relate_to(part, RT.SLIDE))
        return part.slide

    def notes_frame(self, slide: object) -> object:
        """The slide's (new) notes page's text frame."""
        if self.notes is None:
            notes = slide.notes_slide  # type: ignore[attr-defined]
            self.notes = copy.deepcopy(notes._element)
            return notes.notes_text_frame
        slide_part = slide.part  # type: ignore[attr-defined]
        part = NotesSlidePart(self.package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
                              CT.PML_NOTES_SLIDE, self.package, copy.deepcopy(self.notes))
        part.relate_to(self.package.presentation_part.notes_master_part, RT.NOTES_MASTER)
        part.relate_to(slide_part, RT.SLIDE)
        slide_part.relate_to(part, RT.NOTES_SLIDE)
        return part.notes_slide.notes_text_frame


def _name_parts_in_order(package: object) -> None:
    """Give this deck's package a quicker way to name new parts, the same names python-pptx would pick.

    python-pptx names each new slide and notes page by walking every part of the deck to see which names
    are taken: quadratic in the number of slides, a fifth of a long deck's render time. A deck here
    only grows once its template slides are gone, so the names in use are gathered once and kept up to
    date, and the same search runs over them. Only this package object is changed, never the library.
    """
    used = {str(part.partname) for part in package.iter_parts()}  # type: ignore[attr-defined]
    counts: dict[str, int] = {}

    def next_partname(template: str) -> PackURI:
        if template not in counts:
            counts[template] = sum(1 for name in used if _numbered_like(name, template))
        # python-pptx's own search: from one past the count of such names down to 1, the first free one
        number = next(n for n in range(counts[template] + 1, 0, -1) if template % n not in used)
        used.add(template % number)
        counts[template] += 1
        return PackURI(template % number)

    package.next_partname = next_partname  # type: ignore[attr-defined]


def _numbered_like(name: str, template: str) -> bool:
    prefix, _, suffix = template.partition("%d")
    return name.startswith(prefix) and name.endswith(suffix) and name[len(prefix):len(name) - len(suffix)].isdigit()


def _remove_template_slides(prs: Deck) -> None:
    """A company template may come with example slides; decks start empty."""
    id_list = prs.slides._sldIdLst  # python-pptx has no public API to delete slides
    for entry in list(id_list):
        prs.part.drop_rel(entry.get(qn("r:id")))
        id_list.remove(entry)


def _remove_shape(shape: object) -> None:
    element = shape._element  # type: ignore[attr-defined]
    element.getparent().remove(element)


def _write_paragraphs(frame: object, paragraphs: Sequence[TextParagraph], tag: str, fonts: tuple[str, str],
                      fit: bool = True) -> None:
    """Replace a text frame's paragraphs; every run gets its size, both typefaces and the language."""
    if fit:
        frame.word_wrap = True  # type: ignore[attr-defined]
        frame.auto_size = MSO_AUTO_SIZE.NONE  # type: ignore[attr-defined]
    body = frame._txBody  # type: ignore[attr-defined]
    for old in body.findall(qn("a:p")):
        body.remove(old)
    for paragraph in paragraphs:
        p = etree.SubElement(body, qn("a:p"))
        p_pr = etree.SubElement(p, qn("a:pPr"), marL=str(_emu(paragraph.margin_left)),
                                indent=str(_emu(paragraph.first_indent)))
        if paragraph.level:
            p_pr.set("lvl", str(paragraph.level))
        spacing = etree.SubElement(p_pr, qn("a:lnSpc"))
        etree.SubElement(spacing, qn("a:spcPct"), val=str(round(paragraph.line_spacing * 100000)))
        before = etree.SubElement(p_pr, qn("a:spcBef"))
        etree.SubElement(before, qn("a:spcPts"), val=str(round(paragraph.space_before * 100)))
        if paragraph.bullet == "1.":
            etree.SubElement(p_pr, qn("a:buFont"), typeface="+mj-lt")
            etree.SubElement(p_pr, qn("a:buAutoNum"), type="arabicPeriod", startAt=str(paragraph.number))
        elif paragraph.bullet:
            etree.SubElement(p_pr, qn("a:buFont"), typeface="Arial")
            etree.SubElement(p_pr, qn("a:buChar"), char=paragraph.bullet)
        else:
            etree.SubElement(p_pr, qn("a:buNone"))
        east_asian = east_asian_context(paragraph.text)
        offset = 0
        for run in paragraph.runs:
            for piece, script in _pieces(run.text, east_asian[offset:offset + len(run.text)]):
                if piece == "\n":
                    _add_run(etree.SubElement(p, qn("a:br")), paragraph, run, tag, fonts[0], fonts[1])
                    continue
                r = etree.SubElement(p, qn("a:r"))
                _add_run(r, paragraph, run, tag, fonts[1] if script else fonts[0], fonts[1])
                etree.SubElement(r, qn("a:t")).text = piece
            offset += len(run.text)


def _pieces(text: str, east_asian: Sequence[bool]) -> list[tuple[str, bool]]:
    """A run's text cut where the script changes, each line break ("\\n") alone; True for East Asian pieces.

    Chinese and its punctuation (“民意代表”, ——) form one piece, Latin words another; white space
    stays with the piece before it, so a run is cut no more often than the fonts require.
    """
    pieces: list[tuple[str, bool]] = []
    for char, script in zip(text, east_asian, strict=True):
        if pieces and "\n" not in (char, pieces[-1][0]) and (char.isspace() or script == pieces[-1][1]):
            pieces[-1] = (pieces[-1][0] + char, pieces[-1][1])
        else:
            pieces.append((char, script))
    return pieces


def _add_run(element: etree._Element, paragraph: TextParagraph, run: TextRun, tag: str, latin: str,
             east_asian: str) -> None:
    """The run properties: size, weight, colour, language and both typefaces.

    Chinese text and the punctuation that goes with it are set in the East Asian typeface for both
    slots, so no application draws “ or —— in the Latin font, whatever script it takes them for.
    """
    r_pr = etree.SubElement(element, qn("a:rPr"), lang=tag, sz=str(round(paragraph.size * 100)),
                            b="1" if run.bold else "0", dirty="0")
    if paragraph.color == "muted":
        fill = etree.SubElement(r_pr, qn("a:solidFill"))
        colour = etree.SubElement(fill, qn("a:schemeClr"), val="tx1")
        etree.SubElement(colour, qn("a:lumMod"), val="60000")
        etree.SubElement(colour, qn("a:lumOff"), val="40000")
    etree.SubElement(r_pr, qn("a:latin"), typeface=latin)
    etree.SubElement(r_pr, qn("a:ea"), typeface=east_asian)


def _emu(points: float) -> int:
    return round(points * EMU_PER_PT)


def _add_picture(slide: object, picture: Picture, area: object) -> None:
    """The image scaled to fit the image area, centred, with its alt text as description."""
    left, top, width, height = area.left, area.top, area.width, area.height  # type: ignore[attr-defined]
    with Image.open(picture.path) as image:
        pixels_wide, pixels_high = image.size
    scale = min(width / pixels_wide, height / pixels_high)
    shown_wide, shown_high = round(pixels_wide * scale), round(pixels_high * scale)
    shape = slide.shapes.add_picture(  # type: ignore[attr-defined]  -- top-aligned with the key points
        str(picture.path), Emu(left + (width - shown_wide) // 2), Emu(top), Emu(shown_wide), Emu(shown_high)
    )
    shape._element.nvPicPr.cNvPr.set("descr", picture.alt)


def _set_properties(prs: Deck, plan: DeckPlan, edition: Edition, tag: str) -> None:
    """Core properties from the course, never from the clock, so two builds are identical."""
    core = prs.core_properties
    core.title = plan.title
    core.subject = plan.subject
    core.author = plan.author
    core.last_modified_by = plan.author
    core.language = tag
    core.created = core.modified = dt.datetime.combine(plan.date, dt.time())
    core.revision = 1
    core.comments = ""
    core.keywords = ""
    core.category = ""
    core.content_status = edition.value


def reproducible_bytes(prs: Deck) -> bytes:
    """Save and rewrite the zip with fixed timestamps and the same member order, so builds match to the byte."""
    saved = io.BytesIO()
    prs.save(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.create_system = 0
            member.external_attr = 0
            target.writestr(member, source.read(info.filename))
    return out.getvalue()
