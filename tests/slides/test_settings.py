"""slides/decks.yml as read: keys renamed since a course wrote them are still read."""

from __future__ import annotations

from course_copies import TWO_DAY, copy_course, edit

from build_tools.slides.settings import load_deck_settings


def test_the_whole_course_deck_key_is_named_for_the_course_and_reads_its_old_name(tmp_path):
    """`decks: whole_course` (a course of two days has no "full day" deck); `full_day` still works."""
    root = copy_course(tmp_path, TWO_DAY)
    assert load_deck_settings(root).decks.whole_course is True
    edit(root, "slides/decks.yml", "  whole_course: true ", "  full_day: false ")
    assert load_deck_settings(root).decks.whole_course is False
