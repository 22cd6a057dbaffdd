"""The built decks of fixture courses, read back with python-pptx and rendered by LibreOffice.

The expected slides are derived here from the course model and the split rule of decks.yml
(a list of n items takes ceil(n / max) slides; more only when its text would overflow), independently
of how build_tools/slides/planner.py plans them. Text frames are read back from the saved XML: their explicit
line breaks (`a:br`) are re-measured and checked against the rules for breaking Chinese and English.

The fixture courses are loaded, not checked: tests/fixtures/slides_course has a session with eight
key points (the checker allows six) so that a list longer than `max_bullets` can be seen splitting.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from course_copies import edit
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx_reading import paragraphs_from_xml
from pypdf import PdfReader

from build_tools.course import localise
from build_tools.course.load import load_course
from build_tools.course.model import BlockKind, Course, Edition, Module
from build_tools.course.problems import CourseError
from build_tools.parts.output_files import deck_path
from build_tools.parts.output_jobs import RenderOptions
from build_tools.pipeline.build import render_course
from build_tools.slides.settings import DeckSettings, load_deck_settings
from build_tools.slides.template import text_box
from build_tools.slides.text_fit import TextMeasurer, east_asian_context, is_cjk
from build_tools.slides.text_xml import LANGUAGE_TAGS
from build_tools.slides.wording import says

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


def agenda_rows(course: Course, language: str, modules: tuple[Module, ...]) -> int:
    """Rows of the agenda of some modules: their sessions and the pauses between them."""
    view = course.view(language)
    ids = {s.id for m in modules for s in m.sessions}
    own = [i for i in view.agenda.items if i.session is not None and i.session.id in ids]
    return len([i for i in view.agenda.items if (own[0].day, own[0].start) <= (i.day, i.start)
                and (i.day, i.end) <= (own[-1].day, own[-1].end) and (i.pause is not None or i.session.id in ids)])


def expected_groups(course: Course, settings: DeckSettings, language: str, module: Module | None) -> Iterator[Group]:
    """The deck's slide groups, in order, from the course model.

    The whole-course deck of a course of several modules opens with the modules' agenda and shows
    each module's agenda after its title slide; other decks open with their sessions' agenda.
    """
    assert course.settings is not None
    view = course.view(language)
    modules = view.modules if module is None else (module,)
    sessions = [s for m in modules for s in m.sessions]
    several = module is None and len(modules) > 1
    agenda = localise.word(course, language, "agenda")
    yield Group("title", course.settings.title[language])
    if not several:
        yield Group("agenda", agenda, agenda_rows(course, language, modules), settings.max_agenda_rows)
    else:
        yield Group("agenda", agenda)
    for each in modules:
        if module is None:
            yield Group("title", each.title)
        if several:
            number = localise.word(course, language, "module_n", n=each.number)
            title = f"{agenda}{localise.word(course, language, 'slide_point_sep')}{number}"
            yield Group("agenda", title, agenda_rows(course, language, (each,)), settings.max_agenda_rows)
        for session in each.sessions:
            yield Group("section", session.title)
            short = short_title(session.title)
            sep = localise.word(course, language, "slide_point_sep")
            if session.key_points or session.images:
                title = localise.word(course, language, "slide_key_points") + sep + short  # every session alike
                yield Group("content", title, len(session.key_points), settings.max_bullets,
                            at_least=len(session.images))
            for block in session.questions:
                count = len(block.paragraphs()) + len(block.items)
                discussion = localise.word(course, language, "slide_discussion")
                title = block.title if block.title not in ("", discussion) else discussion + sep + short
                yield Group("discussion", title, count, settings.max_bullets)
            for case in view.cases_for(session.id):
                questions = [b for b in case.questions_section.blocks if b.kind is BlockKind.LIST]
                label, name = localise.word(course, language, "case"), short_title(case.title)  # "Case: …"
                title = name + sep + localise.word(course, language, "slide_questions") if says(name, label) else (
                    label + sep + name)
                yield Group("discussion", title, sum(len(b.items) for b in questions), settings.max_bullets)
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
    yield Group("title", localise.word(course, language, "slide_thanks"))


def short_title(title: str) -> str:
    """A session title's part after its first dash or colon, capitalised: the key-point slide's title."""
    match = re.search(r"——| — | – |：|: ", title)
    if match is None or not title[match.end():].strip():
        return title
    rest = title[match.end():].strip()
    return rest[0].upper() + rest[1:]


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
        title = shown(slide.shapes.title.text)
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
        if settings.decks.whole_course:
            yield language, None
        if settings.decks.modules:
            for module in course.view(language).modules:
                yield language, module


def text_placeholders(slide: object) -> list:
    """The placeholders the renderer fills with course text (not the template-styled slide number)."""
    return [ph for ph in slide.placeholders  # type: ignore[attr-defined]
            if ph.placeholder_format.type != PP_PLACEHOLDER.SLIDE_NUMBER]


def shown(text: str) -> str:
    """A text frame's text as written in the course: python-pptx gives each line break (`a:br`) as "\\v"."""
    return text.replace("\v", "")


