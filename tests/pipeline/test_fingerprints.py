"""Job keys cover the code that makes each output, and only that code: editing the preview server or the
command line must not throw away every kept PDF part and check result."""

from __future__ import annotations

from build_tools.pipeline.fingerprints import toolchain_files, toolchain_fingerprint


def _edited(files: dict[str, str], name: str) -> dict[str, str]:
    return {**files, name: files.get(name, "") + "-edited"}


def test_editing_the_preview_server_or_the_command_line_keeps_every_key():
    files = toolchain_files()
    for name in ("serve/server.py", "cli.py", "__main__.py"):
        for folder in ("", "pdf", "slides", "site"):
            assert toolchain_fingerprint(_edited(files, name), folder) == toolchain_fingerprint(files, folder), name


def test_editing_a_renderer_changes_its_own_key_and_the_core_changes_all():
    files = toolchain_files()
    edited = _edited(files, "pdf/document.py")
    assert toolchain_fingerprint(edited, "pdf") != toolchain_fingerprint(files, "pdf")
    assert toolchain_fingerprint(edited, "slides") == toolchain_fingerprint(files, "slides")
    core = _edited(files, "course/model.py")
    assert all(toolchain_fingerprint(core, folder) != toolchain_fingerprint(files, folder)
               for folder in ("", "pdf", "slides", "site"))
