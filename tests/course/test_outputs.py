"""Outputs are written atomically and readable by others (a web server, a colleague)."""

from __future__ import annotations

import os
import stat

from build_tools.course.files import write_atomically


def test_write_atomically_replaces_the_file_with_shared_permissions(tmp_path):
    target = tmp_path / "zh" / "workbook.pdf"
    write_atomically(target, b"first")
    write_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    assert [p.name for p in target.parent.iterdir()] == ["workbook.pdf"]
