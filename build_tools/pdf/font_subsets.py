"""One subset per font face in a joined PDF: the glyphs of every render, cut again from the font file.

Each WeasyPrint render embeds its own subset of each face, named after the face, not after its glyphs.
A PDF joined from cached pages and re-rendered chapters (`pdf.join`) would carry one subset per render:
0.35 MB more per CJK face and render, and two fonts of one name, which some readers confuse.

Here the fonts of every render are replaced by one subset per face that holds the glyphs of all of
them, cut by HarfBuzz exactly as WeasyPrint cuts its subsets (glyph ids kept, so the pages' text draws
the same glyphs). The face is the font file fontconfig lists for the family, proved by cutting one
render's glyphs from it again: the result must be, byte for byte, the subset that render embedded. When
no file passes (other fonts installed since, another HarfBuzz), the fonts stay as they were, each
subset renamed after its own render.

The subsets are cut by the system's HarfBuzz, through cffi, because it is the library WeasyPrint cuts
with: a subset proves its face only when the same HarfBuzz cuts it. uharfbuzz bundles its own HarfBuzz
(15.0 in uharfbuzz 0.57, where the system has 6.0): its subsets hold the same glyphs and tables but
write a CFF font's Private DICTs before its CharStrings rather than after, so no file would ever be
proved and every joined PDF would keep one subset per render.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

import cffi
import pikepdf

from build_tools.pdf.pdf_objects import array, dictionary, stream

_FFI = cffi.FFI()
_FFI.cdef("""
    typedef struct hb_blob_t hb_blob_t;
    typedef struct hb_face_t hb_face_t;
    typedef struct hb_set_t hb_set_t;
    typedef struct hb_subset_input_t hb_subset_input_t;
    typedef uint32_t hb_codepoint_t;
    typedef uint32_t hb_tag_t;
    hb_blob_t *hb_blob_create_from_file_or_fail(const char *file_name);
    void hb_blob_destroy(hb_blob_t *blob);
    const char *hb_blob_get_data(hb_blob_t *blob, unsigned int *length);
    hb_face_t *hb_face_create(hb_blob_t *blob, unsigned int index);
    void hb_face_destroy(hb_face_t *face);
    hb_blob_t *hb_face_reference_blob(hb_face_t *face);
    void hb_set_add(hb_set_t *set, hb_codepoint_t codepoint);
    void hb_set_add_range(hb_set_t *set, hb_codepoint_t first, hb_codepoint_t last);
    hb_tag_t hb_tag_from_string(const char *str, int len);
    hb_subset_input_t *hb_subset_input_create_or_fail(void);
    void hb_subset_input_destroy(hb_subset_input_t *input);
    hb_set_t *hb_subset_input_glyph_set(hb_subset_input_t *input);
    hb_set_t *hb_subset_input_set(hb_subset_input_t *input, int set_type);
    void hb_subset_input_set_flags(hb_subset_input_t *input, unsigned int value);
    hb_face_t *hb_subset_or_fail(hb_face_t *source, const hb_subset_input_t *input);
