"""The PDF's fonts: named explicitly, found through fontconfig, and checked against the text before rendering.

WeasyPrint silently draws an empty box (or a fallback face) for a character its font lacks. The
workbooks name one family for text and one for code, and `missing_characters` lists every character
of a text that those fonts cannot draw, so the build can fail instead.
"""

from __future__ import annotations

import functools
import itertools
import os
import subprocess
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont


#: Chinese text must name the SC face: generic `sans-serif` gives Japanese glyph forms (TECH-NOTES §6).
TEXT_FONT = "Noto Sans CJK SC"
CODE_FONT = "Noto Sans Mono CJK SC"
#: The Noto CJK face whose glyph forms a language's readers expect (Japanese kanji differ from Chinese hanzi).
_FACES = {"ja": "JP", "ko": "KR", "zh-tw": "TC", "zh-hant": "TC", "zh-hk": "HK", "zh-mo": "HK"}


def _face(language: str) -> str:
    code = language.lower().replace("_", "-")
    return _FACES.get(code) or _FACES.get(code.split("-")[0], "SC")


def text_font(language: str) -> str:
    """The text family for a language's PDF: Noto Sans CJK in the language's face (SC for Chinese and Latin)."""
    return f"Noto Sans CJK {_face(language)}"


def code_font(language: str) -> str:
    """The code family for a language's PDF."""
    return f"Noto Sans Mono CJK {_face(language)}"
_STYLES = ("Regular", "Bold")
T = TypeVar("T")


class FontNotInstalled(RuntimeError):
    """A font the PDFs need is missing on this machine: a set-up problem, not a course problem."""


@dataclass(frozen=True)
class FontFace:
    """One face inside a font file (`index` selects the face of a .ttc collection)."""

    family: str
    style: str
    file: str
    index: int


def find_face(family: str, style: str) -> FontFace:
    """The file fontconfig (and so WeasyPrint) uses for `family` in `style`; raise when it would substitute.

    fontconfig's answer is kept with the font facts (`known_fonts`) under the state of its configuration and
    caches (`_fontconfig_state`): asking `fc-match` costs a process each time, five per check of a PDF."""
    key = ("face", family, style, 0, _fontconfig_state())
    known = _known().get(key)
    if isinstance(known, FontFace) and os.path.isfile(known.file):
        return known
    try:
        found = subprocess.run(
            ["fc-match", "--format=%{family}\\n%{style}\\n%{file}\\n%{index}", f"{family}:style={style}"],
            check=True, capture_output=True, text=True,
        ).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError) as error:
        raise FontNotInstalled(f"cannot ask fontconfig for '{family}': {error}") from error
    families = [name.strip() for name in found[0].split(",")]
    if family not in families or len(found) < 4:
        raise FontNotInstalled(
            f"font '{family}' ({style}) is not installed (fontconfig offers '{found[0]}'); "
            "install it with: apt-get install fonts-noto-cjk"
        )
    face = _known()[key] = FontFace(family, style, found[2], int(found[3] or 0))
    return face


FONTCONFIG_FOLDERS = ("/etc/fonts", "/etc/fonts/conf.d", "/var/cache/fontconfig", "/usr/share/fonts",
                      "/usr/local/share/fonts", "~/.config/fontconfig", "~/.cache/fontconfig", "~/.fonts",
                      "~/.local/share/fonts")
"""Where fontconfig's choice is made: its configuration, its caches (`fc-cache` rewrites them when a font is
installed) and the font folders; a change to any of them asks `fc-match` again."""


@functools.cache
def _fontconfig_state() -> int:
    """A number that changes when a file is added to, removed from or replaced in `FONTCONFIG_FOLDERS`."""
    state = []
    for folder in FONTCONFIG_FOLDERS:
        try:
            status = os.stat(os.path.expanduser(folder))
        except OSError:
            state.append(0)
            continue
        state.append(status.st_mtime_ns ^ status.st_ino)
    return hash(tuple(state)) & 0xFFFF_FFFF_FFFF_FFFF