def deck_files(out: Path) -> list[Path]:
    """Every built deck, both editions."""
    return sorted(out.rglob("*.pptx"))


def slide_texts(path: Path) -> list[tuple[str, list[str], str]]:
    """(title, body paragraphs, notes) of every slide."""
    texts = []
    for slide in Presentation(str(path)).slides:
        body = [shown(p.text) for ph in slide.placeholders if ph.placeholder_format.idx == 1
                for p in ph.text_frame.paragraphs]
        texts.append((shown(slide.shapes.title.text), body, slide.notes_slide.notes_text_frame.text))
    return texts


def render_decks(course: Course, out: Path, options: RenderOptions | None = None,
                 report: Callable[[str], None] = quiet) -> None:
    """The decks of `course` (its own slides/decks.yml and template), made as `make all` makes them: the deck jobs."""
    render_course(course, "decks", out, options=options, report=report)


@pytest.fixture(scope="module")
def settings() -> DeckSettings:
    """The repository's deck settings and template."""
    return load_deck_settings(ROOT)


@pytest.fixture(scope="module")
def measurer() -> TextMeasurer:
    """The slide text estimate."""
    return TextMeasurer()


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    """tests/fixtures/slides_course (one module, an image, a long list, a case and a worksheet), with the
    repository's decks.yml and template in its slides/."""
    return load(course_copy(tmp_path_factory.mktemp("slides-course")))


@pytest.fixture(scope="module")
def decks(course: Course, settings: DeckSettings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture course's decks, built with the repository's decks.yml and template."""
    out = tmp_path_factory.mktemp("fixture-slides")
    render_decks(course, out)
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
                # the fixture's texts are short: no list needs more slides than the rule gives
                assert count == want.slides or want.items == 1 and want.most == 1, (path, want, got)
            assert len(Presentation(str(path)).slides) == sum(len(g.parts) for g in built)


def test_every_slide_has_a_title_and_speaker_notes(decks: Path) -> None:
    for path in deck_files(decks):
        for number, slide in enumerate(Presentation(str(path)).slides, start=1):
            assert slide.shapes.title is not None and slide.shapes.title.text.strip(), (path, number)
            assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip(), (path, number)


def runs_with_script(paragraph: etree._Element) -> Iterator[tuple[etree._Element, str, list[bool]]]:
    """Each run of an `a:p` with its text and, per character, whether it belongs with Chinese text."""
    runs = [(r, r.findtext(qn("a:t")) or "") for r in paragraph if r.tag in (qn("a:r"), qn("a:br"))]
    text = "".join(t if r.tag == qn("a:r") else "\n" for r, t in runs)
    east_asian = east_asian_context(text)
    offset = 0
    for run, run_text in runs:
        if run.tag == qn("a:r"):
            yield run, run_text, east_asian[offset:offset + len(run_text)]
        offset += len(run_text) if run.tag == qn("a:r") else 1


def test_every_run_names_latin_and_east_asian_fonts_and_language(decks: Path, settings: DeckSettings) -> None:
    for path in deck_files(decks):
        language = path.relative_to(decks).parts[0]
        for number, slide in enumerate(Presentation(str(path)).slides, start=1):
            parts = [slide._element, slide.notes_slide._element]
            for paragraph in (p for part in parts for p in part.iter(qn("a:p"))):
                for run, text, east_asian in runs_with_script(paragraph):
                    properties = run.find(qn("a:rPr"))
                    where = (path, number, text)
                    assert properties is not None, where
                    # a run of Chinese text and its punctuation names the East Asian font for both scripts
                    chinese = any(east_asian) and all(e or c.isspace() for c, e in zip(text, east_asian, strict=True))
                    latin = settings.fonts.east_asian if chinese else settings.fonts.latin
                    assert properties.find(qn("a:latin")).get("typeface") == latin, where
                    assert properties.find(qn("a:ea")).get("typeface") == settings.fonts.east_asian, where
                    assert properties.get("lang") in _run_languages(language, text), where


def _run_languages(deck: str, text: str) -> tuple[str, ...]:
    """A run's language: the deck's, but Chinese words in an English deck are Chinese (simplified or
    traditional) and English words in a Chinese deck English (parts/foreign_words.py)."""
    if deck == "en" and re.search(r"[\u4e00-\u9fff]", text):
        return ("zh-CN", "zh-Hant")
    if deck == "zh" and re.search(r"[A-Za-z]", text):
        return ("en-US",)
    return (LANGUAGE_TAGS[deck],)


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
            for shape in text_placeholders(slide):
                box = text_box(shape)
                paragraphs = paragraphs_from_xml(shape.text_frame._txBody, settings.sizes.body)
                needed = measurer.measure(paragraphs, box.width).height
                assert needed <= box.height, (path, number, shape.placeholder_format.idx, needed, box)


def test_body_text_never_shrinks_below_the_minimum(decks: Path, settings: DeckSettings) -> None:
    for path in deck_files(decks):
        for slide in Presentation(str(path)).slides:
            for shape in text_placeholders(slide):
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
            method = session.method.label(language)
            minutes = localise.word(course, language, "min", n=session.minutes)
            line = f"{method[0].upper()}{method[1:]} · {minutes} · {start}–"
            assert line in notes, line


def test_section_notes_give_the_sessions_purpose(decks: Path, course: Course) -> None:
    texts = slide_texts(deck_path(decks, course, "en", None, Edition.PARTICIPANT))
    section = next(t for t in texts if t[0] == "Session with an image" and t[1][0].startswith("Lecture"))
    assert section[2].splitlines() == ["Lecture · 15 min · 09:00–09:15", "This session has an image."]


def test_key_points_set_their_term_in_bold(decks: Path, course: Course) -> None:
    slide = next(s for s in Presentation(str(deck_path(decks, course, "zh", None))).slides
                 if s.shapes.title.text == "要点：长列表环节 (1/2)")
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
    render_decks(course, again)
    first, second = deck_files(decks), deck_files(again)
    assert [p.relative_to(decks) for p in first] == [p.relative_to(again) for p in second]
    for one, other in zip(first, second, strict=True):
        assert one.read_bytes() == other.read_bytes(), one


@pytest.fixture(scope="module")
def drawn_by_libreoffice(decks: Path, wrapped: tuple[Course, Path],
                         tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    """Every trainer's deck of the fixture and the two whole-course decks of `wrapped`, each → the PDF
    LibreOffice draws of it: one LibreOffice run for all (its start-up is most of the time). The participant
    decks draw the same slides (`test_libreoffice_renders_every_slide` proves it from their XML)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (libreoffice-impress) is not installed")
    course, out = wrapped
    folder = tmp_path_factory.mktemp("libreoffice")
    sources = [*trainer_decks(decks), *(deck_path(out, course, language, None) for language in ("zh", "en"))]
    copies = {}
    for number, path in enumerate(sources):
        copy = folder / "decks" / f"{number:02d}-{path.name}"
        copy.parent.mkdir(exist_ok=True)
        shutil.copyfile(path, copy)
        copies[path] = copy
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder / "pdf"), *sorted(map(str, copies.values()))],
        check=True, capture_output=True, timeout=900,
    )
    return {path: folder / "pdf" / copy.name.replace(".pptx", ".pdf") for path, copy in copies.items()}


