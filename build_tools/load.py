"""docs/ → Course: the only module that reads the course's files.

Pages are paired by mkdocs-static-i18n's suffix rule (`page.md` is the default language, `page.en.md`
English). The Markdown's block structure (headings, admonitions, markers, links) is scanned line by
line so every node keeps its line number; rendering to HTML is left to `markdown_html`, which is
configured exactly like the site.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from build_tools.markdown_html import MarkdownConverter
from build_tools.model import (
    Block,
    BlockKind,
    Course,
    Day,
    FrontMatterEntry,
    GlossaryEntry,
    Heading,
    Language,
    LocalText,
    Method,
    Module,
    Page,
    PageKind,
    Pause,
    PauseKind,
    Reference,
    Section,
    Session,
    Settings,
    SourceLocation,
)
from build_tools.problems import Problem
from build_tools.site_config import SiteConfig, load_site_config

SETTINGS_FILE = "course.yml"

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_ATTR_BLOCK = re.compile(r"\s*\{:?\s*([^{}]*)\}\s*$")
_ATTR_TOKEN = re.compile(r"""#([\w\-:.]+)|\.([\w\-]+)|([\w\-]+)=(?:"([^"]*)"|'([^']*)'|(\S+))""")
_ADMONITION = re.compile(r"""^(\s*)(?:!!!|\?\?\?\+?)\s+([\w\-]+)(?:\s+"([^"]*)")?\s*$""")
_MARKER = re.compile(r"^<!--\s*course:([\w\-]+)\s*-->\s*$")
_LINK = re.compile(r"""(!?)\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+["'][^"']*["'])?\s*\)""")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_BLOCK_KINDS = {"question": BlockKind.QUESTION, "trainer": BlockKind.TRAINER, "materials": BlockKind.MATERIALS}


@dataclass(frozen=True)
class LoadResult:
    """The course plus the problems found while reading it (bad YAML, missing settings, …)."""

    course: Course
    problems: tuple[Problem, ...]
    converter: MarkdownConverter


def load_course(root: Path, config_file: Path | None = None) -> LoadResult:
    """Read mkdocs.yml, docs/course.yml and every page; never raises for a trainer's mistake."""
    root = root.resolve()
    site = load_site_config(config_file or root / "mkdocs.yml")
    problems: list[Problem] = []
    settings = _load_settings(root, site.docs_dir / SETTINGS_FILE, site.languages, problems)
    pages = tuple(_read_pages(root, site, problems))
    modules = {lang.code: _build_modules(pages, lang.code, problems) for lang in site.languages}
    converter = MarkdownConverter(site)
    glossary = _build_glossary(pages, site, converter, problems, root)
    course = Course(
        root=root,
        docs_dir=site.docs_dir,
        settings=settings,
        languages=site.languages,
        pages=pages,
        modules=modules,
        glossary=glossary,
    )
    return LoadResult(course=course, problems=tuple(problems), converter=converter)


def relative(root: Path, path: Path) -> Path:
    """A path as trainers see it: relative to the repository root when inside it."""
    try:
        return path.resolve().relative_to(root)
    except ValueError:
        return path


# --- course settings -------------------------------------------------------------------------

_SETTINGS_KEYS = ("title", "subtitle", "audience", "author", "edition", "teaching_minutes", "days")


