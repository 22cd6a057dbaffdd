"""jieba's dictionary in a file that is read word by word: what `check` cuts an edited Chinese sentence with.

Loading jieba's whole dictionary takes about half a second (350,000 words); cutting one edited sentence looks up
a few hundred. `check` writes the dictionary jieba loaded into an SQLite file in its cache once, with its
SHA-256, and later checks look words up there: the same words and frequencies, so the same cuts. A file whose
hash does not match is not used (jieba is loaded whole instead).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path


class WordFrequencies:
    """jieba's `FREQ` (word → frequency, 0 for a prefix of a word) as jieba's tokenizer reads it: `in`, `[]`,
    `get`, looked up in the file on first use and remembered."""

    def __init__(self, path: Path, sha256: str, total: int) -> None:
        self.path, self.sha256, self.total = path, sha256, total
        self._seen: dict[str, int | None] = {}
        self._connection: tuple[int, sqlite3.Connection] | None = None

    def usable(self) -> bool:
        """Whether the file is there and is the one written (its hash): else jieba is loaded whole."""
        try:
            return hashlib.sha256(self.path.read_bytes()).hexdigest() == self.sha256
        except OSError:
            return False

    def _database(self) -> sqlite3.Connection:
        """This process's connection (a forked worker opens its own: a connection must not cross a fork)."""
        if self._connection is None or self._connection[0] != os.getpid():
            self._connection = (os.getpid(), sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True))
        return self._connection[1]

    def get(self, word: str, default: int | None = None) -> int | None:
        """The word's frequency (0 for a prefix of a longer word), or `default` when jieba does not know it."""
        if word not in self._seen:
            row = self._database().execute("SELECT frequency FROM words WHERE word = ?", (word,)).fetchone()
            self._seen[word] = None if row is None else int(row[0])
        found = self._seen[word]
        return default if found is None else found

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.get(word) is not None

    def __getitem__(self, word: str) -> int:
        found = self.get(word)
        if found is None:
            raise KeyError(word)
        return found


def write_word_frequencies(frequencies: dict[str, int], path: Path) -> str:
    """Write jieba's loaded `FREQ` to `path` (whole or not at all); its SHA-256."""
    temporary = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    temporary.unlink(missing_ok=True)
    try:
        with sqlite3.connect(temporary) as database:
            database.execute("CREATE TABLE words (word TEXT PRIMARY KEY, frequency INTEGER) WITHOUT ROWID")
            database.executemany("INSERT INTO words VALUES (?, ?)", frequencies.items())
        database.close()
        digest = hashlib.sha256(temporary.read_bytes()).hexdigest()
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return digest
