"""The built decks, read back with python-pptx and rendered by LibreOffice.

The expected slides are derived here from the course model and the split rule of decks.yml
(a list of n items takes ceil(n / max) slides; more only when even min_body would overflow),
independently of how render_slides plans them.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn
from pypdf import PdfReader

from build_tools.load import LoadResult, load_course
from build_tools.model import BlockKind, Edition, Module
from build_tools.outputs import deck_path
from build_tools.problems import CourseError
from build_tools.slides.render import LANGUAGE_TAGS, render_all_decks, text_box
from build_tools.schedule import build_agenda
from build_tools.slides.settings import DeckSettings, load_deck_settings
from build_tools.slides.text_fit import TextMeasurer, is_cjk, paragraphs_from_xml
from build_tools.words import ui

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "slides_course"
DECKS_YML = ROOT / "slides" / "decks.yml"
PART = re.compile(r"^(?P<base>.*) \((?P<i>\d+)/(?P<n>\d+)\)$")
CONTENT_LAYOUTS = ("content", "content_with_image")


# --- what the model says the decks hold ------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """Slides that belong together: one kind, one title, `items` items split at most `most` per slide."""

    kind: str
    title: str
    items: int = 1
    most: int = 1
    at_least: int = 0

    @property
    def slides(self) -> int:
        """Slides by the split rule, before any split forced by measurement."""
        return max(math.ceil(self.items / self.most), self.at_least, 1)


def expected_groups(result: LoadResult, settings: DeckSettings, language: str,
                    module: Module | None) -> Iterator[Group]:
    """The deck's slide groups, in order, from the course model."""
    course, converter = result.course, result.converter
    assert course.settings is not None
    modules = course.modules[language] if module is None else (module,)
    sessions = [s for m in modules for s in m.sessions]
    ids = {s.id for s in sessions}
    yield Group("title", course.settings.title[language])
    agenda = build_agenda(course, language)
    items = [i for i in agenda.items if i.session is not None and i.session.id in ids]
    rows = [i for i in agenda.items if items[0].start <= i.start and i.end <= items[-1].end
            and (i.pause is not None or i.session.id in ids)]
    yield Group("agenda", ui(language, "agenda"), len(rows), settings.max_agenda_rows)
    for each in modules:
        if module is None:
            yield Group("title", each.title)
        for session in each.sessions:
            yield Group("section", session.title)
            points = images = 0
            for block in session.blocks_of(BlockKind.TEXT):
                root = converter.to_element(block.markdown)
                points += sum(len(child.findall("li")) for child in root if child.tag in ("ul", "ol"))
                images += len(list(root.iter("img")))
            if points or images:
                yield Group("content", session.title, points, settings.max_bullets, at_least=images)
            for block in session.blocks_of(BlockKind.QUESTION):
                root = converter.to_element(block.markdown)
                count = sum(1 for c in root if c.tag == "p") + sum(len(c.findall("li")) for c in root
                                                                   if c.tag in ("ul", "ol"))
                yield Group("discussion", block.title or ui(language, "slide_discussion"), count,
                            settings.max_bullets)
            for case in course.cases_for(session.id, language):
                questions = [b for s in case.sections if s.heading is not None and s.heading.id == "questions"
                             for b in s.blocks if b.kind is BlockKind.TEXT]
                count = sum(len(list(converter.to_element(b.markdown).iter("li"))) for b in questions)
                yield Group("discussion", case.title, count, settings.max_bullets)
    last = sessions[-1].id
    worksheet = next((p for p in course.pages_in(language) if p.kind is not None and p.kind.value == "worksheet"
                      and any(r.target.endswith(f"#{last}") for r in p.references)), None)
    if worksheet is not None:
        yield Group("closing", worksheet.title, sum(h.level == 2 for h in worksheet.headings), settings.max_bullets)
    else:
        objectives = [m.objectives for m in modules if m.objectives is not None]
        count = sum(len(list(converter.to_element(b.markdown).iter("li"))) for o in objectives for b in o.blocks)
        yield Group("closing", objectives[0].heading.title, count, settings.max_bullets)


@dataclass(frozen=True)
class Built:
    """Consecutive slides of a deck with the same kind and title (without "(i/n)")."""

    kind: str
    title: str
    parts: tuple[tuple[int, int], ...]
    body_sizes: frozenset[float]


