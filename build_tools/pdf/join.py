"""Join cached parts of a PDF (`pdf.parts`) into one file with pypdf: pages, destinations, bookmarks, fonts."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Sequence

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    Destination,
    DictionaryObject,
    Fit,
    IndirectObject,
    NameObject,
    TextStringObject,
)

from build_tools.pdf.font_subsets import font_resources, merge_font_subsets
from build_tools.pdf.join_tags import TagJoin, is_tagged
from build_tools.pdf.part_cache import PartCache, PartRecord
from build_tools.pdf.pdf_objects import array, dictionary


class _Writer(PdfWriter):
    """pypdf's writer with the document's own identifier: two joins of the same parts write the same bytes."""

    identifier: tuple[bytes, bytes] = (b"", b"")

    def generate_file_identifiers(self) -> None:
        self._ID = ArrayObject((ByteStringObject(self.identifier[0]), ByteStringObject(self.identifier[1])))


def join(records: list[PartRecord], part_ids: list[frozenset[str]], cache: PartCache, identifier: bytes) -> bytes:
    """One PDF: every part's pages, its real destinations (the ids in `part_ids` of the part), its bookmarks,
    its tags (`pdf.join_tags`, when the parts are tagged), fonts named per render."""
    writer = _Writer()
    readers: dict[str, PdfReader] = {}
    names: dict[str, ArrayObject] = {}
    tags: TagJoin | None = None
    for record, ids in zip(records, part_ids, strict=True):
        if record.source not in readers:
            readers[record.source] = PdfReader(io.BytesIO(cache.read(record.source)))
        reader = readers[record.source]
        if record is records[0] and is_tagged(reader):
            tags = TagJoin(writer)
        if (tags is not None) != is_tagged(reader):
            raise ValueError("tagged and untagged parts cannot be joined")
        start = len(writer.pages)
        taken = [(reader.pages[index], writer.add_page(reader.pages[index]))
                 for index in range(record.first, record.first + record.pages)]
        if tags is not None:
            tags.add(reader, taken, record.stand_ins)
        refs = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)
                if page.indirect_reference is not None}
        dests = _named_destinations(reader)
        for position in range(0, len(dests), 2):
            name, dest = str(dests[position]), dests[position + 1]
            page = refs.get(dest[0].idnum, -1) - record.first
            if name in ids and name not in names and 0 <= page < record.pages:
                names[name] = ArrayObject([writer.pages[start + page].indirect_reference, *dest[1:]])
        _copy_outline(writer, reader, reader.outline, record, start, None)
    catalog = writer._root_object
    flat = ArrayObject()
    for name in sorted(names):
        flat += [TextStringObject(name), names[name]]
    catalog[NameObject("/Names")] = DictionaryObject({NameObject("/Dests"): DictionaryObject(
        {NameObject("/Names"): flat})})
    first = readers[records[0].source]
    root = first.root_object
    for key in ("/Lang", "/ViewerPreferences", "/PageMode", "/Metadata"):  # /Metadata: XMP, with the PDF/UA claim
        if key in root:  # as written: a stream (the XMP) must stay an indirect object
            catalog[NameObject(key)] = root.raw_get(key).clone(writer)
    if tags is not None:
        tags.finish()
    writer.add_metadata(dict((first.metadata or {}).items()))
    if not merge_font_subsets(writer):  # one subset per face; else each render's subsets under their own names
        _name_fonts_per_render(writer)
    layout = json.dumps([[r.source, r.first, r.pages] for r in records])
    writer.identifier = (identifier, hashlib.sha256(layout.encode()).hexdigest()[:32].encode())
    out = io.BytesIO()
    writer.write(out)
    return _packed(out.getvalue())


def _packed(data: bytes) -> bytes:
    """The file with its objects packed into compressed object streams, as WeasyPrint writes them.

    pypdf writes every object on its own: a tagged PDF's thousands of small structure elements would make the
    joined file about twice a clean render's size. qpdf packs them (0.2 s for a 100-page guide), with an /ID
    made from the content, so the same parts still give the same bytes.
    """
    import pikepdf  # only when a file is joined

    with pikepdf.open(io.BytesIO(data)) as pdf:
        packed = io.BytesIO()
        pdf.save(packed, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True,
                 deterministic_id=True, fix_metadata_version=False)
    return packed.getvalue()


def _named_destinations(reader: PdfReader) -> ArrayObject:
    """The document's named destinations, `[name, destination, …]`: WeasyPrint writes them as one flat array."""
    names = reader.root_object.get("/Names")
    dests = dictionary(names).get("/Dests") if names is not None else None
    flat = dictionary(dests).get("/Names") if dests is not None else None
    return array(flat) if flat is not None else ArrayObject()


def _copy_outline(writer: PdfWriter, reader: PdfReader, items: Sequence[object], record: PartRecord, start: int,
                  parent: IndirectObject | None) -> None:
    """The bookmarks on the part's pages, under `parent`, pointing at the same places on the joined pages."""
    last: IndirectObject | None = None
    for item in items:
        if isinstance(item, list):
            if last is not None:
                _copy_outline(writer, reader, item, record, start, last)
            continue
        if not isinstance(item, Destination):
            continue
        number = reader.get_destination_page_number(item)
        page = -1 if number is None else number - record.first
        if not 0 <= page < record.pages:
            last = None
            continue
        fit = Fit.xyz(left=item.left, top=item.top, zoom=0)
        last = writer.add_outline_item(title=item.title or "", page_number=start + page, parent=parent, fit=fit)


def _name_fonts_per_render(writer: PdfWriter) -> None:
    """Give every embedded font subset its own name: WeasyPrint names a subset after the font, not after
    its glyphs, so two renders' subsets of one font would share a name, which some readers confuse."""
    seen: set[int] = set()
    for named in font_resources(writer):
        for reference in named.values():
            font = reference.get_object()
            if reference.idnum not in seen and "/BaseFont" in font:
                seen.add(reference.idnum)
                _rename(font, reference.idnum)


def _rename(font: DictionaryObject, number: int) -> None:
    base = str(font["/BaseFont"])
    family = base.split("+", 1)[-1].lstrip("/")
    tag = "".join(chr(65 + byte % 26) for byte in hashlib.sha256(f"{number}\0{base}".encode()).digest()[:6])
    name = NameObject(f"/{tag}+{family}")
    font[NameObject("/BaseFont")] = name
    for descendant in font.get("/DescendantFonts", ()):
        descendant = descendant.get_object()
        descendant[NameObject("/BaseFont")] = name
        descriptor = descendant.get("/FontDescriptor")
        if descriptor is not None:
            descriptor.get_object()[NameObject("/FontName")] = name
