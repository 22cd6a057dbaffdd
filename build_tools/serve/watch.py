"""Which course files changed: a poll of modification times (no watcher thread per folder, no extra package).

A poll of the first course's few hundred files costs about a millisecond, so polling every 0.1 s is cheap and
works the same on every file system (network and container mounts included, where inotify does not).
"""

from __future__ import annotations

import os
from pathlib import Path

Snapshot = dict[str, tuple[int, int]]

WATCHED = ("docs", "slides")
"""The course's folders under the repository; mkdocs.yml beside them is watched too."""

_IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp")
"""Editors' backup and swap files: saving a page writes them, but the course never reads them."""


def snapshot(root: Path) -> Snapshot:
    """Every watched file's (modification time, size), by path relative to `root`."""
    found: Snapshot = {}
    for folder in WATCHED:
        for directory, _, names in os.walk(root / folder):
            for name in names:
                if name.startswith(".") or name.endswith(_IGNORED_SUFFIXES):
                    continue
                _add(found, root, Path(directory) / name)
    _add(found, root, root / "mkdocs.yml")
    return found


def _add(found: Snapshot, root: Path, path: Path) -> None:
    try:
        status = path.stat()
    except FileNotFoundError:  # deleted between listing and reading: the next poll sees it gone
        return
    found[path.relative_to(root).as_posix()] = (status.st_mtime_ns, status.st_size)


def changed(old: Snapshot, new: Snapshot) -> list[str]:
    """The paths added, deleted or modified between two snapshots, sorted."""
    return sorted(path for path in old.keys() | new.keys() if old.get(path) != new.get(path))
