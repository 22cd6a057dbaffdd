"""A session's slides: its section slide, key points (with its images), discussion questions and cases.

A session's trainer notes are divided among its slides (`session_notes`): each slide carries what the
trainer says while it is shown, and no note is repeated or lost. Titles are unique in a deck and
say what each slide is, the same way for every session: the section slide the session's title, the
key-point slide "Key points: <short title>" (the part of the session title after its dash, or the
whole title), a discussion slide "Discussion: <short title>" unless its box has a title of its own, a
case slide "Case: <short title of the case>" ("Situational case — an R&D director's Friday" → "Case: An
R&D director's Friday"); a name that already says the label's word is not labelled again ("Case sharing:
Questions", not "Case: Case sharing").
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, cast

from PIL import Image

from build_tools.course import localise
from build_tools.course.links import link_target
from build_tools.course.model import Block, BlockKind, Course, ListItem, Reference, Session
from build_tools.course.problems import Problem
from build_tools.course.source import SourceLocation
from build_tools.slides import session_notes
from build_tools.slides.diagram_fit import fit_diagram
from build_tools.slides.notes_pages import NoteUnit
from build_tools.slides.plan import Picture
from build_tools.slides.text_fit import TextParagraph, TextRun
from build_tools.slides.typeset import Draft, Item, SlideList, Typesetter
from build_tools.slides.wording import Wording

_PICTURE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff"}
_NUMERAL = r"(?:[A-Z]|\d{1,2}|[一二三四五六七八九十]{1,3})"
_LABEL = re.compile(rf"^\s*(?:{_NUMERAL}[.．、)）]|[（(]{_NUMERAL}[）)])\s*")
"""A key point's own label: "A. ", "1、", "（一）"."""
_TITLE_BREAK = re.compile(r"——| — | – |：|: ")
"""Where a session title's short form starts: after its first dash or colon."""


