"""The build folder: one lock, versions assembled beside the published one, and one atomic switch to a new version.

`build/.versions/<id>/` holds each version; `build/.current` points at the published one, and `build/pdf`,
`build/slides`, `build/site` and `build/site.zip` point through it. A failure, Ctrl-C or a kill at any moment
leaves the previous version in place, whole; the next build repairs everything. Two builds at once in one
folder: the second stops with a message.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from build_tools.course.problems import BuildError
from build_tools.parts.output_files import link_or_copy

OUTPUTS = ("pdf", "slides", "site", "site.zip")
VERSIONS, CURRENT, LOCK, MANIFEST, CACHE = ".versions", ".current", ".lock", "manifest.json", ".cache"


@contextlib.contextmanager
def build_lock(build_dir: Path) -> Iterator[None]:
    """Hold `build/.lock` for the whole build; a second build in the same folder stops with a clear message."""
    build_dir.mkdir(parents=True, exist_ok=True)
    handle = open(build_dir / LOCK, "a+")  # noqa: SIM115 - held for the duration of the build
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise BuildError(f"another build is running in {build_dir} ({holder}); wait for it to finish, "
                             "then run `make all` again") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield
    finally:
        handle.close()


def current_version(build_dir: Path) -> Path | None:
    """The published version folder, if any."""
    link = build_dir / CURRENT
    if not link.is_symlink():
        return None
    target = (build_dir / os.readlink(link)).resolve()
    return target if target.is_dir() else None


def read_manifest(version: Path | None) -> dict:
    """The manifest of a version: its inputs' fingerprint and each job's key and files."""
    if version is None:
        return {}
    try:
        return json.loads((version / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def remove_stale(build_dir: Path, keep: set[Path]) -> None:
    """Versions that are neither published nor being built (left by a killed build) are deleted."""
    versions = build_dir / VERSIONS
    if not versions.is_dir():
        return
    for folder in versions.iterdir():
        if folder.resolve() not in keep:
            shutil.rmtree(folder, ignore_errors=True)


def publish(build_dir: Path, version: Path) -> None:
    """Make `version` the current build with one atomic rename; the output names point through `.current`."""
    link = build_dir / CURRENT
    temporary = build_dir / f".current-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    temporary.symlink_to(version.relative_to(build_dir))
    os.replace(temporary, link)
    for name in OUTPUTS:
        entry = build_dir / name
        wanted = f"{CURRENT}/{name}"
        if entry.is_symlink() and os.readlink(entry) == wanted:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        elif entry.exists() or entry.is_symlink():
            entry.unlink()
        staged = build_dir / f".{name}-{os.getpid()}"
        staged.symlink_to(wanted)
        os.replace(staged, entry)


def carry_over(old: Path, new: Path, files: list[str]) -> None:
    """Hard-link an unchanged job's files into the new version (a copy where links are not possible)."""
    for relative in files:
        source, target = old / relative, new / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, copy_function=link_or_copy)
        else:
            link_or_copy(source, target)


def keep_same_files(old: Path, new: Path, files: list[str]) -> None:
    """A rebuilt job's files that came out byte for byte as before become links to the old ones.

    The site is one job for every language: after a Chinese edit, its English pages come out the same
    and stay the very files they were (same inode, same time), like every output no edit reached.
    """
    for relative in files:
        top = new / relative
        for path in (sorted(p for p in top.rglob("*") if p.is_file()) if top.is_dir() else [top]):
            before = old / path.relative_to(new)
            try:
                same = (before.is_file() and not before.is_symlink() and before.stat().st_size == path.stat().st_size
                        and before.read_bytes() == path.read_bytes())
                if same:
                    staged = path.with_name(f".{path.name}.same")
                    os.link(before, staged)
                    os.replace(staged, path)
            except OSError:
                continue  # another file system, or no hard links: the new copy stays


def intact(build_dir: Path) -> bool:
    """The published outputs are all there (a user may have deleted one by hand)."""
    return all((build_dir / name).exists() for name in OUTPUTS)
