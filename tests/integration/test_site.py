"""The participant website, built from a fixture course and used in a real browser.

The site of tests/fixtures/two_day_course (two days, units as folders, its own words and methods, a
trainer-only page) is built once with the toolchain's site configuration, a trainer note carrying a
distinctive word in each language. Playwright drives Debian's Chromium (never a downloaded browser)
against the built site, both served on 127.0.0.1 and opened from file:// as in a classroom without
internet. Every browser test also checks that the page logged no console errors and asked no host but
the local one for anything. Search words are taken from the fixture, never written into the test.
"""

from __future__ import annotations

import functools
import http.server
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from course_copies import FIXTURES, edit
from local_server import serve_locally
from site_courses import site_course, stand_in_downloads

from build_tools.course_check import checked_course
from build_tools.model import Course, Edition, Page, PageKind
from build_tools.outputs import participant_downloads
from build_tools.site.build import SiteBuildError, build_site, site_downloads
from build_tools.site.content import participant_markdown
from build_tools.site.links import check_site

pytestmark = pytest.mark.integration

FIXTURE = FIXTURES / "two_day_course"
SECRET = {"zh": "紫藤秘语", "en": "Quagmireplum"}
"""Words added to a trainer note of the fixture copy: no participant page has them, so neither may the site."""
CHROMIUM = "/usr/bin/chromium"
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


@dataclass(frozen=True)
class BuiltSite:
    """The fixture copy, its checked course, the stand-in downloads and the built site."""

    root: Path
    course: Course
    pdf_dir: Path
    slides_dir: Path
    site_dir: Path


def secret_note(root: Path, course: Course) -> None:
    """Put SECRET into the first trainer note of the course, in each language."""
    for language, word in SECRET.items():
        note = next(s for s in course.view(language).sessions if s.trainer_notes).trainer_notes[0]
        first_line = note.markdown.splitlines()[0]
        edit(root, note.source.path.as_posix(), first_line, f"{first_line} {word}")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    scratch = tmp_path_factory.mktemp("site-course")
    root = site_course(scratch, FIXTURE)
    secret_note(root, checked_course(root))
    course = checked_course(root)
    pdf_dir, slides_dir = stand_in_downloads(course, scratch)
    site_dir = build_site(course, scratch / "site", pdf_dir=pdf_dir, slides_dir=slides_dir)
    return BuiltSite(root, course, pdf_dir, slides_dir, site_dir)


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


@pytest.fixture(params=["http", "file"])
def site_root(request: pytest.FixtureRequest, site_dir: Path) -> str:
    """The site's root URL: served on localhost, and opened from disk as from the classroom zip."""
    if request.param == "http":
        return request.getfixturevalue("http_root")
    return site_dir.resolve().as_uri() + "/"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield chromium
        chromium.close()


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
    return [p for p, _ in course.view(language).reading_order(Edition.PARTICIPANT)]


def site_page(course: Course, page: Page) -> str:
    """A page's path in the built site: `units/01-x/index.html`, `en/units/01-x/index.html`."""
    prefix = "" if page.language == course.default_language.code else f"{page.language}/"
    return f"{prefix}{page.key}.html"


