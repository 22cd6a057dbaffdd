"""A session's slides: its section slide, key points (with its images), discussion questions and cases.

A session's trainer notes go on its section slide only; its later slides point back to them
("Trainer notes: ↑ <session title>") instead of repeating them, so printed notes pages and the
presenter view hold each note once.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import cast

from PIL import Image

from build_tools.course import localise
from build_tools.course.links import link_target
from build_tools.course.model import Block, BlockKind, Course, ListItem, Reference, Session
from build_tools.course.problems import Problem
from build_tools.course.source import SourceLocation
from build_tools.slides.plan import Picture
from build_tools.slides.text_fit import TextParagraph, TextRun
from build_tools.slides.typeset import Draft, Item, SlideList, Typesetter
from build_tools.slides.wording import Wording

_PICTURE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff"}
_NUMERAL = r"(?:[A-Z]|\d{1,2}|[一二三四五六七八九十]{1,3})"
_LABEL = re.compile(rf"^\s*(?:{_NUMERAL}[.．、)）]|[（(]{_NUMERAL}[）)])\s*")
"""A key point's own label: "A. ", "1、", "（一）"."""


class SessionSlides:
    """The slides of one language's sessions, as drafts: their lists are cut once the deck's body size is known."""

    def __init__(self, course: Course, wording: Wording, typesetter: Typesetter) -> None:
        self.course, self.words, self.typeset = course, wording, typesetter
        self.settings = typesetter.settings
        self.problems = typesetter.problems

    def session_slides(self, session: Session) -> list[Draft]:
        """A session's section slide and lists; its trainer notes go on the section slide only."""
        words = self.words
        row = words.agenda.start_of(session.id)
        when = words.when((row,)) if row is not None else ""
        header = " · ".join(x for x in (words.method(session), words.word("min", n=session.minutes), when) if x)
        trainer = self._trainer_lines((*session.trainer_notes, *session.materials))
        pointer = (f"{words.word('trainer_notes')}{words.word('slide_point_sep')}↑ {session.title}",) if trainer else ()
        purpose = session.purpose.text if session.purpose is not None else ""
        section_notes = (header, purpose) if purpose else (header,)
        slides: list[Draft] = [
            self.typeset.slide("section", self.typeset.title("section", session.title, session.source),
                            self.typeset.fixed_body("section", [[TextRun(header)]], self.settings.sizes.subtitle,
                                                 session.source),
                            notes=section_notes, trainer_notes=trainer)]
        labelled = bool(session.key_points) and all(_LABEL.match(item.text) for item in session.key_points)
        points = tuple(self._point(item, labelled) for item in session.key_points)
        pictures = tuple(p for p in (self._picture(ref, session) for ref in session.images) if p is not None)
        if points or pictures:
            slides.append(SlideList("content_with_image" if pictures else "content", session.title, session.source,
                                    points, pictures, notes=(header,), trainer_notes=pointer))
        for block in session.questions:
            items = tuple(self._question_items(block))
            if items:
                title = block.title or localise.box_title(self.course, words.language, "question")
                slides.append(SlideList("discussion", title, block.source, items, notes=(header,),
                                        trainer_notes=pointer))
        for case in words.view.cases_for(session.id):
            items = tuple(self._list_item(item) for item in case.questions)
            if not items:
                continue
            case_trainer = self._trainer_lines(case.debrief)
            if pointer:
                case_trainer = (*case_trainer, "", *pointer) if case_trainer else pointer
            slides.append(SlideList("discussion", case.title, case.page.title_source, items,
                                    notes=(header, case.title), trainer_notes=case_trainer,
                                    facilitator_only=case.page.facilitator_only))
        return slides

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
            lines += _note_lines(block.children)
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


def _note_lines(blocks: Sequence[Block], depth: int = 0) -> list[str]:
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
            lines += _note_lines(block.children, depth)
    return lines


def _item_lines(item: ListItem, depth: int) -> list[str]:
    bullet = f"{item.number}." if item.number is not None else "•"
    return [f"{'  ' * depth}{bullet} {item.text}", *(line for child in item.children
                                                      for line in _item_lines(child, depth + 1))]
