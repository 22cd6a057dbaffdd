"""The loader: front matter, sections, blocks and list entries with their lines; encodings; hostile YAML.

Parsing rules are tested on a small page held here; loading is tested on the fixture courses
(tests/fixtures/), never on the course in docs/.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from course_copies import MINIMAL, THREE_LANGUAGES, TWO_DAY, copy_course, edit

from build_tools.course import localise
from build_tools.course.editions import body_markdown
from build_tools.course.links import link_target
from build_tools.course.load import load_course
from build_tools.course.markdown_reading import parse_attributes
from build_tools.course.model import Block, BlockKind, Edition, PageKind
from build_tools.course.page_parser import parse_page
from build_tools.course.problems import Problem

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

- **Wrapped**: first line
  and second line.
- **第二点**：全角冒号。
- 没有术语的一点

![示意图](../assets/images/a.png)

```text
## 这不是标题
```

!!! trainer "培训师备注"
    只给培训师看。

    第二段。

!!! question "讨论"
    问题？

!!! materials "物料"
    - 白板
    - [讲义](../handouts/x.md)

| 列一 | 列二 |
| --- | --- |
| a |  |
| b | c |

<!-- course:agenda -->
"""



@contextlib.contextmanager
def no_hang(seconds: int = 120) -> Iterator[None]:
    """Fail instead of hanging (a runaway expansion or recursion); speed itself is measured in benchmarks."""

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)

def parse(text: str = PAGE):
    problems: list[Problem] = []
    page = parse_page(text, Path("docs/units/01-x/index.md"), "units/01-x/index", "zh", problems)
    return page, problems


def shown(problems) -> list[str]:
    """Problems as `make check` prints their first line."""
    return sorted(f"{p.source}: {p.message} [{p.code}]" for p in problems)


def session_blocks():
    page, _ = parse()
    return page.sections[2].blocks


# --- one page ----------------------------------------------------------------------------------


def test_front_matter_is_typed_and_keeps_lines():
    page, problems = parse()
    assert problems == []
    assert page.kind is PageKind.MODULE
    assert [(e.key, e.value, e.source.line) for e in page.front_matter] == [("kind", "module", 2), ("minutes", 20, 3)]
    assert page.body_start_line == 5


def test_headings_know_their_lines_ids_and_attributes_and_skip_code():
    page, _ = parse()
    assert [(h.level, h.title, h.id, h.source.line) for h in page.headings] == [
        (1, "标题", "top", 5),
        (2, "学习目标", "objectives", 9),
        (2, "第一节", "one", 13),
    ]
    assert page.headings[2].attrs == {"minutes": "20", "method": "case study"}
    heading = page.headings[2]
    assert (heading.level, heading.title, heading.id, heading.classes) == (2, "第一节", "one", ())


def is_image_only(block: Block) -> bool:
    """A paragraph that holds only images (no words of its own)."""
    return block.kind is BlockKind.PARAGRAPH and bool(block.images) and not block.text.strip()


def test_blocks_are_split_by_kind_with_line_ranges():
    assert [(b.kind, b.source.line, b.end_line) for b in session_blocks()] == [
        (BlockKind.PARAGRAPH, 15, 15),
        (BlockKind.LIST, 17, 20),
        (BlockKind.PARAGRAPH, 22, 22),
        (BlockKind.CODE, 24, 26),
        (BlockKind.TRAINER, 28, 31),
        (BlockKind.QUESTION, 33, 34),
        (BlockKind.MATERIALS, 36, 38),
        (BlockKind.TABLE, 40, 43),
        (BlockKind.MARKER, 45, 45),
    ]
    blocks = session_blocks()
    assert blocks[0].text == "目的。"
    assert is_image_only(blocks[2])
    assert blocks[8].marker == "agenda"
    assert [b.kind.facilitator_only for b in blocks[4:7]] == [True, False, True]


def test_list_entries_split_term_and_explanation_and_keep_their_first_line():
    items = session_blocks()[1].items
    assert [(i.source.line, i.term, i.explanation) for i in items] == [
        (17, "Wrapped", "first line and second line."),
        (19, "第二点", "全角冒号。"),
        (20, "", "没有术语的一点"),
    ]
    assert items[0].markdown == "**Wrapped**: first line\nand second line."
    assert items[0].text == "Wrapped: first line and second line."


