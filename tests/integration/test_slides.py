"""The built decks of fixture courses, read back with python-pptx and rendered by LibreOffice.

The expected slides are derived here from the course model and the split rule of decks.yml
(a list of n items takes ceil(n / max) slides; more only when even min_body would overflow),
independently of how slides/render.py plans them.

The fixture courses are loaded, not checked: tests/fixtures/slides_course has a session with eight
key points (the checker allows six) so that a list longer than `max_bullets` can be seen splitting.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from course_copies import edit
from pptx import Presentation
from pptx.oxml.ns import qn
from pypdf import PdfReader

from build_tools.load import load_course
from build_tools.model import BlockKind, Course, Edition, Module
from build_tools.outputs import deck_path
from build_tools.problems import CourseError
from build_tools.slides.render import LANGUAGE_TAGS, render_all_decks, text_box
from build_tools.slides.settings import DeckSettings, load_deck_settings
from build_tools.slides.text_fit import TextMeasurer, is_cjk, paragraphs_from_xml

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "slides_course"
DECKS_YML = ROOT / "slides" / "decks.yml"
TEMPLATE = ROOT / "slides" / "template.pptx"
SAMPLE = "docs/modules/01-sample.md"
PART = re.compile(r"^(?P<base>.*) \((?P<i>\d+)/(?P<n>\d+)\)$")
CONTENT_LAYOUTS = ("content", "content_with_image")


def load(root: Path) -> Course:
    """A fixture course, read without reading problems (the slide tests do not run the checker)."""
    result = load_course(root)
    assert not result.problems, result.problems
    return result.course


def quiet(_: str) -> None:
    """Progress lines are not what most tests look at."""


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


def expected_groups(course: Course, settings: DeckSettings, language: str, module: Module | None) -> Iterator[Group]:
    """The deck's slide groups, in order, from the course model."""
    assert course.settings is not None
    view = course.view(language)
    modules = view.modules if module is None else (module,)
    sessions = [s for m in modules for s in m.sessions]
    ids = {s.id for s in sessions}
    yield Group("title", course.settings.title[language])
    own = [i for i in view.agenda.items if i.session is not None and i.session.id in ids]
    rows = [i for i in view.agenda.items if (own[0].day, own[0].start) <= (i.day, i.start)
            and (i.day, i.end) <= (own[-1].day, own[-1].end) and (i.pause is not None or i.session.id in ids)]
    yield Group("agenda", course.word(language, "agenda"), len(rows), settings.max_agenda_rows)
    for each in modules:
        if module is None:
            yield Group("title", each.title)
        for session in each.sessions:
            yield Group("section", session.title)
            if session.key_points or session.images:
                yield Group("content", session.title, len(session.key_points), settings.max_bullets,
                            at_least=len(session.images))
            for block in session.questions:
                count = len(block.paragraphs()) + len(block.items)
                yield Group("discussion", block.title or course.word(language, "slide_discussion"), count,
                            settings.max_bullets)
            for case in view.cases_for(session.id):
                questions = [b for b in case.questions_section.blocks if b.kind is BlockKind.LIST]
                yield Group("discussion", case.title, sum(len(b.items) for b in questions), settings.max_bullets)
    last = sessions[-1].id
    worksheets = [*view.worksheets_after(last), *(view.worksheets_after(None) if last == view.sessions[-1].id else ())]
    if worksheets:
        page = worksheets[0].page
        yield Group("closing", page.title, sum(h.level == 2 for h in page.headings), settings.max_bullets)
    else:
        with_objectives = [m for m in modules if m.objective_items]
        heading = with_objectives[0].objectives.heading
        count = sum(len(m.objective_items) for m in with_objectives)
        yield Group("closing", heading.title, count, settings.max_bullets)


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


