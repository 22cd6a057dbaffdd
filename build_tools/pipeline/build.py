"""`make all`: every output of the course, built side by side, only what changed, published together.

1. Nothing changed since the last build (same files, same toolchain): stop at once.
2. Load and check the course; any problem stops the build before anything is rendered.
3. Plan the outputs' jobs (each language's two PDFs, each language's decks, the site), each keyed by a hash
   of exactly what it is made from, and run them (`run.run_jobs`): unchanged jobs are carried over.
4. Link the downloads into the site, zip it, and publish the new version with one atomic switch
   (`versions.publish`).

The CLI's `pdf`, `slides` and `site` commands run the same jobs into a folder of their own (`render_outputs`).
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from build_tools.checks.checked import checked_course
from build_tools.course.files import write_atomically
from build_tools.course.model import Course
from build_tools.course.problems import BuildError, BuildInterrupted, CourseError, Problem
from build_tools.parts import chinese_words
from build_tools.parts.output_files import link_or_copy
from build_tools.parts.output_jobs import RenderOptions, digest
from build_tools.pdf.fonts import (
    TEXT_FONT,
    FontFacts,
    FontNotInstalled,
    advance_widths,
    code_font,
    drawable_characters,
    known_fonts,
    remember_fonts,
    text_font,
)
from build_tools.pipeline.fingerprints import source_files, toolchain_files, toolchain_fingerprint
from build_tools.pipeline.run import OUTPUTS, LastBuild, link_downloads, plan_jobs, raise_failures, run_jobs
from build_tools.pipeline.versions import (
    MANIFEST,
    VERSIONS,
    build_lock,
    current_version,
    intact,
    publish,
    read_manifest,
    remove_stale,
)
from build_tools.pipeline.workers import in_background, without_collection

Report = Callable[[str], None]


def build_all(root: Path, build_dir: Path, report: Report = print, workers: int | None = None) -> int:
    """Build every output of the course into `build_dir`; 0 when published (or up to date), 1 on problems."""
    started = time.perf_counter()
    root, build_dir = root.resolve(), build_dir.resolve()
    with build_lock(build_dir), without_collection():
        current = current_version(build_dir)
        manifest = read_manifest(current)
        files = source_files(root)
        toolchain = toolchain_files()
        inputs = digest(files, toolchain_fingerprint(toolchain))
        if current is not None and manifest.get("inputs") == inputs and intact(build_dir):
            report(f"everything is up to date ({time.perf_counter() - started:.2f} s)")
            return 0
        course = _checked_while_loading(root)
        jobs = plan_jobs(course, files, toolchain)
        (build_dir / VERSIONS).mkdir(exist_ok=True)
        version = Path(tempfile.mkdtemp(prefix=f"{int(time.time())}-", dir=build_dir / VERSIONS))
        remove_stale(build_dir, {version.resolve(), *([current.resolve()] if current else [])})
        last = None if current is None else LastBuild(current, manifest.get("jobs", {}), manifest.get("files", {}))
        try:
            results = run_jobs(course, jobs, version, last=last, report=report, workers=workers or os.cpu_count() or 1)
            raise_failures(results)
            link_downloads(course, version / "site", version / "pdf", version / "slides")
            zip_key = digest("zip", [results[j.id].files for j in jobs], [manifest.get("jobs", {}).get(j.id)
                                                                        for j in jobs], [j.key for j in jobs])
            _zip(course, version, manifest, current, zip_key, report)
            new_manifest = {"inputs": inputs, "jobs": {j.id: j.key for j in jobs} | {"zip": zip_key},
                            "files": {j.id: results[j.id].files for j in jobs} | {"zip": ["site.zip"]}}
            write_atomically(version / MANIFEST, json.dumps(new_manifest, indent=1).encode())
            version.chmod(0o755)
            publish(build_dir, version)
        except BaseException:
            shutil.rmtree(version, ignore_errors=True)
            raise
        if current is not None:
            shutil.rmtree(current, ignore_errors=True)
        built = sum(1 for j in jobs if results[j.id].summary != "unchanged")
        report(f"built {built} of {len(jobs)} jobs in {time.perf_counter() - started:.1f} s; outputs in "
               f"{_shown(build_dir)}/ (pdf, slides, site, site.zip)")
        return 0


def render_outputs(root: Path, kind: str, out: Path, *, options: RenderOptions | None = None,
                   downloads: tuple[Path, Path] | None = None, report: Report = print, workers: int = 1) -> Path:
    """The CLI's `pdf`, `slides` and `site`: the course checked, then one kind of output (`render_course`)."""
    return render_course(checked_course(root), kind, out, options=options, downloads=downloads, report=report,
                         workers=workers)


