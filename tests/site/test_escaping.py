"""Course text is text on the site: markup in course.yml values and in titles is shown, never run.

Material writes the site's name, the footer and navigation titles into pages as HTML; the course plugin escapes
every value that comes from docs/course.yml or a page title before MkDocs sees it.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from course_copies import MINIMAL, edit
from site_courses import site_course, stand_in_downloads

from build_tools.checks.checked import checked_course
from build_tools.pipeline.build import render_course

pytestmark = pytest.mark.integration

PLANTED = {"b": "BOLDT", "i": "ITALT", "u": "AUTHU", "s": "HEADS", "q": "MODT"}
"""An element written into course text, and the word inside it."""


class _Elements(HTMLParser):
    """The elements of a page as a browser finds them, and its text outside `<title>`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._in_title:
            return  # browsers read a <title>'s content as text (Python's parser does not)
        self.tags.append(tag)
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if not self._in_title:
            self.text.append(data)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scratch = tmp_path_factory.mktemp("escaping")
    root = site_course(scratch, MINIMAL)
    edit(root, "docs/course.yml", "title: {zh: 最小课程, en: Minimal course}",
         'title: {zh: "最小<b>BOLDT</b>课程", en: "Minimal <i>ITALT</i> & \\" course"}')
    edit(root, "docs/course.yml", "author: {zh: 测试组, en: Test team}",
         'author: {zh: "测试<u>AUTHU</u>组", en: "Test & <u>AUTHU</u>"}')
    edit(root, "docs/modules/01-listening.md", "# 倾听 {#listening}", r"# 倾听 \<s>HEADS\</s> {#listening}")
    edit(root, "docs/modules/01-listening.en.md", "# Listening {#listening}",
         r"# Listening \<q>MODT\</q> {#listening}")
    course = checked_course(root)
    pdf_dir, slides_dir = stand_in_downloads(course, scratch)
    return render_course(course, "site", scratch / "site", downloads=(pdf_dir, slides_dir), report=lambda line: None)


def test_markup_in_course_settings_and_titles_is_shown_as_text_on_every_page(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 6
    for page in pages:
        parsed = _Elements()
        parsed.feed(page.read_text(encoding="utf-8"))
        planted = [tag for tag in parsed.tags if tag in PLANTED]
        assert planted == [], (page, planted)
    home = _Elements()
    home.feed((site / "index.html").read_text(encoding="utf-8"))
    shown = "".join(home.text)
    assert "最小<b>BOLDT</b>课程" in shown and "测试<u>AUTHU</u>组" in shown  # as written, in the header and footer
    module = _Elements()
    module.feed((site / "modules/01-listening.html").read_text(encoding="utf-8"))
    assert "倾听 <s>HEADS</s>" in "".join(module.text)


def test_a_page_body_outside_the_allowlist_stops_the_site_build(tmp_path: Path, monkeypatch) -> None:
    """Were the renderer to let a handler through, the sanitiser check stops the build (nothing published)."""
    from build_tools.course.problems import BuildError
    from build_tools.parts.markdown_html import MarkdownConverter, RenderedHtml

    real = MarkdownConverter.render

    def leaky(self, text, options=None):
        rendered = real(self, text, options)
        return RenderedHtml(rendered.html + '\n<p onclick="alert(1)">x</p>', rendered.toc)

    monkeypatch.setattr(MarkdownConverter, "render", leaky)
    root = site_course(tmp_path, MINIMAL)
    course = checked_course(root)
    pdf_dir, slides_dir = stand_in_downloads(course, tmp_path)
    with pytest.raises(BuildError) as raised:
        render_course(course, "site", tmp_path / "site", downloads=(pdf_dir, slides_dir), report=lambda line: None)
    assert "the page holds markup outside the site's allowlist: start 'p onclick=alert(1)' would become start 'p'" \
        in str(raised.value)
    assert not (tmp_path / "site" / "index.html").exists()
