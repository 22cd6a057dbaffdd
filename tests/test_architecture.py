"""The layout the code promises: one structural parse (load.py), renderers that only project the model."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "build_tools"
RENDERERS = ("site", "pdf", "slides")


def imports_of(path: Path) -> set[str]:
    """Every module a source file imports (absolute names)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_one_reading_parses_markdown():
    """markdown-it is configured once (markdown_reading), read into the model (page_parser, with inline_reader
    and plain_text for inline tokens) and rendered (markdown_html)."""
    parsers = {"markdown_it", "mdit_py_plugins"}
    readers = {"markdown_reading.py", "page_parser.py", "inline_reader.py", "plain_text.py", "markdown_html.py"}
    offenders = [
        p.relative_to(PACKAGE).as_posix()
        for p in sources()
        if p.name not in readers and any(name.split(".")[0] in parsers for name in imports_of(p))
    ]
    assert offenders == []
    # the parser is built in one place
    assert "mdit_py_plugins.admon" not in imports_of(PACKAGE / "course" / "page_parser.py")


def test_no_second_markdown_engine_reads_course_content():
    offenders = [
        p.relative_to(PACKAGE).as_posix()
        for p in sources()
        if any(name == "markdown" or name.startswith(("markdown.", "pymdownx")) for name in imports_of(p))
    ]
    assert offenders == []


def test_renderers_never_import_the_loader():
    offenders = [
        p.relative_to(PACKAGE).as_posix()
        for p in sources()
        if p.relative_to(PACKAGE).parts[0] in RENDERERS and "build_tools.course.load" in imports_of(p)
    ]
    assert offenders == []


def test_the_site_hooks_stay_thin():
    hooks = imports_of(PACKAGE / "site" / "hooks.py")
    assert "build_tools.cli" not in hooks
    assert "os" not in hooks or "environ" not in (PACKAGE / "site" / "hooks.py").read_text(encoding="utf-8")


def test_each_output_has_its_own_sub_package():
    for name in (*RENDERERS, "course", "checks", "parts", "pipeline"):
        assert (PACKAGE / name / "__init__.py").is_file()
    assert {p.stem for p in PACKAGE.glob("*.py")} == {"__init__", "__main__", "cli"}
