"""The site's second line: a page body passes nh3 unchanged, or the build stops (site/sanitise.py)."""

from __future__ import annotations

import pytest
from course_copies import TWO_DAY, copy_course

from build_tools.checks.checked import checked_course
from build_tools.course.editions import visible_in
from build_tools.course.model import Edition, PageKind
from build_tools.site.content import participant_html
from build_tools.site.sanitise import unsafe_changes
from build_tools.site.tables import capitalise_column, mark_write_in, rewrite_tables


def test_every_page_body_the_build_writes_passes_unchanged(tmp_path):
    course = checked_course(copy_course(tmp_path, TWO_DAY))
    pages = [page for page in course.pages if visible_in(page, Edition.PARTICIPANT)]
    assert len(pages) > 20
    for page in pages:
        html = rewrite_tables(participant_html(course, page).html, capitalise_column("Method"))
        if page.kind is PageKind.WORKSHEET:
            html = rewrite_tables(html, mark_write_in)
        assert unsafe_changes(html) == [], page.source_path


@pytest.mark.parametrize(("body", "found"), [
    ('<p onclick="alert(1)">a</p>', "start 'p onclick=alert(1)' would become start 'p'"),
    ("<p>a</p><script>alert(1)</script>", "start 'script' would be removed"),
    ('<p><a href="javascript:alert(1)">a</a></p>', "start 'a href=javascript:alert(1)' would become start 'a'"),
    ("<p>a</p><!-- trainer: answers -->", "comment"),
    ('<iframe src="x.html"></iframe>', "start 'iframe src=x.html'"),
    ('<p style="position: fixed">a</p>', "start 'p style=position:fixed' would become start 'p'"),
])
def test_markup_outside_the_allowlist_is_found(body, found):
    changes = unsafe_changes(body)
    assert len(changes) == 1 and found in changes[0], changes
