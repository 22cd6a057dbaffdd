"""docs/ → Course: the only module that reads the course's pages, and the only Markdown parse of structure.

Pages are paired by mkdocs-static-i18n's suffix rule (`page.md` is the default language, `page.en.md`
English). Each page is parsed once with markdown-it-py, whose token maps keep the source line of every
block, into sections, blocks and list entries; sessions, cases, worksheets and the glossary are then
read off those nodes, and the derived views (agenda, reading order) are computed once. The parser is
`markdown_reading.PARSER`; `markdown_html` renders page bodies from the same parser, so every output
shows the structure read here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml
from markdown_it.token import Token

from build_tools.course.links import link_target, linked_page_keys
from build_tools.course.markdown_reading import (
    ATTR_BLOCK,
    AUTHOR_CLASSES,
    FACILITATOR_KINDS,
    MAX_NESTING,
    NOTE_KINDS,
    PARSER,
    SESSION_ATTRIBUTES,
    Attributes,
    close_index,
    html_pieces,
    parse_attributes,
    unfold_lookalike,
)
from build_tools.course.mkdocs_config import SiteConfig, load_site_config
from build_tools.course.model import (
    Block,
    BlockKind,
    Case,
    Course,
    FrontMatterEntry,
    GlossaryEntry,
    Heading,
    LanguageView,
    ListItem,
    Module,
    Page,
    PageKind,
    RawHtml,
    Reference,
    Section,
    Session,
    SourceLocation,
    Worksheet,
    relative,
)
from build_tools.course.problems import Problem
from build_tools.course.schedule import build_agenda
from build_tools.course.settings import SETTINGS_FILE, load_settings
from build_tools.course.settings_model import Settings
from build_tools.course.translations import read_records

__all__ = ["SETTINGS_FILE", "LoadResult", "load_course", "relative", "split_language"]

_MARKER = re.compile(r"^<!--\s*course:([\w\-]+)\s*-->\s*$")
_ADMONITION_KINDS = {"question": BlockKind.QUESTION, "trainer": BlockKind.TRAINER, "materials": BlockKind.MATERIALS}
_TERM_SEPARATORS = (":", "：")
_INLINE_ATTRIBUTES = re.compile(r"\{:\s*[^{}]*\}|(?:^|[)\s])\{\s*(?:[#.][\w\-]|[\w\-]+\s*=)[^{}]*\}"
                                r"|\{\s*(?:[#.][\w\-]|[\w\-]+\s*=)[^{}]*\}\s*$")
_TAG_LIKE = re.compile(r"<[A-Za-z][\w\-]*[\s/][^<>]*=[^<>]*>?")
_FACILITATOR_CLASS = re.compile(r"(facilitators?|trainers?)[\W_]*only|only[\W_]*(facilitators?|trainers?)")


@dataclass(frozen=True)
class LoadResult:
    """The course plus the problems found while reading it (bad YAML, missing settings, …)."""

    course: Course
    problems: tuple[Problem, ...]


def load_course(root: Path, config_file: Path | None = None) -> LoadResult:
    """Read mkdocs.yml, docs/course.yml and every page; never raises for a trainer's mistake."""
    root = root.resolve()
    site = load_site_config(config_file or root / "mkdocs.yml")
    problems: list[Problem] = list(_site_setting_problems(root, site))
    settings = load_settings(root, site.docs_dir / SETTINGS_FILE, site.languages, problems)
    files = tuple(_course_files(root, site.docs_dir, problems))
    pages = tuple(_read_pages(root, site, settings, problems))
    index_folders = frozenset(str(PurePosixPath(p.relative_to(site.docs_dir).as_posix()).parent)
                              for p in site.docs_dir.rglob("index*.md"))
    views = {lang.code: _language_view(lang, pages, settings, problems, index_folders) for lang in site.languages}
    glossary = _build_glossary(pages, site, problems)
    course = Course(
        root=root,
        docs_dir=site.docs_dir,
        settings=settings,
        languages=site.languages,
        pages=pages,
        views=views,
        glossary=glossary,
        words=settings.words if settings else {},
        files=files,
        translations=read_records(site.docs_dir, root, site.languages),
        admonition_titles=site.admonition_titles,
    )
    return LoadResult(course=course, problems=tuple(problems))


