"""slides/decks.yml → DeckSettings: which decks to build and how slides look and are cut.

Declared once with types, defaults and a description per key; unknown keys and wrong values are
problems with `path:line`, all reported together. The file holds no course facts (titles, minutes,
modules): those come from docs/.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from build_tools.course.problems import CourseError, Problem
from build_tools.course.source import SourceLocation, relative
from build_tools.course.yaml_nodes import compose, scalar_value

SETTINGS_FILE = Path("slides/decks.yml")

def _key(doc: str, default: Any = dataclasses.MISSING) -> Any:
    return field(default=default, metadata={"doc": doc})


@dataclass(frozen=True)
class Decks:
    """Which decks to build."""

    languages: tuple[str, ...] = _key("languages of docs/ to build decks for (all when empty)", ())
    whole_course: bool = _key("build one deck for the whole course, however many days (old name: full_day)", True)
    modules: bool = _key("build one deck per module", True)


@dataclass(frozen=True)
class Layouts:
    """The template's layout name for each kind of slide."""

    title: str = _key("title slide: title (idx 0) and subtitle (idx 1)", "Title")
    agenda: str = _key("agenda with clock times: title (idx 0) and body (idx 1)", "Agenda")
    section: str = _key("one per session: title (idx 0) and method, minutes, time (idx 1)", "Section")
    content: str = _key("key points: title (idx 0) and body (idx 1)", "Title and Content")
    content_with_image: str = _key("key points beside an image: title (0), body (1), image area (2)", "Two Content")
    discussion: str = _key("discussion and case questions: title (idx 0) and body (idx 1)", "Case and Discussion")
    closing: str = _key("action plan or objectives: title (idx 0) and body (idx 1)", "Closing")


@dataclass(frozen=True)
class Fonts:
    """Typefaces written on every text run (and into the template's theme by slides/make_template.py)."""

    latin: str = _key("font for Latin letters and digits", "Arial")
    east_asian: str = _key("font for Chinese characters", "Microsoft YaHei")


@dataclass(frozen=True)
class Sizes:
    """Font sizes in points."""

    cover_title: float = _key("course or module title on the title slide", 40)
    title: float = _key("slide titles", 32)
    min_title: float = _key("smallest a long title may shrink to", 24)
    subtitle: float = _key("title slide subtitle and section slide details", 24)
    body: float = _key("key points, questions and objectives: the largest size, one size for a whole deck", 24)
    min_body: float = _key("smallest body text; below this, lists go onto continuation slides", 18)
    agenda: float = _key("agenda rows: the largest size, when the rows fit", 24)
    min_diagram: float = _key("smallest text in a diagram (labels, text, points): its shapes are laid out to fit", 18)
    notes: float = _key("speaker notes: the largest size, when a slide's notes fit its printed notes page", 12)
    min_notes: float = _key("smallest speaker notes: long notes shrink to fit the notes page down to this; notes "
                            "that do not fit even so are advice (slides.long_notes)", 10)


@dataclass(frozen=True)
class DeckSettings:
    """Everything slides/decks.yml says, with the template resolved to a path."""

    source: Path
    template: Path
    decks: Decks = field(default_factory=Decks)
    layouts: Layouts = field(default_factory=Layouts)
    fonts: Fonts = field(default_factory=Fonts)
    sizes: Sizes = field(default_factory=Sizes)
    max_bullets: int = 6
    max_lines: int = 10
    max_words: int = 120
    max_question_words: int = 180
    extra_slides_percent: float = 10
    max_agenda_rows: int = 12
    line_spacing: float = 1.0
    paragraph_space: float = 6
    agenda_row_space: float = 2
    bullet_indent: float = 27
    key_sources: dict[str, SourceLocation] = field(default_factory=dict, compare=False)

    def where(self, key: str) -> SourceLocation:
        """The line of a (dotted) key, or the file's first line when the key is not written."""
        return self.key_sources.get(key, SourceLocation(self.source, 1))


