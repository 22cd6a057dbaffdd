"""Helpers to copy a fixture course into a temporary folder and make one deliberate mistake in it."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal_course"
TWO_DAY = FIXTURES / "two_day_course"  # two days, units as folders, its own methods and words
THREE_LANGUAGES = FIXTURES / "three_language_course"  # zh (default), en and ja


REPOSITORY = FIXTURES.parents[1]
MODULE, MODULE_EN = "docs/modules/01-listening.md", "docs/modules/01-listening.en.md"
IMAGE = "docs/assets/images/steps.png"
IMAGE_LINE = 21  # the image paragraph of session 'basics' of the minimal course, in both languages


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


def with_image(root: Path) -> None:
    """Session 'basics' shows an image (so deleted, empty, corrupt and huge images can be tried)."""
    images = root / "docs/assets/images"
    images.mkdir(parents=True, exist_ok=True)
    shutil.copy(TWO_DAY / "docs/assets/images/learn-steps.png", root / IMAGE)
    for relative, alt in ((MODULE, "倾听步骤"), (MODULE_EN, "Listening steps")):
        lines = (root / relative).read_text(encoding="utf-8").split("\n")
        question = next(i for i, line in enumerate(lines) if line.startswith("!!! question"))
        lines[question:question] = [f"![{alt}](../assets/images/steps.png)", ""]
        (root / relative).write_text("\n".join(lines), encoding="utf-8")
        assert lines[IMAGE_LINE - 1].startswith("![")
