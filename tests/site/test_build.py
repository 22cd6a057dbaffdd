"""The participant website, built from a fixture course and used in a real browser.

The site of tests/fixtures/two_day_course (two days, units as folders, its own words and methods, a
trainer-only page, a glossary, a worksheet) is built once with the toolchain's site configuration, a
trainer note carrying a distinctive word in each language, its translations marked current and then
one Chinese section changed (so one English page lags behind). Playwright drives Debian's Chromium
(never a downloaded browser) against the built site, both served on 127.0.0.1 and opened from file://
as in a classroom without internet (and once from the unzipped site.zip). Every browser test also
checks that the page logged no console errors and asked no host but the local one for anything.
Search words are taken from the fixture, never written into the test.
"""

from __future__ import annotations

import functools
import http.server
import json
import logging
import os
import posixpath
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest
from course_copies import FIXTURES, edit
from local_server import serve_locally
from planted import SECRET
from site_courses import REPOSITORY, site_course, stand_in_downloads

from build_tools.checks.checked import checked_course
from build_tools.course import localise
from build_tools.course.editions import pages_of_kind, visible_in
from build_tools.course.model import Course, Edition, Page, PageKind
from build_tools.course.quote_marks import straight
from build_tools.course.reading_order import reading_order
from build_tools.parts.output_files import participant_downloads
from build_tools.pipeline.build import render_course
from build_tools.site.build import SiteBuildError, site_downloads, zip_site
from build_tools.site.content import participant_html
from build_tools.site.links import check_site
from build_tools.site.search import WORKER_GLOB, glossary_rows, language_prefix

pytestmark = pytest.mark.integration

FIXTURE = FIXTURES / "two_day_course"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 860}
LUNR_STOP_WORDS = frozenset(
    (
        "a", "able", "about", "across", "after", "all", "almost", "also", "am", "among", "an", "and", "any", "are",
        "as", "at", "be", "because", "been", "but", "by", "can", "cannot", "could", "dear", "did", "do", "does",
        "either", "else", "ever", "every", "for", "from", "get", "got", "had", "has", "have", "he", "her", "hers",
        "him", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "just", "least", "let", "like",
        "likely", "may", "me", "might", "most", "must", "my", "neither", "no", "nor", "not", "of", "off", "often",
        "on", "only", "or", "other", "our", "own", "rather", "said", "say", "says", "she", "should", "since", "so",
        "some", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "tis", "to",
        "too", "twas", "us", "wants", "was", "we", "were", "what", "when", "where", "which", "while", "who",
        "whom", "why", "will", "with", "would", "yet", "you", "your",
    )
)
"""lunr.js's English stop words: a quoted query (every word required) must leave them out."""


# --- the fixture course and its site, built once ---------------------------------------------------


def quiet(line: str) -> None:
    """A build's progress lines, not needed by the test."""


@dataclass(frozen=True)
class BuiltSite:
    """The fixture copy, its checked course, its PDFs and decks, and the built site."""

    root: Path
    course: Course
    pdf_dir: Path
    slides_dir: Path
    site_dir: Path
    stale_page: Page  # the English page whose Chinese original changed after the translations were marked current


@pytest.fixture(scope="module")
def built(two_day_build) -> BuiltSite:
    """The shared two-day build (conftest.two_day_build): SECRET in a trainer note, one stale translation."""
    course = two_day_build.course
    stale = course.page(two_day_build.stale_page_key, "en")
    assert stale is not None
    return BuiltSite(two_day_build.root, course, two_day_build.pdf_dir.resolve(), two_day_build.slides_dir.resolve(),
                     two_day_build.site_dir.resolve(), stale)  # the published version, not build/'s links to it


@pytest.fixture(scope="module")
def site_dir(built: BuiltSite) -> Path:
    return built.site_dir


@pytest.fixture(scope="module")
def course(built: BuiltSite) -> Course:
    return built.course


# --- the site, served and opened from disk --------------------------------------------------------


@pytest.fixture(scope="module")
def http_root(site_dir: Path) -> Iterator[str]:
    """The built site served by http.server on 127.0.0.1, for as long as the module's tests run."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            """No request log in the test output."""

    with serve_locally(functools.partial(Quiet, directory=str(site_dir))) as url:
        yield f"{url}/"


@pytest.fixture(scope="module")
def zip_root(built: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The classroom zip, unzipped, opened from disk as participants do (file:// URLs, no server)."""
    folder = tmp_path_factory.mktemp("classroom-zip")
    with zipfile.ZipFile(zip_site(built.site_dir, folder / "course-site.zip")) as opened:
        opened.extractall(folder / "unzipped")
    return (folder / "unzipped" / "course-site").as_uri() + "/"


@pytest.fixture(params=["http", "zip"])
def site_root(request: pytest.FixtureRequest) -> str:
    """Both ways participants reach the site: served (here on localhost) and the classroom zip opened from disk.

    Search is tried both ways (served, it runs in a web worker; from disk, in the offline shim's frame); the
    other browser tests read the zip, the offline case.
    """
    return request.getfixturevalue("http_root" if request.param == "http" else "zip_root")


