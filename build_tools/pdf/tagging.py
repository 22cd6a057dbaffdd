"""Tagged PDF (PDF/UA-1): what WeasyPrint's tags leave out, added to the PDF before it is written.

WeasyPrint 70 with `pdf_variant="pdf/ua-1"` tags headings, lists, tables, figures with their alt text and
links, marks the page furniture as artifacts, sets /Lang from `<html lang>`, shows the title
(DisplayDocTitle) and writes XMP metadata with the title and the PDF/UA-1 claim. It gives every table
header an /ID and every data cell the /Headers it belongs to, but leaves out two things a PDF/UA checker
asks for; `finish_tags` (WeasyPrint's `finisher` hook) adds them:

- /Scope on every header cell (/Column in a table's head, /Row for a row header, `<th scope="row">`);
- the structure tree's /IDTree, which maps those /IDs to their elements (without it /Headers point nowhere).

WeasyPrint writes the document's language (from `<html lang>`) but no /Lang on a structure element, so the
Chinese words an English page quotes (`<span lang="zh">`, `parts.foreign_words`) would be read with an English
voice (WCAG 3.1.2, language of parts); `mark_languages` has the element of every box whose HTML element carries
`lang` say so.

It also links a worksheet's stacked records (`pdf.table_layout`: a row holding only the record's question,
`<th scope="row">`, above the rows of its write-in cells) to their cells: WeasyPrint gives a cell the row
headers of its own row only, so each cell of those rows gets the question's /ID in its /Headers too.
"""

from __future__ import annotations

from typing import Any

import pydyf

PDF_VARIANT = "pdf/ua-1"
_DOCUMENT_LEVEL = frozenset({"html", "body"})
"""Elements whose `lang` is the document's own (/Lang in the catalog)."""


def mark_languages() -> None:
    """Wrap WeasyPrint's builder of each box's structure element (`weasyprint.pdf.tags._build_box_tree`, which
    looks itself up when it recurses) so the elements built for a box whose element has `lang` carry /Lang.
    Done once per process; the PDF shows the same, its tags say more."""
    from weasyprint.pdf import tags

    original = tags._build_box_tree
    if getattr(original, "marks_languages", False):
        return

    def build(box: Any, parent: Any, pdf: Any, *rest: Any) -> Any:
        element = getattr(box, "element", None)
        language = None
        if element is not None and getattr(box, "element_tag", None) not in _DOCUMENT_LEVEL:
            language = element.get("lang")
        for built in original(box, parent, pdf, *rest):
            if language:
                built["Lang"] = pydyf.String(language)
            yield built

    build.marks_languages = True  # type: ignore[attr-defined]
    tags._build_box_tree = build


def _object(pdf: Any, reference: Any) -> Any:
    """The pydyf object behind a reference (`b"12 0 R"`): pydyf numbers objects by their place in the list."""
    number = int(bytes(reference).split()[0]) if not isinstance(reference, int) else reference
    return pdf.objects[number]


def _struct_elements(pdf: Any) -> list[Any]:
    return [obj for obj in pdf.objects
            if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/StructElem"]


def finish_tags(document: Any, pdf: Any) -> None:
    """Give header cells their /Scope and the structure tree its /IDTree (WeasyPrint's finisher hook)."""
    named: dict[str, Any] = {}
    for element in _struct_elements(pdf):
        if element.get("S") != "/TH":
            continue
        row = _object(pdf, element["P"])
        group = _object(pdf, row["P"]) if "P" in row else None
        in_head = group is not None and group.get("S") == "/THead"
        attributes = element.get("A")
        if not isinstance(attributes, pydyf.Dictionary):
            attributes = element["A"] = pydyf.Dictionary({"O": "/Table"})
        attributes["Scope"] = "/Column" if in_head else "/Row"
        if isinstance(element.get("ID"), pydyf.String):
            named[str(element["ID"].string)] = element
    if not named:
        return
    _link_stacked_records(pdf)
    root = _object(pdf, pdf.catalog["StructTreeRoot"])
    names = pydyf.Array()
    for key in sorted(named):  # a name tree's leaf lists its keys in order
        names.extend([pydyf.String(key), named[key].reference])
    id_tree = pydyf.Dictionary({"Names": names})
    pdf.add_object(id_tree)
    root["IDTree"] = id_tree.reference


def _children(pdf: Any, element: Any) -> list[Any]:
    """The structure elements directly under `element` (not its marked content)."""
    kids = element.get("K")
    references = kids if isinstance(kids, pydyf.Array) else [kids]
    return [_object(pdf, kid) for kid in references if isinstance(kid, bytes)]


def _link_stacked_records(pdf: Any) -> None:
    """Each data cell of a row without a header of its own also names the row header of the row just above it
    that holds nothing but row headers (a stacked record's question)."""
    for group in (e for e in _struct_elements(pdf) if e.get("S") == "/TBody"):
        record: list[Any] = []
        for row in _children(pdf, group):
            cells = _children(pdf, row)
            headers = [cell for cell in cells if cell.get("S") == "/TH"]
            if headers and len(headers) == len(cells):
                record = [cell["ID"] for cell in headers if isinstance(cell.get("ID"), pydyf.String)]
            elif headers:
                record = []
            else:
                for cell in cells:
                    attributes = cell.get("A")
                    if record and isinstance(attributes, pydyf.Dictionary):
                        attributes["Headers"] = pydyf.Array([*record, *(attributes.get("Headers") or [])])
