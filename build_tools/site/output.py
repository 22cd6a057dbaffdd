"""The website as an output of the build: one job for every language (mkdocs-static-i18n builds them together)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from build_tools.course.model import Course
from build_tools.parts.output_jobs import Job, Rendered, RenderOptions, SourceGroups, digest, page_lines

SITE_WEIGHT = 3 / 2
"""The site's weight per page line: a quarter of what one line costs the PDFs and decks of its language
together (3 + 2 + 1, see `pdf.output.EDITION_WEIGHT`), which puts the short site job (about 1.5 s) among the
first to start; the build's order was tuned with it, so it is kept as measured."""


class SiteOutput:
    """The participant website; its downloads are linked in by the build once the PDFs and decks exist."""

    kind = "site"
    folder = "site"
    module = "build_tools.site.build"

    def jobs(self, course: Course, sources: SourceGroups, code: str) -> list[Job]:
        lines = page_lines(course)
        return [Job("site", self.kind, digest("site", code, sources.everything), weight=int(lines * SITE_WEIGHT))]

    def render(self, course: Course, job: Job, folder: Path, cache: Path | None, options: RenderOptions) -> Rendered:
        """The site, with empty stand-ins where the downloads go: MkDocs checks every link to them, and the
        build puts the real files in their place when every job is done (`link_downloads`)."""
        from build_tools.site.build import build_site, site_downloads

        folder.parent.mkdir(parents=True, exist_ok=True)
        stand_ins = Path(tempfile.mkdtemp(prefix=".stand-ins-", dir=folder.parent))
        try:
            pdf_dir, slides_dir = stand_ins / "pdf", stand_ins / "slides"
            for language in course.languages:
                for download in site_downloads(course, language.code, pdf_dir, slides_dir):
                    download.source_path.parent.mkdir(parents=True, exist_ok=True)
                    download.source_path.write_bytes(b"")
            built = build_site(course, folder, pdf_dir=pdf_dir, slides_dir=slides_dir)
        finally:
            shutil.rmtree(stand_ins, ignore_errors=True)
        summary = f"{built.pages} pages, {built.links} links checked, {built.megabytes:.1f} MB ({built.generator})"
        return Rendered(["."], summary)