def trainer_decks(out: Path) -> list[Path]:
    """The built decks of the facilitator edition (the participant decks are in `participant/` folders)."""
    return [path for path in deck_files(out) if "participant" not in path.parts]


DRAWN_THE_SAME = re.compile(r"docProps/core\.xml|ppt/notesSlides/.*")
"""The parts of a participant deck that may differ from its trainer's deck: its edition in the document
properties and the speaker notes, neither of which a slide show or LibreOffice's PDF of the slides draws."""


def test_libreoffice_renders_every_slide(decks: Path, drawn_by_libreoffice: dict[Path, Path]) -> None:
    for path in trainer_decks(decks):
        pdf = drawn_by_libreoffice[path]
        assert pdf.is_file(), path
        assert len(PdfReader(pdf).pages) == len(Presentation(str(path)).slides), path
    # each participant deck: every part LibreOffice draws is its trainer's deck's, byte for byte
    participant = [path for path in deck_files(decks) if "participant" in path.parts]
    assert len(participant) == len(trainer_decks(decks))
    for path in participant:
        with zipfile.ZipFile(path) as ours, zipfile.ZipFile(path.parent.parent / path.name) as trainers:
            assert ours.namelist() == trainers.namelist(), path
            differing = [name for name in ours.namelist() if ours.read(name) != trainers.read(name)]
        assert [name for name in differing if not DRAWN_THE_SAME.fullmatch(name)] == [], path


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
    assert "要点：长列表环节 (1/2)" in titles and "要点：长列表环节 (2/2)" in titles
    slides = [s for s in Presentation(str(path)).slides if s.shapes.title.text.startswith("要点：长列表环节 (")]
    assert [len(s.placeholders[1].text_frame.paragraphs) for s in slides] == [4, 4]


