"""Chinese text cut into words, one way for every output: the site's search, the PDF's cells, the slides' lines.

jieba is loaded once per process (about a second); the build loads it before it starts its workers, so
they share it. Every cut is remembered for the process; `check` keeps them between runs (`remember`,
`known_cuts`), so it needs jieba only for a text it has never cut (a cut depends on the text alone), and then
looks words up in its copy of the dictionary (`look_up_in`) instead of loading the whole of it.
"""

from __future__ import annotations

import functools
import itertools
import logging
import sys
from typing import Any

from build_tools.parts.word_frequencies import WordFrequencies


def _import_jieba() -> Any:
    """jieba, imported without pkg_resources when nothing has loaded that yet: jieba only uses it to open its
    own data files, which it opens from its folder without it (the same bytes), and importing it takes 60 ms."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # an import of it now raises ImportError
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


@functools.cache
def _jieba() -> Any:
    """jieba with its dictionary loaded, told to keep its start-up messages to itself."""
    jieba = _import_jieba()
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


@functools.cache
def _dictionary() -> dict[str, Any]:
    """The dictionary file this process may look words up in (`look_up_in`), and the tokenizer reading it."""
    return {}


def look_up_in(frequencies: WordFrequencies) -> None:
    """Cut with this copy of jieba's dictionary, read word by word, unless jieba's own is loaded already."""
    _dictionary().clear()
    _dictionary()["file"] = frequencies


def _tokenizer() -> Any:
    """What cuts: jieba reading `look_up_in`'s file (when usable), else jieba with its whole dictionary."""
    chosen = _dictionary()
    frequencies = chosen.get("file")
    if frequencies is None or _jieba.cache_info().currsize:
        return _jieba()
    if "tokenizer" not in chosen:
        if not frequencies.usable():
            chosen.clear()
            return _jieba()
        tokenizer = _import_jieba().Tokenizer()
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = frequencies, frequencies.total, True
        chosen["tokenizer"] = tokenizer
    return chosen["tokenizer"]


def dictionary_loaded() -> tuple[dict[str, int], int] | None:
    """jieba's whole dictionary (word → frequency) and its total, when this process loaded it; else None."""
    return (_jieba().dt.FREQ, _jieba().dt.total) if _jieba.cache_info().currsize else None


@functools.cache
def _known() -> dict[str, tuple[str, ...]]:
    """The cuts made in this process and those given to `remember`, by text, oldest first."""
    return {}


def cut(text: str) -> list[str]:
    """`text` as jieba cuts it: words, and everything between them, in order (joined they give `text` back)."""
    known = _known()
    words = known.get(text)
    if words is None:
        words = known[text] = tuple(_tokenizer().lcut(text))
    return list(words)


def remember(cuts: dict[str, tuple[str, ...]]) -> None:
    """Take cuts made by another process (`check`'s cache, a worker) as this process's own."""
    _known().update(cuts)


def known_cuts(since: int = 0) -> dict[str, tuple[str, ...]]:
    """The cuts this process knows, from the `since`-th on (a count taken earlier: what was added since)."""
    known = _known()
    return dict(itertools.islice(known.items(), since, None)) if since else dict(known)


def preload() -> None:
    """Load the dictionary now (before worker processes are forked, so they share it)."""
    _tokenizer()
