"""Re-render only the chapters an edit touched: a long PDF kept as cached parts and joined with qpdf (pikepdf).

A clean render lays the whole document out once with WeasyPrint, as always: that file is the output,
the same bytes on every machine. It is also kept in a cache folder with a manifest that says where
each part (the front matter, each top-level chapter, each back-matter page) starts and ends in it.

The next render of the same document compares each part's HTML with the manifest. When only a few
parts changed, only those are rendered again, on their own, and the new file is joined from the
cached pages and the new ones. A part rendered alone looks exactly as it does in the whole document:
it starts on a new page there too, its footer counts from its first page number to the document's
page total (`counter-reset`, a written-in total), the running header carries the edition, and
invisible stand-ins keep its links to other parts. The parts that print page numbers of others (the
contents, handout references) are rendered again when those numbers move.

A part whose page count changes moves every later page, so the render starts over as a whole; so it
does when most of the document changed, when the file would draw on more than `MAX_SOURCES` renders,
or when the cache is missing, damaged, made by other code or written untagged for a tagged PDF (or the
other way round). A joined file has the same pages, text, footers, contents numbers, bookmarks, links and
structure tree (`pdf.join_tags`) as the whole render, pixel for pixel (tested); it is not the same bytes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape, unescape

from build_tools.pdf.part_cache import PartCache, PartRecord

#: Parts rendered alone and parts taken from the cache in a process (what tests count).
STATS = {"rendered": 0, "cached": 0, "whole": 0}
#: Re-render the whole document instead when the changed parts hold more than this share of its pages.
MOST_CHANGED = 0.5
#: Renders a joined file may draw on; one more and the document is rendered whole again. Each render
#: embeds its own font subsets (about 0.35 MB per CJK face), so this bounds how much a file grows.
MAX_SOURCES = 3
_FIRST_H1 = re.compile(r"<h1\b[^>]*>")
_ID = re.compile(r'\sid="([^"]+)"')
_HREF = re.compile(r'\shref="#([^"]+)"')
_TOC_LINK = re.compile(r'(<li class="toc-[^"]*"><a href="#([^"]+)")')
_PAGE_REF = re.compile(r'(<a class="page-ref" href="#([^"]+)")')


@dataclass(frozen=True)
class Piece:
    """One part of a document: its HTML body (sections), the ids it holds and the ids it links to."""

    body: str
    ids: frozenset[str]
    targets: frozenset[str]
    numbered: bool  # prints page numbers of other parts (contents, handout references)


@dataclass(frozen=True)
class RenderedPart:
    """A rendered PDF and what the join needs: page count, page names (`cover`…), pages of its ids."""

    data: bytes
    pages: int
    page_names: tuple[str, ...]
    anchors: dict[str, int]
    refused: tuple[tuple[str, str], ...] = ()
    warnings: tuple[str, ...] = ()


def split(html: str, part_break: str) -> tuple[str, list[Piece]]:
    """(head up to `<body…>`, pieces): the front matter, then one piece per top-level chapter."""
    chunks = html.split(part_break) if part_break else [html]
    front = chunks[0]
    body_at = front.index(">", front.index("<body")) + 1
    head = front[:body_at]
    last = chunks[-1]
    end = last.rindex("</body>")
    chunks[-1] = last[:end]
    bodies = [front[body_at:]]
    for chunk in chunks[1:]:
        h1 = _FIRST_H1.search(chunk)
        if h1 is not None and re.search(r'class="[^"]*\bbm-1\b', h1[0]):
            bodies.append(chunk)
        else:
            bodies[-1] += chunk
    return head, [
        Piece(body, frozenset(_ID.findall(body)), frozenset(_HREF.findall(body)),
              index == 0 or 'class="page-ref"' in body)
        for index, body in enumerate(bodies)
    ]


def _hash(*texts: str) -> str:
    return hashlib.sha256("\0".join(texts).encode()).hexdigest()


def _content(piece: Piece, resources: Callable[[str], str]) -> str:
    """What a part is drawn from: its HTML and the bytes of the images and files it names."""
    return _hash(piece.body, resources(piece.body))


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def part_css(pieces: list[Piece], index: int, first_page: int, total: int) -> str:
    """What a part needs to look as it does inside the whole document: its page numbers, the edition in
    the running header (the cover sets it), and the body's margins only where the whole has them."""
    rules = [f"@page :first {{ counter-reset: page {first_page}; }}",
             f'@page {{ @bottom-center {{ content: counter(page) " / {total}"; }} }}']
    if index > 0:
        edition = re.search(r'<p class="cover-edition">(.*?)</p>', pieces[0].body, re.S)
        if edition is not None:
            rules.append(f"@page {{ @top-right {{ content: {_css_string(unescape(edition[1]).strip())}; }} }}")
        rules.append("body { margin-top: 0; }")
    if index < len(pieces) - 1:
        rules.append("body { margin-bottom: 0; }")
    return "\n".join(rules)


def _stand_ins(piece: Piece) -> str:
    """Invisible elements with the ids this piece links to in other pieces, so WeasyPrint keeps the links."""
    missing = sorted(piece.targets - piece.ids)
    if not missing:
        return ""
    spans = "".join(f'<span id="{escape(name)}"></span>' for name in missing)
    return f'<div style="position: absolute; left: 0; top: 0; width: 0; height: 0; overflow: hidden">{spans}</div>'


def numbered(body: str, pages: dict[str, int]) -> str:
    """The contents lines and handout references with their target's page number written in."""
    def number(match: re.Match) -> str:
        page = pages.get(match[2])
        return match[1] if page is None else f'{match[1]} data-page="{page}"'

    return _PAGE_REF.sub(number, _TOC_LINK.sub(number, body))


