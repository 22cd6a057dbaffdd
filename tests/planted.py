"""What the shared two-day build (`conftest.two_day_build`) plants in its copy of the fixture course.

- Canaries: a unique marker string in every piece of trainer text, and stray files under docs/
  (tests/test_canaries.py searches every output for them);
- SECRET: words in a trainer note that search must not find (tests/site/test_build.py);
- a stale translation: the translations are marked current, then one Chinese section is reworded.

Every test that reads the shared outputs thus reads a course whose trainer text is marked.
"""

from __future__ import annotations

import re
from pathlib import Path

from course_copies import edit

from build_tools.checks.checked import checked_course
from build_tools.cli import main
from build_tools.course.load import load_course
from build_tools.course.model import Course, Page, PageKind

CANARY = "QZCANARY{:04d}QZ"
FOUND = re.compile(r"QZCANARY\d{4}QZ")


def plant_canaries(root: Path) -> dict[str, set[str]]:
    """Write a canary into every piece of trainer text of the course at `root`; the canaries by where they are."""
    course = load_course(root).course
    planted: dict[str, set[str]] = {"box": set(), "page": set(), "section": set(), "comment": set()}
    for page in course.pages:
        path = root / page.source_path
        lines = path.read_text(encoding="utf-8").split("\n")
        after: dict[int, str] = {}  # 0-based file line → text to add at its end

        def plant(kind: str, line_index: int, text: str, after: dict[int, str] = after) -> None:
            canary = CANARY.format(sum(len(found) for found in planted.values()) + 1)
            planted[kind].add(canary)
            after[line_index] = after.get(line_index, "") + text.format(canary)

        for block in page.blocks:
            if block.kind.facilitator_only:
                body = block.source.line  # the first body line (1-based line after the opener)
                plant("box", body, " {}")
        if page.facilitator_only and page.title_heading is not None:
            plant("page", page.title_heading.source.line - 1, "\n\n{}\n")
        for heading in page.headings:
            if "facilitator-only" in heading.classes:
                plant("section", heading.source.line - 1, "\n\n{}\n")
        if page.title_heading is not None:
            plant("comment", page.title_heading.source.line - 1, "\n\n<!-- {} -->\n")
        if page.key == "index":  # a section for facilitators at the end of the home page, in every language
            plant("section", len(lines) - 1, "\n\n## Trainer prep {{#canary-prep .facilitator-only}}\n\n{}\n")
        for index, text in after.items():
            lines[index] += text
        path.write_text("\n".join(lines), encoding="utf-8")
    return planted


LEARN_PAGE = "docs/units/02-complaints/01-learn-model.md"
STRAY = ("units/02-complaints/01-learn-model.md~", "extra-terms.MD", "facilitator/answers.txt",
         "assets/images/answer-key.png")
"""Files under docs/ that no participant page shows: an editor's backup, a page with an upper-case suffix,
notes, and an image that only a trainer box uses (an answer key)."""


def plant_stray_files(root: Path) -> None:
    """The files of STRAY, each holding trainer text; the answer key is linked from a trainer box."""
    docs = root / "docs"
    (docs / STRAY[0]).write_text((root / LEARN_PAGE).read_text(encoding="utf-8"), encoding="utf-8")
    (docs / STRAY[1]).write_text("---\nkind: page\n---\n# 术语 {#terms}\n\nQZCANARY9001QZ\n", encoding="utf-8")
    (docs / STRAY[2]).parent.mkdir()
    (docs / STRAY[2]).write_text("答案：QZCANARY9002QZ\n", encoding="utf-8")
    (docs / STRAY[3]).write_bytes((docs / "assets/images/learn-steps.png").read_bytes())
    opener = '!!! trainer "培训师备注"\n'
    page = (root / LEARN_PAGE).read_text(encoding="utf-8")
    assert opener in page
    key = "    ![答案](../../assets/images/answer-key.png)\n\n"
    (root / LEARN_PAGE).write_text(page.replace(opener, opener + key, 1), encoding="utf-8")


SECRET = {"zh": "紫藤秘语", "en": "Quagmireplum"}
"""Words added to a trainer note: no participant page has them, so neither may the site."""


def mark_translations_current(root: Path) -> None:
    """`python -m build_tools translations --mark-current docs`, as a translator runs it after checking."""
    assert main(["--root", str(root), "translations", "--mark-current", str(root / "docs")]) == 0


def change_a_chinese_section(root: Path, course: Course) -> Page:
    """Reword the purpose of the first Chinese session on a session page; its English twin, which lags behind now."""
    session = next(s for s in course.view("zh").sessions if s.purpose and s.page.kind is PageKind.SESSION)
    assert session.purpose is not None
    first_line = session.purpose.markdown.splitlines()[0]
    edit(root, session.purpose.source.path.as_posix(), first_line, f"{first_line}（已修订）")
    twin = course.page(session.page.key, "en")
    assert twin is not None
    return twin


def secret_note(root: Path, course: Course) -> None:
    """Put SECRET into the first trainer note of the course, in each language."""
    for language, word in SECRET.items():
        note = next(s for s in course.view(language).sessions if s.trainer_notes).trainer_notes[0]
        first_line = note.markdown.splitlines()[0]
        edit(root, note.source.path.as_posix(), first_line, f"{first_line} {word}")


def plant_everything(root: Path) -> tuple[dict[str, set[str]], str]:
    """Canaries, stray files, SECRET, then a stale translation: the canaries and the stale English page's key."""
    planted = plant_canaries(root)
    plant_stray_files(root)
    secret_note(root, checked_course(root))
    mark_translations_current(root)
    stale = change_a_chinese_section(root, checked_course(root))
    return planted, stale.key