def all_decks(course: Course, settings: DeckSettings) -> Iterator[tuple[str, Module | None]]:
    """(language, module) of every deck decks.yml asks for."""
    for language in settings.decks.languages or [lang.code for lang in course.languages]:
        if settings.decks.full_day:
            yield language, None
        if settings.decks.modules:
            for module in course.view(language).modules:
                yield language, module


def deck_files(out: Path) -> list[Path]:
    """Every built deck, both editions."""
    return sorted(out.rglob("*.pptx"))


def slide_texts(path: Path) -> list[tuple[str, list[str], str]]:
    """(title, body paragraphs, notes) of every slide."""
    texts = []
    for slide in Presentation(str(path)).slides:
        body = [p.text for ph in slide.placeholders if ph.placeholder_format.idx == 1
                for p in ph.text_frame.paragraphs]
        texts.append((slide.shapes.title.text, body, slide.notes_slide.notes_text_frame.text))
    return texts


@pytest.fixture(scope="module")
def settings() -> DeckSettings:
    """The repository's deck settings and template."""
    return load_deck_settings(ROOT)


@pytest.fixture(scope="module")
def measurer() -> TextMeasurer:
    """The slide text estimate."""
    return TextMeasurer()


@pytest.fixture(scope="module")
def course() -> Course:
    """tests/fixtures/slides_course: one module, an image, a long list, a case and a worksheet."""
    return load(FIXTURE)