# --- pages -----------------------------------------------------------------------------------


def _site_setting_problems(root: Path, site: SiteConfig) -> Iterator[Problem]:
    """mkdocs.yml settings that would fail late or break the offline promise, at their line.

    A language the site's theme cannot show its interface in (found now, not after building every page),
    and settings that load from another host (the site must work offline, in the training room).
    """
    lines = site.config_file.read_text(encoding="utf-8", errors="replace").split("\n")

    def at(pattern: str) -> SourceLocation:
        line = next((n for n, text in enumerate(lines, 1) if re.match(pattern, text)), 1)
        return SourceLocation(relative(root, site.config_file), line)

    for code in site.untranslated_theme:
        yield Problem(at(rf"\s*-?\s*locale:\s*['\"]?{re.escape(code)}\b"), "site.language",
                      f"the site's theme has no interface words in '{code}' (menus, search, buttons)")
    for key, value in site.remote_settings:
        pattern = rf"\s*{key}:" if key == "analytics" else rf".*{re.escape(value)}"  # the key, or the entry
        yield Problem(at(pattern), "site.remote",
                      f"'{key}' loads '{value}' from another host on every page: the site must work offline")


def _course_files(root: Path, docs_dir: Path, problems: list[Problem]) -> Iterator[Path]:
    """Every file under docs/ (relative to the repository root); a symbolic link is a problem, never followed.

    A link could carry a file from anywhere on the machine (`/etc/passwd`) into the site and its zip.
    """
    for folder, dirs, names in os.walk(docs_dir, followlinks=False):
        for name in sorted(dirs + names):
            path = Path(folder) / name
            shown = path.relative_to(root) if path.is_relative_to(root) else path
            if path.is_symlink():
                problems.append(Problem(SourceLocation(shown, 1), "file.symlink",
                                        f"'{shown.as_posix()}' is a symbolic link to "
                                        f"'{os.readlink(path)}'; outputs only take real files inside docs/"))
            elif name in names:
                yield shown
        dirs[:] = sorted(d for d in dirs if not (Path(folder) / d).is_symlink())


def split_language(relative_path: Path | PurePosixPath, site: SiteConfig) -> tuple[str, str]:
    """(key, language) of a Markdown file by the i18n suffix rule: `a/b.en.md` → (`a/b`, `en`)."""
    stem = relative_path.as_posix()[: -len(".md")]
    head, _, last = stem.rpartition(".")
    codes = {lang.code for lang in site.languages}
    if head and last in codes:
        return head, last
    return stem, site.default_language.code


def _read_pages(root: Path, site: SiteConfig, settings: Settings | None, problems: list[Problem]) -> Iterator[Page]:
    for path in sorted(p for p in site.docs_dir.rglob("*.md") if p.is_file()):
        display = relative(root, path)
        if any(part.is_symlink() for part in (path, *path.parents) if part.is_relative_to(site.docs_dir)):
            continue  # reported as file.symlink
        key, language = split_language(path.relative_to(site.docs_dir), site)
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            problems.append(Problem(SourceLocation(display, line), "page.encoding", "the page is not saved as UTF-8"))
            continue
        yield parse_page(text, display, key, language, problems)


_FRONT_MATTER_TYPES: dict[str, type] = {
    "kind": str, "minutes": int, "session": str, "facilitator_only": bool, "handout": str,
    "translated_from": str,
}
_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false"}


