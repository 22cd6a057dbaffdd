"""How much room text needs on a slide, measured with real font metrics, so no deck ships clipped text.

PowerPoint and LibreOffice compute nothing for us (python-pptx's `fit_text` cannot wrap Chinese), so
the decks are laid out against this estimate instead. It is deliberately conservative:

- widths come from the glyph advances of the measuring fonts (Liberation Sans, metric twin of Arial,
  for Latin; Noto Sans CJK SC for Chinese); characters that either font may draw, such as quotation
  marks and dashes, take the wider of the two, and only `WIDTH_SAFETY` of a line is used;
- Chinese breaks between characters, Latin only at spaces; closing punctuation never starts a line
  and opening punctuation never ends one (kinsoku), as in PowerPoint and LibreOffice;
- between a Chinese and a Latin character LibreOffice adds `AUTOSPACE` (PowerPoint adds nothing);
- line height is the measuring font's ascent plus descent (1.448 em for Noto Sans CJK, more than
  Microsoft YaHei's 1.32 em), at least `MIN_LINE_HEIGHT`, times the paragraph's line spacing.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from PIL import ImageFont

EMU_PER_PT = 12700
WIDTH_SAFETY = 0.97
MIN_LINE_HEIGHT = 1.2
AUTOSPACE = 0.25  # em LibreOffice adds between a Chinese character and a Latin one (measured: 0.24 em)
DEFAULT_INSETS = (7.2, 3.6, 7.2, 3.6)  # left, top, right, bottom in pt: DrawingML's 0.1" and 0.05"

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_CJK_FONTS = (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
              Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"))
_CJK_FACE = 2  # the Simplified Chinese face of the collection
_LATIN_FONTS = (
    (Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"),
     Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf")),
    (Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
     Path("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf")),
    (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
     Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")),
)
_REFERENCE_PX = 1000

_CJK_RANGES = (
    (0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3040, 0x30FF), (0x3100, 0x31FF), (0x3200, 0x4DBF),
    (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x3FFFF),
)
_NO_LINE_START = set("，。、；：！？）》」』】〕〉〗〙〛”’…—·%,.;:!?)]}»％")
_NO_LINE_END = set("（《「『【〔〈〖〘〚“‘([{«")


class MeasuringFontMissing(RuntimeError):
    """The fonts the estimate relies on are not installed (Debian: fonts-noto-cjk, fonts-liberation2)."""


def is_cjk(char: str) -> bool:
    """True for Han characters, kana and full-width forms: drawn by the East Asian font, breakable anywhere."""
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


@dataclass(frozen=True)
class TextRun:
    """A stretch of text in one style."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class TextParagraph:
    """A paragraph as it will be written: runs, size and the indents and spacing that take room.

    `bullet` is "" (none), "•" (a bullet character) or "1." (automatic numbering from `number`);
    the hanging bullet sits inside `margin_left`, so it takes no room of its own.
    """

    runs: tuple[TextRun, ...]
    size: float
    margin_left: float = 0.0
    first_indent: float = 0.0
    space_before: float = 0.0
    line_spacing: float = 1.0
    bullet: str = ""
    number: int = 1
    level: int = 0
    color: str = ""

    @property
    def text(self) -> str:
        """The paragraph's plain text."""
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class TextBox:
    """The room inside a text frame, in points, after its insets."""

    width: float
    height: float


@dataclass(frozen=True)
class Measured:
    """What a text frame needs: its height and each paragraph's number of lines."""

    height: float
    lines: tuple[int, ...] = field(default=())


