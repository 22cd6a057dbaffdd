"""What goes on the slides of one language's decks, planned from the course model before anything is written.

A deck is: a title slide; the agenda with clock times (and days, on a course of several days); per
module (whole-course deck) a module title slide; per session a section slide, its key-point slides
(with its images), one slide per discussion block and one per case page; and a closing slide. The
whole-course deck of a course with several modules opens with an agenda of the modules (by day) and
shows each module's own agenda after its title slide.
"""
from __future__ import annotations

from build_tools.course.model import Course, Module
from build_tools.course.problems import Problem
from build_tools.slides.outline_slides import OutlineSlides
from build_tools.slides.plan import DeckPlan
from build_tools.slides.session_slides import SessionSlides
from build_tools.slides.settings import DeckSettings
from build_tools.slides.text_fit import TextBox, TextMeasurer
from build_tools.slides.typeset import Draft, SlideList, Typesetter
from build_tools.slides.wording import Wording


class DeckPlanner:
    """Plans the decks of one language; problems are collected, not raised, so one run shows them all."""

    def __init__(self, course: Course, language: str, settings: DeckSettings,
                 boxes: dict[tuple[str, int], TextBox], measurer: TextMeasurer) -> None:
        self.course, self.language = course, language
        self.problems: list[Problem] = []
        wording = Wording(course, language)
        self.view = wording.view
        self.typeset = Typesetter(settings, boxes, measurer, wording, self.problems)
        self.outline = OutlineSlides(course, wording, self.typeset)
        self.sessions = SessionSlides(course, wording, self.typeset)
        self._sessions: dict[str, list[Draft]] = {}  # the whole-course deck and a module deck share them

    def plan(self, module: Module | None) -> DeckPlan:
        """The slides of the whole-course deck (module None) or of one module's deck.

        The whole-course deck of a course with several modules opens with an agenda of the modules and
        shows each module's own agenda after its title slide; a module deck opens with its agenda.
        """
        settings = self.course.settings
        assert settings is not None  # checked_course reports a course without settings
        course_title = settings.title[self.language]
        modules = self.view.modules if module is None else (module,)
        several = module is None and len(modules) > 1
        outline = self.outline
        drafts: list[Draft] = [outline.title_slide(module, modules)]
        drafts += outline.overview_slides(modules) if several else outline.agenda_slides(modules)
        for each in modules:
            if module is None:
                drafts.append(outline.module_slide(each))
            if several:
                drafts += outline.agenda_slides((each,), each)
            for session in each.sessions:
                if session.id not in self._sessions:
                    self._sessions[session.id] = self.sessions.session_slides(session)
                drafts += self._sessions[session.id]
        drafts += outline.closing_slides(modules)
        size = self.typeset.body_size([d for d in drafts if isinstance(d, SlideList)])
        slides = [s for d in drafts for s in (self.typeset.cut(d, size) if isinstance(d, SlideList) else (d,))]
        subject = course_title if module is not None else settings.subtitle[self.language]
        title = module.title if module is not None else course_title
        return DeckPlan(self.language, module, title, subject, settings.author[self.language], settings.edition,
                        tuple(slides), tuple(lang.code for lang in self.course.languages))
