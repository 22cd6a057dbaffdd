"""The slide text estimate and line breaker: Chinese breaks between words, Latin at spaces, heights are conservative."""

from __future__ import annotations

import pytest
from lxml import etree
from pptx_reading import paragraphs_from_xml

from build_tools.slides.text_fit import (
    AUTOSPACE,
    WIDTH_SAFETY,
    TextBox,
    TextMeasurer,
    TextParagraph,
    TextRun,
    east_asian_context,
    insets_of,
)

A = "http://schemas.openxmlformats.org/drawingml/2006/main"


@pytest.fixture(scope="module")
def measurer() -> TextMeasurer:
    """One measurer for the module (it loads four fonts)."""
    return TextMeasurer()


def plain(text: str, size: float = 20, **kwargs: float) -> TextParagraph:
    """A one-run paragraph."""
    return TextParagraph((TextRun(text),), size, **kwargs)


def test_chinese_characters_are_one_em_wide(measurer: TextMeasurer) -> None:
    assert measurer.text_width("机器学习", 24) == pytest.approx(96)


def test_chinese_breaks_between_one_character_words(measurer: TextMeasurer) -> None:
    width = 10 * 20 / WIDTH_SAFETY + 1  # room for exactly ten characters at 20 pt
    lines = measurer.wrap(plain("一二三四五六七八九十" * 4), width)
    assert lines == ("一二三四五六七八九十",) * 4


def test_latin_breaks_only_at_spaces(measurer: TextMeasurer) -> None:
    paragraph = plain("alpha beta gamma delta")
    width = (measurer.text_width("alpha beta gam", 20)) / WIDTH_SAFETY
    assert measurer.wrap(paragraph, width) == ("alpha beta", "gamma delta")


def test_closing_punctuation_never_starts_a_line(measurer: TextMeasurer) -> None:
    width = 4 * 20 / WIDTH_SAFETY + 1  # four characters fit; the comma would be the fifth
    lines = measurer.wrap(plain("一二三四，五六"), width)
    assert lines == ("一二三", "四，五六")


def test_opening_punctuation_never_ends_a_line(measurer: TextMeasurer) -> None:
    width = 4 * 20 / WIDTH_SAFETY + 1
    lines = measurer.wrap(plain("一二三（四五）"), width)
    assert not any(line.endswith("（") for line in lines)


def test_libreoffice_spacing_between_chinese_and_latin_is_counted(measurer: TextMeasurer) -> None:
    apart = measurer.text_width("中", 20) + measurer.text_width("A", 20)
    assert measurer.text_width("中A", 20) == pytest.approx(apart + AUTOSPACE * 20)


def test_chinese_lines_are_taller_than_latin_lines(measurer: TextMeasurer) -> None:
    assert measurer.line_height(plain("中文")) > measurer.line_height(plain("Latin"))
    assert measurer.line_height(plain("09:00–09:15 Agenda")) == measurer.line_height(plain("Latin"))
    assert measurer.line_height(plain("中文")) >= 20 * 1.4


def test_height_counts_lines_and_space_before(measurer: TextMeasurer) -> None:
    paragraphs = [plain("Short", space_before=6), plain("Also short", space_before=6)]
    measured = measurer.measure(paragraphs, 500)
    assert measured.lines == (1, 1)
    assert measured.height == pytest.approx(12 + 2 * measurer.line_height(paragraphs[0]))


def test_fits_is_false_when_one_line_too_many(measurer: TextMeasurer) -> None:
    paragraph = plain("一二三四五六七八九十" * 3)
    one_line = measurer.line_height(paragraph)
    width = 10 * 20 / WIDTH_SAFETY + 1
    assert measurer.fits([paragraph], TextBox(width, 3 * one_line + 0.1))
    assert not measurer.fits([paragraph], TextBox(width, 3 * one_line - 0.1))


def test_hanging_indent_narrows_every_line(measurer: TextMeasurer) -> None:
    width = 10 * 20 / WIDTH_SAFETY + 1
    bulleted = TextParagraph((TextRun("一二三四五六七八九十"),), 20, 27, -27, bullet="•")
    hanging = TextParagraph((TextRun("一二三四五六七八九十"),), 20, 27, -27)
    assert measurer.line_count(bulleted, width) == 2
    assert measurer.wrap(hanging, width) == ("一二三四五六七八九十",)


def test_a_frame_without_room_never_fits(measurer: TextMeasurer) -> None:
    assert not measurer.fits([plain("x", margin_left=100)], TextBox(50, 1000))


def test_reads_paragraphs_back_from_slide_xml() -> None:
    body = etree.fromstring(
        f'<p:txBody xmlns:a="{A}" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
        '<a:bodyPr/><a:p><a:pPr marL="342900" indent="-342900"><a:lnSpc><a:spcPct val="90000"/></a:lnSpc>'
        '<a:spcBef><a:spcPts val="600"/></a:spcBef></a:pPr>'
        '<a:r><a:rPr lang="zh-CN" sz="2000" b="1"/><a:t>人力</a:t></a:r>'
        '<a:r><a:rPr lang="zh-CN" sz="2000" b="0"/><a:t>：选人</a:t></a:r></a:p>'
        '<a:p><a:r><a:rPr lang="zh-CN"/><a:t>第二段</a:t></a:r></a:p></p:txBody>'
    )
    first, second = paragraphs_from_xml(body, default_size=18)
    assert first.runs == (TextRun("人力", True), TextRun("：选人", False))
    assert (first.size, first.margin_left, first.first_indent) == (20, 27, -27)
    assert (first.space_before, first.line_spacing) == (6, 0.9)
    assert (second.size, second.margin_left, second.line_spacing) == (18, 0, 1.0)
    assert first.bullet == second.bullet == "•"  # nothing says "no bullet": assume the narrower case