def test_case_questions_are_numbered_and_facilitator_notes_carry_the_debrief(decks: Path, course: Course) -> None:
    slide = next(s for s in Presentation(str(deck_path(decks, course, "en", None))).slides
                 if s.shapes.title.text == "Sample case: Questions")
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
    render_decks(course, tmp_path / "out")
    for edition in Edition:
        title, body, notes = next(t for t in slide_texts(deck_path(tmp_path / "out", course, "en", None, edition))
                                  if t[0] == "Sample case: Questions")
        assert body == ["What is the first question?", "What is the second question?", "What is the third question?"]
        assert ("• A second debrief point." in notes.splitlines()) is (edition is Edition.FACILITATOR)


def test_closing_slide_lists_the_worksheet_filled_in_after_the_last_session(decks: Path, course: Course) -> None:
    *_, last, thanks = list(Presentation(str(deck_path(decks, course, "en", None))).slides)
    assert thanks.shapes.title.text == "Thank you"
    assert last.shapes.title.text == "Action plan"
    assert [p.text for p in last.placeholders[1].text_frame.paragraphs] == ["My commitments", "Check-in dates"]
    assert "Fill this in after the long-list session." in last.notes_slide.notes_text_frame.text


def test_closing_slide_lists_the_objectives_when_no_worksheet_follows(tmp_path: Path, settings: DeckSettings) -> None:
    root = course_copy(tmp_path)
    (root / "docs" / "workbook" / "plan.md").unlink()
    (root / "docs" / "workbook" / "plan.en.md").unlink()
    course = load(root)
    render_decks(course, tmp_path / "out")
    title, body, _ = slide_texts(deck_path(tmp_path / "out", course, "en", None))[-2]
    assert (title, body) == ("Learning objectives", ["See an image appear on a slide.",
                                                     "See a long list continue on a second slide."])


def test_prints_progress_and_a_summary(course: Course, settings: DeckSettings, tmp_path: Path) -> None:
    lines: list[str] = []
    render_decks(course, tmp_path / "out", report=lines.append)
    out = "\n".join(lines)
    assert "building 2 of 2 outputs" in out
    assert re.search(r"decks:zh: 2 decks, \d+ slides in \d+\.\d s", out) and "decks:en: 2 decks" in out


def test_the_course_word_for_a_module_is_used(tmp_path: Path, settings: DeckSettings) -> None:
    root = course_copy(tmp_path)
    with (root / "docs" / "course.yml").open("a", encoding="utf-8") as stream:
        stream.write("words:\n  zh: {module: 单元}\n  en: {module: Unit}\n")
    course = load(root)
    render_decks(course, tmp_path / "out")
    module = course.view("en").modules[0]
    title, body, notes = slide_texts(deck_path(tmp_path / "out", course, "en", module))[0]
    assert body[0] == "Unit 1: Sample module"
    whole = slide_texts(deck_path(tmp_path / "out", course, "zh", None))
    assert whole[2][1][0] == "单元 1"
    english = slide_texts(deck_path(tmp_path / "out", course, "en", None))
    assert not any("模块 1" in text or "Module 1" in text for deck in (whole, english) for t, b, n in deck
                   for text in (t, *b, n))
    assert "Unit 1: Sample module · 30 min · 09:00–09:30" in english[0][2]


def test_every_time_on_a_course_of_several_days_carries_its_day(tmp_path: Path, settings: DeckSettings) -> None:
    root = course_copy(tmp_path)
    edit(root, "docs/course.yml", '    end: "09:30"\n',
         '    end: "09:15"\n  - start: "09:00"\n    end: "09:15"\n')
    course = load(root)
    assert course.view("en").agenda.multi_day
    render_decks(course, tmp_path / "out")
    texts = slide_texts(deck_path(tmp_path / "out", course, "en", None))
    assert texts[0][1][1] == "30 min · Day 1 · 09:00–Day 2 · 09:15"
    assert texts[1][1] == ["Day 1 · 09:00–09:15  Session with an image",
                           "Day 2 · 09:00–09:15  Session with a long list"]
    sections = [body[0] for title, body, _ in texts if title == "Session with a long list" and body
                and body[0].startswith("Group")]
    assert sections == ["Group discussion · 15 min · Day 2 · 09:00–09:15"]
    assert texts[-1][2].splitlines()[0] == "Ends at Day 2 · 09:15"
    zh = slide_texts(deck_path(tmp_path / "out", course, "zh", None))
    assert zh[1][1][1] == "第2天 09:00–09:15  长列表环节"


# --- line breaks, fonts and density, read back from the saved XML (issue 12) -------------------------

