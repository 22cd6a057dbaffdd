"""`make check` with its work kept between runs, like the build's jobs: each result under the hash of exactly
its inputs, so a check after a one-page edit redoes only what that page feeds, and a check of an unchanged
course only hashes its files.

These results are kept, in `build/.cache/check/<toolchain>/` (a new folder for every change of the
toolchain's code, Python or library versions; the old one is removed):

- the whole report, under the hash of every course file (`fingerprints.source_files`) and of mkdocs.yml's
  reading (what it points at outside them: the theme's language files, `!ENV` values, an `INHERIT`ed file);
- mkdocs.yml's reading and each page's parse (`course.load`);
- the problems of the rules that judge each page on its own, under the page's hash (`checks.page_rules`);
- the problems of each deck job and each PDF job, under the build's own job key for it
  (`parts.output_jobs`): that language's pages, the shared settings, the images, the deck settings.
- what planning works out that depends on no course file (`planning_facts`), each under what it is
  made from: word cuts, line breaks, text boxes, font tables, fontconfig's answers, fragments' HTML, word
  joins (written as what each check added, `CacheStore.put_facts`).

What is found is the same, kept or not: `tests/pipeline/test_check_cache.py` runs the bad-input corpus both ways.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from build_tools.course.cache_store import CacheStore
from build_tools.course.mkdocs_config import kept_site_config
from build_tools.course.problems import Problem
from build_tools.course.site_generator import chosen_generator
from build_tools.parts import chinese_words
from build_tools.parts.output_jobs import digest
from build_tools.parts.word_frequencies import WordFrequencies, write_word_frequencies
from build_tools.pipeline.fingerprints import installed_versions, source_files, toolchain_files, toolchain_fingerprint
from build_tools.pipeline.workers import without_collection

CACHE_FOLDER = Path("build") / ".cache" / "check"
"""Where `check` keeps its results, under the repository (ignored by git, removed by `make clean`)."""
CHECK_PACKAGES = ("PyYAML", "Jinja2", "MarkupSafe", "mdit-py-plugins", "linkify-it-py")
"""Libraries the check reads with, beyond those that change the outputs (`fingerprints.TOOL_PACKAGES`)."""

DICTIONARY = "jieba-words"
"""jieba's dictionary, written once by the first check that loads it whole (`parts.word_frequencies`); its entry
holds the file's SHA-256 and the dictionary's total."""
CUTS = "jieba"
"""The key of the Chinese word cuts kept (`parts.chinese_words`): one entry, jieba's version is in the folder's."""
KEEP_CUTS = 100_000
"""Cuts kept at most (the first course has about 2,600 texts): the oldest go first."""


@dataclass(frozen=True)
class CheckReport:
    """What `check` prints: every problem, and for the summary line the pages and sessions it read."""

    problems: tuple[Problem, ...]
    pages: int
    sessions: int


def check_store(root: Path, toolchain: dict[str, str]) -> CacheStore:
    """The cache folder of this toolchain (code, Python, libraries, site generator) in the repository at `root`;
    the folders of other toolchains are removed when this one is made."""
    versions = [f"{name}={version}" for name, version in installed_versions(CHECK_PACKAGES).items()]
    namespace = digest(toolchain_fingerprint(toolchain), sys.version, versions, chosen_generator())[:24]
    parent = root.resolve() / CACHE_FOLDER
    folder = parent / namespace
    if not folder.is_dir() and parent.is_dir():
        for old in parent.iterdir():
            shutil.rmtree(old, ignore_errors=True)
    return CacheStore(folder)


def checked_report(root: Path, store: CacheStore | None = None, toolchain: dict[str, str] | None = None) -> CheckReport:
    """Every problem `check` reports for the course at `root`; with a `store`, what was kept for unchanged
    inputs is taken from it and what was found is kept there (`toolchain`: `fingerprints.toolchain_files()`)."""
    with without_collection():
        return _checked_report(root.resolve(), store, toolchain)


def _checked_report(root: Path, store: CacheStore | None, toolchain: dict[str, str] | None) -> CheckReport:
    if store is None:
        return _found(root, None, None)
    toolchain = toolchain if toolchain is not None else toolchain_files()
    files = source_files(root)
    site = kept_site_config(root / "mkdocs.yml", store)
    key = digest("report", str(root), files, repr(site))  # all the course reads from mkdocs.yml, `!ENV` values too
    kept = store.get("report", key)
    if isinstance(kept, CheckReport) and all(isinstance(p, Problem) for p in kept.problems):
        return kept
    report = _found(root, store, (files, toolchain))
    if source_files(root) == files:  # a file saved while this check read the course: keep nothing for it
        store.put("report", key, report)
    if store.written:
        store.prune()
    return report


def _found(root: Path, store: CacheStore | None, inputs: tuple[dict[str, str], dict[str, str]] | None) -> CheckReport:
    """Read, check and plan the outputs (taking from `store` what it keeps): what the report is made of. With a
    `store`, a course read without errors has its outputs planned while it is checked (in forked processes,
    the two are the check's slow halves); their problems count only if checking finds no error, as without.

    Imported here, not at the top: a check whose whole report is kept loads none of it."""
    from build_tools.checks.checked import read_course
    from build_tools.checks.rules import validate
    from build_tools.pipeline.output_checks import planned_outputs, with_output_problems

    dictionary = _take_kept_words(store) if store is not None else None
    known = len(chinese_words.known_cuts())
    course, problems = read_course(root, store)
    if store is None or any(not p.warning for p in problems):
        problems += validate(course, store)
        found = with_output_problems(course, problems, store, inputs)
    else:
        with planned_outputs(course, store, inputs) as planned:
            problems += validate(course, store)
            found = problems + planned() if all(p.warning for p in problems) else problems
    if store is not None:
        _keep_words(store, dictionary, known)
    return CheckReport(tuple(found), len(course.pages), len(course.sessions(course.default_language.code)))


def _take_kept_words(store: CacheStore) -> WordFrequencies | None:
    """The Chinese word cuts kept by earlier checks, and the copy of jieba's dictionary to cut new text with."""
    cuts = store.get_facts("cuts", CUTS)
    if isinstance(cuts, dict) and all(isinstance(words, tuple) and "".join(words) == text
                                      for text, words in cuts.items()):
        chinese_words.remember(cuts)
    kept = store.get("dictionary", DICTIONARY)
    if not (isinstance(kept, tuple) and len(kept) == 2):
        return None
    dictionary = WordFrequencies(store.folder / DICTIONARY, *kept)
    chinese_words.look_up_in(dictionary)
    return dictionary


def _keep_words(store: CacheStore, dictionary: WordFrequencies | None, known: int) -> None:
    """Keep the cuts (when this check made new ones) and, when it loaded jieba's whole dictionary and no usable
    copy is kept, a copy of it."""
    if len(chinese_words.known_cuts()) > known:
        store.put_facts("cuts", CUTS, chinese_words.known_cuts(known), KEEP_CUTS)
    loaded = chinese_words.dictionary_loaded()
    if loaded is not None and (dictionary is None or not dictionary.usable()):
        with contextlib.suppress(OSError):
            store.put("dictionary", DICTIONARY, (write_word_frequencies(loaded[0], store.folder / DICTIONARY),
                                                 loaded[1]))
