"""Diagrams written as data in the course source: a fenced block with the kind and a list.

    ```diagram cycle
    # The PDCA cycle
    - Plan: set the goal and the steps
    - Do: carry out the plan
    - Check: compare the result with the goal
    - Act: keep what worked, fix what did not
    ```

The first line after the fence may be the diagram's title (`# …`, also its accessible name); every
other line is an item, `- label: text` or `- label`; a comparison's columns take their points as
nested lines (`  - point`). Each output draws the same node in its own medium: grouped native shapes
on a slide, inline SVG on the site and in the PDF. Nothing here is a picture.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from build_tools.course.problems import Problem
from build_tools.course.source import SourceLocation

KINDS: dict[str, tuple[int, int, str]] = {
    "cycle": (3, 6, "steps that repeat in a circle (PDCA)"),
    "process": (2, 6, "steps from top to bottom"),
    "layers": (2, 5, "layers from top to bottom (a pyramid, an iceberg)"),
    "matrix": (4, 6, "a 2×2 or 3×2 grid, in reading order"),
    "hub": (4, 8, "a centre (the first item) and the items around it"),
    "comparison": (2, 3, "columns side by side, each with its points"),
}
"""Each kind: the fewest and most items it takes, and what it draws."""

_ITEM = re.compile(r"^- (?P<label>[^:：]+?)(?:\s*[:：]\s*(?P<text>.*))?$")
_POINT = re.compile(r"^\s{2,}- (?P<text>.+)$")


@dataclass(frozen=True)
class DiagramItem:
    """One box, segment or column of a diagram: its label, its short text and (comparison) its points."""

    label: str
    text: str
    source: SourceLocation
    points: tuple[str, ...] = ()

    @property
    def words(self) -> str:
        """The item as one line of text (the diagram's text alternative)."""
        main = f"{self.label}: {self.text}" if self.text else self.label
        return "; ".join([main, *self.points])


@dataclass(frozen=True)
class Diagram:
    """A diagram node: its kind (a key of `KINDS`), title and items, with the fence's line."""

    kind: str
    title: str
    items: tuple[DiagramItem, ...]
    source: SourceLocation

    @property
    def alt(self) -> str:
        """What the diagram says, as text: the title, then every item in order."""
        return " — ".join(x for x in (self.title, " · ".join(item.words for item in self.items)) if x)


def is_diagram(info: str) -> bool:
    """Whether a fence's info string opens a diagram."""
    return info.strip().split(" ")[0] == "diagram" if info.strip() else False


def read_diagram(info: str, content: str, source: SourceLocation, problems: list[Problem]) -> Diagram | None:
    """The diagram of a fence (`source` is the fence's line); problems go to `problems` with their line."""
    # imported here: the model imports this module, and a check taken from its cache must not load markdown-it
    from build_tools.course.quotes import typographic

    words = info.split()
    kind = words[1] if len(words) > 1 else ""
    if kind not in KINDS:
        known = ", ".join(KINDS)
        problems.append(Problem(source, "diagram.kind", f"unknown diagram kind '{kind}' (known: {known})"
                                if kind else f"the diagram names no kind (write ```diagram KIND, one of: {known})"))
        return None
    title = ""
    items: list[DiagramItem] = []
    for offset, line in enumerate(content.splitlines(), start=1):
        where = SourceLocation(source.path, source.line + offset)
        if not line.strip():
            continue
        if line.startswith("# ") and not items and not title:
            title = typographic(line[2:].strip())
        elif (item := _ITEM.match(line.rstrip())) is not None:
            items.append(DiagramItem(typographic(item["label"].strip()), typographic((item["text"] or "").strip()),
                                     where))
        elif (point := _POINT.match(line.rstrip())) is not None and items:
            last = items[-1]
            items[-1] = DiagramItem(last.label, last.text, last.source,
                                    (*last.points, typographic(point["text"].strip())))
        else:
            problems.append(Problem(where, "diagram.syntax", f"'{line.strip()[:40]}' is not a diagram item "
                                    "(write '- label: text', or '  - point' under a comparison column)"))
    fewest, most, what = KINDS[kind]
    if not fewest <= len(items) <= most or (kind == "matrix" and len(items) == 5):
        count = "4 or 6" if kind == "matrix" else f"{fewest} to {most}"
        problems.append(Problem(source, "diagram.items", f"a {kind} diagram ({what}) takes {count} items; "
                                f"this one has {len(items)}"))
        return None
    return Diagram(kind, title, tuple(items), source)