class _SettingsReader:
    """Reads course.yml with line numbers, collecting every problem instead of stopping at the first."""

    def __init__(self, path: Path, display: Path, languages: tuple[Language, ...], problems: list[Problem]):
        self.path, self.display, self.languages, self.problems = path, display, languages, problems

    def at(self, node: yaml.Node | None) -> SourceLocation:
        return SourceLocation(self.display, node.start_mark.line + 1 if node is not None else 1)

    def report(self, node: yaml.Node | None, code: str, message: str) -> None:
        self.problems.append(Problem(self.at(node), code, message))

    def mapping(self, node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        if not isinstance(node, yaml.MappingNode):
            self.report(node, "settings.invalid", f"{what} must be a mapping of keys to values")
            return None
        return {str(k.value): (k, v) for k, v in node.value}

    def scalar(self, node: yaml.Node) -> object:
        return yaml.safe_load(yaml.serialize(node))

    def local_text(self, key: str, entry: tuple[yaml.Node, yaml.Node] | None, parent: yaml.Node | None) -> LocalText:
        if entry is None:
            self.report(parent, "settings.missing", f"course setting '{key}' is missing")
            return LocalText({lang.code: "" for lang in self.languages})
        key_node, value = entry
        values = self.mapping(value, f"'{key}'") or {}
        texts = {}
        for lang in self.languages:
            found = values.get(lang.code)
            text = self.scalar(found[1]) if found else None
            if not isinstance(text, str) or not text.strip():
                self.report(key_node, "settings.missing", f"course setting '{key}' has no '{lang.code}' text")
                text = ""
            texts[lang.code] = text
        for extra in set(values) - {lang.code for lang in self.languages}:
            self.report(values[extra][0], "settings.unknown_key", f"'{key}' has an unknown language '{extra}'")
        return LocalText(texts)

    def clock(self, node: yaml.Node, what: str) -> int:
        text = str(self.scalar(node))
        match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text)
        if not match:
            self.report(node, "settings.invalid", f"{what} must be a clock time like \"09:00\", not '{text}'")
            return 0
        return int(match[1]) * 60 + int(match[2])

    def whole(self, node: yaml.Node, what: str) -> int:
        value = self.scalar(node)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            self.report(node, "settings.invalid", f"{what} must be a positive whole number, not '{value}'")
            return 0
        return value


def _load_settings(root: Path, path: Path, languages: tuple[Language, ...], problems: list[Problem]) -> Settings | None:
    display = relative(root, path)
    reader = _SettingsReader(path, display, languages, problems)
    if not path.is_file():
        problems.append(Problem(SourceLocation(display, 1), "settings.missing", "docs/course.yml is missing"))
        return None
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problems.append(Problem(SourceLocation(display, line), "settings.invalid", f"not valid YAML: {error}"))
        return None
    entries = reader.mapping(node, "course.yml") if node is not None else None
    if entries is None:
        if node is None:
            problems.append(Problem(SourceLocation(display, 1), "settings.missing", "docs/course.yml is empty"))
        return None
    for key in entries:
        if key not in _SETTINGS_KEYS:
            reader.report(entries[key][0], "settings.unknown_key", f"unknown course setting '{key}'")
    texts = {key: reader.local_text(key, entries.get(key), node) for key in _SETTINGS_KEYS[:4]}
    edition = dt.date(1970, 1, 1)
    if "edition" not in entries:
        reader.report(node, "settings.missing", "course setting 'edition' is missing")
    else:
        value = reader.scalar(entries["edition"][1])
        if isinstance(value, dt.date):
            edition = value
        else:
            reader.report(
                entries["edition"][1], "settings.invalid", f"'edition' must be a date like 2026-11-27, not '{value}'"
            )
    teaching = 0
    if "teaching_minutes" not in entries:
        reader.report(node, "settings.missing", "course setting 'teaching_minutes' is missing")
    else:
        teaching = reader.whole(entries["teaching_minutes"][1], "'teaching_minutes'")
    days = _load_days(reader, entries.get("days"), node)
    return Settings(
        edition=edition,
        teaching_minutes=teaching,
        days=days,
        source=SourceLocation(display, 1),
        key_sources={key: reader.at(entries[key][0]) for key in entries},
        **texts,
    )


def _load_days(
    reader: _SettingsReader, entry: tuple[yaml.Node, yaml.Node] | None, parent: yaml.Node | None
) -> tuple[Day, ...]:
    if entry is None:
        reader.report(parent, "settings.missing", "course setting 'days' (the day plan) is missing")
        return ()
    days_node = entry[1]
    if not isinstance(days_node, yaml.SequenceNode) or not days_node.value:
        reader.report(days_node, "settings.invalid", "'days' must be a list with one entry per training day")
        return ()
    days = []
    for number, day_node in enumerate(days_node.value, start=1):
        fields = reader.mapping(day_node, f"day {number}")
        if fields is None:
            continue
        for key in fields:
            if key not in ("start", "end", "pauses"):
                reader.report(fields[key][0], "settings.unknown_key", f"unknown key '{key}' in day {number}")
        clock = {}
        for key in ("start", "end"):
            if key in fields:
                clock[key] = reader.clock(fields[key][1], f"day {number} '{key}'")
            else:
                reader.report(day_node, "settings.missing", f"day {number} has no '{key}' time")
                clock[key] = 0
        pauses = _load_pauses(reader, fields.get("pauses"), number)
        days.append(Day(clock["start"], clock["end"], pauses, reader.at(day_node)))
    return tuple(days)


