"""The set-up script: without root it never installs, it prints the exact command and stops."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def fake_command(folder: Path, name: str, script: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(0o755)


def test_without_root_it_prints_the_apt_command_and_installs_nothing(tmp_path):
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    fake_command(fake_bin, "dpkg-query", "exit 1")  # every package is missing
    fake_command(fake_bin, "id", "echo 1000")  # not root
    fake_command(fake_bin, "apt-get", f'touch "{tmp_path}/apt-was-called"; exit 1')
    env = {**os.environ, "PATH": f"{fake_bin}:{os.environ['PATH']}"}
    result = subprocess.run(
        ["bash", str(ROOT / "build_tools" / "bootstrap.sh"), "test"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: missing system packages: fonts-noto-cjk ")
    assert lines[1].startswith("fix: run   sudo apt-get update && sudo apt-get install -y fonts-noto-cjk ")
    for package in ("libharfbuzz-subset0", "chromium", "poppler-utils", "libreoffice-impress"):
        assert f" {package}" in lines[1]
    assert not (tmp_path / "apt-was-called").exists()
