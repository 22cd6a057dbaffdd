"""The course's words as the outputs show them: module titles that carry their number, a course's duration."""

from __future__ import annotations

import pytest
from course_copies import TWO_DAY

from build_tools.course import localise
from build_tools.course.load import load_course


@pytest.fixture(scope="module")
def course():
    return load_course(TWO_DAY).course


@pytest.mark.parametrize(("title", "number", "language", "carries"), [
    ("第一单元：角色认知", 1, "zh", True),
    ("第1单元 角色认知", 1, "zh", True),
    ("单元 1：角色认知", 1, "zh", True),
    ("第十二单元：复盘", 12, "zh", True),
    ("Unit 1: Roles", 1, "en", True),
    ("Module 12 - Review", 12, "en", True),
    ("第二单元：角色认知", 1, "zh", False),  # another module's number: numbered as usual
    ("1 对 1 面谈", 1, "zh", False),
    ("Unity at work", 1, "en", False),
    ("Unit 10", 1, "en", False),
    ("倾听", 1, "zh", False),
])
def test_a_title_that_carries_its_module_number(course, title, number, language, carries):
    assert localise.title_carries_number(course, language, title, number) is carries


def test_chinese_numbers_up_to_ninety_nine():
    assert [localise.chinese_number(n) for n in (1, 9, 10, 11, 20, 21, 99)] == \
        ["一", "九", "十", "十一", "二十", "二十一", "九十九"]

