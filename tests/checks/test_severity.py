"""A course's own severities (checks/severity.py, `rules:` in docs/course.yml): house style advises, it does
not gate, unless the course or a release build asks for it."""

from __future__ import annotations

from pathlib import Path

from course_copies import MINIMAL, copy_course, edit

from build_tools.checks.checked import course_and_problems

PLAIN_POINTS = ("- **专注**：放下手头的事情。\n- **确认**：复述对方的话。\n- **提问**：用开放式问题深入。",
                "- 放下手头的事情。\n- 复述对方的话。\n- 用开放式问题深入。")
QUESTION = '!!! question "讨论"\n    你最近一次被认真倾听是什么时候？\n\n'


def reported(course: Path) -> list[str]:
    """What `make check` prints for each problem's first line (a warning says so), without the one line that the
    fixture has no translation records (tests/course/test_translations.py checks that line)."""
    _, problems = course_and_problems(course)
    return sorted(f"{p.source}: {'warning: ' if p.warning else ''}{p.message} [{p.code}]" for p in problems
                  if p.source.path.as_posix() != "docs/translations/en.yml")


def plain_session(tmp_path: Path) -> Path:
    """Session 'basics' of the minimal course written in plain Markdown: plain bullets, no question block."""
    course = copy_course(tmp_path, MINIMAL)
    edit(course, "docs/modules/01-listening.md", PLAIN_POINTS[0], PLAIN_POINTS[1])
    edit(course, "docs/modules/01-listening.md", QUESTION, "")
    return course


ADVICE = [
    "docs/modules/01-listening.md:13: {w}session 'basics' has no '!!! question' block [session.no_question]",
    "docs/modules/01-listening.md:17: {w}the key points of session 'basics' are plain bullets, not "
    "'**term**: explanation' [session.key_point]",
]


def test_house_style_is_a_warning_by_default(tmp_path):
    assert reported(plain_session(tmp_path)) == sorted(line.format(w="warning: ") for line in ADVICE)


def test_release_and_strict_make_every_advice_an_error(tmp_path):
    course = plain_session(tmp_path)
    edit(course, "docs/course.yml", "teaching_minutes: 60", "teaching_minutes: 60\nrelease: true")
    assert reported(course) == sorted(line.format(w="") for line in ADVICE)
    edit(course, "docs/course.yml", "release: true", "rules:\n  strict: true")
    assert reported(course) == sorted(line.format(w="") for line in ADVICE)


def test_a_course_selects_and_ignores_single_advice_rules(tmp_path):
    course = plain_session(tmp_path)
    edit(course, "docs/course.yml", "teaching_minutes: 60",
         "teaching_minutes: 60\nrules:\n  select: [session.no_question]\n  ignore: [session.key_point]")
    assert reported(course) == [ADVICE[0].format(w="")]
    edit(course, "docs/course.yml", "rules:", "release: true\nrules:")
    assert reported(course) == [ADVICE[0].format(w="")]  # an ignored rule stays off in a release build


def test_only_advice_can_be_selected_or_ignored(tmp_path):
    course = copy_course(tmp_path, MINIMAL)
    edit(course, "docs/course.yml", "teaching_minutes: 60",
         "teaching_minutes: 60\nrules:\n  ignore: [timing.day_end, session.keypoint, session.key_point]\n"
         "  select: session.no_question\n  strict: yes please\n  gate: true")
    assert reported(course) == [
        "docs/course.yml:10: 'rules: strict' must be true or false, not 'yes please' [settings.invalid]",
        "docs/course.yml:11: unknown key 'gate' in 'rules' [settings.unknown_key]",
        "docs/course.yml:8: 'session.keypoint' is not a problem code (README, 'Problem codes') [settings.invalid]",
        "docs/course.yml:8: 'timing.day_end' is an error, not advice: an output would be wrong without it, so it "
        "cannot be selected or ignored [settings.invalid]",
        "docs/course.yml:9: 'rules: select' must be a list of problem codes, e.g. [session.key_point] "
        "[settings.invalid]",
    ]


def test_a_code_both_selected_and_ignored_is_reported(tmp_path):
    course = copy_course(tmp_path, MINIMAL)
    edit(course, "docs/course.yml", "teaching_minutes: 60",
         "teaching_minutes: 60\nrules:\n  select: [i18n.term]\n  ignore: [i18n.term]")
    assert reported(course) == ["docs/course.yml:9: 'i18n.term' is both selected and ignored [settings.invalid]"]


def test_a_session_whose_case_page_has_questions_needs_no_question_block(tmp_path):
    course = copy_course(tmp_path, MINIMAL)
    edit(course, "docs/modules/02-feedback.md", '!!! question "讨论"\n    案例中的反馈缺了哪一步？\n', "")
    assert [line for line in reported(course) if "no_question" in line] == []
    edit(course, "docs/cases/late-report.md", "1. 你会怎样给小李反馈？", "小李会怎么想？")
    assert [line for line in reported(course) if "no_question" in line] == [
        "docs/modules/02-feedback.md:13: warning: session 'feedback-case' has no '!!! question' block "
        "[session.no_question]"]


def test_numbered_steps_in_a_method_taught_in_steps_are_not_a_case(tmp_path):
    course = copy_course(tmp_path, MINIMAL)
    steps = "讨论：\n\n1. 两人一组。\n2. 一人讲述，一人复述。\n3. 交换角色。"
    edit(course, "docs/modules/01-listening.md",
         "- **复述**：用自己的话重复。\n- **反馈**：说出听到的感受。\n- **交换**：角色互换再练一次。", steps)
    assert "docs/modules/01-listening.md:36: warning: a numbered list under '讨论：' looks like a case's questions " \
           "[session.inline_case]" in reported(course)
    edit(course, "docs/course.yml", "teaching_minutes: 60",
         "teaching_minutes: 60\nmethods:\n  - {zh: 讲授, en: lecture}\n  - {zh: 训练, en: exercise, steps: true}\n"
         "  - {zh: 案例分析, en: case study}")
    assert [line for line in reported(course) if "inline_case" in line] == []


def test_a_method_marked_in_steps_takes_only_true_or_false(tmp_path):
    course = copy_course(tmp_path, MINIMAL)
    edit(course, "docs/course.yml", "teaching_minutes: 60",
         "teaching_minutes: 60\nmethods:\n  - {zh: 讲授, en: lecture}\n  - {zh: 训练, en: exercise, steps: often}\n"
         "  - {zh: 案例分析, en: case study}")
    assert reported(course) == ["docs/course.yml:9: a method's 'steps' must be true or false, not 'often' "
                                "[settings.invalid]"]
