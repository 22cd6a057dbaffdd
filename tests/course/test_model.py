"""What the renderers read: sessions' parts, cases, worksheets, reading order, agenda, methods and words.

Everything is read off the fixture courses: a two-day course with units as folders and its own methods
and words (tests/fixtures/two_day_course), and a course in three languages (three_language_course).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from course_copies import MINIMAL, THREE_LANGUAGES, TWO_DAY, copy_course

from build_tools.checks.checked import course_and_problems
from build_tools.course import localise
from build_tools.course.editions import body_markdown, pages_of_kind, visible_in
from build_tools.course.handouts import materials_items
from build_tools.course.interface_words import WORD_KEYS
from build_tools.course.links import link_target
from build_tools.course.load import load_course
from build_tools.course.model import BlockKind, Course, Edition, PageKind
from build_tools.course.reading_order import reading_order
from build_tools.course.schedule import clock, span


@pytest.fixture(scope="module")
def two_day() -> Course:
    return load_course(TWO_DAY).course


@pytest.fixture(scope="module")
def three() -> Course:
    return load_course(THREE_LANGUAGES).course


def line_of(course_root: Path, relative: str, text: str) -> int:
    """The 1-based line of a fixture file that contains `text` (the test's own look-up, not a renderer's)."""
    lines = (course_root / relative).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


@pytest.mark.parametrize("root", [MINIMAL, TWO_DAY, THREE_LANGUAGES], ids=lambda p: p.name)
def test_fixture_courses_pass_the_check(root):
    """No problem, but one advice where a fixture records no translation (they are edited by the tests)."""
    _, problems = course_and_problems(root)
    records = re.compile(r"no (English|Japanese) section records the Chinese text it was translated from")
    assert [f"{p.source}: {p.message} [{p.code}]" for p in problems if not records.match(p.message)] == []
    assert all(p.warning and p.code == "i18n.untracked" for p in problems)


# --- modules as folders ----------------------------------------------------------------------------


def test_units_are_folders_with_an_index_page_and_one_page_per_session(two_day):
    view = two_day.view("zh")
    assert [(m.number, m.id, m.title, m.minutes, m.page.key) for m in view.modules] == [
        (1, "listening", "倾听客户需求", 90, "units/01-listening/index"),
        (2, "complaints", "处理投诉", 90, "units/02-complaints/index"),
        (3, "promises", "兑现服务承诺", 120, "units/03-promises/index"),
    ]
    first = view.modules[0]
    assert [p.key for p in first.session_pages] == [
        "units/01-listening/01-first-minute",
        "units/01-listening/02-finding-needs",
    ]
    assert first.pages == (first.page, *first.session_pages)
    assert [(s.id, s.page.key, s.page.kind, s.heading.level, s.group) for s in first.sessions] == [
        ("first-minute", "units/01-listening/01-first-minute", PageKind.SESSION, 1, None),
        ("finding-needs", "units/01-listening/02-finding-needs", PageKind.SESSION, 1, None),
    ]
    assert [i.text for i in first.objective_items] == [
        "在通话的第一分钟里让客户感到被重视",
        "用开放式问题和复述听出客户的真实需求",
    ]
    assert first.objectives.heading.source.line == 9
    assert [s.id for s in view.sessions] == [
        "first-minute", "finding-needs", "learn-model", "angry-caller", "saying-no", "follow-up-plan",
    ]
    assert view.module_of(view.session("saying-no")) is view.modules[2]
    assert [m.session_minutes for m in view.modules] == [90, 90, 120]


def test_a_session_page_takes_its_title_minutes_and_method_from_its_h1(two_day):
    session = two_day.session("angry-caller", "en")
    assert (session.title, session.minutes, session.method.label("en"), session.method.label("zh")) == (
        "The angry caller", 45, "role play", "角色扮演",
    )
    assert str(session.source) == "docs/units/02-complaints/02-angry-caller.en.md:4"
    heading = session.heading
    assert (heading.level, heading.title, heading.id, heading.classes) == (1, "The angry caller", "angry-caller", ())
    assert session.page_key == "units/02-complaints/02-angry-caller"


def test_a_session_page_outside_any_unit_folder_is_reported(tmp_path):
    course = copy_course(tmp_path, TWO_DAY)
    (course / "docs/units/04-extra").mkdir()
    for suffix in ("", ".en"):
        text = (course / f"docs/units/03-promises/01-saying-no{suffix}.md").read_text(encoding="utf-8")
        (course / f"docs/units/04-extra/01-saying-no-again{suffix}.md").write_text(
            text.replace("{#saying-no ", "{#saying-no-again "), encoding="utf-8"
        )
    _, problems = course_and_problems(course)
    assert any(p.source.path.as_posix() == "docs/units/04-extra/01-saying-no-again.md" for p in problems)


# --- a session's parts ---------------------------------------------------------------------------


def test_a_session_gives_its_purpose_key_points_question_trainer_notes_and_materials(two_day):
    session = two_day.session("first-minute", "zh")
    assert session.purpose.text == (
        "通话的第一分钟决定了客户愿不愿意把问题说完整。本环节一起拆解好的开场由哪几部分组成。"
    )
    assert session.purpose.source.line == 6
    assert [(p.term, p.explanation, p.source.line) for p in session.key_points] == [
        ("问候", "报出公司和自己的名字，语速放慢。", 8),
        ("称呼", "问清客户怎样称呼，之后一直使用。", 9),
        ("邀请", "用一句话请客户把情况说完。", 10),
        ("记录", "边听边记下关键词，不要急着打断。", 11),
    ]
    assert session.key_points[0].markdown == "**问候**：报出公司和自己的名字，语速放慢。"
    assert session.key_points_block.source.line == 8
    assert [(q.markdown, q.source.line, q.end_line) for q in session.questions] == [
        ("回想你最近接的一通电话：客户在第一分钟里说了什么？你是怎样回应的？", 13, 14)
    ]
    (notes,) = session.trainer_notes
    assert (notes.source.line, notes.end_line) == (16, 19)
    assert notes.markdown == ("先播放一段开场很仓促的录音，请各组找出三处可以改进的地方，再引出四个要点。\n\n"
                              "控制在三十分钟内，每组汇报不超过两分钟。")
    assert [c.kind for c in notes.children] == [BlockKind.PARAGRAPH, BlockKind.PARAGRAPH]
    assert [(i.text, i.source.line) for i in materials_items(session)] == [("开场录音一段", 22), ("每组一张海报纸", 23)]
    assert session.images == ()
    assert [b.kind for b in session.blocks] == [
        BlockKind.PARAGRAPH, BlockKind.LIST, BlockKind.QUESTION, BlockKind.TRAINER, BlockKind.MATERIALS,
    ]


def test_a_key_point_that_wraps_keeps_its_first_line_and_joins_its_text(two_day):
    english = two_day.session("finding-needs", "en").key_points
    assert [(p.term, p.explanation, p.source.line) for p in english] == [
        ("Open question", "start with what or how, so the customer says more.", 8),
        ("Paraphrase", "say the customer’s meaning back in your own words and ask them to confirm.", 10),
        ("Confirm the need", "say the need you heard and ask “Is that right?”", 11),
    ]
    assert english[0].markdown == "**Open question**: start with what or how,\nso the customer says more."
    chinese = two_day.session("finding-needs", "zh").key_points
    assert [(p.term, p.source.line) for p in chinese] == [("开放式问题", 8), ("复述", 10), ("确认需求", 11)]
    assert chinese[0].markdown == "**开放式问题**：用“什么”“怎样”开头，\n让客户多说一些。"


def test_a_wrapped_chinese_key_point_has_no_stray_space(two_day):
    point = two_day.session("finding-needs", "zh").key_points[0]
    assert point.explanation == "用“什么”“怎样”开头，让客户多说一些。"


def test_a_session_with_an_image_and_a_sub_heading_keeps_everything_up_to_the_next_session(two_day):
    session = two_day.session("learn-model", "zh")
    assert [(i.target, i.text, i.source.line) for i in session.images] == [
        ("../../assets/images/learn-steps.png", "LEARN 五步法示意图", 14)
    ]
    assert [p.term for p in session.key_points] == ["倾听", "同理", "道歉", "解决", "通知"]
    assert [b.kind for b in session.blocks] == [
        BlockKind.PARAGRAPH, BlockKind.LIST, BlockKind.PARAGRAPH, BlockKind.QUOTE, BlockKind.QUESTION,
        BlockKind.TRAINER,
    ]
    assert [(q.text, q.source.line) for q in session.questions] == [("示范对话里，客服用哪一句话表达了同理心？", 22)]
    assert session.materials == () and materials_items(session) == ()
    english = two_day.session("learn-model", "en")
    assert [(i.target, i.text) for i in english.images] == [("../../assets/images/learn-steps.png", "The LEARN steps")]


def test_materials_keep_their_links_to_handouts(two_day):
    session = two_day.session("angry-caller", "en")
    (item,) = materials_items(session)
    assert item.text == "The delayed refund, one per group"
    assert [(r.target, r.text, r.source.line) for r in item.references] == [
        ("../../cases/delayed-refund.md", "The delayed refund", 19)
    ]
    target = link_target(session.page, item.references[0].target)
    assert two_day.view("en").page(target.page_key).handout.value == "group"


def test_participants_never_get_trainer_notes_or_materials_of_a_session_page(two_day):
    page = two_day.page("units/01-listening/02-finding-needs", "zh")
    participant = body_markdown(page, Edition.PARTICIPANT)
    assert "观察员" not in participant and "计时器" not in participant
    assert "练习中，哪一个问题" in participant
    assert "计时器" in body_markdown(page, Edition.FACILITATOR)


# --- cases and worksheets --------------------------------------------------------------------------


def test_a_case_gives_its_session_scenario_and_debrief(two_day):
    view = two_day.view("zh")
    (case,) = view.cases
    assert view.cases_for("angry-caller") == (case,)
    assert (case.title, case.session_id, case.page.handout.value) == ("案例：迟到的退款", "angry-caller", "group")
    assert case.scenario.heading.source.line == 8
    assert [b.text[:6] for b in case.scenario.blocks] == ["王女士两周前", "今天是她第三"]
    assert case.questions_section.heading.id == "questions"
    (debrief,) = case.debrief
    assert debrief.kind is BlockKind.TRAINER
    assert [(i.text, i.source.line) for i in debrief.items] == [
        ("前两次通话都没有给出具体的时间，这是王女士发火的主要原因。", 21),
        ("好的回应先承认等待带来的不安，再查清退款卡在哪一步。", 22),
    ]


def test_a_case_questions_are_only_the_numbered_questions(two_day):
    (case,) = two_day.view("zh").cases
    assert [(q.number, q.text, q.source.line) for q in case.questions] == [
        (1, "王女士此刻最需要听到的是什么？", 16),
        (2, "按照 LEARN 五步法，你的第一句话会怎样说？", 17),
        (3, "你能作出什么样的服务承诺，又怎样保证兑现？", 18),
    ]


def test_a_worksheet_follows_the_earliest_session_it_links_to(two_day):
    for language in ("zh", "en"):
        view = two_day.view(language)
        (worksheet,) = view.worksheets
        assert (worksheet.page.key, worksheet.after_session) == ("workbook/needs-log", "finding-needs")
        assert view.worksheets_after("finding-needs") == (worksheet,)
        assert view.worksheets_after("follow-up-plan") == () and view.worksheets_after(None) == ()
    table = next(b for b in two_day.page("workbook/needs-log", "en").blocks if b.kind is BlockKind.TABLE)
    assert table.header == ("No.", "The customer’s words", "The need I heard", "My paraphrase")
    assert [row for _, row in table.rows] == [("1", "", "", ""), ("2", "", "", ""), ("3", "", "", "")]


def test_a_worksheet_that_links_to_no_session_follows_the_first_session_linking_to_it_else_the_end(tmp_path):
    course = copy_course(tmp_path, TWO_DAY)
    for suffix in ("", ".en"):
        worksheet = course / f"docs/workbook/needs-log{suffix}.md"
        lines = worksheet.read_text(encoding="utf-8").split("\n")
        worksheet.write_text("\n".join(line for line in lines if "../units/" not in line), encoding="utf-8")
    view = load_course(course).course.view("zh")
    assert [(w.page.key, w.after_session) for w in view.worksheets] == [("workbook/needs-log", "finding-needs")]
    for suffix in ("", ".en"):
        for session_page in ("01-listening/02-finding-needs", "03-promises/02-follow-up-plan"):
            path = course / f"docs/units/{session_page}{suffix}.md"
            text = path.read_text(encoding="utf-8").replace("../../workbook/needs-log.md", "#x")
            path.write_text(text, encoding="utf-8")
    view = load_course(course).course.view("zh")
    assert [(w.page.key, w.after_session) for w in view.worksheets] == [("workbook/needs-log", None)]
    order = [page.key for page, _ in reading_order(view, Edition.PARTICIPANT)]
    assert order[-3:] == ["workbook/needs-log", "glossary", "downloads"]


# --- reading order ---------------------------------------------------------------------------------

PARTICIPANT_ORDER = [
    ("index", 1),
    ("agenda", 1),
    ("units/01-listening/index", 1),
    ("units/01-listening/01-first-minute", 2),
    ("units/01-listening/02-finding-needs", 2),
    ("workbook/needs-log", 2),
    ("units/02-complaints/index", 1),
    ("units/02-complaints/01-learn-model", 2),
    ("units/02-complaints/02-angry-caller", 2),
    ("cases/delayed-refund", 2),
    ("units/03-promises/index", 1),
    ("units/03-promises/01-saying-no", 2),
    ("units/03-promises/02-follow-up-plan", 2),
    ("glossary", 1),
    ("downloads", 1),
]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_reading_order_is_one_order_and_keeps_trainer_pages_for_the_facilitator_edition(two_day, language):
    view = two_day.view(language)
    participant = [(page.key, depth) for page, depth in reading_order(view, Edition.PARTICIPANT)]
    facilitator = [(page.key, depth) for page, depth in reading_order(view, Edition.FACILITATOR)]
    assert participant == PARTICIPANT_ORDER
    assert facilitator == [*PARTICIPANT_ORDER[:-2], ("trainer-prep", 1), *PARTICIPANT_ORDER[-2:]]
    assert all(page.language == language for page, _ in reading_order(view, Edition.FACILITATOR))
    trainer_prep = view.page("trainer-prep")
    assert trainer_prep.facilitator_only and not visible_in(trainer_prep, Edition.PARTICIPANT)
    assert pages_of_kind(view, PageKind.PAGE, Edition.PARTICIPANT) == ()


# --- agenda --------------------------------------------------------------------------------------


def test_the_agenda_lays_two_days_with_their_day_numbers(two_day):
    agenda = two_day.view("zh").agenda
    rows = [
        (i.day, clock(i.start), clock(i.end), i.session.id if i.session else i.pause.kind.value,
         i.module.number if i.module else None)
        for i in agenda.items
    ]
    assert rows == [
        (1, "09:00", "09:30", "first-minute", 1),
        (1, "09:30", "10:30", "finding-needs", 1),
        (1, "10:30", "10:45", "break", None),
        (1, "10:45", "11:30", "learn-model", 2),
        (1, "11:30", "12:15", "angry-caller", 2),
        (2, "09:00", "10:00", "saying-no", 3),
        (2, "10:00", "10:15", "break", None),
        (2, "10:15", "11:15", "follow-up-plan", 3),
    ]
    assert agenda.multi_day and agenda.day_count == 2
    assert agenda.day_ends == (735, 675)
    assert agenda.overruns == () and agenda.unplaced == ()
    assert (agenda.start_of("saying-no").day, agenda.start_of("saying-no").start) == (2, 540)


def test_times_on_a_two_day_course_carry_the_day_in_each_language(two_day):
    for language, expected in (("zh", "第2天 09:00–11:15"), ("en", "Day 2 · 09:00–11:15")):
        view = two_day.view(language)
        rows = view.agenda.module_rows(view.modules[2])
        assert [r.session.id for r in rows] == ["saying-no", "follow-up-plan"]
        assert span(view.agenda, rows, two_day.words[language]["day_time"]) == expected
    one_day = load_course(MINIMAL).course.view("en")
    rows = one_day.agenda.module_rows(one_day.modules[0])
    assert span(one_day.agenda, rows, "Day {n} · {time}") == "09:00–09:30"


# --- the course's own methods and words ------------------------------------------------------------


def test_the_course_calls_a_module_a_unit_in_every_interface_word(two_day):
    assert localise.word(two_day, "zh", "module_n", n=2) == "单元 2"
    assert localise.word(two_day, "en", "module_n", n=2) == "Unit 2"
    assert localise.word(two_day, "zh", "nav_modules") == "课程单元"
    assert localise.word(two_day, "en", "nav_modules") == "Units"
    assert localise.word(two_day, "en", "slide_module", n=3, title="Keeping service promises") == (
        "Unit 3: Keeping service promises"
    )
    assert localise.word(two_day, "zh", "deck_module", n=1, title="倾听客户需求") == (
        "单元 1 课件：倾听客户需求（PowerPoint）")
    assert localise.word(two_day, "zh", "break") == "茶歇"


def test_sessions_use_the_course_own_methods_in_both_languages(two_day):
    for language in ("zh", "en"):
        methods = [(s.id, s.method.label("zh"), s.method.label("en")) for s in two_day.sessions(language)]
        assert methods == [
            ("first-minute", "工作坊", "workshop"),
            ("finding-needs", "练习", "practice"),
            ("learn-model", "讲授", "lecture"),
            ("angry-caller", "角色扮演", "role play"),
            ("saying-no", "角色扮演", "role play"),
            ("follow-up-plan", "工作坊", "workshop"),
        ]
    settings = two_day.settings
    assert [s.method for s in two_day.sessions("en")][3] is settings.methods[1]


# --- a third language --------------------------------------------------------------------------------


def test_a_third_language_has_its_own_pages_sessions_and_method_names(three):
    assert [lang.code for lang in three.languages] == ["zh", "en", "ja"]
    assert three.language("ja").is_cjk and not three.language("ja").is_chinese
    view = three.view("ja")
    assert [p.key for p, _ in reading_order(view, Edition.PARTICIPANT)] == ["index", "modules/01-answering",
                                                                          "downloads"]
    assert [(s.id, s.title, s.minutes, s.method.label("ja")) for s in view.sessions] == [
        ("greeting", "最初のひとこと", 20, "講義"),
        ("hold-and-transfer", "保留と取り次ぎ", 25, "演習"),
    ]
    assert [(p.term, p.explanation) for p in view.session("greeting").key_points] == [
        ("すばやく", "ベル三回以内に出る。"),
        ("名乗る", "まず会社名、次に自分の名前を言う。"),
        ("笑顔で", "笑顔で話すと声に表れる。"),
    ]
    assert three.settings.title["ja"] == "電話応対マナー"


def test_the_third_language_interface_words_come_from_course_yml(three):
    given = yaml.safe_load((THREE_LANGUAGES / "docs/course.yml").read_text(encoding="utf-8"))["words"]["ja"]
    missing = [key for key in WORD_KEYS if key not in given]
    assert missing == [], f"add these words to tests/fixtures/three_language_course/docs/course.yml: {missing}"
    assert set(three.words["ja"]) == set(WORD_KEYS)
    assert localise.word(three, "ja", "module_n", n=1) == "モジュール 1"
    assert localise.word(three, "ja", "day_time", n=1, time="09:00") == "1日目 09:00"
    assert localise.word(three, "ja", "nav_modules") == "モジュール一覧"
    assert localise.word(three, "ja", "deck_module", n=1, title="電話を受ける") == (
        "モジュール 1 スライド：電話を受ける（PowerPoint）"
    )
    assert localise.word(three, "en", "module_n", n=1) == "Module 1"


def test_without_japanese_words_the_check_names_every_missing_word(tmp_path):
    course = copy_course(tmp_path, THREE_LANGUAGES)
    settings_file = course / "docs/course.yml"
    text = settings_file.read_text(encoding="utf-8")
    settings_file.write_text(text[: text.index("\nwords:\n") + 1], encoding="utf-8")  # reported at the first setting
    result = load_course(course)
    assert [f"{p.source}: {p.message} [{p.code}]" for p in result.problems] == [
        f"docs/course.yml:2: no interface words for 'ja' (日本語): add under 'words: ja:' {', '.join(WORD_KEYS)} "
        "[settings.words]"
    ]


def test_with_some_japanese_words_the_check_names_the_rest_at_the_language_line(tmp_path):
    course = copy_course(tmp_path, THREE_LANGUAGES)
    settings_file = course / "docs/course.yml"
    text = settings_file.read_text(encoding="utf-8")
    some_words = "words:\n  ja:\n    module: モジュール\n"
    settings_file.write_text(text[: text.index("\nwords:\n") + 1] + some_words, encoding="utf-8")
    result = load_course(course)
    line = line_of(course, "docs/course.yml", "  ja:")
    rest = ", ".join(key for key in WORD_KEYS if key != "module")
    assert [f"{p.source}: {p.message} [{p.code}]" for p in result.problems] == [
        f"docs/course.yml:{line}: no interface words for 'ja' (日本語): add under 'words: ja:' {rest} [settings.words]"
    ]
    assert localise.word(result.course, "ja", "module_n", n=2) == "モジュール 2"


def test_sections_for_one_edition_are_left_out_of_the_other(tmp_path):
    from course_copies import MINIMAL, copy_course, edit

    from build_tools.course.load import load_course
    from build_tools.course.model import Edition

    course_root = copy_course(tmp_path, MINIMAL)
    edit(course_root, "docs/index.md", "## 日程 {#agenda}", "## 日程 {#agenda .participant-only}")
    edit(course_root, "docs/index.md", "一门用来测试的课程",
         "## 备课 {#prep .facilitator-only}\n\n仅供培训师。\n\n一门用来测试的课程")
    page = load_course(course_root).course.page("index", "zh")
    participant, facilitator = body_markdown(page, Edition.PARTICIPANT), body_markdown(page, Edition.FACILITATOR)
    assert "仅供培训师" not in participant and "仅供培训师" in facilitator
    assert "course:agenda" in participant and "course:agenda" not in facilitator
    assert len(participant.split("\n")) == len(facilitator.split("\n")) == len(page.body_lines) + 1
