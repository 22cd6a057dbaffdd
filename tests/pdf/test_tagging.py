"""Tagged PDFs read back: the structure tree a screen reader (and a PDF/UA checker) reads.

No PDF/UA validator installs from the package registries, so the tests read the structure tree of the
two-day fixture's real PDFs (built once per run, tagged by default) with pypdf and check what PDF/UA-1
asks of them: marked and tagged, /Lang, the title shown and in the XMP metadata, headings that do not skip
a level, figures with alt text, every table header with its /Scope and an /ID the /IDTree knows, every data
cell pointing at existing headers, and every empty write-in cell of the worksheets present in the tree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from build_tools.course.model import Edition
from build_tools.pdf.document import build_document

pytestmark = pytest.mark.integration


def elements(node: DictionaryObject) -> Iterator[DictionaryObject]:
    """The structure elements under `node`, in reading order (depth first)."""
    kids = node.get("/K")
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, DictionaryObject) and "/S" in kid:
            yield kid
            yield from elements(kid)


def marked_contents(element: DictionaryObject) -> int:
    """How many pieces of page content (MCIDs) an element holds itself."""
    kids = element.get("/K")
    return sum(1 for kid in (kids if isinstance(kids, ArrayObject) else [kids]) if isinstance(kid, int))


def id_tree(root: DictionaryObject) -> dict[str, DictionaryObject]:
    """The /IDTree's leaf entries (the toolchain writes one flat leaf)."""
    names = root["/IDTree"].get_object()["/Names"]
    return {str(names[i]): names[i + 1].get_object() for i in range(0, len(names), 2)}


@pytest.fixture(scope="module")
def pdfs(two_day_build) -> dict[str, Path]:
    found = {path.relative_to(two_day_build.pdf_dir).as_posix(): path
             for path in sorted(two_day_build.pdf_dir.rglob("*.pdf"))}
    assert len(found) == 4, found
    return found


def test_every_pdf_is_tagged_with_its_language_and_its_title_shown(pdfs: dict[str, Path]) -> None:
    for name, path in pdfs.items():
        reader = PdfReader(path)
        catalog = reader.trailer["/Root"]
        xmp = catalog["/Metadata"].get_object().get_data().decode("utf-8")
        title = reader.metadata.title

        assert "/StructTreeRoot" in catalog and bool(catalog["/MarkInfo"]["/Marked"]), name
        assert str(catalog["/Lang"]).split("-")[0] == name.split("/")[0], name  # `zh-CN` for the Chinese
        assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"]), name
        assert title and f'<rdf:li xml:lang="x-default">{title}</rdf:li>' in xmp, name
        assert 'pdfuaid:part="1"' in xmp, name
        assert all(page.get("/Tabs") == "/S" for page in reader.pages if "/Annots" in page), name


def test_chinese_words_on_english_pages_carry_their_language_in_the_tags(pdfs: dict[str, Path]) -> None:
    """WCAG 3.1.2 in the PDF as on the site: every Chinese word an English PDF prints is inside a structure element
    whose /Lang says Chinese (`zh`, or `zh-Hant` for traditional forms), so a screen reader switches voice."""
    for name, path in pdfs.items():
        reader = PdfReader(path)
        root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
        marked = [element for element in elements(root) if str(element.get("/Lang", "")).startswith("zh")]
        if name.startswith("en/"):
            printed = sum(len(re.findall(r"[\u4e00-\u9fff]+", page.extract_text())) for page in reader.pages)
            assert printed >= 3, name  # the fixture's glossary names its terms in Chinese
            assert len(marked) >= printed, (name, len(marked), printed)
            assert all(str(element["/S"]) == "/Span" for element in marked)
        else:
            assert marked == [], name  # a Chinese PDF's own language is the document's


def test_headings_start_at_h1_and_never_skip_a_level(pdfs: dict[str, Path]) -> None:
    for name, path in pdfs.items():
        root = PdfReader(path).trailer["/Root"]["/StructTreeRoot"]
        levels = [int(e["/S"][2]) for e in elements(root) if re.fullmatch(r"/H[1-6]", e["/S"])]
        assert levels and levels[0] == 1, name
        jumps = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        assert jumps == [], name


