"""Translation freshness on the minimal fixture: an edited original makes exactly its translation stale."""

from __future__ import annotations

from pathlib import Path

from course_copies import copy_course, edit

from build_tools.checks.checked import course_and_problems
from build_tools.cli import main
from build_tools.course.problems import format_report

MODULE = "docs/modules/01-listening.md"
MODULE_EN = "docs/modules/01-listening.en.md"


def reported(course: Path) -> list[str]:
    _, problems = course_and_problems(course)
    return sorted(f"{p.source}: {'warning: ' if p.warning else ''}{p.message} [{p.code}]" for p in problems)


def marked(tmp_path: Path) -> Path:
    course = copy_course(tmp_path)
    assert main(["--root", str(course), "translations", "--mark-current", str(course / "docs")]) == 0
    return course


UNTRACKED = ("docs/translations/en.yml:1: warning: no English section records the Chinese text it was translated "
             "from (docs/translations/en.yml does not exist): a changed original cannot be found [i18n.untracked]")


def test_a_course_without_records_says_once_that_its_translations_are_untracked(tmp_path):
    """Never "no problems found" while no translation is tracked: one line per language, with a command that
    runs as written (make translations-current PAGE=docs)."""
    course = copy_course(tmp_path)
    edit(course, MODULE, "了解倾听的作用。", "了解倾听在管理中的作用。")
    assert reported(course) == [UNTRACKED]
    _, problems = course_and_problems(course)
    assert format_report(problems).splitlines() == [
        UNTRACKED,
        "    fix: check the translation, then run: make translations-current PAGE=docs",
        "no errors, 1 warning",
    ]


def test_marking_every_page_current_leaves_nothing_to_report(tmp_path, capsys):
    course = marked(tmp_path)
    assert reported(course) == []
    records = (course / "docs/translations/en.yml").read_text(encoding="utf-8")
    assert "modules/01-listening:\n  listening: " in records
    assert "en: 14 of 14 sections up to date (100%)" in capsys.readouterr().out


def test_an_edited_original_makes_only_its_translation_stale(tmp_path, capsys):
    course = marked(tmp_path)
    edit(course, MODULE, "了解倾听的作用。", "了解倾听在管理中的作用。")
    assert reported(course) == [
        f"{MODULE_EN}:13: warning: section 'Basics of listening' was translated from an older Chinese text [i18n.stale]"
    ]
    assert main(["--root", str(course), "check"]) == 0  # a warning while writing, not an error
    out = capsys.readouterr().out
    assert "| changed: 了解倾听[→在管理中]的作用。" in out


def test_a_changed_session_time_is_a_change_of_the_original(tmp_path):
    course = marked(tmp_path)
    edit(course, MODULE, "{#practice minutes=10 method=训练}", "{#practice minutes=10 method=讲授}")
    edit(course, MODULE_EN, "{#practice minutes=10 method=exercise}", "{#practice minutes=10 method=lecture}")
    assert reported(course) == [
        f"{MODULE_EN}:30: warning: section 'Listening practice' was translated from an older Chinese text "
        "[i18n.stale]"
    ]


def test_release_builds_treat_stale_sections_as_errors(tmp_path):
    course = marked(tmp_path)
    edit(course, "docs/course.yml", "teaching_minutes: 60", "teaching_minutes: 60\nrelease: true")
    edit(course, MODULE, "了解倾听的作用。", "了解倾听在管理中的作用。")
    assert main(["--root", str(course), "check"]) == 1


def test_marking_the_page_current_clears_it(tmp_path):
    course = marked(tmp_path)
    edit(course, MODULE, "了解倾听的作用。", "了解倾听在管理中的作用。")
    assert main(["--root", str(course), "translations", "--mark-current", str(course / MODULE_EN)]) == 0
    assert reported(course) == []


def test_a_deleted_original_section_reports_the_orphaned_translation(tmp_path):
    course = marked(tmp_path)
    text = (course / MODULE).read_text(encoding="utf-8")
    (course / MODULE).write_text(text[: text.index("## 倾听练习")].rstrip() + "\n", encoding="utf-8")
    edit(course, MODULE, "minutes: 30", "minutes: 20")
    edit(course, MODULE_EN, "minutes: 30", "minutes: 20")
    problems = reported(course)
    assert (f"{MODULE_EN}:30: section 'Listening practice' has no original: '#practice' was removed from {MODULE} "
            "[i18n.orphan]") in problems


def test_the_table_counts_stale_sections_per_page(tmp_path, capsys):
    course = marked(tmp_path)
    edit(course, MODULE, "了解倾听的作用。", "了解倾听在管理中的作用。")
    capsys.readouterr()
    assert main(["--root", str(course), "translations"]) == 0
    out = capsys.readouterr().out
    assert f"| {MODULE_EN} | en | 3 | 1 | 0 | 0 | 0 |" in out
    assert "en: 13 of 14 sections up to date (93%)" in out


def test_the_command_a_translation_fix_names_runs_as_written(tmp_path):
    """The fix's `make translations-current PAGE=…`, run as printed (the repository's Makefile, its setup step
    skipped), records the translations: the next check has nothing to say."""
    import os
    import re
    import subprocess
    import sys

    course = copy_course(tmp_path)
    _, problems = course_and_problems(course)
    command = re.search(r"run: (make \S+ PAGE=\S+)$", problems[0].fix)
    assert command is not None and command[1] == "make translations-current PAGE=docs"
    repository = Path(__file__).resolve().parents[2]
    result = subprocess.run([*command[1].split(), "-f", str(repository / "Makefile"), f"PY={sys.executable}",
                             "SETUP_BUILD="], cwd=course, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(repository)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert reported(course) == []
    edit(course, MODULE, "了解倾听的作用。", "了解倾听在管理中的作用。")
    _, problems = course_and_problems(course)
    assert [(p.code, p.fix) for p in problems] == [
        ("i18n.stale", "update the translation, then run: make translations-current "
                       "PAGE=docs/modules/01-listening.en.md")]
