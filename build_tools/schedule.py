"""The agenda: sessions laid onto the day plan's clock, with breaks and lunch between them.

Built from the course model only; the site, the PDFs, the decks and the timing checks all use it,
so a clock time is computed in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from build_tools.model import Course, Day, Module, Pause, Session


@dataclass(frozen=True)
class AgendaItem:
    """One row of the agenda: a session or a pause, with its clock times (minutes since midnight)."""

    day: int
    start: int
    end: int
    session: Session | None = None
    module: Module | None = None
    pause: Pause | None = None


@dataclass(frozen=True)
class Overrun:
    """A session that would run into a pause: the timing check reports it."""

    session: Session
    start: int
    end: int
    pause: Pause


@dataclass(frozen=True)
class Agenda:
    """The laid-out day(s), plus what did not fit."""

    items: tuple[AgendaItem, ...]
    overruns: tuple[Overrun, ...]
    day_ends: tuple[int, ...]
    unplaced: tuple[Session, ...]

    def start_of(self, session_id: str) -> AgendaItem | None:
        """The agenda row of a session, for its clock time on slides and in notes."""
        return next((i for i in self.items if i.session is not None and i.session.id == session_id), None)


def clock(minutes: int) -> str:
    """`540` → `09:00`."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def build_agenda(course: Course, language: str) -> Agenda:
    """Lay the sessions of `language` onto the day plan, day by day, in teaching order.

    A session that would cross a pause is still placed (starting at its natural time) and recorded
    as an overrun; a day is full when its `end` is reached, and sessions left over after the last
    day are `unplaced`.
    """
    days: tuple[Day, ...] = course.settings.days if course.settings else ()
    queue = [(module, session) for module in course.modules.get(language, ()) for session in module.sessions]
    items: list[AgendaItem] = []
    overruns: list[Overrun] = []
    day_ends: list[int] = []
    for day_number, day in enumerate(days, start=1):
        now = day.start
        pauses = list(day.pauses)
        while queue and now < day.end:
            while pauses and pauses[0].start <= now:
                pause = pauses.pop(0)
                items.append(AgendaItem(day_number, pause.start, pause.end, pause=pause))
                now = max(now, pause.end)
            module, session = queue.pop(0)
            end = now + session.minutes
            if pauses and end > pauses[0].start:
                overruns.append(Overrun(session, now, end, pauses[0]))
            items.append(AgendaItem(day_number, now, end, session=session, module=module))
            now = end
        day_ends.append(now)
    return Agenda(tuple(items), tuple(overruns), tuple(day_ends), tuple(s for _, s in queue))
