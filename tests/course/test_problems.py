"""How problems are shown to trainers and to CI."""

from __future__ import annotations

import re
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


def _readme_problem_table() -> dict[str, tuple[str, str]]:
    """The README's problem-code table: code → (severity, fix), as a trainer reads it."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    start = readme.index("| code | severity | fix |")
    rows = readme[start:readme.index("\n\n", start)].splitlines()[2:]
    table = {}
    for row in rows:
        match = re.fullmatch(r"\| `([a-z0-9_.]+)` \| (error|advice) \| (.*) \|", row)
        assert match, f"README problem-code row not read: {row}"
        table[match[1]] = (match[2], match[3].replace("\\|", "|"))
    return table


def test_the_readme_problem_table_is_the_checkers_own_list_with_severity_and_fix():
    from build_tools.course.problems import FIXES, severity

    checker = {code: (severity(code), fix) for code, fix in FIXES.items()}
    readme = _readme_problem_table()
    assert sorted(set(checker) - set(readme)) == []  # a code the README does not list
    assert sorted(set(readme) - set(checker)) == []  # a row for a code that no longer exists
    assert {code: row for code, row in readme.items() if checker[code] != row} == {}


def test_advice_is_house_style_and_everything_else_is_an_error():
    from build_tools.course.problems import ADVICE, FIXES

    assert set(FIXES) >= ADVICE
    assert {"session.key_point", "session.no_question", "session.no_purpose", "i18n.term"} <= ADVICE
    assert not {"timing.day_end", "link.missing_page", "i18n.missing_twin", "block.nested_facilitator",
                "html.not_allowed", "attr.not_allowed"} & ADVICE
    assert Problem(SourceLocation(Path("docs/a.md"), 1), "session.key_point", "x").warning is True
    assert Problem(SourceLocation(Path("docs/a.md"), 1), "timing.day_end", "x").warning is False


def test_every_problem_code_is_triggered_by_a_test_that_asserts_the_line_a_trainer_sees():
    from build_tools.course.problems import FIXES

    tests = "\n".join(p.read_text(encoding="utf-8") for p in Path(__file__).resolve().parents[1].rglob("test_*.py"))
    assert [code for code in FIXES if f"[{code}]" not in tests] == []


def test_every_readme_section_a_fix_names_exists():
    """A fix that sends the trainer to "README, 'Interface words'" finds that heading."""
    from build_tools.course.problems import FIXES

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    headings = {line.lstrip("#").strip() for line in readme.splitlines() if line.startswith("#")}
    named = {name for fix in FIXES.values() for name in re.findall(r"README, '([^']+)'", fix)}
    named |= {name for fix in FIXES.values() for name in re.findall(r"README \('([^']+)'\)", fix)}
    assert named and [name for name in sorted(named)
                      if not any(h == name or h.startswith(f"{name}:") for h in headings)] == []


def test_the_readme_lists_every_interface_word_with_its_defaults():
    from build_tools.course.interface_words import DEFAULT_WORDS, WORD_KEYS

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    start = readme.index("| word | Chinese | English |")
    rows = readme[start:readme.index("\n\n", start)].splitlines()[2:]
    listed = [re.fullmatch(r"\| `([a-z_]+)` \| `(.*)` \| `(.*)` \|", row) for row in rows]
    assert [(m[1], m[2], m[3]) for m in listed if m] == [
        (key, DEFAULT_WORDS["zh"][key], DEFAULT_WORDS["en"][key]) for key in WORD_KEYS]


def test_advice_alone_is_never_reported_as_no_problems():
    advice = Problem(SourceLocation(Path("docs/a.md"), 3), "session.no_question",
                     "session 'a' has no '!!! question' block")
    assert format_report([advice]).splitlines() == [
        "docs/a.md:3: warning: session 'a' has no '!!! question' block [session.no_question]",
        "    fix: add a '!!! question \"讨论\"' block with the session's activity or discussion question",
        "no errors, 1 warning",
    ]
    assert format_report([advice], ci=True).splitlines()[-2] == (
        "::warning file=docs/a.md,line=3::session 'a' has no '!!! question' block [session.no_question]")
