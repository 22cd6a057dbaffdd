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

import bisect
import dataclasses
import functools
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from PIL import ImageFont

from build_tools.course.cjk import EAST_ASIAN_FONT, NO_LINE_END, NO_LINE_START, in_ranges
from build_tools.parts.chinese_words import cut

EMU_PER_PT = 12700
WIDTH_SAFETY = 0.97
MIN_LINE_HEIGHT = 1.2
AUTOSPACE = 0.25  # em LibreOffice adds between a Chinese character and a Latin one (measured: 0.24 em)
DEFAULT_INSETS = (7.2, 3.6, 7.2, 3.6)  # left, top, right, bottom in pt: DrawingML's 0.1" and 0.05"

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


# Costs of a balanced title's layout (see `_balanced`): every line costs _LINE, so the fewest lines
# win unless that needs a fault; faults cost more than any number of lines; among layouts with as
# many lines, the allowed breaks' costs and the lines' unevenness (squared fractions of the target
# length) decide: a break after punctuation, such as the dash before a subtitle, wins over a more
# even break at a space or between two Chinese words.
_LINE = 1e5
_SHORT = 1e6  # a line with fewer than two letters or characters ("果。", "A.")
_WORD = 1e7  # inside a Chinese word (jieba) or a Latin word: only when a word is longer than a line
_KINSOKU = 1e8  # closing punctuation starting a line, opening punctuation ending one
_OVERFLOW = 1e9  # a single unbreakable stretch wider than the frame
_AFTER_PUNCTUATION, _AT_SPACE, _BETWEEN_WORDS = -1.0, -2.0, -3.0  # the kinds of allowed break
_TITLE_BREAK = {_AFTER_PUNCTUATION: 0.0, _AT_SPACE: 0.3, _BETWEEN_WORDS: 0.4}


class MeasuringFontMissing(RuntimeError):
    """The fonts the estimate relies on are not installed (Debian: fonts-noto-cjk, fonts-liberation2)."""


@functools.cache
def is_cjk(char: str) -> bool:
    """True for Han characters, kana and full-width forms: drawn by the East Asian font, breakable anywhere."""
    return in_ranges(char, EAST_ASIAN_FONT)


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


