"""The real PDFs, opened like a reader would: text in order, bookmarks, fonts, editions, safety, reproducibility."""

from __future__ import annotations

import re
import socket
import subprocess
from pathlib import Path

import pytest
from course_copies import FIXTURES
from pypdf import PdfReader
from weasyprint.urls import URLFetcher

from build_tools import render_pdf
from build_tools.cli import main
from build_tools.load import load_course
from build_tools.model import BlockKind, Edition, SourceLocation
from build_tools.outputs import pdf_path
from build_tools.problems import CourseError, Problem
from build_tools.words import ui

pytestmark = pytest.mark.integration

REMOTE_IMAGE_COURSE = FIXTURES / "remote_image_course"
LANGUAGES = ("zh", "en")
EDITIONS = tuple(Edition)
EXPECTED_REMOTE_IMAGE_REPORT = """\
docs/index.en.md:9: image 'https://example.com/logo.png' is on the internet [link.remote_image]
    fix: download the image into docs/assets/images/ and link it there: outputs work offline
docs/index.md:9: image 'https://example.com/logo.png' is on the internet [link.remote_image]
    fix: download the image into docs/assets/images/ and link it there: outputs work offline
2 problems found"""


def _squash(text: str) -> str:
    """Text without any whitespace: PDF extraction breaks lines wherever the layout did."""
    return re.sub(r"\s+", "", text)


