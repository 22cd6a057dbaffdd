"""`make check`: the course's problems, and for a sound course what the renderers would refuse, before anything
is rendered (decks.yml and the slide template, slide text that cannot fit, images the slides cannot show,
PDF images and characters without a glyph).

With `check`'s cache (`pipeline.check_cache`), each deck job's and each PDF job's problems are kept under the
build's key for that job, so only the jobs an edit changed are planned again, and the renderers' libraries
(the slide measurer, the PDF template; never WeasyPrint: nothing is laid out) are loaded only when a job has
to be planned, and jieba only for a text whose cut is not kept (`parts.chinese_words`). What planning works out
that does not depend on the course is kept too (`planning_facts`): line breaks, the template's text boxes,
font tables, each Markdown fragment's HTML and each Chinese text's word joins, so an edit converts and joins only
the text it changed. `check` starts the planning before it runs the course-wide rules (`planned_outputs`).
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from build_tools.checks.checked import course_and_problems
from build_tools.course.cache_store import CacheStore
from build_tools.course.model import Course, Edition
from build_tools.course.problems import CourseError, Problem
from build_tools.parts import chinese_words
from build_tools.parts.output_jobs import Output, digest
from build_tools.pdf.output import PdfOutput
from build_tools.pipeline.fingerprints import source_files, source_groups, toolchain_fingerprint
from build_tools.pipeline.planning_facts import (
    Counted,
    NewFacts,
    read_deck_facts,
    read_for_every_worker,
    read_pdf_facts,
)
from build_tools.pipeline.workers import started_forked
from build_tools.slides.output import DeckOutput

PLANNED: tuple[Output, ...] = (DeckOutput(), PdfOutput())
"""The outputs whose jobs `check` plans (the site's problems are the course's own), as the build keys them;
not `pipeline.run.OUTPUTS`, which would load MkDocs with the site's output."""

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
    leaving without calling it stops the planning and keeps nothing). With `fork_one` off a single group of jobs
    is planned in this process, when the function is called.

    The jobs go to the workers in groups, a language's decks and a language's PDFs (both editions share fonts,
    fragments and joins): each worker reads the kept facts its group uses (`planning_facts`), side by side."""
    tasks = _tasks(course)
    keys = _job_keys(course, inputs) if store is not None and inputs is not None else {}
    results: dict[str, list[Problem]] = {}
    for job_id, _ in tasks:
        kept = store.get("problems", keys[job_id]) if store is not None and job_id in keys else None
        if isinstance(kept, list) and all(isinstance(p, Problem) for p in kept):
            results[job_id] = kept
    groups: dict[str, list[tuple[str, Callable[[], list[Problem]]]]] = {}
    for job_id, task in tasks:
        if job_id not in results:
            groups.setdefault(":".join(job_id.split(":")[:2]), []).append((job_id, task))
    planned = [functools.partial(_planned_group, store, group) for group in groups.values()]
    forked = len(planned) > 1 or (fork_one and len(planned) == 1)
    if forked and any(course.language(name.split(":")[1]).is_chinese for name in groups):
        chinese_words.preload()  # an edited Chinese page has words never cut: load jieba once, not per worker
    new = NewFacts()
    pdfs, decks = ([name.split(":")[1] for name in groups if name.startswith(kind)] for kind in ("pdf:", "decks:"))
    if forked and (len(pdfs) > 1 or len(decks) > 1):
        new.add(read_for_every_worker(store, course.root, pdfs if len(pdfs) > 1 else [],
                                      decks if len(decks) > 1 else []))
    with started_forked(planned if forked else [], min(len(planned), os.cpu_count() or 1)) as running:

        def finish() -> list[Problem]:
            if planned and not forked:
                found, added = planned[0]()
                results.update(found)
                new.add(added)
            for _, (found, added) in running:
                results.update(found)
                new.add(added)
            new.take()
            new.keep(store)
            unedited = inputs is not None and source_files(course.root) == inputs[0]  # no file saved meanwhile
            if store is not None and unedited:
                for group in groups.values():
                    for job_id, _ in group:
                        if job_id in keys:
                            store.put("problems", keys[job_id], results[job_id])
            return list(dict.fromkeys(problem for job_id, _ in tasks for problem in results[job_id]))

        yield finish


def _planned_group(store: CacheStore | None, group: list[tuple[str, Callable[[], list[Problem]]]]
                   ) -> tuple[dict[str, list[Problem]], NewFacts]:
    """The problems of a group of jobs (in a worker), with the facts planning them added (the parent keeps
    them); the kept facts the group uses are read first."""
    kind, language = group[0][0].split(":")[:2]  # a group is one language's decks, or its PDFs
    if kind == "pdf":
        read_pdf_facts(store)
    else:
        read_deck_facts(store, language)
    counted = Counted(language)
    found = {job_id: task() for job_id, task in group}
    return found, counted.added()


def _deck_problems(course: Course, language: str) -> list[Problem]:
    from build_tools.slides.render import plan_decks
    from build_tools.slides.settings import load_deck_settings

    advice: list[Problem] = []
    try:
        plan_decks(course, load_deck_settings(course.root), language, advice=advice)
    except CourseError as error:
        return list(error.problems)
    return advice


def _pdf_problems(course: Course, language: str, edition: Edition) -> list[Problem]:
    from build_tools.pdf.document import build_document
    from build_tools.pdf.glyphs import check_documents

    try:
        check_documents(course, [build_document(course, language, edition)])
    except CourseError as error:
        return list(error.problems)
    return []
