"""`check`'s kept results (issue 27): the same report cold and cached, an edit found with a warm cache, and a
damaged or tampered entry never trusted."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from course_copies import MINIMAL, MODULE, REPOSITORY, copy_course, edit, with_image
from site_courses import site_course

from build_tools.course.cache_store import MAGIC, CacheStore
from build_tools.course.problems import format_problem
from build_tools.pipeline.check_cache import CACHE_FOLDER, CheckReport, check_store, checked_report
from build_tools.pipeline.fingerprints import toolchain_files

# --- the store --------------------------------------------------------------------------------------


def test_a_kept_value_comes_back(tmp_path):
    store = CacheStore(tmp_path / "cache")
    store.put("page", "abc", {"problems": [1, 2]})
    assert store.get("page", "abc") == {"problems": [1, 2]}
    assert store.get("page", "abd") is None
    assert store.get("report", "abc") is None


@pytest.mark.parametrize("damage", [
    lambda data: data[:-1],  # cut short
    lambda data: data[:-2] + bytes([data[-2] ^ 1]) + data[-1:],  # one bit flipped in the value
    lambda data: data.replace(MAGIC, b"something else\n"),  # another format
    lambda data: b"",
], ids=["cut-short", "bit-flipped", "foreign", "empty"])
def test_a_damaged_entry_is_not_trusted(tmp_path, damage: Callable[[bytes], bytes]):
    store = CacheStore(tmp_path)
    store.put("report", "key", ["a problem"])
    entry = tmp_path / "report-key"
    entry.write_bytes(damage(entry.read_bytes()))
    assert store.get("report", "key") is None


def test_an_entry_copied_under_another_key_is_not_trusted(tmp_path):
    """The seal covers the key: the clean report of one state of the course cannot stand in for another's."""
    store = CacheStore(tmp_path)
    store.put("report", "clean-course", [])
    shutil.copy(tmp_path / "report-clean-course", tmp_path / "report-broken-course")
    assert store.get("report", "broken-course") is None


def test_a_folder_that_cannot_be_written_keeps_nothing_and_fails_nothing(tmp_path):
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    store = CacheStore(tmp_path / "file" / "cache")
    store.put("page", "key", [1])
    assert store.get("page", "key") is None
    assert store.written == 0