@pytest.fixture(scope="module")
def decks(course: Course, settings: DeckSettings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture course's decks, built with the repository's decks.yml and template."""
    out = tmp_path_factory.mktemp("fixture-slides")
    render_all_decks(course, out, settings, report=quiet)
    return out


def course_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture with the repository's decks.yml and template in its own slides/."""
    root = tmp_path / "course"
    shutil.copytree(FIXTURE, root)
    (root / "slides").mkdir()
    shutil.copy(DECKS_YML, root / "slides" / "decks.yml")
    shutil.copy(TEMPLATE, root / "slides" / "template.pptx")
    return root


def problem_lines(error: pytest.ExceptionInfo[CourseError]) -> list[str]:
    """The report's `path:line: message [code]` lines, as a trainer reads them."""
    return [line for line in str(error.value).splitlines() if not line.startswith("    fix:")]


# --- every deck ------------------------------------------------------------------------------------


def test_builds_both_editions_of_every_deck(decks: Path, course: Course, settings: DeckSettings) -> None:
    for language, module in all_decks(course, settings):
        for edition in Edition:
            assert deck_path(decks, course, language, module, edition).is_file()
    assert len(deck_files(decks)) == 2 * len(list(all_decks(course, settings)))


def test_the_whole_course_deck_is_named_for_the_course(decks: Path) -> None:
    assert (decks / "zh" / "slide-test-zh.pptx").is_file()
    assert (decks / "en" / "participant" / "slide-test-en.pptx").is_file()
    assert (decks / "en" / "slide-test-en-module-01.pptx").is_file()


def test_slides_match_the_model_and_the_split_rule(decks: Path, course: Course, settings: DeckSettings) -> None:
    for language, module in all_decks(course, settings):
        expected = list(expected_groups(course, settings, language, module))
        for edition in Edition:
            path = deck_path(decks, course, language, module, edition)
            built = built_groups(path, settings)
            assert [(g.kind, g.title) for g in built] == [(g.kind, g.title) for g in expected], path
            for want, got in zip(expected, built, strict=True):
                count = len(got.parts)
                assert got.parts == tuple((i, count) for i in range(1, count + 1)) or count == 1, (path, got)
                # more slides than the rule gives only when even the smallest body size would overflow
                assert count == want.slides or (count > want.slides and got.body_sizes == {settings.sizes.min_body}), (
                    path, want, got)
            assert len(Presentation(str(path)).slides) == sum(len(g.parts) for g in built)


def test_every_slide_has_a_title_and_speaker_notes(decks: Path) -> None:
    for path in deck_files(decks):
        for number, slide in enumerate(Presentation(str(path)).slides, start=1):
            assert slide.shapes.title is not None and slide.shapes.title.text.strip(), (path, number)
            assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip(), (path, number)


def test_every_run_names_latin_and_east_asian_fonts_and_language(decks: Path, settings: DeckSettings) -> None:
    for path in deck_files(decks):
        language = path.relative_to(decks).parts[0]
        for number, slide in enumerate(Presentation(str(path)).slides, start=1):
            parts = [slide._element, slide.notes_slide._element]
            for run in (r for part in parts for r in part.iter(qn("a:r"))):
                properties = run.find(qn("a:rPr"))
                where = (path, number, run.findtext(qn("a:t")))
                assert properties is not None, where
                assert properties.find(qn("a:latin")).get("typeface") == settings.fonts.latin, where
                assert properties.find(qn("a:ea")).get("typeface") == settings.fonts.east_asian, where
                assert properties.get("lang") == LANGUAGE_TAGS[language], where


def test_chinese_text_is_set_in_the_east_asian_font(decks: Path, settings: DeckSettings) -> None:
    chinese_runs = 0
    for path in deck_files(decks / "zh"):
        for slide in Presentation(str(path)).slides:
            for run in slide._element.iter(qn("a:r")):
                if any(is_cjk(c) for c in run.findtext(qn("a:t")) or ""):
                    chinese_runs += 1
                    assert run.find(f"{qn('a:rPr')}/{qn('a:ea')}").get("typeface") == settings.fonts.east_asian
    assert chinese_runs > 100


def test_no_text_frame_holds_more_than_its_measured_room(decks: Path, measurer: TextMeasurer,
                                                         settings: DeckSettings) -> None:
    for path in deck_files(decks):
        for number, slide in enumerate(Presentation(str(path)).slides, start=1):
            for shape in slide.placeholders:
                box = text_box(shape)
                paragraphs = paragraphs_from_xml(shape.text_frame._txBody, settings.sizes.body)
                needed = measurer.measure(paragraphs, box.width).height
                assert needed <= box.height, (path, number, shape.placeholder_format.idx, needed, box)


def test_body_text_never_shrinks_below_the_minimum(decks: Path, settings: DeckSettings) -> None:
    for path in deck_files(decks):
        for slide in Presentation(str(path)).slides:
            for shape in slide.placeholders:
                for properties in shape._element.iter(qn("a:rPr")):
                    assert int(properties.get("sz")) / 100 >= settings.sizes.min_body, path


def _trainer_texts(course: Course, language: str) -> set[str]:
    """The text of every trainer note, debrief and materials entry of a language."""
    texts = set()
    for page in course.pages_in(language):
        for block in page.blocks:
            if block.kind.facilitator_only:
                texts |= {p.text for p in block.paragraphs() if len(p.text) >= 4}
                texts |= {item.text for item in block.all_items() if len(item.text) >= 2}
    return texts


def _notes_text(path: Path) -> str:
    return "\n".join(s.notes_slide.notes_text_frame.text for s in Presentation(str(path)).slides)


def test_participant_notes_contain_no_trainer_note(decks: Path, course: Course, settings: DeckSettings) -> None:
    for language, module in all_decks(course, settings):
        texts = _trainer_texts(course, language)
        assert len(texts) >= 4
        participant = _notes_text(deck_path(decks, course, language, module, Edition.PARTICIPANT))
        leaked = [s for s in texts if s in participant]
        assert not leaked, leaked[:3]
        facilitator = _notes_text(deck_path(decks, course, language, module, Edition.FACILITATOR))
        assert all(s in facilitator for s in texts), [s for s in texts if s not in facilitator]


def test_trainer_notes_are_headed_by_their_block_titles(decks: Path, course: Course) -> None:
    notes = _notes_text(deck_path(decks, course, "en", None, Edition.FACILITATOR)).splitlines()
    assert "Trainer notes:" in notes and "Materials:" in notes and "Debrief points:" in notes
    assert "• Projector" in notes


def test_notes_give_every_session_method_minutes_and_clock_time(decks: Path, course: Course) -> None:
    for language in ("zh", "en"):
        agenda = course.view(language).agenda
        notes = _notes_text(deck_path(decks, course, language, None, Edition.PARTICIPANT))
        for session in course.sessions(language):
            item = agenda.start_of(session.id)
            assert item is not None
            start = f"{item.start // 60:02d}:{item.start % 60:02d}"
            line = f"{session.method.label(language)} · {course.word(language, 'min', n=session.minutes)} · {start}–"
            assert line in notes, line


def test_section_notes_give_the_sessions_purpose(decks: Path, course: Course) -> None:
    texts = slide_texts(deck_path(decks, course, "en", None, Edition.PARTICIPANT))
    section = next(t for t in texts if t[0] == "Session with an image" and t[1][0].startswith("lecture"))
    assert section[2].splitlines() == ["lecture · 15 min · 09:00–09:15", "This session has an image."]


def test_key_points_set_their_term_in_bold(decks: Path, course: Course) -> None:
    slide = next(s for s in Presentation(str(deck_path(decks, course, "zh", None))).slides
                 if s.shapes.title.text == "长列表环节 (1/2)")
    runs = slide.placeholders[1].text_frame.paragraphs[0].runs
    assert [(r.text, r.font.bold) for r in runs] == [("要点一", True), ("：第一条说明。", False)]


def test_core_properties_come_from_the_course(decks: Path, course: Course) -> None:
    course_settings = course.settings
    assert course_settings is not None
    for language in ("zh", "en"):
        for edition in Edition:
            core = Presentation(str(deck_path(decks, course, language, None, edition))).core_properties
            assert core.title == course_settings.title[language]
            assert core.author == core.last_modified_by == course_settings.author[language]
            assert core.language == LANGUAGE_TAGS[language]
            assert core.created.date() == core.modified.date() == course_settings.edition
            assert core.revision == 1
            assert core.content_status == edition.value


def test_two_builds_are_byte_identical(decks: Path, course: Course, settings: DeckSettings, tmp_path: Path) -> None:
    again = tmp_path / "again"
    render_all_decks(course, again, settings, report=quiet)
    first, second = deck_files(decks), deck_files(again)
    assert [p.relative_to(decks) for p in first] == [p.relative_to(again) for p in second]
    for one, other in zip(first, second, strict=True):
        assert one.read_bytes() == other.read_bytes(), one


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (libreoffice-impress) is not installed")
def test_libreoffice_renders_every_slide(decks: Path, tmp_path: Path) -> None:
    copies_dir = tmp_path / "decks"
    copies_dir.mkdir()
    copies = {}
    for path in deck_files(decks):
        name = "-".join(path.relative_to(decks).parts)
        shutil.copyfile(path, copies_dir / name)
        copies[name] = len(Presentation(str(path)).slides)
    pdfs = tmp_path / "pdf"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(pdfs), *sorted(str(copies_dir / name) for name in copies)],
        check=True, capture_output=True, timeout=900,
    )
    for name, slides in copies.items():
        pdf = pdfs / name.replace(".pptx", ".pdf")
        assert pdf.is_file(), name
        assert len(PdfReader(pdf).pages) == slides, name


