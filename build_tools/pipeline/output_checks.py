"""`make check`: the course's problems, and for a sound course what the renderers would refuse, before anything
is rendered (decks.yml and the slide template, slide text that cannot fit, images the slides cannot show,
PDF images and characters without a glyph).

With `check`'s cache (`pipeline.check_cache`), each deck job's and each PDF job's problems are kept under the
build's key for that job, so only the jobs an edit changed are planned again, and the renderers' libraries
(the slide measurer, the PDF template; never WeasyPrint: nothing is laid out) are loaded only when a job has
to be planned, and jieba only for a text whose cut is not kept (`parts.chinese_words`). What planning works out
that does not depend on the course is kept too (`_Facts`): word cuts, line breaks, the template's text boxes,
font tables, each Markdown fragment's HTML and each Chinese text's word joins, so an edit converts and joins only
the text it changed. `check` starts the planning before it runs the course-wide rules (`planned_outputs`).
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from build_tools.checks.checked import course_and_problems
from build_tools.course.cache_store import CacheStore
from build_tools.course.model import Course, Edition
from build_tools.course.problems import CourseError, Problem
from build_tools.parts import chinese_words
from build_tools.parts.markdown_html import known_html, remember_html
from build_tools.parts.output_jobs import Output, digest
from build_tools.pdf.fonts import known_fonts, remember_fonts
from build_tools.pdf.output import PdfOutput
from build_tools.pdf.whole_words import known_joins, remember_joins
from build_tools.pipeline.fingerprints import source_files, source_groups, toolchain_fingerprint
from build_tools.pipeline.workers import started_forked
from build_tools.slides.output import DeckOutput
from build_tools.slides.template import known_boxes, remember_boxes

if TYPE_CHECKING:
    from build_tools.slides.text_fit import TextMeasurer

PLANNED: tuple[Output, ...] = (DeckOutput(), PdfOutput())
"""The outputs whose jobs `check` plans (the site's problems are the course's own), as the build keys them;
not `pipeline.run.OUTPUTS`, which would load MkDocs with the site's output."""
BOXES = "template-boxes"
"""The key of the slide templates' text boxes kept (`slides.template`), each under its template's hash and layouts:
with them kept, planning never loads python-pptx."""
FONTS = "fonts"
HTML = "pdf-html"
"""The key of the page fragments' HTML kept (`parts.markdown_html.remember_html`): an edit converts only the
Markdown it changed (converting every page was half of assembling a PDF's HTML)."""
KEEP_HTML = 5_000
"""Fragments kept at most (the first course's four PDFs convert about 1,000): the oldest go first."""
JOINS = "pdf-joins"
"""The key of the Chinese texts with their words joined kept (`pdf.whole_words`), the other half of assembling."""
KEEP_JOINS = 50_000
"""The key of the font facts kept (`pdf.fonts`): one entry, each fact under its file's path, size and time."""
PLANNERS = ("build_tools.slides.render", "build_tools.pdf.document", "build_tools.pdf.glyphs")
"""What plans the decks and assembles the PDFs' HTML: loaded before the workers fork (not WeasyPrint: nothing
is laid out)."""

Inputs = tuple[dict[str, str], dict[str, str]]
"""What the jobs' keys are made of: the course's files and the toolchain's (`pipeline.fingerprints`)."""


def every_problem(root: Path) -> tuple[Course, list[Problem]]:
    """What `check` reports: reading and checking, then what the renderers would refuse."""
    course, problems = course_and_problems(root)
    return course, with_output_problems(course, problems)


def with_output_problems(course: Course, problems: list[Problem], store: CacheStore | None = None,
                         inputs: Inputs | None = None) -> list[Problem]:
    """The problems of reading and checking, and for a sound course only (only a sound course can be laid
    out) what the renderers would refuse; `store` and `inputs` (both or neither) keep each job's problems."""
    if any(not p.warning for p in problems):
        return list(problems)
    return list(problems) + output_problems(course, store, inputs)


def _tasks(course: Course) -> list[tuple[str, Callable[[], list[Problem]]]]:
    """(job id, what finds its problems) of every deck and PDF job, in the order `check` lists them."""
    tasks: list[tuple[str, Callable[[], list[Problem]]]] = [
        (f"decks:{language.code}", functools.partial(_deck_problems, course, language.code))
        for language in course.languages
    ]
    tasks += [(f"pdf:{language.code}:{edition.value}", functools.partial(_pdf_problems, course, language.code, edition))
              for language in course.languages for edition in (Edition.PARTICIPANT, Edition.FACILITATOR)]
    return tasks


