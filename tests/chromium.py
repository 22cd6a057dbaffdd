"""Debian's Chromium, driven by Playwright, for the tests that load the site in a real browser.

One launcher for every such test: it skips (with the install command) where Chromium or Playwright is missing,
and never downloads a browser.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"


@contextlib.contextmanager
def launched_chromium() -> Iterator[object]:
    """A headless Chromium for one test module (closed on leaving)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()
