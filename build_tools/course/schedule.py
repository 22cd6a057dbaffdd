"""The agenda: sessions laid onto the day plan's clock, day by day, with breaks and lunch between them.

Computed once per language when the course is loaded (`LanguageView.agenda`); the site, the PDFs, the
decks and the timing checks all read it, so a clock time is computed and worded in one place.
"""

from __future__ import annotations

from collections.abc import Sequence

from build_tools.course.interface_words import fill
from build_tools.course.model import Agenda, AgendaItem, Module, Overrun
from build_tools.course.settings_model import Day, Pause


def clock(minutes: int) -> str:
    """`540` → `09:00`."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def build_agenda(days: Sequence[Day], modules: Sequence[Module]) -> Agenda:
    """Lay the sessions onto the day plan, day by day, in teaching order.

    A session that would cross a pause is still placed (starting at its natural time) and recorded
    as an overrun; a day is full when its `end` is reached, and sessions left over after the last
    day are `unplaced`. A pause that starts when the day's last session ends and runs to the day's
    end (a buffer before the end) is placed too, so the day ends when it does.
    """
    queue = [(module, session) for module in modules for session in module.sessions]
    items: list[AgendaItem] = []
    overruns: list[Overrun] = []
    day_ends: list[int] = []
    for day in days:
        now = day.start
        pauses = list(day.pauses)
        while queue and now < day.end:
            now = _place_pauses(items, day.number, pauses, now)
            module, session = queue.pop(0)
            end = now + session.minutes
            if pauses and end > pauses[0].start:
                overruns.append(Overrun(session, now, end, pauses[0]))
            items.append(AgendaItem(day.number, now, end, session=session, module=module))
            now = end
        # a pause between the day's last session and its end (a buffer before the end) belongs to the day
        if pauses and pauses[0].start <= now and pauses[0].end == day.end:
            now = _place_pauses(items, day.number, pauses[:1], now)
        day_ends.append(now)
    return Agenda(tuple(items), tuple(overruns), tuple(day_ends), tuple(s for _, s in queue), day_count=len(days))


def _place_pauses(items: list[AgendaItem], day: int, pauses: list[Pause], now: int) -> int:
    """Put the pauses due by `now` on the agenda (taking them off `pauses`); returns when teaching resumes."""
    while pauses and pauses[0].start <= now:
        pause = pauses.pop(0)
        items.append(AgendaItem(day, pause.start, pause.end, pause=pause))
        now = max(now, pause.end)
    return now


def span(agenda: Agenda, rows: Sequence[AgendaItem], word_day_time: str) -> str:
    """`09:00–10:10`, or on a course of several days `Day 2 · 09:00–10:10` (`word_day_time` has {n} {time})."""
    if not rows:
        return ""
    first, last = rows[0], rows[-1]
    if first.day == last.day:
        text = f"{clock(first.start)}–{clock(last.end)}"
        return fill(word_day_time, {'n': first.day, 'time': text}) if agenda.multi_day else text
    return (f"{fill(word_day_time, {'n': first.day, 'time': clock(first.start)})}–"
            f"{fill(word_day_time, {'n': last.day, 'time': clock(last.end)})}")
