"""Translation freshness: each translated section remembers a fingerprint of the original it was made from.

The records live in `docs/translations/<lang>.yml`, one line per section, readable and editable by hand:

    modules/01-listening:          # page (its key: path under docs/ without .md)
      basics: 3f2a9c1d04e2         # section id: fingerprint of the original section's text

A fingerprint is a hash of the normalised Markdown of the default language's section (its heading with
attributes and everything up to the next heading), so a change of wording, minutes or method makes the
translation stale, while re-wrapping lines does not. `translations/sources.json` keeps the original texts
behind the fingerprints, so a stale report can show what changed.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from build_tools.course.files import write_atomically
from build_tools.course.model import Course, Language, Page, Section, SectionRecord, TranslationRecords
from build_tools.course.source import SourceLocation, relative
from build_tools.course.yaml_nodes import compose

FOLDER = "translations"
SOURCES_FILE = "sources.json"
_HEADER = (
    "# Which original ({original}) text each section of this language ({language}) was translated from.\n"
    "# Written by `make translations-current PAGE=<page>` after a translation is checked.\n"
)


@dataclass(frozen=True)
class SectionState:
    """How one section of a translated page stands against its original."""

    page: Page
    section_id: str
    title: str
    source: SourceLocation
    state: str  # "current", "stale", "untracked", "orphan", "missing"
    fingerprint: str = ""
    recorded: str = ""


def section_text(section: Section) -> str:
    """The normalised Markdown of a section: its heading with attributes, then its blocks."""
    parts = []
    if section.heading is not None:
        heading = section.heading
        attrs = " ".join(f"{k}={v}" for k, v in sorted(heading.attrs.items()))
        title = heading.written or heading.title  # as written: the records hash the source, not the output
        parts.append(f"{'#' * heading.level} {title} {{#{heading.id} {attrs}}}".replace(" }", "}"))
    parts += [block.markdown for block in section.blocks]
    return "\n\n".join(" ".join(line.split()) for part in parts for line in part.split("\n") if line.strip())


def fingerprint(text: str) -> str:
    """Twelve hex digits of SHA-256: short enough to read, long enough never to collide in a course."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def sections_by_id(page: Page) -> dict[str, Section]:
    """A page's sections that have a heading id."""
    return {s.heading.id: s for s in page.sections if s.heading is not None and s.heading.id}


def records_path(docs_dir: Path, language: str) -> Path:
    """`docs/translations/en.yml`."""
    return docs_dir / FOLDER / f"{language}.yml"


def read_records(docs_dir: Path, display_root: Path, languages: tuple[Language, ...]) -> TranslationRecords:
    """The records of every translated language (empty when a file is absent); never executes YAML tags."""
    by_language: dict[str, dict[str, dict[str, SectionRecord]]] = {}
    for language in languages:
        if language.default:
            continue
        path = records_path(docs_dir, language.code)
        pages: dict[str, dict[str, SectionRecord]] = {}
        if path.is_file():
            display = relative(display_root, path)
            try:
                node = compose(path.read_text(encoding="utf-8-sig"))
            except (yaml.YAMLError, UnicodeDecodeError):
                node = None
            if isinstance(node, yaml.MappingNode):
                for page_key, sections in node.value:
                    if not isinstance(sections, yaml.MappingNode):
                        continue
                    pages[str(page_key.value)] = {
                        str(k.value): SectionRecord(str(v.value), SourceLocation(display, k.start_mark.line + 1))
                        for k, v in sections.value
                        if isinstance(v, yaml.ScalarNode)
                    }
        by_language[language.code] = pages
    originals: dict[str, str] = {}
    sources = docs_dir / FOLDER / SOURCES_FILE
    if sources.is_file():
        try:
            loaded = json.loads(sources.read_text(encoding="utf-8"))
            originals = {str(k): str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}
        except (ValueError, UnicodeDecodeError):
            originals = {}
    return TranslationRecords(by_language, originals)


def page_states(course: Course, records: TranslationRecords, page: Page) -> list[SectionState]:
    """Every section of one translated page, and the sections of its original that it lacks."""
    original = course.page(page.key, course.default_language.code)
    recorded = records.by_language.get(page.language, {}).get(page.key, {})
    if original is None:
        return []
    originals = sections_by_id(original)
    states = []
    for section_id, section in sections_by_id(page).items():
        heading = section.heading
        assert heading is not None
        base = originals.get(section_id)
        record = recorded.get(section_id)
        if base is None:
            states.append(SectionState(page, section_id, heading.title, heading.source, "orphan"))
            continue
        now = fingerprint(section_text(base))
        if record is None:
            state = "untracked"
        elif record.fingerprint == now:
            state = "current"
        else:
            state = "stale"
        states.append(SectionState(page, section_id, heading.title, heading.source, state, now,
                                   record.fingerprint if record else ""))
    own = sections_by_id(page)
    for section_id, section in originals.items():
        if section_id not in own and section.heading is not None:
            states.append(SectionState(page, section_id, section.heading.title, page.source, "missing"))
    return states