def built_groups(path: Path, settings: DeckSettings) -> list[Built]:
    """The deck's slides grouped as `expected_groups` groups them."""
    kinds = {getattr(settings.layouts, key): key for key in ("title", "agenda", "section", "content",
                                                              "content_with_image", "discussion", "closing")}
    groups: list[Built] = []
    for slide in Presentation(str(path)).slides:
        kind = kinds[slide.slide_layout.name]
        kind = "content" if kind in CONTENT_LAYOUTS else kind
        title = slide.shapes.title.text
        match = PART.match(title)
        part = (int(match["i"]), int(match["n"])) if match else (1, 1)
        base = match["base"] if match else title
        sizes = frozenset(int(r.get("sz")) / 100 for ph in slide.placeholders if ph.placeholder_format.idx == 1
                          for r in ph._element.iter(qn("a:rPr")))
        if groups and groups[-1].kind == kind and groups[-1].title == base and match and part[0] > 1:
            last = groups.pop()
            groups.append(Built(kind, base, (*last.parts, part), last.body_sizes | sizes))
        else:
            groups.append(Built(kind, base, (part,), sizes))
    return groups


def all_decks(result: LoadResult, settings: DeckSettings) -> Iterator[tuple[str, Module | None]]:
    """(language, module) of every deck decks.yml asks for."""
    for language in settings.decks.languages or [lang.code for lang in result.course.languages]:
        if settings.decks.full_day:
            yield language, None
        if settings.decks.modules:
            for module in result.course.modules[language]:
                yield language, module


def deck_files(out: Path) -> list[Path]:
    """Every built deck, both editions."""
    return sorted(out.rglob("*.pptx"))


@pytest.fixture(scope="module")
def settings() -> DeckSettings:
    """The repository's deck settings."""
    return load_deck_settings(ROOT)


@pytest.fixture(scope="module")
def measurer() -> TextMeasurer:
    """The slide text estimate."""
    return TextMeasurer()


# --- the real course -------------------------------------------------------------------------------


def test_builds_both_editions_of_every_deck(slides_dir: Path, course_result: LoadResult,
                                            settings: DeckSettings) -> None:
    for language, module in all_decks(course_result, settings):
        for edition in Edition:
            assert deck_path(slides_dir, language, module, edition).is_file()
    assert len(deck_files(slides_dir)) == 2 * len(list(all_decks(course_result, settings)))


def test_slides_match_the_model_and_the_split_rule(slides_dir: Path, course_result: LoadResult,
                                                   settings: DeckSettings) -> None:
    for language, module in all_decks(course_result, settings):
        expected = list(expected_groups(course_result, settings, language, module))
        for edition in Edition:
            path = deck_path(slides_dir, language, module, edition)
            built = built_groups(path, settings)
            assert [(g.kind, g.title) for g in built] == [(g.kind, g.title) for g in expected], path
            for want, got in zip(expected, built, strict=True):
                count = len(got.parts)
                assert got.parts == tuple((i, count) for i in range(1, count + 1)) or count == 1, (path, got)
                # more slides than the rule gives only when even the smallest body size would overflow
                assert count == want.slides or (count > want.slides and got.body_sizes == {settings.sizes.min_body}), (
                    path, want, got)
            assert len(Presentation(str(path)).slides) == sum(len(g.parts) for g in built)


def test_every_slide_has_a_title_and_speaker_notes(slides_dir: Path) -> None:
    for path in deck_files(slides_dir):
        for number, slide in enumerate(Presentation(str(path)).slides, start=1):
            assert slide.shapes.title is not None and slide.shapes.title.text.strip(), (path, number)
            assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip(), (path, number)


def test_every_run_names_latin_and_east_asian_fonts_and_language(slides_dir: Path, settings: DeckSettings) -> None:
    for path in deck_files(slides_dir):
        language = path.relative_to(slides_dir).parts[0]
        for number, slide in enumerate(Presentation(str(path)).slides, start=1):
            parts = [slide._element, slide.notes_slide._element]
            for run in (r for part in parts for r in part.iter(qn("a:r"))):
                properties = run.find(qn("a:rPr"))
                where = (path, number, run.findtext(qn("a:t")))
                assert properties is not None, where
                assert properties.find(qn("a:latin")).get("typeface") == settings.fonts.latin, where
                assert properties.find(qn("a:ea")).get("typeface") == settings.fonts.east_asian, where
                assert properties.get("lang") == LANGUAGE_TAGS[language], where