# --- particular slides -----------------------------------------------------------------------------


def test_images_appear_beside_the_key_points(decks: Path, course: Course) -> None:
    slides = list(Presentation(str(deck_path(decks, course, "en", None))).slides)
    with_picture = [s for s in slides if any(shape.shape_type == 13 for shape in s.shapes)]
    assert len(with_picture) == 1
    slide = with_picture[0]
    picture = next(shape for shape in slide.shapes if shape.shape_type == 13)
    area = slide.slide_layout.placeholders.get(idx=2)
    assert picture._element.nvPicPr.cNvPr.get("descr") == "Process diagram"
    assert area.left <= picture.left and picture.left + picture.width <= area.left + area.width
    assert area.top <= picture.top and picture.top + picture.height <= area.top + area.height
    assert "First point" in slide.placeholders[1].text_frame.text


def test_long_lists_continue_on_numbered_slides(decks: Path, course: Course) -> None:
    path = deck_path(decks, course, "zh", None)
    titles = [s.shapes.title.text for s in Presentation(str(path)).slides]
    assert "长列表环节 (1/2)" in titles and "长列表环节 (2/2)" in titles
    slides = [s for s in Presentation(str(path)).slides if s.shapes.title.text.startswith("长列表环节 (")]
    assert [len(s.placeholders[1].text_frame.paragraphs) for s in slides] == [4, 4]


