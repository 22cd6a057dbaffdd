"""A tagged PDF re-rendered from its cached parts (`pdf.parts`, `pdf.join_tags`) has the clean render's tags.

The two-day course's English facilitator guide (tagged, the default) is rendered clean into a cache, one
sentence of each of two units is edited (one of them links to another chapter, so it is drawn with stand-ins),
and the guide is rendered again: only the edited chapters are drawn again, each on its own,
and the joined file has the clean render's pages pixel for pixel and the same structure tree: the same
elements in the same order on the same pages, holding the same marked content and links, table cells
naming the same headers. Its /ParentTree is whole (every MCID of every page and every link annotation
maps back to the element that holds it), and its catalog makes the same PDF/UA claims. A cached tree that
does not have the shape the join expects gives the clean render instead.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from course_copies import TWO_DAY, copy_course, edit
from guide_renders import counted, differing_pages, render_guide
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from build_tools.pdf import part_cache

pytestmark = pytest.mark.integration

UNIT_PAGE = "docs/units/02-complaints/01-learn-model.en.md"
LINKING_PAGE = "docs/units/01-listening/01-first-minute.en.md"  # its chapter links to another (stand-ins)



def _kids(element: DictionaryObject) -> list:
    kids = element.get("/K")
    return [] if kids is None else list(kids) if isinstance(kids, ArrayObject) else [kids]


def _walk(reader: PdfReader) -> list[DictionaryObject]:
    """Every structure element, depth first in reading order, the /Document first."""
    found: list[DictionaryObject] = []

    def visit(element: DictionaryObject) -> None:
        found.append(element)
        for kid in _kids(element):
            kid = kid.get_object() if isinstance(kid, IndirectObject) else kid
            if isinstance(kid, DictionaryObject) and "/S" in kid:
                visit(kid)

    root = reader.trailer["/Root"]["/StructTreeRoot"]
    for top in _kids(root):
        visit(top.get_object())
    return found


def tree(reader: PdfReader) -> list[tuple]:
    """The structure tree as plain data: per element its tag, page, parent, alt text and attributes (header
    /IDs as the elements they name), its MCIDs and the destinations of the links it holds."""
    elements = _walk(reader)
    place = {id(element): index for index, element in enumerate(elements)}
    pages = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
    ids = {str(element["/ID"]): place[id(element)] for element in elements if "/ID" in element}
    rows = []
    for element in elements:
        attributes = dict(element.get("/A") or {})
        headers = attributes.pop("/Headers", [])
        parent = element.get("/P")
        parent_object = parent.get_object() if parent is not None else None
        content = []
        for kid in _kids(element):
            kid = kid.get_object() if isinstance(kid, IndirectObject) else kid
            if isinstance(kid, int):
                content.append(int(kid))
            elif "/S" not in kid:
                annotation = kid["/Obj"].get_object()
                content.append(("link", str(annotation.get("/Dest", "")), str(annotation.get("/A", ""))))
        rows.append((str(element["/S"]), pages.get(element.raw_get("/Pg").idnum) if "/Pg" in element else None,
                     place.get(id(parent_object), -1), str(element.get("/Alt", "")),
                     sorted((str(k), str(v)) for k, v in attributes.items()),
                     [ids[str(header)] for header in headers], "/ID" in element, content))
    return rows


def _marked_content_ids(page) -> list[int]:
    return [int(number) for number in re.findall(rb"/MCID (\d+)", page.get_contents().get_data())]


def check_parent_tree(reader: PdfReader) -> int:
    """Every MCID of every page and every tagged annotation maps back, through the /ParentTree, to the element
    that holds it; returns how many links were checked."""
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    numbers = root["/ParentTree"].get_object()["/Nums"]
    parents = {int(numbers[i]): numbers[i + 1] for i in range(0, len(numbers), 2)}
    for index, page in enumerate(reader.pages):
        mapped = parents[int(page["/StructParents"])]
        mcids = _marked_content_ids(page)
        assert sorted(mcids) == list(range(len(mapped))), index
        for mcid in mcids:
            holder = mapped[mcid].get_object()
            assert mcid in [int(k) for k in _kids(holder) if isinstance(k, int)], (index, mcid)
            assert holder.raw_get("/Pg").idnum == page.indirect_reference.idnum, (index, mcid)
    links = 0
    for page in reader.pages:
        for annotation in page.raw_get("/Annots") if "/Annots" in page else ():
            holder = parents[int(annotation.get_object()["/StructParent"])].get_object()
            assert holder["/S"] == "/Link"
            objects = [k.get_object().raw_get("/Obj") for k in _kids(holder)
                       if not isinstance(k, int) and "/S" not in k.get_object()]
            assert any(o.idnum == annotation.idnum for o in objects)
            links += 1
    assert int(root["/ParentTreeNextKey"]) == len(reader.pages) + links if "/ParentTreeNextKey" in root else True
    return links


@pytest.fixture(scope="module")
def first_render(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the course (`course/`) and the cache of its guide's first, clean, tagged render (`cache/`)."""
    folder = tmp_path_factory.mktemp("tagged-first")
    render_guide(copy_course(folder / "course", TWO_DAY), folder / "cache", tagged=True)
    return folder