""")
# WeasyPrint 70's subset (pdf/fonts.py `_harfbuzz_subset`): these flags and dropped tables, in two passes.
_NO_HINTING, _RETAIN_GIDS, _DESUBROUTINIZE, _PASSTHROUGH = 0x1, 0x2, 0x4, 0x20
_DROP_TABLE_TAG = 3
_DROPPED = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH", b"PCLT", b"SVG ")
_BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")
#: A C pointer cffi hands back (`hb_blob_t *`, `hb_face_t *`, …): compared with `_FFI.NULL`, passed on.
_Pointer = Any


class _HarfBuzz(Protocol):
    """The functions of libharfbuzz the subsetting calls (declared in `_FFI.cdef` above)."""

    def hb_blob_create_from_file_or_fail(self, file_name: bytes) -> _Pointer: ...
    def hb_blob_destroy(self, blob: _Pointer) -> None: ...
    def hb_blob_get_data(self, blob: _Pointer, length: _Pointer) -> _Pointer: ...
    def hb_face_create(self, blob: _Pointer, index: int) -> _Pointer: ...
    def hb_face_destroy(self, face: _Pointer) -> None: ...
    def hb_face_reference_blob(self, face: _Pointer) -> _Pointer: ...
    def hb_set_add(self, set: _Pointer, codepoint: int) -> None: ...
    def hb_set_add_range(self, set: _Pointer, first: int, last: int) -> None: ...
    def hb_tag_from_string(self, text: bytes, length: int) -> int: ...


class _HarfBuzzSubset(Protocol):
    """The functions of libharfbuzz-subset the subsetting calls (declared in `_FFI.cdef` above)."""

    def hb_subset_input_create_or_fail(self) -> _Pointer: ...
    def hb_subset_input_destroy(self, input: _Pointer) -> None: ...
    def hb_subset_input_glyph_set(self, input: _Pointer) -> _Pointer: ...
    def hb_subset_input_set(self, input: _Pointer, set_type: int) -> _Pointer: ...
    def hb_subset_input_set_flags(self, input: _Pointer, value: int) -> None: ...
    def hb_subset_or_fail(self, source: _Pointer, input: _Pointer) -> _Pointer: ...


@cache
def _harfbuzz() -> tuple[_HarfBuzz, _HarfBuzzSubset]:
    """The system's HarfBuzz, the one WeasyPrint loads (cffi's `dlopen` gives an untyped library)."""
    harfbuzz: _HarfBuzz = _FFI.dlopen("libharfbuzz.so.0")
    subset: _HarfBuzzSubset = _FFI.dlopen("libharfbuzz-subset.so.0")
    return harfbuzz, subset


def cut(path: str, index: int, glyphs: frozenset[int]) -> bytes:
    """The subset of face `index` of the font file `path` holding `glyphs`, as WeasyPrint cuts it."""
    hb, subset = _harfbuzz()
    blob = hb.hb_blob_create_from_file_or_fail(path.encode())
    if blob == _FFI.NULL:
        return b""
    face = hb.hb_face_create(blob, index)
    request = subset.hb_subset_input_create_or_fail()
    try:
        chosen = subset.hb_subset_input_glyph_set(request)
        for glyph in sorted(glyphs):
            hb.hb_set_add(chosen, glyph)
        subset.hb_subset_input_set_flags(request, _RETAIN_GIDS | _PASSTHROUGH | _DESUBROUTINIZE)
        dropped = subset.hb_subset_input_set(request, _DROP_TABLE_TAG)
        for tag in _DROPPED:
            hb.hb_set_add(dropped, hb.hb_tag_from_string(tag, -1))
        first = subset.hb_subset_or_fail(face, request)
        if first == _FFI.NULL:
            return b""
        hb.hb_set_add_range(chosen, 0, max(glyphs))  # WeasyPrint's second pass drops empty glyphs at the end
        subset.hb_subset_input_set_flags(request, _PASSTHROUGH | _DESUBROUTINIZE | _NO_HINTING)
        second = subset.hb_subset_or_fail(first, request)
        hb.hb_face_destroy(first)
        if second == _FFI.NULL:
            return b""
        data_blob = hb.hb_face_reference_blob(second)
        length = _FFI.new("unsigned int *")
        data = bytes(_FFI.buffer(hb.hb_blob_get_data(data_blob, length), length[0]))
        hb.hb_blob_destroy(data_blob)
        hb.hb_face_destroy(second)
        return data
    finally:
        subset.hb_subset_input_destroy(request)
        hb.hb_face_destroy(face)
        hb.hb_blob_destroy(blob)


@cache
def _faces(family: str) -> tuple[tuple[str, int], ...]:
    """Every (file, face index) fontconfig lists for a family."""
    try:
        listing = subprocess.run(["fc-list", family, "--format=%{file}\\t%{index}\\n"], check=True,
                                 capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return ()
    faces = []
    for line in sorted(set(listing.splitlines())):
        path, _, index = line.partition("\t")
        if index.isdigit():
            faces.append((path, int(index)))
    return tuple(faces)


@dataclass
class _Font:
    """One embedded Type 0 font of the joined file: the font, its family name, program, glyphs, widths."""

    font: pikepdf.Dictionary
    name: str  # "Noto-Sans-CJK-SC-Bold": BaseFont without the subset tag
    family: str  # "Noto Sans CJK SC": the descriptor's FontFamily, what fontconfig knows
    program: pikepdf.Stream
    program_key: str
    text: dict[int, str] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)


def _number(value: object) -> int | None:
    """The object number of an indirect object (pikepdf makes a new handle on every access), else None."""
    return value.objgen[0] if isinstance(value, pikepdf.Object) and value.is_indirect else None


def font_resources(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every `/Font` resources dictionary of the pages and of the forms they draw (each shared one once)."""
    found: list[pikepdf.Dictionary] = []
    seen: set[int] = set()  # resources, font dictionaries and forms that pages share

    def first_time(value: object) -> bool:
        number = _number(value)
        if number is None:
            return True
        if number in seen:
            return False
        seen.add(number)
        return True

    def visit(resources: object) -> None:
        if not isinstance(resources, pikepdf.Dictionary) or not first_time(resources):
            return
        named = resources.get("/Font")
        if named is not None and first_time(named):
            found.append(dictionary(named))
        forms = resources.get("/XObject")
        for form in (dictionary(forms).values() if forms is not None else ()):
            if isinstance(form, pikepdf.Stream) and first_time(form) and form.get("/Subtype") == "/Form":
                visit(form.get("/Resources"))

    for page in pdf.pages:
        visit(page.obj.get("/Resources"))
    return found


