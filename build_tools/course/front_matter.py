"""A page's front matter: the `key: value` lines between `---` at its top, read with their lines.

Only the keys a page may have are read, each with its type; a value YAML would build as something else
(a custom tag, a list) is a problem, never an object. The page's kind is read here too, because every
later step depends on it.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from build_tools.course.model import FrontMatterEntry, PageKind
from build_tools.course.problems import Problem
from build_tools.course.source import SourceLocation
from build_tools.course.yaml_nodes import SCALAR_ERRORS, compose, has_standard_tag, scalar_value

_FRONT_MATTER_TYPES: dict[str, type] = {
    "kind": str, "minutes": int, "session": str, "facilitator_only": bool, "handout": str,
    "translated_from": str,
}
_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false"}


def read_front_matter(
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
        node = compose("\n".join(lines[1:end]))
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
        value = _value(value_node)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            shown = str(value_node.value)[:80] if isinstance(value_node, yaml.ScalarNode) else "a list or mapping"
            problems.append(Problem(where, "page.invalid_value",
                                    f"'{key}' must be {_TYPE_NAMES[expected]}, not '{shown}'"))
            entries.append(FrontMatterEntry(key, None, where))  # written, but unusable: not "missing" as well
            continue
        entries.append(FrontMatterEntry(key, value, where))
    return tuple(entries), end + 2


def _value(node: yaml.Node) -> object:
    """A scalar's value with YAML's standard types only; lists, mappings and custom tags are never built."""
    if not isinstance(node, yaml.ScalarNode):
        return None
    if has_standard_tag(node):
        try:
            return scalar_value(node)
        except SCALAR_ERRORS:  # 2026-02-30 reads as a date, then fails: its text
            return str(node.value)
    return None


def read_kind(front_matter: tuple[FrontMatterEntry, ...], body_start: int, source_path: Path,
              problems: list[Problem]) -> PageKind | None:
    """The page's kind (front matter `kind:`); None, after a problem, when it is missing or unknown."""
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
    return kind
