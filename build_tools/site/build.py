"""The participant website: MkDocs builds it from docs/, the course model comes in through the `course` plugin.

`build_site` checks that every download exists, runs MkDocs in this process (strict) into a temporary
folder, checks every link of the result, and only then replaces the previous site, so a failed build
leaves the last good site in place. `zip_site` packs a built site for classrooms without internet:
unzip it and open `index.html`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from build_tools.course.files import write_atomically
from build_tools.course.model import Course
from build_tools.course.problems import BuildError
from build_tools.course.site_generator import site_generator
from build_tools.parts.output_files import ZIP_EPOCH, ZIP_EPOCH_SECONDS
from build_tools.site.content import DOWNLOADS_FOLDER, SiteDownload, site_downloads
from build_tools.site.links import check_site
from build_tools.site.plugin import CoursePlugin

__all__ = ["DOWNLOADS_FOLDER", "GeneratorRefused", "SiteBuildError", "SiteDownload", "build_site", "run_generator",
           "site_downloads", "zip_site"]

PLUGIN_NAME = "course"
"""The toolchain's MkDocs plugin (`plugins: - course` in mkdocs.yml); a site build adds it when mkdocs.yml does not."""

_QUIET_LOGGERS = ("jieba", "mkdocs_static_i18n", "mkdocs.plugins.static_i18n", "mkdocs.plugins.material",
                  "weasyprint", "fontTools")
"""Loggers whose INFO chatter (jieba's "Building prefix dict …", mkdocs-static-i18n's `extra.alternate` lines) a
trainer never needs, in the build's output or `make serve`'s terminal."""


class SiteBuildError(BuildError):
    """The site could not be built; the message says what is wrong and what to do."""


@dataclass(frozen=True)
class BuiltSite:
    """What a site build made: its summary line for the build's report."""

    pages: int
    links: int
    megabytes: float
    generator: str  # MkDocs or ProperDocs


