"""Costs of WeasyPrint and its PDF writer (pydyf) cut without changing what a PDF shows: measured, not guessed.

This is the one module that patches the engine; `tests/pdf/test_engine_speedups.py` renders documents with and
without each patch and finds the same bytes, and fails when a patch stops doing its work.

- `pydyf.PDF.page_references` builds the tuple of every page's reference on each call, and WeasyPrint's
  tagging calls it once per structure element (16 000 times for the 145-page guide, each over 145 pages).
  Here it is made once per page count: the pages' /Kids only grow (`add_page`), so it is the same tuple and
  the PDF's bytes are the same (tested). About 0.2 s of the guide's CPU.
- pydyf deflates every stream at zlib's level 9, which spends 0.8 s of the guide's 4 s of writing on fonts
  and page contents; level 6 (zlib's default) takes 0.3 s for a file 1.8 % larger (1.90 → 1.94 MB).
- Page numbers of links (`target-counter(attr(href url), page)`: the contents, handout references) made
  WeasyPrint lay out every page that prints one three times, where twice is enough (the first course's
  guides: 22 of 190 and 18 of 164 page layouts were such repeats; 11 and 9 remain). Two slips in WeasyPrint
  70's `compute_content_list` cause it: the lookup of such a `content` is filed under the anchor `None` (the
  `attr()` token is named before it is resolved), so a target's page number never reaches the pages that
  print it when the target is laid out; and the target's counter list is handed on as the box's own missing
  counters, so each such page asks to be laid out again because its *own* page counters changed, which they
  do twice: once when laid out, once when the page total (`pages`, 0 in the first pass) is known. The patch
  files each lookup under the anchors its `content` names, leaves the box's own missing counters empty when
  its `content` has no `counter()`, and lets a target whose page counters changed only in the page total
  leave the pages that print its page number alone. The numbers then arrive when the target is laid out,
  and each page that prints them is laid out once more. (`target-counter(attr(href url), pages)` stops
  WeasyPrint 70 with an AttributeError with or without the patch; the stylesheet prints only `page`.)

All are installed when the PDF renderer is imported (`install`), in the worker processes that write PDFs and
in the tests alike, so every PDF is made the same way.
"""

from __future__ import annotations

import copy
import zlib
from typing import Any

import pydyf
from weasyprint.css.targets import TargetCollector, anchor_name_from_token
from weasyprint.urls import get_url_tuple

#: The zlib level of every stream in the PDFs (pydyf's own: 9).
STREAM_LEVEL = 6


def _page_references(pdf: Any) -> tuple[bytes, ...]:
    """`pydyf.PDF.page_references`, made once per page count instead of on every call."""
    kids = pdf.pages["Kids"]
    kept = pdf.__dict__.get("_kept_page_references")
    if kept is None or kept[0] != len(kids):
        kept = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        pdf.__dict__["_kept_page_references"] = kept
    return kept[1]


class _Zlib:
    """zlib as pydyf sees it: its streams deflated at `STREAM_LEVEL` at most."""

    compress = staticmethod(zlib.compress)

    @staticmethod
    def compressobj(level: int = -1, *args: Any, **kwargs: Any) -> Any:
        return zlib.compressobj(min(level, STREAM_LEVEL), *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


_COLLECT_MISSING_COUNTERS = TargetCollector.collect_missing_counters
_CACHE_TARGET_PAGE_COUNTERS = TargetCollector.cache_target_page_counters
_TOTAL = "pages"


def _targets_named(box: Any) -> list[str]:
    """The anchors whose counters a box's `content` prints, each resolved as WeasyPrint's `lookup_target` does."""
    names = []
    for kind, value in box.style["content"]:
        if kind not in ("target-counter()", "target-counters()"):
            continue
        token = value[0]
        if token[0] == "attr()":
            attribute, kind_of_value, fallback = token[1]
            found = box.element.get(attribute, fallback)
            if kind_of_value == "string":
                token = ("string", found)
            elif kind_of_value == "url":
                token = ("url", get_url_tuple(found, box.style.base_url))
        name = anchor_name_from_token(token)
        if name is not None:
            names.append(name)
    return names


def _collect_missing_counters(self: TargetCollector, parent_box: Any, css_token: str, parse_again: Any,
                              missing_counters: list, missing_target_counters: dict) -> None:
    """WeasyPrint's own, with the lookup filed under the anchors it names and without the borrowed counter list."""
    if css_token == "content" and missing_target_counters:
        counters = {kind for kind, _ in parent_box.style["content"]}
        if (any(missing_counters is names for names in missing_target_counters.values())
                and not counters & {"counter()", "counters()"}):
            missing_counters = []
        unnamed = missing_target_counters.get(None)
        if unnamed is not None:
            named = {name: names for name, names in missing_target_counters.items() if name is not None}
            for name in _targets_named(parent_box):
                named.setdefault(name, list(unnamed))
            missing_target_counters = named
    _COLLECT_MISSING_COUNTERS(self, parent_box, css_token, parse_again, missing_counters,
                              missing_target_counters)


def _without_total(values: dict) -> dict:
    return {name: value for name, value in values.items() if name != _TOTAL}


def _cache_target_page_counters(self: TargetCollector, anchor_name: str, page_counter_values: dict,
                                page_maker_index: int, page_maker: list) -> None:
    """WeasyPrint's own, except that a change of the page total alone is kept without asking for new layouts."""
    item = None if self.collecting else self.target_lookup_items.get(anchor_name)
    if (item is not None and item.state == "up-to-date" and item.cached_page_counter_values
            and item.cached_page_counter_values != page_counter_values
            and _without_total(item.cached_page_counter_values) == _without_total(page_counter_values)):
        item.page_maker_index = page_maker_index
        item.cached_page_counter_values = copy.deepcopy(page_counter_values)
        return
    _CACHE_TARGET_PAGE_COUNTERS(self, anchor_name, page_counter_values, page_maker_index, page_maker)


def install() -> None:
    """Put them on pydyf and WeasyPrint (idempotent)."""
    pydyf.PDF.page_references = property(_page_references)
    pydyf.zlib = _Zlib()
    TargetCollector.collect_missing_counters = _collect_missing_counters
    TargetCollector.cache_target_page_counters = _cache_target_page_counters


def uninstall_page_numbers() -> None:
    """WeasyPrint's own page-number bookkeeping again (tests compare the two)."""
    TargetCollector.collect_missing_counters = _COLLECT_MISSING_COUNTERS
    TargetCollector.cache_target_page_counters = _CACHE_TARGET_PAGE_COUNTERS