WRAPPED_ZH = {  # the fixture's short texts → text from the first course that wrapped badly before
    "## 长列表环节 {#long-list": "## 改善内部客户关系的同理艺术——同理同心策略与教练“五用”技巧 {#long-list",
    "- **要点一**：第一条说明。": "- **从业务骨干到管理者**：晋升之后，成绩不再看个人产出，而要看团队的整体结果。",
    "- **要点二**：第二条说明。": "- **“民意代表”**：站在下属一边向上级抱怨，把自己当作员工的代言人，"
                                 "而不是组织决策的推动者。",
    "- **要点三**：第三条说明。": "- **管理对象**：人力/问题/资源/方法/机制/环境，用360度系统思考看待团队，"
                                 "让合适的人在合适的位置上。",
    "- **第一点**：图片旁边的第一条要点。": "- **工作行为**：用PDCA循环改善与提升，计划（Plan）、执行（Do）、"
                                           "检查（Check）、处理（Act）。",
    "图片说明了什么？": "请在组内轮流用一句话介绍自己：姓名、岗位、带多少人，以及你今天最希望解决的一个管理难题。",
}
WRAPPED_EN = {
    "## Session with a long list {#long-list": "## How to be an excellent coaching leader — the five coaching tools "
                                              "for every team {#long-list",
    "- **Point one**: the first explanation.": "- **Use coaching skills to build people's capability**: Find the "
                                               "gaps in KSA — knowledge, skills and attitude — and coach to the need.",
    "- **Point two**: the second explanation.": "- **Use behavioural style to lead different people**: First "
                                                "diagnose employee readiness, then choose to direct, coach, support "
                                                "or delegate.",
}
CLOSING = set("，。、；：！？）》」』】〕〉”’…—%,.;:!?)]}")


@pytest.fixture(scope="module")
def wrapped(settings: DeckSettings, tmp_path_factory: pytest.TempPathFactory) -> tuple[Course, Path]:
    """The fixture with long Chinese and English titles, key points and questions, and its decks."""
    root = course_copy(tmp_path_factory.mktemp("wrapped"))
    for old, new in WRAPPED_ZH.items():
        edit(root, SAMPLE, old, new)
    for old, new in WRAPPED_EN.items():
        edit(root, SAMPLE.replace(".md", ".en.md"), old, new)
    course = load(root)
    out = root.parent / "out"
    render_decks(course, out)
    return course, out


def frame_lines(shape: object) -> Iterator[tuple[str, list[str]]]:
    """Each paragraph of a shape's text frame as its text and its lines (split at `a:br`)."""
    for paragraph in shape._element.iter(qn("a:p")):  # type: ignore[attr-defined]
        lines = [""]
        for child in paragraph:
            if child.tag == qn("a:r"):
                lines[-1] += child.findtext(qn("a:t")) or ""
            elif child.tag == qn("a:br"):
                lines.append("")
        if "".join(lines):
            yield "".join(lines), lines


def jieba_word_starts(text: str) -> set[int]:
    """Where jieba starts a word in a text."""
    import jieba

    starts, position = set(), 0
    for word in jieba.lcut(text):
        starts.add(position)
        position += len(word)
    return starts


def test_lines_break_between_words_and_never_leave_a_character_alone(wrapped: tuple[Course, Path],
                                                                       measurer: TextMeasurer,
                                                                       settings: DeckSettings) -> None:
    _, out = wrapped
    broken = 0
    for path in deck_files(out):
        for number, slide in enumerate(Presentation(str(path)).slides, start=1):
            for shape in text_placeholders(slide):
                width = text_box(shape).width
                paragraphs = paragraphs_from_xml(shape.text_frame._txBody, settings.sizes.body)
                for paragraph, (text, lines) in zip(paragraphs, frame_lines(shape), strict=True):
                    where = (path.name, number, lines)
                    # each line written is one line when measured again: nothing left for PowerPoint to break
                    assert measurer.wrap(paragraph, width) == tuple(line.rstrip() for line in lines), where
                    if len(lines) < 2:
                        continue
                    broken += 1
                    words, position = jieba_word_starts(text), 0
                    for line in lines[:-1]:
                        position += len(line)
                        before, after = text[position - 1], text[position]
                        if is_cjk(before) and is_cjk(after) and before.isalnum() and after.isalnum():
                            assert position in words, ("inside a Chinese word", where)
                        assert not (before.isalnum() and after.isalnum() and not (is_cjk(before) and
                                                                                   is_cjk(after))), where
                    for line in lines:
                        assert len(line.strip()) >= 2, ("a line of one character", where)
                        assert sum(c.isalnum() for c in line) >= 1, ("a line of punctuation only", where)
                        assert line.strip()[0] not in CLOSING, ("a line starting with closing punctuation", where)
    assert broken >= 20


def test_two_line_titles_are_balanced_and_break_after_the_dash(wrapped: tuple[Course, Path]) -> None:
    course, out = wrapped
    deck = Presentation(str(deck_path(out, course, "zh", None)))
    section = next(s for s in deck.slides if shown(s.shapes.title.text).startswith("改善内部客户关系"))
    assert section.shapes.title.text == "改善内部客户关系的同理艺术——\v同理同心策略与教练“五用”技巧"
    english = Presentation(str(deck_path(out, course, "en", None)))
    titles = [s.shapes.title.text for s in english.slides if shown(s.shapes.title.text).startswith("How to be")]
    assert titles and all("\v" in t for t in titles)
    for title in titles:
        first, second = title.split("\v")[:2]
        assert first.endswith("— ") and abs(len(first) - len(second)) < len(title) / 2, title


