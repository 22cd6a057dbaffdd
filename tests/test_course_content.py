"""The first course as the seed defines it: every outline item a session, 360 minutes, teachable from the guide.

These tests are about the course in docs/, not the toolchain; the toolchain's code stays course-free
(see `test_build_tools_hold_nothing_course_specific`) and is tested on the fixture courses.
"""

from __future__ import annotations

import collections
import itertools
import re
from pathlib import Path

import pytest
import yaml
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from build_tools.checks.checked import checked_course
from build_tools.course.handouts import materials_items
from build_tools.course.links import link_target, linked_page_keys
from build_tools.course.model import Course, Edition
from build_tools.parts.output_files import deck_path
from build_tools.slides.word_budget import word_count
from build_tools.slides.wording import says

ROOT = Path(__file__).resolve().parents[1]
OPENING, CLOSING, RESTART = "opening", "closing", "afternoon-restart"
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
    seed_sessions = [s for s in course.sessions("zh") if s.id not in (OPENING, CLOSING, RESTART)]
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


TIMING = re.compile(r"(?:时间安排（(\d+)分钟|Timing \((\d+) minutes)")
SPAN = re.compile(r"(\d+(?::\d\d|\.\d+)?)–(\d+(?::\d\d|\.\d+)?)")


def minute(text: str) -> float:
    """`9.5` or `9:30` → 9.5."""
    whole, _, seconds = text.partition(":")
    return float(whole) + int(seconds) / 60 if seconds else float(text)


def timeline(session) -> tuple[int, float]:
    """(minutes the trainer notes announce, where their minute-by-minute plan ends)."""
    text = "\n".join(block.markdown for block in session.trainer_notes)
    found = TIMING.search(text)
    assert found, f"{session.source}: the trainer notes give no timing"
    plan = re.split(r"\n\s*\n(?=\*\*|[^\s-])", text[found.end():], maxsplit=1)[0]
    ends = [minute(end) for _, end in SPAN.findall(plan)]
    assert ends, f"{session.source}: the timing has no minute-by-minute plan"
    return int(found.group(1) or found.group(2)), max(ends)


def test_every_session_fits_its_minutes(course: Course):
    """The trainer's minute-by-minute plan announces the session's minutes and ends there (or in its last
    half-minute), in both languages: a session that asks for more than it has shows up here."""
    for language in ("zh", "en"):
        for session in course.sessions(language):
            announced, ends = timeline(session)
            assert announced == session.minutes, (session.source, announced, session.minutes)
            assert session.minutes - 0.5 <= ends <= session.minutes, (session.source, ends, session.minutes)


def test_a_session_under_ten_minutes_is_a_talk_or_the_restart(course: Course):
    """Five minutes holds a short talk and a minute of writing, not a group exercise."""
    for session in course.sessions("zh"):
        if session.minutes < 10:
            assert session.method is not None, session.source
            assert session.method.label("en") == "lecture" or session.id == RESTART, (session.source, session.minutes)


def test_the_day_has_a_buffer_before_lunch_and_before_the_end(course: Course):
    agenda = course.view("zh").agenda
    kinds = [item.pause.kind.value if item.pause else item.session.id for item in agenda.items]
    lunch = kinds.index("lunch")
    assert kinds[lunch - 1] == "buffer" and kinds[-1] == "buffer"
    assert kinds[lunch + 1] == RESTART  # the afternoon opens with the restart, not a talk
    buffers = [item for item in agenda.items if item.pause and item.pause.kind.value == "buffer"]
    assert [item.pause.minutes for item in buffers] == [5, 5]
    assert agenda.day_ends[-1] == course.settings.days[-1].end and agenda.overruns == ()


def test_the_agenda_and_the_run_sheet_show_the_buffers(course: Course):
    from build_tools.course.model import Edition
    from build_tools.pdf.document import build_document

    for language, word in (("zh", "机动时间"), ("en", "Flex time")):
        guide = build_document(course, language, Edition.FACILITATOR).html.replace("\u2060", "")  # word joiners
        run_sheet = guide[guide.index('id="run-sheet"'):]
        run_sheet = run_sheet[: run_sheet.index("</section>")]
        for when in ("12:15–12:20", "16:35–16:40"):
            assert f'<td class="time">{when}</td><td colspan="2">{word}</td>' in run_sheet, (language, when)
        workbook = build_document(course, language, Edition.PARTICIPANT).html.replace("\u2060", "")
        assert word in workbook and "16:35–16:40" in workbook


