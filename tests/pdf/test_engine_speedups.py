"""The PDF writer's two speed-ups (`pdf.engine_speedups`) change how fast a PDF is written, not what it shows.

A small tagged document with a table, a link and several pages is written with pydyf's own page references
and with the kept ones: the same bytes. Its streams are deflated at level 6 (pydyf's own: 9), and inflate to
the same page contents as a level-9 file's.
"""

from __future__ import annotations

import io

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