def _load_pauses(reader: _SettingsReader, entry: tuple[yaml.Node, yaml.Node] | None, day: int) -> tuple[Pause, ...]:
    if entry is None:
        return ()
    if not isinstance(entry[1], yaml.SequenceNode):
        reader.report(entry[1], "settings.invalid", f"day {day} 'pauses' must be a list")
        return ()
    pauses = []
    for pause_node in entry[1].value:
        fields = reader.mapping(pause_node, f"a pause of day {day}")
        if fields is None:
            continue
        for key in fields:
            if key not in ("start", "minutes", "kind"):
                reader.report(fields[key][0], "settings.unknown_key", f"unknown key '{key}' in a pause of day {day}")
        missing = [k for k in ("start", "minutes", "kind") if k not in fields]
        for key in missing:
            reader.report(pause_node, "settings.missing", f"a pause of day {day} has no '{key}'")
        if missing:
            continue
        kind_text = str(reader.scalar(fields["kind"][1]))
        try:
            kind = PauseKind(kind_text)
        except ValueError:
            reader.report(
                fields["kind"][1], "settings.invalid", f"pause kind must be 'break' or 'lunch', not '{kind_text}'"
            )
            continue
        start = reader.clock(fields["start"][1], f"a pause of day {day} 'start'")
        minutes = reader.whole(fields["minutes"][1], f"a pause of day {day} 'minutes'")
        pauses.append(Pause(start, minutes, kind, reader.at(pause_node)))
    return tuple(sorted(pauses, key=lambda p: p.start))


# --- pages -----------------------------------------------------------------------------------


def split_language(relative_path: Path, site: SiteConfig) -> tuple[str, str]:
    """(key, language) of a Markdown file by the i18n suffix rule: `a/b.en.md` → (`a/b`, `en`)."""
    stem = relative_path.as_posix()[: -len(".md")]
    head, _, last = stem.rpartition(".")
    codes = {lang.code for lang in site.languages}
    if head and last in codes:
        return head, last
    return stem, site.default_language.code


def _read_pages(root: Path, site: SiteConfig, problems: list[Problem]) -> Iterator[Page]:
    for path in sorted(site.docs_dir.rglob("*.md")):
        key, language = split_language(path.relative_to(site.docs_dir), site)
        yield parse_page(path.read_text(encoding="utf-8"), relative(root, path), key, language, problems)


_FRONT_MATTER_TYPES: dict[str, type] = {"kind": str, "minutes": int, "session": str, "facilitator_only": bool}


def parse_page(text: str, source_path: Path, key: str, language: str, problems: list[Problem]) -> Page:
    """Parse one page's front matter and Markdown structure; problems go to `problems`."""
    lines = text.splitlines()
    front_matter, body_start = _parse_front_matter(lines, source_path, problems)
    body = tuple(lines[body_start - 1 :])
    kind = None
    kind_entry = next((e for e in front_matter if e.key == "kind"), None)
    if kind_entry is not None and isinstance(kind_entry.value, str):
        try:
            kind = PageKind(kind_entry.value)
        except ValueError:
            allowed = ", ".join(k.value for k in PageKind)
            problems.append(
                Problem(
                    kind_entry.source,
                    "page.invalid_value",
                    f"unknown page kind '{kind_entry.value}' (allowed: {allowed})",
                )
            )
    elif front_matter or body_start > 1:
        problems.append(Problem(SourceLocation(source_path, 1), "page.missing_key", "front matter has no 'kind'"))
    sections, references = _scan_markdown(body, body_start, source_path)
    return Page(
        key=key,
        language=language,
        source_path=source_path,
        kind=kind,
        front_matter=front_matter,
        sections=sections,
        references=references,
        body_start_line=body_start,
        body_lines=body,
    )