def page_with_most(course: Course, language: str, word: str) -> str:
    """The site path of the participant page that uses `word` most often."""
    counts = {
        page.key: participant_markdown(course, page).lower().count(word.lower())
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
    page.wait_for_timeout(200)
    meta = page.locator(".md-search-result__meta").inner_text().strip()
    links = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    return meta, links



# --- the built files -----------------------------------------------------------------------------


def test_every_href_and_src_of_the_site_works(site_dir: Path, course: Course) -> None:
    report = check_site(site_dir)

    assert report.broken == ()
    assert report.pages >= sum(len(participant_pages(course, lang.code)) for lang in course.languages)


def test_search_index_is_cut_by_jieba_and_inlined_for_file_urls(site_dir: Path) -> None:
    index_text = (site_dir / "search/search_index.json").read_text(encoding="utf-8")
    index = json.loads(index_text)

    assert "\u200b" in "".join(doc["text"] for doc in index["docs"]), "jieba did not segment the Chinese text"
    assert index["config"]["pipeline"] == ["stopWordFilter"]
    assert (site_dir / "search/search_index.js").read_text(encoding="utf-8") == f"var __index = {index_text}"
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "index.html" in locations and "en/index.html" in locations


def built_text(site_dir: Path) -> tuple[str, str]:
    """All HTML of the site, and all text and titles of its search index (jieba's U+200B removed)."""
    index = json.loads((site_dir / "search/search_index.json").read_text(encoding="utf-8"))
    indexed = "\n".join(doc["text"] + doc["title"] for doc in index["docs"]).replace("\u200b", "")
    pages = "\n".join(p.read_text(encoding="utf-8") for p in site_dir.rglob("*.html"))
    return pages, indexed


def test_no_trainer_note_text_reaches_the_site_or_its_search_index(site_dir: Path, course: Course) -> None:
    pages, indexed = built_text(site_dir)
    sentences = trainer_sentences(course)

    assert sentences
    for word in SECRET.values():
        assert word not in pages and word not in indexed
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
            day = course.word(language, "day", n=row.day)
            assert re.search(
                rf'id="{session.id}".*?<p class="session-meta"><span class="session-meta__clock">{re.escape(day)}',
                html, re.S,
            ), session.source
            assert f'<span class="session-meta__minutes">{course.word(language, "min", n=session.minutes)}' in html


def test_downloads_of_each_language_are_in_the_site(site_dir: Path, built: BuiltSite) -> None:
    course = built.course
    for language in course.languages:
        folder = site_dir if language.default else site_dir / language.code
        for download in site_downloads(course, language.code, built.pdf_dir, built.slides_dir):
            copied = folder / download.site_path
            assert copied.read_bytes() == download.source_path.read_bytes(), copied
        downloads_page = course.view(language.code).of_kind(PageKind.DOWNLOADS)[0]
        html = (folder / f"{downloads_page.key}.html").read_text(encoding="utf-8")
        for item in participant_downloads(course, language.code):
            assert f'href="files/{item.relative_path}"' in html
            assert f"-{language.code}" in item.relative_path


# --- in the browser ------------------------------------------------------------------------------


def test_language_switcher_keeps_the_reader_on_the_same_page(browser, site_root: str, course: Course) -> None:
    session_page = course.view("zh").modules[0].session_pages[0]
    page, log = open_page(browser, site_root, DESKTOP)

    for start, other in (("index.html", "en/index.html"), (f"{session_page.key}.html", f"en/{session_page.key}.html")):
        page.goto(site_root + start)
        assert page.locator("html").get_attribute("lang") == "zh"
        page.locator(".md-header .md-select").hover()
        page.locator("a.md-select__link[hreflang=en]").click()
        page.wait_for_url(site_root + other)
        assert page.locator("html").get_attribute("lang") == "en"
        page.locator(".md-header .md-select").hover()
        page.locator("a.md-select__link[hreflang=zh]").click()
        page.wait_for_url(site_root + start)

    log.assert_clean()
    page.close()


def test_search_finds_the_fixtures_key_points_in_both_languages(browser, site_root: str, course: Course) -> None:
    page, log = open_page(browser, site_root, DESKTOP)
    page.goto(site_root + "index.html")
    placeholder = open_search(page)

    for language in ("zh", "en"):
        for word in search_words(course, language):
            expected = page_with_most(course, language, word)
            meta, links = search(page, word, placeholder)
            found = {site_path(link, site_root) for link in links}
            assert expected in found, f"searching '{word}' ({meta}) did not list {expected}: {sorted(found)}"

    log.assert_clean()
    page.close()


def test_search_cannot_find_trainer_notes(browser, site_root: str, course: Course) -> None:
    session = next(s for s in course.view("en").sessions if s.trainer_notes and s.purpose)
    note = session.trainer_notes[0]
    page, log = open_page(browser, site_root, DESKTOP)
    page.goto(site_root + "en/index.html")
    placeholder = open_search(page)

    control_meta, control_links = search(page, quoted_sentence(session.purpose.markdown), placeholder)
    note_meta, note_links = search(page, quoted_sentence(note.markdown), placeholder)
    secret_meta, secret_links = search(page, SECRET["en"], placeholder)
    search(page, SECRET["zh"], placeholder)
    results_text = page.locator(".md-search-result").inner_text()

    assert site_page(course, session.page) in {site_path(link, site_root) for link in control_links}, control_meta
    assert note_links == [], f"a sentence of the trainer note at {note.source} was found: {note_meta}"
    assert secret_links == [], secret_meta
    # Chinese queries match single characters too, so results may come: none may show the trainer note.
    assert SECRET["zh"] not in results_text
    log.assert_clean()
    page.close()


def test_navigation_leads_to_each_unit_and_its_sessions(browser, site_root: str, course: Course) -> None:
    view = course.view("en")
    page, log = open_page(browser, site_root, DESKTOP)

    for module in view.modules:
        page.goto(site_root + "en/index.html")
        overview = course.word("en", "module_n", n=module.number)
        page.locator("nav.md-nav--primary label.md-nav__link", has_text=module.title).first.click()  # open the unit
        page.locator("nav.md-nav--primary a.md-nav__link", has_text=overview).first.click()
        page.wait_for_url(f"{site_root}en/{module.page.key}.html")
        assert page.locator("article h1").inner_text().rstrip("¶ \n") == module.title
        assert page.locator(".module-meta__minutes").inner_text() == course.word("en", "min", n=module.session_minutes)
        first = module.sessions[0]
        page.locator("nav.md-nav--primary a.md-nav__link", has_text=first.title).first.click()
        page.wait_for_url(f"{site_root}en/{first.page.key}.html")
        details = page.locator(f'[id="{first.id}"] + .session-meta')
        assert details.locator(".session-meta__minutes").inner_text() == course.word("en", "min", n=first.minutes)
        assert first.method is not None
        assert details.locator(".session-meta__method").inner_text() == first.method.label("en")

    log.assert_clean()
    page.close()


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


def test_a_course_changed_into_a_broken_one_fails_and_keeps_the_last_site(tmp_path: Path, built: BuiltSite) -> None:
    root = site_course(tmp_path, FIXTURE)
    course = checked_course(root)
    pdf_dir, slides_dir = stand_in_downloads(course, tmp_path)
    session = course.view("en").sessions[0]
    source = session.heading.source.path.as_posix()
    edit(root, source, f"minutes={session.minutes}", "minutes=abc")
    out = previous_site(tmp_path / "site")

    with pytest.raises(SiteBuildError) as failure:
        build_site(course, out, pdf_dir=pdf_dir, slides_dir=slides_dir)

    assert f"{source}:{session.heading.source.line}:" in str(failure.value)
    assert (out / "index.html").read_text(encoding="utf-8") == "previous site"


def test_a_missing_download_stops_the_build_before_anything_is_written(tmp_path: Path, course: Course) -> None:
    pdf_dir, slides_dir = stand_in_downloads(course, tmp_path)
    missing = next(site_downloads(course, "en", pdf_dir, slides_dir)).source_path
    missing.unlink()
    out = previous_site(tmp_path / "site")

    with pytest.raises(SiteBuildError, match=re.escape(str(missing))):
        build_site(course, out, pdf_dir=pdf_dir, slides_dir=slides_dir)

    assert (out / "index.html").read_text(encoding="utf-8") == "previous site"