def test_the_oldest_entries_go_first(tmp_path):
    store = CacheStore(tmp_path)
    for number in range(5):
        store.put("page", str(number), number)
        os.utime(tmp_path / f"page-{number}", (number, number))
    store.prune(keep=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page-3", "page-4"]


# --- check, kept and not ------------------------------------------------------------------------------


def outcome(run: Callable[[], CheckReport]) -> tuple[str, ...]:
    """What `check` prints for a course (every problem line with its fix, the counts), or the error it stops with."""
    try:
        report = run()
    except Exception as error:  # noqa: BLE001 -- compared as the user would see it
        return (f"{type(error).__name__}: {error}",)
    return (*(format_problem(problem) for problem in report.problems), f"{report.pages} {report.sessions}")


def warm_store(root: Path) -> CacheStore:
    return check_store(root, toolchain_files())


@pytest.mark.integration
def test_an_edit_that_breaks_one_page_is_found_with_a_warm_cache(tmp_path):
    root = copy_course(tmp_path)
    store = warm_store(root)
    assert [p for p in checked_report(root, store).problems if not p.warning] == []
    edit(root, MODULE, "minutes:", "minutse:")
    found = [format_problem(p).splitlines()[0] for p in checked_report(root, store).problems]
    assert any(line.startswith(f"{MODULE}:") and "[page." in line for line in found), found
    assert outcome(lambda: checked_report(root, store)) == outcome(lambda: checked_report(root))


@pytest.mark.integration
def test_a_slide_that_cannot_fit_is_found_with_a_warm_cache(tmp_path):
    """An edit only the deck planner refuses: the kept problems of the other jobs are used, this job is planned."""
    root = copy_course(tmp_path)
    store = warm_store(root)
    checked_report(root, store)
    text = (root / MODULE).read_text(encoding="utf-8")
    heading = next(line for line in text.splitlines() if line.startswith("## "))
    edit(root, MODULE, heading, heading.split(" {")[0] + "很长的标题" * 30 + (" {" + heading.split(" {")[1]
                                                                                if " {" in heading else ""))
    warm = outcome(lambda: checked_report(root, store))
    assert warm == outcome(lambda: checked_report(root))
    assert warm != outcome(lambda: checked_report(copy_course(tmp_path / "clean")))


@pytest.mark.integration
def test_a_tampered_report_is_not_trusted(tmp_path):
    """A kept report rewritten to say 'no problems' (without its seal) is ignored: the problem is still found."""
    root = copy_course(tmp_path)
    edit(root, MODULE, "minutes:", "minutse:")
    store = warm_store(root)
    broken = outcome(lambda: checked_report(root, store))
    assert len(broken) > 1
    for entry in store.folder.glob("report-*"):
        data = entry.read_bytes()
        sealed = data[: len(MAGIC) + 65]
        entry.write_bytes(sealed + pickle.dumps(CheckReport((), 10, 4)))
    assert outcome(lambda: checked_report(root, store)) == broken


@pytest.mark.integration
def test_check_prints_the_same_cold_and_cached_and_keeps_nothing_with_no_cache(tmp_path):
    root = copy_course(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(REPOSITORY)}

    def check(*extra: str) -> tuple[int, list[str]]:
        result = subprocess.run([sys.executable, "-m", "build_tools", "check", *extra], cwd=root, env=env,
                                capture_output=True, text=True, timeout=240)
        assert "Traceback" not in result.stderr, result.stderr
        return result.returncode, [line for line in result.stdout.splitlines() if not line.startswith("checked ")]

    assert check("--no-cache")[0] == 0
    assert not (root / CACHE_FOLDER).exists()
    edit(root, MODULE, "minutes:", "minutse:")
    cold = check("--no-cache")
    assert cold[0] == 1
    assert check() == cold  # kept now
    assert check() == cold  # taken from what was kept
    assert any((root / CACHE_FOLDER).iterdir())


# --- the whole bad-input corpus, cold and cached -------------------------------------------------------


def _corpus() -> list[tuple[str, str, Callable[[Path], None]]]:
    """(id, which course, mistake) of every case of tests/test_bad_inputs.py and tests/checks/test_validate.py."""
    import test_bad_inputs
    from checks import test_validate  # tests/checks/, through tests/ on the path (conftest.py)

    cases: list[tuple[str, str, Callable[[Path], None]]] = [
        (f"bad-input-{case.id}", "site", case.mutate) for case in test_bad_inputs.CASES]
    for param in test_validate.CASES:
        relative, old, new, _ = param.values

        def mutate(root: Path, relative: str = relative, old: str = old, new: str = new) -> None:
            edit(root, relative, old, new)

        cases.append((f"validate-{param.id}", "minimal", mutate))
    return cases


CORPUS = _corpus()


@pytest.fixture(scope="module")
def kept_courses(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, CacheStore]]:
    """Each course of the corpus, pristine, and a working copy whose cache was warmed on the pristine course;
    every case is tried in the same working copy, so the cache grows warm with every state before it."""
    courses = {}
    for name in ("site", "minimal"):
        folder = tmp_path_factory.mktemp(f"kept-{name}")
        pristine = site_course(folder / "pristine", MINIMAL) if name == "site" else copy_course(folder / "pristine")
        if name == "site":
            with_image(pristine)
        working = folder / "working" / "course"
        shutil.copytree(pristine, working)
        store = warm_store(working)
        checked_report(working, store)
        courses[name] = (pristine, working, store)
    return courses


def _restore(pristine: Path, working: Path) -> None:
    """The working copy's course files as the pristine course has them; its cache (under build/) stays."""
    for entry in working.iterdir():
        if entry.name != "build":
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    for entry in pristine.iterdir():
        if entry.is_dir():
            shutil.copytree(entry, working / entry.name, symlinks=True)
        else:
            shutil.copy2(entry, working / entry.name)


@pytest.mark.integration
@pytest.mark.parametrize(("course", "mutate"), [(course, mutate) for _, course, mutate in CORPUS],
                         ids=[case_id for case_id, _, _ in CORPUS])
