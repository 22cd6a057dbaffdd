"""A long PDF rendered in parts, each cached by its HTML, and joined into one file with pypdf.

WeasyPrint lays out a whole document every time; an edit to one module then costs the whole guide. Here
the document is cut where a top-level chapter starts (the front matter, each module with its sessions,
cases and worksheets, each back-matter page) and each part is rendered on its own into a PDF kept in a
cache under the build folder, keyed by a hash of its HTML: an edit re-renders only its own part.

What a part cannot know is drawn after every part is laid out:
- the footer "n / N": parts are rendered without it; one small document of N pages that draws only the
  footer (same stylesheet, same margin box) is laid over the joined pages;
- page numbers of the contents and of the handout references: the parts that show them (front matter,
  run sheet, checklist) are rendered last, with the numbers written in (`data-page`), until their own
  page counts agree with the numbers they print;
- links into other parts: each part holds invisible stand-ins for the ids it links to elsewhere; the
  joined file names only the real destinations, so every link lands where the id really is;
- bookmarks: each part's outline, one after the other (every part starts at a top-level chapter).
The joined file is a pure function of the parts' HTML, so a cached part and a fresh one give the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from html import escape, unescape
from pathlib import Path

import pypdf
import weasyprint
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    Fit,
    NameObject,
    TextStringObject,
)

#: Parts rendered in a build, and how many of them came from the cache (what tests count).
STATS = {"rendered": 0, "cached": 0}
#: Most rounds of re-rendering the parts that print page numbers until their own page counts settle.
MAX_ROUNDS = 4
_FIRST_H1 = re.compile(r"<h1\b[^>]*>")
_ID = re.compile(r'\sid="([^"]+)"')
_HREF = re.compile(r'\shref="#([^"]+)"')
_TOC_LINK = re.compile(r'(<li class="toc-[^"]*"><a href="#([^"]+)")')
_PAGE_REF = re.compile(r'(<a class="page-ref" href="#([^"]+)")')
_HIDE_FOOTER = "@page { @bottom-center { content: none; } }"
_FOOTER_ONLY = "@page { @top-left { content: none; } @top-right { content: none; } }"


@dataclass(frozen=True)
class Piece:
    """One part of a document: its HTML body (sections), the ids it holds and the ids it links to."""

    body: str
    ids: frozenset[str]
    targets: frozenset[str]
    numbered: bool  # prints page numbers of other parts (contents, handout references)


@dataclass(frozen=True)
class RenderedPart:
    """A part's PDF and what the join needs: page count, page names (`cover`…), pages of its real ids."""

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
    pieces = [
        Piece(body, frozenset(_ID.findall(body)), frozenset(_HREF.findall(body)),
              index == 0 or 'class="page-ref"' in body)
        for index, body in enumerate(bodies)
    ]
    return head, pieces


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _part_css(head: str, pieces: list[Piece], index: int) -> str:
    """What a part needs to look as it does inside the whole document: no footer (laid over later), the
    edition in the running header (the cover sets it), and the body's margins only where the whole has them."""
    rules = [_HIDE_FOOTER]
    if index > 0:
        edition = re.search(r'<p class="cover-edition">(.*?)</p>', pieces[0].body, re.S)
        if edition is not None:
            rules.append(f"@page {{ @top-right {{ content: {_css_string(unescape(edition[1]).strip())}; }} }}")
        rules.append("body { margin-top: 0; }")
    if index < len(pieces) - 1:
        rules.append("body { margin-bottom: 0; }")
    del head
    return "\n".join(rules)


def _stand_ins(piece: Piece) -> str:
    """Invisible elements with the ids this piece links to in other pieces, so WeasyPrint keeps the links."""
    missing = sorted(piece.targets - piece.ids)
    if not missing:
        return ""
    spans = "".join(f'<span id="{escape(name)}"></span>' for name in missing)
    return f'<div style="position: absolute; left: 0; top: 0; width: 0; height: 0; overflow: hidden">{spans}</div>'


def _numbered(body: str, pages: dict[str, int]) -> str:
    """The contents lines and handout references with their target's page number written in."""
    def number(match: re.Match) -> str:
        page = pages.get(match[2])
        return match[1] if page is None else f'{match[1]} data-page="{page}"'

    return _PAGE_REF.sub(number, _TOC_LINK.sub(number, body))


