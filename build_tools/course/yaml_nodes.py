"""YAML read as nodes (with their lines), and a scalar's value built with YAML's standard types only.

Every YAML file of a course (course.yml, front matter, translation records, decks.yml) is read here, so
none of them can ever build a Python object from a tag (`!!python/…`), and each keeps the line of every
key for its problems.
"""

from __future__ import annotations

from typing import Any

import yaml

SCALAR_ERRORS: tuple[type[Exception], ...] = (ValueError, OverflowError, yaml.YAMLError)
"""What `scalar_value` raises for a value its type cannot hold (`2026-02-30` reads as a date, then fails)."""


FAST_LOADER: type | None = getattr(yaml, "CSafeLoader", None)
"""libyaml's parser, when PyYAML was built with it: five times as fast as PyYAML's own (course.yml and the
translation records are read at every check)."""


def compose(text: str) -> yaml.Node | None:
    """The document's node tree (None for an empty document); raises yaml.YAMLError for invalid YAML.

    Read with libyaml when it is there; a document it refuses is read again with PyYAML's own parser, so the
    error names what it always named, in the same words."""
    if FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def has_standard_tag(node: yaml.ScalarNode) -> bool:
    """True for YAML's own types (text, numbers, booleans, dates, null) and the non-specific `!` tag."""
    return node.tag.startswith("tag:yaml.org,2002:") or node.tag == "!"


def scalar_value(node: yaml.ScalarNode) -> Any:
    """A scalar's value as YAML's safe loader builds it (text, a number, a date, …: callers check its type);
    raises one of SCALAR_ERRORS when it cannot be built (a custom tag included: callers that accept only
    standard tags ask `has_standard_tag` first)."""
    try:
        return yaml.constructor.SafeConstructor().construct_object(node, deep=True)
    except yaml.YAMLError:  # a tag it cannot build: the error as YAML's safe loader words it, as before
        return yaml.safe_load(yaml.serialize(node))
