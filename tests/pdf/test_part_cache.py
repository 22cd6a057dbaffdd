"""The part cache's manifest (`pdf.part_cache`): parts written one way (tagged or not) are never joined into a PDF
written the other way, and a manifest from before stand-ins were counted still reads."""

from __future__ import annotations

import json
from pathlib import Path

from build_tools.pdf.part_cache import MANIFEST, PartCache, PartRecord


def _saved(folder: Path, variant: str) -> PartRecord:
    cache = PartCache(folder, variant)
    record = PartRecord("content", "", cache.keep(b"%PDF-1.7 a render"), 0, 3, {"intro": 1}, 1)
    cache.save([record])
    return record


def test_parts_of_the_same_variant_are_read_back(tmp_path: Path) -> None:
    record = _saved(tmp_path, "pdf/ua-1")
    assert PartCache(tmp_path, "pdf/ua-1").records() == [record]


def test_parts_of_another_variant_are_not_used(tmp_path: Path) -> None:
    _saved(tmp_path, "untagged")
    assert PartCache(tmp_path, "pdf/ua-1").records() is None
    assert PartCache(tmp_path, "").records() is None


def test_a_manifest_without_variant_or_stand_ins_reads_as_untagged_parts_without_them(tmp_path: Path) -> None:
    record = _saved(tmp_path, "")
    manifest = json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))
    del manifest["variant"]
    del manifest["parts"][0]["stand_ins"]
    (tmp_path / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert PartCache(tmp_path, "").records() == [PartRecord(**{**record.__dict__, "stand_ins": 0})]