def part_html(head: str, piece: Piece, body: str | None = None) -> str:
    """A piece as a whole HTML document."""
    return f"{head}\n{_stand_ins(piece)}{piece.body if body is None else body}\n</body>\n</html>\n"


def footer_html(head: str, page_names: list[str]) -> str:
    """N empty pages of the same page types: what the footers are drawn from."""
    pages = "".join(
        f'<div style="{"" if index == 0 else "break-before: page; "}page: {name or "auto"}"></div>'
        for index, name in enumerate(page_names)
    )
    return f"{head}\n{pages}\n</body>\n</html>\n"


class _Cache:
    """Rendered parts on disk (`<folder>/<hash>.pdf` and `.json`); without a folder, nothing is kept."""

    def __init__(self, folder: Path | None, code: str) -> None:
        self.folder = folder
        self.code = code
        self.used: set[str] = set()

    def key(self, html: str, css: str) -> str:
        return hashlib.sha256(f"{self.code}\0{css}\0{html}".encode()).hexdigest()

    def get(self, key: str) -> RenderedPart | None:
        if self.folder is None:
            return None
        try:
            meta = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            data = (self.folder / f"{key}.pdf").read_bytes()
        except (OSError, ValueError):
            return None
        if hashlib.sha256(data).hexdigest() != meta.get("sha256"):
            return None
        self.used.add(key)
        return RenderedPart(data, meta["pages"], tuple(meta["page_names"]), meta["anchors"])

    def put(self, key: str, part: RenderedPart) -> None:
        if self.folder is None or part.refused or part.warnings or not part.data:
            return
        from build_tools.outputs import write_atomically

        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomically(self.folder / f"{key}.pdf", part.data)
        meta = {"pages": part.pages, "page_names": list(part.page_names), "anchors": part.anchors,
                "sha256": hashlib.sha256(part.data).hexdigest()}
        write_atomically(self.folder / f"{key}.json", json.dumps(meta, sort_keys=True).encode())
        self.used.add(key)


def code_fingerprint(package_dir: Path) -> str:
    """What a cached part was made with: this sub-package's files and the libraries' versions."""
    digest = hashlib.sha256(f"weasyprint={weasyprint.__version__} pypdf={pypdf.__version__}".encode())
    for path in sorted(package_dir.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package_dir).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def render_parts(head: str, pieces: list[Piece], render: Callable[[str, str], RenderedPart],
                 cache: _Cache) -> tuple[list[RenderedPart], RenderedPart]:
    """Every piece rendered (or taken from the cache), the numbered ones last; then the footer pages."""
    results: dict[int, RenderedPart] = {}

    def rendered(index: int, body: str | None = None) -> RenderedPart:
        html = part_html(head, pieces[index], body)
        css = _part_css(head, pieces, index)
        key = cache.key(html, css)
        part = cache.get(key)
        if part is not None:
            STATS["cached"] += 1
            return part
        STATS["rendered"] += 1
        part = render(html, css)
        cache.put(key, part)
        return part

    for index, piece in enumerate(pieces):
        if not piece.numbered:
            results[index] = rendered(index)
    numbered = [index for index, piece in enumerate(pieces) if piece.numbered]
    counts = dict.fromkeys(numbered, 1)
    for _ in range(MAX_ROUNDS):
        pages = _target_pages(pieces, results, counts)
        for index in numbered:
            results[index] = rendered(index, _numbered(pieces[index].body, pages))
        settled = all(results[index].pages == counts[index] for index in numbered)
        counts = {index: results[index].pages for index in numbered}
        if settled:
            break
    parts = [results[index] for index in range(len(pieces))]
    names = [name for part in parts for name in part.page_names]
    html = footer_html(head, names)
    key = cache.key(html, _FOOTER_ONLY)
    footer = cache.get(key)
    if footer is None:
        footer = render(html, _FOOTER_ONLY)
        cache.put(key, footer)
    return parts, footer


def _target_pages(pieces: list[Piece], results: dict[int, RenderedPart], counts: dict[int, int]) -> dict[str, int]:
    """The page number (from 1) of every id, with the numbered pieces' page counts as `counts` says."""
    pages: dict[str, int] = {}
    start = 1
    for index in range(len(pieces)):
        part = results.get(index)
        for name, page in (part.anchors if part is not None else {}).items():
            if name in pieces[index].ids:
                pages.setdefault(name, start + page)
        start += counts.get(index, part.pages if part is not None else 0)
    return pages


