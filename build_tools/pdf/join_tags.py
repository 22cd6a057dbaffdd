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

from dataclasses import dataclass, field

import pikepdf

from build_tools.pdf.pdf_objects import array, dictionary

#: The copies of a part's pages: (page in the cached file, its copy in the joined file), in order.
PagePairs = list[tuple[pikepdf.Dictionary, pikepdf.Dictionary]]


def is_tagged(source: pikepdf.Pdf) -> bool:
    return "/StructTreeRoot" in source.Root


def _kids(element: pikepdf.Dictionary) -> list[object]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _document(source: pikepdf.Pdf) -> pikepdf.Dictionary:
    found = [dictionary(kid) for kid in _kids(dictionary(source.Root.get("/StructTreeRoot")))]
    if len(found) != 1 or found[0].get("/S") != "/Document":
        raise ValueError("the structure tree has no single /Document element")
    return found[0]


def _holds_content(element: pikepdf.Dictionary) -> bool:
    """Whether an element or any element under it holds page content or an annotation."""
    for kid in _kids(element):
        if isinstance(kid, int) or "/S" not in dictionary(kid):
            return True
        if _holds_content(dictionary(kid)):
            return True
    return False


def _number(value: object) -> int:
    """An object number: what tells a file's objects apart (pikepdf gives a new handle on every access)."""
    if not isinstance(value, pikepdf.Object) or not value.is_indirect:
        raise ValueError("an indirect object was expected")
    return value.objgen[0]


class _Source:
    """What the join reads once per cached file: its /Document's elements by page, its /ParentTree's entries,
    and the suffix of its header /IDs."""

    def __init__(self, source: pikepdf.Pdf, suffix: str) -> None:
        self.suffix = suffix
        self.document = _number(_document(source))
        self.by_page: dict[int, list[pikepdf.Dictionary]] = {}
        for kid in _kids(_document(source)):
            element = dictionary(kid)
            page = element.get("/Pg")
            if not isinstance(page, pikepdf.Dictionary) or not page.is_indirect:
                raise ValueError("a structure element names no page")
            self.by_page.setdefault(page.objgen[0], []).append(element)
        tree = dictionary(source.Root.StructTreeRoot.get("/ParentTree"))
        numbers = array(tree.get("/Nums", pikepdf.Array()))
        self.parents = {int(numbers[i]): numbers[i + 1] for i in range(0, len(numbers) - 1, 2)}


@dataclass
class _Part:
    """One part's pages in the cached file: page object number → joined page index, and its annotations."""

    suffix: str  # of its render's header /IDs
    pages: dict[int, int] = field(default_factory=dict)
    annotations: set[int] = field(default_factory=set)


