"""Where a fact of the course came from (`path:line`): every node of the model, every problem, every message
names its source this way."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class SourceLocation:
    """Where a fact came from: a path relative to the repository root, as trainers see it, and a line."""

    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path.as_posix()}:{self.line}"


def relative(root: Path, path: Path) -> Path:
    """A path as trainers see it: relative to the repository root when inside it."""
    try:
        return path.resolve().relative_to(root)
    except ValueError:
        return path