Lines = tuple[tuple[str, tuple[int, int]], ...]
"""A paragraph's lines: each line's text and (start, end) in the paragraph's characters."""
LineKey = tuple["TextParagraph", float, bool]
"""What a paragraph's lines depend on besides the fonts: the paragraph, the frame's width, balanced or not."""
KNOWN_LINES = 65536
"""Line breaks a measurer keeps at most (the oldest go first): a build's memory stays bounded."""


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
        # the measuring fonts' files (path, size, time): what the lines it breaks depend on besides the text
        self.fonts = tuple((str(path), path.stat().st_size, path.stat().st_mtime_ns) for path in (*cjk, *latin))
        self._known_lines: dict[LineKey, Lines] = {}  # pagination measures the same paragraphs many times
        self._cjk_drawn: dict[str, bool] = {}  # a paragraph's text → whether the CJK font draws any of it

    def remember_lines(self, known: dict[LineKey, Lines]) -> None:
        """Take line breaks made by another process with the same fonts (`check`'s cache, a worker)."""
        self._known_lines.update(known)

    def known_lines(self, since: int = 0) -> dict[LineKey, Lines]:
        """The line breaks this measurer made or was given, from the `since`-th on (what was added since)."""
        return dict(itertools.islice(self._known_lines.items(), since, None))

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

    def wrap(self, paragraph: TextParagraph, width: float) -> tuple[str, ...]:
        """The paragraph's lines in a frame `width` points wide, as `break_lines` breaks them."""
        return tuple(text for text, _ in self._lines(paragraph, width, False))

    def break_lines(self, paragraph: TextParagraph, width: float, balance: bool = False) -> TextParagraph:
        """The paragraph with an explicit line break ("\\n" in a run) at each line end, for a frame `width` wide.

        The renderer writes these as `a:br`, so PowerPoint and LibreOffice show the lines chosen here
        instead of breaking Chinese between any two characters. Each line fits the frame, so neither
        application breaks it again. `balance` (titles) makes the lines of a wrapped title about
        equally long instead of filling the first one. The text is unchanged: a space at a break
        stays at the end of its line, where it takes no room.
        """
        lines = self._lines(paragraph, width, balance)
        if len(lines) < 2:
            return paragraph
        chars = [(c, run.bold) for run in paragraph.runs for c in run.text]
        marked: list[tuple[str, bool]] = []  # the characters with a break before each line's first
        previous = 0
        for start in sorted({start for _, (start, _) in lines[1:] if start < len(chars)}):
            marked += chars[previous:start]
            if chars[start - 1][0] != "\n":
                marked.append(("\n", chars[start][1]))  # a break takes the weight of the line it starts
            previous = start
        marked += chars[previous:]
        runs = tuple(TextRun("".join(c for c, _ in group), bold)  # runs of one weight, breaks joined in
                     for bold, group in itertools.groupby(marked, key=lambda char: char[1]))
        return dataclasses.replace(paragraph, runs=runs)

    def _lines(self, paragraph: TextParagraph, width: float, balance: bool) -> Lines:
        """Each line's text and (start, end) in the paragraph's characters, explicit breaks ("\\n") kept."""
        key = (paragraph, width, balance)
        known = self._known_lines.get(key)
        if known is None:
            if len(self._known_lines) >= KNOWN_LINES:
                del self._known_lines[next(iter(self._known_lines))]
            known = self._known_lines[key] = self._break_into_lines(paragraph, width, balance)
        return known

    def _break_into_lines(self, paragraph: TextParagraph, width: float, balance: bool) -> Lines:
        """`_lines`, worked out."""
        # the first line starts at margin_left + first_indent, unless a bullet hangs there
        start = paragraph.margin_left if paragraph.bullet else paragraph.margin_left + paragraph.first_indent
        first = max((width - start) * WIDTH_SAFETY, 1.0)
        rest = max((width - paragraph.margin_left) * WIDTH_SAFETY, 1.0)
        chars = [(c, run.bold) for run in paragraph.runs for c in run.text]
        lines: list[tuple[str, tuple[int, int]]] = []
        offset = 0
        for segment in "".join(c for c, _ in chars).split("\n"):
            part = chars[offset:offset + len(segment)]
            ends = self._breaks(part, first if not lines else rest, rest, paragraph.size, balance)
            begin = 0
            for end in ends:
                visible = end
                while visible > begin and part[visible - 1][0].isspace():
                    visible -= 1
                lines.append((segment[begin:visible], (offset + begin, offset + visible)))
                begin = end
            offset += len(segment) + 1
        return tuple(lines)

    def _breaks(self, chars: Sequence[tuple[str, bool]], first: float, rest: float, size: float,
                balance: bool) -> list[int]:
        """Where the lines of a stretch without explicit breaks end (see `_BreakCosts` for where they may).

        Body text fills each line as far as an allowed break lets it, then a last line of one
        character or only punctuation takes a word from the line before. A balanced title keeps that
        number of lines and picks the breaks that make them about equally long.
        """
        if not chars:
            return [0]
        text = "".join(c for c, _ in chars)
        count = len(text)
        costs = _break_costs(text)
        cjk = [is_cjk(c) for c in text]
        blank = [c.isspace() for c in text]

        def spaced(left: int, right: int) -> bool:
            """True where LibreOffice adds its Asian–Latin spacing between two characters."""
            return not (blank[left] or blank[right]) and cjk[left] != cjk[right]

        prefix = [0.0]  # width of the text up to each position, with the spacing between its characters
        for index, (char, bold) in enumerate(chars):
            joint = AUTOSPACE * size if index and spaced(index - 1, index) else 0.0
            prefix.append(prefix[-1] + self.char_width(char, bold) * size + joint)
        last = count  # the last line's end without its trailing white space
        while last > 0 and blank[last - 1]:
            last -= 1

        def line_width(begin: int, end: int) -> float:
            # a line ending at an inserted break keeps its trailing space, so the space counts
            visible = end if end < count else max(last, begin)
            width = prefix[visible] - prefix[begin]
            if begin and spaced(begin - 1, begin):
                width -= AUTOSPACE * size
            if end < count and visible > begin and spaced(visible - 1, end):
                width += AUTOSPACE * size  # LibreOffice spaces the script change even across a line break
            return width

        ends = self._fill(costs, line_width, first, rest)
        if balance and len(ends) > 1:
            balanced = _balanced(costs, line_width, first, rest, line_width(0, count) / len(ends))
            if len(balanced) == len(ends):
                ends = balanced
        return ends

    @staticmethod
    def _fill(costs: _BreakCosts, line_width: Callable[[int, int], float], first: float, rest: float) -> list[int]:
        """Line ends of body text: each line as full as an allowed break lets it be."""
        count = len(costs.text)
        allowed = costs.allowed
        ends: list[int] = []
        begin = 0
        while begin < count:
            room = first if not ends else rest
            if line_width(begin, count) <= room:
                ends.append(count)
                break
            end = None
            for position in allowed[bisect.bisect_right(allowed, begin):]:
                if line_width(begin, position) > room:
                    break
                end = position
            if end is None:  # the next word alone is wider than the line: break inside it, as late as it fits
                inside = [p for p in costs.ends_after(begin)[:-1] if line_width(begin, p) <= room]
                tidy = [p for p in inside if costs.costs[p] < _KINSOKU]
                end = (tidy or inside or [costs.next_after(begin)])[-1]
            ends.append(end)
            begin = end
        if len(ends) > 1 and costs.words_in(ends[-2], count) < 2:  # "果。" alone: take a word from above
            start = ends[-3] if len(ends) > 2 else 0
            earlier = allowed[bisect.bisect_right(allowed, start):bisect.bisect_left(allowed, ends[-2])]
            for position in reversed(earlier):
                if line_width(position, count) > rest:
                    break
                if costs.words_in(start, position) >= 2:
                    ends[-2] = position
                    break
        return ends

    def _width(self, chars: Sequence[tuple[str, bool]]) -> float:
        """Width in em of characters set together, with the Asian–Latin spacing between them."""
        total = sum(self.char_width(c, b) for c, b in chars)
        total += AUTOSPACE * sum(_autospaced(a[0], b[0]) for a, b in zip(chars, chars[1:], strict=False))
        return total

    @functools.cached_property
    def _latin_missing(self) -> bytes:
        """What the Latin font draws for a character it lacks (its empty box)."""
        return bytes(self._latin[0].getmask("\uffff"))

    @functools.cache  # noqa: B019 -- as above
    def latin_covers(self, char: str) -> bool:
        """True when the Latin font has a glyph for the character (else the CJK font draws it)."""
        if ord(char) < 0x80:
            return True
        if is_cjk(char):
            return False
        return bytes(self._latin[0].getmask(char)) != self._latin_missing

    def line_height(self, paragraph: TextParagraph) -> float:
        """Height of one line of the paragraph in points: taller when the CJK font draws any of it."""
        text = paragraph.text
        uses_cjk_font = self._cjk_drawn.get(text)
        if uses_cjk_font is None:  # pagination asks for the same paragraphs many times; a character at a time
            uses_cjk_font = self._cjk_drawn[text] = any(not self.latin_covers(c) for c in text if not c.isspace())
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