def test_chinese_punctuation_is_set_in_the_east_asian_font(wrapped: tuple[Course, Path],
                                                           settings: DeckSettings) -> None:
    course, out = wrapped
    checked = 0
    for language in ("zh", "en"):
        for slide in Presentation(str(deck_path(out, course, language, None))).slides:
            for paragraph in slide._element.iter(qn("a:p")):
                for run, text, east_asian in runs_with_script(paragraph):
                    latin = run.find(f"{qn('a:rPr')}/{qn('a:latin')}").get("typeface")
                    for char, chinese in zip(text, east_asian, strict=True):
                        if char in "“”‘’—…·/":
                            checked += 1
                            wanted = settings.fonts.east_asian if chinese else settings.fonts.latin
                            assert latin == wanted, (language, text, char)
                    if "“民意代表”" in text:
                        assert latin == settings.fonts.east_asian and text.startswith("“"), text
    deck = Presentation(str(deck_path(out, course, "en", None)))
    dashes = [r for s in deck.slides for r in s._element.iter(qn("a:r")) if "—" in (r.findtext(qn("a:t")) or "")]
    assert dashes and all(r.find(f"{qn('a:rPr')}/{qn('a:latin')}").get("typeface") == settings.fonts.latin
                          for r in dashes)  # an English dash stays in the Latin font
    assert checked > 20


def body_sizes(slide: object) -> set[float]:
    """The sizes of the body placeholder's text."""
    return {int(r.get("sz")) / 100 for ph in slide.placeholders if ph.placeholder_format.idx == 1  # type: ignore[attr-defined]
            for r in ph._element.iter(qn("a:rPr"))}


def test_every_list_of_a_deck_has_one_body_size(wrapped: tuple[Course, Path], settings: DeckSettings) -> None:
    _, out = wrapped
    lists = {getattr(settings.layouts, kind) for kind in ("content", "content_with_image", "discussion", "closing")}
    for path in deck_files(out):
        sizes = set().union(*(body_sizes(s) for s in Presentation(str(path)).slides if s.slide_layout.name in lists))
        assert len(sizes) == 1, (path, sizes)
        assert settings.sizes.min_body <= sizes.pop() <= settings.sizes.body


def test_no_list_slide_holds_more_than_max_lines(wrapped: tuple[Course, Path], measurer: TextMeasurer,
                                                 settings: DeckSettings) -> None:
    _, out = wrapped
    for path in deck_files(out):
        for slide in Presentation(str(path)).slides:
            for shape in (ph for ph in slide.placeholders if ph.placeholder_format.idx == 1):
                paragraphs = paragraphs_from_xml(shape.text_frame._txBody, settings.sizes.body)
                lines = measurer.measure(paragraphs, text_box(shape).width).lines
                if slide.slide_layout.name != settings.layouts.agenda and len(paragraphs) > 1:
                    assert sum(lines) <= settings.max_lines, (path.name, shown(slide.shapes.title.text))


def test_a_list_of_labelled_points_shows_no_bullet_before_the_label(tmp_path: Path, settings: DeckSettings) -> None:
    root = course_copy(tmp_path)
    for index, letter in enumerate("ABCDEFGH"):
        word = ("one", "two", "three", "four", "five", "six", "seven", "eight")[index]
        edit(root, SAMPLE.replace(".md", ".en.md"), f"- **Point {word}**:", f"- **{letter}. Point {word}**:")
    course = load(root)
    render_decks(course, tmp_path / "out")
    slides = [s for s in Presentation(str(deck_path(tmp_path / "out", course, "en", None))).slides
              if shown(s.shapes.title.text).startswith("Key points: Session with a long list (")]
    paragraphs = [p for s in slides for p in s.placeholders[1].text_frame.paragraphs]
    assert [p.text[:3] for p in paragraphs] == [f"{c}. " for c in "ABCDEFGH"]
    for paragraph in paragraphs:
        properties = paragraph._p.find(qn("a:pPr"))
        assert properties.find(qn("a:buNone")) is not None and properties.find(qn("a:buChar")) is None
        margin = int(properties.get("marL"))
        assert margin > 0 and int(properties.get("indent")) == -margin  # wrapped lines align after the "A. "
    other = next(s for s in Presentation(str(deck_path(tmp_path / "out", course, "en", None))).slides
                 if s.slide_layout.name == settings.layouts.content_with_image)
    assert other.placeholders[1].text_frame.paragraphs[0]._p.find(f"{qn('a:pPr')}/{qn('a:buChar')}") is not None