def test_chinese_text_is_set_in_the_east_asian_font(slides_dir: Path, settings: DeckSettings) -> None:
    chinese_runs = 0
    for path in deck_files(slides_dir / "zh"):
        for slide in Presentation(str(path)).slides:
            for run in slide._element.iter(qn("a:r")):
                if any(is_cjk(c) for c in run.findtext(qn("a:t")) or ""):
                    chinese_runs += 1
                    assert run.find(f"{qn('a:rPr')}/{qn('a:ea')}").get("typeface") == settings.fonts.east_asian
    assert chinese_runs > 100


def test_no_text_frame_holds_more_than_its_measured_room(slides_dir: Path, measurer: TextMeasurer,
                                                         settings: DeckSettings) -> None:
    for path in deck_files(slides_dir):
        for number, slide in enumerate(Presentation(str(path)).slides, start=1):
            for shape in slide.placeholders:
                box = text_box(shape)
                paragraphs = paragraphs_from_xml(shape.text_frame._txBody, settings.sizes.body)
                needed = measurer.measure(paragraphs, box.width).height
                assert needed <= box.height, (path, number, shape.placeholder_format.idx, needed, box)


def test_body_text_never_shrinks_below_the_minimum(slides_dir: Path, settings: DeckSettings) -> None:
    for path in deck_files(slides_dir):
        for slide in Presentation(str(path)).slides:
            for shape in slide.placeholders:
                for properties in shape._element.iter(qn("a:rPr")):
                    assert int(properties.get("sz")) / 100 >= settings.sizes.min_body, path


def _trainer_sentences(result: LoadResult, language: str) -> set[str]:
    sentences = set()
    for page in result.course.pages_in(language):
        for block in page.blocks:
            if block.kind.facilitator_only:
                text = " ".join(result.converter.to_element(block.markdown).itertext())
                sentences |= {s.strip() for s in re.split(r"[。！？!?\n]|\.\s", text) if len(s.strip()) >= 12}
    return sentences


def _notes_text(path: Path) -> str:
    return "\n".join(s.notes_slide.notes_text_frame.text for s in Presentation(str(path)).slides)


def test_participant_notes_contain_no_trainer_note(slides_dir: Path, course_result: LoadResult,
                                                   settings: DeckSettings) -> None:
    for language, module in all_decks(course_result, settings):
        sentences = _trainer_sentences(course_result, language)
        participant = _notes_text(deck_path(slides_dir, language, module, Edition.PARTICIPANT))
        leaked = [s for s in sentences if s in participant]
        assert not leaked, leaked[:3]
        facilitator = _notes_text(deck_path(slides_dir, language, module, Edition.FACILITATOR))
        assert any(s in facilitator for s in sentences)


def test_notes_give_every_session_method_minutes_and_clock_time(slides_dir: Path, course_result: LoadResult) -> None:
    for language in ("zh", "en"):
        agenda = build_agenda(course_result.course, language)
        notes = _notes_text(deck_path(slides_dir, language, None, Edition.PARTICIPANT))
        for session in course_result.course.sessions(language):
            item = agenda.start_of(session.id)
            assert item is not None
            start = f"{item.start // 60:02d}:{item.start % 60:02d}"
            line = f"{session.method.label(language)} · {ui(language, 'min', n=session.minutes)} · {start}–"
            assert line in notes, line


def test_core_properties_come_from_the_course(slides_dir: Path, course_result: LoadResult) -> None:
    course_settings = course_result.course.settings
    assert course_settings is not None
    for language in ("zh", "en"):
        for edition in Edition:
            core = Presentation(str(deck_path(slides_dir, language, None, edition))).core_properties
            assert core.title == course_settings.title[language]
            assert core.author == core.last_modified_by == course_settings.author[language]
            assert core.language == LANGUAGE_TAGS[language]
            assert core.created.date() == core.modified.date() == course_settings.edition
            assert core.revision == 1
            assert core.content_status == edition.value


