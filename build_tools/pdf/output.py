"""The PDFs as an output of the build: one job per language and edition (workbook, facilitator guide)."""

from __future__ import annotations

from pathlib import Path

from build_tools.course.files import write_atomically
from build_tools.course.model import Course, Edition
from build_tools.parts.output_files import pdf_path
from build_tools.parts.output_jobs import Job, Rendered, RenderOptions, SourceGroups, digest, page_lines

EDITION_WEIGHT = {Edition.FACILITATOR: 3, Edition.PARTICIPANT: 2}
"""A PDF's cost relative to its language's page lines: the facilitator guide adds trainer notes, the run sheet
and the checklist, about 1.5 times the workbook's pages (first course: 144 and 99 pages)."""


class PdfOutput:
    """Each language's workbook and facilitator guide, keyed by that language's pages and the shared files."""

    kind = "pdf"
    folder = "pdf"
    module = "build_tools.pdf.render"

    def jobs(self, course: Course, sources: SourceGroups, code: str) -> list[Job]:
        jobs = []
        for language in course.languages:
            own = sources.pages.get(language.code, {})
            lines = page_lines(course, language.code)
            for edition in (Edition.FACILITATOR, Edition.PARTICIPANT):
                key = digest("pdf", language.code, edition.value, code, sources.shared, sources.assets, own)
                jobs.append(Job(f"pdf:{language.code}:{edition.value}", self.kind, key, language.code, edition,
                                weight=lines * EDITION_WEIGHT[edition], code=code))
        return jobs

    def render(self, course: Course, job: Job, folder: Path, cache: Path | None, options: RenderOptions) -> Rendered:
        """One PDF; with a cache, only the chapters that changed since the last render are laid out again.

        A release build renders every PDF whole: the same bytes as any clean build of the same sources.
        """
        from build_tools.pdf.render import build_document, check_documents, render_one

        assert job.edition is not None
        document = build_document(course, job.language, job.edition)
        check_documents(course, [document])
        release = course.settings is not None and course.settings.release
        data, pages = render_one(course, document, None if release else cache)
        path = pdf_path(folder, course, job.language, job.edition)
        write_atomically(path, data)
        return Rendered([path.relative_to(folder).as_posix()], f"{pages} pages")
