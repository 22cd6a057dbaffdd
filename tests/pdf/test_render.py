"""The real PDFs of fixture courses, opened like a reader would: text in order, bookmarks, fonts, editions,
handouts, safety, reproducibility, and exact reports for what stops a build."""

from __future__ import annotations

import re
import socket
import subprocess
from pathlib import Path

import pytest
from course_copies import FIXTURES, MINIMAL, copy_course, edit
from pypdf import PdfReader
from weasyprint.urls import URLFetcher

from build_tools.checks.checked import checked_course
from build_tools.cli import main
from build_tools.course import localise
from build_tools.course.load import load_course
from build_tools.course.model import Course, Edition
from build_tools.course.problems import CourseError, Problem
from build_tools.course.source import SourceLocation
from build_tools.parts.markdown_html import MarkdownConverter
from build_tools.parts.output_files import pdf_path
from build_tools.pdf import render
from build_tools.pdf.document import build_document
from build_tools.pipeline.build import render_course

pytestmark = pytest.mark.integration

TWO_DAY_COURSE = FIXTURES / "two_day_course"
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
def course(two_day_build) -> Course:
    """Two days, units as folders, its own methods and words, a handout per participant and one per group."""
    return two_day_build.course


@pytest.fixture(scope="module")
def built(two_day_build) -> Path:
    """The course's four PDFs, built once per test run by the real command."""
    return two_day_build.pdf_dir


@pytest.fixture(scope="module")
def readers(course: Course, built: Path) -> dict[tuple[str, Edition], PdfReader]:
    out = built
    return {
        (lang, edition): PdfReader(pdf_path(out, course, lang, edition)) for lang in LANGUAGES for edition in EDITIONS
    }


def test_four_pdfs_are_written_and_named_for_the_course(course, built):
    out = built
    names = sorted(path.relative_to(out).as_posix() for path in out.rglob("*.pdf"))
    assert names == [
        "en/service-talk-en-facilitator-guide.pdf", "en/service-talk-en-workbook.pdf",
        "zh/service-talk-zh-facilitator-guide.pdf", "zh/service-talk-zh-workbook.pdf",
    ]
    for language in LANGUAGES:
        for edition in EDITIONS:
            assert pdf_path(out, course, language, edition).read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_module_and_session_title_appears_in_order(course, readers, language, edition):
    text = _body_text(readers[language, edition])
    position = 0
    for module in course.view(language).modules:
        for title in (module.title, *(session.title for session in module.sessions)):
            found = text.find(_squash(title), position)
            assert found >= 0, f"{title!r} missing or out of order"
            position = found


@pytest.mark.parametrize("language", LANGUAGES)
def test_bookmarks_mirror_the_contents_with_an_entry_per_module_and_its_session_pages(course, readers, language):
    outline = _outline(readers[language, Edition.PARTICIPANT])
    top_level = [title for depth, title, _ in outline if depth == 0]
    for module in course.view(language).modules:
        assert module.title in top_level
        index = next(i for i, (depth, title, _) in enumerate(outline) if depth == 0 and title == module.title)
        children = []
        for depth, title, _ in outline[index + 1 :]:
            if depth == 0:
                break
            children.append(title)
        assert [s.title for s in module.sessions] == [t for t in children if t in {s.title for s in module.sessions}]
    assert localise.word(course, language, "contents") not in top_level
    assert all(page >= 2 for _, _, page in outline), "cover or contents page bookmarked"
    pages = [page for _, _, page in outline]
    assert pages == sorted(pages)


def test_fonts_are_embedded_subset_and_simplified_chinese(course, built):
    out = built
    for language in LANGUAGES:
        for edition in EDITIONS:
            report = subprocess.run(
                ["pdffonts", str(pdf_path(out, course, language, edition))], capture_output=True, text=True,
                check=True,
            ).stdout
            rows = report.splitlines()[2:]
            assert rows
            for row in rows:
                assert re.search(r"\byes\s+yes\s+yes\b", row), f"not embedded and subset: {row}"
                assert "JP" not in row
            assert any("Noto-Sans-CJK-SC" in row for row in rows)


@pytest.mark.parametrize("language", LANGUAGES)
def test_trainer_notes_are_in_the_facilitator_guide_and_never_in_the_workbook(course, readers, language):
    session = course.sessions(language)[0]
    block = session.trainer_notes[0]
    sentence = "".join(MarkdownConverter(course).to_element(block.markdown).itertext()).strip()[:40]
    assert _squash(sentence) in _body_text(readers[language, Edition.FACILITATOR])
    workbook = _squash("".join(page.extract_text() for page in readers[language, Edition.PARTICIPANT].pages))
    assert _squash(sentence) not in workbook
    assert _squash(localise.word(course, language, "run_sheet")) not in workbook
    trainer_page = course.page("trainer-prep", language)
    assert _squash(trainer_page.title) not in workbook
    assert _squash(trainer_page.title) in _body_text(readers[language, Edition.FACILITATOR])