def test_two_builds_are_byte_identical(slides_dir: Path, course_result: LoadResult,
                                       tmp_path: Path) -> None:
    again = tmp_path / "again"
    render_all_decks(course_result, again)
    first, second = deck_files(slides_dir), deck_files(again)
    assert [p.relative_to(slides_dir) for p in first] == [p.relative_to(again) for p in second]
    for one, other in zip(first, second, strict=True):
        assert one.read_bytes() == other.read_bytes(), one


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (libreoffice-impress) is not installed")
def test_libreoffice_renders_every_slide(slides_dir: Path, tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    copies = {}
    for path in deck_files(slides_dir):
        name = "-".join(path.relative_to(slides_dir).parts)
        shutil.copyfile(path, decks / name)
        copies[name] = len(Presentation(str(path)).slides)
    pdfs = tmp_path / "pdf"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(pdfs), *sorted(str(decks / name) for name in copies)],
        check=True, capture_output=True, timeout=900,
    )
    for name, slides in copies.items():
        pdf = pdfs / name.replace(".pptx", ".pdf")
        assert pdf.is_file(), name
        assert len(PdfReader(pdf).pages) == slides, name


# --- a small course with an image, a long list, a case and a worksheet -------------------------------


@pytest.fixture(scope="module")
def fixture_result() -> LoadResult:
    """tests/fixtures/slides_course, loaded."""
    result = load_course(FIXTURE)
    assert not result.problems
    return result


