"""The participant website checked by axe-core, the engine accessibility offices run, in a real browser.

Every page of the two-day fixture course, in both languages, served on 127.0.0.1 as a host would, is
loaded at a desktop and a phone width and checked against WCAG 2.0, 2.1 and 2.2, levels A and AA; so are
the states axe cannot reach by loading a page: search open with results listed, a page opened from a result
(its words highlighted), a link focused from the keyboard (tests/axe_check.py runs axe). The first course's
pages are checked the same way in tests/test_course_content.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_check import (
    LEFT_OUT,
    WIDTHS,
    axe_source,
    serious_violations,
    served,
    site_pages,
    site_violations,
)

from build_tools.course.model import Course
from build_tools.site.search import language_prefix

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def course(two_day_build) -> Course:
    return two_day_build.course


@pytest.fixture(scope="module")
def site_dir(two_day_build) -> Path:
    return two_day_build.site_dir.resolve()


@pytest.fixture(scope="module")
def root(site_dir: Path) -> Iterator[str]:
    with served(site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium_browser: object) -> object:
    """The test process's Chromium (conftest.chromium_browser)."""
    return chromium_browser


@pytest.fixture(scope="module")
def axe_script() -> str:
    pytest.importorskip("axe_playwright_python", reason="pip install -e '.[test]' (axe-core)")
    return axe_source()


def test_the_axe_engine_is_the_one_the_tests_claim(axe_script: str) -> None:
    """axe-core 4.12 or later knows the WCAG 2.2 rules (target size and the rest) these tests ask for."""
    version = re.search(r"axe v(\d+)\.(\d+)", axe_script[:200])
    assert version and (int(version[1]), int(version[2])) >= (4, 12), axe_script[:60]


@pytest.fixture(scope="module")
def every_page_checked(browser, site_dir: Path, axe_script: str) -> dict[str, dict[str, list[str]]]:
    """axe's serious violations on every page at each width (one pass over the pages, a page's verdict kept until
    it or the files it loads change: tests/axe_check.py)."""
    pages = site_pages(site_dir)
    assert {"404.html", "en/404.html", "index.html", "en/index.html"} <= set(pages)
    return site_violations(browser, site_dir, axe_script)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_passes_axe(every_page_checked: dict[str, dict[str, list[str]]], width: str) -> None:
    assert every_page_checked[width] == {}, f"axe at {width} width"


def test_a_page_broken_after_its_verdict_was_kept_is_checked_again(every_page_checked, browser, site_dir: Path,
                                                                   axe_script: str, tmp_path: Path) -> None:
    """The kept verdicts hide nothing: a copy of the site (every verdict kept by the pass above) with one page given
    a link without a name fails on that page, at both widths, and only there."""
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    page = copy / "en" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("<article", '<a href="index.html"></a><article', 1), encoding="utf-8")
    found = site_violations(browser, copy, axe_script)
    assert set(found["desktop"]) == set(found["phone"]) == {"en/index.html"}
    assert all(line.startswith("link-name (serious)") for line in found["desktop"]["en/index.html"])


_BREAK_THE_NAVIGATION = """() => {
  const links = [...document.querySelectorAll('.md-sidebar a')];
  links.forEach(a => a.style.color = '#f2f2f2');
  links[links.length - 1].replaceChildren();
  return links.length;
}"""


def test_what_the_phone_pass_leaves_out_is_checked_at_the_desktop_width(browser, root: str, axe_script: str) -> None:
    """Why the phone-width pass leaves the sidebars out (axe_check.LEFT_OUT): with every sidebar link made grey on
    white and one emptied of its name, all that axe reports at the phone's width with the sidebars, it reports
    without them or at the desktop's width on the same load; and it does find the broken links there."""
    page = browser.new_page(viewport=WIDTHS["phone"])
    page.goto(root + "index.html")
    assert page.evaluate(_BREAK_THE_NAVIGATION) >= 5
    with_sidebars = set(serious_violations(page, axe_script))
    without = set(serious_violations(page, axe_script, LEFT_OUT["phone"]))
    page.set_viewport_size(WIDTHS["desktop"])
    at_desktop = set(serious_violations(page, axe_script, LEFT_OUT["desktop"]))
    page.close()
    assert with_sidebars <= without | at_desktop
    assert len([line for line in at_desktop if line.startswith("color-contrast") and "md-nav" in line]) >= 5
    assert any(line.startswith("link-name") for line in at_desktop)


def search_word(course: Course, language: str) -> str:
    """A word every site of the fixture has: the first key-point term of the first session."""
    return course.view(language).sessions[0].key_points[0].term.split()[0]


def open_search(page) -> None:
    """Open Material's search (the box on a desktop, the magnifier button on a phone)."""
    box = page.locator("input.md-search__input")
    if page.viewport_size["width"] >= 960:
        box.click()
    else:
        page.locator("label.md-header__button[for=__search]").click()
        box.wait_for(state="visible")


@pytest.mark.parametrize("width", WIDTHS)
def test_search_open_with_results_passes_axe(browser, root: str, course: Course, axe_script: str, width: str) -> None:
    page = browser.new_page(viewport=WIDTHS[width])
    found = {}
    for language in ("zh", "en"):
        page.goto(root + language_prefix(course, language) + "index.html")
        open_search(page)
        page.locator("input.md-search__input").fill(search_word(course, language))
        page.locator("input.md-search__input").press("End")
        page.wait_for_selector(".md-search-result__item", timeout=30_000)
        page.locator(".md-search-result__item a").first.focus()  # a result highlighted, as the arrow keys do
        found[language] = serious_violations(page, axe_script)
    page.close()
    assert found == {"zh": [], "en": []}