def _outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of every bookmark, in order."""
    entries: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                entries.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return entries


def _body_text(reader: PdfReader) -> str:
    """The squashed text from the first bookmarked page on (after the cover and contents)."""
    first = min(page for _, _, page in _outline(reader))
    return _squash("".join(page.extract_text() for page in reader.pages[first:]))


@pytest.fixture(scope="module")
def readers(pdf_dir: Path) -> dict[tuple[str, Edition], PdfReader]:
    return {(lang, edition): PdfReader(pdf_path(pdf_dir, lang, edition)) for lang in LANGUAGES for edition in EDITIONS}


def test_four_pdfs_are_written(pdf_dir):
    for language in LANGUAGES:
        for edition in EDITIONS:
            assert pdf_path(pdf_dir, language, edition).read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_module_and_session_title_appears_in_order(course_result, readers, language, edition):
    text = _body_text(readers[language, edition])
    position = 0
    for module in course_result.course.modules[language]:
        for title in (module.title, *(session.title for session in module.sessions)):
            found = text.find(_squash(title), position)
            assert found >= 0, f"{title!r} missing or out of order"
            position = found


@pytest.mark.parametrize("language", LANGUAGES)
def test_bookmarks_mirror_the_contents_with_an_entry_per_module(course_result, readers, language):
    reader = readers[language, Edition.PARTICIPANT]
    outline = _outline(reader)
    top_level = [title for depth, title, _ in outline if depth == 0]
    for module in course_result.course.modules[language]:
        assert module.title in top_level
        index = next(i for i, (depth, title, _) in enumerate(outline) if depth == 0 and title == module.title)
        children = [title for depth, title, _ in outline[index + 1 : index + 1 + len(module.sessions) * 2] if depth]
        assert module.sessions[0].title in children
    assert ui(language, "contents") not in top_level
    assert all(page >= 2 for _, _, page in outline), "cover or contents page bookmarked"
    pages = [page for _, _, page in outline]
    assert pages == sorted(pages)


def test_fonts_are_embedded_subset_and_simplified_chinese(pdf_dir):
    for language in LANGUAGES:
        for edition in EDITIONS:
            report = subprocess.run(
                ["pdffonts", str(pdf_path(pdf_dir, language, edition))], capture_output=True, text=True, check=True
            ).stdout
            rows = report.splitlines()[2:]
            assert rows
            for row in rows:
                assert re.search(r"\byes\s+yes\s+yes\b", row), f"not embedded and subset: {row}"
                assert "JP" not in row
            assert any("Noto-Sans-CJK-SC" in row for row in rows)


@pytest.mark.parametrize("language", LANGUAGES)
def test_trainer_notes_are_in_the_facilitator_guide_and_never_in_the_workbook(course_result, readers, language):
    session = course_result.course.sessions(language)[0]
    block = session.blocks_of(BlockKind.TRAINER)[0]
    sentence = "".join(course_result.converter.to_element(block.markdown).itertext()).strip()[:40]
    assert _squash(sentence) in _body_text(readers[language, Edition.FACILITATOR])
    workbook = _squash("".join(page.extract_text() for page in readers[language, Edition.PARTICIPANT].pages))
    assert _squash(sentence) not in workbook
    assert _squash(ui(language, "run_sheet")) not in workbook


def test_page_counts_are_in_a_sane_range(readers):
    for language in LANGUAGES:
        workbook = len(readers[language, Edition.PARTICIPANT].pages)
        guide = len(readers[language, Edition.FACILITATOR].pages)
        assert 30 <= workbook <= 150
        assert workbook < guide <= 200


def test_metadata_names_title_author_language_and_edition_date(course_result, readers):
    settings = course_result.course.settings
    for language in LANGUAGES:
        reader = readers[language, Edition.PARTICIPANT]
        assert reader.metadata.title.startswith(settings.title[language])
        assert reader.metadata.author == settings.author[language]
        assert reader.metadata["/CreationDate"] == f"D:{settings.edition:%Y%m%d}"
        assert reader.trailer["/Root"]["/Lang"] == ("zh-CN" if language == "zh" else "en")


def test_internal_links_are_clickable(readers):
    reader = readers["zh", Edition.PARTICIPANT]
    internal = 0
    for page in reader.pages:
        for annotation in page.get("/Annots") or ():
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and ("/Dest" in annotation or "/D" in annotation.get("/A", {})):
                internal += 1
    assert internal > 50


def test_two_builds_are_byte_identical_and_report_progress(course_result, pdf_dir, tmp_path):
    lines: list[str] = []
    render_pdf.render_all_pdfs(course_result, tmp_path, report=lines.append)
    for language in LANGUAGES:
        for edition in EDITIONS:
            again, first = pdf_path(tmp_path, language, edition), pdf_path(pdf_dir, language, edition)
            assert again.read_bytes() == first.read_bytes()
            label = f"{language}/{pdf_path(Path(), language, edition).name}"
            assert any(line.startswith(f"  {label}: ") and " pages in " in line for line in lines)
    assert sum(line.startswith("wrote ") and line.endswith(" KiB)") for line in lines) == 4


# --- a course with an image from the internet ---------------------------------------------------


@pytest.fixture
def nothing_opened(monkeypatch):
    """Fail the test if anything tries to open a URL, a socket or a render process."""
    opened: list[str] = []

    def refuse(*args, **kwargs):
        opened.append(repr(args[1:]))
        raise AssertionError("network or render attempted")

    monkeypatch.setattr(URLFetcher, "fetch", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(render_pdf, "ProcessPoolExecutor", refuse)
    return opened


def test_remote_image_is_refused_with_the_exact_error_and_nothing_is_fetched(tmp_path, nothing_opened):
    previous = pdf_path(tmp_path, "zh", Edition.PARTICIPANT)
    previous.parent.mkdir(parents=True)
    previous.write_bytes(b"%PDF- the last good workbook")
    with pytest.raises(CourseError) as raised:
        render_pdf.render_all_pdfs(load_course(REMOTE_IMAGE_COURSE), tmp_path, report=lambda line: None)
    assert str(raised.value) == EXPECTED_REMOTE_IMAGE_REPORT
    message = "image 'https://example.com/logo.png' is on the internet"
    assert raised.value.problems == [
        Problem(SourceLocation(Path("docs/index.md"), 9), "link.remote_image", message),
        Problem(SourceLocation(Path("docs/index.en.md"), 9), "link.remote_image", message),
    ]
    assert nothing_opened == []
    assert previous.read_bytes() == b"%PDF- the last good workbook"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["workbook.pdf", "zh"]


def test_pdf_command_reports_the_remote_image_and_exits_1(tmp_path, capsys, nothing_opened):
    assert main(["--root", str(REMOTE_IMAGE_COURSE), "pdf", "--out", str(tmp_path)]) == 1
    assert capsys.readouterr().err == EXPECTED_REMOTE_IMAGE_REPORT + "\n"
    assert not any(tmp_path.iterdir())
    assert nothing_opened == []
