"""A PDF re-rendered from its cached parts (`pdf.parts`) is the PDF a clean render gives, page for page.

The two-day course's English facilitator guide is rendered clean (whole, into a cache), one sentence of
one unit is edited, and the guide is rendered again from that cache: only the edited chapter is drawn
again, and the joined file has the clean render's pages (pixel for pixel), text, footers, contents
numbers, bookmarks, destinations, links and metadata. An edit that moves pages, a damaged cache and an
unchanged document each give the clean render's own bytes.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from course_copies import TWO_DAY, copy_course, edit
from guide_renders import counted, differing_pages, render_guide
from PIL import Image
from pypdf import PdfReader

from build_tools.pdf import font_subsets, part_cache, parts

pytestmark = pytest.mark.integration

UNIT_PAGE = "docs/units/02-complaints/01-learn-model.en.md"




def _sentence(root: Path) -> str:
    text = (root / UNIT_PAGE).read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if line and line[0].isalpha() and line.endswith("."))


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


def untagged(root: Path) -> Path:
    """The course with `tagged_pdf: false`: only untagged PDFs are rendered in parts (a tagged one is whole)."""
    edit(root, "docs/course.yml", "teaching_minutes: 300", "teaching_minutes: 300\ntagged_pdf: false")
    return root


@pytest.fixture(scope="module")
def first_render(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """The course and the cache of its guide's first (clean, whole) render, and that render's bytes."""
    folder = tmp_path_factory.mktemp("first-render")
    root = untagged(copy_course(folder / "course", TWO_DAY))
    with pytest.MonkeyPatch.context() as monkeypatch:
        first = counted(monkeypatch)
        data = render_guide(root, folder / "cache")
        assert first == {"rendered": 0, "cached": 0, "whole": 1}
    return folder, data


def _after_first_render(first_render: tuple[Path, bytes], folder: Path) -> Path:
    """A copy of the rendered course and its cache in `folder` (`folder/cache`): the course's root."""
    shutil.copytree(first_render[0] / "course", folder / "course")
    shutil.copytree(first_render[0] / "cache", folder / "cache")
    return folder / "course" / TWO_DAY.name


def _edit_once_more(root: Path) -> None:
    """The edit most tests make: one sentence of a unit's page, its length kept about the same."""
    sentence = _sentence(root)
    edit(root, UNIT_PAGE, sentence, sentence[:-1] + " once more.")


@pytest.fixture(scope="module")
def joined(first_render, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, int]]:
    """(the guide re-rendered from its cache after an edit, the same guide rendered clean, the counts)."""
    folder = tmp_path_factory.mktemp("parts")
    root = _after_first_render(first_render, folder)
    _edit_once_more(root)
    with pytest.MonkeyPatch.context() as monkeypatch:
        stats = counted(monkeypatch)
        (folder / "joined.pdf").write_bytes(render_guide(root, folder / "cache"))
        (folder / "clean.pdf").write_bytes(render_guide(root, folder / "fresh"))
    return folder / "joined.pdf", folder / "clean.pdf", stats


def test_an_edit_draws_only_its_own_chapter_again(joined):
    _, _, stats = joined
    assert stats["whole"] == 1  # the clean render of the comparison
    assert stats["rendered"] == 1
    assert stats["cached"] >= 5


def test_the_joined_pages_are_the_clean_pages_pixel_for_pixel(joined, tmp_path):
    pages, differing = differing_pages(joined[0], joined[1], tmp_path)
    assert pages == len(PdfReader(joined[1]).pages) > 10
    assert not differing