def test_page_counts_are_in_a_sane_range(readers):
    for language in LANGUAGES:
        workbook = len(readers[language, Edition.PARTICIPANT].pages)
        guide = len(readers[language, Edition.FACILITATOR].pages)
        assert 12 <= workbook <= 40
        assert workbook < guide <= 50


def test_times_carry_their_day(readers):
    text = _body_text(readers["en", Edition.FACILITATOR])
    assert _squash("Day 2 · 10:15–11:15") in text
    assert _squash("Unit 3 Day 2 · 09:00–11:15") in text


def test_handouts_in_the_guide_show_the_page_they_are_on_and_the_copies_to_print(course, readers):
    """The run sheet names each handout's page and copies beside it (the checklist gives the copies in its
    quantity column: tests/pdf/test_document.py)."""
    reader = readers["en", Edition.FACILITATOR]
    pages = [_squash(page.extract_text()) for page in reader.pages]
    run_sheet = _squash(localise.word(course, "en", "run_sheet"))
    checklist = _squash(localise.word(course, "en", "checklist"))
    start = next(i for i, text in enumerate(pages) if text.startswith(run_sheet))
    end = next(i for i, text in enumerate(pages) if text.startswith(checklist))
    text = "".join(pages[start:end])
    for title, copies in (("Customer needs log", 16), ("Case: The delayed refund", 4)):
        found = re.search(rf"p\.(\d+)·print{copies}", text[text.index(title.split()[-1]) :])
        assert found, f"no page and copies for {title!r}"
        printed_on = int(found[1]) - 1
        assert pages[printed_on].startswith(_squash(title)), f"{title!r} is not on page {found[1]}"


def test_metadata_names_title_author_language_and_edition_date(course, readers):
    settings = course.settings
    for language in LANGUAGES:
        reader = readers[language, Edition.PARTICIPANT]
        assert reader.metadata.title.startswith(settings.title[language])
        assert reader.metadata.author == settings.author[language]
        assert reader.metadata["/CreationDate"] == f"D:{settings.edition:%Y%m%d}"
        assert reader.trailer["/Root"]["/Lang"] == ("zh-CN" if language == "zh" else "en")


def test_internal_links_are_clickable(readers):
    reader = readers["zh", Edition.FACILITATOR]
    internal = 0
    for page in reader.pages:
        for annotation in page.get("/Annots") or ():
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and ("/Dest" in annotation or "/D" in annotation.get("/A", {})):
                internal += 1
    assert internal > 30


def test_two_builds_are_byte_identical(course, built, tmp_path):
    """The Chinese guide (Chinese text, trainer notes, run sheet) rendered again in this process has the very
    bytes the build wrote."""
    job = render.render_job_for(course, build_document(course, "zh", Edition.FACILITATOR))
    outcome = render.render_job(job, tmp_path / "cache")
    assert outcome.data == pdf_path(built, course, "zh", Edition.FACILITATOR).read_bytes()


def test_the_pdf_command_reports_each_pdf_it_writes(tmp_path):
    """`python -m build_tools pdf` runs the build's PDF jobs: a line per PDF with its pages and time, then where
    they went."""
    course = checked_course(copy_course(tmp_path, MINIMAL))
    lines: list[str] = []
    render_course(course, "pdf", tmp_path / "out", report=lines.append)
    for language in ("zh", "en"):
        for edition in EDITIONS:
            assert pdf_path(tmp_path / "out", course, language, edition).is_file()
            job = f"pdf:{language}:{edition.value}"
            assert any(re.fullmatch(rf"  \[\d/4\] {job}: \d+ pages in \d+\.\d s", line) for line in lines), job
    assert lines[0] == "building 4 of 4 outputs in 1 process (0 unchanged)"
    assert lines[-1] == f"outputs in {tmp_path / 'out'}"


# --- what stops a build ----------------------------------------------------------------------------


@pytest.fixture
def nothing_opened(monkeypatch):
    """Fail the test if anything tries to open a URL or a socket (in the worker processes too: they are forked)."""
    opened: list[str] = []

    def refuse(*args, **kwargs):
        opened.append(repr(args[1:]))
        raise AssertionError("network or render attempted")

    monkeypatch.setattr(URLFetcher, "fetch", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return opened


def test_remote_image_is_refused_with_the_exact_error_and_nothing_is_fetched(tmp_path, nothing_opened):
    course = load_course(REMOTE_IMAGE_COURSE).course  # unchecked: the PDF step must refuse it on its own
    previous = pdf_path(tmp_path, course, "zh", Edition.PARTICIPANT)
    previous.parent.mkdir(parents=True)
    previous.write_bytes(b"%PDF- the last good workbook")
    with pytest.raises(CourseError) as raised:
        render_course(course, "pdf", tmp_path, report=lambda line: None)
    assert str(raised.value) == EXPECTED_REMOTE_IMAGE_REPORT
    message = "image 'https://example.com/logo.png' is on the internet"
    assert raised.value.problems == [
        Problem(SourceLocation(Path("docs/index.md"), 9), "link.remote_image", message),
        Problem(SourceLocation(Path("docs/index.en.md"), 9), "link.remote_image", message),
    ]
    assert nothing_opened == []
    assert previous.read_bytes() == b"%PDF- the last good workbook"
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "zh", f"zh/{previous.name}"]


