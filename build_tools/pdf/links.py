"""Links and resources of a page's HTML in the PDF: links point inside the document, files are checked.

A link to a page in the document points at its in-document id; a link to a page outside it becomes plain
text. Every image or other resource must be a file under docs/: anything else becomes a `Problem` at the
reference's line, before WeasyPrint runs, and never reaches it.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit
from xml.etree import ElementTree

from build_tools.course.links import link_target
from build_tools.course.model import Page
from build_tools.course.problems import Problem
from build_tools.pdf.anchors import anchor_id, part_id, reference_source, resolve_page_link
from build_tools.pdf.assembly import Assembly
from build_tools.pdf.elements import add_class, text_of
from build_tools.pdf.urls import docs_url

#: Attributes through which HTML loads a resource (`href` only counts outside links, see `check_resources`).
_RESOURCE_ATTRIBUTES = ("src", "data", "poster", "srcset")
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


def point_links(assembly: Assembly, page: Page, root: ElementTree.Element) -> None:
    """Point links at in-document ids; links to pages outside this PDF become plain text."""
    for link in root.iter("a"):
        href = link.get("href")
        if href is None:
            continue
        parts = urlsplit(href)
        if parts.scheme in ("http", "https", "mailto"):
            add_class(link, "external")
            if text_of(link) != href and parts.scheme != "mailto":
                add_class(link, "show-url")
            continue
        target = resolve_page_link(page, href)
        if target is not None and target[0] in assembly.included:
            key, fragment = target
            inside = "#" + (anchor_id(key, fragment) if fragment else part_id(key))
            link.set("href", inside)
            assembly.sources.setdefault(inside, reference_source(page, href))
            continue
        link.tag = "span"
        for name in ("href", "title"):
            link.attrib.pop(name, None)
        add_class(link, "unlinked")


def _check_resource(assembly: Assembly, page: Page, url: str) -> str | None:
    """The file URL of an image or other resource under docs/, or None after recording a Problem."""
    parts = urlsplit(url)
    location = reference_source(page, url)
    if parts.scheme in ("http", "https", "ftp") or url.startswith("//"):
        assembly.problems.append(Problem(location, "link.remote_image", f"image '{url}' is on the internet"))
        return None
    target = None if parts.scheme or parts.netloc else link_target(page, url)
    docs = assembly.course.docs_dir.resolve()
    path = (docs / PurePosixPath(target.path)).resolve() if target is not None else None
    if path is None or not path.is_relative_to(docs):
        assembly.problems.append(Problem(location, "link.outside_docs", f"'{url}' points outside docs/"))
        return None
    if not path.is_file():
        assembly.problems.append(Problem(location, "link.missing_image", f"image '{url}' does not exist"))
        return None
    url = docs_url(path, docs)
    assembly.sources.setdefault(url, location)
    return url


def check_resources(assembly: Assembly, page: Page, root: ElementTree.Element) -> None:
    """Rewrite every resource the HTML would load to a checked file URL; refuse the rest."""
    for element in root.iter():
        for name in _RESOURCE_ATTRIBUTES:
            value = element.get(name)
            if value is None:
                continue
            urls = [item.split()[0] for item in value.split(",") if item.strip()] if name == "srcset" else [value]
            checked = [_check_resource(assembly, page, url) for url in urls]
            if name == "srcset" or None in checked:
                element.attrib.pop(name)
            else:
                element.set(name, checked[0] or "")
        if element.tag != "a" and element.get("href") is not None:
            checked_href = _check_resource(assembly, page, element.get("href", ""))
            element.set("href", checked_href or "")
        for url in _CSS_URL.findall(element.get("style", "") + (element.text or "" if element.tag == "style" else "")):
            _check_resource(assembly, page, url)
