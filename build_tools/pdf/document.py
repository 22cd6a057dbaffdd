"""The HTML of one PDF: the course's pages in reading order, with cover, contents, run sheet and checklist.

A projection of the model: pages come in `LanguageView.reading_order` (the site's order), sessions,
modules and handouts are read off the model's nodes, and only a page's or a node's own Markdown is
converted, by the site's converter; this module arranges and decorates the HTML it produces. Ids are
made unique per page (`page.md#id` becomes `#modules.01-x--id`), links to pages in the document point
inside it and links to pages outside it become plain text, session headings get their clock time,
method and minutes, and the participant workbook gets ruled space for answers. Images must be files
under docs/; anything else becomes a `Problem` at the reference's line, before WeasyPrint runs.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import jinja2
from markupsafe import Markup

from build_tools.course import localise
from build_tools.course.handouts import linked_handout, materials_items
from build_tools.course.links import link_target
from build_tools.course.model import (
    Agenda,
    AgendaItem,
    Block,
    BlockKind,
    Course,
    Edition,
    LanguageView,
    ListItem,
    Module,
    Page,
    PageKind,
    Session,
    SourceLocation,
)
from build_tools.course.problems import Problem
from build_tools.course.reading_order import reading_order
from build_tools.course.schedule import clock, span
from build_tools.parts.generated_markdown import agenda_markdown, filled_markdown_lines
from build_tools.parts.markdown_html import MarkdownConverter, RenderOptions
from build_tools.parts.output_files import pdf_name
from build_tools.pdf.elements import add_class, classes, text_of
from build_tools.pdf.tables import chinese_words, keep_words_whole, lay_out_table, lay_out_write_in, words_html
from build_tools.pdf.urls import docs_url

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "workbook.html.j2"
STYLESHEET = TEMPLATES / "workbook.css"

#: Ruled lines left for an answer: after a discussion question, and after each question of a case.
QUESTION_LINES = 4
CASE_QUESTION_LINES = 3
#: Deepest bookmark level the stylesheet styles (`.bm-1` … `.bm-4`).
DEEPEST_BOOKMARK = 4
#: Attributes through which HTML loads a resource (`href` only counts outside links, see `_check_resources`).
_RESOURCE_ATTRIBUTES = ("src", "data", "poster", "srcset")
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


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
    """One PDF's HTML, ready for WeasyPrint, and what is needed to report problems in it.

    `sources` maps each URL and in-document link the HTML holds (a checked `file:` URL, `#id`) to the
    line of the reference it came from, so a WeasyPrint message about it points at that line.
    """

    language: str
    edition: Edition
    html: str
    title: str
    identifier: bytes
    pages: tuple[Page, ...]
    problems: tuple[Problem, ...]
    file_name: str
    sources: tuple[tuple[str, SourceLocation], ...] = ()
    #: The comment written before each part's <section>: where `pdf.parts` may cut the document. It holds a
    #: hash of the parts' own HTML, so no course text can contain it.
    part_break: str = ""


@dataclass
class _Builder:
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
        """Chinese text: table cells keep jieba's words whole (`pdf.tables.keep_words_whole`)."""
        return self.view.language.is_chinese

    def word(self, key: str, **values: object) -> str:
        """An interface word of this document's language."""
        return localise.word(self.course, self.language, key, **values)

    def span(self, rows: tuple[AgendaItem, ...]) -> str:
        """Clock times of agenda rows; on a course of several days every time carries its day."""
        return span(self.agenda, rows, localise.word_template(self.course, self.language, "day_time"))

    def method(self, session: Session) -> str:
        """The session's method as tables and headings show it: capitalised like a title ("Exercise")."""
        return _capitalised(session.method.label(self.language) if session.method else "")

    def start(self, item: AgendaItem) -> str:
        """The start time of one agenda row, with its day on a course of several days."""
        if self.agenda.multi_day:
            return self.word("day_time", n=item.day, time=clock(item.start))
        return clock(item.start)


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
    target = link_target(page, href)
    if target is None or target.page_key is None:
        return None
    return target.page_key, target.fragment


def _walk_blocks(blocks: Iterator[Block] | tuple[Block, ...]) -> Iterator[Block]:
    """Blocks and the blocks inside them (admonitions, quotes), in page order."""
    for block in blocks:
        yield block
        yield from _walk_blocks(block.children)


