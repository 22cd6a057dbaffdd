"""Advice: participant text that speaks to the trainer ("发给各组", "the trainer should …", notes about how the course
was written) belongs in a trainer box, because everything else reaches participants on the site and in the
workbook. The phrases are the toolchain's per language; a hit is advice, the trainer decides."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from build_tools.course.editions import shows_line, visible_in
from build_tools.course.model import Block, BlockKind, Course, Edition, Page
from build_tools.course.problems import Problem
from build_tools.course.source import SourceLocation

TRAINER_PHRASES: dict[str, tuple[str, ...]] = {
    "zh": ("发给各组", "发给每组", "发给学员", "分发给", "请培训师", "培训师应", "培训师需", "培训师要", "讲师应",
           "务必讲清楚", "种子大纲", "唯一来源", "英文版页面一律"),
    "en": ("hand out to", "hand them out", "hand it out", "distribute to", "the trainer should", "trainers should",
           "the facilitator should", "make sure to explain", "seed outline", "single source of",
           "english pages always"),
}
"""Words that address the trainer or the course's authors, not the participant, per language."""


def check_participant_audience(course: Course) -> Iterator[Problem]:
    """Each participant-visible paragraph, list entry or table cell holding a phrase meant for the trainer."""
    for page in course.pages:
        yield from trainer_phrases(page)


def trainer_phrases(page: Page) -> Iterator[Problem]:
    """`check_participant_audience` on one page: it depends on nothing else (`checks.page_rules` keeps it)."""
    phrases = TRAINER_PHRASES.get(page.language, ())
    if not phrases or not visible_in(page, Edition.PARTICIPANT):
        return
    for text, source in _participant_texts(page):
        folded = text.casefold()
        found = next((phrase for phrase in phrases if phrase in folded), None)
        if found:
            yield Problem(source, "text.for_trainer",
                          f"participants read '{found}' here: it speaks to the trainer", warning=True)


def _participant_texts(page: Page) -> Iterator[tuple[str, SourceLocation]]:
    for section in page.sections:
        yield from _texts(page, section.blocks)


def _texts(page: Page, blocks: Iterable[Block]) -> Iterator[tuple[str, SourceLocation]]:
    for block in blocks:
        if block.kind in (BlockKind.TRAINER, BlockKind.MATERIALS, BlockKind.CODE, BlockKind.MARKER):
            continue
        if not shows_line(page, Edition.PARTICIPANT, block.source.line):
            continue
        if block.text:
            yield block.text, block.source
        for item in block.items:
            yield item.text, item.source
        for line, cells in block.rows:
            yield " ".join(cells), SourceLocation(block.source.path, line)
        yield from _texts(page, block.children)