@pytest.fixture(scope="module")
def fixture_decks(fixture_result: LoadResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture course's decks, built with the repository's decks.yml and template."""
    out = tmp_path_factory.mktemp("fixture-slides")
    render_all_decks(fixture_result, out, settings_file=DECKS_YML)
    return out


def test_images_appear_beside_the_key_points(fixture_decks: Path) -> None:
    slides = list(Presentation(str(deck_path(fixture_decks, "en", None))).slides)
    with_picture = [s for s in slides if any(shape.shape_type == 13 for shape in s.shapes)]
    assert len(with_picture) == 1
    slide = with_picture[0]
    picture = next(shape for shape in slide.shapes if shape.shape_type == 13)
    area = slide.slide_layout.placeholders.get(idx=2)
    assert picture._element.nvPicPr.cNvPr.get("descr") == "Process diagram"
    assert area.left <= picture.left and picture.left + picture.width <= area.left + area.width
    assert area.top <= picture.top and picture.top + picture.height <= area.top + area.height
    assert "First point" in slide.placeholders[1].text_frame.text


def test_long_lists_continue_on_numbered_slides(fixture_decks: Path) -> None:
    titles = [s.shapes.title.text for s in Presentation(str(deck_path(fixture_decks, "zh", None))).slides]
    assert "长列表环节 (1/2)" in titles and "长列表环节 (2/2)" in titles
    slides = [s for s in Presentation(str(deck_path(fixture_decks, "zh", None))).slides
              if s.shapes.title.text.startswith("长列表环节 (")]
    assert [len(s.placeholders[1].text_frame.paragraphs) for s in slides] == [4, 4]


def test_closing_slide_lists_the_worksheet_filled_in_after_the_last_session(fixture_decks: Path) -> None:
    last = list(Presentation(str(deck_path(fixture_decks, "en", None))).slides)[-1]
    assert last.shapes.title.text == "Action plan"
    assert [p.text for p in last.placeholders[1].text_frame.paragraphs] == ["My commitments", "Check-in dates"]


def test_prints_progress_and_a_summary(fixture_result: LoadResult, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    render_all_decks(fixture_result, tmp_path, settings_file=DECKS_YML)
    out = capsys.readouterr().out
    assert "zh/full-day.pptx: 12 slides" in out and "en/module-01.pptx" in out
    assert re.search(r"built 8 decks .* in \d+\.\d s", out)


def _copy_fixture(tmp_path: Path) -> Path:
    copy = tmp_path / "course"
    shutil.copytree(FIXTURE, copy)
    return copy


def test_lists_too_long_for_one_slide_split_even_below_max_bullets(tmp_path: Path) -> None:
    root = _copy_fixture(tmp_path)
    page = root / "docs" / "modules" / "01-sample.md"
    long = "这是一条很长的说明，" * 9
    text = page.read_text(encoding="utf-8").replace("- **第三点**：图片旁边的第三条要点。",
                                                    "\n".join(f"- **长点{i}**：{long}" for i in range(4)))
    page.write_text(text, encoding="utf-8")
    render_all_decks(load_course(root), tmp_path / "out", settings_file=DECKS_YML)
    titles = [s.shapes.title.text for s in Presentation(str(deck_path(tmp_path / "out", "zh", None))).slides]
    assert "带图片的环节 (1/2)" in titles and "带图片的环节 (2/2)" in titles  # 6 points, yet two slides


def test_a_bullet_too_long_for_a_slide_fails_with_its_line(tmp_path: Path) -> None:
    root = _copy_fixture(tmp_path)
    page = root / "docs" / "modules" / "01-sample.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    number = lines.index("- **第二点**：图片旁边的第二条要点。") + 1
    lines[number - 1] = "- **第二点**：" + "这是一条长得一张幻灯片也放不下的说明，" * 40
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CourseError) as raised:
        render_all_decks(load_course(root), tmp_path / "out", settings_file=DECKS_YML)
    assert f"docs/modules/01-sample.md:{number}: this text does not fit on one slide even alone at 18 pt " \
           "[slides.too_long]" in str(raised.value)
    assert not (tmp_path / "out").exists()


def test_a_template_without_a_layout_is_named_in_the_error(fixture_result: LoadResult, tmp_path: Path) -> None:
    prs = Presentation(str(ROOT / "slides" / "template.pptx"))
    prs.slide_layouts.get_by_name("Agenda")._element.find(qn("p:cSld")).set("name", "Programme")
    two = prs.slide_layouts.get_by_name("Two Content")
    picture_area = two.placeholders.get(idx=2)._element
    picture_area.getparent().remove(picture_area)
    company = tmp_path / "company.pptx"
    prs.save(str(company))
    with pytest.raises(CourseError) as raised:
        render_all_decks(fixture_result, tmp_path / "out", settings_file=DECKS_YML, template=company)
    message = str(raised.value)
    assert "the template company.pptx has no layout named 'Agenda'" in message
    assert "layout 'Two Content' of company.pptx has no placeholder idx 2 (image area)" in message
    assert "slides/decks.yml:" in message


def test_unknown_deck_settings_are_errors_with_their_line(fixture_result: LoadResult, tmp_path: Path) -> None:
    settings_file = tmp_path / "decks.yml"
    text = DECKS_YML.read_text(encoding="utf-8").replace("max_bullets:", "max_bulets:")
    text = text.replace("  body: 24", "  body: big\n  colour: red")
    settings_file.write_text(text.replace("template: template.pptx", f"template: {ROOT / 'slides/template.pptx'}"),
                             encoding="utf-8")
    with pytest.raises(CourseError) as raised:
        render_all_decks(fixture_result, tmp_path / "out", settings_file=settings_file)
    message = str(raised.value)
    lines = text.splitlines()
    assert f":{lines.index(next(x for x in lines if x.startswith('max_bulets'))) + 1}: unknown deck setting " \
           "'max_bulets'" in message
    assert "unknown key 'colour' under 'sizes'" in message
    assert "'sizes.body' must be a number" in message
    assert "3 problems found" in message


def test_a_template_with_powerpoints_standard_layouts_works(fixture_result: LoadResult, tmp_path: Path) -> None:
    import pptx

    standard = Path(pptx.__file__).parent / "templates" / "default.pptx"  # PowerPoint's stock 4:3 layouts
    settings_file = tmp_path / "decks.yml"
    text = DECKS_YML.read_text(encoding="utf-8").replace("template: template.pptx", f"template: {standard}")
    for key, ours, theirs in (("title", "Title", "Title Slide"), ("agenda", "Agenda", "Title and Content"),
                              ("section", "Section", "Section Header"),
                              ("discussion", "Case and Discussion", "Title and Content"),
                              ("closing", "Closing", "Title and Content")):
        text = text.replace(f"  {key}: {ours} ", f"  {key}: {theirs} ")
    settings_file.write_text(text, encoding="utf-8")
    render_all_decks(fixture_result, tmp_path / "out", settings_file=settings_file)
    deck = Presentation(str(deck_path(tmp_path / "out", "zh", None)))
    assert deck.slide_width == Presentation(str(standard)).slide_width
    assert [s.slide_layout.name for s in deck.slides][:3] == ["Title Slide", "Title and Content", "Title Slide"]


def test_a_powerpoint_template_file_is_accepted(fixture_result: LoadResult, tmp_path: Path) -> None:
    import zipfile

    potx = tmp_path / "company.potx"
    with zipfile.ZipFile(ROOT / "slides" / "template.pptx") as source, zipfile.ZipFile(potx, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"presentation.main+xml", b"template.main+xml")
            target.writestr(info, data)
    render_all_decks(fixture_result, tmp_path / "out", settings_file=DECKS_YML, template=potx)
    assert len(Presentation(str(deck_path(tmp_path / "out", "en", None))).slides) == 12
