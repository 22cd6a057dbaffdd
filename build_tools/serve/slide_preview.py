"""The slides a course page becomes, drawn in HTML from the deck plan the decks are written from.

Faithful in what a slide says: the slides, their order, titles, text (bold runs, bullets, numbering, levels,
the line breaks and text sizes the planner measured for the template's boxes), pictures and diagrams' words,
and the speaker notes (trainer notes only for a preview on 127.0.0.1). Not drawn: the template's
background, fonts and exact box positions; a diagram shows its words, not its shapes. `make all` writes the
real decks from the same plan.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Iterable
from pathlib import Path

from build_tools.course.model import Course, Edition, LanguageView, Module, Page
from build_tools.course.problems import CourseError, Problem
from build_tools.site.content import published_files
from build_tools.slides.plan import DeckPlan, DiagramPlan, Picture, SlidePlan
from build_tools.slides.render import plan_decks
from build_tools.slides.settings import load_deck_settings
from build_tools.slides.text_fit import TextParagraph

SCALE = 0.42
"""Pixels per point of the slide: a 960 × 540 pt slide is drawn 403 × 227 pixels."""


class SlidePlans:
    """The module decks' plans of one course (one reading), planned per language when first asked for."""

    def __init__(self, course: Course) -> None:
        self.course = course

    @functools.cache  # noqa: B019  -- one SlidePlans per loaded course: the cache lives as long as that course
    def decks(self, language: str) -> tuple[DeckPlan, ...] | list[Problem]:
        """The language's deck plans, or the problems that stop them."""
        try:
            return tuple(plan_decks(self.course, load_deck_settings(self.course.root), language))
        except CourseError as error:
            return list(error.problems)

    def slides_of(self, page: Page, edition: Edition) -> list[SlidePlan]:
        """The slides of the module deck that shows `page` (a module page, or a session or case page of it)."""
        plans = self.decks(page.language)
        if isinstance(plans, list):
            return []
        for plan in plans:
            if plan.module is not None and page.key in _page_keys(self.course.view(page.language), plan.module):
                return list(plan.slides_for(edition))
        return []


def _page_keys(view: LanguageView, module: Module) -> set[str]:
    """The pages whose slides are in a module's deck: its page, its sessions' pages and their cases."""
    keys = {module.page.key, *(p.key for p in module.session_pages)}
    for session in module.sessions:
        keys.add(session.page.key)
        keys |= {case.page.key for case in view.cases_for(session.id)}
    return keys


def slides_html(slides: Iterable[SlidePlan], edition: Edition, docs: Path, picture_url: str) -> str:
    """The slides as HTML: one 16:9 box per slide, its notes under it. Sizes and indents are data attributes
    the preview's script applies: the site's security policy refuses style attributes it did not hash."""
    parts = []
    for number, slide in enumerate(slides, start=1):
        body = "".join(_paragraph(p) for p in slide.body)
        parts.append(f'<figure class="preview-slide" data-kind="{html.escape(slide.kind)}">'
                     f'<div class="preview-slide-face"><div class="preview-slide-title">{_runs(slide.title)}</div>'
                     f'{body}{_picture(slide.picture, docs, picture_url)}</div>'
                     f'<figcaption>{number}{_notes(slide.notes_for(edition))}</figcaption></figure>')
    return "".join(parts)


def _runs(paragraph: TextParagraph) -> str:
    return "".join(f"<b>{html.escape(run.text)}</b>" if run.bold else html.escape(run.text)
                   for run in paragraph.runs)


def _paragraph(paragraph: TextParagraph) -> str:
    bullet = f"{paragraph.number}." if paragraph.bullet == "1." else paragraph.bullet
    marker = f'<span class="preview-bullet">{html.escape(bullet)}</span> ' if bullet else ""
    return (f'<p data-size="{paragraph.size * SCALE:.1f}" data-level="{paragraph.level}">'
            f'{marker}{_runs(paragraph)}</p>')


def _picture(picture: Picture | DiagramPlan | None, docs: Path, picture_url: str) -> str:
    if isinstance(picture, Picture):
        path = (picture.path if picture.path.is_absolute() else docs.parent / picture.path).resolve()
        shown = path.relative_to(docs.resolve()).as_posix() if path.is_relative_to(docs.resolve()) else ""
        return f'<img src="{picture_url}{html.escape(shown)}" alt="{html.escape(picture.alt)}">'
    if isinstance(picture, DiagramPlan):
        words = " · ".join(_runs(p) for texts in picture.texts for p in texts)
        return f'<div class="preview-diagram" role="img" aria-label="{html.escape(picture.alt)}">{words}</div>'
    return ""


def _notes(notes: tuple[str, ...]) -> str:
    shown = [line for line in notes if line.strip()]
    if not shown:
        return ""
    return '<div class="preview-notes">' + "".join(f"<p>{html.escape(line)}</p>" for line in shown) + "</div>"


PICTURE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")


def slide_picture(course: Course, relative: str, *, facilitator: bool) -> Path | None:
    """A slide picture's file under docs/, or None: only pictures, and off this machine only those the
    participant site publishes (a picture in a trainer box never leaves it)."""
    docs = course.docs_dir.resolve()
    path = (docs / relative).resolve()
    if not path.is_relative_to(docs) or not path.is_file() or path.suffix.lower() not in PICTURE_TYPES:
        return None
    if not facilitator and path.relative_to(docs).as_posix() not in published_files(course):
        return None
    return path