@pytest.fixture(scope="module")
def browser(chromium_browser: object) -> object:
    """The test process's Chromium (conftest.chromium_browser)."""
    return chromium_browser


@dataclass
class BrowserLog:
    """What a page did besides rendering: console errors, uncaught exceptions, every request."""

    root: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        """Requests to anything but the site itself (localhost or files)."""
        allowed = (self.root, "file://", "data:", "blob:", "about:")
        return [url for url in self.requests if not url.startswith(allowed)]

    def assert_clean(self) -> None:
        assert self.errors == [], "the browser logged errors"
        assert self.foreign_requests() == [], "the site asked another host for something"


def open_page(browser, root: str, viewport: dict[str, int], **options: object):
    """A new browser page that records its console errors and requests."""
    page = browser.new_page(viewport=viewport, **options)
    log = BrowserLog(root)
    page.on("console", lambda message: message.type == "error" and log.errors.append(message.text))
    page.on("pageerror", lambda error: log.errors.append(f"uncaught: {error}"))
    page.on("request", lambda request: log.requests.append(request.url))
    return page, log


def site_path(url: str, root: str) -> str:
    """A result or page URL as a path inside the site: `modules/01-x.html`."""
    return unquote(urlsplit(url[len(root) :] if url.startswith(root) else url).path)


# --- what the model says participants should find ------------------------------------------------


def participant_pages(course: Course, language: str) -> list[Page]:
    return [p for p, _ in reading_order(course.view(language), Edition.PARTICIPANT)]


def site_page(course: Course, page: Page) -> str:
    """A page's path in the built site: `units/01-x/index.html`, `en/units/01-x/index.html`."""
    prefix = "" if page.language == course.default_language.code else f"{page.language}/"
    return f"{prefix}{page.key}.html"


def page_with_most(course: Course, language: str, word: str) -> str:
    """The site path of the participant page that uses `word` most often."""
    counts = {
        page.key: participant_html(course, page).html.lower().count(word.lower())
        for page in participant_pages(course, language)
    }
    key = max(counts, key=lambda k: counts[k])
    assert counts[key] > 0, f"no participant page uses '{word}'"
    prefix = "" if language == course.default_language.code else f"{language}/"
    return f"{prefix}{key}.html"


def search_words(course: Course, language: str) -> list[str]:
    """Key-point terms of the fixture's sessions that are one search word each (jieba's word, for Chinese)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    words = []
    for session in course.view(language).sessions:
        for point in session.key_points:
            term = point.term.strip()
            if language == "zh":
                one_word = len(term) >= 2 and list(jieba.cut(term)) == [term]
            else:
                one_word = bool(re.fullmatch(r"[A-Za-z]{5,}", term)) and term.lower() not in LUNR_STOP_WORDS
            if one_word:
                words.append(term)
    assert len(words) >= 2, f"the fixture has too few one-word key points in {language}"
    return words[:3]


def _plain(markdown: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"[*_`>#|]", "", text)


def trainer_sentences(course: Course) -> list[str]:
    """Every sentence of every trainer note and materials list, without Markdown markup."""
    sentences = []
    for page in course.pages:
        for block in page.blocks:
            if block.kind.facilitator_only:
                for line in _plain(block.markdown).splitlines():
                    for sentence in re.split(r"(?<=[。！？；.!?;])\s*", line.strip(" -")):
                        if len(sentence.strip()) >= 12:
                            sentences.append(sentence.strip())
    return sentences


def quoted_sentence(markdown: str) -> str:
    """The first plain English sentence of some Markdown as a query that requires each of its words.

    Material turns `"a b c"` into `+a +b +c` (all required); stop words are left out because lunr.js
    drops them from the index, so requiring one would match nothing.
    """
    for sentence in re.split(r"(?<=[.!?;])\s+", _plain(markdown)):
        if re.search(r"[\d'’]", sentence):
            continue
        words = [w.lower() for w in re.findall(r"[A-Za-z]+", sentence) if w.lower() not in LUNR_STOP_WORDS]
        if len(words) >= 4:
            return '"' + " ".join(words) + '"'
    raise AssertionError("no plain sentence of four words or more")


# --- driving Material's search -------------------------------------------------------------------

_SEARCH_READY = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  return meta && !/初始化|Initializing/.test(meta.textContent);
}"""
_SEARCH_CLEARED = """placeholder => {
  const meta = document.querySelector('.md-search-result__meta');
  return meta && meta.textContent.trim() === placeholder;
}"""
_SEARCH_DONE = """placeholder => {
  const meta = document.querySelector('.md-search-result__meta');
  return meta && meta.textContent.trim() !== placeholder;
}"""


def open_search(page) -> str:
    """Focus the search box and wait for the index; the meta text shown before typing."""
    field_ = page.locator("input.md-search__input")
    if field_.is_visible():
        field_.click()
    else:
        page.locator("label.md-header__button[for=__search]").click()
    page.wait_for_function(_SEARCH_READY, timeout=30_000)
    return page.locator(".md-search-result__meta").inner_text().strip()