def part_html(head: str, piece: Piece, body: str | None = None) -> str:
    """A piece as a whole HTML document."""
    return f"{head}\n{_stand_ins(piece)}{piece.body if body is None else body}\n</body>\n</html>\n"


def _records_of_whole(pieces: list[Piece], whole: RenderedPart, source: str,
                      resources: Callable[[str], str]) -> list[PartRecord] | None:
    """Where each piece lies in a whole render, or None when the pages cannot be told apart."""
    firsts = [0]
    for piece in pieces[1:]:
        pages = [whole.anchors[name] for name in piece.ids if name in whole.anchors]
        if not pages:
            return None
        firsts.append(min(pages))
    ends = [*firsts[1:], whole.pages]
    if any(end <= first for first, end in zip(firsts, ends, strict=True)):
        return None
    absolute = {name: page + 1 for name, page in whole.anchors.items()}
    return [
        PartRecord(_content(piece, resources), _hash(numbered(piece.body, absolute)) if piece.numbered else "", source,
                   first, end - first,
                   {name: whole.anchors[name] - first for name in piece.ids if name in whole.anchors})
        for piece, first, end in zip(pieces, firsts, ends, strict=True)
    ]


# --- rendering --------------------------------------------------------------------------------------


class _StartOver(Exception):
    """A part's page count changed: every later page moves, so the document is rendered whole."""


def render_with_cache(html: str, head: str, pieces: list[Piece], render: Callable[[str, str], RenderedPart],
                      cache: PartCache, identifier: bytes, resources: Callable[[str], str]) -> RenderedPart:
    """The document's PDF: joined from cached and re-rendered parts when few parts changed, else whole.

    `render(html, css)` renders one HTML document with extra CSS; `resources(html)` fingerprints the
    files an HTML fragment names (an image replaced under the same name changes its part). Refused URLs
    and warnings come back in the result (with empty `data`), as a whole render gives them.
    """
    records = cache.records()
    if records is not None and len(records) == len(pieces):
        try:
            joined = _render_changed(head, pieces, records, render, cache, identifier, resources)
        except (_StartOver, OSError, ValueError):  # pages moved, or the cache was damaged meanwhile
            joined = None
        if joined is not None:
            return joined
    STATS["whole"] += 1
    whole = render(html, "")
    if not whole.data:
        return whole
    found = _records_of_whole(pieces, whole, cache.keep(whole.data), resources)
    if found is None:
        cache.forget()
    else:
        cache.save(found)
    return whole


def _absolute_pages(records: list[PartRecord], firsts: list[int]) -> dict[str, int]:
    """The page number (from 1) of every id in the joined document."""
    return {name: firsts[index] + page for index, record in enumerate(records) for name, page in record.anchors.items()}


def _render_changed(head: str, pieces: list[Piece], records: list[PartRecord],
                    render: Callable[[str, str], RenderedPart], cache: PartCache, identifier: bytes,
                    resources: Callable[[str], str]) -> RenderedPart | None:
    """Render the changed parts alone and join; None when rendering whole is the better choice."""
    counts = [record.pages for record in records]
    total = sum(counts)
    firsts = [sum(counts[:index]) + 1 for index in range(len(counts))]
    changed = [index for index, piece in enumerate(pieces) if _content(piece, resources) != records[index].content]
    kept = {record.source for index, record in enumerate(records) if index not in changed}
    if sum(counts[index] for index in changed) > total * MOST_CHANGED or len(kept) + len(changed) > MAX_SOURCES:
        return None
    records = list(records)
    problems: list[RenderedPart] = []

    def again(index: int, body: str | None = None) -> None:
        piece = pieces[index]
        result = render(part_html(head, piece, body), part_css(pieces, index, firsts[index], total))
        STATS["rendered"] += 1
        if not result.data:
            problems.append(result)
            return
        if result.pages != counts[index]:
            raise _StartOver
        records[index] = PartRecord(
            _content(piece, resources), _hash(body) if body is not None else "", cache.keep(result.data), 0,
            result.pages,
            {name: page for name, page in result.anchors.items() if name in piece.ids},
            1 if _stand_ins(piece) else 0)

    for index in changed:
        if not pieces[index].numbered:
            again(index)
    done: set[int] = set()  # numbered parts drawn again in this render
    for _ in range(3):  # a numbered part may hold headings that another numbered part lists
        absolute = _absolute_pages(records, firsts)
        stale = [index for index, piece in enumerate(pieces) if piece.numbered and (
            index in changed and index not in done
            or _hash(numbered(piece.body, absolute)) != records[index].numbers)]
        if not stale or problems:
            break
        for index in stale:
            again(index, numbered(pieces[index].body, absolute))
            done.add(index)
    else:
        raise _StartOver
    if problems:
        return RenderedPart(b"", 0, (), {}, tuple(r for p in problems for r in p.refused),
                            tuple(w for p in problems for w in p.warnings))
    if len({record.source for record in records}) > MAX_SOURCES:
        return None
    STATS["cached"] += len(pieces) - len(set(changed) | done)
    sources = [record.source for record in records]
    if sources == [sources[0]] * len(records) and records[0].first == 0:
        data = cache.read(sources[0])  # nothing was drawn again: the whole render's own bytes
    else:
        from build_tools.pdf.join import join  # pikepdf is imported only when a file is joined

        data = join(records, [piece.ids for piece in pieces], cache, identifier)
    cache.save(records)
    return RenderedPart(data, total, (), absolute)
