"""The command line on copies of the fixture courses: exit codes, the exact report, CI annotations, no damage."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from course_copies import TWO_DAY, copy_course, edit


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


@pytest.mark.integration
def test_check_passes_on_a_two_day_course_with_units_as_folders(tmp_path):
    result = run_cli(copy_course(tmp_path, TWO_DAY), "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(  # the fixture has no translation records: one warning says so
        "docs/translations/en.yml:1: warning: no English section records the Chinese text it was translated from "
        "(docs/translations/en.yml does not exist): a changed original cannot be found [i18n.untracked]\n"
        "    fix: check the translation, then run: make translations-current PAGE=docs\n"
        "no errors, 1 warning\nchecked 32 pages and 6 sessions in ")


@pytest.mark.integration
def test_check_names_every_mistake_a_trainer_makes(tmp_path):
    course = copy_course(tmp_path, TWO_DAY)
    session_page = "docs/units/02-complaints/02-angry-caller.md"
    edit(course, session_page, "{#angry-caller minutes=45", "{#angry-caller minutes=50")
    (course / "docs/cases/delayed-refund.en.md").unlink()
    reading = "\n[阅读](../no-such-page.md)\n"
    edit(course, "docs/units/03-promises/01-saying-no.md", "\n- **说明原因**", f"{reading}\n- **说明原因**")
    edit(course, "docs/units/01-listening/index.md", "minutes: 90", "minuts: 90")
    result = run_cli(course, "check")
    assert result.returncode == 1
    out = result.stdout
    lines = [line for line in out.splitlines() if not line.startswith("    ")]
    assert "docs/units/02-complaints/index.md:3: sessions add up to 95 min, module says 90 [timing.module_sum]" in lines
    assert (
        "docs/units/02-complaints/02-angry-caller.en.md:4: session 'angry-caller' has 45 min here but 50 min "
        f"at {session_page}:4 [i18n.session]" in lines
    )
    assert (
        "docs/cases/delayed-refund.md:1: no English page docs/cases/delayed-refund.en.md [i18n.missing_twin]" in lines
    )
    assert any(
        line.startswith("docs/units/03-promises/01-saying-no.md:")
        and line.endswith("'../no-such-page.md' does not match any page [link.missing_page]")
        for line in lines
    )
    assert "docs/units/01-listening/index.md:3: unknown front-matter key 'minuts' [page.unknown_key]" in lines
    assert "    fix: change a session's minutes or the module's 'minutes:' front matter so they agree" in out
    assert lines[-1].endswith("problems found, 1 warning")  # the fixture records no translation


@pytest.mark.integration
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


@pytest.mark.integration
def test_check_lists_what_only_the_outputs_would_find_before_anything_is_rendered(tmp_path):
    course = copy_course(tmp_path, TWO_DAY)
    edit(course, "slides/decks.yml", "max_lines:", "max_line:")
    edit(course, "docs/units/01-listening/01-first-minute.md", "# 开场的第一分钟", "# 开场的第一分钟 \U0001F600")
    result = run_cli(course, "check")
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if "[" in line and not line.startswith(" ")]
    assert any(line.startswith("slides/decks.yml:") and line.endswith("[slides.unknown_key]") for line in lines)
    assert any(line.startswith("docs/units/01-listening/01-first-minute.md:4:") and line.endswith(
        "[pdf.missing_glyph]") for line in lines), lines
    built = sorted(path.name for path in (course / "build").iterdir()) if (course / "build").exists() else []
    assert built in ([], [".cache"]), built  # nothing rendered: at most what check keeps between runs


def test_fifty_languages_are_checked_and_each_problem_is_listed(tmp_path, capsys, monkeypatch):
    """A course that declares 50 languages (48 without pages) exits 1 with every problem listed, never silently."""
    from build_tools.cli import main

    monkeypatch.delenv("CI", raising=False)  # the plain report (CI adds an annotation line per problem)

    course = copy_course(tmp_path)
    codes = ["fr", "de", "es", "it", "pt", "ru", "ja", "ko", "ar", "nl", "sv", "da", "fi", "nb", "pl", "cs", "sk",
             "hu", "ro", "bg", "el", "tr", "he", "hi", "th", "vi", "id", "ms", "uk", "hr", "sr", "sl", "lt", "lv",
             "et", "is", "ga", "cy", "eu", "ca", "gl", "af", "sq", "hy", "az", "ka", "kk", "mn"]
    config = course / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "".join(
        f'        - locale: "{code}"\n          name: "{code.upper()}"\n' for code in codes), encoding="utf-8")
    assert main(["--root", str(course), "check"]) == 1
    lines = capsys.readouterr().out.rstrip().splitlines()
    assert "docs/cases/late-report.md:1: no AF page docs/cases/late-report.af.md [i18n.missing_twin]" in lines
    assert "docs/course.yml:1: course setting 'title' has no 'mn' text [settings.missing]" in lines
    methods = next(line for line in lines if "'methods' is missing" in line)
    assert methods.endswith("'ka', 'kk', 'mn' [settings.missing]")  # one line for the methods, not one per session
    problems = [line for line in lines if line.endswith("]") and not line.startswith(" ") and ": warning: " not in line]
    assert lines[-1] == f"{len(problems)} problems found, 1 warning" and len(problems) > 48 * 5
