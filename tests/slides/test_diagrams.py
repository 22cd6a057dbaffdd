"""Diagrams written in the course source: native grouped shapes on slides, inline SVG on the site and in the PDF.

The fixture is tests/fixtures/slides_course with one diagram of every kind written into its sessions,
in both languages. The decks are built through the deck jobs and read back shape by shape; a
LibreOffice render of the deck shows every word of a diagram inside its shape.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from course_copies import edit
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from build_tools.checks.rules_diagrams import check_diagram_twins
from build_tools.course.load import load_course
from build_tools.course.model import Course, Edition
from build_tools.course.problems import CourseError
from build_tools.parts.markdown_html import MarkdownConverter
from build_tools.parts.output_files import deck_path
from build_tools.pipeline.build import render_course

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "slides_course"
PAGES = {"en": "docs/modules/01-sample.en.md", "zh": "docs/modules/01-sample.md"}
AFTER = {"en": ("- **Third point**: the third key point beside the image.\n",
                "- **Point eight**: the eighth explanation.\n"),
         "zh": ("- **第三点**：图片旁边的第三条要点。\n", "- **要点八**：第八条说明。\n")}

DIAGRAMS = {
    "en": [
        ("cycle", "The PDCA cycle", [("Plan", "set a clear goal and the steps that reach it"),
                                     ("Do", "carry out the plan and record what happens"),
                                     ("Check", "compare the results with the goal"),
                                     ("Act", "keep what works, carry the rest into the next round")], []),
        ("process", "Three steps", [("Prepare", "read the case"), ("Discuss", "in groups"),
                                    ("Report", "one minute each")], []),
        ("layers", "The iceberg", [("Skills", "seen"), ("Role awareness", "hidden"), ("Values", "deep")], []),
        ("matrix", "Energy grid", [("Urgent", "do now"), ("Important", "plan"), ("Routine", "delegate"),
                                   ("Noise", "drop")], []),
        ("hub", "Five directions", [("Manager", ""), ("Up", "your manager and what they are measured on"),
                                    ("Down", "your team and how each member grows"),
                                    ("Across", "peers upstream and downstream"),
                                    ("Out", "customers and partners")], []),
        ("comparison", "Two styles", [("Telling", ""), ("Coaching", "")],
         [["gives the answer", "fast"], ["asks questions", "builds skill"]]),
    ],
    "zh": [
        ("cycle", "PDCA循环", [("计划", "明确目标，分析原因，制定可衡量的方案"),
                               ("执行", "按计划分工落实，记录数据和变化"),
                               ("检查", "对照目标检查结果，找出偏差和原因"),
                               ("处理", "固化有效做法，问题转入下一轮")], []),
        ("process", "三个步骤", [("准备", "阅读案例"), ("讨论", "分组进行"), ("汇报", "每组一分钟")], []),
        ("layers", "冰山模型", [("技能", "看得见"), ("角色认知", "看不见"), ("价值观", "最深层")], []),
        ("matrix", "精力分配", [("紧急", "马上做"), ("重要", "计划做"), ("例行", "授权做"), ("干扰", "不做")], []),
        ("hub", "五个方向", [("管理者", ""), ("向上", "上级"), ("向下", "下属"), ("横向", "同事"),
                             ("向外", "客户")], []),
        ("comparison", "两种风格", [("告知", ""), ("教练", "")],
         [["直接给答案", "快"], ["提问引导", "培养能力"]]),
    ],
}


def fence(kind: str, title: str, items: list[tuple[str, str]], points: list[list[str]]) -> str:
    sep = "：" if re.search(r"[\u4e00-\u9fff]", title) else ": "
    lines = [f"```diagram {kind}", f"# {title}"]
    for index, (label, text) in enumerate(items):
        lines.append(f"- {label}{sep}{text}" if text else f"- {label}")
        lines += [f"    - {point}" for point in (points[index] if points else [])]
    return "\n".join([*lines, "```", ""])


def course_with_diagrams(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(FIXTURE, root)
    (root / "slides").mkdir()
    shutil.copy(ROOT / "slides" / "decks.yml", root / "slides" / "decks.yml")
    shutil.copy(ROOT / "slides" / "template.pptx", root / "slides" / "template.pptx")
    for language, page in PAGES.items():
        first, second = AFTER[language]
        diagrams = [fence(*d) for d in DIAGRAMS[language]]
        edit(root, page, first, first + "\n" + "\n".join(diagrams[:3]))
        edit(root, page, second, second + "\n" + "\n".join(diagrams[3:]))
    return root


def load(root: Path) -> Course:
    result = load_course(root)
    assert not result.problems, result.problems
    return result.course


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Course, Path]:
    tmp = tmp_path_factory.mktemp("diagrams")
    course = load(course_with_diagrams(tmp))
    render_course(course, "decks", tmp / "out", report=lambda line: None)
    return course, tmp / "out"


def diagram_groups(path: Path) -> list[tuple[int, object]]:
    deck = Presentation(str(path))
    return [(n, shape) for n, slide in enumerate(deck.slides, start=1) for shape in slide.shapes
            if shape.shape_type == MSO_SHAPE_TYPE.GROUP and shape.name.startswith("Diagram")]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_kind_is_drawn_as_native_shapes_with_its_items_in_order(built: tuple[Course, Path],
                                                                        language: str) -> None:
    course, out = built
    for edition in Edition:
        groups = diagram_groups(deck_path(out, course, language, None, edition))
        assert [re.match(r"Diagram \((\w+)\)", g.name)[1] for _, g in groups] == [d[0] for d in DIAGRAMS[language]]
        for (_, group), (_kind, title, items, points) in zip(groups, DIAGRAMS[language], strict=True):
            assert group.name.endswith(title)
            named = sorted((s for s in group.shapes if s.name.startswith("Diagram item")),
                           key=lambda s: int(re.match(r"Diagram item (\d+)", s.name)[1]))  # drawn back to front
            assert [s.name.split(": ", 1)[1] for s in named] == [label for label, _ in items]
            for shape, (label, text) in zip(named, items, strict=True):
                assert shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE  # a shape the trainer edits, not a picture
                written = shape.text_frame.text.replace("\v", "").replace("\n", "")
                assert written in (label + text, f"{label}: {text}", f"{label}：{text}")  # or run on in one line
            descr = group._element.find(".//{http://schemas.openxmlformats.org/presentationml/2006/main}cNvPr")
            assert descr.get("descr").startswith(title) and all(label in descr.get("descr") for label, _ in items)
            if points:
                columns = [s for s in group.shapes if s.name.startswith("Diagram points")]
                assert [s.text_frame.text.replace("\v", "").split("\n") for s in columns] == points
            assert not [s for s in group.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def test_a_diagram_comes_first_on_a_slide_of_its_own_across_the_slides_width(built: tuple[Course, Path]) -> None:
    """Trainer review: diagram labels of 11-13 pt beside the key points could not be read from the back of the
    room. Each diagram has a slide of its own, titled by its title, drawn across the body's width."""
    course, out = built
    deck = Presentation(str(deck_path(out, course, "en", None)))
    placed = [(deck.slides[n - 1].slide_layout.name, deck.slides[n - 1].shapes.title.text.replace("\v", ""),
               bool(deck.slides[n - 1].notes_slide.notes_text_frame.text), group.width > deck.slide_width * 0.6)
              for n, group in diagram_groups(deck_path(out, course, "en", None))]
    assert placed == [
        ("Title and Content", "The PDCA cycle", True, True),  # before the points, however few
        ("Title and Content", "Three steps", True, True),
        ("Title and Content", "The iceberg", True, True),
        ("Title and Content", "Energy grid", True, True),
        ("Title and Content", "Five directions", True, True),
        ("Title and Content", "Two styles", True, True),
    ]
    titles = [s.shapes.title.text for s in deck.slides]
    after = titles.index("Two styles")
    assert titles[after + 1:after + 3] == ["Key points: Session with a long list (1/2)",
                                           "Key points: Session with a long list (2/2)"]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_site_and_the_pdf_draw_the_same_diagram_as_svg(built: tuple[Course, Path], language: str) -> None:
    course, _ = built
    page = next(p for p in course.pages_in(language) if p.key == "modules/01-sample")
    html = MarkdownConverter(course, language).to_html("\n".join(page.body_lines))
    figures = re.findall(r'<figure class="diagram diagram-(\w+)">(.*?)</figure>', html, re.S)
    assert [kind for kind, _ in figures] == [d[0] for d in DIAGRAMS[language]]
    for (_, svg), (_, title, items, _points) in zip(figures, DIAGRAMS[language], strict=True):
        assert re.search(r'<svg viewBox="[^"]+" role="img" aria-labelledby="[^"]+">', svg)
        assert f">{title}</title>" in svg
        texts = re.findall(r"<text [^>]*>([^<]*)</text>", svg)
        joined = "".join(texts)
        position = 0
        for label, _text in items:  # every label, in order, as real text
            found = joined.find(label, position)
            assert found >= 0, (label, joined)
            position = found + len(label)
        assert "<image" not in svg


