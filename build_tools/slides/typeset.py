"""Slide text set in the template's boxes: sizes chosen, lines broken, lists cut into as few slides as fit.

Titles and fixed lines shrink until they fit; lists (key points, questions, agenda rows) are drafted
whole (`SlideList`) and cut into slides only once the deck's one body size is known, so every key
point, question and objective of a deck has the same size. Text that cannot fit even alone becomes
a `slides.too_long` problem at its source line.
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from build_tools.course.problems import Problem
from build_tools.course.source import SourceLocation
from build_tools.slides import notes_pages, word_budget
from build_tools.slides.notes_pages import NoteUnit
from build_tools.slides.plan import DiagramPlan, Picture, SlidePlan
from build_tools.slides.settings import DeckSettings
from build_tools.slides.template import CONTENT_KINDS, NOTES_BOX
from build_tools.slides.text_fit import TextBox, TextMeasurer, TextParagraph, TextRun
from build_tools.slides.word_budget import word_count
from build_tools.slides.wording import Wording


@dataclass(frozen=True)
class Item:
    """A unit that is never split across slides (a key point, a question, an agenda row), sized on demand."""

    source: SourceLocation
    paragraphs: Callable[[float], list[TextParagraph]]


@dataclass(frozen=True)
class SlideList:
    """Slides still to be cut: items shared over as few slides as they fit, at the deck's one body size.

    `kind` is the layout the items are measured against (`content_with_image` when the list shares
    its slides with pictures, which take the slides in order).
    """

    kind: str
    title: str
    source: SourceLocation
    items: tuple[Item, ...]
    pictures: tuple[Picture | DiagramPlan, ...] = ()
    notes: tuple[str, ...] = ()
    trainer_notes: tuple[str, ...] = ()
    facilitator_only: bool = False
    point_notes: tuple[NoteUnit, ...] = ()
    """Trainer-note lines after `trainer_notes` (their heading), each with the item it talks about."""


T = TypeVar("T")

Draft = SlidePlan | SlideList
"""A slide as planned before the deck's body size is known: finished, or a list still to be cut."""


def joined(items: Sequence[Item]) -> Item:
    """Several items kept together on one slide, e.g. a module heading and its first agenda row."""
    return Item(items[-1].source, lambda size: [p for item in items for p in item.paragraphs(size)])


def share(items: Sequence[T], slides: int) -> list[Sequence[T]]:
    """Items shared out over `slides` slides as evenly as possible, in order (7 over 2 → 4 + 3)."""
    size, extra = divmod(len(items), slides)
    chunks, start = [], 0
    for index in range(slides):
        end = start + size + (1 if index < extra else 0)
        chunks.append(items[start:end])
        start = end
    return chunks


def sizes_between(largest: float, smallest: float) -> list[float]:
    """Font sizes to try, largest first, in steps of 2 pt, ending at `smallest`."""
    sizes = []
    size = largest
    while size > smallest:
        sizes.append(size)
        size -= 2
    return [*sizes, smallest]


