"""What the site shows, read off the model (no MkDocs): navigation, page Markdown, downloads, on fixture courses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from course_copies import FIXTURES, THREE_LANGUAGES, copy_course, edit
from site_courses import site_course as _unused  # noqa: F401

from build_tools.checks.checked import checked_course, course_and_problems
from build_tools.course import localise
from build_tools.course.editions import pages_of_kind
from build_tools.course.model import Course, Edition, PageKind
from build_tools.course.reading_order import reading_order
from build_tools.parts.output_files import participant_downloads
from build_tools.site.content import (
    model_page,
    module_details,
    navigation,
    participant_html,
    session_details,
    site_downloads,
    translation_lags,
    translation_notice,
    worksheet_print_line,
)
from build_tools.site.search import glossary_rows

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


def test_navigation_follows_the_reading_order_one_group_per_module_and_day(two_day: Course) -> None:
    for language in ("zh", "en"):
        view = two_day.view(language)
        nav = navigation(two_day, language)
        order = [f"{page.key}.md" for page, _ in reading_order(view, Edition.PARTICIPANT)]
        section = next(e for e in nav if isinstance(e, dict) and localise.word(two_day, language, "nav_modules") in e)
        days = section[localise.word(two_day, language, "nav_modules")]

        assert flatten(nav) == order
        assert nav[0] == {localise.word(two_day, language, "home"): "index.md"}
        assert flatten(nav)[-1].startswith("downloads")
        assert [next(iter(day)) for day in days] == [localise.word(two_day, language, "day", n=n) for n in (1, 2)]
        groups = [group for day in days for group in next(iter(day.values()))]
        for module, group in zip(view.modules, groups, strict=True):
            pages = group[module.title]
            assert pages[0] == {localise.word(two_day, language, "module_n", n=module.number): f"{module.page.key}.md"}
            assert set(pages[1:]) >= {f"{page.key}.md" for page in module.session_pages}
        worksheet = view.worksheets[0]
        holder = view.module_of(view.session(worksheet.after_session))
        assert f"{worksheet.page.key}.md" in flatten(next(g for g in groups if holder.title in g)[holder.title])


def test_navigation_leaves_out_facilitator_pages(two_day: Course) -> None:
    hidden = {f"{p.key}.md" for p in two_day.pages if p.facilitator_only}

    assert hidden
    assert hidden.isdisjoint(flatten(navigation(two_day, "en")))


def test_single_file_modules_without_pages_of_their_own_are_plain_entries(minimal: Course) -> None:
    nav = navigation(minimal, "en")
    modules = next(e for e in nav if isinstance(e, dict) and localise.word(minimal, "en", "nav_modules") in e)

    assert nav[0] == {localise.word(minimal, "en", "home"): "index.md"}
    units = modules[localise.word(minimal, "en", "nav_modules")]
    assert [e if isinstance(e, str) else flatten([e])[0] for e in units] == [
        f"{m.page.key}.md" for m in minimal.view("en").modules
    ]


def test_session_pages_of_a_two_day_course_show_day_time_method_and_minutes(two_day: Course) -> None:
    view = two_day.view("en")
    session = view.modules[-1].sessions[0]
    row = view.agenda.start_of(session.id)
    html = participant_html(two_day, session.page).html

    assert row is not None and row.day == 2
    assert html.startswith(f'<h1 id="{session.id}">{session.title}</h1>\n<p class="session-meta">')
    assert session_details(two_day, session) == (
        f'<p class="session-meta"><span class="session-meta__clock">Day 2 · 09:00–10:00</span>'
        f'<span class="session-meta__method">{session.method.label("en").capitalize()}</span>'
        f'<span class="session-meta__minutes">{session.minutes} min</span></p>'
    )
    assert "第2天 09:00–10:00" in participant_html(two_day, two_day.view("zh").modules[-1].session_pages[0]).html


def test_module_index_pages_show_when_the_module_runs(two_day: Course) -> None:
    module = two_day.view("en").modules[-1]
    html = participant_html(two_day, module.page).html

    assert f'<h1 id="{module.id}">{module.title}</h1>\n{module_details(two_day, module)}\n' in html
    assert "Day 2 · 09:00–11:15" in module_details(two_day, module)
    assert localise.word(two_day, "en", "session_count", n=len(module.sessions)) in module_details(two_day, module)


def test_no_heading_attribute_and_no_facilitator_block_reaches_participant_html(two_day: Course) -> None:
    for language in ("zh", "en"):
        for page in two_day.view(language).pages:
            html = participant_html(two_day, page).html
            assert "minutes=" not in html and "method=" not in html, page.source_path
            assert "admonition trainer" not in html and "admonition materials" not in html, page.source_path


def test_headings_with_attributes_are_rewritten_on_any_page(tmp_path: Path) -> None:
    root = copy_course(tmp_path, MINIMAL)
    edit(root, "docs/glossary.en.md", "# Glossary {#glossary}", "# Glossary {#glossary minutes=5 data-x=y}")
    course, _problems = course_and_problems(root)  # attributes outside modules are a problem; still rewritten
    page = course.page("glossary", "en")

    assert participant_html(course, page).html.startswith('<h1 id="glossary">Glossary</h1>\n')


def test_session_blocks_keep_their_lines_and_markers_are_filled(two_day: Course) -> None:
    page = pages_of_kind(two_day.view("en"), PageKind.DOWNLOADS)[0]
    html = participant_html(two_day, page).html

    for item in participant_downloads(two_day, "en"):
        assert f'href="files/{item.relative_path}"' in html
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


def test_the_edition_date_is_written_in_each_languages_long_form() -> None:
    course = checked_course(THREE_LANGUAGES)
    edition = dt.date(2026, 11, 27)

    assert localise.long_date(course, "zh", edition) == "2026年11月27日"
    assert localise.long_date(course, "en", edition) == "27 November 2026"
    assert localise.long_date(course, "ja", edition) == "2026年11月27日"


def test_a_worksheet_points_to_the_printable_workbook_of_its_language(two_day: Course) -> None:
    for language in ("zh", "en"):
        worksheet = two_day.view(language).worksheets[0].page
        workbook = next(i for i in participant_downloads(two_day, language) if i.kind == "pdf")
        html = participant_html(two_day, worksheet).html
        title = worksheet.title_heading
        assert title is not None

        line = worksheet_print_line(two_day, worksheet, "../files")
        assert line.startswith('<p class="worksheet-print" data-search-exclude>')
        assert f'<a href="../files/{workbook.relative_path}">{localise.word(two_day, language, "workbook")}</a>' in line
        assert f'<h1 id="{title.id}">{title.title}</h1>\n{line}\n' in html
        assert [p.key for p in two_day.view(language).pages if "worksheet-print" in participant_html(two_day, p).html
                ] == [w.page.key for w in two_day.view(language).worksheets]


def mark_translations_current(root: Path) -> None:
    """What a translator runs after checking: `python -m build_tools translations --mark-current docs`."""
    from build_tools.cli import main

    assert main(["--root", str(root), "translations", "--mark-current", str(root / "docs")]) == 0


def test_a_translation_that_may_lag_behind_its_original_says_so_in_its_language(tmp_path: Path) -> None:
    root = copy_course(tmp_path, THREE_LANGUAGES)
    mark_translations_current(root)
    current = checked_course(root)
    assert not any(translation_lags(current, page) for page in current.pages)
    edit(root, "docs/modules/01-answering.md", "两人一组练习", "三人一组练习")
    course, _problems = course_and_problems(root)  # a stale translation is a warning, not an error

    for language in ("en", "ja"):
        page = course.page("modules/01-answering", language)
        notice = translation_notice(course, page)
        word = localise.word(course, language, "stale_notice")
        assert notice == f'<p class="translation-notice" data-search-exclude>{word}</p>'
        assert participant_html(course, page).html.count(notice) == 1
        assert translation_notice(course, course.page("index", language)) == ""
    assert translation_notice(course, course.page("modules/01-answering", "zh")) == ""
    assert localise.word(course, "ja", "stale_notice") != localise.word(course, "en", "stale_notice")


def test_pages_of_a_language_whose_translations_are_not_tracked_show_no_notice(two_day: Course) -> None:
    assert not two_day.translations.by_language.get("en")
    assert [p.key for p in two_day.view("en").pages if translation_notice(two_day, p)] == []


def test_glossary_rows_have_one_id_in_every_language_and_are_titled_in_the_pages_language(two_day: Course) -> None:
    zh = glossary_rows(two_day, pages_of_kind(two_day.view("zh"), PageKind.GLOSSARY)[0])
    en = glossary_rows(two_day, pages_of_kind(two_day.view("en"), PageKind.GLOSSARY)[0])
    entry = two_day.glossary[0]

    assert [row.row_id for row in zh] == [row.row_id for row in en]
    assert len({row.row_id for row in zh}) == len(zh) == len(two_day.glossary)
    assert (zh[0].term, en[0].term) == (entry.terms["zh"], entry.terms["en"])
    assert entry.terms["en"] in zh[0].details and entry.terms["zh"] in en[0].details
