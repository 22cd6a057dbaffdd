"""Shared fixtures: the real course loaded once, and the real outputs built once per test run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from build_tools.cli import checked_course
from build_tools.load import LoadResult

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture(scope="session")
def repository_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course sources (docs/, slides/, mkdocs.yml and its hook) in a temporary folder.

    The real outputs are built from this copy, so tests never write into the working tree and a build
    that depended on files outside the course sources would fail here.
    """
    target = tmp_path_factory.mktemp("repository") / "course"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("docs", "slides", "build_tools"):
        shutil.copytree(ROOT / folder, target / folder, ignore=ignore)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


@pytest.fixture(scope="session")
def course_result(repository_copy: Path) -> LoadResult:
    """The repository's course, loaded from the copy and checked (fails the run if `make check` would)."""
    return checked_course(repository_copy)


@pytest.fixture(scope="session")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory, course_result: LoadResult) -> Path:
    """All PDFs of the real course, built once."""
    from build_tools.pdf.render import render_all_pdfs

    out = tmp_path_factory.mktemp("pdf")
    render_all_pdfs(course_result, out)
    return out


@pytest.fixture(scope="session")
def slides_dir(tmp_path_factory: pytest.TempPathFactory, course_result: LoadResult) -> Path:
    """All slide decks of the real course, built once."""
    from build_tools.slides.render import render_all_decks

    out = tmp_path_factory.mktemp("slides")
    render_all_decks(course_result, out)
    return out


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests save screenshots and rendered pages for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def pytest_configure(config: pytest.Config) -> None:
    """Let test modules in sub-folders import the shared helpers next to this file."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