class _Writer(PdfWriter):
    """pypdf's writer with the document's own identifier: two builds write the same bytes."""

    identifier: tuple[bytes, bytes] = (b"", b"")

    def generate_file_identifiers(self) -> None:
        self._ID = ArrayObject((ByteStringObject(self.identifier[0]), ByteStringObject(self.identifier[1])))


def join(parts: list[RenderedPart], pieces: list[Piece], footer: RenderedPart, identifier: bytes) -> bytes:
    """One PDF: the parts' pages with the footers laid over them, every real destination, the outline."""
    writer = _Writer()
    footer_pages = PdfReader(io.BytesIO(footer.data)).pages
    names: dict[str, ArrayObject] = {}
    outline: list[tuple[object, int]] = []  # (pypdf outline of a part, first page)
    first = None
    for part, piece in zip(parts, pieces, strict=True):
        reader = PdfReader(io.BytesIO(part.data))
        first = first or reader
        start = len(writer.pages)
        refs = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
        for index, page in enumerate(reader.pages):
            added = writer.add_page(page)
            if part.page_names[index] != "cover":
                added.merge_page(footer_pages[start + index])
        root = reader.trailer["/Root"]
        dests = root.get("/Names", {}).get("/Dests", {}).get("/Names", [])
        for position in range(0, len(dests), 2):
            name, dest = str(dests[position]), dests[position + 1]
            if name not in piece.ids or name in names:
                continue
            page = writer.pages[start + refs[dest[0].idnum]].indirect_reference
            names[name] = ArrayObject([page, *dest[1:]])
        outline.append((reader, start))
    catalog = writer._root_object
    flat = ArrayObject()
    for name in sorted(names):
        flat += [TextStringObject(name), names[name]]
    dests = DictionaryObject({NameObject("/Names"): flat})
    catalog[NameObject("/Names")] = DictionaryObject({NameObject("/Dests"): dests})
    for reader, start in outline:
        _copy_outline(writer, reader, reader.outline, start, None)
    assert first is not None
    root = first.trailer["/Root"]
    for key in ("/Lang", "/ViewerPreferences"):
        if key in root:
            catalog[NameObject(key)] = root[key].clone(writer) if hasattr(root[key], "clone") else root[key]
    writer.add_metadata(dict((first.metadata or {}).items()))
    writer.identifier = (identifier, hashlib.sha256(b"".join(p.data for p in parts)).hexdigest()[:32].encode())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _copy_outline(writer: PdfWriter, reader: PdfReader, items: list, start: int, parent: object) -> None:
    """A part's bookmarks under `parent`, pointing at the same places on the joined pages."""
    last = None
    for item in items:
        if isinstance(item, list):
            _copy_outline(writer, reader, item, start, last)
            continue
        page = start + reader.get_destination_page_number(item)
        fit = Fit.xyz(left=item.left, top=item.top, zoom=0)
        last = writer.add_outline_item(title=item.title, page_number=page, parent=parent, fit=fit)


def render_in_parts(head: str, pieces: list[Piece], render: Callable[[str, str], RenderedPart],
                    cache_dir: Path | None, code: str, identifier: bytes) -> tuple[bytes, int, RenderedPart]:
    """(PDF bytes, pages, the refused URLs and warnings of every part) of a document cut into `pieces`."""
    cache = _Cache(cache_dir, code)
    parts, footer = render_parts(head, pieces, render, cache)
    if cache_dir is not None and cache_dir.is_dir():
        for path in cache_dir.iterdir():
            if path.stem not in cache.used:
                path.unlink(missing_ok=True)
    problems = RenderedPart(b"", 0, (), {}, tuple(r for p in (*parts, footer) for r in p.refused),
                            tuple(w for p in (*parts, footer) for w in p.warnings))
    if problems.refused or problems.warnings:
        return b"", 0, problems
    total = sum(part.pages for part in parts)
    if footer.pages != total:
        raise RuntimeError(f"the footer pages ({footer.pages}) do not match the document ({total})")
    return join(parts, pieces, footer, identifier), total, replace(problems, pages=total)
