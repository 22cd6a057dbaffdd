"""What the preview shows right now, shared by the rebuilding thread and the browser's requests.

Each change bumps a generation; a browser asks "anything newer than N?" and waits at most a few seconds
for an answer (`wait`), so no request ever hangs: the page keeps showing the last good preview meanwhile.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

from build_tools.course.problems import Problem
from build_tools.serve.page_swap import Swap


@dataclass(frozen=True)
class ShownProblem:
    """A problem as the overlay shows it: `file:line`, the message and the fix."""

    where: str
    message: str
    fix: str
    code: str
    warning: bool

    @classmethod
    def of(cls, problem: Problem) -> ShownProblem:
        return cls(str(problem.source), problem.message, problem.fix, problem.code, bool(problem.warning))

    @classmethod
    def other(cls, where: str, message: str, fix: str) -> ShownProblem:
        """A failure that is not a course problem (a site or PDF step that stopped): no rule code."""
        return cls(where, message, fix, "", False)


@dataclass
class Snapshot:
    """The preview's state as the browser reads it (`/_preview/state`)."""

    generation: int = 0
    site: int = 0  # bumped each time a new site is published
    previews: int = 0  # bumped each time PDF pictures or slides change
    busy: list[str] = field(default_factory=list)  # what is being rebuilt: "site", "pdf", "slides"
    problems: list[ShownProblem] = field(default_factory=list)
    saved: float = 0.0  # when the change being shown was saved (time.time()), for the benchmark

    def as_json(self) -> dict[str, object]:
        return asdict(self)


class PreviewState:
    """The one shared state, behind a condition: writers change it with `update`, readers `wait` for news."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._state = Snapshot()
        self.site_dir: Path | None = None
        self.swaps: dict[str, Swap] = {}  # site page → its new body, until the next site is published

    def publish_site(self, folder: Path) -> None:
        """A new whole site: the swaps made for the previous one are done with."""
        with self._condition:
            self.site_dir, self.swaps = folder, {}

    def update(self, **changes: object) -> None:
        """Change some fields and wake every waiting browser."""
        with self._condition:
            for name, value in changes.items():
                setattr(self._state, name, value)
            self._state.generation += 1
            self._condition.notify_all()

    def bump(self, name: str) -> None:
        with self._condition:
            setattr(self._state, name, getattr(self._state, name) + 1)
            self._state.generation += 1
            self._condition.notify_all()

    def set_busy(self, part: str, busy: bool) -> None:
        with self._condition:
            parts = [p for p in self._state.busy if p != part]
            self._state.busy = [*parts, part] if busy else parts
            self._state.generation += 1
            self._condition.notify_all()

    def current(self) -> dict[str, object]:
        with self._condition:
            return self._state.as_json()

    def wait(self, since: int, timeout: float) -> dict[str, object]:
        """The state once its generation passes `since`, or as it is after `timeout` seconds."""
        with self._condition:
            self._condition.wait_for(lambda: self._state.generation > since, timeout)
            return self._state.as_json()