def _fonts(pdf: pikepdf.Pdf) -> tuple[dict[int, _Font], list[pikepdf.Dictionary]]:
    """Every Type 0 font the pages use (by object number), and every resources dictionary naming fonts."""
    fonts: dict[int, _Font] = {}
    holders = font_resources(pdf)
    for named in holders:
        for font in named.values():
            number = _number(font)
            if number is not None and number not in fonts:
                found = _read_font(dictionary(font))
                if found is not None:
                    fonts[number] = found
    return fonts, holders


def _descendant(type0: pikepdf.Dictionary) -> pikepdf.Dictionary:
    """The CID font a Type 0 font draws with (its one descendant font)."""
    return dictionary(array(type0.get("/DescendantFonts"))[0])


def _read_font(font: pikepdf.Dictionary) -> _Font | None:
    if font.get("/Subtype") != "/Type0" or "/ToUnicode" not in font:
        return None
    cid_font = _descendant(font)
    descriptor = dictionary(cid_font.get("/FontDescriptor"))
    key = next((k for k in ("/FontFile3", "/FontFile2") if k in descriptor), None)
    if key is None or "/FontFamily" not in descriptor:
        return None
    found = _Font(font, str(font.get("/BaseFont")).lstrip("/").split("+", 1)[-1], str(descriptor.FontFamily),
                  stream(descriptor[key]), key)
    for glyph, text in _BFCHAR.findall(stream(font.ToUnicode).read_bytes()):
        found.text[int(glyph, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be", "replace")
    widths = array(cid_font.get("/W", pikepdf.Array()))
    position = 0
    while position + 1 < len(widths):
        first, values = int(widths[position]), array(widths[position + 1])
        for offset, width in enumerate(values):
            found.widths[first + offset] = float(width)
        position += 2
    return found


def merge_font_subsets(pdf: pikepdf.Pdf) -> bool:
    """Replace the fonts of several renders by one subset per face; False when a face cannot be proved.

    The replaced fonts are left unreferenced, and qpdf writes only the objects the file reaches."""
    fonts, holders = _fonts(pdf)
    by_name: dict[str, list[_Font]] = {}
    for font in fonts.values():
        by_name.setdefault(font.name, []).append(font)
    if all(len(group) == 1 for group in by_name.values()):
        return True
    programs: dict[int, set[int]] = {}  # a program's glyphs: every font of its render that uses it
    for font in fonts.values():
        programs.setdefault(font.program.objgen[0], set()).update(font.text)
    face_of: dict[str, tuple[str, int]] = {}
    for name, group in by_name.items():
        face = _proved_face(group[0], frozenset(programs[group[0].program.objgen[0]]))
        if face is None:
            return False
        face_of[name] = face
    glyphs: dict[tuple[str, int], set[int]] = {}
    for name, group in by_name.items():
        for font in group:
            glyphs.setdefault(face_of[name], set()).update(font.text)
    models = {face_of[name]: group[0].program for name, group in by_name.items()}
    programs_of = {face: _program(pdf, cut(face[0], face[1], frozenset(chosen)), models[face])
                   for face, chosen in glyphs.items()}
    replaced: dict[int, pikepdf.Object] = {}
    for name, group in by_name.items():
        merged = _merged_font(pdf, group, programs_of[face_of[name]])
        replaced.update((font.font.objgen[0], merged) for font in group)
    for holder in holders:
        for key, value in list(holder.items()):
            number = _number(value)
            if number in replaced:
                holder[key] = replaced[number]
    return True


def _proved_face(font: _Font, program_glyphs: frozenset[int]) -> tuple[str, int] | None:
    """The installed face that cuts `font`'s embedded program again, byte for byte."""
    embedded = font.program.read_bytes()
    candidates = sorted(_faces(font.family), key=lambda face: "bold" not in face[0].lower()
                        if font.name.lower().endswith("bold") else "bold" in face[0].lower())
    for path, index in candidates:
        if program_glyphs and cut(path, index, program_glyphs) == embedded:
            return path, index
    return None


def _program(pdf: pikepdf.Pdf, data: bytes, model: pikepdf.Stream) -> pikepdf.Object:
    """The merged program as a font file stream like the one it replaces (same dictionary, new data); qpdf
    compresses it when the file is written."""
    font_file = pikepdf.Stream(pdf, data)
    for key, value in model.items():
        if key not in ("/Length", "/Filter", "/DecodeParms", "/Length1"):
            font_file[key] = value
    if "/Length1" in model:
        font_file.Length1 = len(data)
    return pdf.make_indirect(font_file)


def _merged_font(pdf: pikepdf.Pdf, group: list[_Font], program: pikepdf.Object) -> pikepdf.Object:
    """One Type 0 font for every render's font of this name: all their widths and text, one program."""
    text: dict[int, str] = {}
    widths: dict[int, float] = {}
    for font in group:
        text.update(font.text)
        widths.update(font.widths)
    first = group[0]
    cid_font = _descendant(first.font)
    descriptor = pikepdf.Dictionary(dict(dictionary(cid_font.get("/FontDescriptor")).items()))
    descriptor[first.program_key] = program
    tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(repr(sorted(text)).encode()).digest()[:6])
    name = pikepdf.Name(f"/{tag}+{first.name}")
    descriptor.FontName = name
    box = descriptor.get("/FontBBox")
    if box is not None and widths:
        box = array(box)
        descriptor.FontBBox = pikepdf.Array([box[0], box[1], _number_object(max(widths.values())), box[3]])
    new_cid = pikepdf.Dictionary(dict(cid_font.items()))
    new_cid.BaseFont = name
    new_cid.FontDescriptor = pdf.make_indirect(descriptor)
    new_cid.W = _width_array(widths)
    new_type0 = pikepdf.Dictionary(dict(first.font.items()))
    new_type0.BaseFont = name
    new_type0.DescendantFonts = pikepdf.Array([pdf.make_indirect(new_cid)])
    new_type0.ToUnicode = pdf.make_indirect(pikepdf.Stream(pdf, _to_unicode(text)))
    return pdf.make_indirect(new_type0)


def _number_object(value: float) -> int | float:
    return int(value) if value == int(value) else value


def _width_array(widths: dict[int, float]) -> pikepdf.Array:
    """PDF `W`: runs of consecutive glyph ids, each `first [w w …]`."""
    out: list[object] = []
    run: list[object] = []
    for glyph in sorted(widths):
        if not run or glyph - 1 not in widths:
            run = []
            out += [glyph, run]
        run.append(_number_object(widths[glyph]))
    return pikepdf.Array([pikepdf.Array(item) if isinstance(item, list) else item for item in out])


def _to_unicode(text: dict[int, str]) -> bytes:
    """A ToUnicode CMap in WeasyPrint's own form."""
    lines = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap", b"/CIDSystemInfo",
             b"<< /Registry (Adobe)", b"/Ordering (UCS)", b"/Supplement 0", b">> def",
             b"/CMapName /Adobe-Identity-UCS def", b"/CMapType 2 def", b"1 begincodespacerange", b"<0000> <ffff>",
             b"endcodespacerange"]
    items = sorted(text.items())
    for start in range(0, len(items), 100):
        batch = items[start:start + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        lines += [f"<{glyph:04x}> <{value.encode('utf-16-be').hex()}>".encode() for glyph, value in batch]
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return b"\n".join(lines)
