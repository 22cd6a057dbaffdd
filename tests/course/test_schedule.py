"""The agenda laid onto the day plan."""

from __future__ import annotations

from course_copies import MINIMAL, TWO_DAY, copy_course, edit

from build_tools.checks.rules import validate
from build_tools.course.load import load_course
from build_tools.course.schedule import clock
from build_tools.parts.generated_markdown import agenda_markdown, modules_markdown


def test_sessions_and_pauses_get_clock_times():
    course = load_course(MINIMAL).course
    agenda = course.view("zh").agenda
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


def test_a_course_of_several_days_shows_the_day_with_every_time():
    course = load_course(TWO_DAY).course
    agenda = course.view("en").agenda
    assert agenda.multi_day and agenda.day_count == 2
    assert sorted({item.day for item in agenda.items}) == [1, 2]
    text = modules_markdown(course, course.page("index", "en"))
    assert "Day 1 · 09:00–" in text and "Day 2 · 09:00–" in text
    zh = agenda_markdown(course, course.page("index", "zh"))
    assert "**第1天**" in zh and "**第2天**" in zh


def test_a_buffer_at_the_end_of_the_day_is_on_the_agenda_and_the_day_adds_up(tmp_path):
    root = copy_course(tmp_path)
    edit(root, "docs/course.yml", 'end: "10:15"', 'end: "10:20"')
    edit(root, "docs/course.yml", "kind: break}", "kind: break}\n      - {start: \"10:15\", minutes: 5, kind: buffer}")
    result = load_course(root)
    assert [p.code for p in list(result.problems) + validate(result.course)] == []
    course = result.course
    agenda = course.view("en").agenda
    last = agenda.items[-1]
    assert last.pause is not None and last.pause.kind.value == "buffer"
    assert (clock(last.start), clock(last.end)) == ("10:15", "10:20")
    assert agenda.day_ends == (620,)
    assert "| 10:15–10:20 | *Flex time* |  | 5 |" in agenda_markdown(course, course.page("index", "en"))
    assert "| 10:15–10:20 | *机动时间* |  | 5 |" in agenda_markdown(course, course.page("index", "zh"))


def test_a_buffer_that_leaves_a_gap_before_the_end_is_reported(tmp_path):
    root = copy_course(tmp_path)
    edit(root, "docs/course.yml", 'end: "10:15"', 'end: "10:25"')
    edit(root, "docs/course.yml", "kind: break}", "kind: break}\n      - {start: \"10:20\", minutes: 5, kind: buffer}")
    result = load_course(root)
    messages = [f"{p.source}: {p.message} [{p.code}]" for p in validate(result.course) if p.code == "timing.day_end"]
    assert messages == ["docs/course.yml:8: the agenda ends at 10:15, the day plan says 10:25 [timing.day_end]"]
