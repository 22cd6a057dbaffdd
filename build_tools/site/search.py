"""Search in the reader's language: one index per language, glossary rows as entries, whole Chinese terms.

mkdocs-static-i18n builds every language in turn and leaves one search index for all of them at the
site root (`search/search_index.json`, and `search_index.js` for file:// written by Material's offline
plugin), and Material's pages all load the index from the site root (`__config.base`). The maintainer
of mkdocs-static-i18n says a search limited to the current language is not possible with it
(ultrabug/mkdocs-static-i18n#271). After the build this module therefore:

- splits the index by language: the default language's entries stay at the root, `en/…` entries go to
  `en/search/`, with their locations made relative to `en/`; each non-default page's `__config.base`
  then points at its language's root (`language_base`), so Material's own code loads that language's
  index, over HTTP and from file:// (site.zip) alike;
- adds one entry per glossary row (the table itself is kept out of the index), so a hit on a term
  shows the term and its short explanation, not the whole table;
- corrects two slips in Material's handling of Chinese queries (`fix_query_segmentation`), so that
  `内部客户` is searched as 内部 and 客户 and both are highlighted, in the results and on the page (`?h=`).
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from backrefs import bre

from build_tools.course.model import Block, BlockKind, Course, Page
from build_tools.parts.chinese_words import cut
from build_tools.site.tables import GlossaryRows, rewrite_tables

INDEX_FOLDER = "search"
INDEX_JSON = "search_index.json"
INDEX_JS = "search_index.js"
WORKER_GLOB = "assets/javascripts/workers/search.*.min.js"

_HAN_RUN = bre.compile(r"\p{script: Han}+")  # as Material's search plugin finds Chinese
_CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">[^<]*?"base":\s*)"[^"]*"')


@dataclass(frozen=True)
class _WorkerFix:
    """One slip in Material's minified search worker: the code as shipped, the code once fixed, the edit."""

    why: str
    shipped: re.Pattern[str]
    fixed: re.Pattern[str]
    replacement: str


_WORKER_FIXES = (
    _WorkerFix(
        "segment() tries `query.slice(i, j)` for `j < query.length` only, so a word that ends the query is never "
        "found: 内部客户 was searched as 内部 alone, 管理者 as 管理",
        re.compile(r"(for\(let (\w+)=(\w+)\+1;\2)<((\w+)\.length;\2\+\+\)\5\.slice\(\3,\2\)in )"),
        re.compile(r"for\(let (\w+)=(\w+)\+1;\1<=(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in "),
        r"\1<=\4",
    ),
    _WorkerFix(
        "search() joins the words of a Chinese query with '* ' and every term gets its own '*' afterwards, so all "
        "words but the last became `内部**`: searched, but shown as missing and left out of the page's `?h=`",
        re.compile(r'(\[\.\.\.\w+\(\w+,this\.index\.invertedIndex\)\]\.join\()"\* "\)'),
        re.compile(r'\[\.\.\.\w+\(\w+,this\.index\.invertedIndex\)\]\.join\(" "\)'),
        r'\1" ")',
    ),
)


class SearchSetupError(Exception):
    """The built site does not have what the per-language search needs (Material changed)."""


def language_prefix(course: Course, language: str) -> str:
    """Where a language's pages are in the site: `` for the default language, `en/` for English."""
    return "" if course.language(language).default else f"{language}/"


def language_base(course: Course, language: str, page_path: str) -> str:
    """The relative URL from a built page (`en/modules/x.html`) to its language's root (`..`)."""
    root = language_prefix(course, language).rstrip("/") or "."
    here = posixpath.dirname(page_path) or "."
    return posixpath.relpath(root, here)


def point_page_at_language_index(output: str, base: str) -> str:
    """A page whose Material configuration loads the search index of its own language (`base`)."""
    changed, count = _CONFIG_BASE.subn(lambda m: f'{m[1]}"{base}"', output, count=1)
    if count != 1:
        raise SearchSetupError("the page has no Material configuration (`<script id=\"__config\">` with a base)")
    return changed


# --- glossary entries -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GlossaryRow:
    """One row of a glossary page's table, as a search entry: its id, its term and the rest of its cells."""

    row_id: str
    term: str
    details: str


def glossary_table(page: Page) -> Block | None:
    """The glossary table of a page (the first table on it), or None."""
    return next((b for b in page.blocks if b.kind is BlockKind.TABLE), None)


def glossary_rows(course: Course, page: Page) -> list[GlossaryRow]:
    """The rows of a glossary page's table, with the ids the site gives them (`term-开放式问题`).

    The glossary has one column per language, in the course's language order, then the meaning. The
    id comes from the default language's column, so a row has the same id in every language; the entry
    is titled with the term in the page's language and shows the other cells.
    """
    table = glossary_table(page)
    if table is None:
        return []
    codes = [lang.code for lang in course.languages]
    columns = len(table.header)
    by_language = columns >= len(codes)
    own = codes.index(page.language) if by_language else 0
    key = codes.index(course.default_language.code) if by_language else 0
    rows: list[GlossaryRow] = []
    seen: set[str] = set()
    for _line, cells in table.rows:  # every row, so that the ids match the rendered rows one to one
        row_id = _unique(f"term-{_slug(cells[key] if key < len(cells) else '')}", seen)
        term = cells[own] if own < len(cells) else ""
        details = " · ".join(c for n, c in enumerate(cells) if n != own and c.strip())
        rows.append(GlossaryRow(row_id, term, details))
    return rows


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.strip().lower()).strip("-") or "row"  # \w: Chinese too