def test_check_reports_the_same_cold_and_cached(kept_courses, course, mutate):
    """Every mistake of the corpus, found by a check whose cache is warm from earlier states of the course, then
    by a check that takes the whole report from the cache, and by a cold check: the same lines, in order."""
    pristine, working, store = kept_courses[course]
    _restore(pristine, working)
    mutate(working)
    warm = outcome(lambda: checked_report(working, store))
    assert outcome(lambda: checked_report(working, store)) == warm
    assert outcome(lambda: checked_report(working)) == warm


@pytest.mark.integration
def test_a_kept_check_loads_neither_mkdocs_nor_weasyprint_and_jieba_only_for_new_chinese_text(tmp_path):
    """What keeps `check` under a second, asserted on what it imports rather than on a clock: an unchanged course
    is not even parsed; after an English edit neither MkDocs, WeasyPrint nor jieba is loaded; after a Chinese
    edit jieba is (without pkg_resources), python-pptx is not."""
    root = copy_course(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(REPOSITORY)}

    def imported() -> set[str]:
        result = subprocess.run([sys.executable, "-X", "importtime", "-m", "build_tools", "check"], cwd=root, env=env,
                                capture_output=True, text=True, timeout=240)
        return {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}

    cold = imported()
    assert {"mkdocs", "jieba"} <= cold and "weasyprint" not in cold  # a cold check reads all, lays out nothing
    unchanged = imported()
    assert not {"mkdocs", "jieba", "weasyprint", "markdown_it", "fontTools"} & unchanged
    edit(root, "docs/modules/01-listening.en.md", "Why listening matters.", "Why listening matters so much.")
    assert not {"mkdocs", "jieba", "weasyprint"} & imported()
    edit(root, "docs/modules/01-listening.md", "本模块练习倾听。", "本模块练习认真倾听。")
    chinese = imported()  # the decks are planned again, from the template's boxes kept: python-pptx is not loaded
    assert "jieba" in chinese
    assert not {"mkdocs", "weasyprint", "pptx", "pkg_resources.extern", "hanzidentifier"} & chinese


def test_words_looked_up_in_the_kept_dictionary_cut_as_jieba_cuts(tmp_path):
    """The copy of jieba's dictionary `check` reads word by word gives jieba's own cuts, unknown words (jieba's
    HMM) and mixed Latin text included; a copy whose hash does not match is not used."""
    import jieba

    from build_tools.parts.chinese_words import dictionary_loaded, preload
    from build_tools.parts.word_frequencies import WordFrequencies, write_word_frequencies

    preload()
    loaded = dictionary_loaded()
    assert loaded is not None
    path = tmp_path / "words.kept"
    frequencies = WordFrequencies(path, write_word_frequencies(loaded[0], path), loaded[1])
    assert frequencies.usable()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = frequencies, frequencies.total, True
    texts = [page.read_text(encoding="utf-8") for page in sorted(MINIMAL.rglob("*.md"))]
    texts += ["新任经理的角色认知：从业务骨干到团队管理者", "用 STAR 法则描述一次 1:1 面谈（30 分钟）",
              "区块链赋能数智化转型的抓手", "龘靐齉爩"]
    assert [tokenizer.lcut(text) for text in texts] == [jieba.lcut(text) for text in texts]
    path.write_bytes(path.read_bytes() + b"\0")
    assert not frequencies.usable()


def test_a_damaged_or_unwritable_compiled_template_is_compiled_again(tmp_path):
    """The PDF template `check` keeps compiled (`pdf.document.keep_compiled_template`) never fails a check: a cut
    file and a folder that cannot be written mean it is compiled again, to the same page."""
    import jinja2

    from build_tools.pdf.document import TEMPLATE, TEMPLATES, _KeptCompiled

    def rendered(folder: Path) -> tuple[str, ...]:
        environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                                         bytecode_cache=_KeptCompiled(str(folder)))
        environment.filters["words"] = str
        template = environment.get_template(TEMPLATE)
        return (*sorted(template.blocks), *template.root_render_func.__code__.co_names)

    fresh = rendered(tmp_path / "missing")
    assert rendered(tmp_path) == fresh
    (kept,) = tmp_path.glob("__jinja2_*")
    kept.write_bytes(kept.read_bytes()[:30])
    assert rendered(tmp_path) == fresh
