"""How many words a slide carries, counted the same way in both languages, against decks.yml `max_words`.

A slide read from the back of a room holds a few short lines, not a page: the trainer review found
slides of over 120 words. Latin text counts its words (whatever is between spaces and holds a letter
or digit: "09:00–09:15" and "R&D" are one word each); Chinese, written without spaces, counts two
characters as one word, as a reader takes in a two-character word at a glance.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from build_tools.course.cjk import HAN_RUN

if TYPE_CHECKING:
    from build_tools.slides.settings import DeckSettings

_HAN_PER_WORD = 2


def word_count(texts: Iterable[str]) -> int:
    """The words of some text as a slide's budget counts them (see the module docstring)."""
    han = 0
    latin = 0
    for text in texts:
        han += sum(len(run) for run in HAN_RUN.findall(text))
        latin += sum(1 for token in HAN_RUN.sub(" ", text).split() if any(c.isalnum() for c in token))
    return latin + math.ceil(han / _HAN_PER_WORD)


def budget(settings: DeckSettings, kind: str) -> tuple[int, str]:
    """A slide's word budget and the decks.yml key that sets it: `max_question_words` for a slide of questions
    (a review found a case's five questions cut 3 + 2 over two slides by the key points' budget; groups work
    through them together), `max_words` for any other list."""
    if kind == "discussion":
        return settings.max_question_words, "max_question_words"
    return settings.max_words, "max_words"