def search(page, query: str, placeholder: str) -> tuple[str, list[str]]:
    """Type a query (Material reacts to key events, so fill, then press End); the meta text and result links.

    The meta line says how many documents matched; the links are the listed results, pages and sections.
    """
    field_ = page.locator("input.md-search__input")
    field_.fill("")
    field_.press("End")
    page.wait_for_function(_SEARCH_CLEARED, arg=placeholder)
    field_.fill(query)
    field_.press("End")
    page.wait_for_function(_SEARCH_DONE, arg=placeholder, timeout=10_000)
    # Material writes the meta line and the first ten results in the same task: when one shows, so do they
    meta = page.locator(".md-search-result__meta").inner_text().strip()
    links = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    return meta, links



# --- the built files -----------------------------------------------------------------------------


def test_every_href_and_src_of_the_site_works(site_dir: Path, course: Course) -> None:
    report = check_site(site_dir)

    assert report.broken == ()
    assert report.pages >= sum(len(participant_pages(course, lang.code)) for lang in course.languages)


def language_index(site_dir: Path, course: Course, language: str) -> tuple[dict, str]:
    """One language's search index and its script for file:// (`search/` at the language's root)."""
    folder = site_dir / language_prefix(course, language) / "search"
    text = (folder / "search_index.json").read_text(encoding="utf-8")
    return json.loads(text), (folder / "search_index.js").read_text(encoding="utf-8")


def test_each_language_has_its_own_search_index_cut_by_jieba_and_inlined_for_file_urls(
    site_dir: Path, course: Course
) -> None:
    for language in course.languages:
        index, script = language_index(site_dir, course, language.code)
        prefix = language_prefix(course, language.code)
        pages = {site_page(course, page).removeprefix(prefix) for page in participant_pages(course, language.code)}
        locations = {doc["location"].split("#")[0] for doc in index["docs"]}

        assert "\u200b" in "".join(doc["text"] for doc in index["docs"]), "jieba did not segment the Chinese text"
        assert index["config"]["pipeline"] == ["stopWordFilter"]
        assert script == f"var __index = {json.dumps(index, separators=(',', ':'))}"
        assert locations == pages, f"the {language.code} index holds other pages than the {language.code} site"


def test_every_page_loads_the_search_index_of_its_own_language(site_dir: Path, course: Course) -> None:
    for language in course.languages:
        root = site_dir / language_prefix(course, language.code)
        for page in participant_pages(course, language.code):
            path = site_dir / site_page(course, page)
            config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                                          path.read_text(encoding="utf-8"), re.S)[1])
            assert (path.parent / config["base"]).resolve() == root.resolve(), path
            assert (path.parent / config["base"] / "search/search_index.js").is_file()


def plain(text: str) -> str:
    """Index text without jieba's U+200B."""
    return text.replace("\u200b", "")


def test_glossary_rows_are_search_entries_of_their_own(site_dir: Path, course: Course) -> None:
    for language in ("zh", "en"):
        glossary = pages_of_kind(course.view(language), PageKind.GLOSSARY)[0]
        index, _ = language_index(site_dir, course, language)
        html = (site_dir / site_page(course, glossary)).read_text(encoding="utf-8")
        rows = {doc["location"].split("#")[1]: doc for doc in index["docs"] if "#term-" in doc["location"]}
        page_entries = [doc for doc in index["docs"] if doc["location"] == f"{glossary.key}.html"]

        assert len(rows) == len(course.glossary)
        assert set(re.findall(r'<tr id="([^"]+)"', html)) == set(rows)
        for entry in course.glossary:
            row = next(doc for doc in rows.values() if plain(doc["title"]) == entry.terms[language])
            assert all(term in plain(row["text"]) for code, term in entry.terms.items() if code != language)
            assert len(plain(row["text"])) < 300
        for doc in page_entries:  # the table itself is no longer one block of the page's entry
            assert sum(entry.terms[language] in plain(doc["text"]) for entry in course.glossary) <= 1


def test_materials_chinese_query_segmentation_is_corrected(site_dir: Path) -> None:
    worker = next(site_dir.glob(WORKER_GLOB)).read_text(encoding="utf-8")

    assert ".length;" in worker and 'invertedIndex)].join(" ")' in worker
    assert re.search(r"for\(let (\w+)=\w+\+1;\1<=\w+\.length;", worker)


def built_text(site_dir: Path) -> tuple[str, str]:
    """All HTML of the site, and all text and titles of its search indexes (jieba's U+200B removed)."""
    docs = [doc for path in site_dir.rglob("search/search_index.json")
            for doc in json.loads(path.read_text(encoding="utf-8"))["docs"]]
    indexed = "\n".join(doc["text"] + doc["title"] for doc in docs).replace("\u200b", "")
    pages = "\n".join(p.read_text(encoding="utf-8") for p in site_dir.rglob("*.html"))
    return pages, indexed


