"""Per-course PDF settings: each language in the CJK face its readers expect, and tagging on request."""

from __future__ import annotations

import pytest
from course_copies import THREE_LANGUAGES, copy_course
from pypdf import PdfReader

from build_tools.checks.checked import checked_course
from build_tools.course.model import Edition
from build_tools.pdf.fonts import code_font, text_font
from build_tools.pdf.render import build_document, render_one


@pytest.mark.parametrize(("language", "face"), [("zh", "SC"), ("zh-TW", "TC"), ("ja", "JP"), ("ko", "KR"),
                                                ("en", "SC"), ("fr", "SC")])
def test_a_language_gets_its_noto_face(language, face):
    assert text_font(language) == f"Noto Sans CJK {face}"
    assert code_font(language) == f"Noto Sans Mono CJK {face}"


@pytest.mark.integration
def test_the_japanese_workbook_embeds_the_japanese_face(tmp_path):
    course = checked_course(copy_course(tmp_path, THREE_LANGUAGES))
    fonts = {}
    for language in ("ja", "zh"):
        data, _ = render_one(course, build_document(course, language, Edition.PARTICIPANT))
        (tmp_path / f"{language}.pdf").write_bytes(data)
        reader = PdfReader(tmp_path / f"{language}.pdf")
        fonts[language] = {str(font["/BaseFont"]) for page in reader.pages
                           for font in page["/Resources"]["/Font"].values()}
    assert any("CJK-JP" in name for name in fonts["ja"]), fonts["ja"]
    assert not any("CJK-JP" in name for name in fonts["zh"])
    assert any("CJK-SC" in name for name in fonts["zh"]), fonts["zh"]


@pytest.mark.integration
def test_pdfs_are_tagged_unless_the_course_opts_out(tmp_path):
    from course_copies import MINIMAL, edit

    course = checked_course(copy_course(tmp_path / "tagged", MINIMAL))
    data, _ = render_one(course, build_document(course, "en", Edition.PARTICIPANT))
    (tmp_path / "tagged.pdf").write_bytes(data)
    assert "/StructTreeRoot" in PdfReader(tmp_path / "tagged.pdf").trailer["/Root"]
    root = copy_course(tmp_path / "plain", MINIMAL)
    edit(root, "docs/course.yml", "teaching_minutes: 60", "teaching_minutes: 60\ntagged_pdf: false")
    plain = checked_course(root)
    untagged, _ = render_one(plain, build_document(plain, "en", Edition.PARTICIPANT))
    assert b"/StructTreeRoot" not in untagged