def parse_page(text: str, source_path: Path, key: str, language: str, problems: list[Problem]) -> Page:
    """Parse one page's front matter and Markdown structure; problems go to `problems`."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    front_matter, body_start = _parse_front_matter(lines, source_path, problems)
    body = tuple(lines[body_start - 1 :])
    kind = None
    kind_entry = next((e for e in front_matter if e.key == "kind"), None)
    if kind_entry is not None and isinstance(kind_entry.value, str):
        try:
            kind = PageKind(kind_entry.value)
        except ValueError:
            allowed = ", ".join(k.value for k in PageKind)
            problems.append(Problem(kind_entry.source, "page.invalid_value",
                                    f"unknown page kind '{kind_entry.value}' (allowed: {allowed})"))
    elif kind_entry is None and body_start > 1 and not any(
            p.code == "page.front_matter" and p.source.path == source_path for p in problems):
        problems.append(Problem(SourceLocation(source_path, 1), "page.missing_key", "front matter has no 'kind'"))
    parser = _PageParser(source_path, body, body_start, problems)
    sections = parser.sections()
    return Page(
        key=key,
        language=language,
        source_path=source_path,
        kind=kind,
        front_matter=front_matter,
        sections=sections,
        references=tuple(parser.references),
        body_start_line=body_start,
        body_lines=body,
        raw_html=tuple(parser.raw_html),
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
        problems.append(Problem(SourceLocation(source_path, 1), "page.front_matter",
                                "front matter is not closed by '---'"))
        return (), 1
    try:
        node = yaml.compose("\n".join(lines[1:end]), Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        reason = " ".join(str(getattr(error, "problem", "") or "").split())[:200]
        problems.append(Problem(SourceLocation(source_path, line), "page.front_matter",
                                f"front matter is not valid YAML ({reason})"))
        return (), end + 2
    if node is None:
        return (), end + 2
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(SourceLocation(source_path, 2), "page.front_matter",
                                "front matter must be 'key: value' lines"))
        return (), end + 2
    entries = []
    for key_node, value_node in node.value:
        where = SourceLocation(source_path, key_node.start_mark.line + 2)
        key = str(key_node.value)
        expected = _FRONT_MATTER_TYPES.get(key)
        if expected is None:
            problems.append(Problem(where, "page.unknown_key", f"unknown front-matter key '{key}'"))
            continue
        value = _safe_scalar(value_node)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            shown = str(value_node.value)[:80] if isinstance(value_node, yaml.ScalarNode) else "a list or mapping"
            problems.append(Problem(where, "page.invalid_value",
                                    f"'{key}' must be {_TYPE_NAMES[expected]}, not '{shown}'"))
            entries.append(FrontMatterEntry(key, None, where))  # written, but unusable: not "missing" as well
            continue
        entries.append(FrontMatterEntry(key, value, where))
    return tuple(entries), end + 2


def _safe_scalar(node: yaml.Node) -> object:
    """A scalar's value with YAML's standard types only; lists, mappings and custom tags are never built."""
    if not isinstance(node, yaml.ScalarNode):
        return None
    if node.tag.startswith("tag:yaml.org,2002:") or node.tag == "!":
        try:
            return yaml.safe_load(yaml.serialize(node))
        except (ValueError, OverflowError, yaml.YAMLError):  # 2026-02-30 reads as a date, then fails: its text
            return str(node.value)
    return None


class _PageParser:
    """Turns a page body's tokens into sections, blocks and list entries, each with its source line."""

    def __init__(self, source_path: Path, body: tuple[str, ...], first_line: int, problems: list[Problem]):
        self.path, self.body, self.first_line, self.problems = source_path, body, first_line, problems
        self.references: list[Reference] = []
        self.raw_html: list[RawHtml] = []

    def at(self, line_index: int) -> SourceLocation:
        """Location of a 0-based body line."""
        return SourceLocation(self.path, self.first_line + line_index)

    def sections(self) -> tuple[Section, ...]:
        """The page's sections: the lead (no heading) and one per heading."""
        text = "\n".join(self.body)
        deepest = _deepest_nesting(text)
        if deepest > MAX_NESTING:
            self.problems.append(Problem(self.at(deepest_line(self.body)), "block.too_deep",
                                         f"lists or blocks are nested {deepest} levels deep (at most {MAX_NESTING})"))
            # only the lines nested too deep are left out: the rest of the page is read as usual, so its
            # headings, sessions and links do not turn into follow-on problems
            text = "\n".join("" if _line_depth(line) > MAX_NESTING else line for line in self.body)
        tokens = PARSER.parse(text)
        sections: list[Section] = []
        heading: Heading | None = None
        blocks: list[Block] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.type == "heading_open":
                if heading is not None or blocks:
                    sections.append(Section(heading, tuple(blocks)))
                heading, blocks = self._heading(token, tokens[index + 1]), []
                index += 3
                continue
            end = close_index(tokens, index)
            block = self._block(tokens[index : end + 1], depth=0)
            if block is not None:
                blocks.append(block)
            index = end + 1
        if heading is not None or blocks:
            sections.append(Section(heading, tuple(blocks)))
        return tuple(sections)

    def _heading(self, token: Token, inline: Token) -> Heading:
        location = self.at(token.map[0] if token.map else 0)
        title = inline.content
        heading_id: str | None = None
        attrs: dict[str, str] = {}
        classes: tuple[str, ...] = ()
        attr_match = ATTR_BLOCK.search(title)
        if attr_match:
            attributes = parse_attributes(attr_match[1])
            heading_id, attrs, classes = attributes.id, dict(attributes.values), attributes.classes
            self._note_attributes(attributes, location)
            title = title[: attr_match.start()]
        title = _without_comments(title).rstrip("# ").strip()
        self._collect_references(inline, location)
        return Heading(int(token.tag[1]), title, heading_id, attrs, location, classes)

    def _source(self, token: Token) -> tuple[str, SourceLocation, int]:
        """The Markdown lines of a block token, its first line and its last line number."""
        start, end = token.map if token.map else (0, 1)
        while end > start + 1 and not self.body[end - 1].strip():
            end -= 1
        return "\n".join(self.body[start:end]), self.at(start), self.first_line + end - 1

    def _block(self, tokens: Sequence[Token], depth: int) -> Block | None:
        """One block from its tokens (open … close, or a single token)."""
        first = tokens[0]
        if first.type in ("heading_open",):
            return None
        markdown, source, end_line = self._source(first)
        if first.type == "paragraph_open":
            inline = tokens[1]
            references = self._collect_references(inline, source)
            self._note_inline_attributes(inline, source)
            return Block(BlockKind.PARAGRAPH, markdown, source, end_line, text=_plain(inline),
                         references=references)
        if first.type in ("bullet_list_open", "ordered_list_open"):
            before = len(self.references)
            items = self._list_items(tokens)
            return Block(BlockKind.LIST, markdown, source, end_line, items=items,
                         ordered=first.type == "ordered_list_open", references=tuple(self.references[before:]))
        if first.type == "table_open":
            return self._table(tokens, markdown, source, end_line)
        if first.type in ("fence", "code_block"):
            return Block(BlockKind.CODE, markdown, source, end_line)
        if first.type == "html_block":
            marker = _MARKER.match(first.content.strip())
            if marker and depth == 0 and "\n" not in first.content.strip():
                return Block(BlockKind.MARKER, markdown, source, end_line, title=marker[1])
            self.raw_html.append(RawHtml(first.content.strip(), source))
            return Block(BlockKind.HTML, markdown, source, end_line)
        if first.type == "hr":
            return Block(BlockKind.RULE, markdown, source, end_line)
        if first.type == "blockquote_open":
            children = self._children(tokens[1:-1], depth + 1)
            return Block(BlockKind.QUOTE, markdown, source, end_line, children=children,
                         references=tuple(r for c in children for r in c.references))
        if first.type == "admonition_open":
            return self._admonition(tokens, markdown, source, end_line, depth)
        return None

    def _table(self, tokens: Sequence[Token], markdown: str, source: SourceLocation, end_line: int) -> Block:
        before = len(self.references)
        header: list[str] = []
        rows: list[tuple[int, list[str]]] = []
        in_body = False
        for token in tokens:
            if token.type == "tbody_open":
                in_body = True
            elif token.type == "tr_open" and in_body:
                rows.append((self.first_line + (token.map[0] if token.map else 0), []))
            elif token.type == "inline":
                self._collect_references(token, self.at(token.map[0]) if token.map else source)
                (rows[-1][1] if in_body and rows else header).append(_plain(token))
        return Block(BlockKind.TABLE, markdown, source, end_line, references=tuple(self.references[before:]),
                     header=tuple(header), rows=tuple((line, tuple(cells)) for line, cells in rows))

    def _children(self, tokens: Sequence[Token], depth: int) -> tuple[Block, ...]:
        blocks = []
        index = 0
        while index < len(tokens):
            end = close_index(tokens, index)
            block = self._block(tokens[index : end + 1], depth)
            if block is not None:
                blocks.append(block)
            index = end + 1
        return tuple(blocks)

    def _admonition(self, tokens: Sequence[Token], markdown: str, source: SourceLocation, end_line: int,
                    depth: int) -> Block:
        first = tokens[0]
        spelling = self.body[first.map[0]] if first.map else ""
        tag = str(first.meta.get("tag", "")).lower()
        kind = _ADMONITION_KINDS.get(tag, BlockKind.NOTE)
        looks_facilitator = any(word in unfold_lookalike(tag) for word in ("trainer", "material"))
        if tag not in NOTE_KINDS and tag not in FACILITATOR_KINDS and not looks_facilitator:
            known = ", ".join(NOTE_KINDS)
            # advice: the outputs show it as a plain note box, nothing is lost or unsafe
            self.problems.append(Problem(source, "block.unknown_box",
                                         f"'!!! {tag}' is not a box the outputs know, so it is shown as a plain "
                                         f"note (boxes for everyone: {known})", warning=True))
        title_end = next(i for i, t in enumerate(tokens) if t.type == "admonition_title_close")
        children = self._children(tokens[title_end + 1 : -1], depth + 1)
        body_lines = markdown.split("\n")[1:]
        body = "\n".join(line[4:] if line.startswith("    ") else line.lstrip("\t") for line in body_lines)
        items = tuple(item for child in children if child.kind is BlockKind.LIST for item in child.items)
        title_inline = tokens[2] if len(tokens) > 2 and tokens[2].type == "inline" else None
        title = ""
        if title_inline is not None and first.info.count('"') >= 2:
            self._collect_references(title_inline, source)  # raw HTML in a box title is checked like any other
            title = _without_comments(title_inline.content).strip()
        return Block(kind, body.strip("\n"), source, end_line, title=title,
                     items=items, children=children, spelling=spelling,
                     references=tuple(r for c in children for r in c.references),
                     text=" ".join(c.text for c in children if c.kind is BlockKind.PARAGRAPH))

    def _list_items(self, tokens: Sequence[Token]) -> tuple[ListItem, ...]:
        """The entries of one list (tokens from its open to its close)."""
        items = []
        index = 1
        number = int(tokens[0].attrs.get("start", 1) or 1) if tokens[0].type == "ordered_list_open" else None
        while index < len(tokens) - 1:
            end = close_index(tokens, index)
            items.append(self._list_item(tokens[index : end + 1], number))
            if number is not None:
                number += 1
            index = end + 1
        return tuple(items)

    def _list_item(self, tokens: Sequence[Token], number: int | None) -> ListItem:
        item_open = tokens[0]
        location = self.at(item_open.map[0] if item_open.map else 0)
        inner = tokens[1:-1]
        markdown, text, term, explanation = "", "", "", ""
        children: list[ListItem] = []
        references: list[Reference] = []
        extra = 0
        index = 0
        while index < len(inner):
            token = inner[index]
            end = close_index(inner, index)
            if token.type == "paragraph_open" and not text:
                inline = inner[index + 1]
                markdown = inline.content
                text = _plain(inline)
                term, explanation = _term_and_explanation(inline)
                self._note_inline_attributes(inline, self.at(token.map[0]) if token.map else location)
                references += self._collect_references(inline, self.at(token.map[0]) if token.map else location)
            elif token.type in ("bullet_list_open", "ordered_list_open"):
                children += self._list_items(inner[index : end + 1])
            else:
                extra += 1
                block = self._block(inner[index : end + 1], depth=1)
                if block is not None:
                    references += block.references
            index = end + 1
        return ListItem(markdown, text, location, term=term, explanation=explanation, number=number,
                        children=tuple(children), references=tuple(references), extra_blocks=extra)

    def _collect_references(self, inline: Token, location: SourceLocation) -> tuple[Reference, ...]:
        """Links and images of an inline token, each on its own line (soft breaks counted)."""
        found: list[Reference] = []
        line = location.line
        link_stack: list[tuple[str, int, list[str]]] = []
        for child in inline.children or ():
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "image":
                found.append(Reference(str(child.attrs.get("src", "")), True, SourceLocation(self.path, line),
                                       _plain_children(child.children or ())))
                self._note_raw_html(child.children or (), line)  # raw HTML in alt text
            elif child.type == "link_open":
                link_stack.append((str(child.attrs.get("href", "")), line, []))
            elif child.type == "link_close" and link_stack:
                href, start, words = link_stack.pop()
                found.append(Reference(href, False, SourceLocation(self.path, start), "".join(words)))
            elif child.type in ("text", "code_inline"):
                if link_stack:
                    link_stack[-1][2].append(child.content)
                if child.type == "text" and "<" in child.content:  # a link's words too
                    self._note_raw_html((child,), line)
            elif child.type == "html_inline":
                self._note_raw_html((child,), line)
                for match in re.finditer(r"""(?:src|href)\s*=\s*["']?([^"'\s>]+)""", child.content):
                    found.append(Reference(match[1], "src=" in match[0].replace(" ", ""),
                                           SourceLocation(self.path, line)))
        self.references.extend(found)
        return tuple(found)

    def _note_raw_html(self, children: Sequence[Token], line: int) -> None:
        """Raw HTML among inline tokens for `check_raw_html`: tags, and text a browser would read as a tag.

        markdown-it keeps `<img/src=x onerror=…>` or `<abbr title="x"onclick=…>` as text (they are not
        CommonMark tags) and the outputs show them as text; a browser would read them as tags, so they are
        reported like the tags they look like.
        """
        for child in children:
            if child.type == "html_inline":
                self.raw_html.append(RawHtml(child.content, SourceLocation(self.path, line)))
            elif child.type == "text":
                for match in _TAG_LIKE.finditer(child.content):
                    self.raw_html.append(RawHtml(match[0], SourceLocation(self.path, line)))
            if child.type in ("softbreak", "hardbreak"):
                line += 1

    def _note_attributes(self, attributes: Attributes, location: SourceLocation) -> None:
        """A heading's attributes beyond its id, the documented classes and the session's minutes and method.

        A near miss of `.facilitator-only` is an error (participants would see the section); any other
        attribute is advice: no output writes it, so nothing is wrong or unsafe, but the author meant something.
        """
        for name in attributes.unknown_classes:
            if _FACILITATOR_CLASS.search(name.lower()) or name.lower() in AUTHOR_CLASSES:
                self.problems.append(Problem(location, "attr.facilitator_class",
                                             f"'.{name}' is not '.facilitator-only': participants would see "
                                             "this section"))
            else:
                allowed = ", ".join(f"'.{c}'" for c in AUTHOR_CLASSES)
                self.problems.append(Problem(location, "attr.not_allowed",
                                             f"class '.{name}' is not one the outputs know, so it is left out "
                                             f"(allowed: {allowed})", warning=True))
        for key in attributes.unknown_keys:
            allowed = ", ".join(f"'{k}='" for k in SESSION_ATTRIBUTES)
            self.problems.append(Problem(location, "attr.not_allowed",
                                         f"attribute '{key}' is left out of every output (a heading takes an id, "
                                         f"{allowed})", warning=True))

    def _note_inline_attributes(self, inline: Token, location: SourceLocation) -> None:
        """`{: …}` after a paragraph, link or image: only headings take attributes; here it would be text."""
        for offset, line in enumerate(inline.content.split("\n")):
            match = _INLINE_ATTRIBUTES.search(line)
            if match:
                shown = match[0].strip(")").strip()[:60]
                self.problems.append(Problem(SourceLocation(location.path, location.line + offset), "attr.not_allowed",
                                             f"'{shown}': attribute lists are read on headings only; here "
                                             "participants would see it as text"))


