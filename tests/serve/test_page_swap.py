"""The quick path of a saved page (`serve.page_swap`): the page it shows is the page the full build makes."""

from __future__ import annotations

from pathlib import Path

import pytest
from course_copies import MINIMAL, MODULE, MODULE_EN, edit
from site_courses import site_course

from build_tools.checks.checked import checked_course
from build_tools.serve.page_swap import quick_swaps, swapped
from build_tools.serve.site_preview import SitePreview

pytestmark = pytest.mark.integration


def test_a_swapped_page_is_byte_for_byte_the_page_the_full_build_makes(tmp_path: Path):
    root = site_course(tmp_path, MINIMAL)
    site = SitePreview(tmp_path / "work")
    old = checked_course(root)
    built = site.build(old, tmp_path / "none", tmp_path / "none")
    edit(root, MODULE_EN, "put other work aside", "put your phone away")
    edit(root, MODULE, "放下手头的事情。", "关掉手机，看着对方。")
    new = checked_course(root)
    swaps = quick_swaps(old, new, built)
    assert swaps is not None and sorted(s.site_path for s in swaps) == ["en/modules/01-listening.html",
                                                                       "modules/01-listening.html"]
    full = site.build(new, tmp_path / "none", tmp_path / "none")
    for swap in swaps:
        quick = swapped((built / swap.site_path).read_text(encoding="utf-8"), swap)
        assert "关掉手机" in quick or "put your phone away" in quick
        assert quick == (full / swap.site_path).read_text(encoding="utf-8")


def test_a_new_heading_waits_for_the_full_build(tmp_path: Path):
    root = site_course(tmp_path, MINIMAL)
    site = SitePreview(tmp_path / "work")
    old = checked_course(root)
    built = site.build(old, tmp_path / "none", tmp_path / "none")
    edit(root, MODULE, "## 倾听练习 {#practice", "## 倾听的练习 {#practice")
    assert quick_swaps(old, checked_course(root), built) is None