def test_no_trainer_note_text_reaches_the_site_or_its_search_index(site_dir: Path, course: Course) -> None:
    pages, indexed = built_text(site_dir)
    sentences = trainer_sentences(course)

    assert sentences
    for word in SECRET.values():
        assert word not in pages and word not in indexed
    # the outputs show typographic quotes, the notes are read as written: compare with quotes folded
    indexed, pages, sentences = straight(indexed), straight(pages), [straight(s) for s in sentences]
    assert [s for s in sentences if s in indexed] == []
    assert [s for s in sentences if s in pages] == []
    assert 'class="admonition trainer' not in pages and 'class="admonition materials' not in pages


def test_facilitator_only_pages_are_left_out(site_dir: Path, course: Course) -> None:
    hidden = [p for p in course.pages if p.facilitator_only]
    pages, indexed = built_text(site_dir)

    assert hidden
    for page in hidden:
        assert not (site_dir / site_page(course, page)).exists()
        assert page.title not in indexed and page.title not in pages


def test_heading_attributes_never_reach_the_html(site_dir: Path, course: Course) -> None:
    pages, indexed = built_text(site_dir)

    assert "minutes=" not in pages and "method=" not in pages
    assert "minutes=" not in indexed and "method=" not in indexed


def test_session_pages_show_the_day_time_method_and_minutes(site_dir: Path, course: Course) -> None:
    for language in ("zh", "en"):
        view = course.view(language)
        for session in view.sessions:
            html = (site_dir / site_page(course, session.page)).read_text(encoding="utf-8")
            row = view.agenda.start_of(session.id)
            assert row is not None
            day = localise.word(course, language, "day", n=row.day)
            assert re.search(
                rf'id="{session.id}".*?<p class="session-meta"><span class="session-meta__clock">{re.escape(day)}',
                html, re.S,
            ), session.source
            minutes = localise.word(course, language, "min", n=session.minutes)
            assert f'<span class="session-meta__minutes">{minutes}' in html


def test_downloads_of_each_language_are_in_the_site(site_dir: Path, built: BuiltSite) -> None:
    course = built.course
    for language in course.languages:
        folder = site_dir if language.default else site_dir / language.code
        for download in site_downloads(course, language.code, built.pdf_dir, built.slides_dir):
            copied = folder / download.site_path
            assert copied.read_bytes() == download.source_path.read_bytes(), copied
        downloads_page = pages_of_kind(course.view(language.code), PageKind.DOWNLOADS)[0]
        html = (folder / f"{downloads_page.key}.html").read_text(encoding="utf-8")
        for item in participant_downloads(course, language.code):
            assert f'href="files/{item.relative_path}"' in html
            assert f"-{language.code}" in item.relative_path


# --- in the browser ------------------------------------------------------------------------------


def test_language_switcher_keeps_the_reader_on_the_same_page(browser, zip_root: str, course: Course) -> None:
    session_page = course.view("zh").modules[0].session_pages[0]
    page, log = open_page(browser, zip_root, DESKTOP)

    for start, other in (("index.html", "en/index.html"), (f"{session_page.key}.html", f"en/{session_page.key}.html")):
        page.goto(zip_root + start)
        assert page.locator("html").get_attribute("lang") == "zh"
        page.locator(".md-header .md-select").hover()
        page.locator("a.md-select__link[hreflang=en]").click()
        page.wait_for_url(zip_root + other)
        assert page.locator("html").get_attribute("lang") == "en"
        page.locator(".md-header .md-select").hover()
        page.locator("a.md-select__link[hreflang=zh]").click()
        page.wait_for_url(zip_root + start)

    log.assert_clean()
    page.close()


def in_language(course: Course, language: str, path: str) -> bool:
    """Whether a site path belongs to a language's pages (`en/…` for English, no prefix for the default)."""
    prefixes = [language_prefix(course, lang.code) for lang in course.languages if not lang.default]
    prefix = language_prefix(course, language)
    return path.startswith(prefix) if prefix else not path.startswith(tuple(prefixes))


def test_search_finds_the_fixtures_key_points_in_the_readers_language(browser, site_root: str, course: Course) -> None:
    for language in ("zh", "en"):
        page, log = open_page(browser, site_root, DESKTOP)
        page.goto(site_root + language_prefix(course, language) + "index.html")
        placeholder = open_search(page)
        for word in search_words(course, language):
            expected = page_with_most(course, language, word)
            meta, links = search(page, word, placeholder)
            found = {site_path(link, site_root) for link in links}
            assert expected in found, f"searching '{word}' ({meta}) did not list {expected}: {sorted(found)}"
            assert all(in_language(course, language, path) for path in found), sorted(found)
        log.assert_clean()
        page.close()


