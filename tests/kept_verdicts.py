"""Verdicts of slow checks on built outputs, kept between test runs under the exact bytes they judged.

A browser's accessibility check (axe) of a built page gives the same verdict for the same page, the same files it
loads and the same checker. The tests keep each verdict under a SHA-256 of all of those, in
test-artifacts/.cache/verdicts/ (ignored by git): a run checks again only what changed since the runs before it,
and a fresh clone (CI) checks everything. `KEEP_VERDICTS=0` checks everything and keeps nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

FOLDER = Path(__file__).resolve().parents[1] / "test-artifacts" / ".cache" / "verdicts"
MOST_KEPT = 4000
"""Verdicts kept per kind: the oldest go first (a course of 100 pages in two languages, twenty times over)."""


def verdict_key(*parts: bytes | str) -> str:
    """A SHA-256 of `parts`, each length-prefixed: ("ab", "c") and ("a", "bc") differ."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def _keeping() -> bool:
    return os.environ.get("KEEP_VERDICTS", "1") != "0"


def kept_verdict(kind: str, key: str) -> object | None:
    """The verdict kept under `key`, or None (none kept, unreadable, or keeping is off)."""
    if not _keeping():
        return None
    try:
        return json.loads((FOLDER / kind / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def keep_verdict(kind: str, key: str, verdict: object) -> None:
    """Keep `verdict` (JSON) under `key`, written whole or not at all; the oldest verdicts beyond MOST_KEPT go."""
    if not _keeping():
        return
    folder = FOLDER / kind
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{key}.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(verdict, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, folder / f"{key}.json")
    entries = list(folder.glob("*.json"))
    if len(entries) > MOST_KEPT:
        entries.sort(key=lambda entry: entry.stat().st_mtime)
        for entry in entries[: len(entries) - MOST_KEPT]:
            entry.unlink(missing_ok=True)