def _job_keys(course: Course, inputs: Inputs) -> dict[str, str]:
    """The key of each deck and PDF job by its id: the build's key for it (it hashes exactly what the job is made
    from) with the repository's path (a message may name a file by its full path)."""
    files, toolchain = inputs
    groups = source_groups(course, files)
    return {job.id: digest(job.key, str(course.root)) for output in PLANNED
            for job in output.jobs(course, groups, toolchain_fingerprint(toolchain, output.folder))}


def output_problems(course: Course, store: CacheStore | None = None, inputs: Inputs | None = None) -> list[Problem]:
    """What the renderers would refuse, found before anything is rendered; the jobs whose problems are not kept
    are planned side by side in forked processes (it is the slow part)."""
    with planned_outputs(course, store, inputs, fork_one=False) as planned:
        return planned()


@contextlib.contextmanager
def planned_outputs(course: Course, store: CacheStore | None = None, inputs: Inputs | None = None,
                    fork_one: bool = True) -> Iterator[Callable[[], list[Problem]]]:
    """`output_problems`, started: the jobs whose problems are not kept are planned in forked processes from now
    on, and the function given waits for them and returns every problem (`check` checks the course meanwhile;
    leaving without calling it stops the planning and keeps nothing). With `fork_one` off a single job is
    planned in this process, when the function is called."""
    tasks = _tasks(course)
    keys = _job_keys(course, inputs) if store is not None and inputs is not None else {}
    results: dict[str, list[Problem]] = {}
    for job_id, _ in tasks:
        kept = store.get("problems", keys[job_id]) if store is not None and job_id in keys else None
        if isinstance(kept, list) and all(isinstance(p, Problem) for p in kept):
            results[job_id] = kept
    missing = [(job_id, task) for job_id, task in tasks if job_id not in results]
    facts = _Facts(store, fonts=any(job_id.startswith("pdf:") for job_id, _ in missing),
                   lines=any(job_id.startswith("decks:") for job_id, _ in missing))
    forked = len(missing) > 1 or (fork_one and len(missing) == 1)
    if forked:
        for module in PLANNERS:
            importlib.import_module(module)  # before the fork, so the workers share it
        if any(course.language(job_id.split(":")[1]).is_chinese for job_id, _ in missing):
            chinese_words.preload()  # an edited Chinese page has words never cut: load jieba once, not per worker
        _preload(course, [job_id for job_id, _ in missing])
    if store is not None and any(job_id.startswith("pdf:") for job_id, _ in missing):
        from build_tools.pdf.document import keep_compiled_template

        keep_compiled_template(store.folder)
    before = facts.counts()
    with_facts = [functools.partial(_with_new_facts, task, before) for _, task in missing] if forked else []
    with started_forked(with_facts, min(len(missing), os.cpu_count() or 1)) as running:

        def finish() -> list[Problem]:
            if missing and not forked:
                results[missing[0][0]] = missing[0][1]()
            for index, (result, new) in running:
                results[missing[index][0]] = result
                facts.remember(new)
            facts.keep()
            unedited = inputs is not None and source_files(course.root) == inputs[0]  # no file saved meanwhile
            if store is not None and unedited:
                for job_id, _ in missing:
                    if job_id in keys:
                        store.put("problems", keys[job_id], results[job_id])
            return list(dict.fromkeys(problem for job_id, _ in tasks for problem in results[job_id]))

        yield finish


