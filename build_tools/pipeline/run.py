"""Running outputs' jobs: the one path every build takes (`make all`, the CLI's output commands, the tests).

Each job renders into its output's folder of a version, in a forked worker process, longest first; a job
whose key matches the last build's is carried over from it instead (hard links).
"""

from __future__ import annotations

import contextlib
import functools
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from build_tools.course.model import Course
from build_tools.course.problems import BuildError, CourseError, Problem
from build_tools.parts.output_files import link_or_copy
from build_tools.parts.output_jobs import Job, Output, RenderOptions
from build_tools.pdf.output import PdfOutput
from build_tools.pipeline.fingerprints import source_groups, toolchain_fingerprint
from build_tools.pipeline.versions import CACHE, carry_over, keep_same_files
from build_tools.pipeline.workers import run_forked
from build_tools.site.output import SiteOutput
from build_tools.slides.output import DeckOutput

OUTPUTS: dict[str, Output] = {output.kind: output for output in (PdfOutput(), DeckOutput(), SiteOutput())}
"""Every kind of output, by kind; a build plans the jobs of all of them."""


@dataclass
class JobResult:
    """What a job wrote (paths relative to the version folder) or the problems that stopped it."""

    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    error: str = ""
    seconds: float = 0.0
    summary: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.problems or self.error)


def plan_jobs(course: Course, files: dict[str, str], toolchain: dict[str, str],
              kinds: Iterable[str] = OUTPUTS) -> list[Job]:
    """The jobs of a build, each keyed by its own inputs: editing a Chinese page leaves English outputs alone."""
    sources = source_groups(course, files)
    jobs: list[Job] = []
    for kind in kinds:
        output = OUTPUTS[kind]
        jobs += output.jobs(course, sources, toolchain_fingerprint(toolchain, output.folder))
    return jobs


def run_job(course: Course, job: Job, version: Path, cache_root: Path | None, options: RenderOptions) -> JobResult:
    """Render one job into the version folder; problems are returned, never raised (they cross a process)."""
    started = time.perf_counter()
    output = OUTPUTS[job.kind]
    cache = None if cache_root is None else _code_cache(cache_root / job.id.replace(":", "-"), job.code)
    result = JobResult()
    try:
        rendered = output.render(course, job, version / output.folder, cache, options)
        result.files = [(Path(output.folder) / name).as_posix() for name in rendered.files]
        result.summary = rendered.summary
    except CourseError as error:
        result.problems = list(error.problems)
    except BuildError as error:
        result.error = str(error)
    result.seconds = time.perf_counter() - started
    return result


def _code_cache(folder: Path, code: str) -> Path:
    """The job's cache for the code that runs it (`<job>/<code>`): what other code left there is deleted, so a
    cache never holds what another version of the toolchain made."""
    own = folder / code[:16]
    if folder.is_dir():
        for other in folder.iterdir():
            if other != own:
                shutil.rmtree(other, ignore_errors=True) if other.is_dir() else other.unlink(missing_ok=True)
    return own


@dataclass(frozen=True)
class LastBuild:
    """The published version a build may carry unchanged jobs over from, and its manifest."""

    version: Path
    keys: dict[str, str]
    files: dict[str, list[str]]

    def carries(self, job: Job) -> list[str] | None:
        """The job's files in the last build when its key is unchanged and they are all still there."""
        files = self.files.get(job.id)
        if self.keys.get(job.id) != job.key or not files:
            return None
        return files if all((self.version / f).exists() for f in files) else None


def run_jobs(course: Course, jobs: list[Job], version: Path, *, last: LastBuild | None = None,
             options: RenderOptions | None = None, report: Callable[[str], None] = print,
             workers: int = 1) -> dict[str, JobResult]:
    """Carry over unchanged jobs; run the others in forked worker processes, longest first, reporting each.

    Each job's cache lives in `build/.cache/<job>` beside the versions; with no last build (the CLI's output
    commands, a fresh folder) a job still reuses its cache when the version sits in a build folder.
    """
    results: dict[str, JobResult] = {}
    todo = []
    for job in jobs:
        kept = last.carries(job) if last is not None else None
        if kept is not None and last is not None:
            carry_over(last.version, version, kept)
            results[job.id] = JobResult(files=list(kept), summary="unchanged")
        else:
            todo.append(job)
    if not todo:
        return results
    cache_root = version.parent.parent / CACHE if version.parent.name == ".versions" else None
    count = min(len(todo), max(workers, 1))
    report(f"building {len(todo)} of {len(jobs)} outputs in {count} process{'es' if count > 1 else ''} "
           f"({len(jobs) - len(todo)} unchanged)")
    ordered = sorted(todo, key=lambda j: -j.weight)
    chosen = options or RenderOptions()
    tasks = [functools.partial(run_job, course, job, version, cache_root, chosen) for job in ordered]
    for done, (index, result) in enumerate(run_forked(tasks, count), start=1):
        job = ordered[index]
        results[job.id] = result
        if last is not None and not result.failed:
            keep_same_files(last.version, version, result.files)
        state = "FAILED" if result.failed else result.summary
        report(f"  [{done}/{len(todo)}] {job.id}: {state} in {result.seconds:.1f} s")
    return {job.id: results[job.id] for job in jobs}  # in plan order, whichever finished first


def raise_failures(results: dict[str, JobResult]) -> None:
    """Every problem of the failed jobs as one CourseError (or their other errors as one BuildError)."""
    failed = [result for result in results.values() if result.failed]
    problems = list(dict.fromkeys(p for result in failed for p in result.problems))
    if problems:
        raise CourseError(problems)
    if failed:
        raise BuildError("\n".join(result.error for result in failed if result.error))


def link_downloads(course: Course, site: Path, pdf_dir: Path, slides_dir: Path) -> None:
    """Put the real participant PDFs and decks where the site's downloads page links them."""
    from build_tools.site.build import site_downloads

    for language in course.languages:
        prefix = "" if language.default else f"{language.code}/"
        for download in site_downloads(course, language.code, pdf_dir, slides_dir):
            target = site / f"{prefix}{download.site_path}"
            target.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
            link_or_copy(download.source_path, target)