def _balanced(costs: _BreakCosts, line_width: Callable[[int, int], float], first: float, rest: float,
              target: float) -> list[int]:
    """Line ends of a title: the fewest lines, each as close to `target` wide as the allowed breaks permit.

    A search over all break positions whose cost adds, per line, `_LINE`, the break's cost and the
    squared difference from `target` (as a fraction of it); faults cost so much that they are only
    chosen when nothing else fits.
    """
    count = len(costs.text)
    best: dict[int, tuple[float, list[int]]] = {0: (0.0, [])}
    for begin in (0, *costs.positions):
        if begin not in best:
            continue
        so_far, ends = best[begin]
        room = first if begin == 0 else rest
        nearest = costs.next_after(begin)
        for end in costs.ends_after(begin):
            width = line_width(begin, end)
            too_wide = width > room
            if too_wide and end != nearest:
                break
            cost = so_far + _LINE + (_OVERFLOW if too_wide else 0.0) + costs.at(end)
            cost += (_SHORT if costs.words_in(begin, end) < 2 else 0.0) + ((target - width) / target) ** 2
            if end not in best or cost < best[end][0]:
                best[end] = (cost, [*ends, end])
            if too_wide:
                break
    return best[count][1]


class _BreakCosts:
    """Where a stretch of text may break and what each break costs.

    A line may end after white space, or next to Chinese (or Chinese-context) punctuation, or between
    two Chinese words as jieba segments them; never before closing punctuation (，。：”）——/…) or
    after opening punctuation (“（《), never inside a Chinese word or a Latin word, and never between
    a Latin word and the Chinese character it touches ("360度", "PDCA循环"). Breaks that do any of
    that are kept as a last resort, at a cost no ordinary layout reaches.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        east_asian = east_asian_context(text)
        words = _word_starts(text)
        self.costs: dict[int, float] = {}
        for k in range(1, len(text)):
            if not text[k].isspace():
                self.costs[k] = _break_cost(text, k, east_asian, words)
        self.positions = tuple(self.costs)
        self.allowed = [p for p, cost in self.costs.items() if cost < 0]
        self._letters = [0]
        for char in text:
            self._letters.append(self._letters[-1] + (char.isalnum()))

    def ends_after(self, begin: int) -> list[int]:
        """Possible ends of a line starting at `begin`, nearest first; the text's end last."""
        return [*self.positions[bisect.bisect_right(self.positions, begin):], len(self.text)]

    def next_after(self, begin: int) -> int:
        """The nearest possible end of a line starting at `begin`."""
        return self.ends_after(begin)[0]

    def at(self, end: int) -> float:
        """The cost of ending a title's line just before `end`."""
        if end >= len(self.text):
            return 0.0
        cost = self.costs[end]
        return _TITLE_BREAK[cost] if cost < 0 else cost

    def words_in(self, begin: int, end: int) -> int:
        """Letters, digits and Chinese characters between `begin` and `end` (punctuation not counted)."""
        return self._letters[end] - self._letters[begin]


