"""Course → problems. One small `check_*` function per rule family; no I/O, no printing.

`validate` runs them all and never stops at the first problem, so one run shows everything.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from build_tools.course.editions import shows_line
from build_tools.course.handouts import linked_pages, materials_items
from build_tools.course.links import link_target
from build_tools.course.markdown_reading import ALLOWED_HTML_TAGS, allowed_tag, allowed_url, html_pieces
from build_tools.course.model import (
    Block,
    BlockKind,
    Course,
    Edition,
    Language,
    Page,
    PageKind,
    Reference,
    Session,
    SourceLocation,
)
from build_tools.course.problems import Problem
from build_tools.course.schedule import clock
from build_tools.course.settings import SETTINGS_FILE
from build_tools.course.settings_model import Copies
from build_tools.course.translations import FOLDER as RECORDS_FOLDER
from build_tools.course.translations import all_states, change_summary
from build_tools.parts.generated_markdown import MARKERS
from build_tools.parts.output_files import COURSE_STYLESHEET, PUBLISHED_TYPES

_PAGE_KEYS_BY_KIND = {"minutes": (PageKind.MODULE,), "session": (PageKind.CASE,)}
_CASE_WORDS = ("案例", "case")


def validate(course: Course) -> list[Problem]:
    """Every problem in the course, from every check."""
    return [problem for check in CHECKS for problem in check(course)]


def check_pages(course: Course) -> Iterator[Problem]:
    """Titles, heading levels and ids, front-matter keys that fit the page kind, blocks and markers."""
    for page in course.pages:
        yield from _check_headings(page)
        for entry in page.front_matter:
            wanted = _PAGE_KEYS_BY_KIND.get(entry.key)
            if wanted is not None and page.kind is not None and page.kind not in wanted:
                kinds = " and ".join(k.value for k in wanted)
                yield Problem(entry.source, "page.invalid_value", f"'{entry.key}' only applies to {kinds} pages")
            if entry.key == "handout" and entry.value is not None and entry.value not in {c.value for c in Copies}:
                allowed = ", ".join(c.value for c in Copies)
                yield Problem(entry.source, "page.invalid_value",
                              f"'handout' must be one of {allowed}, not '{entry.value}'")
        if page.kind is PageKind.MODULE and page.entry("minutes") is None:
            yield Problem(page.source, "page.missing_key", "module page has no 'minutes' in its front matter")
        if page.kind is PageKind.CASE:
            session_id = page.setting("session")
            if page.entry("session") is None:
                yield Problem(page.source, "page.missing_key", "case page has no 'session' in its front matter")
            elif session_id is not None and course.session(str(session_id), page.language) is None and (
                    course.session(str(session_id), course.default_language.code) is None):
                # a session missing from a translation only is the missing twin or structure problem itself
                entry = next(e for e in page.front_matter if e.key == "session")
                yield Problem(entry.source, "session.unknown", f"no session has the id '{session_id}'")
        if page.kind is not None and page.kind not in (PageKind.MODULE, PageKind.SESSION):
            for heading in page.headings:
                if "minutes" in heading.attrs or "method" in heading.attrs:
                    yield Problem(heading.source, "session.outside_module",
                                  f"heading '{heading.title}' has session attributes but this is a "
                                  f"{page.kind.value if page.kind else 'page'} page, not a module")
        for block in page.blocks:
            yield from _check_list_indent(block)
            if block.kind is BlockKind.MARKER and block.marker not in MARKERS:
                known = ", ".join(f"course:{m}" for m in MARKERS)
                yield Problem(
                    block.source, "block.unknown_marker", f"unknown marker 'course:{block.marker}' (known: {known})"
                )


_SHALLOW_LIST_ITEM = re.compile(r"^( {1,3})(?:[-*+]|\d+\.)\s+\S")


def _check_list_indent(block: Block) -> Iterator[Problem]:
    """House style: nested list items indented by 4 spaces (the one reading nests 2 spaces too, but a source
    that mixes both is hard to read and was flattened by the site's former second engine)."""
    in_code = False
    for offset, line in enumerate(block.markdown.splitlines()):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        match = None if in_code else _SHALLOW_LIST_ITEM.match(line)
        if match:
            line_number = block.source.line + offset + (1 if block.kind.is_admonition else 0)
            yield Problem(
                SourceLocation(block.source.path, line_number),
                "block.list_indent",
                f"list item indented by {len(match[1])} space(s)",
            )


def _check_headings(page: Page) -> Iterator[Problem]:
    headings = page.headings
    if not headings or headings[0].level != 1:
        yield Problem(page.source, "page.no_title", "page does not start with a level-1 heading")
    seen: dict[str, SourceLocation] = {}
    previous = 0
    for heading in headings:
        if previous and heading.level > previous + 1:
            yield Problem(
                heading.source, "heading.jump", f"heading jumps from level {previous} to level {heading.level}"
            )
        previous = heading.level
        if not heading.id:
            yield Problem(heading.source, "heading.missing_id", f"heading '{heading.title}' has no {{#id}}")
        elif heading.id in seen:
            yield Problem(
                heading.source,
                "heading.duplicate_id",
                f"id '{heading.id}' is already used on line {seen[heading.id].line}",
            )
        else:
            seen[heading.id] = heading.source


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
                    where = "session page" if on_session_page else "module page"
                    yield Problem(heading.source, "session.level",
                                  f"session is a level-{heading.level} heading on a {where}")
                yield from _check_session_parts(session)
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


def _check_session_parts(session: Session) -> Iterator[Problem]:
    """The README's session layout: a purpose, 3–6 `**term**: text` key points, a question; no inline case."""
    if session.purpose is None:
        yield Problem(session.source, "session.no_purpose", f"session '{session.id}' has no purpose paragraph")
    points = session.key_points
    if session.key_points_block is not None and session.key_points_block.ordered:
        yield Problem(session.key_points_block.source, "session.inline_case",
                      "a numbered list in the session's key points looks like a case's questions")
    elif not 3 <= len(points) <= 6:
        where = session.key_points_block.source if session.key_points_block else session.source
        yield Problem(where, "session.key_points", f"session '{session.id}' has {len(points)} key points")
    else:
        for point in points:
            if not point.term:
                yield Problem(point.source, "session.key_point",
                              f"key point '{_short(point.text)}' is not written '**term**: explanation'")
    if not session.questions:
        yield Problem(session.source, "session.no_question", f"session '{session.id}' has no '!!! question' block")
    for heading in session.page.headings:
        inside = heading.level > session.heading.level and heading.source.line > session.source.line
        if inside and heading.title.lower().startswith(_CASE_WORDS) and heading.source.line <= _session_end(session):
            yield Problem(heading.source, "session.inline_case",
                          f"'{heading.title}' is written inside session '{session.id}'")


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
        if module.minutes is not None and module.session_minutes != module.minutes:
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
    if not settings.days:
        return
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


def check_languages(course: Course) -> Iterator[Problem]:
    """Every page has its twin, and twins agree on front matter, ids, markers, sessions and terms."""
    default = course.default_language
    unread = unread_pages(course)
    for other in (lang for lang in course.languages if not lang.default):
        keys = {p.key for p in course.pages}
        for key in sorted(keys):
            base, twin = course.page(key, default.code), course.page(key, other.code)
            if base is None or twin is None:
                present = base or twin
                assert present is not None
                if (key, (default if base is None else other).code) in unread:
                    continue  # the twin is there, but could not be read: that problem is reported
                missing = _twin_path(present, default if base is None else other)
                yield Problem(
                    present.source,
                    "i18n.missing_twin",
                    f"no {_language_name(default if base is None else other)} page {missing}",
                )
                continue
            yield from _compare_twins(base, twin)
            yield from _check_terms(course, base, twin, other)
        yield from _compare_sessions(course, default, other)


def _language_name(language: Language) -> str:
    return {"zh": "Chinese", "en": "English", "ja": "Japanese"}.get(language.code, language.name)


def _twin_path(page: Page, language: Language) -> str:
    return (page.source_path.parent / f"{PurePosixPath(page.key).name}{language.suffix}.md").as_posix()


def _structure(page: Page) -> list[tuple[str, SourceLocation]]:
    """The language-neutral skeleton of a page: heading ids and markers, in order."""
    items = []
    for section in page.sections:
        if section.heading is not None:
            heading = section.heading
            label = f"'#{heading.id}'" if heading.id else f"heading '{heading.title}'"
            items.append((label, heading.source))
        items += [(f"'course:{b.marker}'", b.source) for b in section.blocks if b.kind is BlockKind.MARKER]
    return items


def _compare_twins(base: Page, twin: Page) -> Iterator[Problem]:
    base_fm = {e.key: e.value for e in base.front_matter}
    twin_fm = {e.key: e.value for e in twin.front_matter}
    unusable = None in (base.kind, twin.kind)  # front matter not readable: reported while reading
    for key in sorted(set(base_fm) | set(twin_fm)):
        if unusable or (key in base_fm and base_fm[key] is None) or (key in twin_fm and twin_fm[key] is None):
            continue
        if base_fm.get(key) != twin_fm.get(key):
            yield Problem(
                twin.source,
                "i18n.front_matter",
                f"'{key}' is {_shown(twin_fm.get(key))} here but {_shown(base_fm.get(key))} "
                f"in {base.source_path.as_posix()}",
            )
    base_items, twin_items = _structure(base), _structure(twin)
    for (base_id, base_at), (twin_id, twin_at) in zip(base_items, twin_items, strict=False):
        if base_id != twin_id:
            yield Problem(
                twin_at,
                "i18n.structure",
                f"{twin_id} here, but {base_at} has {base_id} at this position",
            )
            return
    if len(base_items) != len(twin_items):
        longer, shorter = (base_items, twin) if len(base_items) > len(twin_items) else (twin_items, base)
        extra_id, extra_at = longer[min(len(base_items), len(twin_items))]
        yield Problem(extra_at, "i18n.structure", f"{extra_id} has no counterpart in {shorter.source_path.as_posix()}")


def _shown(value: object) -> str:
    return "absent" if value is None else repr(value)


def _compare_sessions(course: Course, default: Language, other: Language) -> Iterator[Problem]:
    base_sessions = {s.id: s for s in course.sessions(default.code)}
    for session in course.sessions(other.code):
        base = base_sessions.get(session.id)
        if base is None:
            continue
        if base.minutes != session.minutes:
            yield Problem(
                session.source,
                "i18n.session",
                f"session '{session.id}' has {session.minutes} min here but {base.minutes} min at {base.source}",
            )
        if base.method is not None and session.method is not None and base.method != session.method:
            yield Problem(
                session.source,
                "i18n.session",
                f"session '{session.id}' is '{session.method.label(other.code)}' here but "
                f"'{base.method.label(default.code)}' at {base.source}",
            )


def _check_terms(course: Course, base: Page, twin: Page, other: Language) -> Iterator[Problem]:
    default = course.default_language.code
    twin_text = "\n".join(twin.body_lines).lower()
    for entry in course.glossary:
        term, translation = entry.terms.get(default, ""), entry.terms.get(other.code, "")
        if not term or not translation or translation.lower() in twin_text:
            continue
        where = _first_use(base, term)
        if where is None:
            continue
        yield Problem(
            _counterpart(twin, base, where),
            "i18n.term",
            f"the {_language_name(course.default_language)} page uses '{term}' (line {where}) but this page "
            f"never says '{translation}'",
        )


def _first_use(page: Page, term: str) -> int | None:
    for offset, line in enumerate(page.body_lines):
        if term in line:
            return page.body_start_line + offset
    return None


def _counterpart(twin: Page, base: Page, line: int) -> SourceLocation:
    """The twin's heading that matches the base page's section containing `line`."""
    heading_id = None
    for heading in base.headings:
        if heading.source.line <= line:
            heading_id = heading.id
    match = next((h for h in twin.headings if heading_id and h.id == heading_id), None)
    return match.source if match else twin.source


def check_links(course: Course) -> Iterator[Problem]:
    """Internal links and anchors resolve in their own language; images exist; nothing leaves docs/."""
    docs = course.docs_dir
    unread = unread_pages(course)
    for page in course.pages:
        for reference in page.references:
            resolved = link_target(page, reference.target)
            if resolved is not None and (resolved.page_key, page.language) in unread:
                continue  # the target could not be read: that problem is reported
            yield from _check_reference(course, page, reference, docs)


def unread_pages(course: Course) -> set[tuple[str, str]]:
    """(key, language) of pages whose reading failed with a problem already reported: not saved as UTF-8
    (not in the model at all) or front matter without a usable kind. Checks that would only repeat that
    problem in other words (missing twin, missing page, course sums) stay quiet about them."""
    docs = course.docs_dir.relative_to(course.root)
    read = {page.source_path.as_posix() for page in course.pages}
    codes = {language.code for language in course.languages}
    found = {(page.key, page.language) for page in course.pages if page.kind is None}
    for path in course.files:
        if path.suffix == ".md" and path.as_posix() not in read and path.is_relative_to(docs):
            stem = path.relative_to(docs).as_posix()[: -len(".md")]
            head, _, last = stem.rpartition(".")
            found.add((head, last) if head and last in codes else (stem, course.default_language.code))
    return found


def _check_reference(course: Course, page: Page, reference: Reference, docs: Path) -> Iterator[Problem]:
    """One link or image: web addresses are only spelled right; everything else must resolve inside docs/."""
    target, is_image, source = reference.target, reference.is_image, reference.source
    parts = urlsplit(target)
    if parts.scheme in ("http", "https"):
        if is_image:
            yield Problem(source, "link.remote_image", f"image '{target}' is on the internet")
        elif not re.fullmatch(r"[A-Za-z0-9.\-]+\.[A-Za-z]{2,}(:\d+)?", parts.netloc) or " " in target:
            yield Problem(source, "link.bad_url", f"'{target}' is not a valid web address")
        return
    if parts.scheme == "mailto":
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", parts.path):
            yield Problem(source, "link.bad_url", f"'{target}' is not a valid e-mail link")
        return
    if not allowed_url(target) or (is_image and parts.scheme):
        shown = target if len(target) <= 60 else target[:60] + "…"
        yield Problem(source, "link.bad_url", f"'{shown}' is not allowed: links may only be web addresses "
                                              "(http, https), e-mail (mailto) or paths inside docs/")
        return
    if not target:
        yield Problem(source, "link.missing_page", "link has no target")
        return
    resolved = link_target(page, target)
    if resolved is None:
        yield Problem(source, "link.outside_docs", f"'{target}' points outside docs/")
        return
    if resolved.same_page:
        if resolved.fragment not in page.anchor_ids:
            yield Problem(source, "link.missing_anchor", f"this page has no anchor '#{parts.fragment}'")
        return
    if resolved.page_key is not None:
        target_page = course.page(resolved.page_key, page.language)
        if target_page is None:
            yield Problem(source, "link.missing_page", f"'{target}' does not match any page")
        elif target_page.facilitator_only and shows_line(page, Edition.PARTICIPANT, source.line):
            yield Problem(source, "link.facilitator_only",
                          f"participants see this link, but {target_page.source_path.as_posix()} is for "
                          "facilitators only (it is not on the site or in the workbook)")
        elif resolved.fragment and resolved.fragment not in target_page.anchor_ids:
            yield Problem(
                source,
                "link.missing_anchor",
                f"'{target}': {target_page.source_path.as_posix()} has no anchor '#{parts.fragment}'",
            )
        return
    if not (docs / resolved.path).is_file():
        code = "link.missing_image" if is_image else "link.missing_page"
        what = "image" if is_image else "file"
        yield Problem(source, code, f"{what} '{unquote(target)}' does not exist{_why_missing(docs, resolved.path)}")
    elif not resolved.path.lower().endswith(PUBLISHED_TYPES) and shows_line(page, Edition.PARTICIPANT, source.line):
        kinds = ", ".join(t.lstrip(".").upper() for t in PUBLISHED_TYPES)
        yield Problem(source, "link.file_type",
                      f"'{target}' is not a page or an image the site publishes ({kinds}): participants would "
                      "get a broken link")


def _why_missing(docs: Path, path: str) -> str:
    """What a trainer most likely got wrong when a linked file is not there: a Windows path, or a name whose
    accents or characters are composed differently (a file saved on a Mac) than in the link."""
    if "\\" in path:
        return ": write paths with '/', not '\\'"
    folder = (docs / path).parent
    if folder.is_dir():
        wanted = unicodedata.normalize("NFC", Path(path).name)
        for candidate in folder.iterdir():
            if candidate.name != Path(path).name and unicodedata.normalize("NFC", candidate.name) == wanted:
                return (": a file of that name is there, but its letters are composed differently (a name saved on "
                        "a Mac): type the file's name again")
    return ""


def check_handouts(course: Course) -> Iterator[Problem]:
    """Handouts are linked from a materials list, and materials lists link only to handouts."""
    for language in course.languages:
        view = course.view(language.code)
        linked: set[str] = set()
        for session in view.sessions:
            for item in materials_items(session):
                for reference, page in linked_pages(view, session, item):
                    linked.add(page.key)
                    if page.handout is None:
                        yield Problem(reference.source, "handout.not_handout",
                                      f"materials link to {page.source_path.as_posix()}, which is not a handout")
        for page in view.pages:
            if page.handout is not None and page.key not in linked:
                yield Problem(page.entry("handout").source if page.entry("handout") else page.source,
                              "handout.unlinked", "no session's materials list links to this handout")


def check_translations(course: Course) -> Iterator[Problem]:
    """Translated sections are as new as their originals (tracked languages only: those with a records file).

    Stale sections are warnings while a course is being written and errors under `release: true`; a
    section whose original was deleted is always an error.
    """
    release = bool(course.settings and course.settings.release)
    for state in all_states(course, course.translations):
        tracked = state.page.language in course.translations.by_language and bool(
            course.translations.by_language[state.page.language])
        if state.state == "orphan" and tracked:
            yield Problem(state.source, "i18n.orphan",
                          f"section '{state.title}' has no original: '#{state.section_id}' was removed from "
                          f"{_original_path(course, state.page)}")
        elif state.state == "stale":
            yield Problem(state.source, "i18n.stale",
                          f"section '{state.title}' was translated from an older "
                          f"{_language_name(course.default_language)} text",
                          detail=change_summary(course.translations, state, course), warning=not release)
        elif state.state == "untracked" and tracked:
            yield Problem(state.source, "i18n.untracked",
                          f"section '{state.title}' has no record of the original it was translated from",
                          warning=not release)


def _original_path(course: Course, page: Page) -> str:
    original = course.page(page.key, course.default_language.code)
    return original.source_path.as_posix() if original else page.key


def check_raw_html(course: Course) -> Iterator[Problem]:
    """Raw HTML is limited to a few inline marks: no scripts, styles, frames, images or event handlers.

    The site would run a `<script>`, WeasyPrint would fetch what an `<img>` names, and slides cannot show
    HTML at all, so anything else is reported instead of silently doing something different per output.
    Comments end where a browser ends them (`<!-->` is a whole comment), so nothing hides behind one.
    """
    allowed = ", ".join(f"<{tag}>" for tag in ALLOWED_HTML_TAGS)
    for page in course.pages:
        for fragment in page.raw_html:
            for piece in html_pieces(fragment.text):
                if piece.kind != "tag" or piece.closing or allowed_tag(piece):
                    continue  # a closing tag: its opening tag is the one reported
                shown = piece.text if len(piece.text) <= 60 else piece.text[:60] + "…"
                yield Problem(fragment.source, "html.not_allowed",
                              f"raw HTML '{shown}' is not allowed (allowed: {allowed} and comments)")


def check_files(course: Course) -> Iterator[Problem]:
    """Files under docs/ that no page reads or shows: no output publishes them, so a trainer hears of it.

    A page saved as `page.MD`, an editor's backup `page.md~` or a notes file is left out of every output
    (outputs are made by allowlist); the warning says so instead of leaving it silently unpublished.
    """
    docs = course.docs_dir.relative_to(course.root) if course.docs_dir.is_relative_to(course.root) else None
    if docs is None:
        return
    read = {page.source_path for page in course.pages}
    used = {target.path for page in course.pages for reference in page.references
            if (target := link_target(page, reference.target)) is not None}
    for path in course.files:
        if path in read or not path.is_relative_to(docs) or path.suffix == ".md":
            continue  # pages, and pages that could not be read (reported as such)
        name = path.relative_to(docs).as_posix()
        if name in used or name in (SETTINGS_FILE, COURSE_STYLESHEET) or name.startswith(f"{RECORDS_FOLDER}/"):
            continue
        yield Problem(SourceLocation(path, 1), "file.not_published",
                      f"no page uses '{name}': no output publishes it", warning=True)


def check_file_names(course: Course) -> Iterator[Problem]:
    """Files whose names differ only in letter case: unzipped on Windows or macOS, one replaces the other."""
    seen: dict[str, Path] = {}
    for path in sorted(course.files):
        key = path.as_posix().lower()
        if key in seen:
            yield Problem(SourceLocation(path, 1), "file.case_clash",
                          f"'{path.as_posix()}' and '{seen[key].as_posix()}' differ only in letter case: on Windows "
                          "or macOS one replaces the other")
        else:
            seen[key] = path


def check_downloads(course: Course) -> Iterator[Problem]:
    """Downloads are built for every language, so every language needs a page that offers them."""
    for language in course.languages:
        pages = course.view(language.code).pages
        if pages and not any(p.kind is PageKind.DOWNLOADS for p in pages):
            where = course.settings.source if course.settings else pages[0].source
            yield Problem(where, "page.no_downloads",
                          f"the {_language_name(language)} pages have no downloads page for the PDFs and decks")


CHECKS: tuple[Callable[[Course], Iterator[Problem]], ...] = (
    check_pages,
    check_modules,
    check_timing,
    check_languages,
    check_links,
    check_handouts,
    check_downloads,
    check_translations,
    check_raw_html,
    check_files,
    check_file_names,
)
