"""Chinese words on pages in other languages carry their language (parts/foreign_words.py)."""

from __future__ import annotations

from build_tools.parts.foreign_words import han_language, mark_han_words


def test_han_runs_in_english_text_are_marked_chinese_and_tags_code_and_attributes_are_not() -> None:
    html = '<p>expression (明), <code>聽</code> <a href="x" title="儒">儒 and 聽聽</a></p>'

    assert mark_han_words(html, "en") == (
        '<p>expression (<span lang="zh">明</span>), <code>聽</code> <a href="x" title="儒">'
        '<span lang="zh">儒</span> and <span lang="zh">聽聽</span></a></p>')


def test_pages_written_in_han_characters_and_marked_words_are_left_alone() -> None:
    assert mark_han_words("<p>明白</p>", "zh") == "<p>明白</p>"
    assert mark_han_words("<p>明白</p>", "ja") == "<p>明白</p>"
    marked = '<p><span lang="zh-Hant">聽</span></p>'
    assert mark_han_words(marked, "en") == marked


def test_the_chinese_code_is_the_courses_own() -> None:
    assert han_language(["en", "zh-Hans"]) == "zh-Hans"
    assert han_language(["en", "ja"]) == "zh"
