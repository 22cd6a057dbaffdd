"""The loader: front matter, sections and blocks with their lines, language pairing, participant copies."""

from __future__ import annotations

from pathlib import Path

from course_copies import MINIMAL

from build_tools.load import load_course, parse_attrs, parse_page
from build_tools.model import BlockKind, Edition, Method, PageKind

PAGE = """---
kind: module
minutes: 20
---
# 标题 {#top}

导语，见[别处](other.md#x)。

## 学习目标 {#objectives}

- 目标一

## 第一节 {#one minutes=20 method="case study"}

目的。

```text
## 这不是标题
```

!!! trainer "培训师备注"
    只给培训师看。

    第二段。

!!! question "讨论"
    问题？

<!-- course:agenda -->
"""


def parse(text: str = PAGE):
    problems: list = []
    page = parse_page(text, Path("docs/modules/01-x.md"), "modules/01-x", "zh", problems)
    return page, problems


def test_front_matter_is_typed_and_keeps_lines():
    page, problems = parse()
    assert problems == []
    assert page.kind is PageKind.MODULE
    assert [(e.key, e.value, e.source.line) for e in page.front_matter] == [("kind", "module", 2), ("minutes", 20, 3)]


def test_headings_know_their_lines_ids_and_attributes_and_skip_code():
    page, _ = parse()
    assert [(h.level, h.title, h.id, h.source.line) for h in page.headings] == [
        (1, "标题", "top", 5),
        (2, "学习目标", "objectives", 9),
        (2, "第一节", "one", 13),
    ]
    assert page.headings[2].attrs == {"minutes": "20", "method": "case study"}


def test_blocks_are_split_by_kind_with_line_ranges():
    page, _ = parse()
    session_blocks = page.sections[2].blocks
    assert [(b.kind, b.source.line, b.end_line) for b in session_blocks] == [
        (BlockKind.TEXT, 15, 19),
        (BlockKind.TRAINER, 21, 24),
        (BlockKind.QUESTION, 26, 27),
        (BlockKind.MARKER, 29, 29),
    ]
    trainer = session_blocks[1]
    assert trainer.title == "培训师备注"
    assert trainer.markdown == "只给培训师看。\n\n第二段。"
    assert session_blocks[3].marker == "agenda"


def test_participant_markdown_drops_trainer_notes_but_keeps_line_numbers():
    page, _ = parse()
    participant = page.body_markdown(Edition.PARTICIPANT)
    facilitator = page.body_markdown(Edition.FACILITATOR)
    assert "只给培训师看" not in participant and "第二段" not in participant
    assert "只给培训师看" in facilitator
    assert participant.count("\n") == facilitator.count("\n")
    assert "问题？" in participant


def test_links_are_found_with_their_lines():
    page, _ = parse()
    assert [(r.target, r.is_image, r.source.line) for r in page.references] == [("other.md#x", False, 7)]


def test_attr_blocks_accept_quoted_values():
    assert parse_attrs('#id minutes=15 method="group discussion" .cls') == (
        "id",
        {"minutes": "15", "method": "group discussion"},
    )


def test_pages_pair_by_suffix_and_modules_follow_file_order():
    course = load_course(MINIMAL).course
    assert [lang.code for lang in course.languages] == ["zh", "en"]
    assert {(p.key, p.language) for p in course.pages if p.key == "index"} == {("index", "zh"), ("index", "en")}
    modules = course.modules["en"]
    assert [(m.number, m.id, m.minutes) for m in modules] == [(1, "listening", 30), (2, "feedback", 30)]
    sessions = course.sessions("zh")
    assert [(s.id, s.minutes, s.method) for s in sessions] == [
        ("basics", 20, Method.LECTURE),
        ("practice", 10, Method.EXERCISE),
        ("feedback-case", 30, Method.CASE_STUDY),
    ]
    assert [b.kind for b in sessions[0].blocks] == [
        BlockKind.TEXT,
        BlockKind.QUESTION,
        BlockKind.TRAINER,
        BlockKind.MATERIALS,
    ]
    assert [p.key for p in course.cases_for("feedback-case", "en")] == ["cases/late-report"]


def test_glossary_terms_come_from_the_table():
    course = load_course(MINIMAL).course
    assert [(e.terms, e.meaning, e.source.line) for e in course.glossary] == [
        ({"zh": "反馈", "en": "feedback"}, "告诉对方他的行为带来的影响", 8)
    ]


def test_settings_give_the_day_plan_in_minutes():
    settings = load_course(MINIMAL).course.settings
    assert settings is not None
    assert settings.title["en"] == "Minimal course"
    assert settings.teaching_minutes == 60
    day = settings.days[0]
    assert (day.start, day.end) == (540, 615)
    assert [(p.start, p.minutes, p.kind.value) for p in day.pauses] == [(570, 15, "break")]


def test_links_resolve_inside_docs_by_the_chinese_file_name():
    page, _ = parse()
    assert page.resolve("../cases/x.md#q").page_key == "cases/x"
    assert page.resolve("../cases/x.md#q").fragment == "q"
    same = page.resolve("#one")
    assert (same.page_key, same.fragment, same.same_page) == ("modules/01-x", "one", True)
    assert page.resolve("../assets/images/a.png").path == "assets/images/a.png"
    assert page.resolve("../assets/images/a.png").page_key is None
    for outside in ("../../README.md", "/etc/passwd", "https://example.com/a.md", "file:///etc/passwd"):
        assert page.resolve(outside) is None
