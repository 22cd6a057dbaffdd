"""A list's trainer notes shared over its slides, and a slide continued when its notes outgrow a notes page.

Each note unit goes with the item it talks about (a talking point with its key point) or with the
lines before it. A picture or diagram shown on a slide of its own before the list takes the lines
before the first unit that names an item, or else that first unit: the trainer introduces the drawing.

A slide whose notes would run over `max_notes` characters (about a printed notes page, and what a
presenter view shows without scrolling) is continued: its units are grouped in order
into parts that each fit, and its items follow their units, or are shared out evenly when the units
name none; a slide with fewer items than parts shows them again, so the trainer's text changes while
the question stays on the screen.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

NoteUnit = tuple[int | None, tuple[str, ...]]
"""Lines that stay together, and the index of the item they talk about (None: the item of the lines before)."""


@dataclass(frozen=True)
class Part:
    """One slide of a list: the items it shows and its trainer-note lines."""

    items: range
    lines: tuple[str, ...]


def parts(chunks: Sequence[range], lead: tuple[str, ...], units: Sequence[NoteUnit], room: int) -> list[Part]:
    """The slides of a list cut into `chunks`, each with its notes; a slide whose notes exceed `room` is continued.

    `lead` (the "Trainer notes:" heading) opens the notes of every slide that has any; a slide without
    units has no trainer notes.
    """
    placed: list[list[NoteUnit]] = [[] for _ in chunks]
    slide = 0
    for unit in units:
        point = unit[0]
        if point is not None:
            slide = next((i for i, chunk in enumerate(chunks) if point in chunk), slide)
        placed[slide].append(unit)
    for index, chunk in enumerate(chunks):  # a drawing shown before the list introduces it: it takes the first unit
        later = next((i for i in range(index + 1, len(chunks)) if placed[i]), None)
        if not len(chunk) and not placed[index] and later is not None and len(placed[later]) > 1:
            placed[index].append(placed[later].pop(0))
    result: list[Part] = []
    for index, chunk in enumerate(chunks):
        groups = _groups(placed[index], room - _length(lead))
        if len(groups) <= 1:
            lines = [line for unit in placed[index] for line in unit[1]]
            result.append(Part(chunk, (*lead, *lines) if lines else ()))
            continue
        for group, items in zip(groups, _item_ranges(chunk, groups), strict=True):
            result.append(Part(items, (*lead, *(line for unit in group for line in unit[1]))))
    return result


def _length(lines: Sequence[str]) -> int:
    return sum(len(line) + 1 for line in lines)


def _groups(units: Sequence[NoteUnit], room: int) -> list[list[NoteUnit]]:
    """Units in order, in as few groups as each fit `room` characters (a unit larger than that stands alone).

    The groups are then evened out: a long first group and a two-line second are not what a trainer wants.
    """
    total = sum(_length(unit[1]) for unit in units)
    if total <= room or len(units) < 2:
        return [list(units)]
    count = -(-total // room)
    while True:
        target = total / count
        groups: list[list[NoteUnit]] = [[]]
        filled = 0
        for unit in units:
            size = _length(unit[1])
            if groups[-1] and (filled + size > room or (filled >= target and len(groups) < count)):
                groups.append([])
                filled = 0
            groups[-1].append(unit)
            filled += size
        if len(groups) <= count or count >= len(units):
            return groups
        count += 1


def _item_ranges(chunk: range, groups: Sequence[Sequence[NoteUnit]]) -> list[range]:
    """The items each part of a continued slide shows: from the first item its notes name, else shared out."""
    starts = [chunk.start]
    for group in groups[1:]:
        named = [point for point, _ in group if point is not None and point in chunk]
        starts.append(min(named) if named else -1)
    if all(b > a for a, b in zip(starts, starts[1:], strict=False)):
        ends = [*starts[1:], chunk.stop]
        return [range(a, b) for a, b in zip(starts, ends, strict=True)]
    if len(chunk) >= len(groups):
        size, extra = divmod(len(chunk), len(groups))
        ranges, start = [], chunk.start
        for index in range(len(groups)):
            end = start + size + (1 if index < extra else 0)
            ranges.append(range(start, end))
            start = end
        return ranges
    return [chunk] * len(groups)