def test_case_questions_are_numbered_and_facilitator_notes_carry_the_debrief(decks: Path, course: Course) -> None:
    slide = next(s for s in Presentation(str(deck_path(decks, course, "en", None))).slides
                 if s.shapes.title.text == "Sample case")
    paragraphs = slide.placeholders[1].text_frame.paragraphs
    assert [p.text for p in paragraphs] == ["What is the first question?", "What is the second question?",
                                            "What is the third question?"]
    assert paragraphs[0]._p.find(f"{qn('a:pPr')}/{qn('a:buAutoNum')}").get("startAt") == "1"
    assert "The case debrief points are for trainers only." in slide.notes_slide.notes_text_frame.text


def test_a_debrief_list_under_the_case_questions_stays_in_the_facilitator_notes(tmp_path: Path,
                                                                               settings: DeckSettings) -> None:
    root = course_copy(tmp_path)
    edit(root, "docs/cases/sample-case.en.md", "    The case debrief points are for trainers only.",
         "    - The case debrief points are for trainers only.\n    - A second debrief point.")
    course = load(root)
    render_all_decks(course, tmp_path / "out", settings, report=quiet)
    for edition in Edition:
        title, body, notes = next(t for t in slide_texts(deck_path(tmp_path / "out", course, "en", None, edition))
                                  if t[0] == "Sample case")
        assert body == ["What is the first question?", "What is the second question?", "What is the third question?"]
        assert ("• A second debrief point." in notes.splitlines()) is (edition is Edition.FACILITATOR)


def test_closing_slide_lists_the_worksheet_filled_in_after_the_last_session(decks: Path, course: Course) -> None:
    last = list(Presentation(str(deck_path(decks, course, "en", None))).slides)[-1]
    assert last.shapes.title.text == "Action plan"
    assert [p.text for p in last.placeholders[1].text_frame.paragraphs] == ["My commitments", "Check-in dates"]
    assert "Fill this in after the long-list session." in last.notes_slide.notes_text_frame.text


def test_closing_slide_lists_the_objectives_when_no_worksheet_follows(tmp_path: Path, settings: DeckSettings) -> None:
    root = course_copy(tmp_path)
    (root / "docs" / "workbook" / "plan.md").unlink()
    (root / "docs" / "workbook" / "plan.en.md").unlink()
    course = load(root)
    render_all_decks(course, tmp_path / "out", settings, report=quiet)
    title, body, _ = slide_texts(deck_path(tmp_path / "out", course, "en", None))[-1]
    assert (title, body) == ("Learning objectives", ["See an image appear on a slide.",
                                                     "See a long list continue on a second slide."])


def test_prints_progress_and_a_summary(course: Course, settings: DeckSettings, tmp_path: Path) -> None:
    lines: list[str] = []
    render_all_decks(course, tmp_path, settings, report=lines.append)
    out = "\n".join(lines)
    assert "zh/slide-test-zh.pptx: 12 slides" in out and "en/slide-test-en-module-01.pptx" in out
    assert re.search(r"built 8 decks .* in \d+\.\d s", out)


