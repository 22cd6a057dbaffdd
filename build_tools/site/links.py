"""Post-build check of a built site: every `href` and `src` must work when the site is opened from file://.

MkDocs validates the links authors write; this also covers what the theme and plugins add (the
language switcher, navigation, search assets). A relative link is resolved against its page's folder,
as a browser does with file:// URLs: the target file must exist, a folder is not enough (file:// shows
a listing, not `index.html`), and a `#fragment` must be an `id` (or `<a name>`) on the target page.
Links with a scheme (`https:`, `mailto:`, `data:`) are not this check's business. `404.html` is skipped:
it uses site-absolute links on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

SKIPPED_PAGES = frozenset({"404.html"})
_LINK_ATTRIBUTES = ("href", "src")


@dataclass(frozen=True)
class LinkReport:
    """What was checked and what is broken (`page: problem` lines, sorted)."""

    pages: int
    links: int
    broken: tuple[str, ...]


class _PageScan(HTMLParser):
    """The ids and the link targets of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        self.links.extend(values[name] for name in _LINK_ATTRIBUTES if name in values)


def check_site(site_dir: Path) -> LinkReport:
    """Check every link of every HTML page under `site_dir`."""
    site_dir = Path(site_dir).resolve()
    scans: dict[Path, _PageScan] = {}

    def scan(page: Path) -> _PageScan:
        if page not in scans:
            parser = _PageScan()
            parser.feed(page.read_text(encoding="utf-8"))
            parser.close()
            scans[page] = parser
        return scans[page]

    pages = sorted(p for p in site_dir.rglob("*.html") if p.name not in SKIPPED_PAGES)
    broken: list[str] = []
    links = 0
    for page in pages:
        for link in scan(page).links:
            links += 1
            problem = _problem(page, link, site_dir, scan)
            if problem:
                broken.append(f"{page.relative_to(site_dir).as_posix()}: {problem}")
    return LinkReport(pages=len(pages), links=links, broken=tuple(sorted(set(broken))))


def _problem(page: Path, link: str, site_dir: Path, scan) -> str | None:
    parts = urlsplit(link)
    if parts.scheme or link.startswith("//"):
        return None
    if parts.path.startswith("/"):
        return f"'{link}' is site-absolute: from file:// it points at the disk's root"
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    if not target.is_relative_to(site_dir):
        return f"'{link}' leaves the site"
    if target.is_dir():
        return f"'{link}' is a folder: from file:// the browser shows a listing, link its index.html"
    if not target.is_file():
        return f"'{link}' points to a missing file"
    fragment = unquote(parts.fragment)
    if fragment and target.suffix == ".html" and fragment not in scan(target).ids:
        return f"'{link}' points to a missing anchor '#{fragment}'"
    return None