def test_every_slide_but_the_first_shows_its_number(decks: Path) -> None:
    for path in deck_files(decks):
        slides = list(Presentation(str(path)).slides)
        for number, slide in enumerate(slides, start=1):
            fields = list(slide._element.iter(qn("a:fld")))
            if number == 1:
                assert fields == [], path
                continue
            assert [(f.get("type"), f.findtext(qn("a:t"))) for f in fields] == [("slidenum", str(number))], path
            holder = next(ph for ph in slide.placeholders if ph.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER)
            layout_holder = slide.slide_layout.placeholders.get(idx=holder.placeholder_format.idx)
            assert layout_holder is not None and layout_holder.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER


def test_trainer_notes_are_each_on_one_slide_and_no_slide_points_back(decks: Path, course: Course,
                                                                      settings: DeckSettings) -> None:
    for language, module in all_decks(course, settings):
        slides = list(Presentation(str(deck_path(decks, course, language, module, Edition.FACILITATOR))).slides)
        notes = [s.notes_slide.notes_text_frame.text for s in slides]
        for text in _trainer_texts(course, language):
            holding = [n for n, note in enumerate(notes, start=1) if text in note]
            assert len(holding) == 1, (language, module, text, holding)
        assert not [n for n, note in enumerate(notes, start=1) if "↑" in note], (language, module)


def test_title_slides_give_the_date_in_the_languages_long_form(decks: Path, course: Course) -> None:
    for language, date in (("zh", "2026年1月15日"), ("en", "15 January 2026")):
        _, body, _ = slide_texts(deck_path(decks, course, language, None))[0]
        assert body[-1] == f"{course.settings.author[language]} · {date}"


def test_english_methods_are_capitalised_on_slides_but_not_in_the_course(decks: Path, course: Course) -> None:
    texts = slide_texts(deck_path(decks, course, "en", None))
    details = [body[0] for title, body, _ in texts if title in ("Session with an image", "Session with a long list")
               and body and " min · " in body[0]]
    assert details == ["Lecture · 15 min · 09:00–09:15", "Group discussion · 15 min · 09:15–09:30"]
    assert [s.method.label("en") for s in course.sessions("en")] == ["lecture", "group discussion"]
    zh = slide_texts(deck_path(decks, course, "zh", None))
    assert any(body and body[0].startswith("讲授 · 15 分钟") for _, body, _ in zh)


@pytest.fixture(scope="module")
def two_day(two_day_build) -> tuple[Course, Path]:
    """tests/fixtures/two_day_course (three units over two days) and its decks, built once per test run."""
    return two_day_build.course, two_day_build.slides_dir


def test_the_whole_course_agenda_lists_the_units_by_day_then_each_unit_has_its_own(
        two_day: tuple[Course, Path], settings: DeckSettings) -> None:
    course, out = two_day
    for language in ("zh", "en"):
        view = course.view(language)
        texts = slide_texts(deck_path(out, course, language, None))
        agenda = localise.word(course, language, "agenda")
        overview = [t for t in texts if t[0] == agenda]
        assert len(overview) == 1, language  # one readable slide, not the whole day in small type
        rows = overview[0][1]
        for unit in view.modules:
            heading = localise.word(course, language, "slide_module", n=unit.number, title=unit.title)
            assert sum(heading in row for row in rows) == 1, (language, heading)
        days = [localise.word(course, language, "day", n=1), localise.word(course, language, "day", n=2)]
        assert [row for row in rows if row in days] == days
        for unit in view.modules:
            number = localise.word(course, language, "module_n", n=unit.number)
            title = f"{agenda}{localise.word(course, language, 'slide_point_sep')}{number}"
            index = next(i for i, t in enumerate(texts) if t[0] == title)
            assert texts[index - 1][0] == unit.title  # right after the unit's title slide
            sessions = [s.title for s in unit.sessions]
            assert [s for s in sessions if any(s in row for row in texts[index][1])] == sessions
        deck = Presentation(str(deck_path(out, course, language, None)))
        for slide in deck.slides:
            if slide.slide_layout.name == settings.layouts.agenda:
                assert body_sizes(slide) == {settings.sizes.agenda}, language  # the rows fit at the largest size


def test_libreoffice_draws_the_lines_the_deck_sets(wrapped: tuple[Course, Path],
                                                   drawn_by_libreoffice: dict[Path, Path]) -> None:
    course, out = wrapped
    compared = 0
    for path in (deck_path(out, course, language, None) for language in ("zh", "en")):
        pages = PdfReader(drawn_by_libreoffice[path]).pages
        for number, (slide, page) in enumerate(zip(Presentation(str(path)).slides, pages, strict=True), start=1):
            ours = {squashed(line) for shape in text_placeholders(slide) for _, lines in frame_lines(shape)
                    for line in lines}
            drawn = [line for line in pdf_lines(page) if line != str(number)]
            compared += len(drawn)
            assert [line for line in drawn if line not in ours] == [], (path.name, number)
    assert compared > 80


