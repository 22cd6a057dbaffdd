"""How problems are shown to trainers and to CI."""

from __future__ import annotations

from pathlib import Path

from build_tools.course.problems import Problem, format_report
from build_tools.course.source import SourceLocation


def test_report_is_sorted_clickable_and_counted():
    problems = [
        Problem(SourceLocation(Path("docs/b.md"), 3), "link.missing_page", "'x.md' does not match any page"),
        Problem(
            SourceLocation(Path("docs/a.md"), 14), "timing.module_sum", "sessions add up to 85 min, module says 90"
        ),
    ]
    assert format_report(problems).splitlines() == [
        "docs/a.md:14: sessions add up to 85 min, module says 90 [timing.module_sum]",
        "    fix: change a session's minutes or the module's 'minutes:' front matter so they agree",
        "docs/b.md:3: 'x.md' does not match any page [link.missing_page]",
        "    fix: correct the link to a page that exists under docs/ (Chinese file name, no .en)",
        "2 problems found",
    ]
    assert format_report(problems, ci=True).splitlines()[-2] == (
        "::error file=docs/b.md,line=3::'x.md' does not match any page [link.missing_page]"
    )
    assert format_report([]) == "no problems found"


def test_readme_lists_every_problem_code():
    from build_tools.course.problems import FIXES

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert [code for code in FIXES if f"| `{code}` |" not in readme] == []


def test_every_problem_code_is_triggered_by_a_test_that_asserts_the_line_a_trainer_sees():
    from build_tools.course.problems import FIXES

    tests = "\n".join(p.read_text(encoding="utf-8") for p in Path(__file__).resolve().parent.rglob("test_*.py"))
    assert [code for code in FIXES if f"[{code}]" not in tests] == []
