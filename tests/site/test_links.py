"""The post-build link checker, on tiny hand-written sites."""

from __future__ import annotations

from pathlib import Path

from build_tools.site.links import check_site


def write_site(root: Path, pages: dict[str, str]) -> Path:
    for name, body in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<!doctype html><html><body>{body}</body></html>", encoding="utf-8")
    return root


def test_accepts_relative_links_to_pages_anchors_and_assets(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "index.html": '<h2 id="aims">Aims</h2><a href="#aims">x</a><a href="en/index.html#intro">en</a>'
            '<img src="assets/logo.svg"><a href="files/workbook.pdf">pdf</a>',
            "en/index.html": '<h2 id="intro">Intro</h2><a href="../index.html">zh</a>',
        },
    )
    (site / "assets").mkdir()
    (site / "assets/logo.svg").write_text("<svg/>", encoding="utf-8")
    (site / "files").mkdir()
    (site / "files/workbook.pdf").write_bytes(b"%PDF")

    report = check_site(site)

    assert report.broken == ()
    assert report.pages == 2
    assert report.links == 5


def test_reports_missing_file_and_missing_anchor_with_the_page(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "index.html": '<a href="agenda.html">agenda</a><a href="en/index.html#nope">en</a>',
            "en/index.html": '<h1 id="home">Home</h1>',
        },
    )

    report = check_site(site)

    assert report.broken == (
        "index.html: 'agenda.html' points to a missing file",
        "index.html: 'en/index.html#nope' points to a missing anchor '#nope'",
    )


def test_reports_links_that_fail_from_file_urls(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {"en/index.html": '<a href="../">home</a><a href="/assets/x.css">css</a><a href="../../outside.html">x</a>'},
    )

    report = check_site(site)

    assert report.broken == (
        "en/index.html: '../' is a folder: from file:// the browser shows a listing, link its index.html",
        "en/index.html: '../../outside.html' leaves the site",
        "en/index.html: '/assets/x.css' is site-absolute: from file:// it points at the disk's root",
    )


def test_leaves_external_links_and_the_404_page_alone(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "index.html": '<a href="https://example.org/">web</a><a href="mailto:a@b.c">mail</a>'
            '<img src="data:image/png;base64,AA==">',
            "404.html": '<a href="/index.html">home</a>',
        },
    )

    report = check_site(site)

    assert report.broken == ()
    assert report.pages == 1


def test_decodes_percent_encoded_paths_and_fragments(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {"index.html": '<a href="%E8%AF%BE%E7%A8%8B.html#%E7%9B%AE%E6%A0%87">x</a>', "课程.html": '<p id="目标">x</p>'},
    )

    assert check_site(site).broken == ()
