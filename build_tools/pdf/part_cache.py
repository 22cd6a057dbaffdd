"""The cache of a PDF's rendered parts (`pdf.parts`): rendered files named by their hash, and a manifest
of where each part's pages are in them."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from build_tools.course.files import write_atomically

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class PartRecord:
    """Where one part's pages are kept: `pages` pages from page `first` of the cached file `source`."""

    content: str  # hash of the part's HTML as the document has it
    numbers: str  # hash of the HTML it was drawn with (the numbered parts write page numbers in)
    source: str
    first: int
    pages: int
    anchors: dict[str, int] = field(default_factory=dict)  # id → page within the part
    stand_ins: int = 0  # leading structure elements of a tagged part's first page that are stand-ins (`pdf.parts`)


class PartCache:
    """Rendered PDFs (`<sha256>.pdf`) and the manifest of the last render of one document.

    The folder belongs to one version of the toolchain's code: the build keeps a job's cache per code
    fingerprint (`pipeline.run`), so what is here was made by the code that reads it.
    """

    def __init__(self, folder: Path, variant: str = "") -> None:
        self.folder = folder
        self.variant = variant  # how the parts were written (tagged or not): parts of another variant are not used

    def records(self) -> list[PartRecord] | None:
        """The last render's parts, or None when there is none (or it is damaged, or of another variant)."""
        try:
            manifest = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
            records = [PartRecord(**entry) for entry in manifest["parts"]]
        except (OSError, ValueError, TypeError, KeyError):
            return None
        if manifest.get("variant", "") != self.variant:
            return None
        try:
            for source in {record.source for record in records}:
                self.read(source)
        except (OSError, ValueError):
            return None
        return records

    def keep(self, data: bytes) -> str:
        """Store a rendered PDF; its name is its hash, so a damaged file is never mistaken for another."""
        name = hashlib.sha256(data).hexdigest() + ".pdf"
        self.folder.mkdir(parents=True, exist_ok=True)
        if not (self.folder / name).is_file():
            write_atomically(self.folder / name, data)
        return name

    def read(self, name: str) -> bytes:
        data = (self.folder / name).read_bytes()
        if hashlib.sha256(data).hexdigest() + ".pdf" != name:
            raise ValueError(f"{name} is damaged")
        return data

    def save(self, records: list[PartRecord]) -> None:
        """Write the manifest last, then delete every file it does not name."""
        manifest = {"variant": self.variant, "parts": [asdict(record) for record in records]}
        write_atomically(self.folder / MANIFEST, json.dumps(manifest, sort_keys=True).encode())
        used = {record.source for record in records} | {MANIFEST}
        for path in self.folder.iterdir():
            if path.name not in used:
                path.unlink(missing_ok=True)

    def forget(self) -> None:
        (self.folder / MANIFEST).unlink(missing_ok=True)