def test_admonitions_keep_their_body_paragraphs_and_list_entries():
    trainer, question, materials = session_blocks()[4:7]
    assert trainer.markdown == "只给培训师看。\n\n第二段。"
    assert [c.kind for c in trainer.children] == [BlockKind.PARAGRAPH, BlockKind.PARAGRAPH]
    assert trainer.text == "只给培训师看。 第二段。"
    assert trainer.spelling == '!!! trainer "培训师备注"'
    assert question.text == "问题？"
    assert [(i.text, i.source.line) for i in materials.items] == [("白板", 37), ("讲义", 38)]
    assert [(r.target, r.source.line) for r in materials.items[1].references] == [("../handouts/x.md", 38)]


def test_admonitions_keep_their_titles():
    trainer, question, materials = session_blocks()[4:7]
    assert (trainer.title, question.title, materials.title) == ("培训师备注", "讨论", "物料")


def test_tables_give_the_header_and_each_row_with_its_line():
    table = session_blocks()[7]
    assert table.header == ("列一", "列二")
    assert table.rows == ((42, ("a", "")), (43, ("b", "c")))


def test_participant_markdown_drops_facilitator_blocks_but_keeps_line_numbers():
    page, _ = parse()
    participant = body_markdown(page, Edition.PARTICIPANT)
    facilitator = body_markdown(page, Edition.FACILITATOR)
    assert "只给培训师看" not in participant and "第二段" not in participant and "白板" not in participant
    assert "只给培训师看" in facilitator and "白板" in facilitator
    assert participant.count("\n") == facilitator.count("\n")
    assert participant.split("\n")[34 - page.body_start_line] == "    问题？"


def test_links_and_images_are_found_with_their_lines_and_text():
    page, _ = parse()
    assert [(r.target, r.is_image, r.source.line, r.text) for r in page.references] == [
        ("other.md#x", False, 7, "别处"),
        ("../assets/images/a.png", True, 22, "示意图"),
        ("../handouts/x.md", False, 38, "讲义"),
    ]


def test_attr_blocks_accept_quoted_values():
    quoted = parse_attributes('#id minutes=15 method="group discussion" .cls')
    assert (quoted.id, quoted.values, quoted.classes) == ("id", {"minutes": "15", "method": "group discussion"},
                                                          ("cls",))
    single = parse_attributes("#id minutes=15 method='role play'")
    assert (single.id, single.values) == ("id", {"minutes": "15", "method": "role play"})


def test_links_resolve_inside_docs_by_the_default_language_file_name():
    page, _ = parse()
    assert link_target(page, "../../cases/x.md#q").page_key == "cases/x"
    assert link_target(page, "../../cases/x.md#q").fragment == "q"
    assert link_target(page, "01-session.md").page_key == "units/01-x/01-session"
    same = link_target(page, "#one")
    assert (same.page_key, same.fragment, same.same_page) == ("units/01-x/index", "one", True)
    assert link_target(page, "../../assets/images/a.png").path == "assets/images/a.png"
    assert link_target(page, "../../assets/images/a.png").page_key is None
    for outside in ("../../../README.md", "/etc/passwd", "https://example.com/a.md", "file:///etc/passwd"):
        assert link_target(page, outside) is None


def test_crlf_line_endings_give_the_same_lines():
    page, problems = parse(PAGE.replace("\n", "\r\n"))
    assert problems == []
    assert [h.source.line for h in page.headings] == [5, 9, 13]
    assert page.sections[2].blocks[1].items[0].explanation == "first line and second line."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("# 标题 {#t}\n", ["docs/units/01-x/index.md:1: page has no front matter [page.front_matter]"],
                     id="no front matter"),
        pytest.param("---\nkind: module\n# 标题 {#t}\n",
                     ["docs/units/01-x/index.md:1: front matter is not closed by '---' [page.front_matter]"],
                     id="not closed"),
        pytest.param("---\nkind: module\nminuts: 20\n---\n# 标题 {#t}\n",
                     ["docs/units/01-x/index.md:3: unknown front-matter key 'minuts' [page.unknown_key]"],
                     id="unknown key"),
        pytest.param("---\nkind: module\nminutes: twenty\n---\n# 标题 {#t}\n",
                     ["docs/units/01-x/index.md:3: 'minutes' must be a whole number, not 'twenty' "
                      "[page.invalid_value]"],
                     id="not a number"),
        pytest.param("---\nkind: lesson\n---\n# 标题 {#t}\n",
                     ["docs/units/01-x/index.md:2: unknown page kind 'lesson' (allowed: home, agenda, module, "
                      "session, case, worksheet, reading, glossary, downloads, page) [page.invalid_value]"],
                     id="unknown kind"),
        pytest.param("---\nminutes: 20\n---\n# 标题 {#t}\n",
                     ["docs/units/01-x/index.md:1: front matter has no 'kind' [page.missing_key]"],
                     id="no kind"),
    ],
)
def test_front_matter_mistakes_are_reported_at_their_line(text, expected):
    _, problems = parse(text)
    assert shown(problems) == expected


