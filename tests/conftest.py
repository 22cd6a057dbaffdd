"""Shared fixtures: a fixture course built once into every output (PDFs, decks, site) per test run."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@dataclass(frozen=True)
class BuiltCourse:
    """A fixture course copied with the toolchain's site and deck settings, and everything built from it."""

    root: Path
    course: object
    pdf_dir: Path
    slides_dir: Path
    site_dir: Path


@pytest.fixture(scope="session")
def two_day_build(tmp_path_factory: pytest.TempPathFactory) -> BuiltCourse:
    """The two-day fixture course (folder units, its own methods and words) built into all outputs, once."""
    from course_copies import TWO_DAY
    from site_courses import site_course

    from build_tools.course_check import checked_course
    from build_tools.pdf.render import render_all_pdfs
    from build_tools.site.build import build_site
    from build_tools.slides.render import render_all_decks
    from build_tools.slides.settings import load_deck_settings

    scratch = tmp_path_factory.mktemp("two-day-build")
    root = site_course(scratch, TWO_DAY)
    course = checked_course(root)
    pdf_dir, slides_dir = scratch / "pdf", scratch / "slides"
    render_all_pdfs(course, pdf_dir, report=lambda line: None)
    render_all_decks(course, slides_dir, load_deck_settings(root), report=lambda line: None)
    site_dir = build_site(course, scratch / "site", pdf_dir=pdf_dir, slides_dir=slides_dir)
    return BuiltCourse(root, course, pdf_dir, slides_dir, site_dir)


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests save screenshots and rendered pages for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def pytest_configure(config: pytest.Config) -> None:
    """Let test modules in sub-folders import the shared helpers next to this file."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
