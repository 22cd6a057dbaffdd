"""axe-core in Chromium: the accessibility checks an accessibility office runs, for the site tests.

axe-core comes bundled in the `axe-playwright-python` package (test extras); Chromium is Debian's. A page is
checked against WCAG 2.0, 2.1 and 2.2, levels A and AA; a violation of impact serious or critical fails.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
from collections.abc import Iterator
from pathlib import Path

from kept_verdicts import keep_verdict, kept_verdict, verdict_key
from local_server import serve_locally

WIDTHS = {"desktop": {"width": 1280, "height": 860}, "phone": {"width": 375, "height": 800}}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
FAILING_IMPACTS = frozenset({"serious", "critical"})
LEFT_OUT = {"desktop": None, "phone": {"exclude": [[".md-sidebar"]]}}
"""What axe leaves out at each width. At a phone's width the navigation and contents sidebars sit in the closed
drawer, off screen, where axe measures nothing (tests/site/test_accessibility.py proves it with a broken
navigation); their elements, the same page load's, are checked at the desktop width. Checking them again cost
about half of axe's time at the phone width."""


def axe_source() -> str:
    """axe-core's script, from the package that bundles it (ImportError when the test extras are missing)."""
    from axe_playwright_python.base import AXE_SCRIPT

    return str(AXE_SCRIPT)


@contextlib.contextmanager
def served(site_dir: Path) -> Iterator[str]:
    """The built site on 127.0.0.1, as a host serves it (the 404 pages' absolute links need a server)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            """No request log in the test output."""

    with serve_locally(functools.partial(Quiet, directory=str(site_dir))) as url:
        yield f"{url}/"


def site_pages(site_dir: Path) -> list[str]:
    """Every HTML page of a built site (every language, the 404 pages too), as paths inside it."""
    pages = [p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")]
    return sorted(p for p in pages if not p.startswith(("assets/", "search/")) and "/search/" not in p)


def serious_violations(page, script: str, left_out: dict[str, list[list[str]]] | None = None) -> list[str]:
    """axe's WCAG A/AA violations of impact serious or critical on the page as it is now, one line per element
    (outside the elements `left_out` names: axe's `exclude` context)."""
    # fades and slides finished: axe measures the colours a reader ends up with, not a frame of a transition
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(script)
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = page.evaluate("([context, options]) => axe.run(context || document, options)", [left_out, options])
    return [f"{rule['id']} ({rule['impact']}): {node['target']} {node['failureSummary'].splitlines()[-1].strip()}"
            for rule in results["violations"] if rule["impact"] in FAILING_IMPACTS for node in rule["nodes"]]


def violations_at_every_width(browser, root: str, pages: list[str], script: str) -> dict[str, dict[str, list[str]]]:
    """The serious violations of each page (loaded from `root`) at each of WIDTHS, in one pass: each page is loaded
    once and checked at every width, the window resized in between (the theme follows its media queries live, as
    when a tablet is turned). Every page is listed, with an empty list where axe found nothing.

    Loading a page and axe's script once instead of once per width saves about a quarter of the browser's
    CPU time; checked on the two-day fixture's site, axe finds the same violations and incomplete checks at
    both widths either way.

    The browser asks for reduced motion, as many readers' systems do: the theme then turns its transitions off
    (`transition: none` under `prefers-reduced-motion`), so a resized page shows its end state at once instead of
    after a quarter-second fade and slide. Each page is checked first at the width the last one ended at, which it
    was loaded at. Both together halved the time per page; on the first course's 72 pages axe found the same
    violations and the same incomplete checks at both widths as with motion on and every resize waited out.
    """
    page = browser.new_page(viewport=WIDTHS[next(iter(WIDTHS))], reduced_motion="reduce")
    found: dict[str, dict[str, list[str]]] = {}
    order = list(WIDTHS)
    for path in pages:
        page.goto(root + path)
        found[path] = {}
        for width in order:
            page.set_viewport_size(WIDTHS[width])
            found[path][width] = serious_violations(page, script, LEFT_OUT[width])
        order.reverse()  # the next page loads at the width this one ended at
    page.close()
    return found


_NOT_LOADED_BY_A_PAGE = ("search/", "sitemap.xml")
"""Files a page does not show when opened (the search index is read only once a reader types; the sitemap is for
crawlers): a change to them alone does not check the pages again."""
_DOWNLOADS = (".pdf", ".pptx", ".zip")
"""Files a page links to for download and never loads (the workbooks and decks)."""


def _checker_key(browser, script: str) -> str:
    """What makes axe's verdict besides the site: axe's script, Chromium's version, this file's code."""
    return verdict_key(script, browser.version, Path(__file__).read_bytes())


def _shared_files_key(site_dir: Path) -> str:
    """Every file of the site that is not a page and that pages load (styles, scripts, fonts, images)."""
    files = sorted(p for p in site_dir.rglob("*") if p.is_file() and p.suffix != ".html")
    parts: list[bytes | str] = []
    for file in files:
        relative = file.relative_to(site_dir).as_posix()
        if (not relative.startswith(_NOT_LOADED_BY_A_PAGE) and f"/{_NOT_LOADED_BY_A_PAGE[0]}" not in relative
                and file.suffix not in _DOWNLOADS):
            parts += [relative, file.read_bytes()]
    return verdict_key(*parts)


def site_violations(browser, site_dir: Path, script: str) -> dict[str, dict[str, list[str]]]:
    """Width → page → serious violations, for every page of the built site that has any (`site_pages`), served on
    127.0.0.1. Each page's verdict is kept (tests/kept_verdicts.py) under its own bytes, the files every page
    loads and the checker: only pages that changed since an earlier run are loaded and checked again."""
    pages = site_pages(site_dir)
    shared = verdict_key(_checker_key(browser, script), _shared_files_key(site_dir))
    keys = {path: verdict_key(shared, path, (site_dir / path).read_bytes()) for path in pages}
    verdicts = {path: kept_verdict("axe", keys[path]) for path in pages}
    unchecked = [path for path, verdict in verdicts.items() if verdict is None]
    if unchecked:
        with served(site_dir) as root:
            for path, verdict in violations_at_every_width(browser, root, unchecked, script).items():
                keep_verdict("axe", keys[path], verdict)
                verdicts[path] = verdict
    return {width: {path: verdict[width] for path, verdict in verdicts.items() if verdict[width]}  # type: ignore[index]
            for width in WIDTHS}
