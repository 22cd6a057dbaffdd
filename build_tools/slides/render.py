"""Course → PowerPoint decks: per language a whole-course deck and one per module, for trainers and participants.

Every deck is planned from the course model before anything is written (`planner`): titles, key
points and questions are measured against the template's placeholders (`text_fit`, `typeset`), long
lists continue on "(1/2)", "(2/2)" slides, and text that cannot fit even alone stops the build with
the `path:line` the model gives its node. Then each deck is written twice (`package`): the
facilitator edition with trainer notes and materials in the speaker notes, and the participant
edition with the same slides and only the shared notes. Files are byte-identical from build to build.

How slides read (issue 12): every line break is decided in planning and written as `a:br`, so Chinese
never breaks inside a word and no line is a lone character (`text_fit.TextMeasurer.break_lines`);
Chinese text and its punctuation are set in the East Asian font in both font slots; all key points,
questions and objectives of a deck share one size (a list that fits one slide only at a smaller size
gets that size rather than a continuation slide); every slide but the first shows its number; dates
are in the language's long form and method names are capitalised as titles.

How decks present (issue 22): a session's trainer notes are divided among the slides where they are
spoken (`session_notes`, `notes_pages`), whole on one slide (set to fit a printed notes page); titles are unique in
a deck; diagrams written in the source are drawn as grouped native shapes (`diagram_fit`,
`diagram_shapes`); the template's default language is the deck's; each deck ends with a thank-you slide.
"""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from build_tools.course.model import Course, Edition
from build_tools.course.problems import CourseError, Problem
from build_tools.slides.plan import DeckPlan, Picture
from build_tools.slides.planner import DeckPlanner
from build_tools.slides.settings import DeckSettings
from build_tools.slides.template import template_boxes
from build_tools.slides.text_fit import TextMeasurer

# --- planning ---------------------------------------------------------------------------------------


def plan_all_decks(course: Course, settings: DeckSettings) -> list[DeckPlan]:
    """Plan every deck decks.yml asks for, whole-course deck first per language; CourseError lists every problem."""
    return plan_decks(course, settings, *_languages(course, settings))


def plan_decks(course: Course, settings: DeckSettings, *languages: str,
               advice: list[Problem] | None = None) -> list[DeckPlan]:
    """Plan the decks of some languages (a build job plans one language); CourseError lists every problem when
    any is an error. Advice alone (a slide over its word budget) does not stop the decks: it goes to `advice`."""
    boxes = template_boxes(settings)
    measurer = shared_measurer()
    plans: list[DeckPlan] = []
    problems: list[Problem] = []
    for language in languages:
        if language not in _languages(course, settings):
            continue
        planner = DeckPlanner(course, language, settings, boxes, measurer)
        if settings.decks.whole_course:
            plans.append(planner.plan(None))
        if settings.decks.modules:
            plans.extend(planner.plan(module) for module in planner.view.modules)
        problems += planner.problems
    problems = list(dict.fromkeys(problems))  # a module's slides are planned for two decks
    if any(not problem.warning for problem in problems):
        raise CourseError(problems)
    if advice is not None:
        advice += problems
    return plans


@functools.cache
def shared_measurer() -> TextMeasurer:
    """One measurer per process: its fonts are opened once and the glyph widths it learns are kept."""
    return TextMeasurer()


def _languages(course: Course, settings: DeckSettings) -> tuple[str, ...]:
    known = tuple(lang.code for lang in course.languages)
    wanted = settings.decks.languages or known
    unknown = [code for code in wanted if code not in known]
    if unknown:
        message = f"'decks.languages' lists {', '.join(unknown)}; the course has {', '.join(known)}"
        raise CourseError([Problem(settings.where("decks.languages"), "slides.invalid", message)])
    return tuple(wanted)


# --- writing --------------------------------------------------------------------------------------


def deck_fingerprint(plan: DeckPlan, edition: Edition, settings: DeckSettings, root: Path) -> str:
    """A hash of everything `render_deck` makes one deck from: its slides as planned for the edition, its
    properties, the deck settings and template, the images' bytes (the build keeps its cache per code version).

    The build keeps each rendered deck under this name, so an edit renders only the decks it reaches. Paths
    inside the course (`root`) count relative to it: a course moved or cloned elsewhere keeps its decks.
    """
    slides = plan.slides_for(edition)
    digest = hashlib.sha256()
    for part in (edition.value, plan.language, plan.title, plan.subject, plan.author, plan.date.isoformat(),
                 " ".join(plan.languages), repr(settings), repr(slides)):
        digest.update(part.replace(str(root.resolve()), "<course>").encode() + b"\0")
    pictures = {slide.picture.path for slide in slides if isinstance(slide.picture, Picture)}
    for path in sorted(pictures | {settings.template}):
        digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
    return digest.hexdigest()


def render_deck(plan: DeckPlan, edition: Edition, settings: DeckSettings) -> bytes:
    """One edition of a planned deck as .pptx bytes, reproducible to the byte; every slide but the first numbered.

    What writes is imported here, not at the top: planning (all `check` does) needs none of it."""
    from build_tools.parts.foreign_words import WordLanguages
    from build_tools.slides.package import DeckWriter, reproducible_bytes, set_default_language, set_properties
    from build_tools.slides.template import NOTES_BOX, open_template
    from build_tools.slides.text_xml import LANGUAGE_TAGS, RunLanguages

    prs = open_template(settings)
    tag = LANGUAGE_TAGS.get(plan.language, plan.language)
    words = WordLanguages.of_course(list(plan.languages), plan.language, plan.text(edition))
    writer = DeckWriter(prs, settings, RunLanguages(tag, words), shared_measurer(), template_boxes(settings)[NOTES_BOX])
    for number, spec in enumerate(plan.slides_for(edition), start=1):
        writer.add(spec, number, edition)
    set_default_language(prs, tag)
    set_properties(prs, plan, edition, tag)
    return reproducible_bytes(prs)
