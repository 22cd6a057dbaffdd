"""The preview's site: the participant website built by MkDocs in this process, published folder by folder.

Each rebuild writes a new folder (`site-<n>`) and only then points the server at it, so the browser always
reads a whole site: the last good one while a rebuild runs or after one failed. MkDocs runs as the build runs
it (same mkdocs.yml, plugins and course plugin handed the checked course), without the build's link check
(the course check finds broken links) and without writing its INFO lines: what it warns about is returned.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from build_tools.course.model import Course
from build_tools.site.build import GeneratorRefused, run_generator


class SiteRefused(Exception):
    """MkDocs refused the site (strict: any warning); `lines` are its warnings and errors."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


class SitePreview:
    """Builds the course's site into `work/site-<n>` folders and keeps the newest two."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.count = 0

    def build(self, course: Course, pdf_dir: Path, slides_dir: Path) -> Path:
        """A new site folder for `course` (SiteRefused when MkDocs refuses it); the previous one stays."""
        self.count += 1
        folder = self.work / f"site-{self.count}"
        shutil.rmtree(folder, ignore_errors=True)
        try:
            run_generator(course, folder, pdf_dir, slides_dir, command="serve")
        except GeneratorRefused as refused:
            shutil.rmtree(folder, ignore_errors=True)
            raise SiteRefused([message for _, message in refused.records] or [refused.reason]) from None
        self._prune(keep=2)
        return folder

    def _prune(self, keep: int) -> None:
        """Delete all but the newest `keep` site folders (a browser may still be reading the previous one)."""
        folders = sorted(self.work.glob("site-*"), key=lambda p: int(p.name.split("-")[1]))
        for old in folders[:-keep]:
            shutil.rmtree(old, ignore_errors=True)
