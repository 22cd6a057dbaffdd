"""What the site shows, read off the model (no MkDocs): navigation, page Markdown, downloads, on fixture courses."""

from __future__ import annotations

from pathlib import Path

import pytest
from course_copies import FIXTURES, copy_course, edit
from site_courses import site_course as _unused  # noqa: F401

from build_tools.course_check import checked_course, course_and_problems
from build_tools.model import Course, Edition, PageKind
from build_tools.outputs import participant_downloads
from build_tools.site.content import (
    model_page,
    module_details,
    navigation,
    participant_markdown,
    session_details,
    site_downloads,
)

TWO_DAY = FIXTURES / "two_day_course"
MINIMAL = FIXTURES / "minimal_course"


@pytest.fixture(scope="module")
def two_day(tmp_path_factory: pytest.TempPathFactory) -> Course:
    """The two-day fixture (units as folders, own words and methods), checked."""
    root = copy_course(tmp_path_factory.mktemp("two-day"), TWO_DAY)
    return checked_course(root)


@pytest.fixture(scope="module")
def minimal() -> Course:
    return checked_course(MINIMAL)


def flatten(entries: list) -> list[str]:
    """Every page file of a nav, in order."""
    out: list[str] = []
    for entry in entries:
        if isinstance(entry, str):
            out.append(entry)
        else:
            for value in entry.values():
                out += flatten(value) if isinstance(value, list) else [value]
    return out


def test_navigation_follows_the_reading_order_in_sections_named_by_the_course_words(two_day: Course) -> None:
    for language in ("zh", "en"):
        view = two_day.view(language)
        nav = navigation(two_day, language)
        order = [f"{page.key}.md" for page, _ in view.reading_order(Edition.PARTICIPANT)]
        titles = [next(iter(e)) for e in nav if isinstance(e, dict)]

        assert sorted(flatten(nav)) == sorted(order)
        assert titles == [two_day.word(language, key) for key in ("home", "nav_modules", "nav_cases", "nav_workbook")]
        assert flatten(nav)[0] == "index.md"
        assert flatten(nav)[-1].startswith("downloads")
        modules = nav[[n for n, e in enumerate(nav) if isinstance(e, dict)][1]][two_day.word(language, "nav_modules")]
        for module, entry in zip(view.modules, modules, strict=True):
            assert entry == {module.title: [
                {two_day.word(language, "module_n", n=module.number): f"{module.page.key}.md"},
                *(f"{page.key}.md" for page in module.session_pages),
            ]}


def test_navigation_leaves_out_facilitator_pages(two_day: Course) -> None:
    hidden = {f"{p.key}.md" for p in two_day.pages if p.facilitator_only}

    assert hidden
    assert hidden.isdisjoint(flatten(navigation(two_day, "en")))


def test_single_file_modules_are_plain_entries_and_the_home_is_titled_with_the_home_word(minimal: Course) -> None:
    nav = navigation(minimal, "en")

    assert nav[0] == {minimal.word("en", "home"): "index.md"}
    assert {minimal.word("en", "nav_modules"): [f"{m.page.key}.md" for m in minimal.view("en").modules]} in nav


def test_session_pages_of_a_two_day_course_show_day_time_method_and_minutes(two_day: Course) -> None:
    view = two_day.view("en")
    session = view.modules[-1].sessions[0]
    row = view.agenda.start_of(session.id)
    markdown = participant_markdown(two_day, session.page)

    assert row is not None and row.day == 2
    assert markdown.startswith(f"# {session.title} {{#{session.id}}}\n\n<p class=\"session-meta\">")
    assert session_details(two_day, session) == (
        f'<p class="session-meta"><span class="session-meta__clock">Day 2 · 09:00–10:00</span>'
        f'<span class="session-meta__method">{session.method.label("en")}</span>'
        f'<span class="session-meta__minutes">{session.minutes} min</span></p>'
    )
    assert "第2天 09:00–10:00" in participant_markdown(two_day, two_day.view("zh").modules[-1].session_pages[0])


def test_module_index_pages_show_when_the_module_runs(two_day: Course) -> None:
    module = two_day.view("en").modules[-1]
    markdown = participant_markdown(two_day, module.page)

    assert f"# {module.title} {{#{module.id}}}\n\n{module_details(two_day, module)}\n" in markdown
    assert "Day 2 · 09:00–11:15" in module_details(two_day, module)
    assert two_day.word("en", "session_count", n=len(module.sessions)) in module_details(two_day, module)


def test_no_heading_attribute_and_no_facilitator_block_reaches_participant_markdown(two_day: Course) -> None:
    for language in ("zh", "en"):
        for page in two_day.view(language).pages:
            markdown = participant_markdown(two_day, page)
            assert "minutes=" not in markdown and "method=" not in markdown, page.source_path
            assert "!!! trainer" not in markdown and "!!! materials" not in markdown, page.source_path


def test_headings_with_attributes_are_rewritten_on_any_page(tmp_path: Path) -> None:
    root = copy_course(tmp_path, MINIMAL)
    edit(root, "docs/glossary.en.md", "# Glossary {#glossary}", "# Glossary {#glossary minutes=5 data-x=y}")
    course, _problems = course_and_problems(root)  # attributes outside modules are a problem; still rewritten
    page = course.page("glossary", "en")

    assert participant_markdown(course, page).lstrip().startswith("# Glossary {#glossary}\n")


def test_session_blocks_keep_their_lines_and_markers_are_filled(two_day: Course) -> None:
    page = two_day.view("en").of_kind(PageKind.DOWNLOADS)[0]
    markdown = participant_markdown(two_day, page)

    for item in participant_downloads(two_day, "en"):
        assert f"(files/{item.relative_path})" in markdown
        assert two_day.settings is not None and two_day.settings.slug in item.relative_path


def test_model_page_finds_each_language_file(two_day: Course) -> None:
    page = two_day.view("en").modules[0].session_pages[0]
    relative = page.source_path.relative_to("docs").as_posix()

    assert model_page(two_day, relative) is page
    assert model_page(two_day, "nowhere.md") is None


def test_site_downloads_come_from_the_built_folders_under_the_shared_names(two_day: Course, tmp_path: Path) -> None:
    downloads = list(site_downloads(two_day, "zh", tmp_path / "pdf", tmp_path / "slides"))
    expected = [f"files/{item.relative_path}" for item in participant_downloads(two_day, "zh")]

    assert [d.site_path for d in downloads] == expected
    assert downloads[0].source_path.parent == tmp_path / "pdf" / "zh"
    assert all(d.source_path.name == Path(d.site_path).name for d in downloads)
