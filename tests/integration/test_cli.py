"""The command line on copies of real courses: exit codes, the exact report, CI annotations, no damage."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from course_copies import copy_course, edit

ROOT = Path(__file__).resolve().parents[2]


def run_cli(course: Path, *args: str, ci: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "build_tools", "--root", str(course), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=course,
        check=False,
    )


def copy_repository_course(tmp_path: Path) -> Path:
    """The real course (docs/, mkdocs.yml, slides/) in a temporary folder."""
    target = tmp_path / "repo"
    target.mkdir()
    shutil.copytree(ROOT / "docs", target / "docs")
    shutil.copytree(ROOT / "slides", target / "slides", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def test_check_passes_on_the_real_course(tmp_path):
    result = run_cli(copy_repository_course(tmp_path), "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("no problems found\nchecked ")


@pytest.mark.integration
def test_check_names_every_mistake_a_trainer_makes(tmp_path):
    course = copy_repository_course(tmp_path)
    module = "docs/modules/02-role-thinking.md"
    edit(course, module, "{#authority minutes=10", "{#authority minutes=12")
    (course / "docs/cases/role-play-video.en.md").unlink()
    edit(course, "docs/modules/03-role-shaping.md", "\n## ", "\n[阅读](../no-such-page.md)\n\n## ")
    edit(course, "docs/modules/01-role-interpretation.md", "minutes: 70", "minuts: 70")
    result = run_cli(course, "check")
    assert result.returncode == 1
    out = result.stdout
    lines = [line for line in out.splitlines() if not line.startswith("    ")]
    authority_line = 1 + next(
        i for i, text in enumerate((course / module).read_text(encoding="utf-8").splitlines()) if "#authority" in text
    )
    assert f"{module}:3: sessions add up to 72 min, module says 70 [timing.module_sum]" in lines
    assert (
        f"docs/modules/02-role-thinking.en.md:{authority_line}: session 'authority' has 10 min here but 12 min "
        f"at {module}:{authority_line} [i18n.session]" in lines
    )
    assert (
        "docs/cases/role-play-video.md:1: no English page docs/cases/role-play-video.en.md [i18n.missing_twin]" in lines
    )
    assert any(
        line.startswith("docs/modules/03-role-shaping.md:")
        and line.endswith("'../no-such-page.md' does not match any page [link.missing_page]")
        for line in lines
    )
    assert "docs/modules/01-role-interpretation.md:3: unknown front-matter key 'minuts' [page.unknown_key]" in lines
    assert "    fix: change a session's minutes or the module's 'minutes:' front matter so they agree" in out
    assert lines[-1].endswith("problems found")


def test_ci_annotations_when_ci_is_set(tmp_path):
    course = copy_course(tmp_path)
    edit(course, "docs/course.yml", "teaching_minutes: 60", "teaching_minutes: 90")
    result = run_cli(course, "check", ci=True)
    assert result.returncode == 1
    assert (
        "::error file=docs/course.yml,line=6::modules add up to 60 min, the course says 90 [timing.course_sum]"
        in result.stdout.splitlines()
    )
    assert "::error" not in run_cli(course, "check").stdout


@pytest.mark.parametrize("command", ["pdf", "slides"])
def test_a_broken_course_builds_nothing_and_keeps_the_last_output(tmp_path, command):
    course = copy_course(tmp_path)
    edit(course, "docs/course.yml", "teaching_minutes: 60", "teaching_minutes: 90")
    out = tmp_path / "out"
    previous = out / "zh" / "keep.bin"
    previous.parent.mkdir(parents=True)
    previous.write_bytes(b"last good build")
    result = run_cli(course, command, "--out", str(out))
    assert result.returncode == 1
    assert "docs/course.yml:6: modules add up to 60 min, the course says 90 [timing.course_sum]" in result.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["zh", "zh/keep.bin"]
    assert previous.read_bytes() == b"last good build"


def test_wrong_usage_exits_2(tmp_path):
    result = run_cli(copy_course(tmp_path), "frobnicate")
    assert result.returncode == 2
    assert "invalid choice: 'frobnicate'" in result.stderr