@pytest.mark.parametrize("width", WIDTHS)
def test_a_page_opened_from_search_with_its_words_marked_passes_axe(
    browser, root: str, course: Course, axe_script: str, width: str
) -> None:
    page = browser.new_page(viewport=WIDTHS[width])
    found = {}
    for language in ("zh", "en"):
        session = course.view(language).sessions[0]
        prefix = language_prefix(course, language)
        page.goto(f"{root}{prefix}{session.page.key}.html?h={search_word(course, language)}")
        page.wait_for_selector("mark[data-md-highlight]")
        found[language] = serious_violations(page, axe_script)
    page.close()
    assert found == {"zh": [], "en": []}


_FOCUS_RING = """el => {
  const style = getComputedStyle(el);
  return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
}"""


def page_with_a_link(site_dir: Path, course: Course, language: str) -> str:
    """A page of the language whose text (not its headings' ¶) links somewhere."""
    prefix = language_prefix(course, language)
    for path in site_pages(site_dir):
        in_language = path.startswith(prefix) if prefix else not path.startswith(("en/",))
        article = (site_dir / path).read_text(encoding="utf-8").partition("<article")[2]
        linked = re.search(r"<(p|li|td)>[^<]*(<[^a][^>]*>[^<]*)*<a href=", article)
        if in_language and linked and not path.endswith("404.html"):
            return path
    raise AssertionError(f"no {language} page links from its text")


def test_a_focused_link_is_visible_and_passes_axe(
    browser, root: str, site_dir: Path, course: Course, axe_script: str
) -> None:
    """Tab from the top of a page to the first link in its text: the link shows it has the focus."""
    page = browser.new_page(viewport=WIDTHS["desktop"])
    found, unseen = {}, []
    for language in ("zh", "en"):
        page.goto(root + page_with_a_link(site_dir, course, language))
        for _ in range(200):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.matches('article a:not(.headerlink)')"):
                break
        else:
            raise AssertionError(f"no link in the {language} page's text is reached by Tab")
        page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
        if not page.evaluate(f"() => ({_FOCUS_RING})(document.activeElement)"):
            unseen.append(language)
        found[language] = serious_violations(page, axe_script)
    page.close()
    assert unseen == []
    assert found == {"zh": [], "en": []}


# --- what axe does not check: header scope and the language of words --------------------------------


def test_every_table_header_has_a_scope_and_worksheet_rows_have_row_headers(site_dir: Path, course: Course) -> None:
    """Every row of a worksheet that prints something (a number, a question) leads with it as its header."""
    pages = {path: (site_dir / path).read_text(encoding="utf-8") for path in site_pages(site_dir)}
    unscoped = {path: re.findall(r"<th\b(?![^>]*\bscope=)[^>]*>", html) for path, html in pages.items()}
    worksheets = [path for path, html in pages.items() if 'class="worksheet-table"' in html]
    rows_without_header = {
        path: [row for table in re.findall(r'<div class="worksheet-table">.*?<tbody>(.*?)</tbody>', html, re.S)
               for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
               if re.search(r"<t[hd][^>]*>[^<\s]", row) and not re.match(r'\s*<th [^>]*scope="row"', row)]
        for path, html in pages.items() if path in worksheets
    }

    assert {path: tags for path, tags in unscoped.items() if tags} == {}
    assert len(worksheets) >= 2, "the fixture has a worksheet in each language"
    assert all(html.count('scope="row"') >= 3 for path, html in pages.items() if path in worksheets)
    assert {path: rows for path, rows in rows_without_header.items() if rows} == {}


def test_chinese_words_on_english_pages_say_they_are_chinese(site_dir: Path, course: Course) -> None:
    """The English glossary names each term in Chinese too: every such word is inside a `lang="zh"` mark
    (`zh-Hant` for traditional forms)."""
    prefix = language_prefix(course, "en")
    unmarked = {}
    for path in site_pages(site_dir):
        if path.startswith(prefix):
            article = (site_dir / path).read_text(encoding="utf-8").partition("<article")[2].partition("</article>")[0]
            article = re.sub(r"<(script|code)\b.*?</\1>", "", article, flags=re.S)
            text = re.sub(r'<span lang="zh(?:-Hant)?">[^<]*</span>', "", article)  # 聽: traditional
            han = re.findall(r"[\u4e00-\u9fff]+", re.sub(r"<[^>]+>", "", text))
            if han:
                unmarked[path] = han
    glossary = (site_dir / prefix / "glossary.html").read_text(encoding="utf-8")

    assert unmarked == {}
    assert glossary.count('<span lang="zh">') >= len(course.glossary)


def test_each_language_has_a_404_page_in_that_language(site_dir: Path, course: Course) -> None:
    """A host shows `404.html` (or `en/404.html` for the English site) for a missing address: in the reader's
    language, with a link to that language's home page and a language switcher that leads to the home pages."""
    from build_tools.course import localise

    for language in ("zh", "en"):
        prefix = language_prefix(course, language)
        html = (site_dir / prefix / "404.html").read_text(encoding="utf-8")
        switcher = re.findall(r'<a href="([^"]+)" hreflang="[^"]+" class="md-select__link">', html)

        assert re.search(rf'<html lang="{language}[-"]', html), language
        assert f"<h1>{localise.word(course, language, 'not_found')}</h1>" in html
        assert f'<a href="/{prefix}index.html">{localise.word(course, language, "not_found_home")}</a>' in html
        assert sorted(switcher) == ["/en/index.html", "/index.html"], switcher
