"""WeasyPrint's libraries found in the linker's cache (build_tools/pdf/engine_libraries.py): no compiler run, the
same libraries loaded, and the usual way when the cache cannot say."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from build_runs import REPOSITORY

pytestmark = pytest.mark.integration  # each test starts Python and WeasyPrint afresh

_LOADED = """
import json, subprocess, sys
launched = []
original = subprocess.Popen.__init__
def recording(self, args, *rest, **options):
    launched.append(args if isinstance(args, str) else " ".join(map(str, args)))
    return original(self, args, *rest, **options)
subprocess.Popen.__init__ = recording
{prepare}
import build_tools.pdf.render
from weasyprint.text import ffi
libraries = sorted({{line.split()[-1] for line in open("/proc/self/maps")
                    if any(name in line for name in ("libpango", "libharfbuzz", "libfontconfig", "libgobject"))}})
print(json.dumps({{"launched": launched, "libraries": libraries, "pango": ffi.pango is not None}}))
"""


def _loaded(prepare: str = "") -> dict:
    result = subprocess.run([sys.executable, "-c", _LOADED.format(prepare=prepare)], capture_output=True, text=True,
                            timeout=120, env={**os.environ, "PYTHONPATH": str(REPOSITORY)}, cwd=REPOSITORY)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_weasyprint_loads_its_libraries_without_running_a_compiler_and_loads_the_same_ones():
    quick = _loaded()
    usual = _loaded("import weasyprint")  # loaded before the toolchain: the usual way
    assert [program for program in quick["launched"] if "ldconfig" not in program] == []
    assert len(quick["launched"]) <= 1
    assert any("gcc" in program for program in usual["launched"])  # what it saves: WeasyPrint issue 1125
    assert quick["pango"] and quick["libraries"] == usual["libraries"]
    assert len(quick["libraries"]) >= 5


def test_without_a_listing_of_the_linker_cache_weasyprint_loads_its_libraries_by_their_file_names():
    loaded = _loaded("import shutil; which = shutil.which; "
                     "shutil.which = lambda name, *rest, **options: None if name == 'ldconfig' else which(name)")
    assert loaded["pango"] and len(loaded["libraries"]) >= 5
    assert loaded["launched"] == []


_FAILS_ONCE = """
import sys
class FailsOnce:
    failed = False
    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint.text.ffi" and not FailsOnce.failed:
            FailsOnce.failed = True
            raise OSError("cannot load library 'libgobject-2.0-0'")
sys.meta_path.insert(0, FailsOnce())
"""


def test_when_the_quick_way_fails_weasyprint_is_loaded_again_the_usual_way():
    loaded = _loaded(_FAILS_ONCE)
    assert loaded["pango"] and len(loaded["libraries"]) >= 5
    assert any("gcc" in program for program in loaded["launched"])
