"""The contract between the build and each kind of output (PDFs, decks, site), in the spirit of Sphinx's builders.

An output says which jobs a course needs, each keyed by a hash of exactly what it is made from, and renders
one job into its folder with its own cache. `make all`, the CLI's `pdf`/`slides`/`site` commands and the
tests all run outputs through this contract (`pipeline.run.run_jobs`), so there is one build path.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from build_tools.course.model import Course, Edition


@dataclass(frozen=True)
class Job:
    """One unit of work and the hash of everything it is made from."""

    id: str
    kind: str  # the output's `kind`: "pdf", "decks", "site"
    key: str
    language: str = ""
    edition: Edition | None = None
    weight: int = 1  # the job's relative cost: the build starts the costliest jobs first
    code: str = ""  # the fingerprint of the toolchain code that makes it: its cache is kept per code


@dataclass(frozen=True)
class RenderOptions:
    """What a caller may choose for one build beyond the course's own files."""

    deck_template: Path | None = None  # `slides --template`: a company template for this build only


@dataclass(frozen=True)
class SourceGroups:
    """The course's input files (path → content hash), grouped as the outputs' keys need them.

    Each group holds exactly the files a kind of job reads, so an edit changes only the keys it should
    (a Chinese page edit leaves the English PDFs' and decks' keys alone).
    """

    everything: dict[str, str]
    shared: dict[str, str]  # docs/course.yml and mkdocs.yml: every output reads them
    assets: dict[str, str]  # files under docs/ that are not pages or translation records (images)
    slides: dict[str, str]  # slides/: deck settings and template
    pages: dict[str, dict[str, str]] = field(default_factory=dict)  # language → its pages


@dataclass(frozen=True)
class Rendered:
    """What one job wrote (paths relative to the output's folder) and its one-line summary."""

    files: list[str]
    summary: str


class Output(Protocol):
    """One kind of output. `folder` is where its files go in a build (`build/<folder>/…`)."""

    kind: str
    folder: str
    module: str  # imported once before the workers fork, so they share it

    def jobs(self, course: Course, sources: SourceGroups, code: str) -> list[Job]:
        """The jobs this output needs for `course`; `code` fingerprints the toolchain code that makes it."""
        ...

    def render(self, course: Course, job: Job, folder: Path, cache: Path | None, options: RenderOptions) -> Rendered:
        """Write one job's files into `folder`; `cache` keeps what the next run may reuse (None: no reuse).

        Problems in the course raise CourseError; anything else that stops the job raises BuildError.
        """
        ...


def page_lines(course: Course, language: str | None = None) -> int:
    """How much a language (or, with None, the whole course) has to lay out: the lines of its pages' bodies,
    the measure job weights are made of."""
    pages = course.pages if language is None else course.pages_in(language)
    return sum(len(page.body_lines) for page in pages)


def digest(*parts: object) -> str:
    """A stable hash of plain data: what job keys and fingerprints are made of."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