def test_runaway_nesting_is_reported_quickly_instead_of_recursing():
    nested = "".join(f"{'    ' * depth}- level {depth}\n" for depth in range(300))
    with no_hang():
        page, problems = parse(f"---\nkind: page\n---\n# 标题 {{#t}}\n\n{nested}")
    assert [p.code for p in problems] == ["block.too_deep"]
    assert problems[0].source.line == 305
    assert len(problems[0].message) < 200


# --- whole courses -------------------------------------------------------------------------------


def test_pages_pair_by_suffix_in_every_language_and_folders_keep_their_path():
    course = load_course(TWO_DAY).course
    assert [lang.code for lang in course.languages] == ["zh", "en"]
    assert {(p.key, p.language, p.source_path.as_posix()) for p in course.pages if p.key.endswith("first-minute")} == {
        ("units/01-listening/01-first-minute", "zh", "docs/units/01-listening/01-first-minute.md"),
        ("units/01-listening/01-first-minute", "en", "docs/units/01-listening/01-first-minute.en.md"),
    }
    assert len(course.pages_in("zh")) == len(course.pages_in("en")) == 16
    three = load_course(THREE_LANGUAGES).course
    assert [(lang.code, lang.name, lang.default, lang.suffix) for lang in three.languages] == [
        ("zh", "简体中文", True, ""),
        ("en", "English", False, ".en"),
        ("ja", "日本語", False, ".ja"),
    ]
    assert three.page("modules/01-answering", "ja").source_path.as_posix() == "docs/modules/01-answering.ja.md"
    assert three.page("modules/01-answering", "ja").title == "電話を受ける"


def test_the_fixture_courses_load_without_problems():
    for root in (MINIMAL, TWO_DAY, THREE_LANGUAGES):
        assert shown(load_course(root).problems) == [], root.name


def test_settings_give_the_day_plan_in_minutes_and_the_course_own_methods_words_and_class():
    settings = load_course(TWO_DAY).course.settings
    assert settings is not None
    assert (settings.title["zh"], settings.title["en"]) == ("客户服务沟通", "Customer Service Conversations")
    assert settings.edition.isoformat() == "2026-03-02"
    assert settings.slug == "service-talk"
    assert settings.teaching_minutes == 300
    assert [(d.number, d.start, d.end, [(p.start, p.minutes, p.kind.value) for p in d.pauses])
            for d in settings.days] == [(1, 540, 735, [(630, 15, "break")]), (2, 540, 675, [(600, 15, "break")])]
    assert [dict(m.names) for m in settings.methods] == [
        {"zh": "工作坊", "en": "workshop"},
        {"zh": "角色扮演", "en": "role play"},
        {"zh": "练习", "en": "practice"},
        {"zh": "讲授", "en": "lecture"},
    ]
    assert settings.method("Role-Play") is settings.methods[1]
    assert settings.method("案例分析") is None
    assert (settings.class_size.participants, settings.class_size.groups, settings.class_size.trainers) == (16, 4, 1)
    assert settings.where("slug").line == 15
    assert (settings.words["zh"]["module"], settings.words["en"]["modules"]) == ("单元", "Units")


def test_a_course_without_methods_gets_the_default_ones():
    course = load_course(MINIMAL).course
    sessions = course.sessions("zh")
    assert [(s.id, s.minutes, s.method.label("zh"), s.method.label("en")) for s in sessions] == [
        ("basics", 20, "讲授", "lecture"),
        ("practice", 10, "训练", "exercise"),
        ("feedback-case", 30, "案例分析", "case study"),
    ]
    assert localise.word(course, "zh", "module_n", n=2) == "模块 2"


def test_a_page_saved_with_a_byte_order_mark_loads_like_any_other(tmp_path):
    course = copy_course(tmp_path, TWO_DAY)
    page_file = course / "docs/units/01-listening/02-finding-needs.md"
    page_file.write_bytes(b"\xef\xbb\xbf" + page_file.read_bytes())
    result = load_course(course)
    assert shown(result.problems) == []
    page = result.course.page("units/01-listening/02-finding-needs", "zh")
    assert page.kind is PageKind.SESSION
    assert page.title_source.line == 4
    session = result.course.session("finding-needs", "zh")
    assert [p.source.line for p in session.key_points] == [8, 10, 11]


