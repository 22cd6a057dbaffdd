"""The structure tree of a tagged PDF joined from cached parts (`pdf.join`): each part's tags go with its pages.

WeasyPrint (70) builds a tagged PDF's tree page by page: the /Document element's kids are each page's
elements in page order, every element names its page (/Pg), each page numbers its marked content from 0
(MCIDs) under its /StructParents key in the /ParentTree, and link annotations follow, keyed after the pages.
So a part's tags are exactly the /Document kids whose /Pg is one of its pages, and the joined tree is theirs
in page order, copied with their pages:

- every element is copied with its subtree, its /Pg and /P pointing at the joined pages and parents; so are
  the elements of the page margins (footers), which WeasyPrint keeps outside the tree but in the /ParentTree;
- the /ParentTree is made again: page n of the joined file is key n, its MCIDs map to the copied elements
  that hold them, and each link annotation gets the next key and maps to its /Link element;
- table header /IDs are unique within one render only (WeasyPrint names them after object numbers), so the
  headers of every render after the first are renamed `<id>~<render>`, in their cells' /Headers too, and
  the /IDTree lists them all (`pdf.tagging` wrote it for a whole render).

A part rendered alone carries its stand-ins (`pdf.parts`: invisible targets of its links to other parts)
as the first element of its first page; that element holds no content and is left out. Anything that does
not fit this shape is a damaged cache (`ValueError`): the part cache renders the document whole instead.
"""

from __future__ import annotations

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from build_tools.pdf.pdf_objects import array, dictionary

_TREE_KEYS = ("/P", "/K", "/Pg")


def is_tagged(reader: PdfReader) -> bool:
    return "/StructTreeRoot" in reader.root_object


def _kids(element: DictionaryObject) -> list[object]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, ArrayObject) else [kids]


def _document(reader: PdfReader) -> DictionaryObject:
    root = dictionary(reader.root_object["/StructTreeRoot"])
    found = [dictionary(kid) for kid in _kids(root)]
    if len(found) != 1 or found[0].get("/S") != "/Document":
        raise ValueError("the structure tree has no single /Document element")
    return found[0]


def _holds_content(element: DictionaryObject) -> bool:
    """Whether an element or any element under it holds page content or an annotation."""
    for kid in _kids(element):
        if isinstance(kid, int) or not isinstance(dictionary(kid).get("/S"), str):
            return True
        if _holds_content(dictionary(kid)):
            return True
    return False