class TextMeasurer:
    """Estimates wrapped lines and heights of slide text with the measuring fonts."""

    def __init__(self) -> None:
        cjk = [path for path in _CJK_FONTS if path.is_file()]
        latin = next((pair for pair in _LATIN_FONTS if all(p.is_file() for p in pair)), None)
        if len(cjk) < 2 or latin is None:
            raise MeasuringFontMissing(
                "slide text is measured with Noto Sans CJK and Liberation Sans (or DejaVu Sans): "
                "install them with `apt-get install fonts-noto-cjk fonts-liberation2`"
            )
        self._cjk = tuple(
            ImageFont.truetype(str(p), _REFERENCE_PX, index=_CJK_FACE, layout_engine=ImageFont.Layout.BASIC)
            for p in cjk
        )
        self._latin = tuple(
            ImageFont.truetype(str(p), _REFERENCE_PX, layout_engine=ImageFont.Layout.BASIC) for p in latin
        )
        self.cjk_line_height = max(sum(f.getmetrics()) for f in self._cjk) / _REFERENCE_PX
        self.latin_line_height = max(MIN_LINE_HEIGHT, max(sum(f.getmetrics()) for f in self._latin) / _REFERENCE_PX)

    @functools.cache  # noqa: B019 -- one measurer per build; glyph widths never change
    def char_width(self, char: str, bold: bool) -> float:
        """Advance of one character in em: the Latin font for ASCII, the CJK font for Chinese, else the wider."""
        latin, cjk = self._latin[bold], self._cjk[bold]
        if ord(char) < 0x80:
            return latin.getlength(char) / _REFERENCE_PX
        if is_cjk(char):
            return cjk.getlength(char) / _REFERENCE_PX
        return max(latin.getlength(char), cjk.getlength(char)) / _REFERENCE_PX

    def text_width(self, text: str, size: float, bold: bool = False) -> float:
        """Width of unwrapped text in points."""
        return self._width([(c, bold) for c in text]) * size

    def line_count(self, paragraph: TextParagraph, width: float) -> int:
        """Lines the paragraph wraps to in a frame `width` points wide (inside the insets)."""
        if width - paragraph.margin_left - max(paragraph.first_indent, 0) <= 0:
            return 10**6  # no room at all: never fits
        return len(self.wrap(paragraph, width))

    @functools.lru_cache(maxsize=65536)  # noqa: B019 -- pagination measures the same paragraphs many times
    def wrap(self, paragraph: TextParagraph, width: float) -> tuple[str, ...]:
        """The paragraph's lines in a frame `width` points wide, as the estimate breaks them."""
        # the first line starts at margin_left + first_indent, unless a bullet hangs there
        start = paragraph.margin_left if paragraph.bullet else paragraph.margin_left + paragraph.first_indent
        first = max((width - start) * WIDTH_SAFETY, 1.0)
        rest = max((width - paragraph.margin_left) * WIDTH_SAFETY, 1.0)
        lines: list[str] = []
        line: list[str] = []
        used, available, previous = 0.0, first, ""
        for unit, trailing in self._units(paragraph):
            if unit and unit[0][0] == "\n":
                lines.append("".join(line))
                line, used, available, previous = [], 0.0, rest, ""
                continue
            unit_width = self._width(unit) * paragraph.size
            joint = AUTOSPACE * paragraph.size if unit and _autospaced(previous, unit[0][0]) else 0.0
            if used and used + joint + unit_width > available:
                lines.append("".join(line).rstrip())
                line, used, available = [], 0.0, rest
            elif used:
                unit_width += joint
            text = [c for c, _ in unit]
            while unit_width > available:  # a word longer than a line breaks between letters
                cut = max(1, int(len(text) * available / unit_width))
                lines.append("".join(line + text[:cut]))
                line, text, unit_width, available = [], text[cut:], unit_width - available, rest
            line += text + [c for c, _ in trailing]
            used += unit_width + self._width(trailing) * paragraph.size
            previous = (trailing or unit)[-1][0] if (trailing or unit) else previous
        lines.append("".join(line).rstrip())
        return tuple(lines)

    def _width(self, chars: Sequence[tuple[str, bool]]) -> float:
        """Width in em of characters set together, with the Asian–Latin spacing between them."""
        total = sum(self.char_width(c, b) for c, b in chars)
        total += AUTOSPACE * sum(_autospaced(a[0], b[0]) for a, b in zip(chars, chars[1:], strict=False))
        return total

    @functools.cache  # noqa: B019 -- as above
    def latin_covers(self, char: str) -> bool:
        """True when the Latin font has a glyph for the character (else the CJK font draws it)."""
        if ord(char) < 0x80:
            return True
        if is_cjk(char):
            return False
        font = self._latin[0]
        return bytes(font.getmask(char)) != bytes(font.getmask("\uffff"))

    def line_height(self, paragraph: TextParagraph) -> float:
        """Height of one line of the paragraph in points: taller when the CJK font draws any of it."""
        uses_cjk_font = any(not self.latin_covers(c) for c in paragraph.text if not c.isspace())
        factor = self.cjk_line_height if uses_cjk_font else self.latin_line_height
        return paragraph.size * factor * paragraph.line_spacing

    def measure(self, paragraphs: Sequence[TextParagraph], width: float) -> Measured:
        """Height that paragraphs need in a frame `width` points wide, space before every paragraph included."""
        lines = tuple(self.line_count(p, width) for p in paragraphs)
        height = sum(p.space_before + n * self.line_height(p) for p, n in zip(paragraphs, lines, strict=True))
        return Measured(height, lines)

    def fits(self, paragraphs: Sequence[TextParagraph], box: TextBox) -> bool:
        """True when the paragraphs fit the box without clipping."""
        return self.measure(paragraphs, box.width).height <= box.height

    @staticmethod
    def _units(paragraph: TextParagraph) -> list[tuple[list[tuple[str, bool]], list[tuple[str, bool]]]]:
        """Unbreakable units, each with its trailing spaces, as (char, bold) pairs.

        A unit is a Latin word (everything between spaces and Chinese characters) or one Chinese
        character, plus the opening punctuation before it and the closing punctuation after it.
        """
        chars = [(c, run.bold) for run in paragraph.runs for c in run.text]
        count = len(chars)

        def word_end(start: int) -> int:
            end = start + 1
            if _is_latin(chars[start][0]):
                while end < count and _is_latin(chars[end][0]):
                    end += 1
            return end

        units: list[tuple[list[tuple[str, bool]], list[tuple[str, bool]]]] = []
        index = 0
        while index < count:
            if chars[index][0] == "\n":
                units.append(([chars[index]], []))
                index += 1
                continue
            if chars[index][0].isspace():
                end = index
                while end < count and chars[end][0].isspace() and chars[end][0] != "\n":
                    end += 1
                units.append(([], chars[index:end]))
                index = end
                continue
            end = word_end(index)
            while chars[end - 1][0] in _NO_LINE_END and end < count and not chars[end][0].isspace():
                end = word_end(end)
            while end < count and chars[end][0] in _NO_LINE_START:
                end = word_end(end)
            unit = chars[index:end]
            index = end
            while index < count and chars[index][0].isspace() and chars[index][0] != "\n":
                index += 1
            units.append((unit, chars[end:index]))
        return units


