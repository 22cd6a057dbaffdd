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
    """markdown-it is configured once (markdown_reading, with its quotes rule), read into the model (page_parser,
    with inline_reader and plain_text for inline tokens) and rendered (markdown_html)."""
    parsers = {"markdown_it", "mdit_py_plugins"}
    readers = {"markdown_reading.py", "quotes.py", "page_parser.py", "inline_reader.py", "plain_text.py",
               "markdown_html.py"}
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


def test_the_site_plugin_stays_thin():
    plugin = imports_of(PACKAGE / "site" / "plugin.py")
    assert "build_tools.cli" not in plugin
    assert "os" not in plugin or "environ" not in (PACKAGE / "site" / "plugin.py").read_text(encoding="utf-8")


LAYERS = {"course": 0, "parts": 1, "checks": 2, "pdf": 3, "slides": 3, "site": 3, "pipeline": 4,
          "serve": 5, "cli": 6, "__main__": 6}
"""The folders of build_tools/ from the bottom up: a module imports only from its own layer or those below."""


def _layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_import_goes_down_the_layers_and_no_renderer_imports_another():
    offenders = []
    for path in sources():
        relative = path.relative_to(PACKAGE)
        own = relative.parts[0].removesuffix(".py")
        if own == "__init__":
            continue
        for name in imports_of(path):
            if not name.startswith("build_tools.") or _layer_of(name) == own:
                continue
            other = _layer_of(name)
            if LAYERS[other] > LAYERS[own] or (LAYERS[other] == LAYERS[own] == 3):
                offenders.append(f"{relative.as_posix()} imports {name}")
    assert offenders == []


def test_no_import_cycle_between_modules():
    graph = {}
    for path in sources():
        module = "build_tools." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        graph[module.removesuffix(".__init__")] = {name for name in imports_of(path) if name.startswith("build_tools.")}
    cycles = []

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for name in graph.get(start, ()):
            if name == goal or (name not in seen and (seen.add(name) or reaches(name, goal, seen))):
                return True
        return False

    for module in graph:
        if reaches(module, module, set()):
            cycles.append(module)
    assert cycles == []


def test_modules_and_classes_stay_small():
    """No module over 600 lines, no class over 250: a reader holds one responsibility at a time."""
    too_big = []
    for path in sources():
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 600:
            too_big.append(f"{path.relative_to(PACKAGE).as_posix()}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None and node.end_lineno - node.lineno >= 250:
                too_big.append(f"{path.relative_to(PACKAGE).as_posix()}: class {node.name}")
    assert too_big == []


def test_no_module_global_carries_state():
    """The course of a build travels as an argument or on an object (the site plugin), never in a module global."""
    offenders = []
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Global):
                offenders.append(f"{path.relative_to(PACKAGE).as_posix()}:{node.lineno} global {', '.join(node.names)}")
    assert offenders == []


def test_each_output_has_its_own_sub_package():
    for name in (*RENDERERS, "course", "checks", "parts", "pipeline"):
        assert (PACKAGE / name / "__init__.py").is_file()
    assert {p.stem for p in PACKAGE.glob("*.py")} == {"__init__", "__main__", "cli"}


def test_every_output_is_run_by_the_one_build_path():
    """Each renderer sub-package offers one output object; nothing beside the jobs renders a whole output."""
    from build_tools.pipeline.run import OUTPUTS

    assert sorted(output.folder for output in OUTPUTS.values()) == sorted(RENDERERS)
    leftovers = [p.relative_to(PACKAGE).as_posix() for p in sources()
                 if "def render_all_" in p.read_text(encoding="utf-8")]
    assert leftovers == []
