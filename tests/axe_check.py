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

from local_server import serve_locally

WIDTHS = {"desktop": {"width": 1280, "height": 860}, "phone": {"width": 375, "height": 800}}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
FAILING_IMPACTS = frozenset({"serious", "critical"})


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


def serious_violations(page, script: str) -> list[str]:
    """axe's WCAG A/AA violations of impact serious or critical on the page as it is now, one line per element."""
    # fades and slides finished: axe measures the colours a reader ends up with, not a frame of a transition
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(script)
    results = page.evaluate("options => axe.run(document, options)",
                            {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    return [f"{rule['id']} ({rule['impact']}): {node['target']} {node['failureSummary'].splitlines()[-1].strip()}"
            for rule in results["violations"] if rule["impact"] in FAILING_IMPACTS for node in rule["nodes"]]


def pages_violations(browser, root: str, pages: list[str], script: str, width: str) -> dict[str, list[str]]:
    """The serious violations of each page (loaded from `root`) that has any, at one of WIDTHS."""
    page = browser.new_page(viewport=WIDTHS[width])
    found = {}
    for path in pages:
        page.goto(root + path)
        violations = serious_violations(page, script)
        if violations:
            found[path] = violations
    page.close()
    return found


def violations_at_every_width(browser, root: str, pages: list[str], script: str) -> dict[str, dict[str, list[str]]]:
    """`pages_violations` at each of WIDTHS, in one pass: each page is loaded once and checked at every width,
    the window resized in between (the theme follows its media queries live, as when a tablet is turned).

    Loading a page and axe's script once instead of once per width saves about a quarter of the browser's
    CPU time; checked on the two-day fixture's site, axe finds the same violations and incomplete checks at
    both widths either way.
    """
    page = browser.new_page(viewport=WIDTHS[next(iter(WIDTHS))])
    found: dict[str, dict[str, list[str]]] = {width: {} for width in WIDTHS}
    for path in pages:
        page.goto(root + path)
        for width, size in WIDTHS.items():
            page.set_viewport_size(size)
            violations = serious_violations(page, script)
            if violations:
                found[width][path] = violations
    page.close()
    return found

