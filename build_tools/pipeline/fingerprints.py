"""What a build is made from, as content hashes: the course's files and the toolchain's own code and libraries.

A job's key hashes exactly its inputs (`parts.output_jobs`); these maps are where the inputs come from.
Deleting, adding or renaming a file changes them as surely as editing one does.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sys
from pathlib import Path

from build_tools.course.model import Course
from build_tools.parts.output_jobs import SourceGroups, digest

PACKAGE = Path(__file__).resolve().parents[1]
"""The toolchain package (build_tools/): its files are part of every output's fingerprint."""
RENDERER_FOLDERS = ("pdf", "slides", "site")
"""Sub-packages that make one kind of output each: a change in one leaves the others' keys alone."""
OUTSIDE_OUTPUTS = ("serve", "cli.py", "__main__.py")
"""The preview server and the command line: they make no output, so editing them keeps every key (and cache)."""
TOOL_PACKAGES = ("weasyprint", "pikepdf", "mkdocs", "properdocs", "mkdocs-material", "mkdocs-static-i18n",
                 "python-pptx", "markdown-it-py", "Markdown", "pymdown-extensions", "jieba", "hanzidentifier", "Pillow",
                 "fonttools")
"""Libraries whose version changes what the outputs look like."""


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def source_files(root: Path) -> dict[str, str]:
    """Every input file of the course (docs/, slides/, mkdocs.yml) → its content hash; links are never followed."""
    found: dict[str, str] = {}
    for folder in ("docs", "slides"):
        for current, dirs, names in os.walk(root / folder, followlinks=False):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                path = Path(current) / name
                relative = path.relative_to(root).as_posix()
                found[relative] = f"link:{os.readlink(path)}" if path.is_symlink() else _file_hash(path)
    config = root / "mkdocs.yml"
    if config.is_file():
        found["mkdocs.yml"] = _file_hash(config)
    return found


def toolchain_files() -> dict[str, str]:
    """Every file of the package → its content hash, read once per build; library versions under `versions`."""
    found = {
        path.relative_to(PACKAGE).as_posix(): _file_hash(path)
        for path in sorted(PACKAGE.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }
    found["versions"] = " ".join(f"{name}={version}" for name, version in installed_versions(TOOL_PACKAGES).items())
    return found


def installed_versions(names: tuple[str, ...]) -> dict[str, str]:
    """The version of each of these libraries that is installed (in `names`' order; one not installed is left
    out), as `importlib.metadata.version` gives it. Read from the names of their `.dist-info` folders on
    `sys.path`, the first found as Python would import it: importing importlib.metadata and parsing each
    library's METADATA took a tenth of a quiet `check`. A library installed otherwise (an `.egg-info`) is
    asked the long way."""
    wanted: dict[str, list[str]] = {}
    for name in names:
        wanted.setdefault(_normal_name(name), []).append(name)
    found: dict[str, str] = {}
    asked: list[str] = []
    for folder in sys.path:
        try:
            entries = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in entries:
            stem, _, kind = entry.rpartition(".")
            if kind not in ("dist-info", "egg-info"):
                continue
            for name in wanted.get(_normal_name(stem.partition("-")[0]), ()):
                if name in found or name in asked:
                    continue
                if kind == "dist-info" and "-" in stem:
                    found[name] = stem.partition("-")[2]
                else:
                    asked.append(name)
    if asked:
        from importlib import metadata

        for name in asked:
            with contextlib.suppress(metadata.PackageNotFoundError):
                found[name] = metadata.version(name)
    return {name: found[name] for name in names if name in found}


def _normal_name(name: str) -> str:
    """A distribution's name as packaging compares them: `python_pptx`, `Python-PPTX` and `python.pptx` are one."""
    return re.sub(r"[-_.]+", "-", name).lower()


def toolchain_fingerprint(toolchain: dict[str, str], folder: str = "") -> str:
    """The code and library versions that make one kind of output: the core plus that output's sub-package.

    With no `folder`, the whole package: what the no-op check compares.
    """
    def part_of(name: str) -> bool:
        top = name.split("/", 1)[0]
        if top in OUTSIDE_OUTPUTS:
            return False
        return not folder or top not in RENDERER_FOLDERS or top == folder

    return digest({name: value for name, value in toolchain.items() if part_of(name)})


def source_groups(course: Course, files: dict[str, str]) -> SourceGroups:
    """The course's files grouped as the jobs' keys need them (see `SourceGroups`)."""
    docs = course.docs_dir.relative_to(course.root).as_posix() + "/"
    pages: dict[str, dict[str, str]] = {language.code: {} for language in course.languages}
    for page in course.pages:
        relative = page.source_path.as_posix()
        pages.setdefault(page.language, {})[relative] = files.get(relative, "")
    page_files = {page.source_path.as_posix() for page in course.pages}
    return SourceGroups(
        everything=files,
        shared={k: v for k, v in files.items() if k in (docs + "course.yml", "mkdocs.yml")},
        assets={k: v for k, v in files.items()
                if k.startswith(docs) and k not in page_files and "/translations/" not in k},
        slides={k: v for k, v in files.items() if k.startswith("slides/")},
        pages=pages,
    )
