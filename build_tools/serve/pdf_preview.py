"""The PDF pages a course page becomes, as pictures: the build's own PDF jobs, re-rendered incrementally.

The preview renders the PDFs with the build's jobs (`pipeline.run.run_jobs`) into a build folder of its own:
a job whose inputs did not change is carried over, and a changed PDF reuses the chapters of the last render
that did not change (the part cache). The preview's PDFs are untagged: tags change nothing a picture shows,
and an untagged PDF is the one the part cache can join. A page's PDF pages are found by the named destination
the PDF gives each course page (`pdf.anchors.part_id`); each PDF page is drawn once with pdftoppm, on request.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pikepdf

from build_tools.course.model import Course, Edition, Page
from build_tools.parts.output_files import pdf_path
from build_tools.pdf.anchors import part_id
from build_tools.pipeline.fingerprints import source_files, toolchain_files
from build_tools.pipeline.run import JobResult, LastBuild, plan_jobs, run_jobs

RESOLUTION = 60
"""Dots per inch of a page picture: an A4 page becomes 496 × 702 pixels, readable beside the site."""


def _listed_destinations(pdf: Path) -> dict[str, int] | None:
    """Named destination → page number, as `pdfinfo -dests` lists them; None when it cannot."""
    try:
        listed = subprocess.run(["pdfinfo", "-dests", str(pdf)], capture_output=True, text=True, check=True,
                                timeout=60, errors="replace")
    except (OSError, subprocess.SubprocessError):
        return None
    found = (re.match(r'\s*(\d+) \[.*\] "(.*)"$', line) for line in listed.stdout.splitlines()[1:])
    return {match[2]: int(match[1]) for match in found if match}


def _read_destinations(pdf: Path) -> dict[str, int]:
    """Named destination → page number, read with qpdf (pikepdf) where `pdfinfo` cannot."""
    try:
        with pikepdf.open(pdf) as document:
            pages = {page.obj.objgen: number for number, page in enumerate(document.pages, 1)}
            names = document.Root.get("/Names")
            dests = names.get("/Dests") if isinstance(names, pikepdf.Dictionary) else None
            if not isinstance(dests, pikepdf.Dictionary):
                return {}
            found = {}
            for name, dest in pikepdf.NameTree(dests).items():
                target = dest.get("/D") if isinstance(dest, pikepdf.Dictionary) else dest
                if isinstance(target, pikepdf.Array) and len(target) and isinstance(target[0], pikepdf.Dictionary):
                    found[name] = pages.get(target[0].objgen)
            return {name: page for name, page in found.items() if page is not None}
    except pikepdf.PdfError as error:
        raise ValueError(f"{pdf.name} cannot be read: {error}") from error


def preview_course(course: Course) -> Course:
    """The course as the preview renders it: untagged and never a release (so the part cache is used)."""
    if course.settings is None:
        return course
    settings = dataclasses.replace(course.settings, tagged_pdf=False, release=False)
    return dataclasses.replace(course, settings=settings)


class PdfPreview:
    """The preview's PDFs in `work/pdf/.versions/<n>/pdf/…`, their page ranges and their pictures."""

    def __init__(self, work: Path, editions: Iterable[Edition]) -> None:
        self.build = work / "pdf"
        self.pictures = work / "pictures"
        self.editions = tuple(editions)
        self.count = 0
        self.last: LastBuild | None = None
        self.version: Path | None = None
        self._ranges: dict[Path, dict[str, int]] = {}
        self._lock = threading.Lock()

    def render(self, course: Course) -> dict[str, JobResult]:
        """Render the PDFs whose inputs changed (the others are carried over); the new version once all
        succeeded, else the last one stays and the failed jobs' results say why."""
        course = preview_course(course)
        jobs = [job for job in plan_jobs(course, source_files(course.root), toolchain_files(), kinds=["pdf"])
                if job.edition in self.editions]
        self.count += 1
        version = self.build / ".versions" / str(self.count)
        shutil.rmtree(version, ignore_errors=True)
        version.mkdir(parents=True)
        results = run_jobs(course, jobs, version, last=self.last, report=lambda line: None,
                           workers=os.cpu_count() or 1)
        if any(result.failed for result in results.values()):
            shutil.rmtree(version, ignore_errors=True)
            return results
        previous = self.version
        self.last = LastBuild(version, {j.id: j.key for j in jobs}, {j.id: results[j.id].files for j in jobs})
        self.version = version
        if previous is not None:
            shutil.rmtree(previous, ignore_errors=True)
        return results

    def pages_of(self, course: Course, language: str, edition: Edition, page_key: str) -> tuple[Path, list[int]]:
        """The PDF of a language and edition, and the numbers (from 1) of the pages the course page fills."""
        if self.version is None:
            return Path(), []
        pdf = pdf_path(self.version / "pdf", course, language, edition)
        starts = self._starts(pdf)
        first = starts.get(part_id(page_key))
        if first is None:
            return pdf, []
        later = sorted(page for page in set(starts.values()) if page > first)
        last = later[0] - 1 if later else self._page_count(pdf)
        return pdf, list(range(first, max(first, last) + 1))

    def _starts(self, pdf: Path) -> dict[str, int]:
        """The first page of every course page in the PDF (by its named destination), read once per PDF: with
        poppler's `pdfinfo` (a tenth of a second; the names are ASCII, `pdf.anchors.part_id`), or with qpdf
        where `pdfinfo` cannot."""
        with self._lock:
            if pdf not in self._ranges:
                try:
                    found = _listed_destinations(pdf)
                    self._ranges[pdf] = found if found is not None else _read_destinations(pdf)
                except (OSError, ValueError):
                    return {}
            return self._ranges[pdf]

    def _page_count(self, pdf: Path) -> int:
        with contextlib.suppress(OSError, subprocess.SubprocessError, ValueError):
            listed = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=60)
            found = re.search(r"^Pages:\s+(\d+)$", listed.stdout, re.MULTILINE)
            if found:
                return int(found[1])
        with pikepdf.open(pdf) as document:
            return len(document.pages)

    def picture(self, pdf: Path, page: int) -> Path | None:
        """The picture of one PDF page of the current version, drawn with pdftoppm the first time it is asked for."""
        if self.version is None or not pdf.is_relative_to(self.version) or not pdf.is_file():
            return None
        self._draw(pdf, [page])
        target = self._folder(pdf) / f"{page}.png"
        return target if target.is_file() else None

    def draw(self, course: Course, pages: Iterable[Page]) -> None:
        """Draw ahead the PDF pages of some course pages (the ones just edited): one pdftoppm run per PDF."""
        wanted: dict[Path, set[int]] = {}
        for page in pages:
            for edition in self.editions:
                pdf, numbers = self.pages_of(course, page.language, edition, page.key)
                if numbers:
                    wanted.setdefault(pdf, set()).update(numbers)
        with ThreadPoolExecutor(max_workers=max(len(wanted), 1)) as drawing:  # one pdftoppm per PDF, side by side
            for done in [drawing.submit(self._draw, pdf, sorted(chosen)) for pdf, chosen in wanted.items()]:
                done.result()

    def _folder(self, pdf: Path) -> Path:
        """Where a PDF's pictures go: named by the file itself, so a PDF carried over unchanged (a hard link to
        the same file) keeps the pictures drawn of it."""
        status = pdf.stat()
        return self.pictures / f"{status.st_ino}-{status.st_size}-{status.st_mtime_ns}"

    def _draw(self, pdf: Path, numbers: list[int]) -> None:
        folder = self._folder(pdf)
        missing = [n for n in numbers if not (folder / f"{n}.png").is_file()]
        if not missing:
            return
        scratch = folder / f".drawing-{threading.get_ident()}"
        scratch.mkdir(parents=True, exist_ok=True)
        try:
            subprocess.run(["pdftoppm", "-png", "-r", str(RESOLUTION), "-f", str(min(missing)), "-l", str(max(missing)),
                            str(pdf), str(scratch / "page")], check=True, capture_output=True, timeout=120)
            for drawn in scratch.glob("page-*.png"):
                drawn.replace(folder / f"{int(drawn.stem.rsplit('-', 1)[1])}.png")
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def forget_old_pictures(self) -> None:
        """Delete the pictures of PDFs that are not in the current version."""
        if self.version is None or not self.pictures.is_dir():
            return
        current = {self._folder(pdf).name for pdf in (self.version / "pdf").rglob("*.pdf")}
        for folder in self.pictures.iterdir():
            if folder.name not in current:
                shutil.rmtree(folder, ignore_errors=True)