def test_a_word_with_an_apostrophe_is_found_typed_either_way(browser, zip_root: str, course: Course) -> None:
    """The pages show `receipt’s` (typographic quotes, `course.quotes`); a reader types `receipt's`: both
    queries list the page, because the site's search splits words at either apostrophe."""
    page_key = next(p.key for p in participant_pages(course, "en") if "receipt's" in "\n".join(p.body_lines))
    shown = participant_html(course, course.page(page_key, "en")).html
    assert "receipt’s" in shown and "receipt's" not in shown
    expected = site_page(course, course.page(page_key, "en"))
    page, log = open_page(browser, zip_root, DESKTOP)
    page.goto(zip_root + language_prefix(course, "en") + "index.html")
    placeholder = open_search(page)
    for query in ("receipt's", "receipt’s"):
        meta, links = search(page, query, placeholder)
        found = [site_path(link, zip_root) for link in links]
        assert expected in found, f"searching '{query}' ({meta}) did not list {expected}: {found}"
    log.assert_clean()
    page.close()


def test_a_latin_word_typed_against_chinese_is_found_as_its_two_words(browser, zip_root: str, course: Course) -> None:
    """A Chinese input method gives `LEARN五步法` where the page has `LEARN 五步法`: the site's search splits the
    query where Latin meets Chinese, as jieba split the page (a review found `PDCA循环` finding nothing)."""
    page = next(p for p in participant_pages(course, "zh")
                if re.fullmatch(r"[A-Za-z]+ [\u4e00-\u9fff]+", p.title or ""))
    query = (page.title or "").replace(" ", "")
    expected = site_page(course, page)
    browser_page, log = open_page(browser, zip_root, DESKTOP)
    browser_page.goto(zip_root + "index.html")
    placeholder = open_search(browser_page)
    meta, links = search(browser_page, query, placeholder)
    spaced_meta, spaced = search(browser_page, page.title or "", placeholder)
    found = [site_path(link, zip_root) for link in links]
    assert expected in found, f"searching '{query}' ({meta}) did not list {expected}: {found}"
    assert (meta, links) == (spaced_meta, spaced), f"'{query}' found {meta}, '{page.title}' {spaced_meta}"
    log.assert_clean()
    browser_page.close()


def glossary_term(course: Course, language: str, words: int) -> str:
    """A glossary term of a language that jieba cuts into `words` words (Chinese) or has `words` words (English)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    for entry in course.glossary:
        term = entry.terms[language]
        count = len(list(jieba.cut(term))) if language == "zh" else len(term.split())
        if count == words and (language == "zh" or term.lower() not in LUNR_STOP_WORDS):
            return term
    raise AssertionError(f"the fixture's glossary has no {language} term of {words} words")


def test_each_language_searches_only_its_own_pages(browser, zip_root: str, course: Course) -> None:
    """Both terms of a glossary row, searched on each language's site, list that language's pages only."""
    zh_term = glossary_term(course, "zh", 1)
    entry = next(e for e in course.glossary if e.terms["zh"] == zh_term)
    for language in ("zh", "en"):
        glossary = site_page(course, pages_of_kind(course.view(language), PageKind.GLOSSARY)[0])
        page, log = open_page(browser, zip_root, DESKTOP)
        page.goto(zip_root + language_prefix(course, language) + "index.html")
        placeholder = open_search(page)
        for query in (entry.terms["zh"], entry.terms["en"]):
            meta, links = search(page, query, placeholder)
            found = [site_path(link, zip_root) for link in links]
            assert found, f"'{query}' found nothing on the {language} site ({meta})"
            assert [path for path in found if not in_language(course, language, path)] == [], (language, query)
            assert any(path == glossary for path in found), f"'{query}' did not list {glossary}: {found}"
        log.assert_clean()
        page.close()


_WHOLE_MARKS = """el => el.innerHTML.replace(/\u200b|<wbr>/g, "").replace(/<\\/mark>(<mark[^>]*>)/g, "")"""
"""An element's HTML with adjacent marks joined: `<mark>内部</mark><wbr><mark>客户</mark>` → `<mark>内部客户</mark>`."""


def test_a_chinese_term_of_several_words_is_highlighted_whole(browser, zip_root: str, course: Course) -> None:
    """In the result list and on the page opened from it (`?h=`): one run of marks covers the whole term."""
    import jieba

    term = glossary_term(course, "zh", 2)
    row_id = next(r.row_id for r in glossary_rows(course, pages_of_kind(course.view("zh"), PageKind.GLOSSARY)[0])
                  if r.term == term)
    page, log = open_page(browser, zip_root, DESKTOP)
    page.goto(zip_root + "index.html")
    placeholder = open_search(page)
    _meta, links = search(page, term, placeholder)
    result = page.locator(f'.md-search-result__item a[href*="{quote(row_id)}"]').first
    href = result.get_attribute("href")
    result_html = result.evaluate(_WHOLE_MARKS)
    page.goto(href)
    page.wait_for_function("() => document.querySelector('mark[data-md-highlight]')")
    page_html = page.locator("article").evaluate(_WHOLE_MARKS)

    assert f">{term}</mark>" in result_html, result_html
    assert set(parse_qs(urlsplit(href).query)["h"][0].split()) == set(jieba.cut(term))
    assert f">{term}</mark>" in page_html
    assert page.evaluate("() => location.hash") == f"#{quote(row_id)}"
    log.assert_clean()
    page.close()


