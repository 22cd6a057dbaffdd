"""Rules for modules and sessions: the README's session layout, minutes and methods, and the timing of
sessions, modules, the course and the day plan."""

from __future__ import annotations

from collections.abc import Iterator

from build_tools.checks.unread_pages import unread_pages
from build_tools.course import localise
from build_tools.course.model import Block, BlockKind, Course, PageKind, Session
from build_tools.course.problems import Problem
from build_tools.course.schedule import clock
from build_tools.course.source import SourceLocation

_CASE_WORDS = ("案例", "case")


def check_modules(course: Course) -> Iterator[Problem]:
    """Each module has objectives and sessions; each session has whole minutes, a known method, a level."""
    session_ids: dict[tuple[str, str], SourceLocation] = {}
    for language in course.languages:
        for module in course.modules.get(language.code, ()):
            if module.objectives is None or not _has_list(module.objectives):
                where = module.objectives.heading.source if module.objectives and module.objectives.heading else None
                yield Problem(where or module.page.source, "module.no_objectives", "module has no learning objectives")
            if not module.sessions:
                yield Problem(module.page.source, "module.no_sessions", "module has no sessions")
            for session in module.sessions:
                heading = session.heading
                on_session_page = session.page.kind is PageKind.SESSION
                if (heading.level != 1) if on_session_page else (heading.level not in (2, 3)):
                    page_kind = "session page" if on_session_page else "module page"
                    yield Problem(heading.source, "session.level",
                                  f"session is a level-{heading.level} heading on a {page_kind}")
                yield from _check_session_parts(course, session)
                raw_minutes = heading.attrs.get("minutes")
                if raw_minutes is None or session.minutes <= 0:
                    shown = "no minutes" if raw_minutes is None else f"minutes={raw_minutes}"
                    yield Problem(
                        heading.source, "session.minutes", f"session has {shown}; it needs positive whole minutes"
                    )
                # without methods, course.yml has a problem of its own: no method could be right, so none is named
                if session.method is None and course.settings is not None and course.settings.methods:
                    raw = heading.attrs.get("method")
                    shown = "no method" if raw is None else f"an unknown method '{raw}'"
                    methods = course.settings.methods if course.settings else ()
                    names = ", ".join(m.label(language.code) for m in methods)
                    yield Problem(heading.source, "session.method", f"session has {shown} (this course's "
                                                                     f"methods: {names})")
                if not session.id:
                    continue
                key = (language.code, session.id)
                if key in session_ids:
                    first = session_ids[key]
                    yield Problem(
                        heading.source, "session.duplicate_id", f"session id '{session.id}' is also used at {first}"
                    )
                else:
                    session_ids[key] = heading.source


def _check_session_parts(course: Course, session: Session) -> Iterator[Problem]:
    """The README's session layout, as advice: a purpose, 3–6 `**term**: text` key points, a question; no
    inline case. A numbered list is a case's questions only under the course's word for a discussion; in a
    session whose method is taught in steps (`steps: true`) it is the steps."""
    if session.purpose is None:
        yield Problem(session.source, "session.no_purpose", f"session '{session.id}' has no purpose paragraph")
    points = session.key_points
    language = session.page.language
    if not 3 <= len(points) <= 6:
        where = session.key_points_block.source if session.key_points_block else session.source
        yield Problem(where, "session.key_points", f"session '{session.id}' has {len(points)} key points")
    elif session.key_points_block is not None and not session.key_points_block.ordered:
        yield from _points_without_terms(session)
    steps = session.method is not None and session.method.steps
    if not steps and language in course.words:
        yield from _numbered_questions(session, localise.box_title(course, language, "question"))
    case_questions = any(case.questions for case in course.view(language).cases_for(session.id))
    if not session.questions and not case_questions:
        yield Problem(session.source, "session.no_question", f"session '{session.id}' has no '!!! question' block")
    for heading in session.page.headings:
        inside = heading.level > session.heading.level and heading.source.line > session.source.line
        if inside and heading.title.lower().startswith(_CASE_WORDS) and heading.source.line <= _session_end(session):
            yield Problem(heading.source, "session.inline_case",
                          f"'{heading.title}' is written inside session '{session.id}'")


