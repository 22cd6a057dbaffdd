"""The preview's site: the participant website built by MkDocs in this process, published folder by folder.

Each rebuild writes a new folder (`site-<n>`) and only then points the server at it, so the browser always
reads a whole site: the last good one while a rebuild runs or after one failed. MkDocs runs as the build runs
it (same mkdocs.yml, plugins and course plugin handed the checked course), without the build's link check
(the course check finds broken links) and without writing its INFO lines: what it warns about is returned.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from build_tools.course.model import Course
from build_tools.course.site_generator import site_generator
from build_tools.site.plugin import CoursePlugin

_QUIET = ("jieba", "mkdocs_static_i18n", "mkdocs.plugins.static_i18n", "mkdocs.plugins.material", "weasyprint",
          "fontTools")
"""Loggers whose INFO chatter (mkdocs-static-i18n's `extra.alternate` lines among them) a trainer never needs."""


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
        generator = site_generator()
        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        with _captured(generator.logger) as lines:
            try:
                config = generator.load_config(config_file=str(course.root / "mkdocs.yml"), site_dir=str(folder),
                                               strict=True)
                plugin = next((p for p in config.plugins.values() if isinstance(p, CoursePlugin)), None)
                if plugin is None:
                    plugin = CoursePlugin()
                    plugin.load_config({})
                    config.plugins["course"] = plugin
                plugin.hand_over(course, pdf_dir, slides_dir)
                config.plugins.on_startup(command="serve", dirty=False)
                try:
                    generator.build(config)
                finally:
                    config.plugins.on_shutdown()
            except generator.error as error:
                shutil.rmtree(folder, ignore_errors=True)
                raise SiteRefused(list(lines) or [str(error)]) from None
        self._prune(keep=2)
        return folder

    def _prune(self, keep: int) -> None:
        """Delete all but the newest `keep` site folders (a browser may still be reading the previous one)."""
        folders = sorted(self.work.glob("site-*"), key=lambda p: int(p.name.split("-")[1]))
        for old in folders[:-keep]:
            shutil.rmtree(old, ignore_errors=True)


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@contextlib.contextmanager
def _captured(logger_name: str) -> Iterator[list[str]]:
    """The generator's warnings and errors collected (not printed); its INFO lines and the plugins' dropped."""
    handler = _Lines()
    main = logging.getLogger(logger_name)
    quiet = [logging.getLogger(name) for name in _QUIET]
    saved = (main.level, main.propagate, [q.level for q in quiet])
    main.addHandler(handler)
    main.setLevel(logging.WARNING)
    main.propagate = False
    for logger in quiet:
        logger.setLevel(logging.WARNING)
    try:
        yield handler.lines
    finally:
        main.removeHandler(handler)
        main.setLevel(saved[0])
        main.propagate = saved[1]
        for logger, level in zip(quiet, saved[2], strict=True):
            logger.setLevel(level)