def test_the_course_word_for_a_module_is_used(tmp_path: Path, settings: DeckSettings) -> None:
    root = course_copy(tmp_path)
    with (root / "docs" / "course.yml").open("a", encoding="utf-8") as stream:
        stream.write("words:\n  zh: {module: 单元}\n  en: {module: Unit}\n")
    course = load(root)
    render_all_decks(course, tmp_path / "out", settings, report=quiet)
    module = course.view("en").modules[0]
    title, body, notes = slide_texts(deck_path(tmp_path / "out", course, "en", module))[0]
    assert body[0] == "Unit 1: Sample module"
    whole = slide_texts(deck_path(tmp_path / "out", course, "zh", None))
    assert whole[2][1][0] == "单元 1"
    english = slide_texts(deck_path(tmp_path / "out", course, "en", None))
    assert not any("模块 1" in text or "Module 1" in text for deck in (whole, english) for t, b, n in deck
                   for text in (t, *b, n))
    assert "Unit 1: Sample module · 30 min · 09:00–09:30" in english[0][2]


@pytest.mark.xfail(strict=True, reason="words.expand fills the {time} of 'day_time' and 'slide_ends' with the word "
                                       "'time' ('Day {n} · Time'); remove this mark when it no longer does")
def test_every_time_on_a_course_of_several_days_carries_its_day(tmp_path: Path, settings: DeckSettings) -> None:
    root = course_copy(tmp_path)
    edit(root, "docs/course.yml", '    end: "09:30"\n',
         '    end: "09:15"\n  - start: "09:00"\n    end: "09:15"\n')
    course = load(root)
    assert course.view("en").agenda.multi_day
    render_all_decks(course, tmp_path / "out", settings, report=quiet)
    texts = slide_texts(deck_path(tmp_path / "out", course, "en", None))
    assert texts[0][1][1] == "30 min · Day 1 · 09:00–Day 2 · 09:15"
    assert texts[1][1] == ["Day 1 · 09:00–09:15  Session with an image",
                           "Day 2 · 09:00–09:15  Session with a long list"]
    sections = [body[0] for title, body, _ in texts if title == "Session with a long list" and body
                and body[0].startswith("group")]
    assert sections == ["group discussion · 15 min · Day 2 · 09:00–09:15"]
    assert texts[-1][2].splitlines()[0] == "Ends at Day 2 · 09:15"
    zh = slide_texts(deck_path(tmp_path / "out", course, "zh", None))
    assert zh[1][1][1] == "第2天 09:00–09:15  长列表环节"


# --- problems: nothing is written, and each names its line ------------------------------------------


def test_lists_too_long_for_one_slide_split_even_below_max_bullets(tmp_path: Path, settings: DeckSettings) -> None:
    root = course_copy(tmp_path)
    long = "这是一条很长的说明，" * 9
    edit(root, SAMPLE, "- **第三点**：图片旁边的第三条要点。", "\n".join(f"- **长点{i}**：{long}" for i in range(4)))
    course = load(root)
    render_all_decks(course, tmp_path / "out", settings, report=quiet)
    titles = [s.shapes.title.text for s in Presentation(str(deck_path(tmp_path / "out", course, "zh", None))).slides]
    assert "带图片的环节 (1/2)" in titles and "带图片的环节 (2/2)" in titles  # 6 points, yet two slides


def test_a_bullet_too_long_for_a_slide_fails_with_its_line(tmp_path: Path, settings: DeckSettings) -> None:
    root = course_copy(tmp_path)
    page = root / SAMPLE
    lines = page.read_text(encoding="utf-8").splitlines()
    number = lines.index("- **第二点**：图片旁边的第二条要点。") + 1
    lines[number - 1] = "- **第二点**：" + "这是一条长得一张幻灯片也放不下的说明，" * 40
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CourseError) as raised:
        render_all_decks(load(root), tmp_path / "out", settings, report=quiet)
    assert f"{SAMPLE}:{number}: this text does not fit on one slide even alone at 18 pt [slides.too_long]" \
        in problem_lines(raised)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("first_line", ["- **第二点**：这一条要点写得很长，", "- 这一条要点没有加粗的词，"])