def test_a_page_not_saved_as_utf8_is_reported_at_the_first_line_that_is_not(tmp_path):
    course = copy_course(tmp_path, TWO_DAY)
    page_file = course / "docs/units/01-listening/index.md"
    page_file.write_bytes(page_file.read_text(encoding="utf-8").encode("gbk"))
    result = load_course(course)
    assert shown(result.problems) == [
        "docs/units/01-listening/index.md:5: the page is not saved as UTF-8 [page.encoding]"
    ]
    assert result.course.page("units/01-listening/index", "zh") is None
    assert result.course.page("units/01-listening/index", "en") is not None


def _alias_ladder() -> str:
    """A flow list holding the 'billion laughs' ladder: nine levels of nine aliases each (9**9 leaves)."""
    levels = ["&a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"&{name} [{', '.join(['*' + previous] * 9)}]")
    return "[" + ", ".join(levels) + "]"


@pytest.mark.parametrize(("relative", "old", "message"), [
    pytest.param("docs/course.yml", "teaching_minutes: 300",
                 "docs/course.yml:16: a single value is needed here, not a list or mapping [settings.invalid]",
                 id="course.yml"),
    pytest.param("docs/cases/delayed-refund.md", "session: angry-caller",
                 "docs/cases/delayed-refund.md:3: 'session' must be text, not 'a list or mapping' [page.invalid_value]",
                 id="front matter"),
])
def test_an_alias_ladder_is_reported_quickly_and_briefly(tmp_path, relative, old, message):
    course = copy_course(tmp_path, TWO_DAY)
    key = old.split(":")[0]
    edit(course, relative, old, f"{key}: {_alias_ladder()}")
    with no_hang():
        result = load_course(course)
    assert shown(result.problems) == [message]


def test_python_tags_are_never_executed_and_are_reported(tmp_path, capfd):
    course = copy_course(tmp_path, TWO_DAY)
    command = '!!python/object/apply:os.system ["echo hi"]'
    edit(course, "docs/course.yml", "slug: service-talk", f"slug: {command}")
    edit(course, "docs/cases/delayed-refund.md", "session: angry-caller", f"session: {command}")
    edit(course, "docs/units/01-listening/index.md", "minutes: 90", "minutes: !!python/object/apply:os.getpid []")
    result = load_course(course)
    assert "hi" not in capfd.readouterr().out
    assert shown(result.problems) == [
        "docs/cases/delayed-refund.md:3: 'session' must be text, not 'a list or mapping' [page.invalid_value]",
        "docs/course.yml:15: a single value is needed here, not a list or mapping [settings.invalid]",
        "docs/units/01-listening/index.md:3: 'minutes' must be a whole number, not 'a list or mapping' "
        "[page.invalid_value]",
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param("zh: 听懂、回应、兑现承诺", 'zh: !!python/object/apply:os.system ["echo hi"]', id="python tag"),
        pytest.param("zh: 听懂、回应、兑现承诺", "zh: [听懂, 回应]", id="list"),
        pytest.param("{zh: 工作坊, en: workshop}", "{zh: [工作坊], en: workshop}", id="method name"),
        pytest.param("zh: {module: 单元,", "zh: {module: [单元],", id="word"),
    ],
)
def test_a_list_where_a_text_belongs_in_course_yml_is_reported(tmp_path, old, new):
    course = copy_course(tmp_path, TWO_DAY)
    edit(course, "docs/course.yml", old, new)
    result = load_course(course)
    assert [p.code for p in result.problems if p.source.path.name == "course.yml"] != []
    settings = result.course.settings
    assert settings is not None
    texts = [settings.subtitle["zh"], *(m.label("zh") for m in settings.methods), settings.words["zh"]["module"]]
    assert "(a list or mapping)" not in texts


def test_a_yes_no_word_yaml_reads_as_true_or_false_is_named_at_its_line(tmp_path):
    """`locale: no` (Norwegian) is `false` to YAML: MkDocs refuses it without a line; the report names it."""
    from build_tools.course.problems import BuildError

    course = copy_course(tmp_path)
    edit(course, "mkdocs.yml", "        - locale: en\n          name: English\n",
         "        - locale: en\n          name: English\n        - locale: no\n          name: Norsk\n")
    with pytest.raises(BuildError) as refused:
        load_course(course)
    assert str(refused.value).splitlines()[:2] == [
        "mkdocs.yml cannot be used:",
        "  mkdocs.yml:23: locale: no is read as false, not as the text 'no': write it in quotes (locale: \"no\")"]