def build_site(course: Course, out_dir: Path, *, pdf_dir: Path, slides_dir: Path) -> BuiltSite:
    """Build the participant site of a checked course into `out_dir`; raise SiteBuildError on any failure.

    MkDocs runs with the toolchain's plugin holding `course` (it is not read again), into a temporary
    folder; every link of the result is checked before it replaces the previous site.
    """
    out_dir = Path(out_dir).resolve()
    pdf_dir, slides_dir = Path(pdf_dir).resolve(), Path(slides_dir).resolve()
    require_downloads(course, pdf_dir, slides_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        staged = work / out_dir.name
        _run_mkdocs(course, staged, pdf_dir, slides_dir)
        report = check_site(staged)
        if report.broken:
            listing = "\n".join(f"  {line}" for line in report.broken)
            raise SiteBuildError(f"the built site has {len(report.broken)} broken links:\n{listing}")
        _replace_dir(staged, out_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    size = sum(f.stat().st_size for f in out_dir.rglob("*") if f.is_file())
    return BuiltSite(report.pages, report.links, size / 1e6, site_generator().name)


_COMPRESSED = frozenset({".pdf", ".pptx", ".png", ".jpg", ".jpeg", ".gif", ".woff", ".woff2", ".gz", ".zip"})


def zip_site(site_dir: Path, zip_path: Path) -> Path:
    """Zip a built site under one folder named like the zip, with sorted entries and fixed dates."""
    site_dir, zip_path = Path(site_dir), Path(zip_path)
    if not (site_dir / "index.html").is_file():
        raise SiteBuildError(f"{site_dir} holds no built site (no index.html): run `make site` first")
    stamp = _zip_timestamp()
    folder = zip_path.name.removesuffix(".zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{folder}/{path.relative_to(site_dir).as_posix()}", date_time=stamp)
            # PDFs, decks, images and fonts are compressed already: deflating them again only costs time
            stored = path.suffix.lower() in _COMPRESSED
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    write_atomically(zip_path, buffer.getvalue())
    return zip_path


def require_downloads(course: Course, pdf_dir: Path, slides_dir: Path) -> None:
    missing = [
        download.source_path
        for language in course.languages
        for download in site_downloads(course, language.code, pdf_dir, slides_dir)
        if not download.source_path.is_file()
    ]
    if missing:
        listing = "\n".join(f"  {path}" for path in missing)
        raise SiteBuildError(
            f"the downloads page offers {len(missing)} files that are not built:\n{listing}\n"
            "fix: build them first with `make all` (or pass --pdf/--slides pointing at them)"
        )


def _run_mkdocs(course: Course, site_dir: Path, pdf_dir: Path, slides_dir: Path) -> None:
    """MkDocs' own `build` in this process, strict; a refusal becomes the build's error, with MkDocs' lines."""
    try:
        run_generator(course, site_dir, pdf_dir, slides_dir)
    except GeneratorRefused as refused:
        listing = "\n".join(f"{level}: {message}" for level, message in refused.records) or refused.reason
        message = f"{site_generator().name} could not build the site (the previous site is unchanged):\n{listing}"
        raise SiteBuildError(message) from None


class GeneratorRefused(Exception):
    """The site generator refused the site (strict: any warning): `records` are its warnings and errors as
    (level name, message), `reason` its own error when it logged none."""

    def __init__(self, records: list[tuple[str, str]], reason: str) -> None:
        super().__init__("\n".join(message for _, message in records) or reason)
        self.records = records
        self.reason = reason


def run_generator(course: Course, site_dir: Path, pdf_dir: Path, slides_dir: Path, command: str = "build") -> None:
    """The site generator's own build in this process, strict, with the toolchain's plugin holding the checked
    course and the downloads (the build and `make serve`'s preview both build the site so); its INFO chatter and
    that of the plugins is kept quiet, its warnings and errors come back in `GeneratorRefused`."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's start-up banner, printed when it is imported
    generator = site_generator()
    with _generator_log(generator.logger) as log, _source_date(course):
        try:
            config = generator.load_config(config_file=str(course.root / "mkdocs.yml"), site_dir=str(site_dir),
                                           strict=True)
            plugin = next((p for p in config.plugins.values() if isinstance(p, CoursePlugin)), None)
            if plugin is None:
                plugin = CoursePlugin()
                plugin.load_config({})
                config.plugins[PLUGIN_NAME] = plugin
            plugin.hand_over(course, pdf_dir, slides_dir)
            config.plugins.on_startup(command=command, dirty=False)
            try:
                generator.build(config)
            finally:
                config.plugins.on_shutdown()
        except generator.error as error:
            raise GeneratorRefused(list(log), str(error)) from None


class _LogRecords(logging.Handler):
    """Collects the generator's warnings and errors (strict: any warning fails the build)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelname, record.getMessage()))


@contextlib.contextmanager
def _generator_log(logger_name: str) -> Iterator[list[tuple[str, str]]]:
    """The generator's log records of the build (logger `logger_name`: warnings and errors); its INFO chatter and
    that of the plugins and libraries in `_QUIET_LOGGERS` kept quiet."""
    handler = _LogRecords()
    generator_logger = logging.getLogger(logger_name)
    quiet = [logging.getLogger(name) for name in _QUIET_LOGGERS]
    levels = (generator_logger.level, generator_logger.propagate, [q.level for q in quiet])
    generator_logger.addHandler(handler)
    generator_logger.setLevel(logging.WARNING)
    generator_logger.propagate = False
    for logger in quiet:
        logger.setLevel(logging.WARNING)
    try:
        yield handler.records
    finally:
        generator_logger.removeHandler(handler)
        generator_logger.setLevel(levels[0])
        generator_logger.propagate = levels[1]
        for logger, level in zip(quiet, levels[2], strict=True):
            logger.setLevel(level)


@contextlib.contextmanager
def _source_date(course: Course) -> Iterator[None]:
    """SOURCE_DATE_EPOCH set to the edition date while MkDocs runs (it reads no other setting for dates).

    A value the caller set is kept, as for any reproducible build.
    """
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    if previous is None:
        os.environ["SOURCE_DATE_EPOCH"] = str(_edition_epoch(course))
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def _edition_epoch(course: Course) -> int:
    """The course's edition date at midnight UTC: the date every output carries."""
    edition = course.settings.edition if course.settings else dt.date(1970, 1, 1)
    return int(dt.datetime(edition.year, edition.month, edition.day, tzinfo=dt.timezone.utc).timestamp())


def _replace_dir(new: Path, target: Path) -> None:
    """Swap `new` into `target`'s place with two renames, deleting the old site only afterwards."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _zip_timestamp() -> tuple[int, int, int, int, int, int]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return ZIP_EPOCH
    moment = dt.datetime.fromtimestamp(max(int(epoch), ZIP_EPOCH_SECONDS), tz=dt.timezone.utc)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
