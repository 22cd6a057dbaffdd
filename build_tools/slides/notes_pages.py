"""A list's trainer notes shared over its slides, and the size a notes page sets them at.

Each note unit goes with the item it talks about (a talking point with its key point) or with the
lines before it. A picture or diagram shown on a slide of its own before the list takes the talking
point that names it (its label shares at least two key words, or every one, with the drawing's title
or alt text: "D. Behavioural style and employee readiness" names "Readiness and behavioural style"),
with the entries under that point; a drawing that no talking point names takes the list's first unit,
as the trainer introduces the drawing with it. The list keeps at least one unit.

A slide's notes are never cut over slides of their own (trainer review): a question shown again as
"(1/2)", "(2/2)" only to carry on its notes made the trainer click through the same slide. Its notes
stay whole; PowerPoint's notes pane scrolls, and a printed notes page sets them as large as its body
holds them (`notes_size`, from `sizes.notes` down to `sizes.min_notes`; the template's notes body
takes most of the page); notes too long even at `sizes.min_notes` are advice for the trainer (`too_long`).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from build_tools.course.cjk import HAN_RUN
from build_tools.course.model import Edition
from build_tools.course.problems import Problem
from build_tools.course.source import SourceLocation
from build_tools.slides.plan import SlidePlan
from build_tools.slides.text_fit import TextBox, TextMeasurer, TextParagraph, TextRun

NoteUnit = tuple[int | None, tuple[str, ...]]
"""Lines that stay together, and the index of the item they talk about (None: the item of the lines before)."""


@dataclass(frozen=True)
class Part:
    """One slide of a list: the items it shows and its trainer-note lines."""

    items: range
    lines: tuple[str, ...]


def parts(chunks: Sequence[range], lead: tuple[str, ...], units: Sequence[NoteUnit],
          names: Sequence[str] = ()) -> list[Part]:
    """The slides of a list cut into `chunks`, each with its notes, whole however long they are.

    `lead` (the "Trainer notes:" heading) opens the notes of every slide that has any; a slide without
    units has no trainer notes. `names` holds, for a slide without items (a drawing on its own), the
    drawing's title or alt text, by which a talking point names it.
    """
    placed: list[list[NoteUnit]] = [[] for _ in chunks]
    slide = 0
    for unit in units:
        point = unit[0]
        if point is not None:
            slide = next((i for i, chunk in enumerate(chunks) if point in chunk), slide)
        placed[slide].append(unit)
    drawings = [i for i, chunk in enumerate(chunks) if not len(chunk) and not placed[i]]
    for index in drawings:  # first the drawings a talking point names: each takes that point and its entries
        later = _list_after(chunks, placed, index)
        name = names[index] if index < len(names) else ""
        if later is not None and name:
            span = _naming(placed[later], name)
            if span is not None:
                placed[index] = placed[later][span.start:span.stop]
                del placed[later][span.start:span.stop]
    for index in drawings:  # then any other drawing introduces the list: it takes the list's first unit
        later = _list_after(chunks, placed, index)
        if not placed[index] and later is not None and len(placed[later]) > 1:
            placed[index].append(placed[later].pop(0))
    result: list[Part] = []
    for index, chunk in enumerate(chunks):
        lines = [line for unit in placed[index] for line in unit[1]]
        result.append(Part(chunk, (*lead, *lines) if lines else ()))
    return result


def notes_size(lines: Sequence[str], box: TextBox, measurer: TextMeasurer, largest: float,
               smallest: float) -> float:
    """The size a notes page sets `lines` at: the largest, in steps of 1 pt down to `smallest`, whose lines
    fit the notes body (`box`); `smallest` when none does (the pane scrolls; only the printout is cut)."""
    size = largest
    while size > smallest:
        if measurer.fits([TextParagraph((TextRun(line),), size) for line in lines], box):
            return size
        size -= 1
    return smallest


def too_long(slide: SlidePlan, source: SourceLocation, box: TextBox | None, measurer: TextMeasurer,
             least: float) -> list[Problem]:
    """A `slides.long_notes` warning at the slide's source line when its trainer notes do not fit a printed notes
    page even at `least` (`sizes.min_notes`): they are set at that size all the same, whole and never smaller than
    a trainer reads on paper, and only the printout is cut (a review found notes squeezed to 9 pt)."""
    lines = slide.notes_for(Edition.FACILITATOR)
    if box is None or not lines or measurer.fits([TextParagraph((TextRun(line),), least) for line in lines], box):
        return []
    title = slide.title.text.replace("\n", " ").replace("  ", " ")
    return [Problem(source, "slides.long_notes", f"the notes of the slide '{title}' do not fit a printed notes page "
                    f"even at {least:g} pt (sizes.min_notes)")]


def _list_after(chunks: Sequence[range], placed: Sequence[Sequence[NoteUnit]], index: int) -> int | None:
    """The first slide after `index` that shows items of the list and has notes to share."""
    return next((i for i in range(index + 1, len(chunks)) if len(chunks[i]) and placed[i]), None)


_STOP = frozenset({"the", "and", "with", "for", "from", "into", "its", "their", "of", "a", "an", "in", "on",
                   "to", "or", "by", "as", "at", "is", "are", "how", "what", "why"})
_LABEL_END = re.compile(r"[:：]")


def key_words(text: str) -> set[str]:
    """What a title and a talking point's label are compared by: words (lower case, without a plural or
    possessive "s", nor short function words), and pairs of adjacent Han characters for Chinese."""
    words = {w[:-1] if len(w) > 3 and w.endswith("s") else w
             for w in re.findall(r"[a-z0-9]+", text.lower().replace("'s", "").replace("’s", ""))}
    pairs = {run[i:i + 2] for run in HAN_RUN.findall(text) for i in range(len(run) - 1)}
    return (words - _STOP) | pairs


def _naming(units: Sequence[NoteUnit], name: str) -> range | None:
    """The units of the talking point that names a drawing (its first unit and the entries under it), if any.

    A point names the drawing when the label of one of its first unit's lines (the words before a colon)
    (at most its first 80 characters) shares at least two key words with the name, or all of a name with
    fewer; the best match wins.
    """
    wanted = key_words(name)
    starts = [i for i, unit in enumerate(units) if i == 0 or unit[0] is not None]
    best: tuple[int, int] | None = None
    for start in starts:
        score = max((len(wanted & key_words(_LABEL_END.split(line[:80], maxsplit=1)[0])) for line in units[start][1]),
                    default=0)
        if score >= min(2, len(wanted)) and score and (best is None or score > best[0]):
            best = (score, start)
    if best is None:
        return None
    start = best[1]
    stop = next((i for i in range(start + 1, len(units)) if units[i][0] is not None), len(units))
    if stop - start >= len(units):  # the list keeps something to say
        return None
    return range(start, stop)
