"""The fixture's English facilitator guide rendered through the part cache, its render counts, and pages compared
as pictures: shared by the part-cache tests, untagged (tests/pdf/test_parts.py) and tagged
(tests/pdf/test_parts_tagged.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from build_tools.checks.checked import checked_course
from build_tools.course.model import Edition
from build_tools.pdf import parts, render
from build_tools.pdf.document import build_document


def render_guide(root: Path, cache: Path, tagged: bool | None = None) -> bytes:
    """The English facilitator guide of the course at `root`, rendered with the part cache in `cache`; `tagged`
    asserts whether the course asks for a tagged PDF (None: either)."""
    course = checked_course(root)
    job = render.render_job_for(course, build_document(course, "en", Edition.FACILITATOR))
    assert tagged is None or job.tagged == tagged
    outcome = render.render_job(job, cache)
    assert outcome.data and not outcome.warnings and not outcome.refused
    return outcome.data


def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """The part cache's counts from now on: chapters drawn, chapters taken from the cache, whole renders."""
    stats = {"rendered": 0, "cached": 0, "whole": 0}
    monkeypatch.setattr(parts, "STATS", stats)
    return stats


def differing_pages(first: Path, second: Path, folder: Path) -> tuple[int, list[str]]:
    """(how many pages `first` has, the names of its page pictures that differ from `second`'s), drawn at 30 dpi
    into `folder`."""
    for name, path in (("first", first), ("second", second)):
        subprocess.run(["pdftoppm", "-r", "30", "-png", str(path), str(folder / name)], check=True)
    pictures = sorted(folder.glob("first-*.png"))
    differing = []
    for picture in pictures:
        with Image.open(picture) as a, Image.open(str(picture).replace("first-", "second-")) as b:
            if ImageChops.difference(a.convert("L"), b.convert("L")).getbbox() is not None:
                differing.append(picture.name)
    return len(pictures), differing
