"""The agenda laid onto the day plan."""

from __future__ import annotations

from course_copies import MINIMAL

from build_tools.course_tables import agenda_markdown
from build_tools.load import load_course
from build_tools.schedule import build_agenda, clock


def test_sessions_and_pauses_get_clock_times():
    course = load_course(MINIMAL).course
    agenda = build_agenda(course, "zh")
    rows = [
        (clock(i.start), clock(i.end), i.session.id if i.session else i.pause.kind.value) for i in agenda.items
    ]
    assert rows == [
        ("09:00", "09:20", "basics"),
        ("09:20", "09:30", "practice"),
        ("09:30", "09:45", "break"),
        ("09:45", "10:15", "feedback-case"),
    ]
    assert agenda.day_ends == (615,)
    assert agenda.overruns == () and agenda.unplaced == ()
    assert agenda.start_of("practice").start == 560


def test_agenda_markdown_links_sessions_in_the_page_language():
    course = load_course(MINIMAL).course
    text = agenda_markdown(course, course.page("index", "en"))
    assert "| 09:20–09:30 | [Listening practice](modules/01-listening.md#practice) | exercise | 10 |" in text
    assert "| 09:30–09:45 | *Break* |  | 15 |" in text
