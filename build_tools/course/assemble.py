"""Pages → the course's structure in each language: modules, sessions, cases, worksheets, the agenda and the
glossary, read off the parsed pages once, so every output and check reads the same structure.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from build_tools.course.links import link_target, linked_page_keys
from build_tools.course.mkdocs_config import SiteConfig
from build_tools.course.model import (
    Block,
    BlockKind,
    Case,
    GlossaryEntry,
    Heading,
    Language,
    LanguageView,
    Module,
    Page,
    PageKind,
    Session,
    Worksheet,
)
from build_tools.course.problems import Problem
from build_tools.course.schedule import build_agenda
from build_tools.course.settings_model import Method, Settings
from build_tools.course.source import SourceLocation


def language_view(language: Language, pages: tuple[Page, ...], settings: Settings | None,
                  problems: list[Problem], index_folders: frozenset[str] = frozenset()) -> LanguageView:
    """One language's modules, sessions, cases, worksheets and agenda (`index_folders`: folders with an index
    page, read or not, so a session page beside an unreadable index is not reported twice)."""
    own = tuple(p for p in pages if p.language == language.code)
    modules = _build_modules(own, settings, problems, index_folders)
    sessions = [s for m in modules for s in m.sessions]
    cases = tuple(_build_case(p) for p in own if p.kind is PageKind.CASE)
    worksheets = _place_worksheets(own, sessions)
    days = settings.days if settings else ()
    agenda = build_agenda(days, modules)
    return LanguageView(language, own, modules, cases, worksheets, agenda)


def _build_modules(pages: tuple[Page, ...], settings: Settings | None, problems: list[Problem],
                   index_folders: frozenset[str] = frozenset()) -> tuple[Module, ...]:
    """Modules in file-name order: `modules/02-x.md`, or the folder `modules/02-x/` with `index.md`."""
    module_pages = sorted((p for p in pages if p.kind is PageKind.MODULE), key=lambda p: p.key)
    session_pages = [p for p in pages if p.kind is PageKind.SESSION]
    folders = {str(PurePosixPath(p.key).parent) for p in module_pages if PurePosixPath(p.key).name == "index"}
    for page in session_pages:
        folder = str(PurePosixPath(page.key).parent)
        unreadable_index = folder in index_folders and folder not in folders  # its own problem is reported
        if folder not in folders and not unreadable_index:
            kind = page.entry("kind")
            problems.append(Problem(kind.source if kind else page.source,
                                    "page.invalid_value", "a session page belongs in a module folder, beside the "
                                    "module's index.md (kind: module)"))
    modules = []
    for number, page in enumerate(module_pages, start=1):
        own: tuple[Page, ...] = ()
        if PurePosixPath(page.key).name == "index":
            folder = str(PurePosixPath(page.key).parent)
            own = tuple(sorted((p for p in session_pages if str(PurePosixPath(p.key).parent) == folder),
                               key=lambda p: p.key))
        modules.append(_build_module(number, page, own, settings))
    return tuple(modules)


def _build_module(number: int, page: Page, session_pages: tuple[Page, ...], settings: Settings | None) -> Module:
    sessions: list[Session] = []
    objectives = page.section("objectives")
    for source_page in (page, *session_pages):
        sessions += _sessions_of(source_page, settings)
    minutes = page.setting("minutes")
    return Module(number=number, page=page, minutes=minutes if isinstance(minutes, int) else None,
                  objectives=objectives, sessions=tuple(sessions), session_pages=session_pages)


def is_session_heading(heading: Heading) -> bool:
    """A heading with `minutes=` or `method=` is a session."""
    return "minutes" in heading.attrs or "method" in heading.attrs


def _sessions_of(page: Page, settings: Settings | None) -> list[Session]:
    sessions = []
    group: Heading | None = None
    sections = [s for s in page.sections if s.heading is not None]
    for position, section in enumerate(sections):
        heading = section.heading
        assert heading is not None
        session_heading = is_session_heading(heading)
        if heading.level <= 2 and not session_heading:
            group = heading if heading.level == 2 and heading.id != "objectives" else None
        if not session_heading:
            continue
        blocks = list(section.blocks)
        for later in sections[position + 1 :]:
            if later.heading is None or later.heading.level <= heading.level:
                break
            blocks.extend(later.blocks)
        if page.kind is PageKind.SESSION and heading.level == 1:
            blocks = [b for s in page.sections for b in s.blocks]
        minutes_text = heading.attrs.get("minutes", "")
        method_text = heading.attrs.get("method", "")
        sessions.append(_session(heading, page, group if heading.level == 3 else None, tuple(blocks),
                                 int(minutes_text) if minutes_text.isdigit() else 0,
                                 settings.method(method_text) if settings and method_text else None))
    return sessions


def _session(heading: Heading, page: Page, group: Heading | None, blocks: tuple[Block, ...], minutes: int,
             method: Method | None) -> Session:
    """A session and its parts, read off its blocks in the README's order."""
    first_admonition = next((i for i, b in enumerate(blocks) if b.kind.is_admonition), len(blocks))
    lead = blocks[:first_admonition]
    purpose = next((b for b in lead if b.kind is BlockKind.PARAGRAPH and b.text.strip()), None)
    points_block = next((b for b in lead if b.kind is BlockKind.LIST), None)
    return Session(
        id=heading.id or "",
        title=heading.title,
        minutes=minutes,
        method=method,
        group=group,
        heading=heading,
        page=page,
        blocks=blocks,
        purpose=purpose,
        key_points=points_block.items if points_block else (),
        key_points_block=points_block,
        images=tuple(r for b in lead for r in b.images),
        questions=tuple(b for b in blocks if b.kind is BlockKind.QUESTION),
        trainer_notes=tuple(b for b in blocks if b.kind is BlockKind.TRAINER),
        materials=tuple(b for b in blocks if b.kind is BlockKind.MATERIALS),
        diagrams=tuple(b.diagram for b in lead if b.diagram is not None),
    )