def test_every_page_but_the_cover_has_its_number_and_the_total_in_the_footer(joined):
    pages = _page_texts(joined[0])
    assert _page_texts(joined[1]) == pages
    for number, text in enumerate(pages, start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if number == 1:
            assert not re.fullmatch(r"\d+ / \d+", lines[-1])
        else:
            assert lines[-1] == f"{number} / {len(pages)}"


def test_the_contents_numbers_are_the_pages_the_headings_are_on(joined):
    pages = _page_texts(joined[0])
    outline = _outline(PdfReader(joined[0]))
    contents = "\n".join(text for text in pages[1:4] if "Contents" in text or "...." in text)
    checked = 0
    for _, title, page, _ in outline:
        found = re.search(re.escape(title[:25]) + r".*?\.{3,}\s*(\d+)", contents)
        if found:
            assert int(found[1]) == page + 1, title
            assert title.split()[0] in pages[page], f"{title!r} is not on page {page + 1}"
            checked += 1
    assert checked >= len(outline) // 2


def test_bookmarks_destinations_links_and_metadata_are_those_of_the_clean_render(joined):
    split, whole = (PdfReader(path) for path in joined[:2])
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
    assert split.metadata == whole.metadata
    assert split.trailer["/Root"]["/Lang"] == whole.trailer["/Root"]["/Lang"]


def _font_names(path: Path) -> list[str]:
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    return [line.split()[0] for line in fonts.splitlines()[2:]]


def test_the_joined_file_has_one_subset_per_font_like_a_clean_render(joined):
    joined_names, clean_names = _font_names(joined[0]), _font_names(joined[1])
    assert len(joined_names) == len(clean_names) >= 2
    assert {name.split("+")[1] for name in joined_names} == {name.split("+")[1] for name in clean_names}
    assert joined[0].stat().st_size < 1.35 * joined[1].stat().st_size  # no second copy of any font


def test_fonts_whose_file_cannot_be_proved_keep_a_subset_per_render_each_named_apart(tmp_path, monkeypatch):
    monkeypatch.setattr(font_subsets, "_faces", lambda family: ())  # as if the fonts were not installed
    root = untagged(copy_course(tmp_path / "course", TWO_DAY))
    render_guide(root, tmp_path / "cache")
    _edit_once_more(root)
    (tmp_path / "joined.pdf").write_bytes(render_guide(root, tmp_path / "cache"))
    (tmp_path / "clean.pdf").write_bytes(render_guide(root, tmp_path / "fresh"))
    joined_names, clean_names = _font_names(tmp_path / "joined.pdf"), _font_names(tmp_path / "clean.pdf")
    assert len(joined_names) == len(set(joined_names)) > len(clean_names)  # a subset per render, named apart
    texts = [subprocess.run(["pdftotext", str(tmp_path / f"{name}.pdf"), "-"], check=True, capture_output=True,
                            text=True).stdout for name in ("joined", "clean")]
    assert texts[0] == texts[1]


def test_an_edit_that_moves_pages_renders_the_whole_document_again(first_render, tmp_path, monkeypatch):
    root = _after_first_render(first_render, tmp_path)
    sentence = _sentence(root)
    edit(root, UNIT_PAGE, sentence, sentence + "\n\n" + "\n\n".join([sentence] * 40))
    stats = counted(monkeypatch)
    again = render_guide(root, tmp_path / "cache")
    assert stats["whole"] == 1 and stats["rendered"] == 1  # tried alone, grew, so rendered whole
    assert again == render_guide(root, tmp_path / "fresh")


def test_an_unchanged_document_and_a_damaged_cache_give_the_clean_bytes(first_render, joined, tmp_path, monkeypatch):
    root = _after_first_render(first_render, tmp_path)
    clean = first_render[1]
    stats = counted(monkeypatch)
    assert render_guide(root, tmp_path / "cache") == clean
    assert stats == {"rendered": 0, "cached": stats["cached"], "whole": 0}
    manifest = tmp_path / "cache" / part_cache.MANIFEST
    source = json.loads(manifest.read_text(encoding="utf-8"))["parts"][0]["source"]
    (tmp_path / "cache" / source).write_bytes(b"%PDF-1.7 damaged")
    _edit_once_more(root)
    stats = counted(monkeypatch)
    assert render_guide(root, tmp_path / "cache") == joined[1].read_bytes()  # the clean render of the same edit
    assert stats["whole"] == 1


def test_a_file_draws_on_at_most_a_few_renders(first_render, tmp_path, monkeypatch):
    monkeypatch.setattr(parts, "MAX_SOURCES", 2)
    root = _after_first_render(first_render, tmp_path)
    _edit_once_more(root)
    stats = counted(monkeypatch)
    render_guide(root, tmp_path / "cache")
    assert stats["whole"] == 0
    other = "docs/units/01-listening/01-first-minute.en.md"
    text = (root / other).read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line and line[0].isalpha() and line.endswith("."))
    edit(root, other, line, line[:-1] + " again.")
    stats = counted(monkeypatch)
    assert render_guide(root, tmp_path / "cache") == render_guide(root, tmp_path / "fresh")
    assert stats["whole"] == 2


def test_an_image_replaced_under_the_same_name_draws_its_chapter_again(first_render, tmp_path, monkeypatch):
    root = _after_first_render(first_render, tmp_path)
    before = first_render[1]
    image = root / "docs/assets/images/learn-steps.png"
    with Image.open(image) as picture:
        Image.new("RGB", picture.size, "#c0392b").save(image)
    stats = counted(monkeypatch)
    after = render_guide(root, tmp_path / "cache")
    assert stats["rendered"] == 1 and stats["whole"] == 0
    assert after != before
    clean = tmp_path / "clean.pdf"
    clean.write_bytes(render_guide(root, tmp_path / "fresh"))
    (tmp_path / "joined.pdf").write_bytes(after)
    assert not differing_pages(tmp_path / "joined.pdf", clean, tmp_path)[1]