def _points_without_terms(session: Session) -> Iterator[Problem]:
    """Key points not written `**term**: explanation`: one line for a list of plain bullets (the session is
    written in plain Markdown), one per point when only some of them lack their term."""
    block = session.key_points_block
    if block is not None and not any(point.term for point in session.key_points):
        yield Problem(block.source, "session.key_point",
                      f"the key points of session '{session.id}' are plain bullets, not '**term**: explanation'")
        return
    for point in session.key_points:
        if not point.term:
            yield Problem(point.source, "session.key_point",
                          f"key point '{_short(point.text)}' is not written '**term**: explanation'")


def _numbered_questions(session: Session, discussion: str) -> Iterator[Problem]:
    """A numbered list right under a paragraph that starts with the course's word for a discussion ("讨论：",
    "Discussion questions") looks like a case's questions written inside the session."""
    wanted = discussion.strip().lower()
    previous: Block | None = None
    for block in session.blocks:
        if block.kind is BlockKind.LIST and block.ordered and previous is not None and \
                previous.kind is BlockKind.PARAGRAPH and previous.text.strip().lower().startswith(wanted):
            yield Problem(block.source, "session.inline_case",
                          f"a numbered list under '{_short(previous.text.strip())}' looks like a case's questions")
        previous = block


def _session_end(session: Session) -> int:
    return max((b.end_line for b in session.blocks), default=session.source.line)


def _short(text: str) -> str:
    return text if len(text) <= 30 else text[:30] + "…"


def _has_list(section) -> bool:
    return any(b.kind is BlockKind.LIST for b in section.blocks)


def check_timing(course: Course) -> Iterator[Problem]:
    """Sessions add up to their module, modules to the course, and the agenda fits the day plan."""
    settings = course.settings
    language = course.default_language.code
    modules = course.modules.get(language, ())
    for module in modules:
        if module.sessions and module.minutes is not None and module.session_minutes != module.minutes:
            entry = next(e for e in module.page.front_matter if e.key == "minutes")
            yield Problem(
                entry.source,
                "timing.module_sum",
                f"sessions add up to {module.session_minutes} min, module says {module.minutes}",
            )
    if settings is None or not settings.teaching_minutes or unread_pages(course):
        return  # a page that could not be read (already reported) may be a module: its sums would mislead
    total = sum(m.minutes if m.minutes is not None else m.session_minutes for m in modules)
    if total != settings.teaching_minutes:
        yield Problem(
            settings.where("teaching_minutes"),
            "timing.course_sum",
            f"modules add up to {total} min, the course says {settings.teaching_minutes}",
        )
    if not settings.days or not all(m.sessions for m in modules):
        return  # a module with no sessions yet is `module.no_sessions`: its day would end early, misleadingly
    agenda = course.view(language).agenda
    for overrun in agenda.overruns:
        pause = overrun.pause
        yield Problem(
            overrun.session.source,
            "timing.crosses_pause",
            f"session runs {clock(overrun.start)}–{clock(overrun.end)}, across the {pause.kind.value} "
            f"at {clock(pause.start)}",
        )
    for day, end in zip(settings.days, agenda.day_ends, strict=False):
        if end != day.end:
            yield Problem(
                day.source, "timing.day_end", f"the agenda ends at {clock(end)}, the day plan says {clock(day.end)}"
            )
    if not settings.modules_may_span_days:
        for module in modules:
            rows = agenda.module_rows(module)
            if rows and rows[0].day != rows[-1].day:
                yield Problem(module.page.title_source, "timing.crosses_day",
                              f"module '{module.title}' starts on day {rows[0].day} and ends on day {rows[-1].day}")
    if agenda.unplaced:
        first = agenda.unplaced[0]
        yield Problem(
            settings.where("days"),
            "timing.day_end",
            f"{len(agenda.unplaced)} session(s) do not fit into the day plan, from '{first.title}' ({first.source})",
        )
