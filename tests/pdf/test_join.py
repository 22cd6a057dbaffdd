"""The join of cached parts (`pdf.join`, `pdf.join_tags`) on small files shaped as WeasyPrint writes them.

Two "renders" of a four-page document are made with pikepdf (no layout: milliseconds): each page holds a
paragraph, a table header with an /ID and a cell naming it, a footer element outside the tree (as WeasyPrint
keeps margin boxes), and the first page a link to another page's named destination. The joined file must have
the parts' pages in order, their destinations and bookmarks on the joined pages, one structure tree whose
/ParentTree maps every MCID and link back, the second render's header /IDs renamed in the headers and the cells
alike, the same bytes when joined twice, and refuse a cache of the wrong shape with `ValueError`.
"""

from __future__ import annotations

import io

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String

from build_tools.pdf.join import join
from build_tools.pdf.part_cache import PartCache, PartRecord

IDENTIFIER = b"0123456789abcdef0123456789abcdef"


def _element(pdf: pikepdf.Pdf, tag: str, parent: pikepdf.Object, page: pikepdf.Object, kids: list,
             **extra: object) -> pikepdf.Object:
    element = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + tag), P=parent, Pg=page, **extra))
    element.K = Array(kids)
    return element


def _render(label: str, pages: int = 4, stand_in: bool = False, tagged: bool = True) -> bytes:
    """A WeasyPrint-shaped file: page n says `<label> n`, holds MCIDs 0-3 (paragraph, header, cell, footer), a
    destination `s<n>` and a bookmark; page 0 links to `s2`. With `stand_in`, page 0's first element is an empty
    stand-in (`pdf.parts`)."""
    pdf = pikepdf.new()
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document))
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=Array([document])))
    document.P = root
    kids: list[object] = []
    numbers: list[object] = []
    dests: list[object] = []
    items: list[pikepdf.Object] = []
    links: list[tuple[pikepdf.Object, pikepdf.Object]] = []
    for n in range(pages):
        content = b"".join(b"/P <</MCID %d>> BDC BT 72 %d Td (%s %d) Tj ET EMC\n" % (mcid, 700 - 20 * mcid,
                                                                                        label.encode(), n)
                           for mcid in range(4))
        page = pdf.add_blank_page(page_size=(200, 300))
        page.Contents = pdf.make_stream(content)
        page.obj.StructParents = n
        page_ref = page.obj
        if stand_in and n == 0:
            kids.append(_element(pdf, "Div", document, page_ref, [_element(pdf, "Span", document, page_ref, [])]))
        paragraph = _element(pdf, "P", document, page_ref, [0])
        table = _element(pdf, "Table", document, page_ref, [])
        header = _element(pdf, "TH", table, page_ref, [1], ID=String(f"h{n}"),
                          A=Dictionary(O=Name.Table, Scope=Name.Column))
        cell = _element(pdf, "TD", table, page_ref, [2], A=Dictionary(O=Name.Table, Headers=Array([String(f"h{n}")])))
        table.K = Array([header, cell])
        footer = _element(pdf, "Artifact", document, page_ref, [3])  # in the /ParentTree only
        kids += [paragraph, table]
        numbers += [n, Array([paragraph, header, cell, footer])]
        dests += [String(f"s{n}"), Array([page_ref, Name.XYZ, 0, 300 - n, 0])]
        items.append(pdf.make_indirect(Dictionary(Title=String(f"{label} {n}"),
                                                  Dest=Array([page_ref, Name.XYZ, 0, 290, 0]), Count=0)))
        if n == 0:
            annotation = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[0, 0, 10, 10],
                                                      Dest=String("s2")))
            page.obj.Annots = Array([annotation])
            link = _element(pdf, "Link", paragraph, page_ref, [])
            link.K = Array([Dictionary(Type=Name.OBJR, Obj=annotation, Pg=page_ref)])
            paragraph.K = Array([0, link])
            links.append((annotation, link))
    for key, (annotation, link) in enumerate(links, start=pages):
        annotation.StructParent = key
        numbers += [key, link]
    document.K = Array(kids)
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(numbers)))
    outline = pdf.make_indirect(Dictionary(Type=Name.Outlines, First=items[0], Last=items[-1], Count=len(items)))
    for index, item in enumerate(items):
        item.Parent = outline
        if index:
            item.Prev = items[index - 1]
        if index + 1 < len(items):
            item.Next = items[index + 1]
    pdf.Root.Outlines = outline
    pdf.Root.Names = Dictionary(Dests=Dictionary(Names=Array(dests)))
    pdf.Root.Lang = String("en")
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    pdf.Root.Metadata = pdf.make_stream(b"<x:xmpmeta>pdfuaid</x:xmpmeta>", Type=Name.Metadata, Subtype=Name.XML)
    pdf.docinfo = pdf.make_indirect(Dictionary(Title=String(f"{label} guide"), Producer=String("WeasyPrint 70.0")))
    if tagged:
        pdf.Root.StructTreeRoot = root
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, fix_metadata_version=False)
    return out.getvalue()