def render_course(course: Course, kind: str, out: Path, *, options: RenderOptions | None = None,
                  downloads: tuple[Path, Path] | None = None, report: Report = print, workers: int = 1) -> Path:
    """One kind of output of a loaded course, rendered by the build's own jobs into `out`.

    The new files are made beside `out` and replace it whole only when every job succeeded, so a course with
    problems leaves the last output untouched. The site links its downloads from `downloads` (the PDF and
    deck folders; by default `pdf/` and `slides/` beside `out`), which must hold them.
    """
    out = out.resolve()
    pdf_dir, slides_dir = downloads or (out.parent / "pdf", out.parent / "slides")
    if kind == "site":
        from build_tools.site.build import require_downloads

        require_downloads(course, pdf_dir, slides_dir)
    jobs = plan_jobs(course, source_files(course.root), toolchain_files(), kinds=[kind])
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        results = run_jobs(course, jobs, staging, options=options, report=report, workers=workers)
        raise_failures(results)
        made = staging / OUTPUTS[kind].folder
        if kind == "site":
            link_downloads(course, made, pdf_dir, slides_dir)
        _replace(made, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    report(f"outputs in {_shown(out)}")
    return out


def _replace(new: Path, target: Path) -> None:
    """Swap `new` into `target`'s place (a folder, or a link to one), deleting the old one only afterwards."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.is_symlink():
        target.unlink()
    elif target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _checked_while_loading(root: Path) -> Course:
    """The checked course (CourseError otherwise); a forked process reads and checks it, then reads the PDF
    fonts' tables, while this one loads the renderers, jieba and the slide template's boxes, so the two share
    the two cores; the workers, forked from this process, get all of it and read none of it for themselves
    (each worker read the fonts itself before: 0.4 s of CPU in each)."""
    steps: list[Callable[[], object]] = [functools.partial(importlib.import_module, output.module)
                                         for output in OUTPUTS.values()]
    steps += [chinese_words.preload, functools.partial(_preload_deck_template, root)]
    with in_background(lambda: _check(root)) as checking:
        for step in steps:
            if checking.done() and checking.result()[0] is None:
                break  # a broken course: say so at once
            step()
        course, problems, error, fonts = checking.result()
    if problems:
        raise CourseError(problems)
    if course is None:
        raise BuildError(error)
    remember_fonts(fonts)
    _preload_fonts(course)  # from the facts just remembered: no font file is read again
    return course


def _preload_fonts(course: Course) -> None:
    """The font facts every PDF job reads: the characters each face can draw, the text font's widths."""
    with contextlib.suppress(FontNotInstalled):  # the PDF jobs report it
        for language in course.languages:
            drawable_characters(text_font(language.code))
            drawable_characters(code_font(language.code))
        advance_widths(TEXT_FONT)


def _preload_deck_template(root: Path) -> None:
    """The slide template's text boxes, which every deck job measures its text against."""
    from build_tools.slides.settings import load_deck_settings
    from build_tools.slides.template import template_boxes

    with contextlib.suppress(CourseError, BuildError, OSError):  # the deck jobs report it
        template_boxes(load_deck_settings(root))


def _check(root: Path) -> tuple[Course | None, list[Problem], str, FontFacts]:
    """`checked_course` in the background process, its outcome as plain data (CourseError does not pickle),
    with the font facts read for the checked course's PDFs."""
    try:
        course = checked_course(root)
    except CourseError as error:
        return None, list(error.problems), "", {}
    except BuildError as error:
        return None, [], str(error), {}
    _preload_fonts(course)
    return course, [], "", known_fonts()


def _zip(course: Course, version: Path, manifest: dict, current: Path | None, key: str, report: Report) -> None:
    from build_tools.site.build import zip_site

    if current is not None and manifest.get("jobs", {}).get("zip") == key and (current / "site.zip").is_file():
        link_or_copy(current / "site.zip", version / "site.zip")
        return
    zip_site(version / "site", version / "site.zip")
    report(f"  site.zip: {(version / 'site.zip').stat().st_size / 1e6:.1f} MB")


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def main_build(root: Path, build_dir: Path, workers: int | None = None) -> int:
    """The CLI's `build` step; Ctrl-C and SIGTERM stop it cleanly, so a killed build cleans up too."""
    def stop(signum: int, frame: object) -> None:
        raise BuildInterrupted(signal.Signals(signum).name)

    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        return build_all(root, build_dir, report=lambda line: print(line, flush=True), workers=workers)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        sys.stdout.flush()
