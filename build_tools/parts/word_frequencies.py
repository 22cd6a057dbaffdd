"""jieba's dictionary in a file that is read in small pieces: what `check` cuts an edited Chinese sentence with.

Loading jieba's whole dictionary takes about half a second (350,000 words); cutting one edited sentence looks up
a few hundred. jieba only ever looks up pieces of a sentence that start at one of its characters, so the file
holds the words grouped by their first character, and a lookup reads only that character's group. `check`
writes the dictionary jieba loaded into its cache once, with its SHA-256; later checks read it: the same words
and frequencies, so the same cuts. A file whose hash does not match is not used (jieba is loaded whole instead).
"""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path

_HEADER = 16
"""The file starts with the length of its index (decimal, padded), then the index (first character → where its
group starts among the groups, and its length), then the groups."""


class WordFrequencies:
    """jieba's `FREQ` (word → frequency, 0 for a prefix of a word) as jieba's tokenizer reads it: `in`, `[]`,
    `get`; a group of words is read from the file on first use."""

    def __init__(self, path: Path, sha256: str, total: int) -> None:
        self.path, self.sha256, self.total = path, sha256, total
        self._data = b""
        self._index: dict[str, tuple[int, int]] = {}
        self._groups: dict[str, dict[str, int]] = {}

    def usable(self) -> bool:
        """Whether the file is there and is the one written (its hash): else jieba is loaded whole."""
        try:
            data = self.path.read_bytes()
        except OSError:
            return False
        if hashlib.sha256(data).hexdigest() != self.sha256:
            return False
        length = int(data[:_HEADER])
        self._data, self._index = data[_HEADER + length:], marshal.loads(data[_HEADER:_HEADER + length])
        return True

    def _group(self, first: str) -> dict[str, int]:
        if first not in self._groups:
            start, length = self._index.get(first, (0, 0))
            self._groups[first] = marshal.loads(self._data[start:start + length]) if length else {}
        return self._groups[first]

    def get(self, word: str, default: int | None = None) -> int | None:
        """The word's frequency (0 for a prefix of a longer word), or `default` when jieba does not know it."""
        return self._group(word[:1]).get(word, default) if word else default

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.get(word) is not None

    def __getitem__(self, word: str) -> int:
        found = self.get(word)
        if found is None:
            raise KeyError(word)
        return found


def write_word_frequencies(frequencies: dict[str, int], path: Path) -> str:
    """Write jieba's loaded `FREQ` to `path` (whole or not at all); its SHA-256."""
    groups: dict[str, dict[str, int]] = {}
    for word, frequency in frequencies.items():
        groups.setdefault(word[:1], {})[word] = frequency
    blobs = {first: marshal.dumps(group) for first, group in sorted(groups.items())}
    offsets: dict[str, tuple[int, int]] = {}
    position = 0
    for first, blob in blobs.items():
        offsets[first] = (position, len(blob))
        position += len(blob)
    index = marshal.dumps(offsets)
    data = b"%0*d" % (_HEADER, len(index)) + index + b"".join(blobs.values())
    temporary = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return hashlib.sha256(data).hexdigest()