_TOP_LEVEL_DOCS = {
    "template": "the .pptx template, relative to decks.yml (slides/template.pptx unless set)",
    "max_bullets": "most key points or questions on one slide before a continuation slide",
    "max_lines": "most lines of key points or questions on one slide before a continuation slide",
    "max_words": "most words on a slide of key points or questions, its title counted (Chinese: two characters "
                 "a word); a longer list continues on the next slide, one item longer than that is a warning",
    "max_question_words": "the same for a slide of a discussion's or a case's questions, which groups work through "
                          "together: they stay on one slide while they fit it at min_body or larger",
    "extra_slides_percent": "how many more list slides (in percent) a deck may have to keep its one body size larger",
    "max_agenda_rows": "most agenda rows on one slide",
    "line_spacing": "line spacing of body text, as a multiple of single spacing",
    "paragraph_space": "space before each body paragraph, in points",
    "agenda_row_space": "space before each agenda row, in points (day and module headings get twice paragraph_space)",
    "bullet_indent": "room for the bullet or number before a paragraph, in points",
}
_SECTIONS = {"decks": Decks, "layouts": Layouts, "fonts": Fonts, "sizes": Sizes}


def load_deck_settings(
    root: Path, settings_file: Path | None = None, template: Path | None = None, require_template: bool = True
) -> DeckSettings:
    """Read and check decks.yml; raise CourseError listing every problem. `template` overrides its `template:`.

    `require_template=False` is for slides/make_template.py, which reads the fonts and layout names
    before the template exists.
    """
    path = (settings_file or root / SETTINGS_FILE).resolve()
    display = relative(root.resolve(), path)
    problems: list[Problem] = []
    sources: dict[str, SourceLocation] = {}

    def report(node: yaml.Node | None, code: str, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        problems.append(Problem(SourceLocation(display, line), code, message))

    if not path.is_file():
        report(None, "slides.invalid", f"the deck settings file {display} is missing")
        raise CourseError(problems)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:  # e.g. saved as GBK by Notepad on a Chinese Windows PC
        line = data[: error.start].count(b"\n") + 1
        raise CourseError([Problem(SourceLocation(display, line), "page.encoding",
                                   "the file is not saved as UTF-8")]) from None
    try:
        document = compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = Problem(SourceLocation(display, line), "slides.invalid", f"not valid YAML: {error}")
        raise CourseError([problem]) from error
    values: dict[str, Any] = {}
    if document is not None and not isinstance(document, yaml.MappingNode):
        report(document, "slides.invalid", "decks.yml must be a mapping of keys to values")
    entries = document.value if isinstance(document, yaml.MappingNode) else []
    for key_node, value_node in entries:
        key = str(key_node.value)
        sources[key] = SourceLocation(display, key_node.start_mark.line + 1)
        if key in _SECTIONS:
            values[key] = _section(key, _SECTIONS[key], value_node, report, sources, display)
        elif key in _TOP_LEVEL_DOCS:
            values[key] = _scalar(key, value_node, report)
        elif key in _RETIRED:
            continue
        else:
            allowed = ", ".join([*_SECTIONS, *_TOP_LEVEL_DOCS])
            report(key_node, "slides.unknown_key", f"unknown deck setting '{key}' (allowed: {allowed})")
    settings_values = {k: v for k, v in values.items() if k != "template" and v is not None}
    template_path = template.resolve() if template else path.parent / str(values.get("template") or "template.pptx")
    settings = DeckSettings(source=display, template=template_path, key_sources=sources, **settings_values)
    problems += _check_values(settings)
    if require_template and not template_path.is_file():
        where = settings.where("template") if template is None else SourceLocation(display, 1)
        problems.append(Problem(where, "slides.template", f"the slide template {template_path} does not exist"))
    if problems:
        raise CourseError(problems)
    return settings


_EXPECTED: dict[str, tuple[type, ...]] = {
    "template": (str,), "max_bullets": (int,), "max_lines": (int,), "max_words": (int,), "max_question_words": (int,),
    "max_agenda_rows": (int,),
    "extra_slides_percent": (int, float),
    "line_spacing": (int, float), "paragraph_space": (int, float), "bullet_indent": (int, float),
    "agenda_row_space": (int, float),
}


_KIND_NAMES = {(str,): "text", (int,): "a whole number", (int, float): "a number", (bool,): "true or false"}


def _scalar(key: str, node: yaml.Node, report: Any, expected: tuple[type, ...] | None = None) -> Any:
    value = scalar_value(node) if isinstance(node, yaml.ScalarNode) else node
    wanted = expected or _EXPECTED[key]
    if isinstance(value, bool) and bool not in wanted or not isinstance(value, wanted):
        report(node, "slides.invalid", f"'{key}' must be {_KIND_NAMES[wanted]}")
        return None
    return float(value) if float in wanted and isinstance(value, int | float) and not isinstance(value, bool) else value


_OLD_NAMES = {"decks.full_day": "whole_course"}
"""Keys renamed since a course wrote them: still read, under their new name."""
_RETIRED = frozenset({"max_notes"})
"""Keys a course may still write that no longer mean anything: read and ignored (notes no longer continue
on a slide of their own; `sizes.min_notes` sets how small a long note may print)."""


def _section(name: str, schema: type, node: yaml.Node, report: Any, sources: dict[str, SourceLocation],
             display: Path) -> Any:
    if not isinstance(node, yaml.MappingNode):
        report(node, "slides.invalid", f"'{name}' must be a mapping of keys to values")
        return None
    fields = {f.name: f for f in dataclasses.fields(schema)}
    values: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        key = _OLD_NAMES.get(f"{name}.{key}", key)
        dotted = f"{name}.{key}"
        if key not in fields:
            allowed = ", ".join(fields)
            report(key_node, "slides.unknown_key", f"unknown key '{key}' under '{name}' (allowed: {allowed})")
            continue
        sources[dotted] = SourceLocation(display, key_node.start_mark.line + 1)
        default = fields[key].default
        if isinstance(default, tuple):
            items = value_node.value if isinstance(value_node, yaml.SequenceNode) else None
            if items is None or not all(isinstance(i, yaml.ScalarNode) for i in items):
                report(value_node, "slides.invalid", f"'{dotted}' must be a list, e.g. [zh, en]")
                continue
            values[key] = tuple(str(i.value) for i in items)
            continue
        expected: tuple[type, ...] = (bool,) if isinstance(default, bool) else (
            (int, float) if isinstance(default, (int, float)) else (str,))
        value = _scalar(dotted, value_node, report, expected)
        if value is not None:
            if isinstance(value, str) and not value.strip():
                report(value_node, "slides.invalid", f"'{dotted}' must not be empty")
                continue
            values[key] = value
    return schema(**values)


def _check_values(settings: DeckSettings) -> list[Problem]:
    problems: list[Problem] = []

    def bad(key: str, message: str) -> None:
        problems.append(Problem(settings.where(key), "slides.invalid", message))

    sizes = settings.sizes
    for f in dataclasses.fields(Sizes):
        if getattr(sizes, f.name) <= 0:
            bad(f"sizes.{f.name}", f"'sizes.{f.name}' must be a positive number of points")
    if sizes.min_body > sizes.body:
        bad("sizes.min_body", f"'sizes.min_body' ({sizes.min_body:g}) is larger than 'sizes.body' ({sizes.body:g})")
    if sizes.min_body > sizes.agenda:
        bad("sizes.agenda", f"'sizes.agenda' ({sizes.agenda:g}) is below 'sizes.min_body' ({sizes.min_body:g})")
    if sizes.min_title > sizes.title:
        bad("sizes.min_title",
            f"'sizes.min_title' ({sizes.min_title:g}) is larger than 'sizes.title' ({sizes.title:g})")
    if sizes.min_notes > sizes.notes:
        bad("sizes.min_notes",
            f"'sizes.min_notes' ({sizes.min_notes:g}) is larger than 'sizes.notes' ({sizes.notes:g})")
    for key in ("max_bullets", "max_lines", "max_words", "max_question_words", "max_agenda_rows"):
        if getattr(settings, key) < 1:
            bad(key, f"'{key}' must be at least 1")
    if settings.line_spacing <= 0:
        bad("line_spacing", "'line_spacing' must be positive")
    for key in ("paragraph_space", "agenda_row_space", "bullet_indent", "extra_slides_percent"):
        if getattr(settings, key) < 0:
            bad(key, f"'{key}' must not be negative")
    if not settings.decks.whole_course and not settings.decks.modules:
        bad("decks", "'decks' builds nothing: set 'whole_course' or 'modules' to true")
    return problems

