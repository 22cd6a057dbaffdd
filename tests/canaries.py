"""Canaries: a unique marker string in every piece of trainer text of a course, and stray files under docs/.

The shared two-day build (`conftest.two_day_build`) carries them, so every test that reads its outputs also
reads a course whose trainer text is marked; tests/test_canaries.py searches the outputs.
"""

from __future__ import annotations

import re
from pathlib import Path

from build_tools.load import load_course

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
