"""Canaries: trainer text carries marker strings, and no participant output may contain one.

A copy of the two-day fixture course gets a unique canary in every trainer and materials box, on every
facilitator-only page, under every facilitator-only heading and in an HTML comment on every page. It is
built with the real command; then every participant output is searched: each file of the site (pages,
search index, assets), every file inside site.zip, the text of each workbook and the XML of each
participant deck. The facilitator guide must show the box and page canaries, so the canaries are real text
that the build reads (a canary nobody renders would prove nothing); comments reach no output at all.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from planted import FOUND, STRAY

from build_tools.course.model import Edition

pytestmark = pytest.mark.integration

@pytest.fixture(scope="module")
def built(two_day_build) -> tuple[Path, dict[str, set[str]]]:
    """The two-day course with its canaries and stray files, built by the real command once per test run."""
    return two_day_build.root / "build", two_day_build.planted


def _pdf_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", text)


def _deck_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return "".join(package.read(name).decode("utf-8", "replace") for name in package.namelist()
                       if name.endswith((".xml", ".rels")))


def participant_outputs(build: Path) -> dict[str, str]:
    """Every participant output as text, by name."""
    found: dict[str, str] = {}
    for path in sorted(p for p in (build / "site").rglob("*") if p.is_file()):
        found[f"site/{path.relative_to(build / 'site')}"] = path.read_bytes().decode("utf-8", "replace")
    with zipfile.ZipFile(build / "site.zip") as package:
        for name in package.namelist():
            found[f"site.zip/{name}"] = package.read(name).decode("utf-8", "replace")
    for path in (build / "pdf").rglob("*workbook.pdf"):
        found[f"pdf/{path.name}"] = _pdf_text(path)
    for path in (build / "slides").rglob("participant/*.pptx"):
        found[f"slides/{path.name}"] = _deck_xml(path)
    return found


def test_the_fixture_has_trainer_text_of_every_kind(built: tuple[Path, dict[str, set[str]]]) -> None:
    _, planted = built
    assert len(planted["box"]) >= 10 and planted["page"] and planted["section"] and len(planted["comment"]) >= 10


def test_no_participant_output_holds_a_canary(built: tuple[Path, dict[str, set[str]]]) -> None:
    build, _ = built
    outputs = participant_outputs(build)
    assert any(name.startswith("site.zip/") for name in outputs) and any(n.startswith("slides/") for n in outputs)
    assert any(name.endswith("search_index.json") for name in outputs)
    leaks = {name: sorted(set(FOUND.findall(text))) for name, text in outputs.items() if FOUND.search(text)}
    assert leaks == {}


def test_the_facilitator_guide_shows_the_trainer_canaries_and_no_comment(
        built: tuple[Path, dict[str, set[str]]]) -> None:
    build, planted = built
    guides = "".join(_pdf_text(p) for p in (build / "pdf").rglob("*.pdf") if "workbook" not in p.name)
    shown = set(FOUND.findall(guides))
    assert planted["box"] <= shown  # every box's canary is real text the guide prints
    assert planted["page"] <= shown and planted["section"] <= shown
    assert not planted["comment"] & shown


def test_no_output_holds_a_comment(built: tuple[Path, dict[str, set[str]]]) -> None:
    build, planted = built
    everything = " ".join(participant_outputs(build).values())
    everything += " ".join(_deck_xml(p) for p in (build / "slides").rglob("*.pptx"))
    assert not planted["comment"] & set(FOUND.findall(everything))
    assert Edition.FACILITATOR.value  # the guide was checked above: comments are in no edition


def test_only_files_participant_pages_show_are_published(built: tuple[Path, dict[str, set[str]]]) -> None:
    build, _ = built
    names = [name.split("/", 1)[1] for name in participant_outputs(build) if name.startswith(("site/", "site.zip/"))]
    assert any(name.endswith("assets/images/learn-steps.png") for name in names)  # shown on a participant page
    for stray in STRAY:
        assert not [name for name in names if name.endswith(Path(stray).name)], stray
    guide = "".join(_pdf_text(p) for p in (build / "pdf").rglob("*facilitator*.pdf"))
    assert "QZCANARY9001QZ" not in guide and "QZCANARY9002QZ" not in guide