def test_pdf_command_reports_the_remote_image_and_exits_1(tmp_path, capsys, nothing_opened):
    """The command checks the course first: the same two problems, with the fixture's one piece of advice (it keeps
    no translation records)."""
    assert main(["--root", str(REMOTE_IMAGE_COURSE), "pdf", "--out", str(tmp_path)]) == 1
    problems = EXPECTED_REMOTE_IMAGE_REPORT.removesuffix("2 problems found")
    assert capsys.readouterr().err == (
        problems + "docs/translations/en.yml:1: warning: no English section records the Chinese text it was translated "
        "from (docs/translations/en.yml does not exist): a changed original cannot be found [i18n.untracked]\n"
        "    fix: check the translation, then run: make translations-current PAGE=docs\n"
        "2 problems found, 1 warning\n")
    assert not any(tmp_path.iterdir())
    assert nothing_opened == []


def test_an_image_weasyprint_cannot_read_is_reported_at_its_line_and_no_pdf_is_written(tmp_path):
    root = copy_course(tmp_path, MINIMAL)
    (root / "docs/assets/images").mkdir(parents=True)
    (root / "docs/assets/images/broken.png").write_bytes(b"not a picture")
    for page, alt in (("01-listening.md", "示意图"), ("01-listening.en.md", "Diagram")):
        edit(root, f"docs/modules/{page}", "- **", f"![{alt}](../assets/images/broken.png)\n\n- **")
    course = checked_course(root)
    out = tmp_path / "out"
    with pytest.raises(CourseError) as raised:
        render_course(course, "pdf", out, report=lambda line: None)
    message = "WeasyPrint: Failed to load image at 'docs/assets/images/broken.png'"
    assert raised.value.problems == [
        Problem(SourceLocation(Path(f"docs/modules/{page}"), 17), "pdf.render", message)
        for page in ("01-listening.md", "01-listening.en.md")
    ]
    assert str(raised.value).splitlines()[0] == f"docs/modules/01-listening.en.md:17: {message} [pdf.render]"
    assert not out.exists()


def test_a_word_too_long_for_a_table_column_breaks_and_the_table_stays_on_the_page(tmp_path):
    root = copy_course(tmp_path, MINIMAL)
    word = "Supercalifragilistic" * 20  # 400 letters, nowhere to break
    edit(root, "docs/modules/01-listening.en.md", "Why listening matters.",
         f"Why listening matters.\n\n| Term | Note |\n| --- | --- |\n| {word} | short |\n")
    course = checked_course(root)
    outcome = render.render_job(render.render_job_for(course, build_document(course, "en", Edition.PARTICIPANT)),
                                tmp_path / "cache")
    (tmp_path / "out.pdf").write_bytes(outcome.data)
    boxes = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "out.pdf"), "-"], capture_output=True, text=True,
                           check=True).stdout
    page_width = float(re.search(r'<page width="([\d.]+)"', boxes)[1])
    words = re.findall(r'xMax="([\d.]+)"[^>]*>([^<]*)<', boxes)
    first = next(i for i, (_, text) in enumerate(words) if text.startswith("Supercal"))
    pieces, joined = [], ""
    for x_max, text in words[first:]:
        if joined == word:
            break
        pieces.append(float(x_max))
        joined += text
    assert joined == word and len(pieces) > 2  # the whole word, over several lines of its cell
    assert max(pieces) < page_width - 30  # inside the page and its margin


# --- the cover ---------------------------------------------------------------------------------------


def _cover_pixels(pdf: Path, folder: Path) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(the paper's corner, the middle of the title) of the first page, drawn at 20 dpi."""
    from PIL import Image

    subprocess.run(["pdftoppm", "-png", "-r", "20", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(folder / "cover")], check=True)
    with Image.open(folder / "cover.png") as image:
        rgb = image.convert("RGB")
        return rgb.getpixel((1, 1)), rgb.getpixel((rgb.width // 2, rgb.height // 2))


@pytest.mark.integration
def test_a_printable_cover_leaves_the_paper_edge_white(course, built, tmp_path):
    """Issue 24: the navy full-bleed cover prints with a white frame on office printers; `printable_cover:
    true` keeps everything inside the margins on white paper, the title still on the cover."""
    navy = pdf_path(built, course, "zh", Edition.PARTICIPANT)
    corner, _ = _cover_pixels(navy, tmp_path)
    assert corner == (0x1D, 0x3F, 0x66)  # the default: full bleed
    root = copy_course(tmp_path, MINIMAL)
    edit(root, "docs/course.yml", "edition: 2026-01-15", "edition: 2026-01-15\nprintable_cover: true")
    printable = checked_course(root)
    out = render_course(printable, "pdf", tmp_path / "out", report=lambda line: None)
    pdf = pdf_path(out, printable, "zh", Edition.PARTICIPANT)
    corner, _ = _cover_pixels(pdf, tmp_path)
    assert corner == (255, 255, 255)
    first_page = PdfReader(str(pdf)).pages[0].extract_text()
    assert "最小课程" in first_page and "测试组" in first_page