def reference_source(page: Page, url: str) -> SourceLocation:
    """The line of the page's reference (link or image) to `url`.

    Raw HTML blocks carry no references in the model, so a URL written in one is placed at the line of
    the HTML block that holds it; failing both, the page's first line.
    """
    wanted = {url, unquote(url)}
    reference = next((r for r in page.references if r.target in wanted or unquote(r.target) in wanted), None)
    if reference is not None:
        return reference.source
    block = next((b for b in _walk_blocks(tuple(page.blocks)) if b.kind is BlockKind.HTML and url in b.markdown), None)
    return block.source if block is not None else page.source


# --- element tree helpers -------------------------------------------------------------------------





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
    caption.text = builder.word("answer")
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
            add_class(link, "external")
            if text_of(link) != href and parts.scheme != "mailto":
                add_class(link, "show-url")
            continue
        target = resolve_page_link(page, href)
        if target is not None and target[0] in builder.included:
            key, fragment = target
            inside = "#" + (anchor_id(key, fragment) if fragment else part_id(key))
            link.set("href", inside)
            builder.sources.setdefault(inside, reference_source(page, href))
            continue
        link.tag = "span"
        for name in ("href", "title"):
            link.attrib.pop(name, None)
        add_class(link, "unlinked")


def _check_resource(builder: _Builder, page: Page, url: str) -> str | None:
    """The file URL of an image or other resource under docs/, or None after recording a Problem."""
    parts = urlsplit(url)
    location = reference_source(page, url)
    if parts.scheme in ("http", "https", "ftp") or url.startswith("//"):
        builder.problems.append(Problem(location, "link.remote_image", f"image '{url}' is on the internet"))
        return None
    target = None if parts.scheme or parts.netloc else link_target(page, url)
    docs = builder.course.docs_dir.resolve()
    path = (docs / PurePosixPath(target.path)).resolve() if target is not None else None
    if path is None or not path.is_relative_to(docs):
        builder.problems.append(Problem(location, "link.outside_docs", f"'{url}' points outside docs/"))
        return None
    if not path.is_file():
        builder.problems.append(Problem(location, "link.missing_image", f"image '{url}' does not exist"))
        return None
    url = docs_url(path, docs)
    builder.sources.setdefault(url, location)
    return url


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


def _capitalised(label: str) -> str:
    """A method name as a title shows it ("exercise" → "Exercise"); the course's data keeps its spelling."""
    return label[:1].upper() + label[1:]


def _capitalise_methods(builder: _Builder, table: ElementTree.Element) -> None:
    """The method column of a generated table (the agenda) capitalised like the run sheet's, at display time."""
    header = [text_of(cell) for cell in table.iterfind("thead/tr/th")]
    if builder.word("method") not in header:
        return
    column = header.index(builder.word("method"))
    for row in table.iterfind("tbody/tr"):
        cells = list(row)
        if column < len(cells) and cells[column].text and not len(cells[column]):
            cells[column].text = _capitalised(cells[column].text)


def _decorate_tables(builder: _Builder, page: Page, root: ElementTree.Element) -> None:
    """Tables laid out for paper (see `pdf.tables`): a worksheet's empty cells get room to write by hand,
    short tables stay on one page with the text that leads into them, Chinese words stay whole."""
    for parent in root.iter():
        for index, child in enumerate(parent):
            if child.tag != "table":
                continue
            _capitalise_methods(builder, child)
            if page.kind is PageKind.WORKSHEET:
                lay_out_write_in(child)
            lay_out_table(child)
            if index and parent[index - 1].tag in ("p", *_HEADINGS):
                add_class(parent[index - 1], "keep-next")
    if builder.chinese:
        for cell in (*root.iter("td"), *root.iter("th")):
            keep_words_whole(cell)


def _session_meta(builder: _Builder, session: Session) -> ElementTree.Element:
    meta = ElementTree.Element("p", {"class": "session-meta"})
    item = builder.agenda.start_of(session.id)
    if item is not None:
        time = ElementTree.SubElement(meta, "span", {"class": "clock"})
        time.text = builder.span((item,))
    method = ElementTree.SubElement(meta, "span", {"class": "method"})
    method.text = builder.method(session)
    minutes = ElementTree.SubElement(meta, "span", {"class": "minutes"})
    minutes.text = builder.word("min", n=session.minutes)
    return meta