def test_the_restart_and_every_module_start_rotate_the_group_roles(course: Course):
    for language, word in (("zh", "记录员、计时员和汇报人"), ("en", "note-taker, timekeeper and reporter")):
        modules = course.modules[language]
        for module in modules[1:]:
            first = module.sessions[0]
            notes = " ".join(block.markdown for block in first.trainer_notes)
            assert word in notes, first.source


def test_the_agenda_page_has_a_cut_list_and_a_stretch_list_for_trainers_only(course: Course):
    """A morning and an afternoon cut list, each winning back ten minutes from its own half of the day."""
    for language, morning, afternoon, stretch in (("zh", "上午压缩清单", "下午压缩清单", "延伸清单"),
                                                  ("en", "Morning cut list", "Afternoon cut list", "Stretch list")):
        page = course.page("agenda", language)
        trainer = [b for b in page.blocks if b.kind.facilitator_only]
        text = "\n".join(b.markdown for b in trainer)
        assert morning in text and afternoon in text and stretch in text, page.source
        halves = ((text[text.index(morning): text.index(afternoon)], ("01-", "02-", "03-")),
                  (text[text.index(afternoon): text.index(stretch)], ("04-",)))
        for cuts, modules in halves:
            saved = [float(n) for n in re.findall(r"(?:省|saves )(\d+(?:\.\d+)?)", cuts)]
            assert len(saved) >= 4 and sum(saved) >= 10, saved
            targets = re.findall(r"\]\(modules/([^)#]+)#[^)]+\)", cuts)
            assert targets and all(t.startswith(modules) for t in targets), targets
        for target in re.findall(r"\]\((modules/[^)#]+)#([^)]+)\)", text):
            assert course.session(target[1], language) is not None, target


def test_the_senior_trainer_materials_exist(course: Course):
    """The rater form, the job aid, the scenario quiz, the toolkit (run-up, joining e-mail, tips, room checklist)
    and evaluation at four levels, in both languages; the handouts linked from the sessions that use them."""
    for language in ("zh", "en"):
        view = course.view(language)
        for key in ("workbook/rater-form", "workbook/job-aid", "workbook/scenario-quiz"):
            page = view.page(key)
            assert page is not None and page.handout is not None and page.handout.value == "participant", key
        toolkit = view.page("facilitator/trainer-toolkit")
        assert toolkit is not None and toolkit.facilitator_only
        ids = {heading.id for heading in toolkit.headings}
        assert {"toolkit-timeline", "toolkit-joining-email", "toolkit-room", "toolkit-evaluation",
                "tips-dominant", "tips-silent", "tips-refusal", "tips-emotion", "tips-class-size"} <= ids
        evaluation = "\n".join(toolkit.body_lines)
        for tool in ("m4-evaluation.md", "scenario-quiz.md", "rater-form.md"):
            assert tool in evaluation
        assert len(re.findall(r"^\| (?:第[一二三四]层|Level [1-4])", evaluation, re.MULTILINE)) == 4
        closing = course.session(CLOSING, language)
        linked = " ".join(item.text for item in materials_items(closing))
        assert all(k in " ".join(r.target for i in materials_items(closing) for r in i.references)
                   for k in ("scenario-quiz", "job-aid", "m4-evaluation")), linked


def test_the_scenario_quiz_answers_are_spread_over_the_letters(course: Course):
    """A key of all one letter can be guessed, which would make the before/after comparison worthless."""
    keys = []
    for language, pattern in (("zh", r"参考答案：(.+?)。"), ("en", r"Answer key: (.+?)\. ")):
        text = "\n".join(block.markdown for block in course.page("workbook/scenario-quiz", language).blocks)
        keys.append(re.findall(r"\d-([ABCD])", re.search(pattern, text).group(1)))
    assert keys[0] == keys[1] and len(keys[0]) == 6, keys
    assert len(set(keys[0])) >= 3 and max(keys[0].count(letter) for letter in "ABCD") <= 2, keys