def test_a_glossary_hit_shows_its_row_not_the_whole_table(browser, zip_root: str, course: Course) -> None:
    term = glossary_term(course, "en", 1)
    entry = next(e for e in course.glossary if e.terms["en"] == term)
    others = [e.terms["en"] for e in course.glossary if e is not entry]
    page, log = open_page(browser, zip_root, DESKTOP)
    page.goto(zip_root + "en/index.html")
    placeholder = open_search(page)
    search(page, term, placeholder)
    hit = page.locator('.md-search-result__item a[href*="#term-"]').first
    text = hit.inner_text()

    assert term in text.lower() and entry.terms["zh"] in text
    assert len(text) < 300 and not any(other in text for other in others), text
    log.assert_clean()
    page.close()


def test_search_cannot_find_trainer_notes(browser, zip_root: str, course: Course) -> None:
    session = next(s for s in course.view("en").sessions if s.trainer_notes and s.purpose)
    note = session.trainer_notes[0]
    page, log = open_page(browser, zip_root, DESKTOP)
    page.goto(zip_root + "en/index.html")
    placeholder = open_search(page)

    control_meta, control_links = search(page, quoted_sentence(session.purpose.markdown), placeholder)
    note_meta, note_links = search(page, quoted_sentence(note.markdown), placeholder)
    secret_meta, secret_links = search(page, SECRET["en"], placeholder)
    search(page, SECRET["zh"], placeholder)
    results_text = page.locator(".md-search-result").inner_text()

    assert site_page(course, session.page) in {site_path(link, zip_root) for link in control_links}, control_meta
    assert note_links == [], f"a sentence of the trainer note at {note.source} was found: {note_meta}"
    assert secret_links == [], secret_meta
    # Chinese queries match single characters too, so results may come: none may show the trainer note.
    assert SECRET["zh"] not in results_text
    log.assert_clean()
    page.close()


def visible_nav_link(page, text: str):
    return page.locator("nav.md-nav--primary a.md-nav__link", has_text=text).filter(visible=True).first


def test_navigation_leads_to_each_unit_and_its_sessions(browser, zip_root: str, course: Course) -> None:
    """From the home page: the unit's day (one link while closed), the unit (one link), its first session."""
    view = course.view("en")
    page, log = open_page(browser, zip_root, DESKTOP)

    for module in view.modules:
        page.goto(zip_root + "en/index.html")
        day = localise.word(course, "en", "day", n=view.agenda.module_rows(module)[0].day)
        visible_nav_link(page, day).click()
        page.wait_for_load_state()
        if not page.url.endswith(f"{module.page.key}.html"):
            visible_nav_link(page, module.title).click()
        page.wait_for_url(f"{zip_root}en/{module.page.key}.html")
        assert page.locator("article h1").inner_text().rstrip("¶ \n") == module.title
        assert page.locator(".module-meta__minutes").inner_text() == localise.word(
            course, "en", "min", n=module.session_minutes)
        first = module.sessions[0]
        visible_nav_link(page, first.title).click()
        page.wait_for_url(f"{zip_root}en/{first.page.key}.html")
        details = page.locator(f'[id="{first.id}"] + .session-meta')
        assert details.locator(".session-meta__minutes").inner_text() == localise.word(
            course, "en", "min", n=first.minutes)
        assert first.method is not None
        assert details.locator(".session-meta__method").inner_text() == first.method.label("en").capitalize()

    log.assert_clean()
    page.close()


def primary_nav(html: str) -> str:
    """The site navigation of a built page (Material's `md-nav--primary`, nested navs included)."""
    start = html.index('<nav class="md-nav md-nav--primary"')
    depth, position = 0, start
    for tag in re.finditer(r"<(/?)nav\b", html[start:]):
        depth += -1 if tag[1] else 1
        if depth == 0:
            position = start + tag.end()
            break
    return html[start:position]


def test_a_page_carries_its_own_units_navigation_and_one_link_per_other_unit(site_dir: Path, course: Course) -> None:
    """Material's navigation.prune: what a page's navigation holds does not grow with the rest of the course."""
    view = course.view("en")
    module = view.modules[0]
    here = site_page(course, module.session_pages[0])
    nav = primary_nav((site_dir / here).read_text(encoding="utf-8"))
    linked = {posixpath.normpath(posixpath.join(posixpath.dirname(here), unquote(href)))
              for href in re.findall(r'<a href="([^"#]+)', nav)}

    assert {site_page(course, page) for page in module.session_pages} <= linked
    for other in view.modules[1:]:
        assert not {site_page(course, page) for page in other.session_pages} & linked, other.title
    assert len(linked) < len(participant_pages(course, "en"))