def _without_comments(text: str) -> str:
    """A title without HTML comments (authors' notes reach no output, titles on slides and in menus included)."""
    return "".join(piece.text for piece in html_pieces(text) if piece.kind != "comment") if "<!--" in text else text


def deepest_line(body: Sequence[str]) -> int:
    """The 0-based line nested deepest (where a runaway nesting is)."""
    return max(range(len(body)), key=lambda i: _line_depth(body[i]), default=0)


def _deepest_nesting(text: str) -> int:
    """Rough nesting depth of a text, measured before parsing (see `_line_depth`)."""
    return max((_line_depth(line) for line in text.split("\n")), default=0)


def _line_depth(line: str) -> int:
    """Rough nesting depth of one line: indentation in steps of 4 (or list markers) plus quote markers."""
    stripped = line.lstrip(" \t>")
    if not stripped:
        return 0
    prefix = line[: len(line) - len(stripped)]
    markers = len(re.findall(r"[-*+] (?=[-*+] )", stripped))  # `- - - x`: lists on one line
    quotes = prefix.count(">")
    spaces = len(re.sub(r"> ?", "", prefix).expandtabs(4))
    return quotes + spaces // 4 + markers


_BREAK = "\x00"
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def _plain_children(children: Sequence[Token]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content if child.type != "html_inline" else "")
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(_BREAK)
        elif child.type == "image":
            parts.append("")
    return _join_lines("".join(parts))


