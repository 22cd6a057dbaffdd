"""A diagram's words in the site's and the PDF's SVG break as the decks break them: between words, never after an
opening bracket nor before a closing one (the hub once read "E. 绩效循环（" over "PDCA）", "教练型领" over "导者")."""

from __future__ import annotations

import pytest

from build_tools.course.cjk import NO_LINE_END, NO_LINE_START
from build_tools.parts.diagram_svg import TEXT_SIZE, wrap


@pytest.mark.parametrize(("text", "room", "lines"), [
    ("E. 绩效循环（PDCA）", 6, ["E. 绩效循环", "（PDCA）"]),
    ("C. 教练技术（KSA）", 6, ["C. 教练技术", "（KSA）"]),
    ("教练型领导者", 5, ["教练型", "领导者"]),
    ("Coaching leader", 6, ["Coaching", "leader"]),
])
def test_lines_break_between_words_and_keep_brackets_with_their_words(text, room, lines):
    assert wrap(text, room * TEXT_SIZE, TEXT_SIZE) == lines


def test_no_line_ends_on_an_opening_or_starts_on_a_closing_mark_and_a_word_too_wide_still_fits():
    text = "能力强，意愿也强；明确结果，定期回顾（每月一次）"
    for room in range(3, 12):
        lines = wrap(text, room * TEXT_SIZE, TEXT_SIZE)
        assert "".join(lines) == text
        assert not [line for line in lines[1:] if line[0] in NO_LINE_START]
        assert not [line for line in lines[:-1] if line[-1] in NO_LINE_END]
    assert wrap("领导者", 2 * TEXT_SIZE, TEXT_SIZE) == ["领导", "者"]  # wider than the room: between characters