def test_the_footer_dates_the_edition_in_each_languages_long_form(site_dir: Path, course: Course) -> None:
    assert course.settings is not None
    for language in ("zh", "en"):
        html = (site_dir / language_prefix(course, language) / "index.html").read_text(encoding="utf-8")
        footer = re.search(r'<div class="md-copyright__highlight">\s*(.*?)\s*</div>', html, re.S)[1]
        assert footer.endswith(localise.long_date(course, language, course.settings.edition))
        assert course.settings.edition.isoformat() not in html


def test_method_names_start_with_a_capital_in_tables(site_dir: Path, course: Course) -> None:
    agenda = pages_of_kind(course.view("en"), PageKind.AGENDA)[0]
    html = (site_dir / site_page(course, agenda)).read_text(encoding="utf-8")
    labels = {s.method.label("en") for s in course.view("en").sessions if s.method}

    assert labels and any(label[0].islower() for label in labels)
    for label in labels:
        assert f"<td>{label[0].upper()}{label[1:]}</td>" in html and f"<td>{label}</td>" not in html


def test_only_the_page_whose_original_changed_says_it_may_lag_behind(site_dir: Path, built: BuiltSite) -> None:
    course = built.course
    notice = localise.word(course, "en", "stale_notice")
    flagged = [page.key for page in course.view("en").pages if visible_in(page, Edition.PARTICIPANT)
               and notice in (site_dir / site_page(course, page)).read_text(encoding="utf-8")]
    zh_pages = "".join((site_dir / site_page(course, p)).read_text(encoding="utf-8")
                       for p in participant_pages(course, "zh"))

    assert flagged == [built.stale_page.key]
    assert 'class="translation-notice"' not in zh_pages


def test_worksheets_have_room_to_write_on_a_phone_and_a_desktop(
    browser, site_dir: Path, artifacts_dir: Path, course: Course
) -> None:
    root = site_dir.resolve().as_uri() + "/"
    for language in ("zh", "en"):
        worksheet = course.view(language).worksheets[0].page
        workbook = next(i for i in participant_downloads(course, language) if i.kind == "pdf")
        phone, phone_log = open_page(browser, root, PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
        phone.goto(root + site_page(course, worksheet))
        phone.screenshot(path=str(artifacts_dir / f"site-worksheet-{language}-phone.png"), full_page=True)
        overflow = phone.evaluate("""() => [document.documentElement.scrollWidth,
            ...[...document.querySelectorAll('.worksheet-table .md-typeset__scrollwrap')]
               .map(w => w.scrollWidth - w.clientWidth)]""")
        # a card led by a whole question (the first course's reflection questions): the fixture's cards lead with
        # numbers, so the first is given a long one here
        phone.eval_on_selector(".worksheet-table tbody th", "e => { e.textContent = e.textContent + ' ' + "
                               "'Which of the customer calls you took today was the hardest, and why?'.repeat(2) }")
        clipped = phone.eval_on_selector_all(".worksheet-table th, .worksheet-table td", """els => els
            .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.trim())""")
        phone_cells = phone.eval_on_selector_all("td.write-in", """els => els.map(e => [
            e.getBoundingClientRect().width, e.getBoundingClientRect().height,
            getComputedStyle(e).backgroundImage, e.dataset.label || ""])""")
        desktop, desktop_log = open_page(browser, root, DESKTOP)
        desktop.goto(root + site_page(course, worksheet))
        desktop.screenshot(path=str(artifacts_dir / f"site-worksheet-{language}-desktop.png"), full_page=True)
        columns = desktop.eval_on_selector_all(".worksheet-table th", "els => els.map(e => e.offsetWidth)")
        write_in = desktop.eval_on_selector_all("td.write-in", "els => els.map(e => [e.offsetWidth, e.offsetHeight])")
        tables = desktop.eval_on_selector_all(".worksheet-table table", "els => els.map(e => e.offsetWidth)")
        article = desktop.evaluate("() => document.querySelector('article').clientWidth")
        link = desktop.locator(".worksheet-print a")

        assert overflow[0] <= PHONE["width"] and all(extra <= 1 for extra in overflow[1:]), overflow
        assert clipped == [], f"cut off at a phone's width: {clipped}"  # a card's question wraps, whole
        assert phone_cells and all(w >= 300 and h >= 60 and "repeating-linear-gradient" in bg and label
                                   for w, h, bg, label in phone_cells), phone_cells
        assert min(columns) >= 60, columns
        assert all(w >= 100 and h >= 60 for w, h in write_in), write_in
        assert all(width >= article * 0.9 for width in tables), (tables, article)
        assert link.is_visible() and link.inner_text() == localise.word(course, language, "workbook")
        target = (site_dir / site_page(course, worksheet)).parent / link.get_attribute("href")
        assert target.resolve() == (site_dir / language_prefix(course, language) / "files" / workbook.relative_path)
        assert target.is_file()
        for log in (phone_log, desktop_log):
            log.assert_clean()
        phone.close()
        desktop.close()


def test_pages_look_right_on_a_phone_and_a_desktop(
    browser, site_dir: Path, artifacts_dir: Path, course: Course
) -> None:
    root = site_dir.resolve().as_uri() + "/"
    module = course.view("en").modules[-1]
    phone, phone_log = open_page(browser, root, PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    phone.goto(root + "index.html")
    phone.screenshot(path=str(artifacts_dir / "site-home-zh-phone.png"))
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    desktop, desktop_log = open_page(browser, root, DESKTOP)
    desktop.goto(f"{root}en/{module.page.key}.html")
    desktop.screenshot(path=str(artifacts_dir / "site-module-en-desktop.png"))
    desktop.goto(f"{root}index.html")
    placeholder = open_search(desktop)
    search(desktop, search_words(course, "zh")[0], placeholder)
    desktop.screenshot(path=str(artifacts_dir / "site-search-desktop.png"))

    assert width <= PHONE["width"], "the phone page scrolls sideways"
    assert desktop.locator(".md-sidebar--primary").is_visible()
    assert (artifacts_dir / "site-home-zh-phone.png").stat().st_size > 10_000
    phone_log.assert_clean()
    desktop_log.assert_clean()
    phone.close()
    desktop.close()


# --- failed builds ---------------------------------------------------------------------------------


def previous_site(folder: Path) -> Path:
    folder.mkdir()
    (folder / "index.html").write_text("previous site", encoding="utf-8")
    return folder


def test_the_site_is_built_from_the_checked_course_not_from_a_later_edit(tmp_path: Path, built: BuiltSite) -> None:
    """One build, one snapshot: the site shows the course the PDFs and decks were made from."""
    root = site_course(tmp_path, FIXTURE)
    course = checked_course(root)
    pdf_dir, slides_dir = stand_in_downloads(course, tmp_path)
    session = course.view("en").sessions[0]
    edit(root, session.heading.source.path.as_posix(), f"minutes={session.minutes}", "minutes=abc")

    out = render_course(course, "site", tmp_path / "site", downloads=(pdf_dir, slides_dir), report=quiet)

    texts = "".join(path.read_text(encoding="utf-8") for path in (out / "en").rglob("*.html"))
    assert "abc" not in texts
    assert f"{session.minutes} min" in texts


def test_mkdocs_run_by_hand_loads_and_checks_the_course_in_the_plugin(tmp_path: Path, built: BuiltSite) -> None:
    """`mkdocs build` (and each `mkdocs serve` rebuild) has no course handed over: the plugin loads and checks
    it, and a problem stops MkDocs with its file and line."""
    root = site_course(tmp_path, FIXTURE)
    course = checked_course(root)
    session = course.view("en").sessions[0]
    source = session.heading.source.path.as_posix()
    edit(root, source, f"minutes={session.minutes}", "minutes=abc")

    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "by-hand")],
                            cwd=root, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(REPOSITORY)})

    assert result.returncode == 1
    assert "the course has problems; fix them and build again:" in result.stderr
    assert f"{source}:{session.heading.source.line}:" in result.stderr