def _build_case(page: Page) -> Case:
    questions_section = page.section("questions")
    questions = tuple(item for b in (questions_section.blocks if questions_section else ())
                      if b.kind is BlockKind.LIST for item in b.items)
    return Case(
        page=page,
        session_id=str(page.setting("session", "")),
        scenario=page.section("scenario"),
        questions=questions,
        questions_section=questions_section,
        debrief=tuple(b for b in page.blocks if b.kind is BlockKind.TRAINER),
    )


def _place_worksheets(pages: tuple[Page, ...], sessions: list[Session]) -> tuple[Worksheet, ...]:
    """One rule for every output: a worksheet follows the earliest session (in teaching order) that it
    links to; failing that, the earliest session that links to it; failing that, the end of the course."""
    order = {s.id: n for n, s in enumerate(sessions)}
    by_page: dict[str, list[Session]] = {}
    for session in sessions:
        by_page.setdefault(session.page_key, []).append(session)
    worksheets = []
    for page in pages:
        if page.kind is not PageKind.WORKSHEET:
            continue
        linked = [order[fragment] for key, fragment, _ in linked_page_keys(page)
                  if fragment in order and any(s.id == fragment for s in by_page.get(key, ()))]
        if not linked:
            linked = [order[s.id] for s in sessions
                      if any(page.key == page_key for b in s.blocks for page_key in _block_links(s.page, b))]
        after = sessions[min(linked)].id if linked else None
        worksheets.append(Worksheet(page, after))
    return tuple(worksheets)


def _block_links(page: Page, block: Block) -> Iterator[str]:
    for reference in block.references:
        target = link_target(page, reference.target)
        if target is not None and target.page_key is not None and not reference.is_image:
            yield target.page_key


def build_glossary(pages: tuple[Page, ...], site: SiteConfig, problems: list[Problem]) -> tuple[GlossaryEntry, ...]:
    """Glossary terms from the default language's glossary table: one column per language, then meaning."""
    page = next((p for p in pages if p.kind is PageKind.GLOSSARY and p.language == site.default_language.code), None)
    if page is None:
        return ()
    table = next((b for b in page.blocks if b.kind is BlockKind.TABLE), None)
    if table is None:
        problems.append(Problem(page.source, "glossary.table", "the glossary has no table"))
        return ()
    codes = [lang.code for lang in site.languages]
    entries = []
    for line, row in table.rows:
        cells = list(row) + [""] * (len(codes) - len(row))
        location = SourceLocation(page.source_path, line)
        if not all(cells[: len(codes)]):
            problems.append(Problem(location, "glossary.table", "glossary row has an empty term"))
            continue
        terms = dict(zip(codes, cells[: len(codes)], strict=True))
        entries.append(GlossaryEntry(terms, " ".join(cells[len(codes) :]), location))
    return tuple(entries)
