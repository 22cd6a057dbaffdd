"""Fixture courses made ready for a site build: the toolchain's site configuration around a fixture's docs/.

A fixture's mkdocs.yml only names its languages and Markdown extensions. The site is built with the
repository's mkdocs.yml (theme, search with jieba, offline plugin, privacy guard, strict validation),
with the fixture's title and languages put in (the stylesheet and the offline search shim it names come
from the package). Nothing of the repository's docs/ is used.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from course_copies import copy_course

from build_tools.course.model import Course

REPOSITORY = Path(__file__).resolve().parents[1]
SITE_CONFIG = REPOSITORY / "mkdocs.yml"


def site_course(destination: Path, fixture: Path) -> Path:
    """A writable copy of `fixture` that builds with the toolchain's site configuration."""
    root = copy_course(destination, fixture)
    own = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config = yaml.safe_load(SITE_CONFIG.read_text(encoding="utf-8"))
    config["site_name"] = own["site_name"]
    config["theme"]["language"] = own["theme"]["language"]
    own_i18n = next(p["i18n"] for p in own["plugins"] if isinstance(p, dict) and "i18n" in p)
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            plugin["i18n"]["languages"] = [{"build": True, **language} for language in own_i18n["languages"]]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def stand_in_downloads(course: Course, folder: Path) -> tuple[Path, Path]:
    """Small files where the site build expects the built PDFs and decks (the site only copies them)."""
    from build_tools.site.build import site_downloads

    pdf_dir, slides_dir = folder / "pdf", folder / "slides"
    for language in course.languages:
        for download in site_downloads(course, language.code, pdf_dir, slides_dir):
            download.source_path.parent.mkdir(parents=True, exist_ok=True)
            download.source_path.write_bytes(b"stand-in for " + download.site_path.encode())
    return pdf_dir, slides_dir