def test_a_missing_download_stops_the_build_before_anything_is_written(tmp_path: Path, course: Course) -> None:
    pdf_dir, slides_dir = stand_in_downloads(course, tmp_path)
    missing = next(site_downloads(course, "en", pdf_dir, slides_dir)).source_path
    missing.unlink()
    out = previous_site(tmp_path / "site")

    with pytest.raises(SiteBuildError, match=re.escape(str(missing))):
        render_course(course, "site", out, downloads=(pdf_dir, slides_dir), report=quiet)

    assert (out / "index.html").read_text(encoding="utf-8") == "previous site"


def test_script_that_reached_a_page_anyway_is_blocked_and_offline_search_still_works(
        browser, built: BuiltSite, tmp_path: Path, course: Course) -> None:
    """Defence in depth: markup that runs script, planted into a built page behind every other check, is
    refused by the page's Content-Security-Policy; the page's own scripts and search run as before."""
    site = tmp_path / "site"
    shutil.copytree(built.site_dir, site)
    home = site / "index.html"
    planted = ('<img src="planted.png" onerror="document.title=\'PLANTED-HANDLER\'">'
               '<script>document.title="PLANTED-SCRIPT"</script>'
               '<a id="planted" href="javascript:document.title=\'PLANTED-LINK\'">planted</a>')
    text = home.read_text(encoding="utf-8")
    assert text.count("</article>") == 1
    home.write_text(text.replace("</article>", planted + "</article>"), encoding="utf-8")
    root = site.as_uri() + "/"
    page, log = open_page(browser, root, DESKTOP)
    page.goto(root + "index.html")
    page.locator("#planted").click()
    page.wait_for_timeout(300)

    assert "PLANTED" not in page.title()
    refused = [error for error in log.errors if "Content Security Policy" in error]
    assert len(refused) == 3, log.errors  # the handler, the inline script, the javascript: link
    assert [e for e in log.errors if e not in refused and "ERR_FILE_NOT_FOUND" not in e] == []  # planted.png
    word = search_words(course, "zh")[0]
    placeholder = open_search(page)
    _meta, links = search(page, word, placeholder)
    assert page_with_most(course, "zh", word) in {site_path(link, root) for link in links}
    page.close()
