"""Shared fixtures: a fixture course built once into every output (PDFs, decks, site) per test run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@dataclass(frozen=True)
class BuiltCourse:
    """A fixture course copied with the toolchain's site and deck settings, and everything built from it."""

    root: Path
    course: object
    pdf_dir: Path
    slides_dir: Path
    site_dir: Path
    planted: dict[str, set[str]]  # the canaries in its trainer text, by kind (tests/planted.py)
    stale_page_key: str  # the English page whose Chinese original changed after translations were marked current


def _build_two_day(folder: Path) -> None:
    import json

    from build_runs import run_command
    from course_copies import TWO_DAY
    from planted import plant_everything
    from site_courses import site_course

    root = site_course(folder, TWO_DAY)
    planted, stale = plant_everything(root)
    result = run_command(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    record = {"canaries": {k: sorted(v) for k, v in planted.items()}, "stale": stale}
    (folder / "planted.json").write_text(json.dumps(record), encoding="utf-8")


@pytest.fixture(scope="session")
def two_day_build(tmp_path_factory: pytest.TempPathFactory) -> BuiltCourse:
    """The two-day fixture course (folder units, its own methods and words) with what tests/planted.py plants
    (canaries in every trainer text, stray files, a secret in a trainer note, a stale translation), built into
    all outputs by the real command once per test run, whichever tests and workers read it."""
    import json

    from build_runs import once_per_run
    from course_copies import TWO_DAY

    from build_tools.checks.checked import checked_course

    folder = once_per_run(tmp_path_factory, "two-day-build", _build_two_day)
    root = folder / TWO_DAY.name
    record = json.loads((folder / "planted.json").read_text(encoding="utf-8"))
    planted = {kind: set(canaries) for kind, canaries in record["canaries"].items()}
    build = root / "build"
    return BuiltCourse(root, checked_course(root), build / "pdf", build / "slides", build / "site", planted,
                       record["stale"])


def _build_minimal(folder: Path) -> None:
    from build_runs import run_command
    from course_copies import MINIMAL, with_image
    from site_courses import site_course

    root = site_course(folder, MINIMAL)
    with_image(root)
    result = run_command(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="session")
def minimal_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal fixture course, with an image in its session 'basics', built by the real command
    (`python -m build_tools build`) once per test run. Read it; copy it (`copy_built`) to change it."""
    from build_runs import once_per_run
    from course_copies import MINIMAL

    return once_per_run(tmp_path_factory, "minimal-build", _build_minimal) / MINIMAL.name


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[object]:
    """One headless Chromium per test process (each xdist worker), shared by every browser test it runs.

    A test opens its own page (`browser.new_page`), which is its own browser context: no cookies, storage or
    history pass from one test to the next. Chromium starts once per process instead of once per test file
    (three files use it: tests/site/test_build.py, tests/site/test_accessibility.py, tests/test_course_content.py).
    """
    from chromium import launched_chromium

    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests save screenshots and rendered pages for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def pytest_configure(config: pytest.Config) -> None:
    """Let test modules in sub-folders import the shared helpers next to this file."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))


SPREAD_MARK = "\nSPREAD_OVER_WORKERS = True"


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """`--dist loadfile` (`make test`), with the tests of some files handed out one by one, so both workers finish
    together.

    A test file runs whole in one worker, so that its module-scoped fixtures (a fixture course built for the
    file, a served site) are made once; xdist hands out the files with the most tests first. A file whose tests
    each work on their own copy sets `SPREAD_OVER_WORKERS = True` at its top: its tests are handed out one by
    one, after the files, and fill the end of the run on whichever worker is free. (xdist's `loadgroup` would do
    this with marks, but it does not group under pytest 9.) Session-scoped fixtures are made once per run
    whatever the worker (`build_runs.once_per_run`).
    """
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    root = config.rootpath

    class SpreadingLoadFile(LoadFileScheduling):
        spread: dict[str, bool] = {}

        def _split_scope(self, nodeid: str) -> str:
            file = nodeid.split("::", 1)[0]
            if file not in self.spread:
                path = root / file
                self.spread[file] = path.suffix == ".py" and SPREAD_MARK in path.read_text(encoding="utf-8")
            return nodeid if self.spread[file] else file

    return SpreadingLoadFile(config, log)
