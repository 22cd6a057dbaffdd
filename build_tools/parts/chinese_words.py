"""Chinese text cut into words, one way for every output: the site's search, the PDF's cells, the slides' lines.

jieba is loaded once per process (about a second); the build loads it before it starts its workers, so
they share it.
"""

from __future__ import annotations

import functools
import logging
from typing import Any


@functools.cache
def _jieba() -> Any:
    """jieba with its dictionary loaded, told to keep its start-up messages to itself."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def cut(text: str) -> list[str]:
    """`text` as jieba cuts it: words, and everything between them, in order (joined they give `text` back)."""
    return list(_jieba().lcut(text))


def preload() -> None:
    """Load the dictionary now (before worker processes are forked, so they share it)."""
    _jieba()