@pytest.mark.integration
def test_the_pdf_draws_diagram_words_in_the_documents_own_font(built: tuple[Course, Path], tmp_path: Path) -> None:
    """The Chinese workbook's diagrams were drawn in DejaVu Sans and Noto Sans CJK JP (WeasyPrint's `sans-serif`
    for SVG text): Japanese forms of Chinese characters. Every font of the PDF is now the document's SC face."""
    from build_tools.pdf.document import build_document
    from build_tools.pdf.render import render_job, render_job_for

    course, _ = built
    document = build_document(course, "zh", Edition.PARTICIPANT)
    assert document.html.count("<svg ") == len(DIAGRAMS["zh"])
    (tmp_path / "zh.pdf").write_bytes(render_job(render_job_for(course, document), tmp_path / "cache").data)
    listed = subprocess.run(["pdffonts", str(tmp_path / "zh.pdf")], check=True, capture_output=True, text=True)
    faces = {line.split()[0].split("+")[-1] for line in listed.stdout.splitlines()[2:]}
    assert faces and all(face.startswith("Noto-Sans-CJK-SC") or face.startswith("Noto-Sans-Mono-CJK-SC")
                         for face in faces), faces


@pytest.mark.integration
def test_no_diagram_text_sits_outside_its_shape_in_a_libreoffice_render(built: tuple[Course, Path],
                                                                        tmp_path: Path) -> None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice and pdftotext are needed to render the deck")
    course, out = built
    paths = {language: deck_path(out, course, language, None) for language in ("en", "zh")}
    # one LibreOffice run for both decks (its start-up is most of the time), with a profile of its own
    subprocess.run([office, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), *map(str, paths.values())],
                   check=True, capture_output=True, timeout=300)
    for language, path in paths.items():
        pdf = tmp_path / (path.stem + ".pdf")
        layout = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True,
                                text=True).stdout
        pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', layout, re.S)
        deck = Presentation(str(path))
        emu_per_pt = deck.slide_width / float(pages[0][0])
        for number, group in diagram_groups(path):
            words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                               pages[number - 1][2])
            boxes = [(s.left / emu_per_pt, s.top / emu_per_pt, (s.left + s.width) / emu_per_pt,
                      (s.top + s.height) / emu_per_pt) for s in group.shapes if s.name.startswith("Diagram ")]
            area = (group.left / emu_per_pt, group.top / emu_per_pt, (group.left + group.width) / emu_per_pt,
                    (group.top + group.height) / emu_per_pt)
            inside_area = [w for w in words if _overlaps(tuple(map(float, w[:4])), area)]
            assert inside_area, (language, number)
            for word in inside_area:
                box = tuple(map(float, word[:4]))
                assert any(_within(box, shape) for shape in boxes), (language, number, word)


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _within(a: tuple[float, ...], b: tuple[float, ...], slack: float = 1.0) -> bool:
    return a[0] >= b[0] - slack and a[1] >= b[1] - slack and a[2] <= b[2] + slack and a[3] <= b[3] + slack


