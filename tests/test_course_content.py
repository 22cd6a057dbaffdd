"""The first course as the seed defines it: every outline item a session, 360 minutes, teachable from the guide.

These tests are about the course in docs/, not the toolchain; the toolchain's code stays course-free
(see `test_build_tools_hold_nothing_course_specific`) and is tested on the fixture courses.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from build_tools.checks.checked import checked_course
from build_tools.course.handouts import materials_items
from build_tools.course.links import link_target, linked_page_keys
from build_tools.course.model import Course

ROOT = Path(__file__).resolve().parents[1]
OPENING, CLOSING = "opening", "closing"
HANDOUT_WORDS = re.compile(r"表|卡|单|脚本|讲义|问卷|sheet|card|script|form|handout|questionnaire", re.IGNORECASE)


@pytest.fixture(scope="module")
def course() -> Course:
    """The repository's first course, loaded and checked (fails if `make check` would)."""
    return checked_course(ROOT)


SEED_MODULES = [
    "角色解读——高效管理者的行为演绎",
    "角色思考——高效管理者的工作变革",
    "角色塑造——高效管理者的角色塑造",
    "角色转换——高效管理者的价值定位",
]
SEED_SESSIONS = [
    "探求与分享管理者的管理度——管理者的发展探讨",
    "分析普通与高效之间的区别——360度系统思考",
    "了解管理者常犯的错误盲点——管理者的三大管理陷阱",
    "扫描管理者发展面临的困惑——职业/团队/素养/目标",
    "解读高效管理者的素质模型——管理者发展模型的解析",
    "视频案例——高效管理者的角色演绎",
    "管理对象——人力/问题/资源/方法/机制/环境",
    "岗位职责——绩效/承诺/品质/盈亏/安全/士气",
    "工作行为——PDCA循环改善与提升",
    "人际关系——角色五位关系转换",
    "工作权限——人格权利的有效运用",
    "情境案例",
    "树立职业化理念——一变/二改/三身/四心",
    "塑造职业化精神——缺什么别缺职业化精神",
    "培养职业化心态——拿热情的心去交换成功",
    "缓解职业化压力——与压力同行,快乐工作的五个要点",
    "提升职业化素养——成就自我,让价值螺旋式上升",
    "案例分享",
    "探求作为下属管理者的角色错位",
    "分析作为下属执行难的根源是什么",
    "解读作为下属管理者的职业准则",
    "如何做一名出色的计划执行者——执行策略",
    "视频案例——工作中的执行变数",
    "为什么不能把同事看成内部客户",
    "改善内部客户关系所需要的条件",
    "改善内部客户关系的有效策略——3A法则",
    "改善内部客户关系的同理艺术——同理同心策略",
    "视频案例——自己的部门价值最大",
    "作为上司管理者的角色错位与转换",
    "准确扮演作为上司管理者的角色——绩效创造者/激励教导者",
    "管理者与领导者的思维导向——凝聚人心/激励人在",
    "如何做一名优秀的教练型领导者——教练“五用”技巧",
    "训练——头脑风暴决策训练",
]


def normalise(title: str) -> str:
    """Compare titles as the seed writes them, whatever the comma width."""
    return title.replace("，", ",").replace(" ", "")


def test_every_seed_item_is_a_session_with_the_seed_title_in_order(course: Course):
    assert [normalise(m.title) for m in course.modules["zh"]] == SEED_MODULES
    seed_sessions = [s for s in course.sessions("zh") if s.id not in (OPENING, CLOSING)]
    assert [normalise(s.title) for s in seed_sessions] == SEED_SESSIONS


def test_the_day_opens_and_closes(course: Course):
    sessions = course.sessions("zh")
    assert sessions[0].id == OPENING and sessions[-1].id == CLOSING
    closing = " ".join(b.markdown for b in sessions[-1].blocks)
    assert "action-plan" in closing and "m4-evaluation" in closing  # the action plan and the evaluation form


def test_the_day_is_six_teaching_hours_and_module_four_is_the_largest(course: Course):
    minutes = [m.session_minutes for m in course.modules["zh"]]
    assert sum(minutes) == 360 == course.settings.teaching_minutes
    assert max(minutes) == minutes[3]
    assert course.settings.class_size is not None


def test_no_module_has_more_than_two_short_sessions(course: Course):
    for module in course.modules["zh"]:
        short = [s.id for s in module.sessions if s.minutes < 10]
        assert len(short) <= 2, (module.title, short)


