"""The rules whose problems on a page come from that page alone, kept per page by `check` (`validate`'s `store`):
after an edit of one page, only that page is judged by them again.

A page is known by a hash of everything its parse holds that these rules read (its path, key, language, front
matter and body lines), so a kept result is used only for a page read exactly so. The problems are the same,
kept or not: each `check_*` of these rules is its page function over `course.pages`, in the same order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator

from build_tools.checks.rules_audience import check_participant_audience, trainer_phrases
from build_tools.checks.rules_facilitator_spelling import check_facilitator_spelling, lookalikes
from build_tools.course.cache_store import CacheStore
from build_tools.course.model import Course, Page
from build_tools.course.problems import Problem

CourseRule = Callable[[Course], Iterator[Problem]]

PAGE_RULES: dict[CourseRule, Callable[[Page], Iterator[Problem]]] = {
    check_facilitator_spelling: lookalikes,
    check_participant_audience: trainer_phrases,
}
"""Each course rule that is its page function over the pages, with that function (a third of the rules' time
on the first course)."""
KEPT = "page-rules"
"""The key of the one entry that holds, by page hash, the problems of the pages of the last check."""


def page_digest(page: Page) -> str:
    """What a page rule can read of a page, hashed."""
    seen = repr((page.source_path.as_posix(), page.key, page.language, page.body_start_line, page.front_matter))
    return hashlib.sha256("\n".join((seen, *page.body_lines)).encode()).hexdigest()


def kept_page_problems(course: Course, store: CacheStore) -> dict[CourseRule, list[Problem]]:
    """What each page rule finds in the course (`PAGE_RULES`' order of pages), from the pages' kept problems
    where the page is unchanged; the pages' problems are kept again when any page is new."""
    kept = store.get("rules", KEPT)
    known = kept if isinstance(kept, dict) else {}
    rules = tuple(PAGE_RULES.values())
    now: dict[str, tuple[tuple[Problem, ...], ...]] = {}
    found: dict[CourseRule, list[Problem]] = {rule: [] for rule in PAGE_RULES}
    for page in course.pages:
        digest = page_digest(page)
        problems = known.get(digest)
        if not (isinstance(problems, tuple) and len(problems) == len(rules)
                and all(isinstance(p, Problem) for each in problems for p in each)):
            problems = tuple(tuple(rule(page)) for rule in rules)
        now[digest] = problems
        for rule, each in zip(PAGE_RULES, problems, strict=True):
            found[rule] += each
    if now.keys() != known.keys():
        store.put("rules", KEPT, now)
    return found
