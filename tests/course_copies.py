"""Helpers to copy a fixture course into a temporary folder and make one deliberate mistake in it."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal_course"
TWO_DAY = FIXTURES / "two_day_course"  # two days, units as folders, its own methods and words
THREE_LANGUAGES = FIXTURES / "three_language_course"  # zh (default), en and ja


REPOSITORY = FIXTURES.parents[1]


def copy_course(destination: Path, source: Path = MINIMAL) -> Path:
    """A writable copy of a fixture course (mkdocs.yml and docs/), with the repository's deck settings
    (slides/decks.yml and its template) when the fixture brings none, as a course repository has them."""
    target = destination / source.name
    shutil.copytree(source, target)
    if not (target / "slides").exists():
        shutil.copytree(REPOSITORY / "slides", target / "slides", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def edit(course: Path, relative: str, old: str, new: str) -> None:
    """Replace one exact piece of text in a course file; fail loudly if it is not there."""
    path = course / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