def _parse_front_matter(
    lines: list[str], source_path: Path, problems: list[Problem]
) -> tuple[tuple[FrontMatterEntry, ...], int]:
    """Front matter entries and the 1-based line where the Markdown body starts."""
    if not lines or lines[0].strip() != "---":
        problems.append(Problem(SourceLocation(source_path, 1), "page.front_matter", "page has no front matter"))
        return (), 1
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        problems.append(
            Problem(SourceLocation(source_path, 1), "page.front_matter", "front matter is not closed by '---'")
        )
        return (), 1
    try:
        node = yaml.compose("\n".join(lines[1:end]))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        problems.append(
            Problem(SourceLocation(source_path, line), "page.front_matter", f"front matter is not valid YAML: {error}")
        )
        return (), end + 2
    if node is None:
        return (), end + 2
    if not isinstance(node, yaml.MappingNode):
        problems.append(
            Problem(SourceLocation(source_path, 2), "page.front_matter", "front matter must be 'key: value' lines")
        )
        return (), end + 2
    entries = []
    for key_node, value_node in node.value:
        where = SourceLocation(source_path, key_node.start_mark.line + 2)
        key = str(key_node.value)
        value = yaml.safe_load(yaml.serialize(value_node))
        expected = _FRONT_MATTER_TYPES.get(key)
        if expected is None:
            problems.append(Problem(where, "page.unknown_key", f"unknown front-matter key '{key}'"))
            continue
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            problems.append(
                Problem(where, "page.invalid_value", f"'{key}' must be {_TYPE_NAMES[expected]}, not '{value}'")
            )
            continue
        entries.append(FrontMatterEntry(key, value, where))
    return tuple(entries), end + 2


_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false"}


def parse_attrs(text: str) -> tuple[str | None, dict[str, str]]:
    """The id and `key=value` pairs of an attr_list block such as `#id minutes=15 method=讲授`."""
    heading_id: str | None = None
    attrs: dict[str, str] = {}
    for match in _ATTR_TOKEN.finditer(text):
        if match[1]:
            heading_id = match[1]
        elif match[3]:
            attrs[match[3]] = next(v for v in match.groups()[3:] if v is not None)
    return heading_id, attrs


def _parse_heading(line: str, location: SourceLocation) -> Heading | None:
    match = _HEADING.match(line)
    if not match:
        return None
    title = match[2]
    heading_id: str | None = None
    attrs: dict[str, str] = {}
    attr_match = _ATTR_BLOCK.search(title)
    if attr_match:
        heading_id, attrs = parse_attrs(attr_match[1])
        title = title[: attr_match.start()]
    title = title.rstrip("# ").strip()
    return Heading(len(match[1]), title, heading_id, attrs, location)


def _scan_markdown(
    body: tuple[str, ...], first_line: int, source_path: Path
) -> tuple[tuple[Section, ...], tuple[Reference, ...]]:
    """Split the body into sections and blocks, and collect every link, with line numbers."""
    sections: list[Section] = []
    references: list[Reference] = []
    heading: Heading | None = None
    blocks: list[Block] = []
    text_start: int | None = None
    fence: str | None = None
    index = 0

    def line_no(i: int) -> int:
        return first_line + i

    def flush_text(end: int) -> None:
        nonlocal text_start
        if text_start is not None:
            chunk = body[text_start:end]
            while chunk and not chunk[-1].strip():
                chunk = chunk[:-1]
            if any(line.strip() for line in chunk):
                blocks.append(
                    Block(
                        BlockKind.TEXT,
                        "\n".join(chunk),
                        SourceLocation(source_path, line_no(text_start)),
                        line_no(text_start + len(chunk) - 1),
                    )
                )
            text_start = None

    while index < len(body):
        line = body[index]
        location = SourceLocation(source_path, line_no(index))
        if fence:
            if line.strip().startswith(fence):
                fence = None
            index += 1
            continue
        fence_match = _FENCE.match(line)
        if fence_match:
            fence = fence_match[1]
            text_start = index if text_start is None else text_start
            index += 1
            continue
        references.extend(_references(line, location))
        new_heading = _parse_heading(line, location)
        if new_heading:
            flush_text(index)
            if heading is not None or blocks:
                sections.append(Section(heading, tuple(blocks)))
            heading, blocks = new_heading, []
            index += 1
            continue
        marker = _MARKER.match(line)
        if marker:
            flush_text(index)
            blocks.append(Block(BlockKind.MARKER, line, location, location.line, title=marker[1]))
            index += 1
            continue
        admonition = _ADMONITION.match(line)
        kind = _BLOCK_KINDS.get(admonition[2]) if admonition else None
        if admonition and kind:
            flush_text(index)
            indent = len(admonition[1])
            end = index + 1
            while end < len(body) and (not body[end].strip() or _indent(body[end]) >= indent + 4):
                references.extend(_references(body[end], SourceLocation(source_path, line_no(end))))
                end += 1
            while end > index + 1 and not body[end - 1].strip():
                end -= 1
            block_text = "\n".join(text[indent + 4 :] if text.strip() else "" for text in body[index + 1 : end])
            blocks.append(
                Block(kind, block_text, location, line_no(end - 1), title=admonition[3] or "", indented=indent > 0)
            )
            index = end
            continue
        if text_start is None and line.strip():
            text_start = index
        index += 1
    flush_text(len(body))
    if heading is not None or blocks:
        sections.append(Section(heading, tuple(blocks)))
    return tuple(sections), tuple(references)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _references(line: str, location: SourceLocation) -> Iterator[Reference]:
    for match in _LINK.finditer(line):
        yield Reference(match[2], bool(match[1]), location)
    for match in _AUTOLINK.finditer(line):
        yield Reference(match[1], False, location)


