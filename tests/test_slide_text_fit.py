"""The slide text estimate: Chinese breaks between characters, Latin at spaces, heights are conservative."""

from __future__ import annotations

import pytest
from lxml import etree

from build_tools.slides.text_fit import (
    AUTOSPACE,
    WIDTH_SAFETY,
    TextBox,
    TextMeasurer,
    TextParagraph,
    TextRun,
    insets_of,
    paragraphs_from_xml,
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


def test_chinese_breaks_between_any_two_characters(measurer: TextMeasurer) -> None:
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
