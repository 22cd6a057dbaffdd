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
    history pass from one test to the next. Launching Chromium once instead of once per test file saves its
    start-up (about a CPU second) for each file after the first.
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


SHARED_SCOPES = frozenset({"module", "class", "package"})


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Share the tests out over the xdist workers (`--dist loadgroup`) so that both finish together.

    A test that uses a module- or class-scoped fixture (a fixture course built for one test file, a served
    site) runs in the worker that runs the rest of its file, so that fixture is made once: its file is one
    group, the biggest groups first. Every other test is handed out on its own, and those fill the end of the
    run on whichever worker is free. A test file whose shared fixtures are cheap next to its tests sets
    `SPREAD_OVER_WORKERS = True` to be handed out test by test (its fixtures made once per worker).
    Session-scoped fixtures are made once per run whatever the worker (`build_runs.once_per_run`).
    """
    if config.getoption("dist", "no") != "loadgroup":
        return
    for item in items:
        if getattr(getattr(item, "module", None), "SPREAD_OVER_WORKERS", False):
            continue
        definitions = getattr(item, "_fixtureinfo", None)
        if definitions is None:
            continue
        scopes = {fixture[-1].scope for fixture in definitions.name2fixturedefs.values() if fixture}
        if scopes & SHARED_SCOPES:
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))
