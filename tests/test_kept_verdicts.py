"""Verdicts kept between test runs (tests/kept_verdicts.py): found again only under the very same key, whole or not at
all, and never when keeping is off."""

from __future__ import annotations

from pathlib import Path

import kept_verdicts
import pytest
from axe_check import _shared_files_key
from kept_verdicts import keep_verdict, kept_verdict, verdict_key


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(kept_verdicts, "FOLDER", tmp_path)
    monkeypatch.delenv("KEEP_VERDICTS", raising=False)
    return tmp_path


def test_a_kept_verdict_comes_back_under_its_key_only(store: Path) -> None:
    key = verdict_key("page", b"<html>")
    keep_verdict("axe", key, {"desktop": ["link-name (serious): ['a'] Fix it"], "phone": []})
    assert kept_verdict("axe", key) == {"desktop": ["link-name (serious): ['a'] Fix it"], "phone": []}
    assert kept_verdict("axe", verdict_key("page", b"<html> ")) is None
    assert kept_verdict("other", key) is None
    assert verdict_key("ab", "c") != verdict_key("a", "bc")


def test_a_damaged_verdict_is_checked_again_and_nothing_is_kept_with_keeping_off(store: Path,
                                                                                  monkeypatch: pytest.MonkeyPatch
                                                                                  ) -> None:
    key = verdict_key("page")
    keep_verdict("axe", key, {"desktop": []})
    (store / "axe" / f"{key}.json").write_text('{"desktop": [', encoding="utf-8")
    assert kept_verdict("axe", key) is None
    monkeypatch.setenv("KEEP_VERDICTS", "0")
    keep_verdict("axe", verdict_key("other"), {"desktop": []})
    assert not (store / "axe" / f"{verdict_key('other')}.json").exists()
    keep_verdict("axe", key, {"desktop": []})
    assert kept_verdict("axe", key) is None


def test_the_oldest_verdicts_go_first(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.setattr(kept_verdicts, "MOST_KEPT", 3)
    for number in range(5):
        keep_verdict("axe", f"k{number}", number)
        os.utime(store / "axe" / f"k{number}.json", (1000 + number, 1000 + number))
    assert sorted(p.stem for p in (store / "axe").glob("*.json")) == ["k2", "k3", "k4"]


def test_a_page_is_checked_again_when_a_file_it_loads_changes_not_the_search_index_or_a_download(
        tmp_path: Path) -> None:
    site = tmp_path / "site"
    for name, text in {"index.html": "<p>", "assets/style.css": "p{}", "search/search_index.json": "{}",
                       "en/search/search_index.json": "{}", "sitemap.xml": "<urlset/>",
                       "files/pdf/course-zh-workbook.pdf": "%PDF", "files/slides/course-zh.pptx": "PK"}.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    before = _shared_files_key(site)
    for name in ("search/search_index.json", "en/search/search_index.json", "sitemap.xml", "index.html",
                 "files/pdf/course-zh-workbook.pdf", "files/slides/course-zh.pptx"):
        (site / name).write_text("changed", encoding="utf-8")
    assert _shared_files_key(site) == before  # pages have their own keys
    (site / "assets/style.css").write_text("p{color:#eee}", encoding="utf-8")
    assert _shared_files_key(site) != before