def _unique(candidate: str, seen: set[str]) -> str:
    value, n = candidate, 2
    while value in seen:
        value, n = f"{candidate}-{n}", n + 1
    seen.add(value)
    return value


def glossary_entries(course: Course, page: Page, page_url: str) -> list[dict[str, str]]:
    """Search entries for the rows of a glossary page (`page_url`: the page, relative to its language's root)."""
    return [
        {
            "location": f"{page_url}#{row.row_id}",
            "title": segment_chinese(html.escape(row.term, quote=False)),
            "text": segment_chinese(html.escape(row.details, quote=False)),
        }
        for row in glossary_rows(course, page)
    ]


def index_glossary_rows(course: Course, page: Page, html: str, page_url: str) -> tuple[str, list[dict[str, str]]]:
    """A glossary page's HTML with ids on its table rows and the table kept out of MkDocs' index; its row entries.

    `page_url` is the page's URL relative to its language's root (`glossary.html`).
    """
    table = glossary_table(page)
    if table is None:
        return html, []
    rows = GlossaryRows(table.header, [row.row_id for row in glossary_rows(course, page)])
    html = rewrite_tables(html, rows)
    if not rows.found:
        raise SearchSetupError(f"{page.source_path}: the glossary table is not in the rendered page")
    return html, glossary_entries(course, page, page_url)


def segment_chinese(text: str) -> str:
    """Chinese cut into words as Material's search plugin cuts the pages' text (jieba, U+200B between words)."""
    def segmented(match) -> str:
        return "\u200b" + "\u200b".join(cut(match[0])) + "\u200b"

    return _HAN_RUN.sub(segmented, text).strip("\u200b")


APOSTROPHES = "'\u2019"
"""The straight apostrophe a reader types and the typographic one the pages show (`course.quotes`)."""
LATIN_HAN_BOUNDARY = r"(?<=[A-Za-z0-9])(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])(?=[A-Za-z0-9])"
"""Where Latin letters or digits meet Chinese characters: jieba has already cut the pages' text there (PDCA and
循环 are two words in the index), but a query typed `PDCA循环` reaches the index as one word and found nothing."""


def reader_separator(separator: str) -> str:
    """The course's search separator (mkdocs.yml's `search.separator`, or the theme's) that also splits words
    at either apostrophe, so a query typed `manager's` finds the page's `manager’s` (both are `manager` and
    `s`), and where Latin meets Chinese, so `PDCA循环` finds what `PDCA` and `循环` find. Set here rather than in
    each course's mkdocs.yml, which a course need not copy."""
    own = separator or "[\\s\\-]+"
    return f"(?:{own})|[{APOSTROPHES}]+|{LATIN_HAN_BOUNDARY}"


# --- the indexes ------------------------------------------------------------------------------------


def write_language_indexes(course: Course, site_dir: Path, extra: Mapping[str, Iterable[dict[str, str]]]
                           ) -> dict[str, int]:
    """Split the site's one search index into one per language (plus `extra` entries); entries per language.

    Each language's index holds its own pages only, with locations relative to its root, and is written
    as JSON (served sites) and as the `var __index = …` script Material loads from file://.
    """
    source = site_dir / INDEX_FOLDER / INDEX_JSON
    if not source.is_file():
        return {}
    index = json.loads(source.read_text(encoding="utf-8"))
    prefixes = {lang.code: language_prefix(course, lang.code) for lang in course.languages}
    default = course.default_language.code
    docs: dict[str, list[dict[str, object]]] = {code: [] for code in prefixes}
    extra = {code: list(entries) for code, entries in extra.items()}
    added = {code: {entry["location"] for entry in entries} for code, entries in extra.items()}
    for doc in index["docs"]:
        location = str(doc["location"])
        code = next((c for c, prefix in prefixes.items() if prefix and location.startswith(prefix)), default)
        relative = location[len(prefixes[code]):]
        if relative not in added.get(code, set()):
            docs[code].append({**doc, "location": relative})
    for code, entries in extra.items():
        docs[code].extend(dict(entry) for entry in entries)
    config = {**index["config"], "separator": reader_separator(str(index["config"].get("separator") or ""))}
    for code, prefix in prefixes.items():
        data = json.dumps({"config": config, "docs": docs[code]}, separators=(",", ":"), default=str)
        folder = site_dir / prefix / INDEX_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        (folder / INDEX_JSON).write_text(data, encoding="utf-8")
        (folder / INDEX_JS).write_text(f"var __index = {data}", encoding="utf-8")
    return {code: len(entries) for code, entries in docs.items()}


def fix_query_segmentation(site_dir: Path) -> None:
    """Let Material's search worker search every word of a Chinese query (see `_WORKER_FIXES`).

    Each fix applies exactly once, or is already applied (a later language's build finds the worker
    fixed); a worker with neither form stops the build, so that a Material upgrade is looked at.
    """
    workers = sorted(site_dir.glob(WORKER_GLOB))
    if not workers:
        raise SearchSetupError(f"Material's search worker ({WORKER_GLOB}) is not in the site")
    for worker in workers:
        code = worker.read_text(encoding="utf-8")
        fixed = code
        for fix in _WORKER_FIXES:
            fixed, count = fix.shipped.subn(fix.replacement, fixed)
            if count != 1 and not (count == 0 and len(fix.fixed.findall(fixed)) == 1):
                raise SearchSetupError(
                    f"{worker.name}: Material's search worker changed where this build corrects it ({fix.why}); "
                    "check that a query such as 内部客户 is still searched and highlighted whole, then update "
                    "build_tools/site/search.py"
                )
        if fixed != code:
            worker.write_text(fixed, encoding="utf-8")