def test_figures_have_alt_text(pdfs: dict[str, Path]) -> None:
    figures = {name: [e.get("/Alt") for e in elements(PdfReader(path).trailer["/Root"]["/StructTreeRoot"])
                      if e["/S"] == "/Figure"] for name, path in pdfs.items()}
    assert any(figures.values()), "the fixture's PDFs show at least one picture"
    assert {name: alts for name, alts in figures.items() if not all(alts)} == {}


def test_every_header_cell_has_a_scope_and_an_id_the_id_tree_knows(pdfs: dict[str, Path]) -> None:
    for name, path in pdfs.items():
        root = PdfReader(path).trailer["/Root"]["/StructTreeRoot"]
        known = id_tree(root)
        headers = [e for e in elements(root) if e["/S"] == "/TH"]
        cells = [e for e in elements(root) if e["/S"] == "/TD"]

        assert headers, name
        for header in headers:
            group = header["/P"].get_object()["/P"].get_object()["/S"]
            assert header["/A"]["/Scope"] == ("/Column" if group == "/THead" else "/Row"), name
            assert known[str(header["/ID"])] == header, name
        for cell in cells:
            assert all(str(key) in known for key in cell["/A"].get("/Headers", [])), name


def test_worksheet_rows_read_their_question_with_each_cell(pdfs: dict[str, Path]) -> None:
    """A worksheet row's printed first cell is its header: each write-in cell names it and its column."""
    root = PdfReader(pdfs["en/service-talk-en-workbook.pdf"]).trailer["/Root"]["/StructTreeRoot"]
    known = id_tree(root)
    row_headed = [e for e in elements(root) if e["/S"] == "/TD"
                  and {known[str(key)]["/A"]["/Scope"] for key in e["/A"].get("/Headers", [])} == {"/Row", "/Column"}]
    assert len(row_headed) >= 6


def test_every_empty_write_in_cell_is_in_the_structure_tree(two_day_build, pdfs: dict[str, Path]) -> None:
    course = two_day_build.course
    for language in ("zh", "en"):
        for edition, kind in ((Edition.PARTICIPANT, "workbook"), (Edition.FACILITATOR, "facilitator-guide")):
            html = build_document(course, language, edition).html
            blank = len(re.findall(r'<td[^>]*class="[^"]*\bblank\b', html))
            path = next(p for n, p in pdfs.items() if n.startswith(f"{language}/") and n.endswith(f"{kind}.pdf"))
            root = PdfReader(path).trailer["/Root"]["/StructTreeRoot"]
            empty = [e for e in elements(root) if e["/S"] == "/TD" and marked_contents(e) == 0
                     and not any(True for _ in elements(e))]
            assert blank > 0, (language, kind)
            assert len(empty) >= blank, (language, kind, len(empty), blank)


def test_a_stacked_records_cells_name_its_question_and_their_column() -> None:
    """pdf.table_layout stacks a record whose question is too long to sit beside its cells: the question's
    row (`<th scope="row">` alone) is above the write-in row, and each write-in cell still names it."""
    import io

    from weasyprint import HTML

    from build_tools.pdf.tagging import PDF_VARIANT, finish_tags

    html = ('<html lang="en"><head><title>Sheet</title></head><body><table>'
            '<thead><tr><th>Cause</th><th>Evidence</th></tr></thead><tbody>'
            '<tr><th scope="row" colspan="2">Unclear goals: could people state the purpose?</th></tr>'
            '<tr><td></td><td></td></tr>'
            '<tr><th scope="row" colspan="2">Missing systems: who followed up?</th></tr>'
            '<tr><td></td><td></td></tr></tbody></table></body></html>')
    data = HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT, finisher=finish_tags)
    root = PdfReader(io.BytesIO(data)).trailer["/Root"]["/StructTreeRoot"]
    known = id_tree(root)
    cells = [e for e in elements(root) if e["/S"] == "/TD"]
    named = [sorted((str(known[str(key)]["/A"]["/Scope"]), known[str(key)].get("/K") is not None)
                    for key in cell["/A"]["/Headers"]) for cell in cells]
    questions = [[str(known[str(key)]["/ID"]) for key in cell["/A"]["/Headers"]
                  if known[str(key)]["/A"]["/Scope"] == "/Row"] for cell in cells]

    assert len(cells) == 4
    assert all(scopes == [("/Column", True), ("/Row", True)] for scopes in named), named
    assert questions[0] == questions[1] != questions[2] == questions[3]
