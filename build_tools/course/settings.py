"""docs/course.yml → Settings: titles, edition, day plan, teaching methods, interface words, class size.

Read with line numbers (YAML nodes), collecting every problem instead of stopping at the first, and
never building a Python object from a YAML tag.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from build_tools.course.interface_words import VALUE_NAMES, WORD_KEYS, expand, merged_words, unknown_fields
from build_tools.course.model import Language
from build_tools.course.problems import ADVICE, FIXES, Problem
from build_tools.course.schedule import clock
from build_tools.course.settings_model import (
    ClassSize,
    Day,
    LocalText,
    Material,
    MaterialsList,
    Method,
    Pause,
    PauseKind,
    Per,
    RuleChoice,
    Settings,
)
from build_tools.course.source import SourceLocation, relative
from build_tools.course.yaml_nodes import SCALAR_ERRORS, compose, has_standard_tag, scalar_value

SETTINGS_FILE = "course.yml"

DEFAULT_METHODS: tuple[dict[str, str], ...] = (
    {"zh": "讲授", "en": "lecture"},
    {"zh": "案例分析", "en": "case study"},
    {"zh": "小组讨论", "en": "group discussion"},
    {"zh": "角色演练", "en": "role play"},
    {"zh": "分享", "en": "sharing"},
    {"zh": "视频", "en": "video"},
    {"zh": "训练", "en": "exercise"},
)
"""The teaching methods a course has unless course.yml lists its own under `methods:`."""

_TEXT_KEYS = ("title", "subtitle", "audience", "author")
_SETTINGS_KEYS = (
    *_TEXT_KEYS, "edition", "teaching_minutes", "days", "slug", "methods", "words", "class",
    "modules_may_span_days", "release", "tagged_pdf", "rules", "printable_cover", "materials",
)
_SLUG = re.compile(r"[a-z0-9][a-z0-9\-]{0,39}")
_MAX_SCALAR = 2000  # characters of a value quoted back in a message


class SettingsReader:
    """Reads course.yml with line numbers, collecting every problem instead of stopping at the first."""

    def __init__(self, display: Path, languages: tuple[Language, ...], problems: list[Problem]):
        self.display, self.languages, self.problems = display, languages, problems

    def at(self, node: yaml.Node | None) -> SourceLocation:
        """The line of a YAML node (the file's first line when there is none)."""
        return SourceLocation(self.display, node.start_mark.line + 1 if node is not None else 1)

    def report(self, node: yaml.Node | None, code: str, message: str) -> None:
        """Record a problem at a node's line."""
        self.problems.append(Problem(self.at(node), code, message))

    def mapping(self, node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        """A mapping node's entries by key; None (after a problem) when the node is not a mapping."""
        if not isinstance(node, yaml.MappingNode):
            self.report(node, "settings.invalid", f"{what} must be a mapping of keys to values")
            return None
        return {str(k.value): (k, v) for k, v in node.value}

    def fields(
        self, node: yaml.Node, what: str, allowed: tuple[str, ...]
    ) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        """A mapping's entries, each key not in `allowed` reported as unknown (`what` names the mapping)."""
        entries = self.mapping(node, what)
        for key, (key_node, _) in (entries or {}).items():
            if key not in allowed:
                self.report(key_node, "settings.unknown_key", f"unknown key '{key}' in {what}")
        return entries

    def scalar(self, node: yaml.Node) -> object:
        """A scalar's value (YAML's standard types only); None, after a problem, for a list, a mapping or a
        value with a custom tag (`!!python/…` is never built)."""
        if not isinstance(node, yaml.ScalarNode):
            self.report(node, "settings.invalid", "a single value is needed here, not a list or mapping")
            return None
        if has_standard_tag(node):
            try:
                return scalar_value(node)
            except SCALAR_ERRORS as error:  # 2026-02-30 reads as a date, then fails
                self.report(node, "settings.invalid", f"'{str(node.value)[:_MAX_SCALAR]}' cannot be read: {error}")
                return None
        self.report(node, "settings.invalid", f"the tag '{node.tag}' is not allowed in course.yml")
        return None

    def text(self, node: yaml.Node) -> str:
        """A scalar's value as text, shortened for messages (empty, after a problem, for a non-scalar)."""
        value = self.scalar(node)
        text = "" if value is None else str(value)
        return text if len(text) <= _MAX_SCALAR else text[:_MAX_SCALAR] + "…"

    def local_text(self, key: str, entry: tuple[yaml.Node, yaml.Node] | None, parent: yaml.Node | None) -> LocalText:
        """A text given once per language, e.g. `title: {zh: …, en: …}`."""
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
        for extra in sorted(set(values) - {lang.code for lang in self.languages}):
            self.report(values[extra][0], "settings.unknown_key", f"'{key}' has an unknown language '{extra}'")
        return LocalText(texts)

    def clock(self, node: yaml.Node, what: str) -> int:
        """`"09:00"` → 540; unquoted `10:15` too, read as written (YAML 1.1 would make it 615, base 60)."""
        if self.scalar(node) is None:
            return 0
        text = str(node.value)[:_MAX_SCALAR] if isinstance(node, yaml.ScalarNode) else self.text(node)
        match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text)
        if not match:
            self.report(node, "settings.invalid", f"{what} must be a clock time like \"09:00\", not '{text}'")
            return 0
        return int(match[1]) * 60 + int(match[2])

    def whole(self, node: yaml.Node, what: str) -> int:
        """A positive whole number."""
        value = self.scalar(node)
        if value is None:
            return 0
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            self.report(node, "settings.invalid", f"{what} must be a positive whole number, not '{self.text(node)}'")
            return 0
        return value

    def flag(self, node: yaml.Node, what: str) -> bool:
        """true or false."""
        value = self.scalar(node)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.report(node, "settings.invalid", f"{what} must be true or false, not '{self.text(node)}'")
            return False
        return value


def load_settings(root: Path, path: Path, languages: tuple[Language, ...], problems: list[Problem]) -> Settings | None:
    """Read docs/course.yml; every problem goes to `problems`; None when the file cannot be read at all."""
    display = relative(root, path)
    reader = SettingsReader(display, languages, problems)
    if not path.is_file():
        problems.append(Problem(SourceLocation(display, 1), "settings.missing", "docs/course.yml is missing"))
        return None
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        problems.append(Problem(SourceLocation(display, line), "page.encoding", "the file is not saved as UTF-8"))
        return None
    wide = next((n for n, line in enumerate(text.split("\n"), 1) if re.match(r"[ \t]*[\u3000\u00a0]", line)), None)
    if wide is not None:  # a Chinese input method's spaces: YAML reads them as part of a key, not as indentation
        problems.append(Problem(SourceLocation(display, wide), "settings.invalid",
                                "this line is indented with full-width or no-break spaces: indent with ordinary "
                                "spaces"))
        return None
    try:
        node = compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problems.append(Problem(SourceLocation(display, line), "settings.invalid", f"not valid YAML: {_brief(error)}"))
        return None
    entries = reader.mapping(node, "course.yml") if node is not None else None
    if entries is None:
        if node is None:
            problems.append(Problem(SourceLocation(display, 1), "settings.missing", "docs/course.yml is empty"))
        return None
    for key in entries:
        if key not in _SETTINGS_KEYS:
            reader.report(entries[key][0], "settings.unknown_key", f"unknown course setting '{key}'")
    texts = {key: reader.local_text(key, entries.get(key), node) for key in _TEXT_KEYS}
    edition = dt.date(1970, 1, 1)
    if "edition" not in entries:
        reader.report(node, "settings.missing", "course setting 'edition' is missing")
    else:
        value = reader.scalar(entries["edition"][1])
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            edition = value
        elif value is not None:
            reader.report(entries["edition"][1], "settings.invalid",
                          f"'edition' must be a date like 2026-11-27, not '{reader.text(entries['edition'][1])}'")
    teaching = 0
    if "teaching_minutes" not in entries:
        reader.report(node, "settings.missing", "course setting 'teaching_minutes' is missing")
    else:
        teaching = reader.whole(entries["teaching_minutes"][1], "'teaching_minutes'")
    slug = "course"
    if "slug" in entries:
        slug = reader.text(entries["slug"][1])
        if slug and not _SLUG.fullmatch(slug):
            reader.report(entries["slug"][1], "settings.invalid",
                          f"'slug' must be lower-case letters, digits and hyphens (at most 40), not '{slug}'")
        slug = slug if _SLUG.fullmatch(slug) else "course"
    return Settings(
        edition=edition,
        teaching_minutes=teaching,
        days=_days(reader, entries.get("days"), node),
        source=SourceLocation(display, 1),
        slug=slug,
        methods=_methods(reader, entries.get("methods"), node),
        words=_words(reader, entries.get("words"), node),
        class_size=_class_size(reader, entries.get("class")),
        modules_may_span_days=reader.flag(entries["modules_may_span_days"][1], "'modules_may_span_days'")
        if "modules_may_span_days" in entries else False,
        release=reader.flag(entries["release"][1], "'release'") if "release" in entries else False,
        tagged_pdf=reader.flag(entries["tagged_pdf"][1], "'tagged_pdf'") if "tagged_pdf" in entries else True,
        rules=_rules(reader, entries.get("rules")),
        printable_cover=reader.flag(entries["printable_cover"][1], "'printable_cover'")
        if "printable_cover" in entries else False,
        materials=_materials(reader, entries.get("materials")),
        key_sources={key: reader.at(entries[key][0]) for key in entries},
        **texts,
    )


def _brief(error: yaml.YAMLError) -> str:
    """A YAML error's first lines: never the (possibly huge) value it was reading."""
    return " ".join(str(error).split("\n")[:2])[:300]


def _days(
    reader: SettingsReader, entry: tuple[yaml.Node, yaml.Node] | None, parent: yaml.Node | None
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
        fields = reader.fields(day_node, f"day {number}", ("start", "end", "pauses"))
        if fields is None:
            continue
        clock = {}
        for key in ("start", "end"):
            if key in fields:
                clock[key] = reader.clock(fields[key][1], f"day {number} '{key}'")
            else:
                reader.report(day_node, "settings.missing", f"day {number} has no '{key}' time")
                clock[key] = 0
        if clock["start"] and clock["end"] and clock["end"] <= clock["start"]:
            reader.report(day_node, "settings.invalid", f"day {number} ends before it starts")
        pauses = _pauses(reader, fields.get("pauses"), number, clock["start"], clock["end"])
        days.append(Day(number, clock["start"], clock["end"], pauses, reader.at(day_node)))
    return tuple(days)


def _pauses(reader: SettingsReader, entry: tuple[yaml.Node, yaml.Node] | None, day: int, start: int,
            end: int) -> tuple[Pause, ...]:
    if entry is None:
        return ()
    if not isinstance(entry[1], yaml.SequenceNode):
        reader.report(entry[1], "settings.invalid", f"day {day} 'pauses' must be a list")
        return ()
    pauses = []
    for pause_node in entry[1].value:
        fields = reader.fields(pause_node, f"a pause of day {day}", ("start", "minutes", "kind"))
        if fields is None:
            continue
        missing = [k for k in ("start", "minutes", "kind") if k not in fields]
        for key in missing:
            reader.report(pause_node, "settings.missing", f"a pause of day {day} has no '{key}'")
        if missing:
            continue
        kind_text = reader.text(fields["kind"][1])
        try:
            kind = PauseKind(kind_text)
        except ValueError:
            reader.report(fields["kind"][1], "settings.invalid",
                          f"pause kind must be 'break', 'lunch' or 'buffer', not '{kind_text}'")
            continue
        pause_start = reader.clock(fields["start"][1], f"a pause of day {day} 'start'")
        minutes = reader.whole(fields["minutes"][1], f"a pause of day {day} 'minutes'")
        pause = Pause(pause_start, minutes, kind, reader.at(pause_node))
        if start and end and (pause.start < start or pause.end > end):
            reader.report(pause_node, "settings.invalid",
                          f"the {kind.value} at {clock(pause.start)} is not inside day {day} "
                          f"({clock(start)}–{clock(end)})")
            continue  # left out of the agenda, so the day's timing is not reported wrong as well
        pauses.append(pause)
    kept: list[Pause] = []
    for pause in sorted(pauses, key=lambda p: p.start):
        if kept and pause.start < kept[-1].end:
            before = kept[-1]
            reader.problems.append(Problem(pause.source, "settings.invalid",
                                           f"the {pause.kind.value} at {clock(pause.start)} overlaps the "
                                           f"{before.kind.value} at {clock(before.start)}"))
            continue
        kept.append(pause)
    return tuple(kept)


def _methods(reader: SettingsReader, entry: tuple[yaml.Node, yaml.Node] | None,
             parent: yaml.Node | None) -> tuple[Method, ...]:
    """`methods:` — a list of `{zh: 讲授, en: lecture}` (`steps: true` marks a method taught in numbered steps);
    the defaults when absent (they name the methods in Chinese and English only: a course in another language
    lists its own)."""
    codes = [lang.code for lang in reader.languages]
    if entry is None:
        unnamed = [code for code in codes if not all(code in names for names in DEFAULT_METHODS)]
        if unnamed:
            reader.report(parent, "settings.missing",
                          f"course setting 'methods' is missing: the built-in methods have no names in "
                          f"{', '.join(repr(code) for code in unnamed)}")
            return ()
        return tuple(Method({code: names[code] for code in codes}) for names in DEFAULT_METHODS)
    node = entry[1]
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        reader.report(node, "settings.invalid", "'methods' must be a list of names, one entry per method, "
                                                "e.g. - {zh: 讲授, en: lecture}")
        return ()
    methods = []
    for item in node.value:
        fields = reader.mapping(item, "a method")
        if fields is None:
            continue
        names = {}
        for code in codes:
            found = fields.get(code)
            name = reader.scalar(found[1]) if found else None
            if not isinstance(name, str) or not name.strip():
                reader.report(item, "settings.missing", f"a method has no '{code}' name")
                continue
            names[code] = name.strip()
        steps = reader.flag(fields["steps"][1], "a method's 'steps'") if "steps" in fields else False
        for extra in sorted(set(fields) - set(codes) - {"steps"}):
            reader.report(fields[extra][0], "settings.unknown_key", f"a method has an unknown language '{extra}'")
        if len(names) == len(codes):
            methods.append(Method(names, steps))
    return tuple(methods)


def _words(reader: SettingsReader, entry: tuple[yaml.Node, yaml.Node] | None,
           parent: yaml.Node | None) -> dict[str, dict[str, str]]:
    """`words:` — per language, interface words that replace the defaults (all of them for a new language)."""
    given: dict[str, dict[str, str]] = {lang.code: {} for lang in reader.languages}
    node = entry[1] if entry else None
    fields = reader.mapping(node, "'words'") if node is not None else {}
    for code, (key_node, value_node) in (fields or {}).items():
        if code not in given:
            reader.report(key_node, "settings.unknown_key", f"'words' has an unknown language '{code}'")
            continue
        written = reader.mapping(value_node, f"'words: {code}'") or {}
        for word, (word_key, word_value) in written.items():
            if word not in WORD_KEYS:
                reader.report(word_key, "settings.unknown_key", f"unknown interface word '{word}' in 'words: {code}'")
                continue
            given[code][word] = reader.text(word_value)
            for field in unknown_fields(given[code][word]):
                reader.report(word_value, "settings.invalid",
                              f"'{{{field}}}' in the word '{word}' is not a field the outputs fill: use another "
                              f"word's name or one of {', '.join(f'{{{n}}}' for n in sorted(VALUE_NAMES))}")
    result = {}
    for lang in reader.languages:
        words, missing = merged_words(lang.code, given[lang.code])
        if missing:
            where = fields[lang.code][0] if fields and lang.code in fields else (node or parent)
            reader.report(where, "settings.words",
                          f"no interface words for '{lang.code}' ({lang.name}): add under 'words: {lang.code}:' "
                          f"{', '.join(missing)}")
            words = {**merged_words("en", {})[0], **words}
        result[lang.code] = expand(words)
    return result


def _rules(reader: SettingsReader, entry: tuple[yaml.Node, yaml.Node] | None) -> RuleChoice:
    """`rules: {strict: true, select: [session.no_purpose], ignore: [session.key_point]}` — how the course takes
    the house-style advice. Only advice can be selected or ignored: an error means a wrong output."""
    if entry is None:
        return RuleChoice()
    fields = reader.fields(entry[1], "'rules'", ("strict", "select", "ignore"))
    if fields is None:
        return RuleChoice()
    strict = reader.flag(fields["strict"][1], "'rules: strict'") if "strict" in fields else False
    chosen: dict[str, frozenset[str]] = {}
    for key in ("select", "ignore"):
        node = fields[key][1] if key in fields else None
        if node is None:
            chosen[key] = frozenset()
            continue
        if not isinstance(node, yaml.SequenceNode):
            reader.report(node, "settings.invalid", f"'rules: {key}' must be a list of problem codes, "
                                                    "e.g. [session.key_point]")
            chosen[key] = frozenset()
            continue
        codes = set()
        for item in node.value:
            code = reader.text(item)
            if code in ADVICE:
                codes.add(code)
            elif code in FIXES:
                reader.report(item, "settings.invalid", f"'{code}' is an error, not advice: an output would be wrong "
                                                        "without it, so it cannot be selected or ignored")
            elif code:
                reader.report(item, "settings.invalid", f"'{code}' is not a problem code (README, 'Problem codes')")
        chosen[key] = frozenset(codes)
    for code in sorted(chosen["select"] & chosen["ignore"]):
        reader.report(fields["ignore"][1], "settings.invalid", f"'{code}' is both selected and ignored")
    return RuleChoice(strict, chosen["select"], chosen["ignore"] - chosen["select"])


def _class_size(reader: SettingsReader, entry: tuple[yaml.Node, yaml.Node] | None) -> ClassSize | None:
    """`class: {participants: 24, groups: 4, trainers: 1}` — who is in the room."""
    if entry is None:
        return None
    fields = reader.fields(entry[1], "'class'", ("participants", "groups", "trainers"))
    if fields is None:
        return None
    values = {}
    for key in ("participants", "groups", "trainers"):
        if key in fields:
            values[key] = reader.whole(fields[key][1], f"'class: {key}'")
        elif key != "trainers":
            reader.report(entry[1], "settings.missing", f"'class' has no '{key}'")
    if not values.get("participants") or not values.get("groups"):
        return None
    if values["groups"] > values["participants"]:
        reader.report(fields["groups"][1], "settings.invalid", "'class: groups' is larger than 'participants'")
    return ClassSize(values["participants"], values["groups"], values.get("trainers") or 1)


def _materials(reader: SettingsReader, entry: tuple[yaml.Node, yaml.Node] | None) -> MaterialsList | None:
    """`materials: {spare_percent: 10, items: [{zh: 便利贴, en: sticky notes, per: participant, count: 5}]}` —
    what the materials checklist counts: one row per material, with the quantity for the class."""
    if entry is None:
        return None
    fields = reader.fields(entry[1], "'materials'", ("spare_percent", "items"))
    if fields is None:
        return None
    spare = 0
    if "spare_percent" in fields:
        value = reader.scalar(fields["spare_percent"][1])
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            reader.report(fields["spare_percent"][1], "settings.invalid",
                          f"'materials: spare_percent' must be a whole number from 0 to 100, not "
                          f"'{reader.text(fields['spare_percent'][1])}'")
        else:
            spare = value
    items = fields.get("items")
    if items is None or not isinstance(items[1], yaml.SequenceNode) or not items[1].value:
        reader.report(items[1] if items else entry[1], "settings.invalid",
                      "'materials: items' must be a list, e.g. - {zh: 便利贴, en: sticky notes, per: participant}")
        return None
    codes = [lang.code for lang in reader.languages]
    found = []
    for item in items[1].value:
        material = reader.fields(item, "a material", (*codes, "per", "count"))
        if material is None:
            continue
        names = {code: reader.text(material[code][1]).strip() for code in codes if code in material}
        missing = [code for code in codes if not names.get(code)]
        for code in missing:
            reader.report(item, "settings.missing", f"a material has no '{code}' name")
        per_text = reader.text(material["per"][1]) if "per" in material else ""
        per = next((each for each in Per if each.value == per_text), None)
        if per is None:
            reader.report(material["per"][1] if "per" in material else item, "settings.invalid",
                          f"a material's 'per' must be one of {', '.join(each.value for each in Per)}, "
                          f"not '{per_text}'")
        count = reader.whole(material["count"][1], "a material's 'count'") if "count" in material else 1
        if not missing and per is not None and count:
            found.append(Material(names, per, count, reader.at(item)))
    return MaterialsList(tuple(found), spare)