def squashed(text: str) -> str:
    """A line without white space and without the bullet or number LibreOffice draws before it."""
    return re.sub(r"^(?:[•–]|\d+\.(?!\d))", "", re.sub(r"\s+", "", text))


def pdf_lines(page: object) -> list[str]:
    """The lines of text on a PDF page, top to bottom: pieces of text on one baseline, left to right."""
    pieces: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            pieces.append((tm[5] * cm[3] + cm[5], tm[4] * cm[0] + cm[4], text))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    lines: dict[float, list[tuple[float, str]]] = {}
    for y, x, text in pieces:
        key = next((k for k in lines if abs(k - y) <= 2), y)
        lines.setdefault(key, []).append((x, text))
    return [squashed("".join(t for _, t in sorted(parts))) for _, parts in sorted(lines.items(), reverse=True)]


# --- problems: nothing is written, and each names its line ------------------------------------------


def test_lists_too_long_for_one_slide_split_even_below_max_bullets(tmp_path: Path, settings: DeckSettings) -> None:
    root = course_copy(tmp_path)
    long = "这是一条很长的说明，" * 9
    edit(root, SAMPLE, "- **第三点**：图片旁边的第三条要点。", "\n".join(f"- **长点{i}**：{long}" for i in range(4)))
    course = load(root)
    render_decks(course, tmp_path / "out")
    titles = [shown(s.shapes.title.text) for s in Presentation(str(deck_path(tmp_path / "out", course, "zh",
                                                                                 None))).slides]
    parts = [t for t in titles if t.startswith("要点：带图片的环节 (")]
    assert len(parts) >= 2 and parts[0] == f"要点：带图片的环节 (1/{len(parts)})"  # 6 points, yet several slides


def test_a_bullet_too_long_for_a_slide_fails_with_its_line(tmp_path: Path, settings: DeckSettings) -> None:
    root = course_copy(tmp_path)
    page = root / SAMPLE
    lines = page.read_text(encoding="utf-8").splitlines()
    number = lines.index("- **第二点**：图片旁边的第二条要点。") + 1
    lines[number - 1] = "- **第二点**：" + "这是一条长得一张幻灯片也放不下的说明，" * 40
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CourseError) as raised:
        render_decks(load(root), tmp_path / "out")
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
        render_decks(load(root), tmp_path / "out")
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
        render_decks(load(root), tmp_path / "out")
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
        render_decks(load(root), tmp_path / "out")
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
    with pytest.raises(CourseError) as raised:
        render_decks(load(root), tmp_path / "out", RenderOptions(deck_template=company))
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
        "subtitle, body, min_body, agenda, min_diagram, notes, min_notes) [slides.unknown_key]",
        f"slides/decks.yml:{bulets}: unknown deck setting 'max_bulets' (allowed: decks, layouts, fonts, sizes, "
        "template, max_bullets, max_lines, max_words, max_question_words, extra_slides_percent, max_agenda_rows, "
        "line_spacing, paragraph_space, agenda_row_space, bullet_indent) [slides.unknown_key]",
        "3 problems found",
    ]


def test_a_language_the_course_lacks_is_an_invalid_setting(course: Course, tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    edit(root, "slides/decks.yml", "languages: []", "languages: [zh, fr]")
    lines = (root / "slides" / "decks.yml").read_text(encoding="utf-8").splitlines()
    number = lines.index(next(x for x in lines if x.startswith("  languages:"))) + 1
    with pytest.raises(CourseError) as raised:
        render_decks(load(root), tmp_path / "out")
    assert problem_lines(raised) == [
        f"slides/decks.yml:{number}: 'decks.languages' lists fr; the course has zh, en [slides.invalid]",
        "1 problem found",
    ]


def test_a_template_with_powerpoints_standard_layouts_works(course: Course, tmp_path: Path) -> None:
    import pptx

    standard = Path(pptx.__file__).parent / "templates" / "default.pptx"  # PowerPoint's stock 4:3 layouts
    root = course_copy(tmp_path)
    settings_file = root / "slides" / "decks.yml"
    text = DECKS_YML.read_text(encoding="utf-8").replace("template: template.pptx", f"template: {standard}")
    for key, ours, theirs in (("title", "Title", "Title Slide"), ("agenda", "Agenda", "Title and Content"),
                              ("section", "Section", "Section Header"),
                              ("discussion", "Case and Discussion", "Title and Content"),
                              ("closing", "Closing", "Title and Content")):
        text = text.replace(f"  {key}: {ours} ", f"  {key}: {theirs} ")
    settings_file.write_text(text, encoding="utf-8")
    render_decks(load(root), tmp_path / "out")
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
    render_decks(course, tmp_path / "out", RenderOptions(deck_template=potx))
    assert len(Presentation(str(deck_path(tmp_path / "out", course, "en", None))).slides) == 13