# --- problems ----------------------------------------------------------------------------------------


def problem_lines(error: pytest.ExceptionInfo[CourseError]) -> list[str]:
    return [line for line in str(error.value).splitlines() if not line.startswith("    fix:")]


def test_an_unknown_kind_and_too_many_items_are_reported_at_the_fence(tmp_path: Path) -> None:
    root = course_with_diagrams(tmp_path)
    page = root / PAGES["en"]
    text = page.read_text(encoding="utf-8").replace("```diagram process", "```diagram funnel", 1)
    text = text.replace("- Noise: drop\n", "- Noise: drop\n- Fifth: too many\n", 1)
    page.write_text(text, encoding="utf-8")
    lines = page.read_text(encoding="utf-8").splitlines()
    funnel = lines.index("```diagram funnel") + 1
    matrix = lines.index("```diagram matrix") + 1
    problems = [f"{p.source.path}:{p.source.line}: {p.message} [{p.code}]" for p in load_course(root).problems]
    assert problems == [
        f"{PAGES['en']}:{funnel}: unknown diagram kind 'funnel' (known: cycle, process, layers, matrix, hub, "
        "comparison) [diagram.kind]",
        f"{PAGES['en']}:{matrix}: a matrix diagram (a 2×2 or 3×2 grid, in reading order) takes 4 or 6 items; "
        "this one has 5 [diagram.items]",
    ]


