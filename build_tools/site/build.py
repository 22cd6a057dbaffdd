"""The participant website: MkDocs builds it from docs/ (course facts come in through mkdocs_hooks.py).

`build_site` checks that every download exists, runs `mkdocs build --strict` from the repository root
into a temporary folder, checks every link of the result, and only then replaces the previous site, so
a failed build leaves the last good site in place. `zip_site` packs a built site for classrooms
without internet: unzip it and open `index.html`.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from build_tools.load import LoadResult
from build_tools.model import Course
from build_tools.outputs import deck_path, participant_downloads, pdf_path, write_atomically
from build_tools.problems import BuildError
from build_tools.site.links import check_site

DOWNLOADS_FOLDER = "files"
"""Folder of each language's downloads in the site: `files/…` for Chinese, `en/files/…` for English."""

PDF_DIR_VARIABLE = "COURSE_PDF_DIR"
SLIDES_DIR_VARIABLE = "COURSE_SLIDES_DIR"
"""Environment variables through which build_site tells the MkDocs hooks where the built PDFs and decks are."""

_LANGUAGE_BUILD = re.compile(r"Building '([\w-]+)' documentation")
_QUIET_LINES = ("INFO", "DEBUG", "Building prefix dict", "Loading model", "Prefix dict has been built")
"""MkDocs' progress and jieba's start-up chatter: left out of the report of a failed build."""


class SiteBuildError(BuildError):
    """The site could not be built; the message says what is wrong and what to do."""


@dataclass(frozen=True)
class SiteDownload:
    """A file offered on a language's downloads page: where it comes from and where it goes in the site."""

    language: str
    source_path: Path
    site_path: str  # relative to the language's root: `files/pdf/workbook.pdf`


def site_downloads(course: Course, language: str, pdf_dir: Path, slides_dir: Path) -> Iterator[SiteDownload]:
    """The participant workbook and participant decks of one language (see `outputs.participant_downloads`)."""
    for item in participant_downloads(course, language):
        if item.kind == "pdf":
            source = pdf_path(pdf_dir, language, item.edition)
        else:
            source = deck_path(slides_dir, language, item.module, item.edition)
        yield SiteDownload(language, source, f"{DOWNLOADS_FOLDER}/{item.relative_path}")


def build_site(result: LoadResult, out_dir: Path, *, pdf_dir: Path, slides_dir: Path) -> Path:
    """Build the participant site of a checked course into `out_dir`; raise SiteBuildError on any failure."""
    started = time.perf_counter()
    course = result.course
    root = course.root
    out_dir = Path(out_dir).resolve()
    pdf_dir, slides_dir = Path(pdf_dir).resolve(), Path(slides_dir).resolve()
    _require_downloads(course, pdf_dir, slides_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        staged = work / out_dir.name
        _run_mkdocs(course, staged, pdf_dir, slides_dir)
        print("site: checking every href and src …", flush=True)
        report = check_site(staged)
        if report.broken:
            listing = "\n".join(f"  {line}" for line in report.broken)
            raise SiteBuildError(f"the built site has {len(report.broken)} broken links:\n{listing}")
        _replace_dir(staged, out_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    size = sum(f.stat().st_size for f in out_dir.rglob("*") if f.is_file())
    print(
        f"site: {report.pages} pages, {report.links} links checked, {size / 1e6:.1f} MB "
        f"in {time.perf_counter() - started:.1f} s → {_shown(out_dir, root)}",
        flush=True,
    )
    return out_dir


def zip_site(site_dir: Path, zip_path: Path) -> Path:
    """Zip a built site under one folder named like the zip, with sorted entries and fixed dates."""
    site_dir, zip_path = Path(site_dir), Path(zip_path)
    if not (site_dir / "index.html").is_file():
        raise SiteBuildError(f"{site_dir} holds no built site (no index.html): run `make site` first")
    stamp = _zip_timestamp()
    folder = zip_path.name.removesuffix(".zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{folder}/{path.relative_to(site_dir).as_posix()}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    write_atomically(zip_path, buffer.getvalue())
    print(f"site: {zip_path} ({zip_path.stat().st_size / 1e6:.1f} MB); unzip it and open {folder}/index.html")
    return zip_path


def _require_downloads(course: Course, pdf_dir: Path, slides_dir: Path) -> None:
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
            "fix: build them first with `make pdf slides` (or pass --pdf/--slides pointing at them)"
        )


def _run_mkdocs(course: Course, site_dir: Path, pdf_dir: Path, slides_dir: Path) -> None:
    """`mkdocs build --strict` from the repository root (jieba's dictionary paths are relative to it)."""
    environment = dict(os.environ)
    environment["NO_MKDOCS_2_WARNING"] = "1"
    environment.setdefault("SOURCE_DATE_EPOCH", str(_edition_epoch(course)))
    environment[PDF_DIR_VARIABLE] = str(pdf_dir)
    environment[SLIDES_DIR_VARIABLE] = str(slides_dir)
    command = [
        sys.executable, "-m", "mkdocs", "build", "--strict",
        "--config-file", str(course.root / "mkdocs.yml"), "--site-dir", str(site_dir),
    ]  # fmt: skip
    languages = ", ".join(lang.code for lang in course.languages)
    print(f"site: building {languages} with MkDocs (strict) …", flush=True)
    log: list[str] = []
    with subprocess.Popen(
        command, cwd=course.root, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            line = line.rstrip("\n")
            log.append(line)
            building = _LANGUAGE_BUILD.search(line)
            if building:
                print(f"site: building {building[1]} …", flush=True)
            elif line.startswith(("WARNING", "ERROR", "Error")):
                print(f"  {line}", flush=True)
    if process.wait() != 0:
        listing = "\n".join(line for line in log if not line.startswith(_QUIET_LINES)) or "\n".join(log[-20:])
        raise SiteBuildError(f"MkDocs could not build the site (the previous site is unchanged):\n{listing}")


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
        return (1980, 1, 1, 0, 0, 0)
    moment = dt.datetime.fromtimestamp(max(int(epoch), 315532800), tz=dt.timezone.utc)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