@functools.lru_cache(maxsize=16384)
def _break_costs(text: str) -> _BreakCosts:
    """The break costs of a text, computed once however often it is measured."""
    return _BreakCosts(text)


def _break_cost(text: str, k: int, east_asian: Sequence[bool], words: frozenset[int]) -> float:
    """The cost of a line break before `text[k]`: a fault's cost, or the kind of an allowed break (negative)."""
    before, after = text[k - 1], text[k]
    if before.isspace():
        previous = k - 1
        while previous > 0 and text[previous].isspace():
            previous -= 1
        if after in NO_LINE_START or text[previous] in NO_LINE_END:
            return _KINSOKU
        return _AT_SPACE if text[previous].isalnum() else _AFTER_PUNCTUATION
    if after in NO_LINE_START or before in NO_LINE_END:
        return _KINSOKU
    if not (east_asian[k - 1] or east_asian[k]):
        return _WORD  # inside a Latin word, or between Latin punctuation and a letter
    if before.isalnum() and after.isalnum():
        if is_cjk(before) and is_cjk(after):
            return _BETWEEN_WORDS if k in words else _WORD
        return _WORD  # a Latin word or number touching a Chinese character
    return _BETWEEN_WORDS if before.isalnum() else _AFTER_PUNCTUATION


@functools.lru_cache(maxsize=16384)
def _word_starts(text: str) -> frozenset[int]:
    """Positions where jieba starts a word (the site segments Chinese search text with it too)."""
    if not any(is_cjk(c) for c in text):
        return frozenset()
    starts, position = set(), 0
    for word in cut(text):
        starts.add(position)
        position += len(word)
    return frozenset(starts)


def east_asian_context(text: str) -> list[bool]:
    """For each character: True when it belongs with Chinese text and the East Asian font draws it.

    Chinese characters and full-width forms always do; punctuation that both scripts use (“ ” ‘ ’
    — … ·) does when the nearest letter or Chinese character it belongs to is Chinese: an opening
    mark looks ahead first, any other mark looks back first. Letters, digits, spaces and ASCII
    punctuation (, ; : . ( ) " /) never do: "明, 聽 and 儒;" in an English deck keeps its comma and
    semicolon in the Latin run, and only the Han characters are set as Chinese.
    """
    flags = [is_cjk(c) for c in text]
    strong = [i for i, c in enumerate(text) if c.isalnum() or flags[i]]
    for index, char in enumerate(text):
        if flags[index] or char.isspace() or char.isalnum() or char.isascii():
            continue
        split = bisect.bisect_left(strong, index)
        ahead, back = strong[split:split + 1], strong[max(split - 1, 0):split]
        order = ahead + back if char in NO_LINE_END else back + ahead
        flags[index] = bool(order) and flags[order[0]]
    return flags


def _autospaced(left: str, right: str) -> bool:
    """True where LibreOffice's Asian–Latin spacing applies: one side Chinese, the other a visible non-Chinese."""
    if not left or not right or left.isspace() or right.isspace():
        return False
    return is_cjk(left) != is_cjk(right)


def insets_of(body_prs: Iterable[etree._Element | None]) -> tuple[float, float, float, float]:
    """Left, top, right, bottom insets in pt, each from the first `a:bodyPr` (slide, layout, master) that sets it."""
    chain = [b for b in body_prs if b is not None]
    values = []
    for name, default in zip(("lIns", "tIns", "rIns", "bIns"), DEFAULT_INSETS, strict=True):
        found = next((b.get(name) for b in chain if b.get(name) is not None), None)
        values.append(int(found) / EMU_PER_PT if found is not None else default)
    return values[0], values[1], values[2], values[3]
