"""Rules across languages: every page has its twin, twins agree, terms follow the glossary, and translated
sections are as new as their originals."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from build_tools.checks.unread_pages import unread_pages
from build_tools.course.model import BlockKind, Course, Language, Page
from build_tools.course.problems import Problem
from build_tools.course.quote_marks import straight
from build_tools.course.source import SourceLocation, relative
from build_tools.course.translations import all_states, change_summary, records_path


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
                    f"no {language_name(default if base is None else other)} page {missing}",
                )
                continue
            yield from _compare_twins(base, twin)
            yield from _check_terms(course, base, twin, other)
        yield from _compare_sessions(course, default, other)


def language_name(language: Language) -> str:
    """The language's name in English, for messages."""
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
    # quotes folded to straight ones on both sides: the glossary's cells are read with typographic quotes,
    # the pages' lines as written, and an author may type either
    twin_text = straight("\n".join(twin.body_lines)).lower()
    base_text = straight("\n".join(base.body_lines))  # one search per term for the terms the page never uses (most)
    for entry in course.glossary:
        term, translation = straight(entry.terms.get(default, "")), straight(entry.terms.get(other.code, ""))
        if not term or not translation or translation.lower() in twin_text or term not in base_text:
            continue
        where = _first_use(base, term)
        if where is None:
            continue
        yield Problem(
            _counterpart(twin, base, where),
            "i18n.term",
            f"the {language_name(course.default_language)} page uses '{term}' (line {where}) but this page "
            f"never says '{translation}'",
        )


def _first_use(page: Page, term: str) -> int | None:
    for offset, line in enumerate(page.body_lines):
        if term in straight(line):
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


def check_translations(course: Course) -> Iterator[Problem]:
    """Translated sections are as new as their originals (tracked languages only: those with a records file).

    Stale sections are advice while a course is being written (errors under `release: true`, see
    `checks/severity.py`); a section whose original was deleted is always an error.
    """
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
                          f"{language_name(course.default_language)} text",
                          detail=change_summary(course.translations, state, course))
        elif state.state == "untracked" and tracked:
            yield Problem(state.source, "i18n.untracked",
                          f"section '{state.title}' has no record of the original it was translated from")


def _original_path(course: Course, page: Page) -> str:
    original = course.page(page.key, course.default_language.code)
    return original.source_path.as_posix() if original else page.key


def check_records(course: Course) -> Iterator[Problem]:
    """A translated language with no records file at all: no section can be found stale, so `make check` says so
    once (one summary line per language, not one per section) instead of "no problems found".

    Reported by the course check (`checked.py`), not by `validate`, which judges the pages themselves.
    """
    default = course.default_language
    docs = relative(course.root, course.docs_dir)
    for language in course.languages:
        if language.default or not course.view(language.code).pages:
            continue
        path = records_path(course.docs_dir, language.code)
        if not path.is_file():
            shown = relative(course.root, path)
            yield Problem(SourceLocation(shown, 1), "i18n.untracked",
                          f"no {language_name(language)} section records the {language_name(default)} text it was "
                          f"translated from ({shown.as_posix()} does not exist): a changed original cannot be found",
                          fix_page=docs.as_posix())
