"""A page's headings decorated for paper: ids, bookmarks, contents lines, session details, answer space.

One pass over a page's top-level elements: each heading gets its unique id and its bookmark level (the
running header and the PDF outline read them), the contents get a line for the page, its sessions and its
cases (a case gets a label where its title does not say what it is), a session heading gets its clock
time, method and minutes, a module's page gets its kicker, and the participant workbook gets ruled lines
for answers after each question.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from xml.etree import ElementTree

from build_tools.course import localise
from build_tools.course.model import Course, LanguageView, Module, Page, PageKind, Session
from build_tools.pdf.anchors import anchor_id, part_id
from build_tools.pdf.assembly import Assembly, TocEntry
from build_tools.pdf.elements import HEADINGS, add_class, classes, text_of
from build_tools.pdf.running_header import running_title

#: Ruled lines left for an answer: after a discussion question, and after each question of a case.
QUESTION_LINES = 4
CASE_QUESTION_LINES = 3
#: Deepest bookmark level the stylesheet styles (`.bm-1` … `.bm-4`).
DEEPEST_BOOKMARK = 4


def _answer_lines(assembly: Assembly, count: int) -> ElementTree.Element:
    """Ruled lines to write an answer on, under a caption."""
    box = ElementTree.Element("div", {"class": "answer-lines"})
    caption = ElementTree.SubElement(box, "p", {"class": "answer-caption"})
    caption.text = assembly.word("answer")
    for _ in range(count):
        ElementTree.SubElement(box, "div", {"class": "line"})
    return box


def _session_meta(assembly: Assembly, session: Session) -> ElementTree.Element:
    """The line under a session heading: its clock time, method and minutes."""
    meta = ElementTree.Element("p", {"class": "session-meta"})
    item = assembly.agenda.start_of(session.id)
    if item is not None:
        time = ElementTree.SubElement(meta, "span", {"class": "clock"})
        time.text = assembly.span((item,))
    method = ElementTree.SubElement(meta, "span", {"class": "method"})
    method.text = assembly.method(session)
    minutes = ElementTree.SubElement(meta, "span", {"class": "minutes"})
    minutes.text = assembly.word("min", n=session.minutes)
    return meta


def _module_kicker(assembly: Assembly, module: Module) -> ElementTree.Element:
    """The line above a module's title: its number, its times and its minutes."""
    kicker = ElementTree.Element("p", {"class": "module-kicker"})
    if localise.title_carries_number(assembly.course, module.page.language, module.title, module.number):
        kicker.set("class", "module-kicker unnumbered")  # "第一单元：…" is not numbered twice
    else:
        kicker.text = assembly.word("module_n", n=module.number)
    when = assembly.span(assembly.agenda.module_rows(module))
    for text in (when, assembly.word("min", n=module.session_minutes)):
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


def _page_role(assembly: Assembly, page: Page, depth: int) -> _PageRole:
    module = next((m for m in assembly.view.modules if m.page is page), None)
    sessions = {s.id: s for s in assembly.view.sessions if s.page is page}
    groups = frozenset(s.group.id for s in sessions.values() if s.group is not None and s.group.id)
    case = next((c for c in assembly.view.cases if c.page is page), None)
    heading = case.questions_section.heading if case and case.questions_section else None
    return _PageRole(depth, module, sessions, groups, heading.id if heading else None)


def _session_depth(role: _PageRole, session: Session) -> int:
    """A session written as a page's h1 is the page's entry; otherwise one level below it (two in a group)."""
    if session.heading.level == 1:
        return role.depth
    return role.depth + (2 if session.group is not None else 1)


def _answer_space(
    assembly: Assembly, role: _PageRole, child: ElementTree.Element, section_id: str
) -> list[ElementTree.Element]:
    """Ruled lines after a discussion question (returned) and inside each item of a case's questions."""
    if child.tag == "div" and {"admonition", "question"} <= set(classes(child)):
        return [_answer_lines(assembly, QUESTION_LINES)]
    if role.questions_id is not None and section_id == role.questions_id and child.tag in ("ol", "ul"):
        for item in child.findall("li"):
            item.append(_answer_lines(assembly, CASE_QUESTION_LINES))
    return []


def _bookmark(element: ElementTree.Element, level: int) -> None:
    """The class that makes a heading a bookmark (and a running header) of `level`."""
    add_class(element, f"bm-{min(level, DEEPEST_BOOKMARK)}")


def decorate_headings(assembly: Assembly, page: Page, root: ElementTree.Element, depth: int) -> None:
    """Unique ids, running-header and bookmark classes, session details and answer space, in one pass
    (`depth`: the page's level in the contents)."""
    role = _page_role(assembly, page, depth)
    children: list[ElementTree.Element] = []
    if role.module is not None:
        children.append(_module_kicker(assembly, role.module))
    section_id = ""
    for child in list(root):
        children.append(child)
        if child.tag not in HEADINGS:
            if assembly.participant:
                children += _answer_space(assembly, role, child, section_id)
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
                label = case_label(assembly.course, assembly.view, page)
                if label:
                    child.set("style", f'bookmark-label: "{label}" content(text)')
            add_class(child, "chapter")  # the running header names the page it heads, a case too
            child.set("data-running", running_title(title, assembly.word(f"{assembly.edition.value}_edition")))
            assembly.toc.append(TocEntry(min(role.depth, DEEPEST_BOOKMARK), title, part_id(page.key), label, kind))
        elif session is not None:
            depth = min(_session_depth(role, session), DEEPEST_BOOKMARK)
            add_class(child, "session")
            _bookmark(child, depth)
            assembly.toc.append(TocEntry(depth, title, anchor_id(page.key, original)))
        elif original in role.groups:
            depth = min(role.depth + 1, DEEPEST_BOOKMARK)
            add_class(child, "session-group")
            _bookmark(child, depth)
            assembly.toc.append(TocEntry(depth, title, anchor_id(page.key, original)))
        if session is not None:
            children.append(_session_meta(assembly, session))
    root[:] = children
    for element in root.iter():
        if element.get("id"):
            element.set("id", anchor_id(page.key, element.get("id", "")))
