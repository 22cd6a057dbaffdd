"""Where outputs go, and how they are written: atomically, so a failed build never damages the last good file."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from build_tools.course.model import Course, Edition, Module

PDF_NAMES = {Edition.PARTICIPANT: "workbook", Edition.FACILITATOR: "facilitator-guide"}
PUBLISHED_TYPES = (".png", ".jpg", ".jpeg", ".gif")
"""Files under docs/ that the site may copy when a participant page shows or links them."""
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip entry can carry: what the decks' members and an undated site zip are stamped with,
so a package's bytes never depend on when it was built."""
ZIP_EPOCH_SECONDS = 315532800
"""ZIP_EPOCH as seconds since 1970 (UTC): a later date is kept as given."""
COURSE_STYLESHEET = "assets/stylesheets/extra.css"
"""The course's own stylesheet (README, 'The website'): it replaces the toolchain's."""


@dataclass(frozen=True)
class Download:
    """One file offered on the site's downloads page: its path under the language's folder and its kind."""

    relative_path: str
    kind: str  # "pdf" or "deck"
    edition: Edition
    module: Module | None = None


def _stem(course: Course, language: str) -> str:
    """`manager-roles-zh`: a file e-mailed on its own still says which course and language it is."""
    slug = course.settings.slug if course.settings else "course"
    return f"{slug}-{language}"


def pdf_name(course: Course, language: str, edition: Edition) -> str:
    """`manager-roles-zh-workbook.pdf`, `manager-roles-zh-facilitator-guide.pdf`."""
    return f"{_stem(course, language)}-{PDF_NAMES[edition]}.pdf"


def pdf_path(out_dir: Path, course: Course, language: str, edition: Edition) -> Path:
    """`build/pdf/zh/manager-roles-zh-workbook.pdf` and the facilitator guide beside it."""
    return out_dir / language / pdf_name(course, language, edition)


def deck_name(course: Course, language: str, module: Module | None) -> str:
    """`manager-roles-zh.pptx` for the whole course, `manager-roles-zh-module-01.pptx` for a module."""
    stem = _stem(course, language)
    return f"{stem}.pptx" if module is None else f"{stem}-module-{module.number:02d}.pptx"


def deck_path(out_dir: Path, course: Course, language: str, module: Module | None,
              edition: Edition = Edition.FACILITATOR) -> Path:
    """Trainer decks at `build/slides/zh/…`; participant decks (no trainer notes) under `participant/`."""
    folder = out_dir / language
    if edition is Edition.PARTICIPANT:
        folder = folder / "participant"
    return folder / deck_name(course, language, module)


def participant_downloads(course: Course, language: str) -> tuple[Download, ...]:
    """What participants may download: the workbook and the decks without trainer notes."""
    items = [Download(f"pdf/{pdf_name(course, language, Edition.PARTICIPANT)}", "pdf", Edition.PARTICIPANT)]
    items.append(Download(f"slides/{deck_name(course, language, None)}", "deck", Edition.PARTICIPANT))
    items += [
        Download(f"slides/{deck_name(course, language, m)}", "deck", Edition.PARTICIPANT, m)
        for m in course.modules.get(language, ())
    ]
    return tuple(items)


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """A hard link (no bytes copied, the same inode as the last build's file), or a copy where the file
    system has no links."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