def test_each_session_has_purpose_points_question_and_trainer_notes(course: Course):
    for language in ("zh", "en"):
        for session in course.sessions(language):
            assert session.purpose is not None, session.source
            assert 3 <= len(session.key_points) <= 6, (session.source, len(session.key_points))
            assert all(point.term for point in session.key_points), session.source
            assert session.questions and session.trainer_notes and session.materials, session.source


def test_every_handout_a_materials_list_names_is_linked(course: Course):
    for language in ("zh", "en"):
        view = course.view(language)
        for session in view.sessions:
            for item in materials_items(session):
                on_screen = re.search(r"幻灯片|挂图|席卡|桌卡|便利贴|slide|flip[- ]chart|name card|sticky",
                                      item.text, re.IGNORECASE)
                if HANDOUT_WORDS.search(item.text) and not on_screen and not item.references:
                    pytest.fail(f"{item.source}: '{item.text}' names a handout but does not link it")
                for reference in item.references:
                    target = link_target(session.page, reference.target)
                    page = view.page(target.page_key) if target and target.page_key else None
                    assert page is not None and page.handout is not None, reference.source
        handouts = [p for p in view.pages if p.handout is not None]
        assert len(handouts) >= 15


def test_video_cases_can_run_without_a_clip(course: Course):
    scripts = [p for p in course.pages_in("zh") if p.facilitator_only and "script" in p.key]
    assert len(scripts) == 3
    for case in course.view("zh").cases:
        session = course.session(case.session_id, "zh")
        if session is not None and session.method is not None and session.method.label("en") == "video":
            linked = {key for key, _, _ in linked_page_keys(case.page)} | {
                key for b in session.blocks for key, _, _ in linked_page_keys(session.page) if b}
            assert any(p.key in linked for p in scripts), case.page.source


def test_every_section_of_the_english_is_current(course: Course):
    from build_tools.course.translations import all_states

    states = [s for s in all_states(course, course.translations) if s.state != "current"]
    assert states == []


def test_no_placeholder_text_anywhere():
    pattern = re.compile(r"TODO|TBD|待补充|待完善|lorem|ipsum|xxx", re.IGNORECASE)
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "docs").rglob("*.md"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_build_tools_hold_nothing_course_specific(course: Course):
    settings = yaml.safe_load((ROOT / "docs" / "course.yml").read_text(encoding="utf-8"))
    needles = {settings["title"]["zh"], settings["title"]["en"], settings["audience"]["zh"]}
    needles |= {m.title for lang in ("zh", "en") for m in course.modules[lang]}
    needles |= {s.id for s in course.sessions("zh") if len(s.id) > 8}
    code = {
        path: path.read_text(encoding="utf-8") for path in (ROOT / "build_tools").rglob("*") if path.is_file()
        and path.suffix in (".py", ".j2", ".css", ".sh", ".yml")
        and "__pycache__" not in path.parts
    }
    found = [(str(p.relative_to(ROOT)), needle) for p, text in code.items() for needle in needles if needle in text]
    found += [(str(path.relative_to(ROOT)), "360") for path, text in code.items() if re.search(r"\b360\b", text)]
    assert found == []


@pytest.mark.integration
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_every_page_of_the_site_passes_axe(first_course_site: Path, width: str) -> None:
    """axe-core (WCAG 2.0–2.2 A/AA, serious and critical) on every page of the first course's site, both languages."""
    from axe_check import CHROMIUM, axe_source, pages_violations, served, site_pages

    playwright_api = pytest.importorskip("playwright.sync_api")
    pytest.importorskip("axe_playwright_python", reason="pip install -e '.[test]' (axe-core)")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    pages = site_pages(first_course_site)
    assert len(pages) > 60
    with served(first_course_site) as root, playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        found = pages_violations(browser, root, pages, axe_source(), width)
        browser.close()
    assert found == {}, f"axe at {width} width"


@pytest.fixture(scope="module")
def first_course_site(course: Course, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first course's site, built by the real command with small stand-ins for its PDFs and decks."""
    import os
    import subprocess
    import sys

    from site_courses import stand_in_downloads

    folder = tmp_path_factory.mktemp("first-course-site")
    pdf_dir, slides_dir = stand_in_downloads(course, folder / "downloads")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "build_tools", "site", "--out", str(folder / "site"),
                             "--pdf", str(pdf_dir), "--slides", str(slides_dir)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder / "site"