def _autospaced(left: str, right: str) -> bool:
    """True where LibreOffice's Asian–Latin spacing applies: one side Chinese, the other a visible non-Chinese."""
    if not left or not right or left.isspace() or right.isspace():
        return False
    return is_cjk(left) != is_cjk(right)


def _is_latin(char: str) -> bool:
    """Part of a word that only breaks at spaces: anything but white space and Chinese characters."""
    return not char.isspace() and not is_cjk(char)


# --- reading text frames back from a deck ------------------------------------------------------


def paragraphs_from_xml(tx_body: etree._Element, default_size: float) -> list[TextParagraph]:
    """The paragraphs of an `a:txBody` as written, for checking a built deck against its frames' room.

    Sizes, bold, margins and spacing are read from the paragraph and run properties the renderer
    writes explicitly; a run without a size counts as `default_size`.
    """
    paragraphs = []
    for p in tx_body.iter(f"{{{_A}}}p"):
        ppr = p.find(f"{{{_A}}}pPr")
        runs, sizes = [], []
        for child in p:
            if child.tag == f"{{{_A}}}r":
                rpr = child.find(f"{{{_A}}}rPr")
                text = child.findtext(f"{{{_A}}}t") or ""
                bold = rpr is not None and rpr.get("b") in ("1", "true")
                if rpr is not None and rpr.get("sz"):
                    sizes.append(int(rpr.get("sz")) / 100)
                runs.append(TextRun(text, bold))
            elif child.tag == f"{{{_A}}}br":
                runs.append(TextRun("\n"))
        if not runs:
            continue
        margin = indent = space = 0.0
        spacing = 1.0
        bullet = "•"  # unless the paragraph says otherwise, assume an inherited bullet: the narrower case
        if ppr is not None:
            if ppr.find(f"{{{_A}}}buNone") is not None:
                bullet = ""
            elif ppr.find(f"{{{_A}}}buAutoNum") is not None:
                bullet = "1."
            elif ppr.find(f"{{{_A}}}buChar") is not None:
                bullet = ppr.find(f"{{{_A}}}buChar").get("char", "•")
            margin = int(ppr.get("marL", "0")) / EMU_PER_PT
            indent = int(ppr.get("indent", "0")) / EMU_PER_PT
            before = ppr.find(f"{{{_A}}}spcBef/{{{_A}}}spcPts")
            space = int(before.get("val")) / 100 if before is not None else 0.0
            line = ppr.find(f"{{{_A}}}lnSpc/{{{_A}}}spcPct")
            spacing = int(line.get("val")) / 100000 if line is not None else 1.0
        paragraphs.append(
            TextParagraph(tuple(runs), max(sizes) if sizes else default_size, margin, indent, space, spacing, bullet)
        )
    return paragraphs


def insets_of(body_prs: Iterable[etree._Element | None]) -> tuple[float, float, float, float]:
    """Left, top, right, bottom insets in pt, each from the first `a:bodyPr` (slide, layout, master) that sets it."""
    chain = [b for b in body_prs if b is not None]
    values = []
    for name, default in zip(("lIns", "tIns", "rIns", "bIns"), DEFAULT_INSETS, strict=True):
        found = next((b.get(name) for b in chain if b.get(name) is not None), None)
        values.append(int(found) / EMU_PER_PT if found is not None else default)
    return values[0], values[1], values[2], values[3]