FontFacts = dict[tuple[Any, ...], Any]
"""What was read from font files, (what, file, face, size, modification time) → the characters or widths, and
what fontconfig answered, ("face", family, style, 0, its state) → the face."""


class Coverage:
    """The code points a face has a glyph for, one bit each: 140 kB of bytes to keep and to hand between
    processes, where a set of 45,000 numbers took longer to read back than all the other font facts."""

    __slots__ = ("bits",)

    def __init__(self, bits: bytes) -> None:
        self.bits = bits

    @classmethod
    def of(cls, codes: Iterable[int]) -> Coverage:
        bits = bytearray()
        for code in codes:
            if code >> 3 >= len(bits):
                bits.extend(bytes((code >> 3) + 1 - len(bits)))
            bits[code >> 3] |= 1 << (code & 7)
        return cls(bytes(bits))

    def __contains__(self, code: object) -> bool:
        if not isinstance(code, int) or not 0 <= code >> 3 < len(self.bits):
            return False
        return bool(self.bits[code >> 3] >> (code & 7) & 1)

    def __and__(self, other: Coverage) -> Coverage:
        size = min(len(self.bits), len(other.bits))
        both = int.from_bytes(self.bits[:size], "little") & int.from_bytes(other.bits[:size], "little")
        return Coverage(both.to_bytes(size, "little"))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Coverage) and self.bits.rstrip(b"\0") == other.bits.rstrip(b"\0")

    def __hash__(self) -> int:
        return hash(self.bits.rstrip(b"\0"))

    def __reduce__(self) -> tuple[type[Coverage], tuple[bytes]]:
        return Coverage, (self.bits,)


@functools.cache
def _known() -> FontFacts:
    """The font facts read in this process and those given to `remember_fonts`, oldest first."""
    return {}


def _read(what: str, face: FontFace, read: Callable[[TTFont], T]) -> T:
    """`read(font)` of one face, read from its file once: a CJK font's tables take about a second to read, and
    `check` keeps what was read between runs (`known_fonts`). A file changed on disk is read again."""
    status = os.stat(face.file)
    key = (what, face.file, face.index, status.st_size, status.st_mtime_ns)
    known = _known()
    if key not in known:
        from fontTools.ttLib import TTFont  # here: a check whose font facts are kept never loads fontTools

        font = TTFont(face.file, fontNumber=face.index, lazy=True)
        try:
            known[key] = read(font)
        finally:
            font.close()
    return cast(T, known[key])


def remember_fonts(facts: FontFacts) -> None:
    """Take font facts read by another process (`check`'s cache, a worker) as this process's own."""
    _known().update(facts)


def known_fonts(since: int = 0) -> FontFacts:
    """The font facts this process knows, from the `since`-th on (a count taken earlier: what was added since)."""
    return dict(itertools.islice(_known().items(), since, None))


@functools.cache
def drawable_characters(family: str) -> Coverage:
    """Code points that every style of `family` the PDFs use (regular and bold) has a glyph for."""
    covered: Coverage | None = None
    for style in _STYLES:
        codes = _read("coverage", find_face(family, style), lambda font: Coverage.of(font.getBestCmap()))
        covered = codes if covered is None else covered & codes
    return covered or Coverage(b"")


def _widths(font: TTFont) -> dict[int, float]:
    per_em = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    return {code: metrics[glyph][0] / per_em for code, glyph in font.getBestCmap().items()}


@functools.cache
def advance_widths(family: str) -> dict[int, float]:
    """How wide each character of `family`'s regular face is, in em: for laying out tables before rendering."""
    return _read("widths", find_face(family, "Regular"), _widths)


def missing_characters(text: str, family: str) -> list[str]:
    """Characters of `text` that `family` cannot draw, in order of first appearance, each once.

    Control and format characters (line breaks, zero-width spaces, soft hyphens) draw nothing and are ignored.
    """
    covered = drawable_characters(family)
    missing: dict[str, None] = {}
    for character in text:
        if ord(character) in covered or character in missing:
            continue
        if unicodedata.category(character) in ("Cc", "Cf"):
            continue
        missing[character] = None
    return list(missing)
