"""Measured paragraphs written into a text frame as DrawingML, every line break and typeface explicit.

Every line break was decided by the planner and is written as `a:br`, so no application re-wraps
Chinese inside a word; Chinese text and its punctuation are set in the East Asian font in both font
slots. python-pptx's run API sets neither `a:ea` nor `a:br`, so the XML is written here.

Every run says its language: the deck's, or, for a word in another language or script (明, 聽 and
儒 in an English deck, an English term in a Chinese one), that word's (`parts.foreign_words`), so
PowerPoint checks its spelling and a screen reader reads it in the right voice.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.text.text import TextFrame

from build_tools.parts.foreign_words import WordLanguages
from build_tools.slides.pptx_internals import text_body
from build_tools.slides.text_fit import EMU_PER_PT, TextParagraph, TextRun, east_asian_context

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

LANGUAGE_TAGS = {"zh": "zh-CN", "en": "en-US"}
"""The tag PowerPoint gives a language's text, where it is not the course's code itself."""


@dataclass(frozen=True)
class RunLanguages:
    """The `lang` of a deck's runs: the deck's own tag, or a word's own in another language (`words`)."""

    tag: str
    words: WordLanguages | None = None

    def of(self, piece: str) -> str:
        other = self.words.of(piece) if self.words is not None else None
        return LANGUAGE_TAGS.get(other, other) if other else self.tag


def write_paragraphs(frame: TextFrame, paragraphs: Sequence[TextParagraph], languages: RunLanguages,
                     fonts: tuple[str, str], fit: bool = True) -> None:
    """Replace a text frame's paragraphs; every run gets its size, both typefaces and its language."""
    if fit:
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
    body = text_body(frame)
    for old in body.findall(f"{_A}p"):
        body.remove(old)
    for paragraph in paragraphs:
        p = etree.SubElement(body, f"{_A}p")
        p_pr = etree.SubElement(p, f"{_A}pPr", marL=str(_emu(paragraph.margin_left)),
                                indent=str(_emu(paragraph.first_indent)))
        if paragraph.level:
            p_pr.set("lvl", str(paragraph.level))
        spacing = etree.SubElement(p_pr, f"{_A}lnSpc")
        etree.SubElement(spacing, f"{_A}spcPct", val=str(round(paragraph.line_spacing * 100000)))
        before = etree.SubElement(p_pr, f"{_A}spcBef")
        etree.SubElement(before, f"{_A}spcPts", val=str(round(paragraph.space_before * 100)))
        if paragraph.bullet == "1.":
            etree.SubElement(p_pr, f"{_A}buFont", typeface="+mj-lt")
            etree.SubElement(p_pr, f"{_A}buAutoNum", type="arabicPeriod", startAt=str(paragraph.number))
        elif paragraph.bullet:
            etree.SubElement(p_pr, f"{_A}buFont", typeface="Arial")
            etree.SubElement(p_pr, f"{_A}buChar", char=paragraph.bullet)
        else:
            etree.SubElement(p_pr, f"{_A}buNone")
        east_asian = east_asian_context(paragraph.text)
        offset = 0
        for run in paragraph.runs:
            for piece, script in _pieces(run.text, east_asian[offset:offset + len(run.text)]):
                if piece == "\n":
                    _add_run(etree.SubElement(p, f"{_A}br"), paragraph, run, languages.tag, fonts[0], fonts[1])
                    continue
                r = etree.SubElement(p, f"{_A}r")
                _add_run(r, paragraph, run, languages.of(piece), fonts[1] if script else fonts[0], fonts[1])
                etree.SubElement(r, f"{_A}t").text = piece
            offset += len(run.text)


def _pieces(text: str, east_asian: Sequence[bool]) -> list[tuple[str, bool]]:
    """A run's text cut where the script changes, each line break ("\\n") alone; True for East Asian pieces.

    Chinese and its punctuation (“民意代表”, ——) form one piece, Latin words another; white space
    stays with the piece before it, so a run is cut no more often than the fonts require, except
    that a space between Chinese and Latin text (or a line break) goes with the Latin side ("明" + " and "): an
    East Asian run holds East Asian characters only where it meets Latin text.
    """
    scripts = list(east_asian)
    for index, char in enumerate(text):  # white space goes with the character before it
        if index and char.isspace() and "\n" not in (char, text[index - 1]):
            scripts[index] = scripts[index - 1]
    start = 0
    while (start := text.find(" ", start)) >= 0:  # … but spaces that end Chinese text before Latin go with the Latin
        stop = len(text) - len(text[start:].lstrip(" "))
        if start and text[start - 1] != "\n" and scripts[start - 1] and (
                stop == len(text) or text[stop] == "\n" or not scripts[stop]):
            scripts[start:stop] = [False] * (stop - start)
        start = stop
    pieces: list[tuple[str, bool]] = []
    for char, script in zip(text, scripts, strict=True):
        if pieces and "\n" not in (char, pieces[-1][0]) and script == pieces[-1][1]:
            pieces[-1] = (pieces[-1][0] + char, script)
        else:
            pieces.append((char, script))
    return pieces


def _add_run(element: etree._Element, paragraph: TextParagraph, run: TextRun, tag: str, latin: str,
             east_asian: str) -> None:
    """The run properties: size, weight, colour, language and both typefaces.

    Chinese text and the punctuation that goes with it are set in the East Asian typeface for both
    slots, so no application draws “ or —— in the Latin font, whatever script it takes them for.
    """
    r_pr = etree.SubElement(element, f"{_A}rPr", lang=tag, sz=str(round(paragraph.size * 100)),
                            b="1" if run.bold else "0", dirty="0")
    if paragraph.color == "muted":
        fill = etree.SubElement(r_pr, f"{_A}solidFill")
        colour = etree.SubElement(fill, f"{_A}schemeClr", val="tx1")
        etree.SubElement(colour, f"{_A}lumMod", val="60000")
        etree.SubElement(colour, f"{_A}lumOff", val="40000")
    elif paragraph.color in ("bg1", "tx1"):  # text on a diagram's shape: light on dark fills, dark on light
        fill = etree.SubElement(r_pr, f"{_A}solidFill")
        etree.SubElement(fill, f"{_A}schemeClr", val=paragraph.color)
    etree.SubElement(r_pr, f"{_A}latin", typeface=latin)
    etree.SubElement(r_pr, f"{_A}ea", typeface=east_asian)


def _emu(points: float) -> int:
    return round(points * EMU_PER_PT)