class _Facts:
    """What planning reads or works out that does not depend on the course: Chinese word cuts (`chinese_words`),
    the fonts' tables (`pdf.fonts`) and slide text's line breaks (`slides.text_fit`). Workers send back what they
    added; `check` keeps them (reading a CJK font's tables takes a second, loading jieba half of one)."""

    def __init__(self, store: CacheStore | None, fonts: bool, lines: bool) -> None:
        self.store = store
        self.measurer: TextMeasurer | None = None
        if store is not None and fonts:
            kept = store.get("fonts", FONTS)
            if isinstance(kept, dict) and all(isinstance(key, tuple) for key in kept):
                remember_fonts(kept)
            html = store.get("html", HTML)
            remember_html(html if isinstance(html, dict) and all(isinstance(v, str) for v in html.values()) else {})
            joins = store.get("joins", JOINS)
            if isinstance(joins, dict) and all(isinstance(key, tuple) and isinstance(value, str)
                                               for key, value in joins.items()):
                remember_joins(joins)
        if store is not None and lines:
            from build_tools.slides.render import shared_measurer

            self.measurer = shared_measurer()
            kept = store.get("lines", digest(self.measurer.fonts))
            if isinstance(kept, dict) and all(isinstance(key, tuple) for key in kept):
                self.measurer.remember_lines(kept)
            boxes = store.get("boxes", BOXES)
            if isinstance(boxes, dict) and all(isinstance(key, tuple) for key in boxes):
                remember_boxes(boxes)
        self.known = self.counts()
        self.boxes = len(known_boxes())

    def counts(self) -> tuple[int, int, int, int, int]:
        """How many cuts, font tables, line breaks, fragments' HTML and joined texts this process knows (what a
        worker adds comes after)."""
        lines = len(self.measurer.known_lines()) if self.measurer is not None else 0
        return len(chinese_words.known_cuts()), len(known_fonts()), lines, len(known_html()), len(known_joins())

    def remember(self, new: tuple[Any, Any, Any, Any, Any]) -> None:
        """Take what a worker added."""
        cuts, fonts, lines, html, joins = new
        remember_joins(joins)
        chinese_words.remember(cuts)
        remember_fonts(fonts)
        if self.measurer is not None:
            self.measurer.remember_lines(lines)
        if html:
            remember_html(html)

    def keep(self) -> None:
        """Keep the font tables and line breaks for the next check, when there are new ones (the cuts are kept by
        `check_cache`, which takes them before the course is checked)."""
        now = self.counts()
        if self.store is not None and now[1] > self.known[1]:
            self.store.put("fonts", FONTS, known_fonts())
        if self.store is not None and self.measurer is not None and now[2] > self.known[2]:
            self.store.put("lines", digest(self.measurer.fonts), self.measurer.known_lines())
        if self.store is not None and self.measurer is not None and len(known_boxes()) > self.boxes:
            self.store.put("boxes", BOXES, known_boxes())  # measured in this process, before the workers fork
        if self.store is not None and now[3] > self.known[3]:
            self.store.put("html", HTML, dict(list(known_html().items())[-KEEP_HTML:]))
        if self.store is not None and now[4] > self.known[4]:
            self.store.put("joins", JOINS, dict(list(known_joins().items())[-KEEP_JOINS:]))


def _preload(course: Course, missing: list[str]) -> None:
    """What every worker planning these jobs would read for itself, read once before they fork: the PDF fonts'
    tables (kept or read from the files), the slide template's text boxes."""
    from build_tools.pdf.fonts import TEXT_FONT, advance_widths, code_font, drawable_characters, text_font

    languages = {job_id.split(":")[1] for job_id in missing if job_id.startswith("pdf:")}
    for language in sorted(languages):
        drawable_characters(text_font(language))
        drawable_characters(code_font(language))
    if languages:
        advance_widths(TEXT_FONT)
    if any(job_id.startswith("decks:") for job_id in missing):
        from build_tools.slides.settings import load_deck_settings
        from build_tools.slides.template import template_boxes

        with contextlib.suppress(CourseError):  # the deck jobs report it
            template_boxes(load_deck_settings(course.root))


def _with_new_facts(task: Callable[[], list[Problem]], before: tuple[int, ...]) -> tuple[list[Problem], Any]:
    """A task's problems in a worker, with the cuts, font tables, line breaks and HTML it added (the parent keeps
    them)."""
    problems = task()
    from build_tools.slides.render import shared_measurer

    lines = shared_measurer().known_lines(before[2]) if shared_measurer.cache_info().currsize else {}
    return problems, (chinese_words.known_cuts(before[0]), known_fonts(before[1]), lines, known_html(before[3]),
                      known_joins(before[4]))


def _deck_problems(course: Course, language: str) -> list[Problem]:
    from build_tools.slides.render import plan_decks
    from build_tools.slides.settings import load_deck_settings

    try:
        plan_decks(course, load_deck_settings(course.root), language)
    except CourseError as error:
        return list(error.problems)
    return []


def _pdf_problems(course: Course, language: str, edition: Edition) -> list[Problem]:
    from build_tools.pdf.document import build_document
    from build_tools.pdf.glyphs import check_documents

    try:
        check_documents(course, [build_document(course, language, edition)])
    except CourseError as error:
        return list(error.problems)
    return []
