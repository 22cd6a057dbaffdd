"""In-document ids, and the source line of each link and image, for a PDF that holds many pages.

Every page becomes one part of one HTML document, so ids are made unique per page (`page.md#id` becomes
`#modules.01-x--id`), and a link or image found in the HTML is traced back to the line that wrote it, so
a problem about it points there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote

from build_tools.course.links import link_target
from build_tools.course.model import Block, BlockKind, Page
from build_tools.course.source import SourceLocation


def _safe_id(text: str) -> str:
    """An id usable in a URL fragment and CSS: `/` becomes `.`, anything unusual `_hex_`."""
    return re.sub(r"[^A-Za-z0-9_.\-]", lambda m: f"_{ord(m[0]):x}_", text.replace("/", "."))


def part_id(page_key: str) -> str:
    """The in-document id of a page: `modules/01-x` → `modules.01-x`."""
    return _safe_id(page_key)


def anchor_id(page_key: str, fragment: str) -> str:
    """The in-document id of a heading: unique per page because it starts with the page's id."""
    return f"{part_id(page_key)}--{_safe_id(fragment)}"


def resolve_page_link(page: Page, href: str) -> tuple[str, str] | None:
    """(page key, fragment) of a relative link to a Markdown page, as authors write it; None otherwise."""
    target = link_target(page, href)
    if target is None or target.page_key is None:
        return None
    return target.page_key, target.fragment


def _walk_blocks(blocks: Iterator[Block] | tuple[Block, ...]) -> Iterator[Block]:
    """Blocks and the blocks inside them (admonitions, quotes), in page order."""
    for block in blocks:
        yield block
        yield from _walk_blocks(block.children)


def reference_source(page: Page, url: str) -> SourceLocation:
    """The line of the page's reference (link or image) to `url`.

    Raw HTML blocks carry no references in the model, so a URL written in one is placed at the line of
    the HTML block that holds it; failing both, the page's first line.
    """
    wanted = {url, unquote(url)}
    reference = next((r for r in page.references if r.target in wanted or unquote(r.target) in wanted), None)
    if reference is not None:
        return reference.source
    block = next((b for b in _walk_blocks(tuple(page.blocks)) if b.kind is BlockKind.HTML and url in b.markdown), None)
    return block.source if block is not None else page.source
