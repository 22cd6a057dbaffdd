"""A careless trainer's bad inputs (issue 11): each one is a clear `path:line: message [code]`, never a traceback.

One fixture course (the minimal course with an image in a session) is built once with the real command;
each case copies that built course, makes one mistake, runs `python -m build_tools build` (and `check`,
which must list the same problems before anything is rendered) and asserts: exit status 1, the exact
problem lines, no traceback, bounded CPU time and memory (of the case's own process tree, not the clock), and the
previously published outputs unchanged.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tracemalloc
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from build_runs import Usage, build_in_process, copy_built, hashes, measured_command, published, run_command
from course_copies import IMAGE, IMAGE_LINE, MINIMAL, MODULE, MODULE_EN, edit, with_image
from site_courses import site_course

from build_tools.checks.checked import course_and_problems
from build_tools.course.model import Course
from build_tools.course.problems import CourseError, Problem, format_problem
from build_tools.pipeline.output_checks import with_output_problems

pytestmark = pytest.mark.integration


SECONDS = 60  # CPU seconds of a case's own process tree (build_runs.Usage): the cases take 1–7
PEAK_BYTES = 1.5e9


def _line_of(relative: str, start: str) -> int:
    """The number of the first line of the repository's `relative` that starts with `start`."""
    lines = (Path(__file__).resolve().parents[1] / relative).read_text(encoding="utf-8").splitlines()
    return 1 + next(index for index, line in enumerate(lines) if line.startswith(start))


DECKS_MAX_BULLETS_LINE = _line_of("slides/decks.yml", "max_bullets: 6")
"""Where the course copies' deck settings (the repository's) set `max_bullets`: a setting added above moves it."""
PROBLEM = re.compile(r"^\S.*:\d+: .*\[[a-z0-9_]+\.[a-z0-9_]+\]$")
TRAINER_TEXT = ("先请两位学员分享亲身经历", "Ask two participants to share a story first", "先说事实，再谈影响",
                "白板", "Whiteboard")


# --- the course, built once -------------------------------------------------------------------------


