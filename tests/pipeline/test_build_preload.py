"""The build reads the PDF fonts' tables once, in its checking process, and hands them to the workers.

Each worker read them for itself before (0.4 s of CPU in each). The build's own process gets the facts from
the process that checked the course, so it never opens a font file; workers forked from it find them there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from course_copies import MINIMAL

pytestmark = pytest.mark.integration  # a Python of its own checks a course

ROOT = Path(__file__).resolve().parents[2]
_PROBE = """
import json, os, sys
from pathlib import Path
import fontTools.ttLib
from build_tools.pdf.fonts import known_fonts
from build_tools.pipeline.build import _checked_while_loading
opened, parent, TTFont = [], os.getpid(), fontTools.ttLib.TTFont
def counted(file, *args, **kwargs):
    if os.getpid() == parent:
        opened.append(str(file))
    return TTFont(file, *args, **kwargs)
fontTools.ttLib.TTFont = counted
course = _checked_while_loading(Path(sys.argv[1]))
faces = sorted({(key[0], key[1]) for key in known_fonts()})
print(json.dumps({"faces": faces, "opened": opened, "languages": [language.code for language in course.languages]}))
"""


def test_the_build_process_gets_the_font_facts_from_the_check_without_reading_a_font():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    probe = subprocess.run([sys.executable, "-c", _PROBE, str(MINIMAL)], capture_output=True, text=True, env=env,
                           check=True, cwd=ROOT)
    found = json.loads(probe.stdout.strip().splitlines()[-1])
    assert found["languages"]
    assert found["opened"] == []  # this process read no font file
    kinds = {kind for kind, _ in found["faces"]}
    assert {"coverage", "widths"} <= kinds  # what the PDF check and the decks read of a font ("face": fc-match)
    assert len([face for face in found["faces"] if face[0] == "coverage"]) >= 2  # regular and bold text faces
