"""The HTML of one PDF: the course's pages in reading order, with cover, contents, run sheet and checklist.

Pages are converted by the site's Markdown converter only; this module arranges and decorates the HTML
it produces. Ids are made unique per page (`page.md#id` becomes `#modules.01-x--id`), links to pages in
the document point inside it and links to pages outside it become plain text, session headings get
their clock time, method and minutes, and the participant workbook gets ruled space for answers.
Images must be files under docs/; anything else becomes a `Problem` here, before WeasyPrint runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit
from xml.etree import ElementTree

import jinja2
from markupsafe import Markup

from build_tools.course_tables import agenda_markdown, filled_markdown_lines
from build_tools.load import LoadResult
from build_tools.markdown_html import MarkdownConverter
from build_tools.model import (
    BlockKind,
    Course,
    Edition,
    Module,
    Page,
    PageKind,
    Session,
    SourceLocation,
)
from build_tools.problems import Problem
from build_tools.schedule import Agenda, build_agenda, clock
from build_tools.words import ui

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "workbook.html.j2"
STYLESHEET = TEMPLATES / "workbook.css"

#: Ruled lines left for an answer: after a discussion question, and after each question of a case.
QUESTION_LINES = 4
CASE_QUESTION_LINES = 3
#: Attributes through which HTML loads a resource (`href` only counts outside links, see `_check_resources`).
_RESOURCE_ATTRIBUTES = ("src", "data", "poster", "srcset")
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


@dataclass(frozen=True)
class TocEntry:
    """One line of the contents (and one PDF bookmark): level 1 pages, level 2–3 sessions and cases."""

    level: int
    title: str
    target: str
    label: str = ""


@dataclass(frozen=True)
class RunSheetRow:
    """A row of the facilitator's run sheet: a day, a module, a session or a pause."""

    kind: str
    title: str
    time: str = ""
    target: str = ""
    method: str = ""
    minutes: str = ""
    materials: Markup = Markup("")


@dataclass(frozen=True)
class ChecklistItem:
    """One thing to prepare for the day, with the first session that needs it."""

    html: Markup
    first_time: str
    first_session: str
    target: str
    sessions: int


