"""docs/ → Course: read mkdocs.yml, docs/course.yml and every page, then assemble the course in each language.

Pages are paired by mkdocs-static-i18n's suffix rule (`page.md` is the default language, `page.en.md`
English). Each page is parsed once (`page_parser`, with markdown-it's line maps) into sections, blocks
and list entries; sessions, cases, worksheets and the glossary are then read off those nodes
(`assemble`). The loader reports what it could not read; how a page is written is judged in `checks/`.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from build_tools.course.assemble import build_glossary, language_view
from build_tools.course.cache_store import CacheStore
from build_tools.course.mkdocs_config import SiteConfig, kept_site_config
from build_tools.course.model import Course, Page
from build_tools.course.page_parser import parse_page
from build_tools.course.problems import Problem
from build_tools.course.settings import SETTINGS_FILE, load_settings
from build_tools.course.source import SourceLocation, relative
from build_tools.course.translations import read_records


@dataclass(frozen=True)
class LoadResult:
    """The course plus the problems found while reading it (bad YAML, missing settings, …)."""

    course: Course
    problems: tuple[Problem, ...]


def load_course(root: Path, config_file: Path | None = None, store: CacheStore | None = None) -> LoadResult:
    """Read mkdocs.yml, docs/course.yml and every page; never raises for a trainer's mistake.

    With a `store` (`check`'s cache), mkdocs.yml's reading and each page's parse are kept there under the hash
    of exactly what they are read from, and taken from it when those are unchanged.
    """
    root = root.resolve()
    site = kept_site_config(config_file or root / "mkdocs.yml", store)
    problems: list[Problem] = list(_site_setting_problems(root, site))
    settings = load_settings(root, site.docs_dir / SETTINGS_FILE, site.languages, problems)
    files = tuple(_course_files(root, site.docs_dir, problems))
    pages = tuple(_read_pages(root, site, problems, store))
    index_folders = frozenset(str(PurePosixPath(p.relative_to(site.docs_dir).as_posix()).parent)
                              for p in site.docs_dir.rglob("index*.md"))
    views = {lang.code: language_view(lang, pages, settings, problems, index_folders) for lang in site.languages}
    glossary = build_glossary(pages, site, problems)
    course = Course(
        root=root,
        docs_dir=site.docs_dir,
        settings=settings,
        languages=site.languages,
        pages=pages,
        views=views,
        glossary=glossary,
        words=settings.words if settings else {},
        files=files,
        translations=read_records(site.docs_dir, root, site.languages),
        admonition_titles=site.admonition_titles,
    )
    return LoadResult(course=course, problems=tuple(problems))


def _site_setting_problems(root: Path, site: SiteConfig) -> Iterator[Problem]:
    """mkdocs.yml settings that would fail late or break the offline promise, at their line.

    A language the site's theme cannot show its interface in (found now, not after building every page),
    and settings that load from another host (the site must work offline, in the training room).
    """
    lines = site.config_file.read_text(encoding="utf-8", errors="replace").split("\n")

    def at(pattern: str) -> SourceLocation:
        line = next((n for n, text in enumerate(lines, 1) if re.match(pattern, text)), 1)
        return SourceLocation(relative(root, site.config_file), line)

    for code in site.untranslated_theme:
        yield Problem(at(rf"\s*-?\s*locale:\s*['\"]?{re.escape(code)}\b"), "site.language",
                      f"the site's theme has no interface words in '{code}' (menus, search, buttons)")
    for key, value in site.remote_settings:
        pattern = rf"\s*{key}:" if key == "analytics" else rf".*{re.escape(value)}"  # the key, or the entry
        yield Problem(at(pattern), "site.remote",
                      f"'{key}' loads '{value}' from another host on every page: the site must work offline")


def _course_files(root: Path, docs_dir: Path, problems: list[Problem]) -> Iterator[Path]:
    """Every file under docs/ (relative to the repository root); a symbolic link is a problem, never followed.

    A link could carry a file from anywhere on the machine (`/etc/passwd`) into the site and its zip.
    """
    for folder, dirs, names in os.walk(docs_dir, followlinks=False):
        for name in sorted(dirs + names):
            path = Path(folder) / name
            shown = path.relative_to(root) if path.is_relative_to(root) else path
            if path.is_symlink():
                problems.append(Problem(SourceLocation(shown, 1), "file.symlink",
                                        f"'{shown.as_posix()}' is a symbolic link to "
                                        f"'{os.readlink(path)}'; outputs only take real files inside docs/"))
            elif name in names:
                yield shown
        dirs[:] = sorted(d for d in dirs if not (Path(folder) / d).is_symlink())


def split_language(relative_path: Path | PurePosixPath, site: SiteConfig) -> tuple[str, str]:
    """(key, language) of a Markdown file by the i18n suffix rule: `a/b.en.md` → (`a/b`, `en`)."""
    stem = relative_path.as_posix()[: -len(".md")]
    head, _, last = stem.rpartition(".")
    codes = {lang.code for lang in site.languages}
    if head and last in codes:
        return head, last
    return stem, site.default_language.code


def _read_pages(root: Path, site: SiteConfig, problems: list[Problem], store: CacheStore | None) -> Iterator[Page]:
    """Every readable page under docs/, parsed; a page not saved as UTF-8 is a problem and is left out."""
    for path in sorted(p for p in site.docs_dir.rglob("*.md") if p.is_file()):
        display = relative(root, path)
        if any(part.is_symlink() for part in (path, *path.parents) if part.is_relative_to(site.docs_dir)):
            continue  # reported as file.symlink
        key, language = split_language(path.relative_to(site.docs_dir), site)
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            problems.append(Problem(SourceLocation(display, line), "page.encoding", "the page is not saved as UTF-8"))
            continue
        yield _parsed(text, display, key, language, problems, store)


def _parsed(text: str, display: Path, key: str, language: str, problems: list[Problem],
            store: CacheStore | None) -> Page:
    """`parse_page`, or its kept result: a parse depends on nothing but the page's text, path, key and language."""
    if store is None:
        return parse_page(text, display, key, language, problems)
    entry = hashlib.sha256(f"{display.as_posix()}\0{key}\0{language}\0{text}".encode()).hexdigest()
    kept = store.get("page", entry)
    if isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[0], Page) and isinstance(kept[1], list):
        problems.extend(kept[1])
        return kept[0]
    found: list[Problem] = []
    page = parse_page(text, display, key, language, found)
    store.put("page", entry, (page, found))
    problems.extend(found)
    return page
