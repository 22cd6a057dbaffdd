"""A PDF rendered in parts (`pdf.parts`) and joined reads like the same PDF rendered whole.

Footers "n / N", the contents' page numbers, bookmarks and internal links are checked against where
the headings really are, and an edit to one unit re-renders only that unit's part.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pytest
from course_copies import FIXTURES, copy_course
from pypdf import PdfReader

from build_tools.course_check import checked_course
from build_tools.model import Edition
from build_tools.pdf import parts, render
from build_tools.pdf.document import build_document

pytestmark = pytest.mark.integration

TWO_DAY_COURSE = FIXTURES / "two_day_course"


def _render(root: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, *, whole: bool = False) -> bytes:
    monkeypatch.setattr(render, "RENDER_IN_PARTS", True)
    course = checked_course(root)
    job = render.render_job_for(course, build_document(course, "en", Edition.FACILITATOR))
    outcome = render.render_job(dataclasses.replace(job, part_break="") if whole else job, cache)
    assert outcome.data and not outcome.warnings and not outcome.refused
    return outcome.data


def _page_texts(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    return text.split("\f")[:-1]


def _outline(reader: PdfReader) -> list[tuple[int, str, int, float]]:
    entries: list[tuple[int, str, int, float]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                entries.append((depth, item.title, reader.get_destination_page_number(item), round(item.top, 2)))

    walk(reader.outline, 0)
    return entries


@pytest.fixture(scope="module")
def joined(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The two-day course's English facilitator guide, rendered in parts and rendered whole."""
    folder = tmp_path_factory.mktemp("parts")
    with pytest.MonkeyPatch.context() as monkeypatch:
        (folder / "parts.pdf").write_bytes(_render(TWO_DAY_COURSE, folder / "cache", monkeypatch))
        (folder / "whole.pdf").write_bytes(_render(TWO_DAY_COURSE, folder / "none", monkeypatch, whole=True))
    return folder / "parts.pdf", folder / "whole.pdf"


def test_every_page_but_the_cover_has_its_number_and_the_total_in_the_footer(joined):
    pages = _page_texts(joined[0])
    assert len(pages) == len(PdfReader(joined[0]).pages) > 10
    for number, text in enumerate(pages, start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if number == 1:
            assert not re.fullmatch(r"\d+ / \d+", lines[-1])
        else:
            assert lines[-1] == f"{number} / {len(pages)}"


def test_the_contents_numbers_are_the_pages_the_headings_are_on(joined):
    pages = _page_texts(joined[0])
    reader = PdfReader(joined[0])
    outline = _outline(reader)
    contents = "\n".join(text for text in pages[1:4] if "Contents" in text or "...." in text)
    checked = 0
    for _, title, page, _ in outline:
        found = re.search(re.escape(title[:25]) + r".*?\.{3,}\s*(\d+)", contents)
        if found:
            assert int(found[1]) == page + 1, title
            assert title.split()[0] in pages[page], f"{title!r} is not on page {page + 1}"
            checked += 1
    assert checked >= len(outline) // 2


def test_text_bookmarks_and_links_are_those_of_the_whole_document(joined):
    split, whole = (PdfReader(path) for path in joined)
    assert _outline(split) == _outline(whole)

    def destinations(reader: PdfReader) -> dict[str, tuple[int, float]]:
        return {name: (reader.get_destination_page_number(dest), round(dest.top, 2))
                for name, dest in reader.named_destinations.items()}

    assert destinations(split) == destinations(whole)

    def links(reader: PdfReader) -> list[tuple[int, str]]:
        return [(index, str(annotation.get_object().get("/Dest", "")))
                for index, page in enumerate(reader.pages) for annotation in page.get("/Annots") or ()]

    assert links(split) == links(whole)
    assert sum(1 for _, dest in links(split) if dest) > 30
    squash = [re.sub(r"[\s·•]+", "", text) for text in _page_texts(joined[0])]
    assert squash == [re.sub(r"[\s·•]+", "", text) for text in _page_texts(joined[1])]
    assert split.metadata == whole.metadata


def test_an_edit_to_one_unit_renders_only_its_part_again_and_the_result_is_the_same_bytes(tmp_path, monkeypatch):
    root = copy_course(tmp_path / "course", TWO_DAY_COURSE)
    cache = tmp_path / "cache"
    first = _render(root, cache, monkeypatch)
    monkeypatch.setattr(parts, "STATS", {"rendered": 0, "cached": 0})
    assert _render(root, cache, monkeypatch) == first
    assert parts.STATS["rendered"] == 0
    page = root / "docs/units/02-complaints/01-learn-model.en.md"
    text = page.read_text(encoding="utf-8")
    sentence = next(line for line in text.splitlines() if line and line[0].isalpha() and line.endswith("."))
    page.write_text(text.replace(sentence, sentence[:-1] + " again.", 1), encoding="utf-8")
    monkeypatch.setattr(parts, "STATS", {"rendered": 0, "cached": 0})
    edited = _render(root, cache, monkeypatch)
    assert parts.STATS["rendered"] == 1, parts.STATS
    monkeypatch.setattr(parts, "STATS", {"rendered": 0, "cached": 0})
    assert _render(root, tmp_path / "fresh", monkeypatch) == edited