@pytest.fixture
def cache(tmp_path) -> PartCache:
    return PartCache(tmp_path)


def _records(cache: PartCache, whole: bytes, alone: bytes, stand_ins: int = 0) -> list[PartRecord]:
    """Pages 0-1 from the whole render, the part re-rendered alone (its 2 pages), page 3 from the whole again."""
    first, second = cache.keep(whole), cache.keep(alone)
    return [PartRecord("a", "", first, 0, 2), PartRecord("b", "", second, 0, 2, {}, stand_ins),
            PartRecord("c", "", first, 3, 1)]


IDS = [frozenset({"s0"}), frozenset({"s1"}), frozenset({"s3"})]  # the ids each part holds (`pdf.parts`)


def _joined(cache: PartCache, stand_ins: int = 0) -> pikepdf.Pdf:
    data = join(_records(cache, _render("whole"), _render("alone", pages=2, stand_in=bool(stand_ins)), stand_ins),
                IDS, cache, IDENTIFIER)
    return pikepdf.open(io.BytesIO(data))


def _text(page: pikepdf.Page) -> bytes:
    return page.Contents.read_bytes().split(b"(")[1].split(b")")[0]


def test_the_pages_destinations_and_bookmarks_are_each_parts_on_the_joined_pages(cache):
    pdf = _joined(cache)
    assert [_text(page) for page in pdf.pages] == [b"whole 0", b"whole 1", b"alone 0", b"alone 1", b"whole 3"]
    pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    flat = pdf.Root.Names.Dests.Names
    dests = {str(flat[i]): (pages[flat[i + 1][0].objgen], float(flat[i + 1][3])) for i in range(0, len(flat), 2)}
    assert dests == {"s0": (0, 300.0), "s1": (3, 299.0), "s3": (4, 297.0)}  # each where its part holds it
    titles = []
    item = pdf.Root.Outlines.First
    while item is not None:
        titles.append((str(item.Title), pages[item.Dest[0].objgen], item.Parent.objgen))
        item = item.get("/Next")
    assert [title[:2] for title in titles] == [("whole 0", 0), ("whole 1", 1), ("alone 0", 2), ("alone 1", 3),
                                               ("whole 3", 4)]
    assert {title[2] for title in titles} == {pdf.Root.Outlines.objgen} and pdf.Root.Outlines.Count == 5
    assert str(pdf.Root.Lang) == "en" and pdf.Root.ViewerPreferences.DisplayDocTitle is True
    assert pdf.Root.Metadata.is_indirect and pdf.Root.Metadata.read_bytes() == b"<x:xmpmeta>pdfuaid</x:xmpmeta>"
    assert str(pdf.docinfo.Title) == "whole guide"