class Typesetter:
    """Measures one language's slide text against the template's boxes; problems go to the shared list."""

    def __init__(self, settings: DeckSettings, boxes: dict[tuple[str, int], TextBox], measurer: TextMeasurer,
                 wording: Wording, problems: list[Problem]) -> None:
        self.settings, self.boxes, self.measurer = settings, boxes, measurer
        self.wording, self.problems = wording, problems
        self._fewest_cache: dict[tuple[SlideList, float], int | None] = {}  # the list itself: an id() could be reused

    def paragraph(self, runs: Sequence[TextRun], size: float, *, bullet: str = "", number: int = 1,
                  level: int = 0, space: bool = True, hanging: float | None = None, color: str = "") -> TextParagraph:
        indent = self.settings.bullet_indent
        if bullet == "1.":  # room for the number: "10." is wider than a bullet
            indent = max(indent, self.measurer.text_width("00." if number >= 10 else "0.", size) + 0.3 * size)
        margin = indent * (level + 1) if bullet else (hanging or 0.0)
        first = -indent if bullet else -(hanging or 0.0)
        return TextParagraph(tuple(runs), size, margin, first, self.settings.paragraph_space if space else 0.0,
                             self.settings.line_spacing, bullet, number, level, color)

    def slide(self, kind: str, title: TextParagraph, body: Sequence[TextParagraph] = (), *,
              picture: Picture | DiagramPlan | None = None, notes: tuple[str, ...] = (),
              trainer_notes: tuple[str, ...] = (), facilitator_only: bool = False) -> SlidePlan:
        """A slide with its lines broken where they will show: titles balanced, body lines filled."""
        width = self.boxes[(kind, 0)].width
        title = self.measurer.break_lines(title, width, balance=True)
        box = self.boxes.get((kind, 1))
        lines = tuple(self.measurer.break_lines(p, box.width) for p in body) if box else tuple(body)
        return SlidePlan(kind, title, lines, picture, notes, trainer_notes, facilitator_only)

    def title(self, kind: str, text: str, source: SourceLocation) -> TextParagraph:
        largest = self.settings.sizes.cover_title if kind in ("title", "section") else self.settings.sizes.title
        box = self.boxes[(kind, 0)]
        for size in sizes_between(largest, self.settings.sizes.min_title):
            paragraph = TextParagraph((TextRun(text),), size, line_spacing=1.0)
            if self.measurer.fits([paragraph], box):
                return paragraph
        self.problems.append(Problem(source, "slides.too_long", f"the title '{text}' does not fit on a slide "
                                          f"even at {self.settings.sizes.min_title:g} pt"))
        return paragraph

    def fixed_body(self, kind: str, lines: Sequence[Sequence[TextRun]], size: float,
                   source: SourceLocation) -> tuple[TextParagraph, ...]:
        """A few plain lines (subtitle, section details) that must fit their placeholder, shrinking to min_body."""
        box = self.boxes[(kind, 1)]
        for candidate in sizes_between(size, min(size, self.settings.sizes.min_body)):
            paragraphs = [self.paragraph(runs, candidate) for runs in lines]
            if self.measurer.fits(paragraphs, box):
                return tuple(paragraphs)
        self.problems.append(Problem(source, "slides.too_long", "the text under the title does not fit on the "
                                          f"slide even at {self.settings.sizes.min_body:g} pt"))
        return tuple(paragraphs)

    def paginate(self, kind: str, items: Sequence[Item], largest: float, most: int) -> list[list[TextParagraph]]:
        """Split items over the fewest slides (at most `most` each), then the largest size that fits them all.

        Items are shared out evenly (17 rows → 9 + 8), so both slides are about as full. When no size
        down to min_body fits, one more slide is tried; an item that cannot fit even alone is reported
        with its source line.
        """
        box = self.boxes[(kind, 1)]
        sizes = sizes_between(largest, min(largest, self.settings.sizes.min_body))
        if not items:
            return []
        for slides in range(math.ceil(len(items) / most), len(items) + 1):
            chunks = share(items, slides)
            for size in sizes:
                pages = [[p for item in chunk for p in item.paragraphs(size)] for chunk in chunks]
                if all(self.measurer.fits(page, box) for page in pages):
                    return pages
        smallest = sizes[-1]
        self._report_too_long(items, smallest, box)
        return [[p for item in chunk for p in item.paragraphs(smallest)] for chunk in share(items, len(items))]

    def titled_pages(self, kind: str, title: str, source: SourceLocation, pages: int) -> list[TextParagraph]:
        """The title of each of `pages` slides: "(1/2)", "(2/2)" after it when there are several."""
        if pages <= 1:
            return [self.title(kind, title, source)]
        return [self.title(kind, title + self.wording.word("slide_part", i=i, n=pages), source)
                for i in range(1, pages + 1)]

    # -- one body size per deck --

    def body_size(self, lists: Sequence[SlideList]) -> float:
        """The deck's one body size: the largest at which its lists need few more slides than at min_body.

        Larger text costs continuation slides; a deck may grow by `extra_slides_percent` of its list
        slides to keep every key point and question at the larger size, and never by more.
        """
        sizes = sizes_between(self.settings.sizes.body, self.settings.sizes.min_body)
        lists = [each for each in lists if each.items]
        smallest = sum(self._fewest(each, sizes[-1]) or len(each.items) for each in lists)
        budget = smallest * self.settings.extra_slides_percent / 100
        for size in sizes:
            counts = [self._fewest(each, size) for each in lists]
            if None not in counts and sum(c for c in counts if c is not None) - smallest <= budget:
                return size
        return sizes[-1]

    def cut(self, draft: SlideList, size: float) -> list[SlidePlan]:
        """The slides of a list at the deck's body size, with its pictures and diagrams.

        A list that fits beside its first picture on one slide shares that slide; further pictures follow
        on slides of their own. A list too long for that, or shown with a diagram (drawn across the
        slide's width so that its words are large enough to read, `diagram_fit`), gets the full width,
        and its pictures and diagrams come first, each on its own slide, with the notes that lead into
        the points.
        """
        lead: tuple[Picture | DiagramPlan, ...] = ()
        diagram = any(isinstance(v, DiagramPlan) for v in draft.pictures)
        if draft.pictures and draft.items and (diagram or not self._fits_one(draft, size)):
            lead, draft = draft.pictures, dataclasses.replace(draft, kind="content", pictures=())
        pages, size = self._pages(draft, size)
        chunks = [range(0)] * len(lead) + self._chunk_ranges(len(draft.items), len(pages))
        names = [v.diagram.title if isinstance(v, DiagramPlan) else v.alt for v in lead]
        cut = notes_pages.parts(chunks, draft.trainer_notes, draft.point_notes, names)
        visuals = (*lead, *draft.pictures)
        count = max(len(cut), len(visuals))
        title_kind = "content" if draft.kind == "content_with_image" else draft.kind
        alone = [index < len(lead) or index >= len(cut) for index in range(count)]  # a drawing on its own slide
        drawn = [v.diagram.title if isinstance(v, DiagramPlan) else "" for v in visuals]
        own = [alone[i] and i < len(drawn) and bool(drawn[i]) for i in range(count)]  # titled by its own title
        shown = []  # what each slide shows: its part of the list, its body and its picture
        for index in range(count):
            part = cut[index] if index < len(cut) else notes_pages.Part(range(0), ())
            self._warn_over_budget(draft, part.items)
            body = tuple(p for item in draft.items[part.items.start:part.items.stop] for p in item.paragraphs(size))
            picture = visuals[index] if index < len(visuals) else None
            if isinstance(picture, Picture) and not body and picture.alt:
                body = (self.paragraph([TextRun(picture.alt)], size, space=False),)  # the picture's caption
            shown.append((part, body, picture))
        titles = iter(self.titled_pages(title_kind, draft.title, draft.source, count - sum(own)))
        result = []
        for index, (part, body, picture) in enumerate(shown):
            if isinstance(picture, DiagramPlan) and own[index]:
                title = self.title("content", picture.diagram.title, picture.diagram.source)
            else:
                title = next(titles)
            kind = draft.kind if draft.kind not in CONTENT_KINDS else (
                "content_with_image" if picture is not None and body else "content")
            result.append(self.slide(kind, title, body, picture=picture, notes=draft.notes,
                                     trainer_notes=part.lines, facilitator_only=draft.facilitator_only))
            self.check_notes(result[-1], draft.source)
        return result

    def check_notes(self, slide: SlidePlan, source: SourceLocation) -> None:
        """A `slides.long_notes` warning when the slide's notes do not fit a printed notes page (`notes_pages`)."""
        self.problems += notes_pages.too_long(slide, source, self.boxes.get(NOTES_BOX), self.measurer,
                                              self.settings.sizes.min_notes)

    def _fits_one(self, draft: SlideList, size: float) -> bool:
        """Whether the whole list fits on one slide at the deck's size or a smaller one down to min_body."""
        return self._fewest(draft, size) == 1 or self._one_slide_size(draft, size) is not None

    def _pages(self, draft: SlideList, size: float) -> tuple[list[list[TextParagraph]], float]:
        """The list's items cut into slides, and the size they are set at (smaller when that keeps one slide)."""
        if not draft.items:
            return [], size
        slides = self._fewest(draft, size)
        if slides is None:  # an item too long even alone: reported, and shown as small as allowed
            size = self.settings.sizes.min_body
            self._report_too_long(draft.items, size, self.boxes[(draft.kind, 1)])
            return [[p for item in chunk for p in item.paragraphs(size)]
                    for chunk in share(draft.items, len(draft.items))], size
        one = self._one_slide_size(draft, size) if slides > 1 else None
        if one is not None:
            size, slides = one, 1
        return self._split(draft, size, slides) or [], size

    @staticmethod
    def _chunk_ranges(items: int, slides: int) -> list[range]:
        """The item indices on each slide, as `share` cuts them."""
        ranges, start = [], 0
        for chunk in share(tuple(range(items)), max(slides, 1)):
            ranges.append(range(start, start + len(chunk)))
            start += len(chunk)
        return ranges

    def _one_slide_size(self, draft: SlideList, size: float) -> float | None:
        """The largest size below the deck's, down to min_body, at which the whole list fits on one slide.

        Fill before you split: a list that fits on one slide at any allowed size is not continued on a
        second one (the line limit gives way to the room the placeholder has).
        """
        if len(draft.items) > self.settings.max_bullets or (len(draft.items) > 1 and self._over_budget(
                draft, [p for item in draft.items for p in item.paragraphs(size)])):
            return None
        box = self.boxes[(draft.kind, 1)]
        for smaller in sizes_between(size, self.settings.sizes.min_body)[1:]:
            page = [p for item in draft.items for p in item.paragraphs(smaller)]
            if self.measurer.measure(page, box.width).height <= box.height:
                return smaller
        return None

    def _split(self, draft: SlideList, size: float, slides: int) -> list[list[TextParagraph]] | None:
        """The list's items shared over `slides` slides at `size`, or None when a slide would overflow.

        A slide overflows when its text needs more room than the placeholder has, or when it holds
        more than `max_lines` lines of text or more words with its title than its budget (`word_budget.budget`; a
        single item may, if it fits the room: `cut` warns of it).
        """
        box = self.boxes[(draft.kind, 1)]
        pages = []
        for chunk in share(draft.items, slides):
            page = [p for item in chunk for p in item.paragraphs(size)]
            measured = self.measurer.measure(page, box.width)
            if measured.height > box.height or (len(chunk) > 1 and (
                    sum(measured.lines) > self.settings.max_lines or self._over_budget(draft, page))):
                return None
            pages.append(page)
        return pages

    def _over_budget(self, draft: SlideList, page: Sequence[TextParagraph]) -> bool:
        """Whether a slide of the list, its title counted, carries more words than its budget."""
        return word_count([draft.title, *(p.text for p in page)]) > word_budget.budget(self.settings, draft.kind)[0]

    def _warn_over_budget(self, draft: SlideList, part: range) -> None:
        """A `slides.word_budget` warning at the item that makes a slide carry more words than its budget:
        one item too long for the budget alone (a list is never cut inside an item)."""
        items = draft.items[part.start:part.stop]
        size = self.settings.sizes.min_body
        box = self.boxes[(draft.kind, 1)]
        if not items or not all(self.measurer.fits(item.paragraphs(size), box) for item in items):
            return  # an item too long for the slide at all is already an error (`slides.too_long`)
        words = word_count([draft.title, *(p.text for item in items for p in item.paragraphs(size))])
        budget, key = word_budget.budget(self.settings, draft.kind)
        if words <= budget:
            return
        longest = max(items, key=lambda item: word_count(p.text for p in item.paragraphs(size)))
        self.problems.append(Problem(longest.source, "slides.word_budget", f"the slide '{draft.title}' carries "
                                     f"{words} words, over the budget of {budget} ({key} in slides/decks.yml)"))

    def _fewest(self, draft: SlideList, size: float) -> int | None:
        """The fewest slides (never more than `max_bullets` items each) the list fits on at `size`."""
        key = (draft, size)
        if key not in self._fewest_cache:
            least = math.ceil(len(draft.items) / self.settings.max_bullets)
            self._fewest_cache[key] = next(
                (n for n in range(least, len(draft.items) + 1) if self._split(draft, size, n) is not None), None)
        return self._fewest_cache[key]

    def _report_too_long(self, items: Sequence[Item], size: float, box: TextBox) -> None:
        """A `slides.too_long` problem at each item that does not fit even alone at `size`."""
        for item in items:
            if not self.measurer.fits(item.paragraphs(size), box):
                self.problems.append(Problem(item.source, "slides.too_long", "this text does not fit on one "
                                                  f"slide even alone at {size:g} pt"))
