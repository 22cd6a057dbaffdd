"""Where outputs go, and how they are written: atomically, so a failed build never damages the last good file."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from build_tools.model import Course, Edition, Module

PDF_NAMES = {Edition.PARTICIPANT: "workbook.pdf", Edition.FACILITATOR: "facilitator-guide.pdf"}
FULL_DAY_DECK = "full-day.pptx"


@dataclass(frozen=True)
class Download:
    """One file offered on the site's downloads page: its path under the language's folder and its kind."""

    relative_path: str
    kind: str  # "pdf" or "deck"
    edition: Edition
    module: Module | None = None


def pdf_path(out_dir: Path, language: str, edition: Edition) -> Path:
    """`build/pdf/zh/workbook.pdf` and `build/pdf/zh/facilitator-guide.pdf`."""
    return out_dir / language / PDF_NAMES[edition]


def deck_name(module: Module | None) -> str:
    """`full-day.pptx` for the whole day, `module-01.pptx` for a module."""
    return FULL_DAY_DECK if module is None else f"module-{module.number:02d}.pptx"


def deck_path(out_dir: Path, language: str, module: Module | None, edition: Edition = Edition.FACILITATOR) -> Path:
    """Trainer decks at `build/slides/zh/…`; participant decks (no trainer notes) under `participant/`."""
    folder = out_dir / language
    if edition is Edition.PARTICIPANT:
        folder = folder / "participant"
    return folder / deck_name(module)


def participant_downloads(course: Course, language: str) -> tuple[Download, ...]:
    """What participants may download: the workbook and the decks without trainer notes."""
    items = [Download(f"pdf/{PDF_NAMES[Edition.PARTICIPANT]}", "pdf", Edition.PARTICIPANT)]
    items.append(Download(f"slides/{deck_name(None)}", "deck", Edition.PARTICIPANT))
    items += [
        Download(f"slides/{deck_name(m)}", "deck", Edition.PARTICIPANT, m) for m in course.modules.get(language, ())
    ]
    return tuple(items)


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_current_umask())  # mkstemp makes 0600; outputs are shared files
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _current_umask() -> int:
    """The process umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
