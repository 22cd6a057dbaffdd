"""A folder of results kept between runs of `check`, each under the hash of exactly the inputs it was made from.

An entry is written whole or not at all (a temporary file, then `os.replace`), so two checks running at once
in one checkout never read half an entry. Each entry carries a SHA-256 of its key and its contents: an entry
that was cut short, damaged on disk, edited, or copied to another key's name is ignored and made again, so a
damaged cache can cost time but never hide a problem. Entries are pickles: the folder is as trusted as the
checkout's own code (like Python's `__pycache__`), and it is git-ignored (under `build/`). Nothing here is
required: a folder that cannot be written (a read-only checkout) only means nothing is kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from pathlib import Path

MAGIC = b"course-check-cache 1\n"
"""The first bytes of every entry: a file of another format (or of an older one) is never read as an entry."""
KEEP = 4000
"""Entries kept per folder: the oldest beyond this are removed (pages, decks and PDFs of many edits)."""
ADDED = "+added"
"""The name's end of the entry that holds what was added to a dict of facts since it was last written whole."""
FEW_ADDED = 1000
"""Facts added (`put_facts`) that are written on their own; beyond this the whole dict is written again."""


class CacheStore:
    """Results by kind and key in one folder; `get` returns None for anything missing, damaged or foreign."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.written = 0

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / f"{kind}-{key}"

    @staticmethod
    def _seal(kind: str, key: str, payload: bytes) -> bytes:
        return hashlib.sha256(f"{kind}\0{key}\0".encode() + payload).hexdigest().encode()

    def get(self, kind: str, key: str) -> object | None:
        """The value kept under `kind` and `key`, or None when there is none that can be trusted."""
        try:
            data = self._path(kind, key).read_bytes()
        except OSError:
            return None
        header, seal_length = len(MAGIC), 64
        if not data.startswith(MAGIC) or len(data) < header + seal_length + 1:
            return None
        seal, payload = data[header:header + seal_length], data[header + seal_length + 1:]
        if seal != self._seal(kind, key, payload):
            return None
        try:
            return pickle.loads(payload)
        except Exception:  # noqa: BLE001 -- a class renamed since it was written: not an entry we can use
            return None

    def put(self, kind: str, key: str, value: object) -> None:
        """Keep `value` under `kind` and `key`; silently keeps nothing when it cannot (full disk, read-only)."""
        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return
        data = MAGIC + self._seal(kind, key, payload) + b"\n" + payload
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                os.replace(temporary, self._path(kind, key))
                self.written += 1
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temporary)

    def get_facts(self, kind: str, key: str) -> dict | None:
        """A dict kept by `put_facts`: as last written whole, with what was added to it since (newest last)."""
        whole = self.get(kind, key)
        added = self.get(kind, key + ADDED)
        if not isinstance(added, dict) or not added:
            return whole if isinstance(whole, dict) else None
        return {**(whole if isinstance(whole, dict) else {}), **added}

    def put_facts(self, kind: str, key: str, added: dict, keep: int) -> None:
        """Keep facts `added` to the dict that `get_facts` gives, for the next `get_facts`.

        While they are few, only the additions are written: rewriting thousands of facts (word cuts, line breaks)
        after every edit took longer than the rest of keeping. Beyond `FEW_ADDED` the whole dict is written
        again with them, its oldest beyond `keep` left out. Facts depend on nothing but their keys (a text and its
        cut), so additions that another check wrote meanwhile, kept or lost, only change how much is found again."""
        before = self.get(kind, key + ADDED)
        additions = {**(before if isinstance(before, dict) else {}), **added}
        if len(additions) <= FEW_ADDED and self._path(kind, key).is_file():
            self.put(kind, key + ADDED, additions)
            return
        whole = self.get(kind, key)
        everything = {**(whole if isinstance(whole, dict) else {}), **additions}
        self.put(kind, key, dict(list(everything.items())[-keep:]))
        self.put(kind, key + ADDED, {})

    def prune(self, keep: int = KEEP) -> None:
        """Remove the oldest entries beyond `keep` (and temporary files a killed run left behind)."""
        with contextlib.suppress(OSError):
            entries = []
            for entry in os.scandir(self.folder):
                with contextlib.suppress(OSError):
                    entries.append((entry.stat().st_mtime, entry.path))
            entries.sort(reverse=True)
            for _, path in entries[keep:]:
                with contextlib.suppress(OSError):
                    os.unlink(path)