def test_a_key_point_wrapped_over_source_lines_is_reported_at_its_own_line(
    tmp_path: Path, settings: DeckSettings, first_line: str
) -> None:
    root = course_copy(tmp_path)
    continuation = "  " + "它在源文件里换了行，一张幻灯片也放不下，" * 30
    edit(root, SAMPLE, "- **第二点**：图片旁边的第二条要点。", f"{first_line}\n{continuation}")
    lines = (root / SAMPLE).read_text(encoding="utf-8").splitlines()
    number = lines.index(first_line) + 1
    with pytest.raises(CourseError) as raised:
        render_all_decks(load(root), tmp_path / "out", settings, report=quiet)
    assert problem_lines(raised) == [
        f"{SAMPLE}:{number}: this text does not fit on one slide even alone at 18 pt [slides.too_long]",
        "1 problem found",
    ]
    assert not (tmp_path / "out").exists()


def test_an_image_powerpoint_cannot_show_is_reported_at_its_line(tmp_path: Path, settings: DeckSettings) -> None:
    root = course_copy(tmp_path)
    (root / "docs" / "assets" / "images" / "diagram.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    edit(root, SAMPLE, "](../assets/images/diagram.png)", "](../assets/images/diagram.svg)")
    with pytest.raises(CourseError) as raised:
        render_all_decks(load(root), tmp_path / "out", settings, report=quiet)
    assert problem_lines(raised) == [
        f"{SAMPLE}:23: image '../assets/images/diagram.svg' cannot go on a slide "
        "(PowerPoint takes .bmp, .gif, .jpeg, .jpg, .png, .tif, .tiff) [slides.image]",
        "1 problem found",
    ]
    assert not (tmp_path / "out").exists()


def test_an_unreadable_image_is_reported_at_its_line(tmp_path: Path, settings: DeckSettings) -> None:
    root = course_copy(tmp_path)
    (root / "docs" / "assets" / "images" / "diagram.png").write_bytes(b"not a picture")
    with pytest.raises(CourseError) as raised:
        render_all_decks(load(root), tmp_path / "out", settings, report=quiet)
    reported = next(line for line in problem_lines(raised) if line.startswith(f"{SAMPLE}:"))
    assert reported.startswith(f"{SAMPLE}:23: image '../assets/images/diagram.png' cannot be read: ")
    assert reported.endswith(" [slides.image]")


def test_a_template_without_a_layout_is_named_in_the_error(course: Course, tmp_path: Path) -> None:
    prs = Presentation(str(TEMPLATE))
    prs.slide_layouts.get_by_name("Agenda")._element.find(qn("p:cSld")).set("name", "Programme")
    two = prs.slide_layouts.get_by_name("Two Content")
    picture_area = two.placeholders.get(idx=2)._element
    picture_area.getparent().remove(picture_area)
    company = tmp_path / "company.pptx"
    prs.save(str(company))
    layouts = ", ".join(layout.name for layout in Presentation(str(company)).slide_layouts)
    root = course_copy(tmp_path)
    lines = (root / "slides" / "decks.yml").read_text(encoding="utf-8").splitlines()
    agenda = lines.index(next(x for x in lines if x.startswith("  agenda:"))) + 1
    two_content = lines.index(next(x for x in lines if x.startswith("  content_with_image:"))) + 1
    settings = load_deck_settings(root, template=company)
    with pytest.raises(CourseError) as raised:
        render_all_decks(course, tmp_path / "out", settings, report=quiet)
    assert problem_lines(raised) == [
        f"slides/decks.yml:{agenda}: the template company.pptx has no layout named 'Agenda' (its layouts: {layouts}) "
        "[slides.template]",
        f"slides/decks.yml:{two_content}: layout 'Two Content' of company.pptx has no placeholder idx 2 (image area) "
        "[slides.template]",
        "2 problems found",
    ]
    assert not (tmp_path / "out").exists()


