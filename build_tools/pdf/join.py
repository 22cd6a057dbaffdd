"""Join cached parts of a PDF (`pdf.parts`) into one file with qpdf (pikepdf): pages, destinations, bookmarks,
tags, fonts.

qpdf copies a page with everything it reaches in C++, reading only the objects it needs from a cached file's
object streams, and writes the result with its objects packed into object streams as WeasyPrint writes them;
joining a 150-page guide this way takes a few tenths of a second.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Callable

import pikepdf

from build_tools.pdf.font_subsets import font_resources, merge_font_subsets
from build_tools.pdf.join_tags import TagJoin, is_tagged
from build_tools.pdf.part_cache import PartCache, PartRecord
from build_tools.pdf.pdf_objects import array, dictionary, foreign

#: The catalog entries a joined file takes from its first part as they are: /Metadata is the XMP, with the
#: PDF/UA claim, and stays an indirect stream (`pdf_objects.foreign` copies it as one).
_CATALOG_KEYS = ("/Lang", "/ViewerPreferences", "/PageMode", "/Metadata")


def join(records: list[PartRecord], part_ids: list[frozenset[str]], cache: PartCache, identifier: bytes) -> bytes:
    """One PDF: every part's pages, its real destinations (the ids in `part_ids` of the part), its bookmarks,
    its tags (`pdf.join_tags`, when the parts are tagged), one font subset per face (or fonts named per render).

    Its /ID is `identifier` (a whole render's, too) and a hash of its bytes: two joins of the same parts give
    the same file. A cached file qpdf cannot read is a damaged cache: `ValueError`.
    """
    sources: dict[str, pikepdf.Pdf] = {}
    try:
        return _join(records, part_ids, cache, identifier, sources)
    except pikepdf.PdfError as error:
        raise ValueError(f"a cached part cannot be read: {error}") from error
    finally:
        for source in sources.values():
            source.close()


def _join(records: list[PartRecord], part_ids: list[frozenset[str]], cache: PartCache, identifier: bytes,
          sources: dict[str, pikepdf.Pdf]) -> bytes:
    pdf = pikepdf.new()
    names: dict[str, pikepdf.Array] = {}
    outline = _Outline(pdf)
    tags: TagJoin | None = None
    page_numbers: dict[str, dict[int, int]] = {}  # cached file → its pages' object numbers → page index
    for record, ids in zip(records, part_ids, strict=True):
        if record.source not in sources:
            sources[record.source] = pikepdf.open(io.BytesIO(cache.read(record.source)))
            page_numbers[record.source] = {page.obj.objgen[0]: index
                                           for index, page in enumerate(sources[record.source].pages)}
        source = sources[record.source]
        if record is records[0] and is_tagged(source):
            tags = TagJoin(pdf)
        if (tags is not None) != is_tagged(source):
            raise ValueError("tagged and untagged parts cannot be joined")
        start = len(pdf.pages)
        if record.first < 0 or record.first + record.pages > len(source.pages):
            raise ValueError("a part's pages are not in its cached file")
        with warnings.catch_warnings():  # destinations and links: `names` and `_Outline` below, tags in TagJoin
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            pdf.pages.extend(source.pages[record.first:record.first + record.pages])
        if tags is not None:
            tags.add(source, [(source.pages[record.first + n].obj, pdf.pages[start + n].obj)
                              for n in range(record.pages)], record.stand_ins)

        def joined_page(page: object, record: PartRecord = record, start: int = start) -> pikepdf.Object | None:
            """The joined file's copy of a page of the cached file, when it is one of the part's pages."""
            number = page.objgen[0] if isinstance(page, pikepdf.Dictionary) and page.is_indirect else -1
            index = page_numbers[record.source].get(number, -1) - record.first
            return pdf.pages[start + index].obj if 0 <= index < record.pages else None

        for name, dest in _named_destinations(source):
            page = joined_page(dest[0])
            if name in ids and name not in names and page is not None:
                names[name] = pikepdf.Array([page, *(foreign(pdf, value) for value in list(dest)[1:])])
        outline.copy(source.Root.get("/Outlines"), joined_page, outline.root)
    pdf.Root.Names = pikepdf.Dictionary(Dests=pikepdf.Dictionary(
        Names=pikepdf.Array([item for name in sorted(names) for item in (pikepdf.String(name), names[name])])))
    outline.finish()
    first = sources[records[0].source]
    for key in _CATALOG_KEYS:
        if key in first.Root:
            pdf.Root[key] = foreign(pdf, first.Root[key])
    if tags is not None:
        tags.finish()
    if "/Info" in first.trailer:
        pdf.trailer.Info = foreign(pdf, first.trailer.Info)
    if not merge_font_subsets(pdf):  # one subset per face; else each render's subsets under their own names
        _name_fonts_per_render(pdf)
    # qpdf keeps /ID's first string and makes the second from the file's content (deterministic_id)
    pdf.trailer.ID = pikepdf.Array([pikepdf.String(identifier), pikepdf.String(identifier)])
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True,
             deterministic_id=True, fix_metadata_version=False, min_version=first.pdf_version)
    return out.getvalue()


def _named_destinations(source: pikepdf.Pdf) -> list[tuple[str, pikepdf.Array]]:
    """The document's named destinations, (name, destination): WeasyPrint writes them as one flat array."""
    names = source.Root.get("/Names")
    dests = dictionary(names).get("/Dests") if names is not None else None
    flat = array(dictionary(dests).get("/Names", pikepdf.Array())) if dests is not None else pikepdf.Array()
    return [(str(flat[i]), array(flat[i + 1])) for i in range(0, len(flat) - 1, 2)]


class _Outline:
    """The joined file's bookmarks: each part's, on its pages, in order, nested as in the cached file."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines))
        self.kids: dict[tuple[int, int], list[pikepdf.Object]] = {}  # item → its kids, in order

    def copy(self, parent_in_source: object, joined_page: Callable[[object], pikepdf.Object | None],
             parent: pikepdf.Object) -> None:
        """The bookmarks under `parent_in_source` that point at the part's pages, under `parent`."""
        if not isinstance(parent_in_source, pikepdf.Dictionary):
            return
        item = parent_in_source.get("/First")
        for _ in range(100_000):  # a damaged file's list could loop
            if not isinstance(item, pikepdf.Dictionary):
                return
            dest = array(item.get("/Dest", pikepdf.Array([None])))
            page = joined_page(dest[0])
            if page is not None:
                copy = self.pdf.make_indirect(pikepdf.Dictionary(
                    Title=foreign(self.pdf, item.get("/Title", pikepdf.String(""))),
                    Dest=pikepdf.Array([page, *(foreign(self.pdf, value) for value in list(dest)[1:])])))
                self.kids.setdefault(parent.objgen, []).append(copy)
                self.copy(item, joined_page, copy)
            item = item.get("/Next")
        raise ValueError("the bookmarks do not end")

    def finish(self) -> None:
        """Link every item to its parent and siblings, and count the items under each (all open, as
        WeasyPrint writes them); a file without bookmarks gets none."""
        if self._link(self.root):
            self.pdf.Root.Outlines = self.root

    def _link(self, parent: pikepdf.Object) -> int:
        kids = self.kids.get(parent.objgen, [])
        count = 0
        for index, kid in enumerate(kids):
            kid.Parent = parent
            if index:
                kid.Prev = kids[index - 1]
            if index + 1 < len(kids):
                kid.Next = kids[index + 1]
            count += 1 + self._link(kid)
        if kids:
            parent.First, parent.Last = kids[0], kids[-1]
        parent.Count = count
        return count


def _name_fonts_per_render(pdf: pikepdf.Pdf) -> None:
    """Give every embedded font subset its own name: WeasyPrint names a subset after the font, not after
    its glyphs, so two renders' subsets of one font would share a name, which some readers confuse."""
    seen: set[int] = set()
    for named in font_resources(pdf):
        for font in named.values():
            if isinstance(font, pikepdf.Dictionary) and font.is_indirect and font.objgen[0] not in seen \
                    and "/BaseFont" in font:
                seen.add(font.objgen[0])
                _rename(font, font.objgen[0])


def _rename(font: pikepdf.Dictionary, number: int) -> None:
    base = str(font.BaseFont)
    family = base.split("+", 1)[-1].lstrip("/")
    tag = "".join(chr(65 + byte % 26) for byte in hashlib.sha256(f"{number}\0{base}".encode()).digest()[:6])
    name = pikepdf.Name(f"/{tag}+{family}")
    font.BaseFont = name
    for descendant in font.get("/DescendantFonts", ()):
        descendant.BaseFont = name
        descriptor = descendant.get("/FontDescriptor")
        if descriptor is not None:
            descriptor.FontName = name