def test_the_360_stays_anonymous_and_the_sponsor_sees_group_results_only(course: Course):
    """Raters are collected by the training team only; the manager is told their score is shown on its own."""
    words = {"zh": ("如果你是他的上级", "同事与下属", "不要自己去找人打分", "发起人只看到全班的汇总"),
             "en": ("If you are their manager", "peers and team", "Do not ask anyone",
                    "the course sponsor sees only the group summary")}
    for language, (manager, combined, no_self_collection, group) in words.items():
        rater, self_assessment, toolkit = (
            "\n".join(block.markdown for block in course.page(key, language).blocks)
            for key in ("workbook/rater-form", "workbook/self-assessment", "facilitator/trainer-toolkit"))
        assert manager in rater and combined in rater, language
        assert no_self_collection in self_assessment, language
        assert group in toolkit, language  # said in the joining e-mail


def test_the_evaluation_form_asks_for_agreement_not_satisfaction(course: Course):
    zh = "\n".join(course.page("workbook/m4-evaluation", "zh").body_lines)
    en = "\n".join(course.page("workbook/m4-evaluation", "en").body_lines)
    assert "非常同意" in zh and "满意" not in zh
    assert "strongly agree" in en and "satisf" not in en


def test_the_situational_case_defaults_to_a_senior_manager_outside_manufacturing(course: Course):
    """The audience is middle and senior managers: the default scenario is a director, the supervisor a variant."""
    for language, director, factory in (("zh", "总监", "车间"), ("en", "director", "workshop")):
        page = course.page("cases/situational-case", language)
        text = "\n".join(page.body_lines)
        scenario = text[text.index("{#scenario}"): text.index("{#questions}")]
        assert director in scenario and factory not in scenario, page.source
        assert "frontline-variant" in {heading.id for heading in page.headings}, page.source


def test_one_model_of_situational_leadership(course: Course):
    """Hersey and Blanchard's readiness levels with their own style names; SLII's names are not mixed in."""
    for language, styles, slii in (("zh", ("告知", "说服", "参与", "授权"), ("指令", "支持")),
                                   ("en", ("telling", "selling", "participating", "delegating"),
                                    ("directing", "supporting"))):
        plan = "\n".join(course.page("workbook/ksa-coaching-plan", language).body_lines)
        assert all(style in plan for style in styles) and all(f"R{n}" in plan for n in range(1, 5))
        table = plan[plan.index("| R1"): plan.index("| R4")]
        assert not any(word in table for word in slii), language


def test_the_360_directions_match_the_self_assessment(course: Course):
    session = course.session("ordinary-vs-effective", "zh")
    points = [point.term for point in session.key_points]
    assert not any("客户" in term for term in points)
    lines = course.page("workbook/self-assessment", "zh").body_lines
    header = next(line for line in lines if line.startswith("| 序号"))
    assert [c.strip() for c in header.split("|")[3:7]] == ["自评", "上级", "同事", "下属"]


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


