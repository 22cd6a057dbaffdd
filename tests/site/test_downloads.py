"""The downloads page says what the participant slides' notes hold in the toolchain's words (issue 12), so it
stays true when the slides change: the course overview, the objectives, and each session's time, method and
purpose. Fixture courses only."""

from __future__ import annotations

from course_copies import FIXTURES, TWO_DAY, copy_course, edit

from build_tools.checks.checked import checked_course
from build_tools.parts.generated_markdown import downloads_markdown


def _notes_line(course, language: str) -> str:
    return downloads_markdown(course, course.page("downloads", language), ".").strip().splitlines()[-1]


def test_the_downloads_list_ends_with_what_the_slides_notes_hold_in_each_language():
    course = checked_course(TWO_DAY)
    assert _notes_line(course, "zh") == "课件的备注包含课程概览、学习目标，以及每个环节的时间、方式和目的。"
    assert _notes_line(course, "en") == (
        "The slides’ notes hold the course overview, the learning objectives, and each session’s time, method "
        "and purpose.")
    japanese = checked_course(FIXTURES / "three_language_course")
    assert _notes_line(japanese, "ja").startswith("スライドのノートには")


def test_the_sentence_uses_the_courses_own_words_and_a_course_may_reword_it(tmp_path):
    root = copy_course(tmp_path, TWO_DAY)
    edit(root, "docs/course.yml", "zh: {module: 单元, modules: 课程单元}",
         "zh: {module: 单元, modules: 课程单元, session: 活动, downloads_notes: '备注里有每个{session}的目的。'}")
    assert _notes_line(checked_course(root), "zh") == "备注里有每个活动的目的。"