class SessionSlides:
    """The slides of one language's sessions, as drafts: their lists are cut once the deck's body size is known."""

    def __init__(self, course: Course, wording: Wording, typesetter: Typesetter) -> None:
        self.course, self.words, self.typeset = course, wording, typesetter
        self.settings = typesetter.settings
        self.problems = typesetter.problems

    def session_slides(self, session: Session) -> list[Draft]:
        """A session's section slide, key points, discussions and cases, each with its own trainer notes."""
        words = self.words
        row = words.agenda.start_of(session.id)
        when = words.when((row,)) if row is not None else ""
        header = " · ".join(x for x in (words.method(session), words.word("min", n=session.minutes), when) if x)
        labelled = bool(session.key_points) and all(_LABEL.match(item.text) for item in session.key_points)
        points = tuple(self._point(item, labelled) for item in session.key_points)
        area = self.typeset.boxes[("content", 1)]  # a diagram gets a slide of its own (`Typesetter.cut`)
        sizes = (max(self.settings.sizes.body, self.settings.sizes.min_diagram), self.settings.sizes.min_diagram)
        drawn = [(d.source, fit_diagram(d, area, self.typeset.measurer, self.problems, sizes))
                 for d in session.diagrams]
        shown = [(ref.source, self._picture(ref, session)) for ref in session.images]
        pictures = tuple(p for _, p in sorted([*drawn, *shown], key=lambda pair: pair[0]) if p is not None)
        divided = session_notes.divide(session, bool(points or pictures))
        materials = self._trainer_lines(session.materials)
        section_trainer = self._headed(tuple(divided.section))
        if materials:
            section_trainer = (*section_trainer, "", *materials) if section_trainer else materials
        purpose = session.purpose.text if session.purpose is not None else ""
        section_notes = (header, purpose) if purpose else (header,)
        section = self.typeset.slide("section", self.typeset.title("section", session.title, session.source),
                                     self.typeset.fixed_body("section", [[TextRun(header)]],
                                                             self.settings.sizes.subtitle, session.source),
                                     notes=section_notes, trainer_notes=section_trainer)
        self.typeset.check_notes(section, session.source)
        slides: list[Draft] = [section]
        short = short_title(session.title)
        if points or pictures:  # labelled as every discussion and case slide is; unique beside the section slide
            title = words.label("slide_key_points", short)
            title = title if title != session.title else f"{words.word('slide_key_points')}"\
                f"{words.word('slide_point_sep')}{short}"
            beside = any(isinstance(p, Picture) for p in pictures) and not session.diagrams  # a diagram: own slide
            slides.append(SlideList("content_with_image" if beside else "content", title, session.source,
                                    points, pictures, notes=(header,), **self._notes(divided.points)))
        default = localise.box_title(self.course, words.language, "question")
        for index, block in enumerate(session.questions):
            items = tuple(self._question_items(block))
            if items:
                title = block.title or default
                if title in (default, words.word("slide_discussion")):
                    title = words.label("slide_discussion", short, "slide_questions")
                slides.append(SlideList("discussion", title, block.source, items, notes=(header,),
                                        **self._notes(divided.discussion.get(index, []))))
        for case in words.view.cases_for(session.id):
            items = tuple(self._list_item(item) for item in case.questions)
            if not items:
                continue
            title = words.label("case", short_title(case.title), "slide_questions")
            slides.append(SlideList("discussion", title, case.page.title_source, items,
                                    notes=(header, case.title), facilitator_only=case.page.facilitator_only,
                                    **self._debrief(case.debrief)))
        return slides

    def _headed(self, lines: tuple[str, ...]) -> tuple[str, ...]:
        """Trainer-note lines under the "Trainer notes:" heading; nothing when there are none."""
        return (self._heading(), *lines) if lines else ()

    def _notes(self, units: Sequence[session_notes.NoteUnit]) -> dict[str, Any]:
        """A list's trainer notes: the heading, then units that keep the key point they talk about."""
        if not units:
            return {}
        return {"trainer_notes": (self._heading(),), "point_notes": tuple((u.point, u.lines) for u in units)}

    def _debrief(self, blocks: Sequence[Block]) -> dict[str, Any]:
        """A case's debrief as trainer notes: each block under its title, each entry a unit of its own."""
        units: list[NoteUnit] = []
        for block in sorted(blocks, key=lambda b: b.source):
            if not block.kind.facilitator_only:
                continue
            default = "trainer_notes" if block.kind is BlockKind.TRAINER else "materials"
            title = (block.title or self.words.word(default)) + self.words.word("slide_point_sep").rstrip()
            lead: tuple[str, ...] = ("", title) if units else (title,)
            for child in block.children:
                for piece in _pieces(child):
                    units.append((None, (*lead, *piece)))
                    lead = ()
            if lead:
                units.append((None, lead))
        return {"point_notes": tuple(units)} if units else {}

    def _heading(self) -> str:
        return self.words.word("trainer_notes") + self.words.word("slide_point_sep").rstrip()

    # -- model nodes as slide items --

    def _point(self, item: ListItem, labelled: bool = False) -> Item:
        """A key point: its term in bold, the separator, the explanation (a plain bullet as written); a numbered
        list's entries numbered; nested entries as sub-bullets.

        In a list whose every point starts with its own label ("A.", "1、", "（一）") the label takes
        the bullet's place: no "• A." on the slide, and wrapped lines align after the label.
        """
        separator = self.words.word("slide_point_sep")
        subs = [child.text for child in item.children]
        label = _LABEL.match(item.text)

        def paragraphs(size: float) -> list[TextParagraph]:
            if item.term:
                runs = [TextRun(item.term, True)] + ([TextRun(separator + item.explanation)] if item.explanation
                                                     else [])
            else:
                runs = [TextRun(item.text)]
            if labelled and label is not None:
                hanging = self.typeset.measurer.text_width(label[0], size, bold=bool(item.term))
                result = [self.typeset.paragraph(runs, size, hanging=hanging)]
            elif item.number is not None:  # numbered steps stay numbered, as on the site and in the PDF
                result = [self.typeset.paragraph(runs, size, bullet="1.", number=item.number)]
            else:
                result = [self.typeset.paragraph(runs, size, bullet="•")]
            result += [self.typeset.paragraph([TextRun(s)], size, bullet="–", level=1) for s in subs]
            return result

        return Item(item.source, paragraphs)

    def _plain_item(self, text: str, source: SourceLocation) -> Item:
        """A paragraph of a discussion block: one unbulleted item."""
        return Item(source, lambda size: [self.typeset.paragraph([TextRun(text)], size)])

    def _list_item(self, item: ListItem) -> Item:
        """A question written as a list entry: numbered when the list is, nested entries as sub-bullets."""
        bullet = "1." if item.number is not None else "•"
        subs = [child.text for child in item.children]

        def paragraphs(size: float) -> list[TextParagraph]:
            result = [self.typeset.paragraph([TextRun(item.text)], size, bullet=bullet, number=item.number or 1)]
            result += [self.typeset.paragraph([TextRun(s)], size, bullet="–", level=1) for s in subs]
            return result

        return Item(item.source, paragraphs)

    def _question_items(self, block: Block) -> list[Item]:
        """A discussion block: each paragraph a plain item, each list entry a bullet or a numbered item."""
        items: list[Item] = []
        for child in block.children:
            if child.kind is BlockKind.PARAGRAPH and child.text.strip():
                items.append(self._plain_item(child.text, child.source))
            elif child.kind is BlockKind.LIST:
                items += [self._list_item(item) for item in child.items]
        return items

    def _trainer_lines(self, blocks: Sequence[Block]) -> tuple[str, ...]:
        """Trainer notes and materials as speaker-note lines, each block headed by its title, in source order."""
        lines: list[str] = []
        for block in sorted(blocks, key=lambda b: b.source):
            if not block.kind.facilitator_only:
                continue
            default = "trainer_notes" if block.kind is BlockKind.TRAINER else "materials"
            if lines:
                lines.append("")
            lines.append((block.title or self.words.word(default))
                         + self.words.word("slide_point_sep").rstrip())
            lines += session_notes.note_lines(block.children)
        return tuple(lines)

    def _picture(self, reference: Reference, session: Session) -> Picture | None:
        """The image file a session shows, or None with a `slides.image` problem at the image's line."""
        src, where = reference.target, reference.source
        target = link_target(session.page, src)
        if target is None:
            self.problems.append(Problem(where, "slides.image", f"image '{src}' is not a file under docs/"))
            return None
        path = (self.course.docs_dir / target.path).resolve()
        try:
            path.relative_to(self.course.docs_dir.resolve())
        except ValueError:
            self.problems.append(Problem(where, "slides.image", f"image '{src}' is outside docs/"))
            return None
        if path.suffix.lower() not in _PICTURE_TYPES:
            self.problems.append(Problem(where, "slides.image", f"image '{src}' cannot go on a slide "
                                              f"(PowerPoint takes {', '.join(sorted(_PICTURE_TYPES))})"))
            return None
        try:
            with Image.open(path) as opened:
                opened.verify()
        except Image.DecompressionBombError:
            limit = cast(int, Image.MAX_IMAGE_PIXELS)  # only set limits raise it
            self.problems.append(Problem(where, "slides.image", f"image '{src}' is too large to put on a slide "
                                              f"(more than {2 * limit // 1_000_000} million pixels)"))
            return None
        except (OSError, SyntaxError) as error:
            reason = str(error).replace(f" '{path}'", "").replace(str(path), src)  # no machine path in messages
            self.problems.append(Problem(where, "slides.image", f"image '{src}' cannot be read: {reason}"))
            return None
        return Picture(path, reference.text, where)



def _pieces(block: Block) -> list[tuple[str, ...]]:
    """A note block in pieces that may go to different slides: each list entry (with its entries), each paragraph."""
    if block.kind is BlockKind.LIST:
        return [tuple(session_notes.note_lines([Block(BlockKind.LIST, "", item.source, 0, items=(item,))]))
                for item in block.items]
    lines = tuple(session_notes.note_lines([block]))
    return [lines] if lines else []


def short_title(title: str) -> str:
    """The part of a session title after its first dash or colon ("Scanning dilemmas — career, team" →
    "Career, team"), capitalised; the title itself when it has none."""
    match = _TITLE_BREAK.search(title)
    rest = title[match.end():].strip() if match else ""
    return rest[0].upper() + rest[1:] if rest else title