def test_a_missing_template_is_reported_at_its_setting(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    (root / "slides" / "template.pptx").unlink()
    lines = (root / "slides" / "decks.yml").read_text(encoding="utf-8").splitlines()
    number = lines.index("template: template.pptx") + 1
    with pytest.raises(CourseError) as raised:
        load_deck_settings(root)
    assert problem_lines(raised) == [
        f"slides/decks.yml:{number}: the slide template {root / 'slides' / 'template.pptx'} does not exist "
        "[slides.template]",
        "1 problem found",
    ]


def test_unknown_deck_settings_are_errors_with_their_line(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    settings_file = root / "slides" / "decks.yml"
    text = settings_file.read_text(encoding="utf-8").replace("max_bullets:", "max_bulets:")
    text = text.replace("  body: 24", "  body: big\n  colour: red")
    settings_file.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    bulets = lines.index(next(x for x in lines if x.startswith("max_bulets"))) + 1
    colour = lines.index(next(x for x in lines if x.startswith("  colour: red"))) + 1
    with pytest.raises(CourseError) as raised:
        load_deck_settings(root)
    assert problem_lines(raised) == [
        f"slides/decks.yml:{colour - 1}: 'sizes.body' must be a number [slides.invalid]",
        f"slides/decks.yml:{colour}: unknown key 'colour' under 'sizes' (allowed: cover_title, title, min_title, "
        "subtitle, body, min_body, question, agenda, notes) [slides.unknown_key]",
        f"slides/decks.yml:{bulets}: unknown deck setting 'max_bulets' (allowed: decks, layouts, fonts, sizes, "
        "template, max_bullets, max_agenda_rows, line_spacing, paragraph_space, agenda_row_space, bullet_indent) "
        "[slides.unknown_key]",
        "3 problems found",
    ]


def test_a_language_the_course_lacks_is_an_invalid_setting(course: Course, tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    edit(root, "slides/decks.yml", "languages: [zh, en]", "languages: [zh, fr]")
    lines = (root / "slides" / "decks.yml").read_text(encoding="utf-8").splitlines()
    number = lines.index(next(x for x in lines if x.startswith("  languages:"))) + 1
    with pytest.raises(CourseError) as raised:
        render_all_decks(course, tmp_path / "out", load_deck_settings(root), report=quiet)
    assert problem_lines(raised) == [
        f"slides/decks.yml:{number}: 'decks.languages' lists fr; the course has zh, en [slides.invalid]",
        "1 problem found",
    ]


def test_a_template_with_powerpoints_standard_layouts_works(course: Course, tmp_path: Path) -> None:
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
    render_all_decks(course, tmp_path / "out", load_deck_settings(FIXTURE, settings_file), report=quiet)
    deck = Presentation(str(deck_path(tmp_path / "out", course, "zh", None)))
    assert deck.slide_width == Presentation(str(standard)).slide_width
    assert [s.slide_layout.name for s in deck.slides][:3] == ["Title Slide", "Title and Content", "Title Slide"]


def test_a_powerpoint_template_file_is_accepted(course: Course, tmp_path: Path) -> None:
    potx = tmp_path / "company.potx"
    with zipfile.ZipFile(TEMPLATE) as source, zipfile.ZipFile(potx, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"presentation.main+xml", b"template.main+xml")
            target.writestr(info, data)
    render_all_decks(course, tmp_path / "out", load_deck_settings(FIXTURE, DECKS_YML, potx), report=quiet)
    assert len(Presentation(str(deck_path(tmp_path / "out", course, "en", None))).slides) == 12
