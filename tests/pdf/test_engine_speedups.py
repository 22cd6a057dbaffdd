"""The engine's speed-ups (`pdf.engine_speedups`) change how fast a PDF is made, not what it shows.

A small tagged document with a table, a link and several pages is written with pydyf's own page references
and with the kept ones: the same bytes. Its streams are deflated at level 6 (pydyf's own: 9), and inflate to
the same page contents as a level-9 file's. A document whose contents and references print page numbers of
later and earlier pages gives the same bytes with and without the page-number patch, with each page that
prints a number laid out once more instead of twice.
"""

from __future__ import annotations

import io
import re

import pydyf
import pytest
from pypdf import PdfReader
from weasyprint import HTML

from build_tools.pdf import engine_speedups
from build_tools.pdf.tagging import PDF_VARIANT, finish_tags

_PAGES = "".join(
    f'<h1 id="c{n}" style="break-before: page">Chapter {n}</h1><p>Text of chapter {n}, <a href="#c1">back</a>.</p>'
    f"<table><thead><tr><th>Step</th><th>Note</th></tr></thead><tbody><tr><td>{n}</td><td>—</td></tr></tbody></table>"
    for n in range(1, 5)
)
_HTML = f'<html lang="en"><head><title>t</title></head><body>{_PAGES}</body></html>'


def _original_page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    return tuple(f"{number} 0 R".encode("ascii") for number in pdf.pages["Kids"][::3])


@pytest.fixture(scope="module")
def document():
    engine_speedups.install()
    return HTML(string=_HTML).render()


def _write(document) -> bytes:
    return document.write_pdf(pdf_identifier=b"test", pdf_variant=PDF_VARIANT, pdf_tags=True, finisher=finish_tags)


def test_kept_page_references_follow_every_added_page():
    engine_speedups.install()
    pdf = pydyf.PDF()
    assert pdf.page_references == ()
    for count in range(1, 4):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
        assert pdf.page_references == _original_page_references(pdf)
        assert len(pdf.page_references) == count


def test_a_tagged_pdf_has_the_same_bytes_with_either_page_references(document, monkeypatch):
    kept = _write(document)
    monkeypatch.setattr(pydyf.PDF, "page_references", property(_original_page_references))
    assert _write(document) == kept


def test_streams_are_deflated_at_level_6_with_the_same_contents(document, monkeypatch):
    faster = _write(document)
    monkeypatch.setattr(engine_speedups, "STREAM_LEVEL", 9)
    tighter = _write(document)
    assert faster != tighter
    assert len(tighter) < len(faster) < 1.05 * len(tighter)
    pages = [[page.get_contents().get_data() for page in PdfReader(io.BytesIO(data)).pages]
             for data in (faster, tighter)]
    assert pages[0] == pages[1] and len(pages[0]) == 4


# --- page numbers of links: each page that prints them laid out once more, not twice ---------------------------

_CONTENTS_CSS = """
.toc { list-style: none; }
.toc a::after { content: leader(".") target-counter(attr(href url), page); }
.ref::after { content: " (page " target-counter(attr(href url), page) ")"; }
h1 { break-before: page; }
"""
_CHAPTERS = "".join(
    f'<h1 id="c{n}">Chapter {n}</h1>' + "<p>Some words of this chapter, long enough to fill a line.</p>" * (5 * n)
    + (f'<p>See <a class="ref" href="#c{n - 1}">the one before</a> and <a class="ref" href="#c{n}">this one</a>.</p>'
       if n > 1 else "")
    for n in range(1, 6)
)
_CONTENTS = '<ul class="toc">' + "".join(f'<li><a href="#c{n}">Chapter {n}</a></li>' for n in range(1, 6)) + "</ul>"
_LINKED = f'<html lang="en"><head><title>t</title><style>{_CONTENTS_CSS}</style></head>' \
          f'<body><p><a class="ref" href="#c5">The last chapter</a></p>{_CONTENTS}{_CHAPTERS}</body></html>'


def _layouts_and_bytes(monkeypatch) -> tuple[int, int, bytes]:
    """(pages laid out, pages, PDF bytes) of the linked document."""
    from weasyprint.layout import page as layout_page

    made = []
    original = layout_page.make_page

    def counted(*args):
        made.append(args[4])
        return original(*args)

    monkeypatch.setattr(layout_page, "make_page", counted)
    document = HTML(string=_LINKED).render()
    return len(made), len(document.pages), _write(document)


def test_page_numbers_of_links_need_one_more_layout_and_give_the_same_bytes(monkeypatch):
    engine_speedups.install()
    laid_out, pages, patched = _layouts_and_bytes(monkeypatch)
    engine_speedups.uninstall_page_numbers()
    try:
        laid_out_before, pages_before, before = _layouts_and_bytes(monkeypatch)
    finally:
        engine_speedups.install()
    assert patched == before and pages == pages_before
    reader = PdfReader(io.BytesIO(patched))
    starts = [next(number for number, page in enumerate(reader.pages[1:], start=2)
                   if f"Chapter {n}" in page.extract_text()) for n in range(1, 6)]
    contents = reader.pages[0].extract_text()
    assert f"The last chapter (page {starts[-1]})" in contents and starts[-1] > 5
    assert re.findall(r"Chapter \d+ \.+ (\d+)", contents) == [str(start) for start in starts]
    printing = 5  # the first page (contents) and the last page of chapters 2-5, which end on a reference
    assert laid_out_before == pages + 2 * printing  # WeasyPrint 70's own: each twice more
    assert laid_out == pages + printing