@dataclass(frozen=True)
class Part:
    """A block of the document that starts on a new page: a course page or a generated section."""

    id: str
    kind: str
    html: Markup = Markup("")
    title: str = ""
    run_sheet: tuple[RunSheetRow, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()


@dataclass(frozen=True)
class PdfDocument:
    """One PDF's HTML, ready for WeasyPrint, and what is needed to report problems in it."""

    language: str
    edition: Edition
    html: str
    title: str
    identifier: bytes
    pages: tuple[Page, ...]
    problems: tuple[Problem, ...]


@dataclass
class _Builder:
    """State of one document while it is assembled (never shared between documents)."""

    course: Course
    converter: MarkdownConverter
    language: str
    edition: Edition
    agenda: Agenda
    included: dict[str, Page] = field(default_factory=dict)
    toc: list[TocEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def participant(self) -> bool:
        return self.edition is Edition.PARTICIPANT


# --- ids and links --------------------------------------------------------------------------------


def _safe_id(text: str) -> str:
    """An id usable in a URL fragment and CSS: `/` becomes `.`, anything unusual `_hex_`."""
    return re.sub(r"[^A-Za-z0-9_.\-]", lambda m: f"_{ord(m[0]):x}_", text.replace("/", "."))


def part_id(page_key: str) -> str:
    """The in-document id of a page: `modules/01-x` → `modules.01-x`."""
    return _safe_id(page_key)


def anchor_id(page_key: str, fragment: str) -> str:
    """The in-document id of a heading: unique per page because it starts with the page's id."""
    return f"{part_id(page_key)}--{_safe_id(fragment)}"


def resolve_page_link(page: Page, href: str) -> tuple[str, str] | None:
    """(page key, fragment) of a relative link to a Markdown page, as authors write it; None otherwise."""
    target = page.resolve(href)
    if target is None or target.page_key is None:
        return None
    return target.page_key, target.fragment


def _locate(page: Page, needle: str) -> SourceLocation:
    """The line of a page where `needle` (a link target or a character) first occurs."""
    reference = next((r for r in page.references if r.target == needle), None)
    if reference is not None:
        return reference.source
    for offset, line in enumerate(page.body_lines):
        if needle in line:
            return SourceLocation(page.source_path, page.body_start_line + offset)
    return page.source


# --- element tree helpers -------------------------------------------------------------------------


def _classes(element: ElementTree.Element) -> list[str]:
    return element.get("class", "").split()


def _add_class(element: ElementTree.Element, name: str) -> None:
    element.set("class", " ".join([*_classes(element), name]))


def _text(element: ElementTree.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _remove(parent: ElementTree.Element, child: ElementTree.Element) -> None:
    """Remove `child` but keep the text that follows it."""
    index = list(parent).index(child)
    if child.tail:
        if index:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


def _inner_html(element: ElementTree.Element) -> Markup:
    """The serialised content of an element, without the element's own tag."""
    html = ElementTree.tostring(element, encoding="unicode", method="html")
    start = html.index(">") + 1
    end = html.rindex("</")
    return Markup(html[start:end].strip())


def _answer_lines(builder: _Builder, count: int) -> ElementTree.Element:
    box = ElementTree.Element("div", {"class": "answer-lines"})
    caption = ElementTree.SubElement(box, "p", {"class": "answer-caption"})
    caption.text = ui(builder.language, "answer")
    for _ in range(count):
        ElementTree.SubElement(box, "div", {"class": "line"})
    return box


# --- one page -------------------------------------------------------------------------------------


def _page_markdown(builder: _Builder, page: Page) -> str:
    """The page's Markdown for this edition, with generated parts in place of their markers."""
    return "\n".join(filled_markdown_lines(builder.course, page, builder.edition, downloads_prefix="."))


def _decorate_links(builder: _Builder, page: Page, root: ElementTree.Element) -> None:
    """Point links at in-document ids; links to pages outside this PDF become plain text."""
    for link in root.iter("a"):
        href = link.get("href")
        if href is None:
            continue
        parts = urlsplit(href)
        if parts.scheme in ("http", "https", "mailto"):
            _add_class(link, "external")
            if _text(link) != href and parts.scheme != "mailto":
                _add_class(link, "show-url")
            continue
        target = resolve_page_link(page, href)
        if target is not None and target[0] in builder.included:
            key, fragment = target
            link.set("href", "#" + (anchor_id(key, fragment) if fragment else part_id(key)))
            continue
        link.tag = "span"
        for name in ("href", "title"):
            link.attrib.pop(name, None)
        _add_class(link, "unlinked")


def _check_resource(builder: _Builder, page: Page, url: str) -> str | None:
    """The file URL of an image or other resource under docs/, or None after recording a Problem."""
    parts = urlsplit(url)
    location = _locate(page, url)
    if parts.scheme in ("http", "https", "ftp") or url.startswith("//"):
        builder.problems.append(Problem(location, "link.remote_image", f"image '{url}' is on the internet"))
        return None
    if parts.scheme or parts.netloc or url.startswith("/"):
        builder.problems.append(Problem(location, "link.outside_docs", f"'{url}' points outside docs/"))
        return None
    target = page.resolve(url)
    if target is None:
        builder.problems.append(Problem(location, "link.outside_docs", f"'{url}' points outside docs/"))
        return None
    docs = builder.course.docs_dir.resolve()
    path = (docs / PurePosixPath(target.path)).resolve()
    if not path.is_relative_to(docs):
        builder.problems.append(Problem(location, "link.outside_docs", f"'{url}' points outside docs/"))
        return None
    if not path.is_file():
        builder.problems.append(Problem(location, "link.missing_image", f"image '{url}' does not exist"))
        return None
    return path.as_uri()


def _check_resources(builder: _Builder, page: Page, root: ElementTree.Element) -> None:
    """Rewrite every resource the HTML would load to a checked file URL; refuse the rest."""
    for element in root.iter():
        for name in _RESOURCE_ATTRIBUTES:
            value = element.get(name)
            if value is None:
                continue
            urls = [item.split()[0] for item in value.split(",") if item.strip()] if name == "srcset" else [value]
            checked = [_check_resource(builder, page, url) for url in urls]
            if name == "srcset" or None in checked:
                element.attrib.pop(name)
            else:
                element.set(name, checked[0] or "")
        if element.tag != "a" and element.get("href") is not None:
            checked_href = _check_resource(builder, page, element.get("href", ""))
            element.set("href", checked_href or "")
        for url in _CSS_URL.findall(element.get("style", "") + (element.text or "" if element.tag == "style" else "")):
            _check_resource(builder, page, url)


def _decorate_tables(root: ElementTree.Element) -> None:
    """A worksheet's empty cells are for writing in: mark them so they get writing height."""
    for table in root.iter("table"):
        blanks = [cell for cell in table.iter("td") if not _text(cell) and len(cell) == 0]
        if not blanks:
            continue
        header = table.find("thead/tr")
        columns = len(header) if header is not None else max(len(row) for row in table.iter("tr"))
        _add_class(table, "write-in")
        _add_class(table, f"cols-{min(columns, 4)}")
        for cell in blanks:
            _add_class(cell, "blank")
        for cell in table.iter("th"):
            text = _text(cell)
            if len(text) <= 4 or (text.isascii() and " " not in text and len(text) <= 10):
                _add_class(cell, "nowrap")


def _session_meta(builder: _Builder, session: Session) -> ElementTree.Element:
    meta = ElementTree.Element("p", {"class": "session-meta"})
    item = builder.agenda.start_of(session.id)
    if item is not None:
        time = ElementTree.SubElement(meta, "span", {"class": "clock"})
        time.text = f"{clock(item.start)}–{clock(item.end)}"
    method = ElementTree.SubElement(meta, "span", {"class": "method"})
    method.text = session.method.label(builder.language) if session.method else ""
    minutes = ElementTree.SubElement(meta, "span", {"class": "minutes"})
    minutes.text = ui(builder.language, "min", n=session.minutes)
    return meta


def _module_kicker(builder: _Builder, module: Module) -> ElementTree.Element:
    kicker = ElementTree.Element("p", {"class": "module-kicker"})
    kicker.text = ui(builder.language, "module_n", n=module.number)
    items = [builder.agenda.start_of(s.id) for s in module.sessions]
    placed = [item for item in items if item is not None]
    details = [ui(builder.language, "min", n=module.session_minutes)]
    if placed:
        details.insert(0, f"{clock(placed[0].start)}–{clock(placed[-1].end)}")
    for text in details:
        span = ElementTree.SubElement(kicker, "span")
        span.text = text
    return kicker


def _answer_space(
    builder: _Builder, page: Page, child: ElementTree.Element, section_id: str
) -> list[ElementTree.Element]:
    """Ruled lines after a discussion question (returned) and inside each item of a case's questions."""
    if child.tag == "div" and {"admonition", "question"} <= set(_classes(child)):
        return [_answer_lines(builder, QUESTION_LINES)]
    if page.kind is PageKind.CASE and section_id == "questions" and child.tag in ("ol", "ul"):
        for item in child.findall("li"):
            item.append(_answer_lines(builder, CASE_QUESTION_LINES))
    return []


def _decorate_headings(
    builder: _Builder, page: Page, root: ElementTree.Element, module: Module | None, level: int
) -> None:
    """Unique ids, running-header and bookmark classes, session details and answer space, in one pass."""
    sessions = {s.id: s for s in module.sessions} if module else {}
    groups = {s.group.id for s in sessions.values() if s.group is not None and s.group.id}
    children: list[ElementTree.Element] = []
    if module is not None:
        children.append(_module_kicker(builder, module))
    section_id = ""
    for child in list(root):
        children.append(child)
        if child.tag in _HEADINGS:
            original = child.get("id", "")
            section_id = original
            for name in ("minutes", "method"):
                child.attrib.pop(name, None)
            title = _text(child)
            target = anchor_id(page.key, original) if original else ""
            if child.tag == "h1":
                _add_class(child, f"bm-{level}")
                label = ""
                if page.kind is PageKind.CASE:
                    # A case is often titled like its session: its label tells them apart in contents and bookmarks.
                    label = ui(builder.language, "case_label")
                    child.set("style", f'bookmark-label: "{label}" content(text)')
                else:
                    _add_class(child, "chapter")
                builder.toc.append(TocEntry(level, title, part_id(page.key), label))
            elif original in sessions:
                session = sessions[original]
                depth = level + (2 if session.group is not None else 1)
                _add_class(child, "session")
                _add_class(child, f"bm-{depth}")
                builder.toc.append(TocEntry(depth, title, target))
                children.append(_session_meta(builder, session))
            elif original in groups:
                _add_class(child, "session-group")
                _add_class(child, f"bm-{level + 1}")
                builder.toc.append(TocEntry(level + 1, title, target))
        elif builder.participant:
            children += _answer_space(builder, page, child, section_id)
    root[:] = children
    for element in root.iter():
        if element.get("id"):
            element.set("id", anchor_id(page.key, element.get("id", "")))


def _page_part(builder: _Builder, page: Page, module: Module | None, level: int) -> Part:
    root = builder.converter.to_element(_page_markdown(builder, page))
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == "a" and "headerlink" in _classes(child):
                _remove(parent, child)
    _decorate_links(builder, page, root)
    _check_resources(builder, page, root)
    if page.kind is PageKind.WORKSHEET:
        _decorate_tables(root)
    _decorate_headings(builder, page, root, module, level)
    kind = page.kind.value if page.kind else "page"
    return Part(part_id(page.key), f"page kind-{kind}", html=_inner_html(root), title=page.title)


# --- reading order --------------------------------------------------------------------------------


def _session_order(course: Course, language: str) -> dict[tuple[str, str], int]:
    return {
        (module.page.key, session.id): index
        for index, (module, session) in enumerate(
            (m, s) for m in course.modules.get(language, ()) for s in m.sessions
        )
    }


def _worksheet_position(page: Page, order: dict[tuple[str, str], int]) -> int:
    """Where a worksheet is first used: the earliest session it links to (after all sessions if none)."""
    positions = [len(order)]
    for reference in page.references:
        target = resolve_page_link(page, reference.target)
        if target is not None and target in order:
            positions.append(order[target])
    return min(positions)


def reading_order(course: Course, language: str, edition: Edition) -> list[tuple[Page, Module | None, int]]:
    """(page, its module, bookmark level) in the order the PDF prints them.

    Home, agenda, pre-reading, each module followed by the cases of its sessions, then worksheets (in the
    order the day uses them), other pages and the glossary. The downloads page is left out, and so are
    facilitator-only pages in the participant workbook.
    """
    pages = [
        p
        for p in course.pages_in(language)
        if p.kind is not PageKind.DOWNLOADS and (edition is Edition.FACILITATOR or not p.facilitator_only)
    ]
    wanted = {id(p) for p in pages}

    def of(kind: PageKind) -> list[Page]:
        return [p for p in pages if p.kind is kind]

    ordered: list[tuple[Page, Module | None, int]] = []
    for kind in (PageKind.HOME, PageKind.AGENDA, PageKind.READING):
        ordered += [(p, None, 1) for p in of(kind)]
    placed_cases: set[int] = set()
    for module in course.modules.get(language, ()):
        if id(module.page) not in wanted:
            continue
        ordered.append((module.page, module, 1))
        for session in module.sessions:
            for case in course.cases_for(session.id, language):
                if id(case) in wanted and id(case) not in placed_cases:
                    placed_cases.add(id(case))
                    ordered.append((case, None, 2))
    ordered += [(p, None, 1) for p in of(PageKind.CASE) if id(p) not in placed_cases]
    order = _session_order(course, language)
    worksheets = sorted(of(PageKind.WORKSHEET), key=lambda p: _worksheet_position(p, order))
    ordered += [(p, None, 1) for p in worksheets]
    ordered += [(p, None, 1) for p in pages if p.kind in (PageKind.PAGE, None)]
    ordered += [(p, None, 1) for p in of(PageKind.GLOSSARY)]
    return ordered


# --- generated sections ---------------------------------------------------------------------------


def _session_target(builder: _Builder, module: Module, session: Session) -> str:
    return "#" + anchor_id(module.page.key, session.id) if module.page.key in builder.included else ""


def _materials_elements(builder: _Builder, module: Module, session: Session) -> Iterator[ElementTree.Element]:
    """Each MATERIALS block of a session, converted and checked like its page."""
    for block in session.blocks_of(BlockKind.MATERIALS):
        root = builder.converter.to_element(block.markdown)
        _decorate_links(builder, module.page, root)
        _check_resources(builder, module.page, root)
        for element in root.iter():
            element.attrib.pop("id", None)
        yield root


def _run_sheet(builder: _Builder) -> Part:
    language = builder.language
    rows: list[RunSheetRow] = []
    days = {item.day for item in builder.agenda.items}
    current_day, current_module = 0, None
    for item in builder.agenda.items:
        if item.day != current_day:
            current_day = item.day
            if len(days) > 1:
                rows.append(RunSheetRow("day", ui(language, "day", n=item.day)))
        span = f"{clock(item.start)}–{clock(item.end)}"
        if item.pause is not None:
            label = ui(language, item.pause.kind.value)
            rows.append(RunSheetRow("pause", label, span, minutes=str(item.pause.minutes)))
            continue
        module, session = item.module, item.session
        assert module is not None and session is not None
        if module is not current_module:
            current_module = module
            target = "#" + part_id(module.page.key) if module.page.key in builder.included else ""
            rows.append(RunSheetRow("module", module.title, target=target, minutes=str(module.session_minutes)))
        materials = Markup("").join(_inner_html(root) for root in _materials_elements(builder, module, session))
        rows.append(
            RunSheetRow(
                "session",
                session.title,
                span,
                _session_target(builder, module, session),
                session.method.label(language) if session.method else "",
                str(session.minutes),
                materials,
            )
        )
    title = ui(language, "run_sheet")
    builder.toc.append(TocEntry(1, title, "run-sheet"))
    return Part("run-sheet", "run-sheet", title=title, run_sheet=tuple(rows))


def _checklist(builder: _Builder) -> Part:
    """Everything the day's MATERIALS blocks list, once each, in the order it is first needed."""
    first: dict[str, ChecklistItem] = {}
    uses: dict[str, int] = {}
    for item in builder.agenda.items:
        if item.session is None or item.module is None:
            continue
        for root in _materials_elements(builder, item.module, item.session):
            lists = [top for top in root if top.tag in ("ul", "ol")]
            entries = [li for top in lists for li in top.findall("li")] if lists else list(root)
            for entry in entries:
                key = _text(entry).casefold()
                if not key:
                    continue
                uses[key] = uses.get(key, 0) + 1
                if key not in first:
                    target = _session_target(builder, item.module, item.session)
                    first[key] = ChecklistItem(_inner_html(entry), clock(item.start), item.session.title, target, 0)
    items = tuple(
        ChecklistItem(entry.html, entry.first_time, entry.first_session, entry.target, uses[key])
        for key, entry in first.items()
    )
    title = ui(builder.language, "checklist")
    builder.toc.append(TocEntry(1, title, "checklist"))
    return Part("checklist", "checklist", title=title, checklist=items)


def _generated_agenda(builder: _Builder) -> Part:
    """An agenda section for a course without an agenda page (the agenda is part of every workbook)."""
    title = ui(builder.language, "agenda")
    stand_in = Page("agenda", builder.language, Path("agenda.md"), PageKind.AGENDA, (), (), (), 1, ())
    root = builder.converter.to_element(f"# {title}\n\n{agenda_markdown(builder.course, stand_in)}")
    _decorate_links(builder, stand_in, root)
    h1 = root.find("h1")
    if h1 is not None:
        for child in list(h1):
            _remove(h1, child)
        h1.attrib.pop("id", None)
        _add_class(h1, "bm-1")
        _add_class(h1, "chapter")
    builder.toc.append(TocEntry(1, title, "generated-agenda"))
    return Part("generated-agenda", "page kind-agenda", html=_inner_html(root), title=title)


# --- the document ---------------------------------------------------------------------------------


def html_language(language: str) -> str:
    """`<html lang>`: Chinese must be `zh-CN`, the only value that selects SC glyphs (TECH-NOTES §6)."""
    if language.lower() in ("zh", "zh-hans", "zh_cn", "zh-cn"):
        return "zh-CN"
    return language


def format_date(language: str, date: dt.date) -> str:
    """The edition date as people write it in the language."""
    month_name = ui(language, "month_names").split()[date.month - 1]
    return ui(language, "date", year=date.year, month=date.month, day=date.day, month_name=month_name)


def build_document(result: LoadResult, language: str, edition: Edition) -> PdfDocument:
    """Assemble one PDF's HTML; every problem found (bad image, link leaving docs/) is in `problems`."""
    course = result.course
    settings = course.settings
    if settings is None:
        raise ValueError("the course has no settings; load it with checked_course() first")
    builder = _Builder(course, result.converter, language, edition, build_agenda(course, language))
    order = reading_order(course, language, edition)
    builder.included = {page.key: page for page, _, _ in order}
    has_agenda = any(page.kind is PageKind.AGENDA for page, _, _ in order)
    extras = [] if has_agenda else [_generated_agenda(builder)]
    if edition is Edition.FACILITATOR:
        extras += [_run_sheet(builder), _checklist(builder)]
    after = PageKind.AGENDA if has_agenda else PageKind.HOME
    parts: list[Part] = []
    for page, module, level in order:
        parts.append(_page_part(builder, page, module, level))
        if page.kind is after and extras:
            parts += extras
            extras = []
    parts[0:0] = extras
    toc = _toc_in_document_order(builder.toc, parts)
    edition_label = ui(language, f"{edition.value}_edition")
    title = settings.title[language]
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    labels = {
        key: ui(language, key)
        for key in (
            "contents", "audience", "duration", "edition", "time", "session", "method", "minutes", "materials",
            "checklist_ready", "checklist_first", "checklist_uses",
        )
    }
    html = environment.get_template(TEMPLATE).render(
        html_lang=html_language(language),
        document_title=f"{title} — {edition_label}",
        title=title,
        subtitle=settings.subtitle[language],
        audience=settings.audience[language],
        author=settings.author[language],
        duration=ui(language, "min", n=settings.teaching_minutes),
        date=format_date(language, settings.edition),
        iso_date=settings.edition.isoformat(),
        edition=edition.value,
        edition_label=edition_label,
        labels=labels,
        toc=toc,
        parts=parts,
    )
    identity = f"{settings.title[course.default_language.code]}|{language}|{edition.value}"
    return PdfDocument(
        language=language,
        edition=edition,
        html=html,
        title=f"{title} — {edition_label}",
        identifier=hashlib.sha256(identity.encode()).hexdigest()[:32].encode(),
        pages=tuple(page for page, _, _ in order),
        problems=tuple(dict.fromkeys(builder.problems)),
    )


def _toc_in_document_order(entries: list[TocEntry], parts: list[Part]) -> tuple[TocEntry, ...]:
    """Contents lines sorted by the part they point into (generated parts are built out of order)."""
    position = {part.id: index for index, part in enumerate(parts)}

    def part_of(entry: TocEntry) -> int:
        return position.get(entry.target.split("--")[0], len(parts))

    indexed = sorted(enumerate(entries), key=lambda pair: (part_of(pair[1]), pair[0]))
    return tuple(entry for _, entry in indexed)
