"""A session's trainer notes divided among the slides where the trainer says them.

The section slide gets the timing line and the materials to have ready; the key-point slide gets the
talking points; the discussion slide gets the activity steps and the debrief. Nothing is repeated and
nothing is lost: every line of every trainer note lands on exactly one slide.

How a note is divided:

- A session with **several** trainer notes marks them by where they are written: a note written after
  the key points goes with the key-point slide, one written after a discussion box with that
  discussion slide, one written before both with the section slide.
- A session with **one** trainer note is divided by its structure: the paragraphs before its first list
  (the timing line) go on the section slide; a list entry with nested entries, or one that names a key
  point's term, is a talking point; the other entries are activity steps; paragraphs after the list
  are the debrief and go with the steps.

Talking points remember which key point they name, so a key-point list continued on a second slide
takes its talking points with it.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from build_tools.course.model import Block, BlockKind, ListItem, Session

_TIME_LABEL = re.compile(r"^\s*[\d:.]+\s*[–~-]\s*[\d:.]+\s*(?:min(?:utes?)?|分钟)?\s*[:：]\s*")
"""A step's time in front of it: "0–5 min: ", "5–9分钟："."""
_POINT_LABEL = re.compile(r"^\s*([A-Za-z]|\d{1,2}|[一二三四五六七八九十]{1,3})[.．、]\s*")
"""A key point's own label ("A. ", "1、")."""
_LABEL_END = re.compile(r"[。：:．;；]|\.\s|,\s|，")
"""Where an entry's opening label ends."""


@dataclass(frozen=True)
class NoteUnit:
    """Lines of a note that stay together; `point` is the index of the key point they talk about, if any."""

    lines: tuple[str, ...]
    point: int | None = None


@dataclass
class SessionNotes:
    """The trainer-note lines of each slide of a session; `discussion` is keyed by the question block's index."""

    section: list[str] = field(default_factory=list)
    points: list[NoteUnit] = field(default_factory=list)
    discussion: dict[int, list[NoteUnit]] = field(default_factory=dict)


def divide(session: Session, has_points: bool) -> SessionNotes:
    """The session's trainer notes shared out over its slides (see the module docstring); materials are not notes."""
    notes = SessionNotes()
    trainer = [b for b in session.trainer_notes if b.kind is BlockKind.TRAINER]
    terms = _terms(session.key_points)
    questions = list(session.questions)
    if len(trainer) > 1:
        for block in trainer:
            _put(notes, _place_of(block, session), [NoteUnit(tuple(note_lines(block.children)))], questions,
                 has_points)
    elif trainer:
        section, talking, steps = _by_structure(trainer[0].children, terms, has_points, bool(questions))
        notes.section += section
        _put(notes, "points", talking, questions, has_points)
        _put(notes, "discussion", steps, questions, has_points)
    return notes


def _place_of(block: Block, session: Session) -> str | int:
    """Where a note of a session with several notes goes: the block it follows decides."""
    before = [b for b in session.blocks if b.source < block.source]
    for earlier in reversed(before):
        if earlier.kind is BlockKind.QUESTION:
            return next(i for i, q in enumerate(session.questions) if q is earlier)
        if session.key_points_block is not None and earlier is session.key_points_block:
            return "points"
    return "section"


def _put(notes: SessionNotes, place: str | int, units: list[NoteUnit], questions: Sequence[Block],
         has_points: bool) -> None:
    """Units into their slide, or the nearest slide the session has when it lacks that one."""
    if not units:
        return
    if place == "discussion":
        place = 0
    if isinstance(place, int) and not questions:
        place = "points"
    if place == "points" and not has_points:
        place = 0 if questions else "section"
    if isinstance(place, int):
        notes.discussion.setdefault(place, []).extend(units)
    elif place == "points":
        notes.points += units
    else:
        for unit in units:
            notes.section += unit.lines


