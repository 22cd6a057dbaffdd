"""The URLs WeasyPrint reads the course's files by: they name no folder of this machine.

WeasyPrint names each image in the PDF after its URL, so a URL holding the checkout's path made two
clones write different bytes. The documents therefore use `file:///course/docs/…` (the course's files)
and `file:///course/toolchain/…` (the package's own stylesheet and assets); the fetcher maps them back
to the real folders and refuses everything else.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlsplit

VIRTUAL_ROOT = "/course/"
DOCS = f"file://{VIRTUAL_ROOT}docs/"
TOOLCHAIN = f"file://{VIRTUAL_ROOT}toolchain/"


def docs_url(path: Path, docs_dir: Path) -> str:
    """The URL of a file under docs/ (it must be inside it)."""
    return DOCS + quote(path.resolve().relative_to(docs_dir.resolve()).as_posix())


def toolchain_url(path: Path, package_dir: Path) -> str:
    """The URL of one of the package's own files (stylesheet, fonts, assets)."""
    return TOOLCHAIN + quote(path.resolve().relative_to(package_dir.resolve()).as_posix())


def real_path(url: str, mounts: tuple[tuple[str, str], ...]) -> Path | None:
    """The file a virtual URL names, through `mounts` ((URL prefix, folder), …); None for any other URL."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    full = f"file://{unquote(parts.path)}"
    for prefix, folder in mounts:
        if full.startswith(prefix):
            relative = PurePosixPath(full[len(prefix):])
            if ".." in relative.parts:
                return None
            return Path(folder) / relative
    return None
