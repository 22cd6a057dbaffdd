"""Markdown for the generated parts of pages (`<!-- course:agenda -->`, `<!-- course:modules -->`, …).

The site inserts it into the page before MkDocs renders it, and the PDF renders it with the same
converter, so the agenda is laid out and worded in one place.
"""

from __future__ import annotations

import posixpath

from build_tools.course import localise
from build_tools.course.editions import body_markdown
from build_tools.course.model import BlockKind, Course, Edition, Page
from build_tools.course.schedule import clock, span
from build_tools.parts.output_files import participant_downloads

MARKERS = ("agenda", "modules", "downloads")


def link_from(page: Page, target_key: str, anchor: str = "") -> str:
    """Relative Markdown link from `page` to another page's source file (default-language name, as authors write)."""
    here = posixpath.dirname(page.key)
    path = posixpath.relpath(f"{target_key}.md", here or ".")
    return f"{path}#{anchor}" if anchor else path


def agenda_markdown(course: Course, page: Page) -> str:
    """The agenda table(s), one per day: every session with its clock time, method and minutes, and the pauses."""
    language = page.language
    view = course.view(language)
    agenda = view.agenda
    days = sorted({item.day for item in agenda.items})

    def word(key: str, **values: object) -> str:
        return localise.word(course, language, key, **values)

    header = f"| {word('time')} | {word('session')} | {word('method')} | {word('minutes')} |"
    out: list[str] = []
    current_module = None
    for day in days:
        if agenda.multi_day:
            out += [f"**{word('day', n=day)}**", ""]
        out += [header, "| --- | --- | --- | ---: |"]
        for item in (i for i in agenda.items if i.day == day):
            when = f"{clock(item.start)}–{clock(item.end)}"
            if item.pause is not None:
                out.append(f"| {when} | *{word(item.pause.kind.value)}* |  | {item.pause.minutes} |")
                continue
            session, module = item.session, item.module
            assert session is not None and module is not None
            if module is not current_module:
                current_module = module
                title = _escape(module.title)
                link = link_from(page, module.page.key)
                out.append(f"|  | **[{title}]({link})** |  | **{module.session_minutes}** |")
            method = session.method.label(language) if session.method else ""
            target = link_from(page, session.page_key, session.id)
            out.append(f"| {when} | [{_escape(session.title)}]({target}) | {method} | {session.minutes} |")
        out.append("")
    return "\n".join(out)


def modules_markdown(course: Course, page: Page) -> str:
    """The modules with when they run, their minutes and number of sessions, and the course total."""
    language = page.language
    view = course.view(language)
    header = [localise.word(course, language, key) for key in ("module", "time", "minutes", "sessions")]
    rows = [
        "| " + " | ".join(header) + " |",
        "| --- | --- | ---: | ---: |",
    ]
    for module in view.modules:
        link = f"[{_escape(module.title)}]({link_from(page, module.page.key)})"
        when = span(view.agenda, view.agenda.module_rows(module), localise.word_template(course, language, "day_time"))
        rows.append(f"| {link} | {when} | {module.session_minutes} | {len(module.sessions)} |")
    total = sum(m.session_minutes for m in view.modules)
    count = sum(len(m.sessions) for m in view.modules)
    rows.append(f"| **{localise.word(course, language, 'total')}** |  | **{total}** | **{count}** |")
    return "\n".join(rows) + "\n"


def downloads_markdown(course: Course, page: Page, downloads_prefix: str) -> str:
    """A list of this language's participant downloads, and what the slides' notes hold (the toolchain's words:
    they change with the slides renderer, not with the course); `downloads_prefix` is their folder relative to
    the page."""
    language = page.language
    lines = []
    for item in participant_downloads(course, language):
        if item.kind == "pdf":
            label = localise.word(course, language, "workbook")
        elif item.module is None:
            label = localise.word(course, language, "deck_course")
        else:
            label = localise.word(course, language, "deck_module", n=item.module.number, title=item.module.title)
        lines.append(f"- [{label}]({downloads_prefix}/{item.relative_path})")
    return "\n".join([*lines, "", localise.word(course, language, "downloads_notes")]) + "\n"


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def marker_markdown(course: Course, page: Page, marker: str, downloads_prefix: str) -> str:
    """Markdown that replaces one marker line."""
    if marker == "agenda":
        return agenda_markdown(course, page)
    if marker == "modules":
        return modules_markdown(course, page)
    return downloads_markdown(course, page, downloads_prefix)


def filled_markdown_lines(course: Course, page: Page, edition: Edition, downloads_prefix: str) -> list[str]:
    """The page's Markdown for an edition, one entry per source line, each marker replaced by its tables.

    Entries stay aligned with source lines (a marker's entry may hold several lines), so callers can still
    address a heading by its line number.
    """
    lines = body_markdown(page, edition).split("\n")
    for block in page.blocks:
        if block.kind is BlockKind.MARKER:
            generated = marker_markdown(course, page, block.marker, downloads_prefix)
            lines[block.source.line - page.body_start_line] = f"\n{generated}\n"
    return lines