def _by_structure(blocks: Sequence[Block], terms: Sequence[str], has_points: bool,
                  has_questions: bool) -> tuple[list[str], list[NoteUnit], list[NoteUnit]]:
    """(section lines, talking points, steps) of one trainer note, by its structure.

    The note's opening paragraph is the timing and goes on the section slide; a paragraph just before a
    list leads into the list's first entry. Each slide of the session gets something to say: with no
    steps the opening goes to the discussion, with no talking points the first step (setting up the
    activity) goes to the key points.
    """
    section: list[str] = []
    talking: list[NoteUnit] = []
    steps: list[NoteUnit] = []
    lead: tuple[str, ...] = ()
    for position, block in enumerate(blocks):
        if block.kind is BlockKind.LIST:
            for item in block.items:
                point = _point_named(item.text, terms)
                if item.children:
                    units = [NoteUnit((*lead, _item_line(item, 0)), point)]
                    units += [NoteUnit(tuple(_item_lines(child, 1)), _point_named(child.text, terms))
                              for child in item.children]
                    talking += units
                elif point is not None:
                    talking.append(NoteUnit((*lead, *_item_lines(item, 0)), point))
                else:
                    steps.append(NoteUnit((*lead, *_item_lines(item, 0))))
                lead = ()
            continue
        lines = tuple(note_lines([block]))
        following = blocks[position + 1] if position + 1 < len(blocks) else None
        if position == 0 and block.kind is BlockKind.PARAGRAPH:
            section += lines
        elif following is not None and following.kind is BlockKind.LIST and block.kind is BlockKind.PARAGRAPH:
            lead = (*lead, *lines)
        elif lines:
            steps.append(NoteUnit(lines))
    if lead:
        steps.append(NoteUnit(lead))
    if not steps and has_questions and section:
        steps, section = [NoteUnit(tuple(section))], []
    if not talking and has_points and has_questions and len(steps) > 1:
        talking, steps = steps[:1], steps[1:]
    return section, talking, steps


def _terms(points: Sequence[ListItem]) -> list[str]:
    """Each key point's term, as a note would name it: lower-case, without a leading article or label."""
    result = []
    for item in points:
        term = (item.term or item.text.split("：")[0].split(": ")[0]).lower().strip()
        label = _POINT_LABEL.match(term)
        if label is not None:  # a labelled point is found by its label ("a\0…"), and by its words
            term = label[1].lower() + "\0" + term[label.end():]
        else:
            term = re.sub(r"^(the|a|an)\s+", "", term)
        result.append(term)
    return result


def _point_named(text: str, terms: Sequence[str]) -> int | None:
    """The key point a note entry talks about: its opening label is the point's term (or part of it), or
    the term appears near its start ("0–1 min: The do-it-all trap. …", "0–1分钟：事必躬亲。…")."""
    rest = _TIME_LABEL.sub("", text, count=1)
    own = _POINT_LABEL.match(rest)
    if own is not None:  # "A. Leadership charisma: …" talks about the key point labelled "A."
        labelled = [index for index, term in enumerate(terms) if term.startswith(own[1].lower() + "\0")]
        if labelled:
            return labelled[0]
    label = re.sub(r"^(the|a|an)\s+", "", _LABEL_END.split(rest, maxsplit=1)[0].strip().lower())
    if len(label) >= 2:
        found = [(len(term), index) for index, term in enumerate(terms)
                 if len(term) >= 2 and (term in label or label in term)]
        if found:
            return max(found)[1]
    head = rest.lower()[:60]
    near = [(head.find(term), index) for index, term in enumerate(terms) if len(term) >= 2 and term in head]
    return min(near)[1] if near else None


def note_lines(blocks: Sequence[Block], depth: int = 0) -> list[str]:
    """Speaker-note lines of an admonition's blocks: paragraphs as they are, list entries as bullets."""
    lines: list[str] = []
    for block in blocks:
        if block.kind is BlockKind.PARAGRAPH and block.text.strip():
            lines.append(block.text)
        elif block.kind is BlockKind.LIST:
            lines += [line for item in block.items for line in _item_lines(item, depth)]
        elif block.kind is BlockKind.TABLE:
            lines += [" | ".join(block.header), *(" | ".join(cells) for _, cells in block.rows)]
        elif block.children:
            lines += note_lines(block.children, depth)
    return lines


def _item_line(item: ListItem, depth: int) -> str:
    bullet = f"{item.number}." if item.number is not None else "•"
    return f"{'  ' * depth}{bullet} {item.text}"


def _item_lines(item: ListItem, depth: int) -> list[str]:
    return [_item_line(item, depth), *(line for child in item.children for line in _item_lines(child, depth + 1))]