def all_states(course: Course, records: TranslationRecords) -> Iterator[SectionState]:
    """The states of every section of every translated page, page by page."""
    for language in course.languages:
        if language.default:
            continue
        for page in course.pages_in(language.code):
            yield from page_states(course, records, page)


def change_summary(records: TranslationRecords, state: SectionState, course: Course, limit: int = 8) -> tuple[str, ...]:
    """A short diff of the original section: the text translated from (−) and the text now (+)."""
    old = records.originals.get(state.recorded)
    original = course.page(state.page.key, course.default_language.code)
    section = sections_by_id(original).get(state.section_id) if original else None
    if old is None or section is None:
        return ("(the earlier original text is not kept; compare the section with the original by hand)",)
    new = section_text(section)
    lines = [
        line for line in difflib.unified_diff(old.split("\n"), new.split("\n"), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    if len(lines) == 2 and lines[0][0] == "-" and lines[1][0] == "+":
        return (_inline_change(lines[0][1:], lines[1][1:]),)
    shortened = [line if len(line) <= 110 else line[:110] + "…" for line in lines[:limit]]
    if len(lines) > limit:
        shortened.append(f"… and {len(lines) - limit} more changed lines")
    return tuple(shortened)


def _inline_change(old: str, new: str, context: int = 12) -> str:
    """One changed line shown as its edits in place: `…是否[勤奋→努力]，而在于…`."""
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    pieces = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            text = old[a0:a1]
            pieces.append(text if len(text) <= 2 * context else f"{text[:context]}…{text[-context:]}")
        else:
            pieces.append(f"[{old[a0:a1]}→{new[b0:b1]}]")
    joined = "".join(pieces)
    return "changed: " + (joined if len(joined) <= 160 else joined[:160] + "…")


def mark_current(course: Course, records: TranslationRecords, pages: list[Page]) -> list[Path]:
    """Record the current originals' fingerprints for every section of these translated pages; files written."""
    docs = course.docs_dir
    by_language = {code: {key: {sid: r.fingerprint for sid, r in sections.items()} for key, sections in pages_.items()}
                   for code, pages_ in records.by_language.items()}
    originals = dict(records.originals)
    changed: set[str] = set()
    for page in pages:
        original = course.page(page.key, course.default_language.code)
        if original is None or page.language == course.default_language.code:
            continue
        base = sections_by_id(original)
        entry = {}
        for section_id in sections_by_id(page):
            if section_id in base:
                text = section_text(base[section_id])
                entry[section_id] = fingerprint(text)
                originals[entry[section_id]] = text
        by_language.setdefault(page.language, {})[page.key] = entry
        changed.add(page.language)
    written = []
    for code in sorted(changed):
        body = _HEADER.format(original=course.default_language.code, language=code)
        for key in sorted(by_language[code]):
            body += f"{key}:\n"
            body += "".join(f"  {sid}: {fp}\n" for sid, fp in by_language[code][key].items())
        path = records_path(docs, code)
        write_atomically(path, body.encode("utf-8"))
        written.append(path)
    live = {fp for pages_ in by_language.values() for sections in pages_.values() for fp in sections.values()}
    kept = {fp: text for fp, text in sorted(originals.items()) if fp in live}
    sources = docs / FOLDER / SOURCES_FILE
    write_atomically(sources, (json.dumps(kept, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    written.append(sources)
    return written


def report_table(course: Course, records: TranslationRecords) -> str:
    """Per page and language: sections up to date, stale, missing; and the share up to date per language."""
    rows = [
        "| page | language | current | stale | untracked | missing | orphan |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    totals: dict[str, list[int]] = {}
    for language in course.languages:
        if language.default:
            continue
        for page in course.pages_in(language.code):
            states = page_states(course, records, page)
            counts = [sum(1 for s in states if s.state == name)
                      for name in ("current", "stale", "untracked", "missing", "orphan")]
            total = totals.setdefault(language.code, [0, 0])
            total[0] += counts[0]
            total[1] += sum(counts)
            rows.append(f"| {page.source_path.as_posix()} | {language.code} | " + " | ".join(map(str, counts)) + " |")
    rows.append("")
    for code, (current, sections) in totals.items():
        share = 100.0 * current / sections if sections else 100.0
        rows.append(f"{code}: {current} of {sections} sections up to date ({share:.0f}%)")
    return "\n".join(rows)