def test_a_diagram_whose_words_cannot_fit_fails_with_the_items_line(tmp_path: Path) -> None:
    root = course_with_diagrams(tmp_path)
    page = root / PAGES["en"]
    long = "a very long explanation that no shape of a cycle diagram could ever hold at any size " * 3
    text = re.sub(r"^- Do: .*$", f"- Do: {long}", page.read_text(encoding="utf-8"), count=1, flags=re.M)
    page.write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"- Do: {long}") + 1
    course = load(root)
    with pytest.raises(CourseError) as raised:
        render_course(course, "decks", tmp_path / "out", report=lambda line: None)
    assert f"{PAGES['en']}:{line}: 'Do' does not fit its shape in the cycle diagram even at 18 pt " \
           "[diagram.too_long]" in problem_lines(raised)
    assert not (tmp_path / "out").exists()


def test_twins_must_draw_the_same_kinds_with_the_same_number_of_items(tmp_path: Path) -> None:
    root = course_with_diagrams(tmp_path)
    page = root / PAGES["en"]
    text = page.read_text(encoding="utf-8").replace("```diagram layers", "```diagram process", 1)
    page.write_text(text, encoding="utf-8")
    line = text.splitlines().index("```diagram process", text.splitlines().index("```diagram process") + 1) + 1
    problems = [f"{p.source.path}:{p.source.line}: {p.message} [{p.code}]" for p in check_diagram_twins(load(root))]
    assert problems == [f"{PAGES['en']}:{line}: diagram 3 is a process of 3 items; in 01-sample.md it is a layers "
                        "of 3 items [i18n.diagram]"]


def test_a_line_that_is_not_an_item_is_reported_at_its_own_line(tmp_path: Path) -> None:
    root = course_with_diagrams(tmp_path)
    page = root / PAGES["en"]
    text = page.read_text(encoding="utf-8").replace("- Prepare: read the case\n", "Prepare the room\n", 1)
    page.write_text(text, encoding="utf-8")
    line = text.splitlines().index("Prepare the room") + 1
    problems = [f"{p.source.path}:{p.source.line}: {p.message} [{p.code}]" for p in load_course(root).problems]
    assert problems == [f"{PAGES['en']}:{line}: 'Prepare the room' is not a diagram item (write '- label: text', "
                        "or '  - point' under a comparison column) [diagram.syntax]"]


def test_a_word_is_never_broken_inside_a_diagram_shape() -> None:
    """A hub's centre that fits "Coaching" but not "Coaching " on a line is set smaller, not as "Coachin|g"."""
    from build_tools.course.diagrams import Diagram, DiagramItem
    from build_tools.course.source import SourceLocation
    from build_tools.slides.diagram_fit import fit_diagram
    from build_tools.slides.render import shared_measurer
    from build_tools.slides.settings import load_deck_settings
    from build_tools.slides.template import template_boxes

    where = SourceLocation(Path("docs/modules/04.en.md"), 1)
    labels = ["Coaching leader", "A. Leadership charisma", "B. Brainstorming", "C. Coaching skills (KSA)",
              "D. Behavioural style", "E. Performance cycle (PDCA)"]
    diagram = Diagram("hub", "The coaching leader's five tools", tuple(DiagramItem(label, "", where)
                                                                          for label in labels), where)
    area = template_boxes(load_deck_settings(ROOT))[("content", 1)]  # a diagram's own slide
    problems: list = []
    plan = fit_diagram(diagram, area, shared_measurer(), problems, (40.0, 18.0))
    lines = [line for text in plan.texts for paragraph in text for line in paragraph.text.split("\n")]
    words = {word for label in labels for word in label.split()}
    assert {word for line in lines for word in line.split()} <= words, lines  # no "Coachin|g"
    assert plan.size >= 18 and problems == []