def _module_kicker(builder: _Builder, module: Module) -> ElementTree.Element:
    kicker = ElementTree.Element("p", {"class": "module-kicker"})
    kicker.text = builder.word("module_n", n=module.number)
    when = builder.span(builder.agenda.module_rows(module))
    for text in (when, builder.word("min", n=module.session_minutes)):
        if text:
            ElementTree.SubElement(kicker, "span").text = text
    return kicker


def _folded(text: str) -> str:
    """Text compared without case, width variants, spaces and punctuation (`Exercise — x` ~ `exercise x`)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in text if unicodedata.category(c)[0] in "LNM")


def _holds_word(title: str, word: str, *, at_start: bool = False) -> bool:
    """True when `title` holds `word` (at its start, with `at_start`): Chinese anywhere in the text, other
    scripts only as a whole word ("Video case" holds "case", "Showcase" does not)."""
    title, word = (unicodedata.normalize("NFKC", t).casefold().strip() for t in (title, word))
    if not word:
        return False
    if unicodedata.east_asian_width(word[0]) in "WF":
        return title.startswith(word) if at_start else word in title
    pattern = rf"{re.escape(word)}(?!\w)" if at_start else rf"(?<!\w){re.escape(word)}(?!\w)"
    return bool(re.match(pattern, title) if at_start else re.search(pattern, title))


def case_label(course: Course, view: LanguageView, page: Page) -> str:
    """The label a case page's title gets in the contents and bookmarks ("案例：", "Case: "), or "".

    The label tells a case from its session only where the title does not say what it is already: a title
    that holds the word for a case (案例分享, 视频案例——…, Video case — …), begins with its session's
    method (训练——…, Exercise — …) or repeats its session's title gets no label, so the contents never read
    "案例：案例分享" or "Case: Exercise — …".
    """
    language = view.language.code
    case = next((c for c in view.cases if c.page is page), None)
    session = view.session(case.session_id) if case is not None else None
    if _holds_word(page.title, localise.word(course, language, "case")):
        return ""
    if session is None:
        return localise.word(course, language, "case_label")
    if _folded(session.title) and _folded(page.title).startswith(_folded(session.title)):
        return ""
    if session.method is not None and _holds_word(page.title, session.method.label(language), at_start=True):
        return ""
    return localise.word(course, language, "case_label")


@dataclass(frozen=True)
class _PageRole:
    """What the model says a page holds: its module (for a module's index page), its sessions, its case."""

    depth: int
    module: Module | None
    sessions: dict[str, Session]
    groups: frozenset[str]
    questions_id: str | None


def _page_role(builder: _Builder, page: Page, depth: int) -> _PageRole:
    module = next((m for m in builder.view.modules if m.page is page), None)
    sessions = {s.id: s for s in builder.view.sessions if s.page is page}
    groups = frozenset(s.group.id for s in sessions.values() if s.group is not None and s.group.id)
    case = next((c for c in builder.view.cases if c.page is page), None)
    heading = case.questions_section.heading if case and case.questions_section else None
    return _PageRole(depth, module, sessions, groups, heading.id if heading else None)


def _session_depth(role: _PageRole, session: Session) -> int:
    """A session written as a page's h1 is the page's entry; otherwise one level below it (two in a group)."""
    if session.heading.level == 1:
        return role.depth
    return role.depth + (2 if session.group is not None else 1)


def _answer_space(
    builder: _Builder, role: _PageRole, child: ElementTree.Element, section_id: str
) -> list[ElementTree.Element]:
    """Ruled lines after a discussion question (returned) and inside each item of a case's questions."""
    if child.tag == "div" and {"admonition", "question"} <= set(classes(child)):
        return [_answer_lines(builder, QUESTION_LINES)]
    if role.questions_id is not None and section_id == role.questions_id and child.tag in ("ol", "ul"):
        for item in child.findall("li"):
            item.append(_answer_lines(builder, CASE_QUESTION_LINES))
    return []


def _bookmark(element: ElementTree.Element, level: int) -> None:
    add_class(element, f"bm-{min(level, DEEPEST_BOOKMARK)}")


def _decorate_headings(builder: _Builder, page: Page, root: ElementTree.Element, role: _PageRole) -> None:
    """Unique ids, running-header and bookmark classes, session details and answer space, in one pass."""
    children: list[ElementTree.Element] = []
    if role.module is not None:
        children.append(_module_kicker(builder, role.module))
    section_id = ""
    for child in list(root):
        children.append(child)
        if child.tag not in _HEADINGS:
            if builder.participant:
                children += _answer_space(builder, role, child, section_id)
            continue
        original = child.get("id", "")
        section_id = original
        for name in ("minutes", "method"):
            child.attrib.pop(name, None)
        title = text_of(child)
        session = role.sessions.get(original)
        if child.tag == "h1":
            _bookmark(child, role.depth)
            label, kind = "", ""
            if page.kind is PageKind.CASE:
                kind = "case"
                label = case_label(builder.course, builder.view, page)
                if label:
                    child.set("style", f'bookmark-label: "{label}" content(text)')
            else:
                add_class(child, "chapter")
            builder.toc.append(TocEntry(min(role.depth, DEEPEST_BOOKMARK), title, part_id(page.key), label, kind))
        elif session is not None:
            depth = min(_session_depth(role, session), DEEPEST_BOOKMARK)
            add_class(child, "session")
            _bookmark(child, depth)
            builder.toc.append(TocEntry(depth, title, anchor_id(page.key, original)))
        elif original in role.groups:
            depth = min(role.depth + 1, DEEPEST_BOOKMARK)
            add_class(child, "session-group")
            _bookmark(child, depth)
            builder.toc.append(TocEntry(depth, title, anchor_id(page.key, original)))
        if session is not None:
            children.append(_session_meta(builder, session))
    root[:] = children
    for element in root.iter():
        if element.get("id"):
            element.set("id", anchor_id(page.key, element.get("id", "")))


def _number_lists(root: ElementTree.Element) -> None:
    """An ordered list from 3 counts from 3: WeasyPrint ignores `start`, so its counter is set as a style."""
    for element in root.iter("ol"):
        start = element.get("start", "1")
        if start.isdigit() and start != "1":
            element.set("style", f"counter-reset: list-item {int(start) - 1}")


def _page_part(builder: _Builder, page: Page, depth: int) -> Part:
    root = builder.converter.to_element(_page_markdown(builder, page), builder.options)
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == "a" and "headerlink" in classes(child):
                _remove(parent, child)
    _decorate_links(builder, page, root)
    _check_resources(builder, page, root)
    _decorate_tables(builder, page, root)
    _number_lists(root)
    _decorate_headings(builder, page, root, _page_role(builder, page, depth))
    kind = page.kind.value if page.kind else "page"
    return Part(part_id(page.key), f"page kind-{kind}", html=_inner_html(root), title=page.title)


def pdf_pages(view: LanguageView, edition: Edition) -> tuple[tuple[Page, int], ...]:
    """(page, depth) in the PDF: the shared reading order without the downloads page (the PDF is a download)."""
    return tuple((page, depth) for page, depth in reading_order(view, edition) if page.kind is not PageKind.DOWNLOADS)


# --- generated sections ---------------------------------------------------------------------------


def _session_target(builder: _Builder, session: Session) -> str:
    return "#" + anchor_id(session.page_key, session.id) if session.page_key in builder.included else ""


def _handout(builder: _Builder, session: Session, item: ListItem) -> HandoutRef | None:
    """The handout an entry of a materials list links to: where it is in this document and how many copies."""
    page = linked_handout(builder.view, session, item)
    if page is None or page.handout is None:
        return None
    class_size = builder.course.settings.class_size if builder.course.settings else None
    copies = class_size.copies(page.handout) if class_size is not None else None
    inside = "#" + part_id(page.key) if page.key in builder.included else ""
    return HandoutRef(inside, copies)


def _materials_entry(builder: _Builder, session: Session, item: ListItem) -> MaterialsEntry:
    """One materials entry's own Markdown as inline HTML, checked and linked like its page."""
    root = builder.converter.to_element(item.markdown, builder.options)
    _decorate_links(builder, session.page, root)
    _check_resources(builder, session.page, root)
    if builder.chinese:
        keep_words_whole(root)
    for element in root.iter():
        element.attrib.pop("id", None)
    paragraph = root.find("p")
    html = _inner_html(paragraph if paragraph is not None and len(root) == 1 else root)
    return MaterialsEntry(html, _handout(builder, session, item))


def _session_materials(builder: _Builder, session: Session) -> tuple[tuple[ListItem, MaterialsEntry], ...]:
    return tuple((item, _materials_entry(builder, session, item)) for item in materials_items(session))


def _run_sheet(builder: _Builder) -> Part:
    rows: list[RunSheetRow] = []
    current_day, current_module = 0, None
    for item in builder.agenda.items:
        if item.day != current_day:
            current_day = item.day
            if builder.agenda.multi_day:
                rows.append(RunSheetRow("day", builder.word("day", n=item.day)))
        when = builder.span((item,))
        if item.pause is not None:
            label = builder.word(item.pause.kind.value)
            rows.append(RunSheetRow("pause", label, when, minutes=str(item.pause.minutes)))
            continue
        module, session = item.module, item.session
        assert module is not None and session is not None
        if module is not current_module:
            current_module = module
            target = "#" + part_id(module.page.key) if module.page.key in builder.included else ""
            rows.append(RunSheetRow("module", module.title, target=target, minutes=str(module.session_minutes)))
        rows.append(
            RunSheetRow(
                "session",
                session.title,
                when,
                _session_target(builder, session),
                builder.method(session),
                str(session.minutes),
                tuple(entry for _, entry in _session_materials(builder, session)),
            )
        )
    title = builder.word("run_sheet")
    builder.toc.append(TocEntry(1, title, "run-sheet"))
    return Part("run-sheet", "run-sheet", title=title, run_sheet=tuple(rows))


#: Words that only join two things in Chinese: 白板及白板笔, 白板和白板笔 and 白板与白板笔 are one thing to bring.
_CONJUNCTIONS = frozenset({"及", "和", "与"})
_ARTICLES = re.compile(r"(?<!\w)(?:a|an|the)(?!\w)")


def materials_key(text: str) -> str:
    """What two materials entries must share to be one thing to prepare.

    Entries that differ only in noise are the same thing: case and character widths, English articles
    ("A timer" / "Timer"), spaces, hyphens and other punctuation ("Flip chart paper" / "Flip-chart paper",
    "表（每人一份）" / "表，每人一份") and the Chinese conjunctions 及/和/与 (cut out as jieba's words).
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(word for word in chinese_words(text) if word not in _CONJUNCTIONS)
    text = _ARTICLES.sub(" ", text)
    return "".join(c for c in text if unicodedata.category(c)[0] in "LNM")


def _checklist(builder: _Builder) -> Part:
    """Every entry of the sessions' materials lists, once each (see `materials_key`), in the order it is first
    needed, in the words it was first written with."""
    first: dict[str, ChecklistItem] = {}
    uses: dict[str, int] = {}
    for row in builder.agenda.items:
        if row.session is None:
            continue
        for item, entry in _session_materials(builder, row.session):
            key = materials_key(item.text)
            if not key:
                continue
            uses[key] = uses.get(key, 0) + 1
            if key not in first:
                target = _session_target(builder, row.session)
                first[key] = ChecklistItem(entry, builder.start(row), row.session.title, target, 0)
    items = tuple(
        ChecklistItem(entry.entry, entry.first_time, entry.first_session, entry.target, uses[key])
        for key, entry in first.items()
    )
    title = builder.word("checklist")
    builder.toc.append(TocEntry(1, title, "checklist"))
    return Part("checklist", "checklist", title=title, checklist=items)


def _generated_agenda(builder: _Builder) -> Part:
    """An agenda section for a course whose pages show no agenda (the agenda is part of every workbook)."""
    title = builder.word("agenda")
    stand_in = Page("agenda", builder.language, Path("agenda.md"), PageKind.AGENDA, (), (), (), 1, ())
    root = builder.converter.to_element(f"# {title}\n\n{agenda_markdown(builder.course, stand_in)}")
    _decorate_links(builder, stand_in, root)
    _decorate_tables(builder, stand_in, root)
    h1 = root.find("h1")
    if h1 is not None:
        for child in list(h1):
            _remove(h1, child)
        h1.attrib.pop("id", None)
        add_class(h1, "bm-1")
        add_class(h1, "chapter")
    builder.toc.append(TocEntry(1, title, "generated-agenda"))
    return Part("generated-agenda", "page kind-agenda", html=_inner_html(root), title=title)


def _shows_agenda(page: Page) -> bool:
    """An agenda page, or a page with the `<!-- course:agenda -->` marker."""
    return page.kind is PageKind.AGENDA or any(
        b.kind is BlockKind.MARKER and b.marker == "agenda" for b in page.blocks
    )


# --- the document ---------------------------------------------------------------------------------


def html_language(language: str) -> str:
    """`<html lang>`: Chinese must be `zh-CN`, the only value that selects SC glyphs (TECH-NOTES §6)."""
    if language.lower() in ("zh", "zh-hans", "zh_cn", "zh-cn"):
        return "zh-CN"
    return language


def format_date(course: Course, language: str) -> str:
    """The edition date as people write it in the language."""
    assert course.settings is not None
    return localise.long_date(course, language, course.settings.edition)


@functools.cache
def _environment(chinese: bool) -> jinja2.Environment:
    """The document template's environment, one per process and script: the template is compiled once, not
    for every document (about 40 ms each, which `check` and a build pay per language and edition)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["words"] = (lambda text: words_html(text, _inner_html)) if chinese else str
    return environment


def build_document(course: Course, language: str, edition: Edition) -> PdfDocument:
    """Assemble one PDF's HTML; every problem found (bad image, link leaving docs/) is in `problems`."""
    settings = course.settings
    if settings is None:
        raise ValueError("the course has no settings; load it with checked_course() first")
    view = course.view(language)
    builder = _Builder(course, view, MarkdownConverter(course, language), edition)
    order = pdf_pages(view, edition)
    builder.included = {page.key: page for page, _ in order}
    anchor = next((page for page, _ in order if _shows_agenda(page)), None)
    extras = [] if anchor is not None else [_generated_agenda(builder)]
    if edition is Edition.FACILITATOR:
        extras += [_run_sheet(builder), _checklist(builder)]
    if anchor is None:
        anchor = next((page for page, _ in order if page.kind is PageKind.HOME), None)
    parts: list[Part] = [] if anchor is not None else extras
    for page, depth in order:
        parts.append(_page_part(builder, page, depth))
        if page is anchor:
            parts += extras
    toc = _toc_in_document_order(builder.toc, parts)
    edition_label = localise.word(course, language, f"{edition.value}_edition")
    title = settings.title[language]
    environment = _environment(builder.chinese)
    labels = {
        key: localise.word(course, language, key)
        for key in (
            "contents", "audience", "duration", "edition", "time", "session", "method", "minutes", "materials",
            "checklist_ready", "checklist_first", "checklist_uses",
        )
    }
    page_before, _, page_after = localise.word_template(course, language, "handout_page").partition("{page}")
    nonce = hashlib.sha256("".join(part.html for part in parts).encode()).hexdigest()[:24]
    part_break = f"<!-- part {nonce} -->"
    html = environment.get_template(TEMPLATE).render(
        html_lang=html_language(language),
        document_title=f"{title} — {edition_label}",
        title=title,
        subtitle=settings.subtitle[language],
        audience=settings.audience[language],
        author=settings.author[language],
        duration=localise.word(course, language, "min", n=settings.teaching_minutes),
        date=format_date(course, language),
        iso_date=settings.edition.isoformat(),
        edition=edition.value,
        edition_label=edition_label,
        labels=labels,
        page_before=page_before,
        page_after=page_after,
        copies=lambda n: localise.word(course, language, "handout_copies", n=n),
        multi_day=view.agenda.multi_day,
        toc=toc,
        parts=parts,
        part_break=Markup(part_break),
    )
    identity = f"{settings.slug}|{language}|{edition.value}"
    return PdfDocument(
        language=language,
        edition=edition,
        html=html,
        title=f"{title} — {edition_label}",
        identifier=hashlib.sha256(identity.encode()).hexdigest()[:32].encode(),
        pages=tuple(page for page, _ in order),
        problems=tuple(dict.fromkeys(builder.problems)),
        file_name=pdf_name(course, language, edition),
        sources=tuple(builder.sources.items()),
        part_break=part_break,
    )


def _toc_in_document_order(entries: list[TocEntry], parts: list[Part]) -> tuple[TocEntry, ...]:
    """Contents lines sorted by the part they point into (generated parts are built out of order)."""
    position = {part.id: index for index, part in enumerate(parts)}

    def part_of(entry: TocEntry) -> int:
        return position.get(entry.target.split("--")[0], len(parts))

    indexed = sorted(enumerate(entries), key=lambda pair: (part_of(pair[1]), pair[0]))
    return tuple(entry for _, entry in indexed)