# --- modules and sessions --------------------------------------------------------------------


def _build_modules(pages: tuple[Page, ...], language: str, problems: list[Problem]) -> tuple[Module, ...]:
    module_pages = [p for p in pages if p.language == language and p.kind is PageKind.MODULE]
    module_pages.sort(key=lambda p: p.source_path.as_posix())
    return tuple(_build_module(number, page) for number, page in enumerate(module_pages, start=1))


def _build_module(number: int, page: Page) -> Module:
    sessions = []
    objectives = None
    group: Heading | None = None
    sections = [s for s in page.sections if s.heading is not None]
    for position, section in enumerate(sections):
        heading = section.heading
        assert heading is not None
        if heading.id == "objectives":
            objectives = section
        is_session = "minutes" in heading.attrs or "method" in heading.attrs
        if heading.level <= 2 and not is_session:
            group = heading if heading.level == 2 and heading.id != "objectives" else None
        if not is_session:
            continue
        blocks = list(section.blocks)
        for later in sections[position + 1 :]:
            if later.heading is None or later.heading.level <= heading.level:
                break
            blocks.extend(later.blocks)
        minutes_text = heading.attrs.get("minutes", "")
        sessions.append(
            Session(
                id=heading.id or "",
                title=heading.title,
                minutes=int(minutes_text) if minutes_text.isdigit() else 0,
                method=Method.parse(heading.attrs.get("method", "")),
                group=group if heading.level == 3 else None,
                heading=heading,
                blocks=tuple(blocks),
            )
        )
    minutes = page.setting("minutes")
    return Module(
        number=number,
        page=page,
        minutes=minutes if isinstance(minutes, int) else None,
        objectives=objectives,
        sessions=tuple(sessions),
    )


# --- glossary ---------------------------------------------------------------------------------


def _build_glossary(
    pages: tuple[Page, ...], site: SiteConfig, converter: MarkdownConverter, problems: list[Problem], root: Path
) -> tuple[GlossaryEntry, ...]:
    """Glossary terms from the default language's glossary table: one column per language, then meaning."""
    page = next((p for p in pages if p.kind is PageKind.GLOSSARY and p.language == site.default_language.code), None)
    if page is None:
        return ()
    table_block = next((b for b in page.blocks if b.kind is BlockKind.TEXT and "|" in b.markdown), None)
    if table_block is None:
        problems.append(Problem(page.source, "glossary.table", "the glossary has no table"))
        return ()
    root_element = converter.to_element(table_block.markdown)
    rows = root_element.findall(".//tbody/tr")
    block_lines = table_block.markdown.splitlines()
    header_offset = next(i for i, line in enumerate(block_lines) if line.lstrip().startswith("|"))
    codes = [lang.code for lang in site.languages]
    entries = []
    for row_number, row in enumerate(rows):
        cells = ["".join(cell.itertext()).strip() for cell in row.findall("td")]
        cells += [""] * (len(codes) - len(cells))
        location = SourceLocation(page.source_path, table_block.source.line + header_offset + 2 + row_number)
        if not all(cells[: len(codes)]):
            problems.append(Problem(location, "glossary.table", "glossary row has an empty term"))
            continue
        terms = dict(zip(codes, cells[: len(codes)], strict=True))
        entries.append(GlossaryEntry(terms, " ".join(cells[len(codes) :]), location))
    return tuple(entries)