def test_insets_come_from_the_first_body_properties_that_set_them() -> None:
    slide = etree.fromstring(f'<a:bodyPr xmlns:a="{A}" lIns="0"/>')
    layout = etree.fromstring(f'<a:bodyPr xmlns:a="{A}" lIns="12700" tIns="25400"/>')
    assert insets_of([slide, None, layout]) == (0, 2, 7.2, 3.6)


# --- where lines break (issue 12) --------------------------------------------------------------------

LONG = "从业务骨干到管理者：晋升之后，成绩不再看个人产出，而要看团队的整体结果。"
TITLE = "分析普通与高效之间的区别——360度系统思考"
CLOSING = set("，。、；：！？）》」』】〕〉”’…—%")


def jieba_starts(text: str) -> set[int]:
    """Where jieba starts a word."""
    import jieba

    starts, position = set(), 0
    for word in jieba.lcut(text):
        starts.add(position)
        position += len(word)
    return starts


def breaks(lines: tuple[str, ...]) -> list[int]:
    """Positions in the text where a line ends (for text without spaces)."""
    ends, position = [], 0
    for line in lines[:-1]:
        position += len(line)
        ends.append(position)
    return ends


@pytest.mark.parametrize("text", [LONG, TITLE, "如何做一名优秀的教练型领导者——教练“五用”技巧",
                                  "管理对象——人力/问题/资源/方法/机制/环境"])
def test_chinese_lines_end_between_words_at_every_width(measurer: TextMeasurer, text: str) -> None:
    words = jieba_starts(text)
    for characters in range(6, 30):
        lines = measurer.wrap(plain(text), characters * 20 / WIDTH_SAFETY + 1)
        assert "".join(lines) == text
        for end in breaks(lines):
            before, after = text[end - 1], text[end]
            if before.isalnum() and after.isalnum():
                assert end in words, (characters, lines)
        for line in lines:
            assert sum(c.isalnum() for c in line) >= 2, (characters, lines)  # no "果。" alone
            assert line[0] not in CLOSING, (characters, lines)


def test_a_last_character_and_its_full_stop_are_never_alone(measurer: TextMeasurer) -> None:
    width = (len(LONG) - 2) / 2 * 20 / WIDTH_SAFETY + 1  # room for everything but "果。" on two lines
    lines = measurer.wrap(plain(LONG), width)
    assert len(lines) == 3 and lines[-1] != "果。" and len(lines[-1]) >= 3


def test_numbers_and_latin_words_stay_with_the_chinese_they_touch(measurer: TextMeasurer) -> None:
    for characters in range(8, 16):  # from the width of "和PDCA循环", the longest unbreakable stretch
        lines = measurer.wrap(plain("用360度系统思考和PDCA循环改善"), characters * 20 / WIDTH_SAFETY + 1)
        joined = "|".join(lines)
        assert "360度" in joined and "PDCA循环" in joined and "|度" not in joined, lines


def test_a_two_line_title_breaks_after_its_dash(measurer: TextMeasurer) -> None:
    title = plain(TITLE, 32)
    width = 16 * 32 / WIDTH_SAFETY  # too narrow for one line
    broken = measurer.break_lines(title, width, balance=True)
    assert "".join(r.text for r in broken.runs) == "分析普通与高效之间的区别——\n360度系统思考"
    english = plain("How to be an excellent coaching leader — the five coaching tools", 32)
    lines = measurer.break_lines(english, 800, balance=True).runs[0].text.split("\n")
    assert lines == ["How to be an excellent coaching leader — ", "the five coaching tools"]


def test_a_title_without_a_dash_is_balanced(measurer: TextMeasurer) -> None:
    text = "Session with a long list of many words that wraps onto a second line"
    lines = measurer.break_lines(plain(text, 32), 800, balance=True).runs[0].text.split("\n")
    filled = measurer.wrap(plain(text, 32), 800)
    assert len(lines) == len(filled) == 2
    assert abs(len(lines[0]) - len(lines[1])) < abs(len(filled[0]) - len(filled[1]))


def test_broken_lines_keep_the_text_and_each_fits_its_frame(measurer: TextMeasurer) -> None:
    paragraph = TextParagraph((TextRun("“民意代表”", True), TextRun("：站在下属一边向上级抱怨，把自己当作员工的代言人，"
                                                             "而不是组织决策的推动者。")), 24, 27, -27, bullet="•")
    broken = measurer.break_lines(paragraph, 500)
    assert [r.bold for r in broken.runs][:1] == [True]
    text = "".join(r.text for r in broken.runs)
    assert text.replace("\n", "") == paragraph.text and text.count("\n") == len(measurer.wrap(paragraph, 500)) - 1
    assert measurer.wrap(broken, 500) == tuple(text.split("\n"))  # each line measured again is one line


def test_a_space_at_a_break_stays_at_the_end_of_its_line(measurer: TextMeasurer) -> None:
    width = measurer.text_width("alpha beta gam", 20) / WIDTH_SAFETY
    broken = measurer.break_lines(plain("alpha beta gamma delta"), width)
    assert broken.runs[0].text == "alpha beta \ngamma delta"


def test_punctuation_shared_with_latin_belongs_to_the_text_around_it() -> None:
    def chinese(text: str) -> str:
        return "".join(c for c, e in zip(text, east_asian_context(text), strict=True) if e and not c.isalnum())

    assert chinese("“民意代表”：站在下属一边") == "“”："
    assert chinese("区别——360度") == "——"
    assert chinese('He said “hello” — twice.') == ""
    assert chinese("讲授 · 10 分钟") == "·"