def _checklist(course: Course, language: str) -> list[tuple[str, str]]:
    """(entry, quantity) of each row of the guide's materials checklist, as text, from the guide's own HTML."""
    from build_tools.course.model import Edition
    from build_tools.pdf.document import build_document

    html = build_document(course, language, Edition.FACILITATOR).html
    start = html.index('id="checklist"')
    section = html[start : html.index("</section>", start)]
    rows = []
    for row in re.findall(r'<tr><td class="tick">.*?</tr>', section, re.S):
        cells = [" ".join(re.sub(r"<[^>]+>", "", cell).replace("\u2060", "").split())
                 for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        rows.append((cells[1], cells[2]))
    return rows


def test_every_materials_entry_is_a_listed_material_or_a_handout(course: Course):
    from build_tools.checks.rules_materials import check_materials

    assert [f"{problem.source}: {problem.code}: {problem.message}" for problem in check_materials(course)] == []


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_guides_checklist_lists_each_material_once_with_its_quantity(course: Course, language: str):
    from build_tools.parts.materials import quantity

    settings = course.settings
    assert settings is not None and settings.materials is not None and settings.class_size is not None
    rows = _checklist(course, language)
    entries = [entry for entry, _ in rows]
    assert len(entries) == len(set(entries))
    for material in settings.materials.items:
        name = material.names[language]
        expected = quantity(material, settings.class_size, settings.materials.spare_percent)
        assert [(entry, amount) for entry, amount in rows if entry == name] == [(name, str(expected))], name
    # Every other row is a handout, once, at its first use, with its page: no material left over in its own words.
    names = {material.names[language] for material in settings.materials.items}
    handouts = [(entry, amount) for entry, amount in rows if entry not in names]
    # the copies to print in the quantity column, like the materials (issue 24), not in the entry's words
    assert handouts and all(amount.isdigit() and not re.search(r"印 \d+ 份|print \d+", entry)
                            for entry, amount in handouts)
    # One rule for every quantity (issue 24: 27 name cards beside "print 24"): what is handed out per participant
    # or group is the class's number plus the spare margin, handouts and materials alike.
    size, spare = settings.class_size, settings.materials.spare_percent
    per_participant = -(-size.participants * (100 + spare) // 100)
    per_group = -(-size.groups * (100 + spare) // 100)
    assert {amount for _, amount in handouts} <= {str(per_participant), str(per_group), str(size.trainers)}
    assert str(per_participant) in {amount for _, amount in handouts}
    name_cards = next(m for m in settings.materials.items if m.per.value == "participant" and m.count == 1)
    assert dict(rows)[name_cards.names[language]] == str(per_participant)


@pytest.fixture(scope="module")
def first_course_axe(first_course_site: Path, chromium_browser: object) -> dict[str, dict[str, list[str]]]:
    """axe's serious violations on every page of the first course's site at each width, in one pass (a page's
    verdict is kept until the page or the files it loads change: tests/kept_verdicts.py)."""
    from axe_check import axe_source, site_pages, site_violations

    pytest.importorskip("axe_playwright_python", reason="pip install -e '.[test]' (axe-core)")
    assert len(site_pages(first_course_site)) > 60
    return site_violations(chromium_browser, first_course_site, axe_source())


@pytest.mark.integration
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_every_page_of_the_site_passes_axe(first_course_axe: dict[str, dict[str, list[str]]], width: str) -> None:
    """axe-core (WCAG 2.0–2.2 A/AA, serious and critical) on every page of the first course's site, both languages."""
    assert first_course_axe[width] == {}, f"axe at {width} width"


@pytest.fixture(scope="module")
def first_course_site(course: Course, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first course's site, built by the site job (in this process, from the course already loaded and
    checked above) with small stand-ins for its PDFs and decks; the command itself: tests/site/test_properdocs.py."""
    from site_courses import stand_in_downloads

    from build_tools.pipeline.build import render_course

    folder = tmp_path_factory.mktemp("first-course-site")
    pdf_dir, slides_dir = stand_in_downloads(course, folder / "downloads")
    return render_course(course, "site", folder / "site", downloads=(pdf_dir, slides_dir), report=lambda line: None)


# --- the decks as a trainer presents them (issue 22) ---------------------------------------------

TEACHING = ("Title and Content", "Two Content", "Case and Discussion")
"""The layouts of key-point, discussion and case slides: the slides a trainer speaks to."""


@pytest.fixture(scope="module")
def decks(course: Course, tmp_path_factory: pytest.TempPathFactory) -> tuple[Course, Path]:
    """The first course's decks, built by the deck jobs as `make all` builds them."""
    from build_tools.pipeline.build import render_course

    out = tmp_path_factory.mktemp("first-course") / "slides"
    render_course(course, "decks", out, report=lambda line: None)
    return course, out


@pytest.mark.integration
@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_whole_course_deck_is_ready_to_present(decks: tuple[Course, Path], language: str) -> None:
    """As a trainer presents it: drawings in every module, notes where they are spoken, no duplicate titles."""
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    from build_tools.course.model import Edition
    from build_tools.course.schedule import clock
    from build_tools.parts.output_files import deck_path

    course, out = decks
    deck = Presentation(str(deck_path(out, course, language, None, Edition.FACILITATOR)))
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert [t for t, n in collections.Counter(titles).items() if n > 1] == []
    drawn = [n for n, slide in enumerate(deck.slides, 1)
             if any(s.shape_type == MSO_SHAPE_TYPE.GROUP and s.name.startswith("Diagram") for s in slide.shapes)]
    assert len(drawn) >= 12
    modules = [n for n, slide in enumerate(deck.slides, 1) if slide.slide_layout.name == "Title"][1:5]
    assert all(any(start <= n < end for n in drawn) for start, end in zip(modules, [*modules[1:], 10_000],
                                                                           strict=True))  # in every module
    every = [slide.notes_slide.notes_text_frame.text for slide in deck.slides]
    for number, slide in enumerate(deck.slides, 1):
        notes = every[number - 1]
        sizes = {run.font.size.pt for p in slide.notes_slide.notes_text_frame.paragraphs for run in p.runs}
        assert min(sizes, default=12) >= 10, (number, sizes)  # whole notes, never below sizes.min_notes
        assert "↑" not in notes, number
        if slide.slide_layout.name in TEACHING:  # its own notes: the session line, a heading and what to say
            # (or only the session line beside a slide of the same session that says it: a drawing on its own
            # slide and the points it introduces, or a list continued, share notes that are never repeated)
            siblings = [every[n] for n in (number - 2, number) if 0 <= n < len(every)
                        and every[n].splitlines()[:1] == notes.splitlines()[:1]]
            spoken = len([line for line in notes.splitlines() if line.strip()]) >= 3
            assert spoken or any(len(s.splitlines()) >= 3 for s in siblings), (number, notes)
    # the title slide gives the day as the agenda does, to the end of the buffer after the last session (16:40)
    agenda = course.view(language).agenda
    first = next(item for item in agenda.items if item.session is not None)
    when = f"{clock(first.start)}–{clock(agenda.day_ends[-1])}"
    assert agenda.items[-1].pause is not None and when in deck.slides[0].placeholders[1].text_frame.text
    pictures = [s for slide in deck.slides for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert pictures == []  # the PDCA picture is drawn as a native cycle now
    assert _thin_continuations(deck) == []


def _thin_continuations(deck: object) -> list[tuple[str, tuple[int, ...]]]:
    """The lists cut over "(k/n)" slides whose parts are not shared out evenly (one part thin beside a full one).

    A list is cut only by the room and the word budget (never by its notes, which stay whole on their
    slide), and `typeset.share` gives each part as many items as the others, give or take one.
    """
    parts: dict[str, list[tuple[str, ...]]] = collections.defaultdict(list)
    for slide in deck.slides:
        title = slide.shapes.title.text
        base, _, counter = title.rpartition(" (")
        if base and counter.rstrip(")").replace("/", "").isdigit() and slide.slide_layout.name != "Agenda":
            body = [shape for shape in slide.placeholders if shape.placeholder_format.idx == 1]
            items = tuple(p.text for p in body[0].text_frame.paragraphs if p.text.strip()) if body else ()
            parts[base].append(items)
    counts = {base: tuple(len(items) for items in shown if items) for base, shown in parts.items()}
    return [(base, sizes) for base, sizes in counts.items() if sizes and max(sizes) - min(sizes) > 1]


# --- the trainer review's slide findings on the first course's decks (small cases: tests/slides/test_review.py)

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
LABELS = {"en": ("Key points: ", "Discussion: ", "Case: "), "zh": ("要点：", "讨论：", "案例：")}
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _slides(decks: tuple[Course, Path], language: str, edition: Edition = Edition.FACILITATOR) -> list:
    course, out = decks
    return list(Presentation(str(deck_path(out, course, language, None, edition))).slides)


def _title(slide) -> str:
    return slide.shapes.title.text_frame.text.replace("\v", " ").replace("  ", " ")


def _body(slide) -> list[str]:
    return [p.text for ph in slide.placeholders if ph.placeholder_format.idx == 1 for p in ph.text_frame.paragraphs]


def _groups(slide) -> list:
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.GROUP and s.name.startswith("Diagram")]


@pytest.mark.integration
@pytest.mark.parametrize("language", ["en", "zh"])
def test_no_question_is_shown_again_for_its_notes_and_both_editions_show_the_same_slides(
        decks: tuple[Course, Path], language: str) -> None:
    trainer, participant = _slides(decks, language), _slides(decks, language, Edition.PARTICIPANT)
    shown = [(_title(s).rsplit(" (", 1)[0], _body(s)) for s in trainer]
    assert [a[0] for a, b in zip(shown, shown[1:], strict=False) if a == b and a[1]] == []
    facilitator_only = {_title(s) for s in trainer} - {_title(s) for s in participant}
    assert [_title(s) for s in participant] == [_title(s) for s in trainer if _title(s) not in facilitator_only]
    heading = {"en": "Trainer notes", "zh": "培训师备注"}[language]
    assert [_title(s) for s in participant if heading in s.notes_slide.notes_text_frame.text] == []
    long = [s for s in trainer if len(s.notes_slide.notes_text_frame.text) > 1500]
    assert long if language == "en" else True  # whole notes, over the old 1,500-character cut
    for slide in trainer:  # set to fit the notes page: 12 pt, smaller only for the longest
        sizes = {r.font.size.pt for p in slide.notes_slide.notes_text_frame.paragraphs for r in p.runs}
        assert sizes <= {10.0, 11.0, 12.0}, (_title(slide), sizes)


@pytest.mark.integration
@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_session_titles_its_slides_the_same_way(decks: tuple[Course, Path], language: str) -> None:
    slides = _slides(decks, language)
    key_points, discussion, case = LABELS[language]
    after_section = []
    for index, slide in enumerate(slides[:-1]):
        if slide.slide_layout.name == "Section":
            following = [s for s in slides[index + 1:index + 4] if not _groups(s)]  # diagrams keep their titles
            after_section.append(_title(following[0]))
    assert len(after_section) == 36
    label = key_points.strip(" :：")  # "与压力同行，快乐工作的五个要点" already says it: not labelled again
    assert [t for t in after_section if not t.startswith(key_points) and not says(t, label)] == []
    assert len([t for t in after_section if t.startswith(key_points)]) >= 35
    doubled = [t for t in map(_title, slides) for label in (key_points, discussion, case)
               if t.startswith(label) and says(t[len(label):], label.strip(" :："))]
    assert doubled == []
    assert {"en": "Case sharing: Questions", "zh": "案例分享：思考题"}[language] in map(_title, slides)


@pytest.mark.integration
@pytest.mark.parametrize("language", ["en", "zh"])
def test_no_slide_carries_more_words_than_its_budget(decks: tuple[Course, Path], language: str) -> None:
    over = []
    for number, slide in enumerate(_slides(decks, language), 1):
        layout = slide.slide_layout.name
        if layout in ("Title and Content", "Two Content", "Case and Discussion", "Closing"):
            words = word_count([_title(slide), *_body(slide)])
            if words > (180 if layout == "Case and Discussion" else 120):  # max_question_words, max_words
                over.append((number, _title(slide), words))
    assert over == []


@pytest.mark.integration
@pytest.mark.parametrize("language", ["en", "zh"])
def test_diagram_text_is_never_smaller_than_the_minimum(decks: tuple[Course, Path], language: str) -> None:
    sizes = {int(r.get("sz")) / 100 for slide in _slides(decks, language) for group in _groups(slide)
             for r in group._element.iter(f"{_A}rPr") if r.get("sz")}
    assert len(sizes) >= 1 and min(sizes) >= 18, sorted(sizes)


# --- the second review of the built decks (small cases: tests/slides/test_deck_polish.py)


@pytest.mark.integration
@pytest.mark.parametrize("language", ["en", "zh"])
def test_no_box_of_a_diagram_reaches_into_another(decks: tuple[Course, Path], language: str) -> None:
    """The five-tools hub (EN slide 131, ZH 129 before) laid its boxes B and E over the centre."""
    overlapping, hubs = [], 0
    for number, slide in enumerate(_slides(decks, language), 1):
        for group in _groups(slide):
            hubs += group.name.startswith("Diagram (hub)")
            boxes = [s for s in group.shapes if s.name.startswith("Diagram ")]  # items and points, not spokes
            overlapping += [(number, a.name, b.name) for a, b in itertools.combinations(boxes, 2)
                            if a.left < b.left + b.width and b.left < a.left + a.width
                            and a.top < b.top + b.height and b.top < a.top + a.height]
    assert hubs == 3 and overlapping == []


@pytest.mark.integration
@pytest.mark.parametrize("language", ["en", "zh"])
def test_questions_stay_on_one_slide_titled_by_their_role(decks: tuple[Course, Path], language: str) -> None:
    """A case's five questions were cut 3 + 2 by the key points' word budget; the situational case's slide was
    titled "Situational case — …" where every other case says "Case: …"."""
    _, discussion, case = LABELS[language]
    questions = [_title(s) for s in _slides(decks, language) if s.slide_layout.name == "Case and Discussion"]
    assert len(questions) == 42  # one per discussion box and case
    assert [t for t in questions if re.search(r"\(\d+/\d+\)$", t)] == []
    questions_word = {"en": ": Questions", "zh": "：思考题"}[language]
    assert [t for t in questions if not t.startswith((discussion, case)) and not t.endswith(questions_word)] == []
    assert {"en": "Case: An R&D director’s Friday", "zh": "案例：研发总监的周五"}[language] in questions


@pytest.mark.integration
def test_every_slides_notes_fit_a_printed_notes_page(course: Course) -> None:
    """The empathy-strategy notes were set at 9 pt, then printed at 10 pt (sizes.min_notes) with advice that they
    did not fit their notes page; the trainer notes were shortened in both languages (every step and timing kept),
    so no slide of the first course has notes that run off its printed page any more."""
    from build_tools.slides.render import plan_decks
    from build_tools.slides.settings import load_deck_settings

    advice: list = []
    plan_decks(course, load_deck_settings(ROOT), "en", "zh", advice=advice)
    assert [f"{p.source.path}:{p.source.line} [{p.code}]" for p in advice] == []


@pytest.mark.integration
def test_the_mnemonic_in_the_english_deck_keeps_its_punctuation_latin(decks: tuple[Course, Path]) -> None:
    runs = []
    for slide in _slides(decks, "en"):
        tree = etree.fromstring(etree.tostring(slide.shapes._spTree))
        for run in tree.iter(f"{_A}r"):
            text, lang = run.findtext(f"{_A}t") or "", run.find(f"{_A}rPr").get("lang")
            if HAN.search(text) or lang != "en-US":
                runs.append((lang, text))
    assert {"明", "聽", "儒"} <= {text for _, text in runs}
    assert [(lang, text) for lang, text in runs if not HAN.fullmatch(text[0]) or not all(
        HAN.match(c) for c in text)] == []


# --- the workbooks and guides as a print shop takes them (issue 24) --------------------------------

PDFS = [(language, edition) for language in ("zh", "en") for edition in ("participant", "facilitator")]


@pytest.fixture(scope="module")
def laid_out_pdfs(course: Course) -> dict[tuple[str, str], dict]:
    """What the print checks read of the first course's four PDFs, laid out by WeasyPrint exactly as the build
    writes them (tests/laid_out.py `print_facts`; kept between runs until the PDF or the engine changes)."""
    from laid_out import kept_print_facts

    from build_tools.course.model import Edition

    return {(language, edition): kept_print_facts(course, language, Edition(edition)) for language, edition in PDFS}


@pytest.mark.integration
@pytest.mark.parametrize("edition", ["participant", "facilitator"])
def test_no_line_of_the_chinese_pdfs_holds_one_character_alone(laid_out_pdfs, edition: str) -> None:
    """Issue 24: 17 lone characters in the workbook and 32 in the guide ("迟。"), then "周" and "儒）" in narrow
    table columns and "笔" as a one-character materials entry. Every line of every page, cells and margins too."""
    assert laid_out_pdfs["zh", edition]["lone"] == []


@pytest.mark.integration
@pytest.mark.parametrize(("language", "edition"), PDFS)
def test_every_running_header_is_one_line_and_a_split_box_says_so_where_it_splits(laid_out_pdfs, language, edition):
    """Issue 24: the header wrapped under a long chapter title, and a split trainer box was cued only there."""
    top = {"zh": "培训师备注（续）", "en": "Trainer notes (continued)"}[language]
    foot = {"zh": "（续下页）", "en": "(continued on next page)"}[language]
    pages = laid_out_pdfs[language, edition]["margins"]
    for number, page in enumerate(pages, start=1):
        header = page["@top-left"]
        assert len(page["@top-right"]) <= 1, f"p{number}: the edition wraps"
        assert header[1:] in ([], [top]), f"p{number}: the header wraps: {header}"
        continues = number < len(pages) and pages[number]["@top-left"][1:] == [top]
        assert page["@bottom-right"] == ([foot] if continues else []), f"p{number}"


@pytest.mark.integration
@pytest.mark.parametrize(("language", "edition"), PDFS)
def test_no_page_holds_only_an_introduction_of_what_follows_overleaf(laid_out_pdfs, language, edition):
    """Issue 24: the scenario quiz's title and introduction alone on a page, its questions on the next."""
    assert laid_out_pdfs[language, edition]["introductions_alone"] == []


@pytest.mark.integration
@pytest.mark.parametrize(("language", "edition"), PDFS)
def test_no_page_holds_only_the_box_that_closes_a_course_page(laid_out_pdfs, language, edition):
    """A review: "Materials" alone on a page before the next course page (two guides), a last question with its
    answer lines alone (two workbooks). The box takes the lines before it along (pdf/pages.py)."""
    assert laid_out_pdfs[language, edition]["closing_boxes_alone"] == []


@pytest.mark.integration
@pytest.mark.parametrize(("language", "edition"), PDFS)
def test_no_session_closing_box_starts_a_page_away_from_its_session(laid_out_pdfs, language, edition):
    """A trainer's review: "Materials" at the top of pages in the middle of a course page, its session on the page
    before (English guide pp. 30, 74, 77, 102, 118; Chinese guide pp. 26, 50, 53, 67-70, 86, 101). Every session's
    short closing box takes the last lines before it along (pdf/pages.py)."""
    assert laid_out_pdfs[language, edition]["session_ends_on_top"] == []


@pytest.mark.integration
@pytest.mark.parametrize(("language", "edition"), PDFS)
def test_no_page_is_left_half_blank_before_a_box_that_splits_anyway(laid_out_pdfs, language, edition):
    """A trainer's review: trainer notes longer than a page moved to a new page whole, leaving the page before it
    half blank, and then split all the same (English guide p. 107, Chinese guide p. 94)."""
    assert laid_out_pdfs[language, edition]["blank_before_split_boxes"] == []


@pytest.mark.integration
@pytest.mark.parametrize(("language", "edition"), PDFS)
def test_no_page_starts_with_a_tables_last_row_or_two_alone(laid_out_pdfs, language, edition):
    """A trainer's review: the run sheet's last two rows alone at the top of a page (Chinese guide p. 13). A table's
    last three rows stay together (pdf/table_layout.py; the run sheet's and the checklist's in workbook.css)."""
    assert laid_out_pdfs[language, edition]["table_tails"] == []


@pytest.mark.integration
@pytest.mark.parametrize(("language", "edition"), PDFS)
def test_no_page_is_left_a_third_blank_before_a_stacked_handout_card(laid_out_pdfs, language, edition):
    """A trainer's review: the self-assessment's themes each moved whole to a new page and left four pages in a row
    half empty (English workbook pp. 24–27). A tall card with a stacked table breaks between its records
    (pdf/record_cards.py)."""
    assert laid_out_pdfs[language, edition]["blank_before_record_cards"] == []


@pytest.mark.integration
@pytest.mark.parametrize(("language", "edition"), PDFS)
def test_nothing_reaches_past_the_text_area(laid_out_pdfs, language, edition):
    """A trainer's review: the guide's materials checklist ran 13 mm into the right margin (its five columns' widths
    added up to 109 %), where a printer may cut off the count of sessions that use each item."""
    assert laid_out_pdfs[language, edition]["past_the_text_area"] == []


@pytest.mark.integration
@pytest.mark.parametrize(("language", "edition"), PDFS)
def test_the_cover_prints_without_bleed(course: Course, laid_out_pdfs, language, edition):
    """Issue 24: the navy full-bleed cover came out of office printers with a white frame, and a print shop needs
    bleed for it; the first course uses the printer-friendly cover (README, `printable_cover`)."""
    assert course.settings is not None and course.settings.printable_cover
    page_type, background_alpha = laid_out_pdfs[language, edition]["cover"]
    assert page_type == "cover-printable"
    assert background_alpha == 0  # white paper: nothing printed to the edge


@pytest.mark.integration
@pytest.mark.parametrize(("language", "edition"), PDFS)
def test_every_blank_write_in_cell_has_room_to_write_by_hand(laid_out_pdfs, language, edition):
    """Issue 24: the observer sheet's cells were 7.4 mm high in the guide. Every cell left blank for writing, in
    every handout of both editions, is at least 35 × 12 mm."""
    cells = laid_out_pdfs[language, edition]["blank_cells"]
    assert len(cells) > 100
    small = [(number, round(width, 1), round(height, 1)) for number, width, height in cells
             if width < 35 or height < 12]
    assert small == []


@pytest.mark.integration
@pytest.mark.parametrize(("language", "edition"), PDFS)
def test_a_page_that_starts_a_chapter_is_headed_by_it(laid_out_pdfs, language, edition):
    """Issue 24: case pages carried the previous worksheet's running header."""
    facts = laid_out_pdfs[language, edition]
    headed = 0
    for number, (starts, margins) in enumerate(zip(facts["chapter_starts"], facts["margins"], strict=True), start=1):
        if starts:
            shown = (margins["@top-left"] or [""])[0]
            cut = shown.removesuffix("…").replace(" ", "")
            assert starts[0].replace(" ", "").startswith(cut) and cut, f"p{number}: '{shown}' over '{starts[0]}'"
            headed += 1
    assert headed > 30
