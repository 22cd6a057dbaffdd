"""Chinese words on pages in other languages carry their language (parts/foreign_words.py)."""

from __future__ import annotations

from build_tools.parts.foreign_words import WordLanguages, han_language, mark_han_words


def test_han_runs_in_english_text_are_marked_chinese_and_tags_code_and_attributes_are_not() -> None:
    html = '<p>expression (明), <code>听</code> <a href="x" title="儒">儒 and 听听</a></p>'

    assert mark_han_words(html, "en") == (
        '<p>expression (<span lang="zh">明</span>), <code>听</code> <a href="x" title="儒">'
        '<span lang="zh">儒</span> and <span lang="zh">听听</span></a></p>')


def test_traditional_forms_are_zh_hant_and_so_are_shared_ones_among_them() -> None:
    assert mark_han_words("<p>明, 聽 and 儒</p>", "en") == (
        '<p><span lang="zh-Hant">明</span>, <span lang="zh-Hant">聽</span> and <span lang="zh-Hant">儒</span></p>')
    assert mark_han_words("<p>三明治, 记忆 and 聽</p>", "en") == (  # a page with simplified words: only 聽
        '<p><span lang="zh">三明治</span>, <span lang="zh">记忆</span> and <span lang="zh-Hant">聽</span></p>')


def test_a_deck_marks_chinese_in_english_and_english_in_chinese() -> None:
    english = WordLanguages.of_course(["zh", "en"], "en", "明, 聽 and 儒")
    assert (english.of("明"), english.of("and"), english.of("：")) == ("zh-Hant", None, None)
    chinese = WordLanguages.of_course(["zh", "en"], "zh", "先找出KSA差距")
    assert (chinese.of("KSA"), chinese.of("差距"), chinese.of("2026")) == ("en", None, None)
    assert WordLanguages.of_course(["zh"], "zh").of("KSA") is None  # no language to name it by


def test_pages_written_in_han_characters_and_marked_words_are_left_alone() -> None:
    assert mark_han_words("<p>明白</p>", "zh") == "<p>明白</p>"
    assert mark_han_words("<p>明白</p>", "ja") == "<p>明白</p>"
    marked = '<p><span lang="zh-Hant">聽</span></p>'
    assert mark_han_words(marked, "en") == marked


def test_the_chinese_code_is_the_courses_own() -> None:
    assert han_language(["en", "zh-Hans"]) == "zh-Hans"
    assert han_language(["en", "ja"]) == "zh"