def test_the_tree_holds_each_parts_elements_on_its_pages_and_the_parent_tree_maps_them_back(cache):
    pdf = _joined(cache)
    root = pdf.Root.StructTreeRoot
    document = root.K[0]
    pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    kids = list(document.K)
    assert [(str(kid.S), pages[kid.Pg.objgen]) for kid in kids] == [
        (tag, page) for page in range(5) for tag in ("/P", "/Table")]
    assert all(kid.P.objgen == document.objgen for kid in kids) and document.P.objgen == root.objgen
    numbers = root.ParentTree.Nums
    parents = {int(numbers[i]): numbers[i + 1] for i in range(0, len(numbers), 2)}
    for index, page in enumerate(pdf.pages):
        assert int(page.obj.StructParents) == index
        holders = parents[index]
        assert [str(holder.S) for holder in holders] == ["/P", "/TH", "/TD", "/Artifact"]
        for mcid, holder in enumerate(holders):
            assert mcid in list(holder.K) and holders[mcid].Pg.objgen == page.obj.objgen
        assert holders[3].P.objgen == document.objgen  # the footer's element, outside the /Document's kids
    annotations = [annotation for page in pdf.pages for annotation in page.obj.get("/Annots", ())]
    assert len(annotations) == 2  # page 0 of the whole render and page 0 of the part rendered alone
    for annotation in annotations:
        link = parents[int(annotation.StructParent)]
        assert str(link.S) == "/Link" and link.K[0].Obj.objgen == annotation.objgen
    assert sorted(int(a.StructParent) for a in annotations) == [5, 6] and int(root.ParentTreeNextKey) == 7
    assert pdf.Root.MarkInfo.Marked is True


def test_the_second_renders_header_ids_are_renamed_in_its_headers_and_cells(cache):
    pdf = _joined(cache)
    tables = [kid for kid in pdf.Root.StructTreeRoot.K[0].K if kid.S == "/Table"]
    pairs = [(str(table.K[0].ID), [str(h) for h in table.K[1].A.Headers]) for table in tables]
    assert pairs == [("h0", ["h0"]), ("h1", ["h1"]), ("h0~1", ["h0~1"]), ("h1~1", ["h1~1"]), ("h3", ["h3"])]
    names = pdf.Root.StructTreeRoot.IDTree.Names
    keys = [str(names[i]) for i in range(0, len(names), 2)]
    assert keys == sorted(keys) == ["h0", "h0~1", "h1", "h1~1", "h3"]
    assert all(str(names[i + 1].ID) == str(names[i]) for i in range(0, len(names), 2))


def test_a_parts_stand_ins_are_left_out_and_a_stand_in_holding_content_is_a_damaged_cache(cache):
    pdf = _joined(cache, stand_ins=1)
    assert [str(kid.S) for kid in pdf.Root.StructTreeRoot.K[0].K][4:6] == ["/P", "/Table"]
    records = _records(cache, _render("whole"), _render("alone", pages=2), stand_ins=1)  # its first element is a /P
    with pytest.raises(ValueError, match="stand-ins are not where they were put"):
        join(records, IDS, cache, IDENTIFIER)


def test_two_joins_of_the_same_parts_are_the_same_bytes_with_the_documents_identifier(cache):
    records = _records(cache, _render("whole"), _render("alone", pages=2))
    first, second = (join(records, IDS, cache, IDENTIFIER) for _ in range(2))
    assert first == second
    trailer_id = pikepdf.open(io.BytesIO(first)).trailer.ID
    assert bytes(trailer_id[0]) == IDENTIFIER and bytes(trailer_id[1]) != IDENTIFIER
    other = join(records[:2] + [PartRecord("c", "", records[0].source, 2, 2)], IDS, cache, IDENTIFIER)
    assert bytes(pikepdf.open(io.BytesIO(other)).trailer.ID[1]) != bytes(trailer_id[1])


def test_a_cache_of_the_wrong_shape_is_refused_with_a_value_error(cache):
    whole, alone = _render("whole"), _render("alone", pages=2)
    with pytest.raises(ValueError, match="tagged and untagged"):
        join(_records(cache, whole, _render("alone", pages=2, tagged=False)), IDS, cache, IDENTIFIER)
    with pytest.raises(ValueError, match="pages are not in its cached file"):
        join([PartRecord("a", "", cache.keep(whole), 3, 2)], IDS[:1], cache, IDENTIFIER)
    with pikepdf.open(io.BytesIO(alone)) as pdf:
        del pdf.Root.StructTreeRoot.K[0].K[1].K[1].Pg  # a header cell that names no page
        broken = io.BytesIO()
        pdf.save(broken)
    with pytest.raises(ValueError, match="on a page the part does not hold"):
        join([PartRecord("a", "", cache.keep(broken.getvalue()), 0, 2)], IDS[:1], cache, IDENTIFIER)
    with pytest.raises(ValueError, match="cannot be read"):
        join([PartRecord("a", "", cache.keep(b"%PDF-1.7 damaged"), 0, 2)], IDS[:1], cache, IDENTIFIER)