class TagJoin:
    """Collects each part's tags as its pages are added to the writer, then writes the joined tree."""

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self.document = DictionaryObject({NameObject("/Type"): NameObject("/StructElem"),
                                          NameObject("/S"): NameObject("/Document"), NameObject("/K"): ArrayObject()})
        self.document_ref = writer._add_object(self.document)
        self.marked: dict[int, dict[int, IndirectObject]] = {}  # joined page index → MCID → element
        self.links: list[tuple[IndirectObject, IndirectObject]] = []  # (annotation, its /Link element)
        self.named: dict[str, IndirectObject] = {}  # header /ID → element
        self.renders: dict[int, str] = {}  # id(reader) → suffix of its header /IDs
        self.by_page: dict[int, dict[int, list[DictionaryObject]]] = {}  # id(reader) → page idnum → elements
        self.parents: dict[int, dict[int, object]] = {}  # id(reader) → its /ParentTree's entries
        self.page_index: dict[int, int] = {}  # joined page idnum → its index

    def add(self, reader: PdfReader, pages: list[tuple[PageObject, PageObject]], stand_ins: int) -> None:
        """The tags of `pages` ((page in `reader`, its copy in the writer), in order), leaving out the first
        `stand_ins` elements of the first page."""
        if id(reader) not in self.by_page:
            self.renders[id(reader)] = "" if not self.renders else f"~{len(self.renders)}"
            grouped: dict[int, list[DictionaryObject]] = {}
            for kid in _kids(_document(reader)):
                element = dictionary(kid)
                page = element.get("/Pg")
                if not isinstance(page, IndirectObject):
                    raise ValueError("a structure element names no page")
                grouped.setdefault(page.idnum, []).append(element)
            self.by_page[id(reader)] = grouped
        copies = {}
        annotations: dict[int, IndirectObject] = {}
        for source, copy in pages:
            if source.indirect_reference is None or copy.indirect_reference is None:
                raise ValueError("a page is not an indirect object")
            copies[source.indirect_reference.idnum] = copy.indirect_reference
            self.page_index[copy.indirect_reference.idnum] = len(self.page_index)
            old, new = array(source.get("/Annots", ArrayObject())), array(copy.get("/Annots", ArrayObject()))
            if len(old) != len(new):
                raise ValueError("a page's annotations were not copied with it")
            for before, after in zip(old, new, strict=True):
                if isinstance(before, IndirectObject) and isinstance(after, IndirectObject):
                    annotations[before.idnum] = after
        suffix = self.renders[id(reader)]
        for number, (source, _) in enumerate(pages):
            assert source.indirect_reference is not None
            elements = self.by_page[id(reader)].get(source.indirect_reference.idnum, [])
            if number == 0 and stand_ins:
                if len(elements) < stand_ins or any(_holds_content(e) for e in elements[:stand_ins]):
                    raise ValueError("a part's stand-ins are not where they were put")
                elements = elements[stand_ins:]
            for element in elements:
                copied = self._copy(element, self.document_ref, copies, annotations, suffix)
                array(self.document["/K"]).append(copied)
            self._copy_margins(reader, source, copies, annotations, suffix)

    def _copy_margins(self, reader: PdfReader, source: PageObject, pages: dict[int, IndirectObject],
                      annotations: dict[int, IndirectObject], suffix: str) -> None:
        """The elements of a page's margin boxes (its footer): WeasyPrint maps their marked content in the
        /ParentTree to elements outside the tree (under the /Document, which does not list them); so here."""
        if id(reader) not in self.parents:
            tree = dictionary(reader.root_object["/StructTreeRoot"])
            numbers = array(dictionary(tree["/ParentTree"]).get("/Nums", ArrayObject()))
            self.parents[id(reader)] = {int(numbers[i]): numbers[i + 1] for i in range(0, len(numbers) - 1, 2)}
        document = _document(reader).indirect_reference
        assert document is not None and source.indirect_reference is not None
        key = source.get("/StructParents")
        holders = array(self.parents[id(reader)].get(int(key), ArrayObject())) if key is not None else ArrayObject()
        marked = self.marked.setdefault(self.page_index[pages[source.indirect_reference.idnum].idnum], {})
        for mcid, holder in enumerate(holders):
            if mcid in marked:
                continue
            element = dictionary(holder)
            for _ in range(100):  # up to the element whose parent is the /Document
                parent = element.raw_get("/P")
                if not isinstance(parent, IndirectObject):
                    raise ValueError("a structure element has no parent")
                if parent.idnum == document.idnum:
                    break
                element = dictionary(parent)
            else:
                raise ValueError("a structure element is nested too deep")
            self._copy(element, self.document_ref, pages, annotations, suffix)

    def _copy(self, element: DictionaryObject, parent: IndirectObject, pages: dict[int, IndirectObject],
              annotations: dict[int, IndirectObject], suffix: str) -> IndirectObject:
        """A copy of `element` and its subtree under `parent`, on the joined pages."""
        copy = DictionaryObject()
        for key, value in element.items():
            if key not in _TREE_KEYS:
                copy[NameObject(key)] = value.clone(self.writer, ignore_fields=list(_TREE_KEYS))
        reference = self.writer._add_object(copy)
        page_ref = element.get("/Pg")
        if not isinstance(page_ref, IndirectObject) or page_ref.idnum not in pages:
            raise ValueError("a structure element is on a page the part does not hold")
        page = pages[page_ref.idnum]
        copy[NameObject("/P")] = parent
        copy[NameObject("/Pg")] = page
        self._rename_ids(copy, reference, suffix)
        kids = ArrayObject()
        for kid in _kids(element):
            if isinstance(kid, int):
                marked = self.marked.setdefault(self.page_index[page.idnum], {})
                if int(kid) in marked:
                    raise ValueError("two elements hold one piece of marked content")
                marked[int(kid)] = reference
                kids.append(NumberObject(int(kid)))
                continue
            child = dictionary(kid)
            if child.get("/Type") == "/OBJR":
                target = child.get("/Obj")
                if not isinstance(target, IndirectObject) or target.idnum not in annotations:
                    raise ValueError("a tagged annotation is not on the part's pages")
                annotation = annotations[target.idnum]
                self.links.append((annotation, reference))
                kids.append(self.writer._add_object(DictionaryObject({
                    NameObject("/Type"): NameObject("/OBJR"), NameObject("/Obj"): annotation,
                    NameObject("/Pg"): page})))
            else:
                kids.append(self._copy(child, reference, pages, annotations, suffix))
        copy[NameObject("/K")] = kids
        return reference

    def _rename_ids(self, copy: DictionaryObject, reference: IndirectObject, suffix: str) -> None:
        """A header's /ID, and the /Headers a cell names, as unique in the joined file."""
        if "/ID" in copy:
            name = f"{copy['/ID']}{suffix}"
            copy[NameObject("/ID")] = TextStringObject(name)
            self.named[name] = reference
        attributes = copy.get("/A")
        if isinstance(attributes, DictionaryObject) and "/Headers" in attributes and suffix:
            attributes[NameObject("/Headers")] = ArrayObject(
                TextStringObject(f"{header}{suffix}") for header in array(attributes["/Headers"]))

    def finish(self) -> None:
        """The structure tree root, its /ParentTree and /IDTree, and the pages' and links' keys into it."""
        writer = self.writer
        numbers = ArrayObject()
        for page in writer.pages:
            assert page.indirect_reference is not None
            index = self.page_index[page.indirect_reference.idnum]
            page[NameObject("/StructParents")] = NumberObject(index)
            marked = self.marked.get(index, {})
            if sorted(marked) != list(range(len(marked))):
                raise ValueError("a page's marked content is not numbered 0, 1, 2 …")
            numbers += [NumberObject(index), ArrayObject(marked[mcid] for mcid in range(len(marked)))]
        key = len(writer.pages)
        keyed = set()
        for annotation, element in self.links:
            dictionary(annotation)[NameObject("/StructParent")] = NumberObject(key)
            numbers += [NumberObject(key), element]
            keyed.add(annotation.idnum)
            key += 1
        for page in writer.pages:
            for annotation in array(page.get("/Annots", ArrayObject())):
                if "/StructParent" in dictionary(annotation) and getattr(annotation, "idnum", None) not in keyed:
                    raise ValueError("a tagged annotation's element was not on the part's pages")
        parent_tree = writer._add_object(DictionaryObject({NameObject("/Nums"): numbers}))
        root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot"),
                                 NameObject("/K"): ArrayObject([self.document_ref]),
                                 NameObject("/ParentTree"): parent_tree,
                                 NameObject("/ParentTreeNextKey"): NumberObject(key)})
        if self.named:
            names = ArrayObject()
            for name in sorted(self.named):  # a name tree's leaf lists its keys in order
                names += [TextStringObject(name), self.named[name]]
            root[NameObject("/IDTree")] = writer._add_object(DictionaryObject({NameObject("/Names"): names}))
        root_ref = writer._add_object(root)
        self.document[NameObject("/P")] = root_ref
        catalog = writer._root_object
        catalog[NameObject("/StructTreeRoot")] = root_ref
        catalog[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