class TagJoin:
    """Collects each part's tags as its pages are added to the joined file, then writes the joined tree."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.document = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, K=pikepdf.Array()))
        self.kids: list[pikepdf.Object] = []  # the /Document's kids, written once at the end
        self.marked: dict[int, dict[int, pikepdf.Object]] = {}  # joined page index → MCID → element
        self.links: list[tuple[pikepdf.Object, pikepdf.Object]] = []  # (annotation, its /Link element)
        self.named: dict[str, pikepdf.Object] = {}  # header /ID → element
        self.sources: dict[int, _Source] = {}  # id(cached file) → what is read of it once
        self.page_index: dict[int, int] = {}  # joined page's object number → its index

    def add(self, source: pikepdf.Pdf, pages: PagePairs, stand_ins: int) -> None:
        """The tags of `pages`, leaving out the first `stand_ins` elements of the first page."""
        if id(source) not in self.sources:
            self.sources[id(source)] = _Source(source, "" if not self.sources else f"~{len(self.sources)}")
        read = self.sources[id(source)]
        part = _Part(read.suffix)
        for old_page, new_page in pages:
            part.pages[_number(old_page)] = len(self.page_index)
            self.page_index[_number(new_page)] = len(self.page_index)
            part.annotations.update(annotation.objgen[0] for annotation in old_page.get("/Annots", ())
                                    if annotation.is_indirect)
        for number, (old_page, _) in enumerate(pages):
            elements = read.by_page.get(_number(old_page), [])
            if number == 0 and stand_ins:
                if len(elements) < stand_ins or any(_holds_content(e) for e in elements[:stand_ins]):
                    raise ValueError("a part's stand-ins are not where they were put")
                elements = elements[stand_ins:]
            for element in elements:
                self.kids.append(self._copy(element, part))
            self._copy_margins(read, old_page, part)

    def _copy_margins(self, read: _Source, page: pikepdf.Dictionary, part: _Part) -> None:
        """The elements of a page's margin boxes (its footer): WeasyPrint maps their marked content in the
        /ParentTree to elements outside the tree (under the /Document, which does not list them); so here."""
        key = page.get("/StructParents")
        holders = array(read.parents.get(int(key), pikepdf.Array())) if key is not None else pikepdf.Array()
        marked = self.marked.setdefault(part.pages[_number(page)], {})
        for mcid, holder in enumerate(holders):
            if mcid in marked:
                continue
            element = dictionary(holder)
            for _ in range(100):  # up to the element whose parent is the /Document
                parent = element.get("/P")
                if not isinstance(parent, pikepdf.Dictionary) or not parent.is_indirect:
                    raise ValueError("a structure element has no parent")
                if parent.objgen[0] == read.document:
                    break
                element = parent
            else:
                raise ValueError("a structure element is nested too deep")
            self._copy(element, part)

    def _copy(self, element: pikepdf.Dictionary, part: _Part) -> pikepdf.Object:
        """A copy of `element` and its subtree under the /Document, on the joined pages.

        qpdf copies the subtree in one call, mapping its /Pg and its links' annotations to the copies made
        with the pages; first it is checked and its header /IDs renamed, in the cached file's objects (opened
        for this join only), and its /P, which reaches the whole cached tree, is taken off."""
        taken: list[tuple[int, int, pikepdf.Dictionary]] = []  # (joined page, MCID, element holding it)
        links: list[tuple[pikepdf.Object, pikepdf.Dictionary]] = []  # (annotation, its /Link element)
        named: list[pikepdf.Dictionary] = []
        self._check(element, part, taken, links, named)
        del element.P
        copy = self.pdf.copy_foreign(element)
        copy.P = self.document
        for page, mcid, holder in taken:
            marked = self.marked.setdefault(page, {})
            if mcid in marked:
                raise ValueError("two elements hold one piece of marked content")
            marked[mcid] = self.pdf.copy_foreign(holder)  # the copy made above
        self.links += [(self.pdf.copy_foreign(annotation), self.pdf.copy_foreign(holder))
                       for annotation, holder in links]
        for header in named:
            self.named[str(header.ID)] = self.pdf.copy_foreign(header)
        return copy

    def _check(self, element: pikepdf.Dictionary, part: _Part, taken: list[tuple[int, int, pikepdf.Dictionary]],
               links: list[tuple[pikepdf.Object, pikepdf.Dictionary]], named: list[pikepdf.Dictionary]) -> None:
        """Walk `element`'s subtree: each element on the part's pages, under its parent, its links on the
        part's pages; its marked content, links and header /IDs (renamed here) listed."""
        page_ref = element.get("/Pg")
        page = part.pages.get(page_ref.objgen[0], -1) if isinstance(page_ref, pikepdf.Dictionary) else -1
        if page < 0:
            raise ValueError("a structure element is on a page the part does not hold")
        if "/ID" in element:
            if part.suffix:
                element.ID = pikepdf.String(f"{element.ID}{part.suffix}")
            named.append(element)
        attributes = element.get("/A")
        if part.suffix and isinstance(attributes, pikepdf.Dictionary) and "/Headers" in attributes:
            attributes.Headers = pikepdf.Array(
                [pikepdf.String(f"{header}{part.suffix}") for header in array(attributes.Headers)])
        number = element.objgen[0]
        for kid in _kids(element):
            if isinstance(kid, int):
                taken.append((page, kid, element))
                continue
            child = dictionary(kid)
            if child.get("/Type") == "/OBJR":
                target = child.get("/Obj")
                if not isinstance(target, pikepdf.Dictionary) or not target.is_indirect \
                        or target.objgen[0] not in part.annotations:
                    raise ValueError("a tagged annotation is not on the part's pages")
                links.append((target, element))
                continue
            parent = child.get("/P")
            if not isinstance(parent, pikepdf.Dictionary) or parent.objgen[0] != number or not child.is_indirect:
                raise ValueError("a structure element is not under its parent")
            self._check(child, part, taken, links, named)

    def finish(self) -> None:
        """The structure tree root, its /ParentTree and /IDTree, and the pages' and links' keys into it."""
        pdf = self.pdf
        self.document.K = pikepdf.Array(self.kids)
        numbers: list[object] = []
        for page in pdf.pages:
            index = self.page_index[_number(page.obj)]
            page.obj.StructParents = index
            marked = self.marked.get(index, {})
            if sorted(marked) != list(range(len(marked))):
                raise ValueError("a page's marked content is not numbered 0, 1, 2 …")
            numbers += [index, pikepdf.Array([marked[mcid] for mcid in range(len(marked))])]
        key = len(pdf.pages)
        keyed = set()
        for annotation, element in self.links:
            annotation.StructParent = key
            numbers += [key, element]
            keyed.add(_number(annotation))
            key += 1
        for page in pdf.pages:
            for annotation in page.obj.get("/Annots", ()):
                if "/StructParent" in annotation and (not annotation.is_indirect or _number(annotation) not in keyed):
                    raise ValueError("a tagged annotation's element was not on the part's pages")
        root = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructTreeRoot, K=pikepdf.Array([self.document]),
            ParentTree=pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(numbers))), ParentTreeNextKey=key))
        if self.named:
            names: list[object] = []
            for name in sorted(self.named):  # a name tree's leaf lists its keys in order
                names += [pikepdf.String(name), self.named[name]]
            root.IDTree = pdf.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array(names)))
        self.document.P = root
        pdf.Root.StructTreeRoot = root
        pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