def _join_lines(text: str) -> str:
    """Source line breaks become spaces, except between Chinese or Japanese characters (no spaces there)."""
    pieces = text.split(_BREAK)
    joined = pieces[0]
    for piece in pieces[1:]:
        left, right = joined.rstrip()[-1:], piece.lstrip()[:1]
        glue = "" if _CJK.match(left or " ") or _CJK.match(right or " ") else " "
        joined = joined.rstrip() + glue + piece.lstrip()
    return joined


def _plain(inline: Token) -> str:
    """The words of an inline token, without Markdown marks, attribute lists or images."""
    text = _plain_children(inline.children or ())
    return " ".join(ATTR_BLOCK.sub("", text).split()) if "{" in text else " ".join(text.split())


def _term_and_explanation(inline: Token) -> tuple[str, str]:
    """`**term**: explanation` → (term, explanation); ("", text) for an item written otherwise."""
    children = [c for c in inline.children or () if not (c.type == "text" and not c.content)]
    if len(children) < 3 or children[0].type != "strong_open":
        return "", _plain(inline)
    close = next((i for i, c in enumerate(children) if c.type == "strong_close"), None)
    if close is None:
        return "", _plain(inline)
    term = " ".join(_plain_children(children[1:close]).split())
    rest = " ".join(_plain_children(children[close + 1 :]).split())
    if not rest.startswith(_TERM_SEPARATORS):
        return "", _plain(inline)
    return term, rest[1:].strip()


# --- modules, sessions, cases, worksheets ---------------------------------------------------------


def _language_view(language, pages: tuple[Page, ...], settings: Settings | None, problems: list[Problem],
                   index_folders: frozenset[str] = frozenset()) -> LanguageView:
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
            problems.append(Problem(page.entry("kind").source if page.entry("kind") else page.source,
                                    "page.invalid_value", "a session page belongs in a module folder, beside the "
                                    "module's index.md (kind: module)"))
    modules = []
    for number, page in enumerate(module_pages, start=1):
        own = ()
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
             method) -> Session:
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


# --- glossary ---------------------------------------------------------------------------------


def _build_glossary(pages: tuple[Page, ...], site: SiteConfig, problems: list[Problem]) -> tuple[GlossaryEntry, ...]:
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