def run(root: Path, command: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_command(root, command, *extra, timeout=SECONDS * 4)  # the clock only ends a hang


def snapshot(root: Path) -> dict[str, str]:
    """Every published file (through build/pdf, build/slides, …) → its content hash."""
    return hashes(published(root))


@pytest.fixture(scope="module")
def built(minimal_build: Path) -> tuple[Path, dict[str, str]]:
    return minimal_build, snapshot(minimal_build)


@pytest.fixture
def course(built, tmp_path: Path) -> Path:
    return copy_built(built[0], tmp_path)


# --- the bad inputs ---------------------------------------------------------------------------------


def replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda root: edit(root, relative, old, new)


def save_as_gbk(relative: str, extra: str = "") -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        path = root / relative
        path.write_bytes((path.read_text(encoding="utf-8") + extra).encode("gbk"))
    return mutate


def symlink_to_passwd(root: Path) -> None:
    os.symlink("/etc/passwd", root / "docs/assets/images/evil.png")


def delete(relative: str) -> Callable[[Path], None]:
    return lambda root: (root / relative).unlink()


def write_bytes(relative: str, data: bytes) -> Callable[[Path], None]:
    return lambda root: (root / relative).write_bytes(data)


def huge_png(root: Path) -> None:
    from PIL import Image

    Image.new("1", (20000, 20000)).save(root / IMAGE)  # 400 million pixels, 50 KB on disk


def oversized_png(root: Path) -> None:
    """A PNG whose header claims 100000×100000 pixels: WeasyPrint and Pillow must refuse it, not allocate it."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 100000, 100000, 1, 0, 0, 0, 0)
    (root / IMAGE).write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0"))
                               + chunk(b"IEND", b""))


def remote_svg(root: Path) -> None:
    (root / "docs/assets/images/remote.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<image href="https://example.com/x.png" width="10" height="10"/></svg>', encoding="utf-8")
    edit(root, MODULE, "steps.png", "remote.svg")


def broken_template_xml(root: Path) -> None:
    template = root / "slides/template.pptx"
    with zipfile.ZipFile(template) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    layout = "ppt/slideLayouts/slideLayout1.xml"
    parts[layout] = parts[layout][: len(parts[layout]) // 2]
    with zipfile.ZipFile(template, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)


def ladder(lines: int) -> str:
    """A billion-laughs alias ladder as one YAML flow value: 9^9 strings once expanded."""
    first = "&a [" + ",".join(['"lol"'] * 9) + "]"
    rungs = [f"&{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]" for i in range(lines)]
    return "[" + ",".join([first, *rungs]) + "]"


def nested_list(root: Path) -> None:
    deep = "\n".join("    " * level + "- x" for level in range(2000))
    edit(root, MODULE, "了解倾听的作用。\n", "了解倾听的作用。\n\n" + deep + "\n")


def untracked_translation(root: Path) -> None:
    """A translated section with no record of the text it was made from, in a release (where that is an error)."""
    assert run(root, "translations", "--mark-current", "docs").returncode == 0
    records = root / "docs/translations/en.yml"
    kept = [line for line in records.read_text(encoding="utf-8").split("\n") if not line.startswith("  scenario:")]
    records.write_text("\n".join(kept), encoding="utf-8")
    edit(root, "docs/course.yml", "teaching_minutes: 60", "teaching_minutes: 60\nrelease: true")


def pause(spec: str) -> Callable[[Path], None]:
    old = '{start: "09:30", minutes: 15, kind: break}'
    return replace("docs/course.yml", old, old + "\n      - " + spec)


@dataclass(frozen=True)
class Case:
    id: str
    mutate: Callable[[Path], None]
    expected: tuple[str, ...]  # every problem line of `build`, exactly


FACILITATOR = "this looks like a facilitator block but"
PARTICIPANTS = "participants would see it [block.facilitator_spelling]"
EXACT = "is not written exactly '!!! trainer \"…\"' or '!!! materials \"…\"'"
IMAGE_AT = (f"{MODULE_EN}:{IMAGE_LINE}", f"{MODULE}:{IMAGE_LINE}")
PDF_IMAGE = "WeasyPrint: Failed to load image at 'docs/assets/images/steps.png' [pdf.render]"
HTML_ALLOWED = "(allowed: <br>, <sup>, <sub>, <kbd>, <mark>, <small>, <abbr> and comments) [html.not_allowed]"

CASES = [
    # 1. trainer notes whose spelling the filter would miss
    Case("trainer-no-space", replace(MODULE, '!!! trainer "培训师备注"', '!!!trainer "培训师备注"'),
         (f"{MODULE}:26: {FACILITATOR} '!!!trainer \"培训师备注\"' {EXACT}: {PARTICIPANTS}",)),
    Case("trainer-capital", replace(MODULE, '!!! trainer "培训师备注"', '!!! Trainer "培训师备注"'),
         (f"{MODULE}:26: {FACILITATOR} '!!! Trainer \"培训师备注\"' {EXACT}: {PARTICIPANTS}",)),
    Case("trainer-note", replace(MODULE, '!!! trainer "培训师备注"', '!!! trainer note "培训师备注"'),
         (f"{MODULE}:26: {FACILITATOR} '!!! trainer note \"培训师备注\"' {EXACT}: {PARTICIPANTS}",)),
    Case("trainer-tab-body", replace(MODULE, '!!! trainer "培训师备注"\n    ', '!!! trainer "培训师备注"\n\t'),
         (f"{MODULE}:26: {FACILITATOR} its body is indented with a tab, not 4 spaces: {PARTICIPANTS}",)),
    Case("trainer-two-space-body", replace(MODULE, '!!! trainer "培训师备注"\n    ', '!!! trainer "培训师备注"\n  '),
         (f"{MODULE}:27: this line is not indented by 4 spaces, so it ends the '!!! trainer \"培训师备注\"' block "
          f"of line 26: {PARTICIPANTS}",)),
    Case("trainer-collapsible", replace(MODULE, '!!! trainer "培训师备注"', '??? trainer "培训师备注"'),
         (f"{MODULE}:26: {FACILITATOR} '??? trainer \"培训师备注\"' {EXACT}: {PARTICIPANTS}",)),
    # 2. a file from outside docs/
    Case("symlink-to-passwd", symlink_to_passwd,
         ("docs/assets/images/evil.png:1: 'docs/assets/images/evil.png' is a symbolic link to '/etc/passwd'; "
          "outputs only take real files inside docs/ [file.symlink]",)),
    # 3. files deleted after a good build
    Case("deleted-twin", delete("docs/modules/02-feedback.en.md"),
         ("docs/modules/02-feedback.md:1: no English page docs/modules/02-feedback.en.md [i18n.missing_twin]",)),
    Case("deleted-image", delete(IMAGE),
         tuple(f"{where}: image '../assets/images/steps.png' does not exist [link.missing_image]"
               for where in IMAGE_AT)),
    # 5. resource exhaustion
    Case("billion-laughs-course-yml",
         replace("docs/course.yml", "teaching_minutes: 60", f"teaching_minutes: {ladder(8)}"),
         ("docs/course.yml:6: a single value is needed here, not a list or mapping [settings.invalid]",)),
    Case("billion-laughs-front-matter", replace(MODULE, "minutes: 30\n", f"minutes: {ladder(8)}\n"),
         (f"{MODULE}:3: 'minutes' must be a whole number, not 'a list or mapping' [page.invalid_value]",)),
    Case("nested-list-2000", nested_list,
         (f"{MODULE}:17: warning: key point 'x' is not written '**term**: explanation' [session.key_point]",
          f"{MODULE}:2016: lists or blocks are nested 1999 levels deep (at most 12) [block.too_deep]")),
    Case("nested-quote-2000", replace(MODULE, "了解倾听的作用。\n", "了解倾听的作用。\n\n" + "> " * 2000 + "x\n"),
         (f"{MODULE}:17: lists or blocks are nested 2000 levels deep (at most 12) [block.too_deep]",)),
    # 6. tracebacks before: encodings, YAML tags, raw HTML, a broken template, a huge image
    Case("gbk-page", save_as_gbk(MODULE), (f"{MODULE}:5: the page is not saved as UTF-8 [page.encoding]",)),
    Case("gbk-course-yml", save_as_gbk("docs/course.yml"),
         ("docs/course.yml:1: the file is not saved as UTF-8 [page.encoding]",)),
    Case("gbk-decks-yml", save_as_gbk("slides/decks.yml"),
         ("slides/decks.yml:17: the file is not saved as UTF-8 [page.encoding]",)),
    Case("python-tag-course-yml",
         replace("docs/course.yml", "teaching_minutes: 60", "teaching_minutes: !!python/object/apply:os.system "
                                                              "['touch PWNED']"),
         ("docs/course.yml:6: a single value is needed here, not a list or mapping [settings.invalid]",)),
    Case("python-tag-front-matter",
         replace(MODULE, "minutes: 30", "minutes: !!python/object/apply:os.system ['touch PWNED']"),
         (f"{MODULE}:3: 'minutes' must be a whole number, not 'a list or mapping' [page.invalid_value]",)),
    Case("python-tag-decks-yml",
         replace("slides/decks.yml", "max_bullets: 6", "max_bullets: !!python/object/apply:os.system ['touch PWNED']"),
         (f"slides/decks.yml:{DECKS_MAX_BULLETS_LINE}: 'max_bullets' must be a whole number [slides.invalid]",)),
    Case("raw-html-img-onerror", replace(MODULE, "了解倾听的作用。", "了解倾听的作用。<img src=x onerror=alert(1)>"),
         (f"{MODULE}:15: raw HTML '<img src=x onerror=alert(1)>' is not allowed {HTML_ALLOWED}",
          f"{MODULE}:15: image 'x' does not exist [link.missing_image]")),
    Case("raw-html-script", replace(MODULE, "了解倾听的作用。\n", "了解倾听的作用。\n\n<script>alert(1)</script>\n"),
         (f"{MODULE}:17: raw HTML '<script>' is not allowed {HTML_ALLOWED}",)),
    Case("template-broken-xml", broken_template_xml,
         ("slides/decks.yml:7: template.pptx is not a PowerPoint presentation or template (.pptx, .potx): "
          "attributes construct error, line 2, column 1718 (<string>, line 2) [slides.template]",)),
    Case("png-20000x20000", huge_png,
         tuple(line for where in IMAGE_AT for line in (
             f"{where}: {PDF_IMAGE}",
             f"{where}: image '../assets/images/steps.png' is too large to put on a slide (more than 178 million "
             "pixels) [slides.image]"))),
    # 7. images found by WeasyPrint: at the page line, never at a stylesheet
    Case("png-0-bytes", write_bytes(IMAGE, b""),
         tuple(line for where in IMAGE_AT for line in (
             f"{where}: {PDF_IMAGE}",
             f"{where}: image '../assets/images/steps.png' cannot be read: cannot identify image file "
             "[slides.image]"))),
    Case("png-corrupt", write_bytes(IMAGE, b"\x89PNG\r\n\x1a\n" + b"garbage" * 100),
         tuple(line for where in IMAGE_AT for line in (
             f"{where}: {PDF_IMAGE}",
             f"{where}: image '../assets/images/steps.png' cannot be read: Truncated File Read [slides.image]"))),
    Case("png-oversized-header", oversized_png,
         tuple(line for where in IMAGE_AT for line in (
             f"{where}: {PDF_IMAGE}",
             f"{where}: image '../assets/images/steps.png' is too large to put on a slide (more than 178 million "
             "pixels) [slides.image]"))),
    # an SVG is refused by the check, before any renderer could fetch what it names
    Case("svg-remote-href", remote_svg,
         (f"{MODULE}:{IMAGE_LINE}: '../assets/images/remote.svg' is not a page or an image the site publishes "
          "(PNG, JPG, JPEG, GIF): participants would get a broken link [link.file_type]",)),
    Case("pause-outside-the-day", pause('{start: "12:00", minutes: 15, kind: break}'),
         ("docs/course.yml:12: the break at 12:00 is not inside day 1 (09:00–10:15) [settings.invalid]",)),
    Case("overlapping-pauses", pause('{start: "09:40", minutes: 10, kind: break}'),
         ("docs/course.yml:12: the break at 09:40 overlaps the break at 09:30 [settings.invalid]",)),
    Case("broken-front-matter", replace(MODULE, "minutes: 30\n", "minutes: 30\n  bad: [\n"),
         (f"{MODULE}:4: front matter is not valid YAML (mapping values are not allowed here) [page.front_matter]",)),
    Case("unclosed-front-matter", replace(MODULE, "minutes: 30\n---\n", "minutes: 30\n\n"),
         (f"{MODULE}:1: front matter is not closed by '---' [page.front_matter]",)),
    # 8. issue 19 (its other careless inputs are in test_validate.py): an address at its line, a link to a
    # file the site does not publish
    Case("data-url-image", replace(MODULE, "../assets/images/steps.png", "data:image/png;base64,iVBORw0KGgo="),
         (f"{MODULE}:{IMAGE_LINE}: 'data:image/png;base64,iVBORw0KGgo=' is not allowed: links may only be web "
          "addresses (http, https), e-mail (mailto) or paths inside docs/ [link.bad_url]",)),
    Case("link-to-course-yml", replace(MODULE, "了解倾听的作用。", "了解倾听的作用。[设置](../course.yml)"),
         (f"{MODULE}:15: '../course.yml' is not a page or an image the site publishes (PNG, JPG, JPEG, GIF): "
          "participants would get a broken link [link.file_type]",)),
    # the problem code no other test triggers
    Case("i18n-untracked-in-a-release", untracked_translation,
         ("docs/cases/late-report.en.md:7: section 'Scenario' has no record of the original it was translated from "
          "[i18n.untracked]",)),
]


UNTRACKED = ("docs/translations/en.yml:1: warning: no English section records the Chinese text it was translated "
             "from (docs/translations/en.yml does not exist): a changed original cannot be found [i18n.untracked]")
"""The fixture's one advice, whatever the case (it records no translation): left out of each case's lines."""


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if PROBLEM.match(line) and line != UNTRACKED]


def measured(root: Path, command: str) -> tuple[subprocess.CompletedProcess[str], Usage]:
    """The command's result and the peak memory and CPU time of its own process tree; a hang ends at the
    timeout (four times the CPU bound, for a busy machine)."""
    return measured_command(root, command, timeout=SECONDS * 4)


def assert_fails_cleanly(result: subprocess.CompletedProcess[str], usage: Usage, expected: tuple[str, ...],
                         exact: bool = True) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert "\x1b[" not in output  # no terminal colour codes in logs
    assert 0 < usage.peak_bytes < PEAK_BYTES, usage
    assert 0 < usage.cpu_seconds < SECONDS, usage
    found = problem_lines(output)
    if exact:
        assert sorted(found) == sorted(expected), output
    else:  # `check` may know more than the build's first failing step
        assert set(expected) <= set(found), output


END_TO_END = frozenset({"gbk-page", "trainer-no-space", "png-20000x20000"})
"""Cases that run the real commands, one per stage the build can fail at (reading, checking, rendering the PDFs
and decks), so the whole path stays honest: exit status, output, memory of the process tree, previous outputs
untouched. The site and publish stages have theirs below and in test_build. Every other case runs in-process."""

CHECKED_END_TO_END = frozenset({"gbk-page", "trainer-no-space"})
"""Of those, the ones `check` also runs for: a build checks first (in the background, while it loads), so the
rendering case's `check` lines are those of its build, and the in-process cases assert what `check` prints."""
IN_PROCESS = [case for case in CASES if case.id not in END_TO_END]
WHOLE_BUILD = [case for case in CASES if case.id in END_TO_END]
PEAK_IN_PROCESS = 400e6
"""Python allocations while reading and checking one bad input: runaway YAML or nesting stays far below."""


@pytest.fixture(scope="module")
def warmed_up(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Read, check and lay out a good copy once, untraced: MkDocs' plugins, the parsers and the fonts are loaded
    here, so that what is traced below is the reading of the bad input, not the imports (which tracing slows)."""
    from build_tools.pdf.render import build_documents, check_documents
    from build_tools.slides.render import plan_all_decks
    from build_tools.slides.settings import load_deck_settings

    root = site_course(tmp_path_factory.mktemp("warm-up"), MINIMAL)
    course, problems = course_and_problems(root)
    assert not [p for p in problems if not p.warning]
    plan_all_decks(course, load_deck_settings(root))  # fonts and glyph tables loaded here are inherited by the
    check_documents(course, build_documents(course))  # processes `check` forks for each case


@pytest.fixture
def source_course(warmed_up: None, tmp_path: Path) -> Path:
    """The fixture course with its image and deck settings, not built."""
    root = site_course(tmp_path, MINIMAL)
    with_image(root)
    return root


def rendered_pdf_problems(course: Course, out: Path) -> list[Problem]:
    """What rendering the PDFs reports (only images WeasyPrint cannot read get this far)."""
    from build_tools.pipeline.build import render_course

    try:
        render_course(course, "pdf", out, report=lambda line: None)
    except CourseError as error:
        assert not out.exists()  # a failed render writes no PDF
        return list(error.problems)
    return []


@pytest.mark.parametrize("case", IN_PROCESS, ids=[case.id for case in IN_PROCESS])
def test_a_bad_input_is_one_clear_problem(source_course, tmp_path, case):
    """The lines `make check` prints (`every_problem`, read and checked in this process), and for a mistake
    only the PDF renderer finds, the lines rendering the PDFs gives: together, the lines `make all` prints."""
    case.mutate(source_course)
    tracemalloc.start()  # while reading and checking (where runaway YAML and nesting would grow), not while
    try:  # laying out: that runs in forked processes, whose memory the real runs above measure
        course, problems = course_and_problems(source_course)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    problems = with_output_problems(course, problems)  # with course_and_problems: `every_problem`, what check prints
    pdf_only = [line for line in case.expected if "[pdf." in line]
    if pdf_only:
        problems += rendered_pdf_problems(course, tmp_path / "pdf")
    lines = [format_problem(problem).splitlines()[0] for problem in problems]
    assert sorted(line for line in lines if line != UNTRACKED) == sorted(case.expected)
    assert peak < PEAK_IN_PROCESS, peak
    assert not (source_course / "PWNED").exists()  # YAML tags never run


@pytest.mark.parametrize("case", WHOLE_BUILD, ids=[case.id for case in WHOLE_BUILD])
def test_a_bad_input_is_one_clear_problem_and_the_last_good_outputs_stay(built, course, case):
    _, published = built
    case.mutate(course)
    result, usage = measured(course, "build")
    assert_fails_cleanly(result, usage, case.expected)
    assert snapshot(course) == published
    assert not (course / "PWNED").exists()  # YAML tags never run
    if case.id in CHECKED_END_TO_END:
        checked, usage = measured(course, "check")
        pdf_only = tuple(line for line in case.expected if "[pdf." in line)  # PDF layout is not checked
        assert_fails_cleanly(checked, usage, tuple(line for line in case.expected if line not in pdf_only),
                             exact=False)


def test_a_symlink_to_an_outside_file_never_reaches_the_site_or_its_zip(built, course, capfd):
    symlink_to_passwd(course)
    build_in_process(course, capfd)
    site = course / "build/site"
    assert not [p for p in site.rglob("*") if p.name == "evil.png"]
    with zipfile.ZipFile(course / "build/site.zip") as package:
        assert not [name for name in package.namelist() if name.endswith("evil.png")]
        assert not any(b"root:x:0:0" in package.read(name) for name in package.namelist())


def test_a_page_saved_with_a_bom_and_an_image_with_a_space_in_its_name_build(course, capfd):
    """Valid inputs a trainer's tools make: a page saved with a byte-order mark, a file name with a space."""
    path = course / MODULE
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    shutil.move(course / IMAGE, course / "docs/assets/images/my steps.png")
    for relative in (MODULE, MODULE_EN):
        edit(course, relative, "../assets/images/steps.png", "../assets/images/my%20steps.png")
    result = build_in_process(course, capfd)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert (course / "build/site/assets/images/my steps.png").is_file()
    with zipfile.ZipFile(course / "build/site.zip") as package:
        assert any(name.endswith("assets/images/my steps.png") for name in package.namelist())


def test_a_mkdocs_configuration_warning_is_shown_without_colour_codes(course):
    (course / "mkdocs.yml").write_text((course / "mkdocs.yml").read_text(encoding="utf-8") + "unknown_setting: 1\n",
                                       encoding="utf-8")
    result = run(course, "build")
    assert result.returncode == 1
    assert "unknown_setting" in result.stderr
    assert "\x1b[" not in result.stdout + result.stderr


def test_no_trainer_sentence_reaches_a_participant_output(built):
    """A good build: the trainer and materials blocks are in the facilitator outputs and in no participant one."""
    root, _ = built
    build = root / "build"

    def squeezed(text: str) -> str:
        return re.sub(r"\s+", "", text)

    facilitator = squeezed(pdf_text(build / "pdf/zh/course-zh-facilitator-guide.pdf"))
    assert "先请两位学员分享亲身经历" in facilitator  # the sentences can be found where they belong
    participant: dict[str, str] = {}
    for path in sorted((build / "site").rglob("*")):
        if path.is_file() and path.suffix in (".html", ".json", ".js", ".xml", ".txt"):
            participant[path.relative_to(build).as_posix()] = path.read_text(encoding="utf-8", errors="replace")
    for language in ("zh", "en"):
        workbook = build / f"pdf/{language}/course-{language}-workbook.pdf"
        participant[workbook.name] = pdf_text(workbook)
        for deck in sorted((build / "slides" / language / "participant").glob("*.pptx")):
            with zipfile.ZipFile(deck) as package:
                participant[deck.name] = "".join(package.read(name).decode("utf-8") for name in package.namelist()
                                                 if name.endswith(".xml"))
    assert any(name.endswith(".pptx") for name in participant) and any("search" in name for name in participant)
    leaks = [(name, sentence) for name, text in participant.items() for sentence in TRAINER_TEXT
             if squeezed(sentence) in squeezed(text)]
    assert leaks == []


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
