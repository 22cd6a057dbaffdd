"""Loading WeasyPrint's system libraries without running a compiler 50 times.

WeasyPrint opens Pango, HarfBuzz, fontconfig and GObject by trying each library's names for every platform in
turn ('libgobject-2.0-0', 'gobject-2.0-0', 'gobject-2.0', …). On Linux each name that is not a file makes cffi
ask `ctypes.util.find_library`, which runs `ldconfig -p`, then gcc, then ld to look for it (WeasyPrint issue
1125): 54 programs and about half a second of every process that renders a PDF, more on a busy machine.

While WeasyPrint loads, names are looked up in one listing of the dynamic linker's cache instead, as
`find_library` itself looks first; a name the cache does not hold is not there. Should WeasyPrint fail to
load that way (a library installed outside the cache), it is loaded again the usual way.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import functools
import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator


@functools.cache
def _linker_cache() -> str:
    """`ldconfig -p`: every library the dynamic linker knows, one per line (empty when it cannot be listed)."""
    program = shutil.which("ldconfig") or shutil.which("ldconfig", path="/sbin:/usr/sbin")
    if program is None:
        return ""
    try:
        return subprocess.run([program, "-p"], capture_output=True, text=True, timeout=30,
                              env={**os.environ, "LC_ALL": "C", "LANG": "C"}).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def _from_linker_cache(name: str) -> str | None:
    """`find_library(name)` answered from the linker's cache alone (the pattern `find_library` uses there)."""
    found = re.search(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\(", _linker_cache())
    return found.group(1) if found else None


@contextlib.contextmanager
def _looked_up_in(lookup: Callable[[str], str | None]) -> Iterator[None]:
    original = ctypes.util.find_library
    ctypes.util.find_library = lookup  # type: ignore[assignment]
    try:
        yield
    finally:
        ctypes.util.find_library = original


def load_engine() -> None:
    """Import WeasyPrint with its libraries found in the linker's cache; the usual way if that fails."""
    if "weasyprint" in sys.modules or sys.platform != "linux":
        return
    try:
        with _looked_up_in(_from_linker_cache), contextlib.redirect_stdout(io.StringIO()):
            import weasyprint  # noqa: F401 -- loaded here, used by pdf.render
    except OSError:
        for module in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[module]


load_engine()  # on import: pdf.render imports this module before WeasyPrint