def _edited_copy(first_render: Path, folder: Path) -> Path:
    """A copy of the rendered course and its cache in `folder`, one sentence edited in each of two units."""
    shutil.copytree(first_render / "course", folder / "course")
    shutil.copytree(first_render / "cache", folder / "cache")
    root = folder / "course" / TWO_DAY.name
    for page in (UNIT_PAGE, LINKING_PAGE):
        text = (root / page).read_text(encoding="utf-8")
        sentence = next(line for line in text.splitlines() if line and line[0].isalpha() and line.endswith("."))
        edit(root, page, sentence, sentence[:-1] + " once more.")
    return root



@pytest.fixture(scope="module")
def joined(first_render: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, int]]:
    """(the tagged guide re-rendered from its cache after the edits, the same guide rendered clean, the counts)."""
    folder = tmp_path_factory.mktemp("tagged-parts")
    root = _edited_copy(first_render, folder)
    with pytest.MonkeyPatch.context() as monkeypatch:
        stats = counted(monkeypatch)
        (folder / "joined.pdf").write_bytes(render_guide(root, folder / "cache", tagged=True))
        (folder / "clean.pdf").write_bytes(render_guide(root, folder / "fresh", tagged=True))
    return folder / "joined.pdf", folder / "clean.pdf", stats


def test_an_edit_draws_only_its_own_chapters_again(joined):
    assert joined[2]["rendered"] == 2 and joined[2]["whole"] == 1 and joined[2]["cached"] >= 5


def test_the_joined_pages_are_the_clean_pages_pixel_for_pixel(joined, tmp_path):
    pages, differing = differing_pages(joined[0], joined[1], tmp_path)
    assert pages == len(PdfReader(joined[1]).pages) > 10
    assert not differing


def test_the_joined_structure_tree_is_the_clean_one(joined):
    split, whole = (PdfReader(path) for path in joined[:2])
    joined_tree, clean_tree = tree(split), tree(whole)
    assert len(clean_tree) > 500
    assert sum(1 for row in clean_tree if row[0] == "/TH") > 10
    assert joined_tree == clean_tree


def test_the_joined_parent_tree_maps_every_mcid_and_link_back(joined):
    split, whole = (PdfReader(path) for path in joined[:2])
    assert check_parent_tree(split) == check_parent_tree(whole) > 30


def test_qpdf_reads_the_joined_file_without_a_complaint(joined):
    """qpdf (through pikepdf) is a strict reader: a stream held directly in a dictionary or a broken cross
    reference would show here, though pypdf and Poppler read on."""
    import pikepdf

    for path in joined[:2]:
        with pikepdf.open(path) as pdf:
            assert pdf.check_pdf_syntax() == [], path.name
            assert len(pdf.pages) == len(PdfReader(joined[1]).pages)


def test_the_joined_file_claims_what_the_clean_one_does(joined):
    split, whole = (PdfReader(path) for path in joined[:2])
    for key in ("/Lang", "/MarkInfo", "/ViewerPreferences"):
        assert split.trailer["/Root"][key] == whole.trailer["/Root"][key], key
    assert split.xmp_metadata is not None
    assert isinstance(split.trailer["/Root"].raw_get("/Metadata"), IndirectObject)
    assert (split.trailer["/Root"]["/Metadata"].get_object().get_data()
            == whole.trailer["/Root"]["/Metadata"].get_object().get_data())
    assert split.pdf_header == whole.pdf_header
    assert joined[0].stat().st_size < 1.15 * joined[1].stat().st_size  # its objects packed, as a clean render's
    id_tree = split.trailer["/Root"]["/StructTreeRoot"]["/IDTree"].get_object()["/Names"]
    keys = [str(id_tree[i]) for i in range(0, len(id_tree), 2)]
    assert keys == sorted(keys) and len(keys) == len(set(keys)) == sum(1 for e in _walk(split) if "/ID" in e)


def test_a_cached_tree_that_does_not_fit_renders_the_document_whole(first_render, joined, tmp_path, monkeypatch):
    """A kept part said to start with stand-ins whose first element holds content: the join refuses it."""
    root = _edited_copy(first_render, tmp_path)
    manifest = tmp_path / "cache" / part_cache.MANIFEST
    kept = json.loads(manifest.read_text(encoding="utf-8"))
    kept["parts"][1]["stand_ins"] = 1
    manifest.write_text(json.dumps(kept), encoding="utf-8")
    stats = counted(monkeypatch)
    clean = joined[1].read_bytes()  # the clean render of the same edits
    assert render_guide(root, tmp_path / "cache", tagged=True) == clean
    assert stats["whole"] == 1
