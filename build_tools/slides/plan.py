"""The plan of a deck: what goes on each slide, measured and broken into lines, before anything is written.

A plan is plain data made from the course model (`planner.DeckPlanner`); both editions of a deck are
written from the same plan (`render.render_deck`), and its repr is part of the deck's fingerprint.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from build_tools.course.diagrams import Diagram
from build_tools.course.model import Edition, Module
from build_tools.course.source import SourceLocation
from build_tools.parts.diagram_layout import Shape
from build_tools.slides.text_fit import TextParagraph


@dataclass(frozen=True)
class Picture:
    """An image of a session, resolved to a file under docs/."""

    path: Path
    alt: str
    source: SourceLocation


@dataclass(frozen=True)
class SlidePlan:
    """One slide: its layout (a key of decks.yml `layouts:`), measured text, image or diagram, and notes."""

    kind: str
    title: TextParagraph
    body: tuple[TextParagraph, ...] = ()
    picture: Picture | DiagramPlan | None = None
    notes: tuple[str, ...] = ()
    trainer_notes: tuple[str, ...] = ()
    facilitator_only: bool = False

    def notes_for(self, edition: Edition) -> tuple[str, ...]:
        """Speaker-note paragraphs: trainer notes and materials only in the facilitator edition."""
        if edition is Edition.FACILITATOR and self.trainer_notes:
            return (*self.notes, "", *self.trainer_notes)
        return self.notes


@dataclass(frozen=True)
class DeckPlan:
    """The slides of one deck and its document properties; `module` None is the whole-course deck."""

    language: str
    module: Module | None
    title: str
    subject: str
    author: str
    date: dt.date
    slides: tuple[SlidePlan, ...]
    languages: tuple[str, ...] = ()
    """The course's language codes: a word in another of them is marked with its own (`foreign_words`)."""

    def slides_for(self, edition: Edition) -> tuple[SlidePlan, ...]:
        """Slides of an edition: participants never get slides made from facilitator-only pages. Both editions
        show the same slides otherwise: no slide is repeated to carry on its notes (`notes_pages`)."""
        if edition is Edition.FACILITATOR:
            return self.slides
        return tuple(s for s in self.slides if not s.facilitator_only)

    def text(self, edition: Edition) -> str:
        """All the words of an edition's slides and notes: whether its Chinese words are traditional is
        decided over the whole deck, as the site decides it over a page."""
        pieces: list[str] = []
        for slide in self.slides_for(edition):
            paragraphs = [slide.title, *slide.body]
            if isinstance(slide.picture, DiagramPlan):
                paragraphs += [p for text in slide.picture.texts for p in text]
            pieces += [p.text for p in paragraphs]
            pieces += slide.notes_for(edition)
        return "\n".join(pieces)


@dataclass(frozen=True)
class DiagramPlan:
    """A diagram as it goes on a slide: its shapes on the layout's canvas and each shape's text, measured.

    `size` is the one text size of all its shapes, chosen so that every shape's words fit; `width` and
    `height` (points) the room the layout's square canvas is stretched to, centred in the slide's area.
    """

    diagram: Diagram
    shapes: tuple[Shape, ...]
    texts: tuple[tuple[TextParagraph, ...], ...]
    size: float
    width: float = 0.0
    height: float = 0.0

    @property
    def alt(self) -> str:
        return self.diagram.alt
