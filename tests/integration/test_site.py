"""The participant website, built once from the real course and used in a real browser.

Playwright drives Debian's Chromium (never a downloaded browser) against the built site, both served
on 127.0.0.1 and opened from file:// as in a classroom without internet. Every browser test also
checks that the page logged no console errors and asked no host but the local one for anything.
"""

from __future__ import annotations

import functools
import http.server
import json
import logging
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from local_server import serve_locally

from build_tools.site.build import SiteBuildError, build_site, site_downloads
from build_tools.cli import checked_course
from build_tools.load import LoadResult
from build_tools.site.hooks import participant_markdown
from build_tools.model import BlockKind, Course, PageKind
from build_tools.site.links import check_site
from build_tools.words import ui

pytestmark = pytest.mark.integration

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 860}
CHINESE_WORDS = ("内部客户", "执行", "教练")
ENGLISH_WORDS = ("coaching", "feedback")
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


def participant_pages(course: Course, language: str):
    return [p for p in course.pages_in(language) if not p.facilitator_only]


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


def trainer_only_word(course: Course, language: str) -> tuple[str, str]:
    """A trainer-note sentence and its longest word that no participant page uses, not even in part."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    participant_text = "\n".join(
        participant_markdown(course, p) for lang in course.languages for p in participant_pages(course, lang.code)
    ).lower()
    best: tuple[str, str] = ("", "")
    for page in course.pages_in(language):
        for block in page.blocks:
            if block.kind is not BlockKind.TRAINER:
                continue
            for sentence in re.split(r"(?<=[。！？.!?])\s*", _plain(block.markdown)):
                for word in jieba.cut(sentence):
                    word = word.lower()
                    pieces = [word[i : i + 2] for i in range(len(word) - 1)] if not word.isascii() else [word]
                    if (
                        len(word) >= 2
                        and re.fullmatch(r"[a-z]+|[\u4e00-\u9fff]+", word)
                        and not any(piece in participant_text for piece in pieces)
                        and len(word) > len(best[1])
                    ):
                        best = (sentence.strip(), word)
    assert best[1], f"every word of the {language} trainer notes also appears in participant pages"
    return best


def quoted_sentence(markdown: str) -> str:
    """The first plain English sentence of some Markdown as a query that requires each of its words.

    Material turns `"a b c"` into `+a +b +c` (all required); stop words are left out because lunr.js
    drops them from the index, so requiring one would match nothing.
    """
    for sentence in re.split(r"(?<=[.!?])\s+", _plain(markdown)):
        if re.search(r"[\d'’]", sentence):
            continue
        words = [w.lower() for w in re.findall(r"[A-Za-z]+", sentence) if w.lower() not in LUNR_STOP_WORDS]
        if len(words) >= 5:
            return '"' + " ".join(words) + '"'
    raise AssertionError("no plain sentence of five words or more")


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


def test_every_href_and_src_of_the_site_works(site_dir: Path) -> None:
    report = check_site(site_dir)

    assert report.broken == ()
    assert report.pages > 10


def test_search_index_is_cut_by_jieba_and_inlined_for_file_urls(site_dir: Path) -> None:
    index_text = (site_dir / "search/search_index.json").read_text(encoding="utf-8")
    index = json.loads(index_text)

    assert "\u200b" in "".join(doc["text"] for doc in index["docs"]), "jieba did not segment the Chinese text"
    assert index["config"]["pipeline"] == ["stopWordFilter"]
    assert (site_dir / "search/search_index.js").read_text(encoding="utf-8") == f"var __index = {index_text}"
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "index.html" in locations and "en/index.html" in locations


def test_trainer_notes_and_materials_stay_out_of_the_site(site_dir: Path, course_result: LoadResult) -> None:
    index = json.loads((site_dir / "search/search_index.json").read_text(encoding="utf-8"))
    indexed = "\n".join(doc["text"] + doc["title"] for doc in index["docs"]).replace("\u200b", "")
    pages = "\n".join(p.read_text(encoding="utf-8") for p in site_dir.rglob("*.html"))
    sentences = trainer_sentences(course_result.course)

    assert sentences
    assert [s for s in sentences if s in indexed] == []
    assert [s for s in sentences if s in pages] == []
    assert 'class="admonition trainer' not in pages and 'class="admonition materials' not in pages


def test_downloads_of_each_language_are_in_the_site(
    site_dir: Path, course_result: LoadResult, pdf_dir: Path, slides_dir: Path
) -> None:
    course = course_result.course
    for language in course.languages:
        folder = site_dir if language.default else site_dir / language.code
        for download in site_downloads(course, language.code, pdf_dir, slides_dir):
            copied = folder / download.site_path
            assert copied.read_bytes() == download.source_path.read_bytes(), copied
        downloads_page = next(p for p in course.pages_in(language.code) if p.kind is PageKind.DOWNLOADS)
        html = (folder / f"{downloads_page.key}.html").read_text(encoding="utf-8")
        assert 'href="files/pdf/workbook.pdf"' in html


# --- in the browser ------------------------------------------------------------------------------


def test_language_switcher_keeps_the_reader_on_the_same_page(
    browser, site_root: str, course_result: LoadResult
) -> None:
    module = course_result.course.modules["zh"][0]
    page, log = open_page(browser, site_root, DESKTOP)

    for start, other in (("index.html", "en/index.html"), (f"{module.page.key}.html", f"en/{module.page.key}.html")):
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


def test_search_finds_chinese_words_inside_sentences_and_english_words(
    browser, site_root: str, course_result: LoadResult
) -> None:
    course = course_result.course
    page, log = open_page(browser, site_root, DESKTOP)
    page.goto(site_root + "index.html")
    placeholder = open_search(page)

    for language, words in (("zh", CHINESE_WORDS), ("en", ENGLISH_WORDS)):
        for word in words:
            expected = page_with_most(course, language, word)
            meta, links = search(page, word, placeholder)
            found = {site_path(link, site_root) for link in links}
            assert expected in found, f"searching '{word}' ({meta}) did not list {expected}: {sorted(found)}"

    log.assert_clean()
    page.close()


def test_search_cannot_find_trainer_notes(browser, site_root: str, course_result: LoadResult) -> None:
    course = course_result.course
    module = course.modules["en"][0]
    trainer_note = next(b for b in module.page.blocks if b.kind is BlockKind.TRAINER)
    after_note = [b for b in module.page.blocks if b.kind is BlockKind.TEXT and b.source > trainer_note.source]
    zh_sentence, zh_word = trainer_only_word(course, "zh")
    page, log = open_page(browser, site_root, DESKTOP)
    page.goto(site_root + "en/index.html")
    placeholder = open_search(page)

    control_meta, control_links = search(page, quoted_sentence(after_note[0].markdown), placeholder)
    note_meta, note_links = search(page, quoted_sentence(trainer_note.markdown), placeholder)
    search(page, zh_word, placeholder)
    results_text = page.locator(".md-search-result").inner_text()

    assert f"en/{module.page.key}.html" in {site_path(link, site_root) for link in control_links}, control_meta
    assert note_links == [], f"a sentence of the trainer note at {trainer_note.source} was found: {note_meta}"
    # Chinese queries match single characters too, so results may come: none may show the trainer note.
    assert zh_word not in results_text, f"'{zh_word}' of the trainer note '{zh_sentence}' was found"
    log.assert_clean()
    page.close()


def test_navigation_leads_to_each_module(browser, site_root: str, course_result: LoadResult) -> None:
    modules = course_result.course.modules["en"]
    page, log = open_page(browser, site_root, DESKTOP)

    for module in modules:
        page.goto(site_root + "en/index.html")
        page.locator("nav.md-nav--primary a.md-nav__link", has_text=module.title).first.click()
        page.wait_for_url(f"{site_root}en/{module.page.key}.html")
        assert page.locator("article h1").inner_text().rstrip("¶ \n") == module.title
        first = module.sessions[0]
        details = page.locator(f'[id="{first.id}"] + .session-meta')
        assert details.locator(".session-meta__minutes").inner_text() == ui("en", "min", n=first.minutes)
        assert details.locator(".session-meta__method").inner_text() == first.method.label("en")

    log.assert_clean()
    page.close()


def test_pages_look_right_on_a_phone_and_a_desktop(
    browser, site_dir: Path, artifacts_dir: Path, course_result: LoadResult
) -> None:
    root = site_dir.resolve().as_uri() + "/"
    module = course_result.course.modules["en"][-1]
    phone, phone_log = open_page(browser, root, PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    phone.goto(root + "index.html")
    phone.screenshot(path=str(artifacts_dir / "site-home-zh-phone.png"))
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    desktop, desktop_log = open_page(browser, root, DESKTOP)
    desktop.goto(f"{root}en/{module.page.key}.html")
    desktop.screenshot(path=str(artifacts_dir / "site-module-en-desktop.png"))
    placeholder = open_search(desktop)
    search(desktop, CHINESE_WORDS[0], placeholder)
    desktop.screenshot(path=str(artifacts_dir / "site-search-desktop.png"))

    assert width <= PHONE["width"], "the phone page scrolls sideways"
    assert desktop.locator(".md-sidebar--primary").is_visible()
    assert (artifacts_dir / "site-home-zh-phone.png").stat().st_size > 10_000
    phone_log.assert_clean()
    desktop_log.assert_clean()
    phone.close()
    desktop.close()


# --- facilitator-only pages and failed builds, on a copy of the course ---------------------------


def copy_repository(destination: Path) -> Path:
    """The course and site configuration in a scratch folder; the hooks are the real ones (linked)."""
    root = Path(__file__).resolve().parents[2]
    shutil.copytree(root / "docs", destination / "docs")
    shutil.copy2(root / "mkdocs.yml", destination / "mkdocs.yml")
    (destination / "build_tools").symlink_to(root / "build_tools", target_is_directory=True)
    return destination


def fake_downloads(course: Course, folder: Path) -> tuple[Path, Path]:
    pdf_dir, slides_dir = folder / "pdf", folder / "slides"
    for language in course.languages:
        for download in site_downloads(course, language.code, pdf_dir, slides_dir):
            download.source_path.parent.mkdir(parents=True, exist_ok=True)
            download.source_path.write_bytes(b"stand-in for " + download.site_path.encode())
    return pdf_dir, slides_dir


def test_facilitator_pages_are_left_out_and_a_failed_build_keeps_the_last_site(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    secret = {"zh": "这一页只给培训师看的秘密安排", "en": "This page is for the facilitators only"}
    for suffix, language in (("", "zh"), (".en", "en")):
        (root / f"docs/trainer-briefing{suffix}.md").write_text(
            f"---\nkind: page\nfacilitator_only: true\n---\n\n# Briefing {{#briefing}}\n\n{secret[language]}。\n",
            encoding="utf-8",
        )
    result = checked_course(root)
    pdf_dir, slides_dir = fake_downloads(result.course, tmp_path)
    out = tmp_path / "site"

    build_site(result, out, pdf_dir=pdf_dir, slides_dir=slides_dir)

    built = "\n".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    index = (out / "search/search_index.json").read_text(encoding="utf-8").replace("\u200b", "")
    assert not (out / "trainer-briefing.html").exists() and not (out / "en/trainer-briefing.html").exists()
    assert secret["en"] not in built and secret["en"] not in index and secret["zh"] not in index

    module = next((root / "docs/modules").glob("01-*.en.md"))
    module.write_text(module.read_text(encoding="utf-8").replace("minutes: ", "minutes: 1", 1), encoding="utf-8")
    with pytest.raises(SiteBuildError) as failure:
        build_site(result, out, pdf_dir=pdf_dir, slides_dir=slides_dir)

    assert f"docs/modules/{module.name}:1: 'minutes' is 1" in str(failure.value)
    assert "[i18n.front_matter]" in str(failure.value)
    assert (out / "index.html").read_text(encoding="utf-8") in built


def test_a_missing_download_stops_the_build_before_anything_is_written(
    tmp_path: Path, course_result: LoadResult
) -> None:
    pdf_dir, slides_dir = fake_downloads(course_result.course, tmp_path)
    missing = next(site_downloads(course_result.course, "en", pdf_dir, slides_dir)).source_path
    missing.unlink()
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("previous site", encoding="utf-8")

    with pytest.raises(SiteBuildError, match=re.escape(str(missing))):
        build_site(course_result, out, pdf_dir=pdf_dir, slides_dir=slides_dir)

    assert (out / "index.html").read_text(encoding="utf-8") == "previous site"
