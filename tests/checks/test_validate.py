"""Each check, on the minimal fixture course with one deliberate mistake, reports exactly this text."""

from __future__ import annotations

from pathlib import Path

import pytest
from course_copies import MINIMAL, THREE_LANGUAGES, TWO_DAY, copy_course, edit

from build_tools.checks.rules import validate
from build_tools.course import localise
from build_tools.course.load import load_course


def problems_of(course: Path) -> list[str]:
    result = load_course(course)
    return sorted(f"{p.source}: {p.message} [{p.code}]" for p in list(result.problems) + validate(result.course))


def test_minimal_course_has_no_problems():
    assert problems_of(MINIMAL) == []


MODULE1 = "docs/modules/01-listening.md"
MODULE2 = "docs/modules/02-feedback.md"
MODULE2_EN = "docs/modules/02-feedback.en.md"

CASES = [
    pytest.param(
        "docs/course.yml",
        "teaching_minutes: 60",
        "teaching_minutes: 60\nlanguage: zh",
        ["docs/course.yml:7: unknown course setting 'language' [settings.unknown_key]"],
        id="settings.unknown_key",
    ),
    pytest.param(
        "docs/course.yml", "  - start: \"09:00\"", "\u3000\u3000- start: \"09:00\"",
        ["docs/course.yml:8: this line is indented with full-width or no-break spaces: indent with ordinary spaces "
         "[settings.invalid]"],
        id="settings.invalid-full-width-indent",
    ),
    pytest.param(
        "docs/course.yml", 'end: "10:15"', "end: 10:75",
        ["docs/course.yml:7: 3 session(s) do not fit into the day plan, from '倾听的基础' "
         "(docs/modules/01-listening.md:13) [timing.day_end]",
         "docs/course.yml:8: the agenda ends at 09:00, the day plan says 00:00 [timing.day_end]",
         "docs/course.yml:9: day 1 'end' must be a clock time like \"09:00\", not '10:75' [settings.invalid]"],
        id="settings.invalid-clock-unquoted",
    ),
    pytest.param(
        "docs/course.yml", "edition: 2026-01-15", "edition: 2026-02-30",
        ["docs/course.yml:5: '2026-02-30' cannot be read: day is out of range for month [settings.invalid]"],
        id="settings.invalid-date",
    ),
    pytest.param(
        "docs/course.yml",
        "subtitle: {zh: 测试用, en: For tests}\n",
        "",
        ["docs/course.yml:1: course setting 'subtitle' is missing [settings.missing]"],
        id="settings.missing",
    ),
    pytest.param(
        "docs/course.yml",
        "kind: break",
        "kind: nap",
        [
            "docs/course.yml:11: pause kind must be 'break', 'lunch' or 'buffer', not 'nap' [settings.invalid]",
            "docs/course.yml:8: the agenda ends at 10:00, the day plan says 10:15 [timing.day_end]",
        ],
        id="settings.invalid",
    ),
    pytest.param(
        MODULE1,
        "minutes: 30\n",
        "minutes: 30\nminuts: 20\n",
        [f"{MODULE1}:4: unknown front-matter key 'minuts' [page.unknown_key]"],
        id="page.unknown_key",
    ),
    pytest.param(
        MODULE1,
        "kind: module\nminutes: 30\n",
        "kind: module\n",
        [
            f"{MODULE1}.en.md:1: 'minutes' is 30 here but absent in {MODULE1} [i18n.front_matter]".replace(
                ".md.en.md", ".en.md"
            ),
            f"{MODULE1}:1: module page has no 'minutes' in its front matter [page.missing_key]",
        ],
        id="page.missing_key",
    ),
    pytest.param(
        "docs/cases/late-report.md",
        "session: feedback-case",
        "session: feedback",
        [
            "docs/cases/late-report.en.md:1: 'session' is 'feedback-case' here but 'feedback' in "
            "docs/cases/late-report.md [i18n.front_matter]",
            "docs/cases/late-report.md:3: no session has the id 'feedback' [session.unknown]",
        ],
        id="session.unknown",
    ),
    pytest.param(
        "docs/index.md",
        "## 日程 {#agenda}",
        "#### 日程 {#agenda}",
        ["docs/index.md:8: heading jumps from level 1 to level 4 [heading.jump]"],
        id="heading.jump",
    ),
    pytest.param(
        "docs/index.md",
        "## 日程 {#agenda}",
        "## 日程 {#home}",
        [
            "docs/index.en.md:8: '#agenda' here, but docs/index.md:8 has '#home' at this position [i18n.structure]",
            "docs/index.md:8: id 'home' is already used on line 4 [heading.duplicate_id]",
        ],
        id="heading.duplicate_id",
    ),
    pytest.param(
        MODULE1,
        "## 学习目标 {#objectives}\n\n- 学会倾听",
        "## 学习目标 {#objectives}\n\n学会倾听",
        [f"{MODULE1}:9: module has no learning objectives [module.no_objectives]"],
        id="module.no_objectives",
    ),
    pytest.param(
        MODULE1,
        "{#basics minutes=20 method=讲授}",
        "{#basics minutes=20 method=讲座}",
        [f"{MODULE1}:13: session has an unknown method '讲座' (this course's methods: "
         "讲授, 案例分析, 小组讨论, 角色演练, 分享, 视频, 训练) [session.method]"],
        id="session.method",
    ),
    pytest.param(
        MODULE1,
        "!!! trainer",
        "- 列表\n    !!! trainer",
        [
            f"{MODULE1}:25: '!!! trainer \"培训师备注\"' is indented: only a box at the start of a line is hidden "
            "from participants for sure "
            "[block.nested_facilitator]"
        ],
        id="block.nested_facilitator",
    ),
    pytest.param(
        MODULE1,
        "minutes=20 method=讲授",
        "minutes=25 method=讲授",
        [
            f"{MODULE1}:13: session 'basics' has 20 min here but 25 min at {MODULE1}:13 [i18n.session]".replace(
                f"{MODULE1}:13: session", "docs/modules/01-listening.en.md:13: session"
            ),
            f"{MODULE1}:3: sessions add up to 35 min, module says 30 [timing.module_sum]",
            f"{MODULE1}:30: session runs 09:25–09:35, across the break at 09:30 [timing.crosses_pause]",
        ],
        id="timing.module_sum",
    ),
    pytest.param(
        "docs/course.yml",
        "teaching_minutes: 60",
        "teaching_minutes: 90",
        ["docs/course.yml:6: modules add up to 60 min, the course says 90 [timing.course_sum]"],
        id="timing.course_sum",
    ),
    pytest.param(
        "docs/course.yml",
        'end: "10:15"',
        'end: "10:30"',
        ["docs/course.yml:8: the agenda ends at 10:15, the day plan says 10:30 [timing.day_end]"],
        id="timing.day_end",
    ),
    pytest.param(
        MODULE2_EN,
        'method="case study"',
        "method=lecture",
        [f"{MODULE2_EN}:13: session 'feedback-case' is 'lecture' here but '案例分析' at {MODULE2}:13 [i18n.session]"],
        id="i18n.session",
    ),
    pytest.param(
        "docs/index.en.md",
        "how to give feedback",
        "how to give comments",
        [
            "docs/index.en.md:4: the Chinese page uses '反馈' (line 6) but this page never says 'feedback' "
            "[i18n.term]"
        ],
        id="i18n.term",
    ),
    pytest.param(
        "docs/glossary.md",
        "| 反馈 | feedback | 告诉对方他的行为带来的影响 |",
        "| 反馈 |",
        ["docs/glossary.md:8: glossary row has an empty term [glossary.table]"],
        id="glossary.table",
    ),
    pytest.param(
        MODULE2,
        "01-listening.md#basics",
        "01-listen.md#basics",
        [f"{MODULE2}:7: '01-listen.md#basics' does not match any page [link.missing_page]"],
        id="link.missing_page",
    ),
    pytest.param(
        MODULE2,
        "01-listening.md#basics",
        "01-listening.md#basic",
        [f"{MODULE2}:7: '01-listening.md#basic': {MODULE1} has no anchor '#basic' [link.missing_anchor]"],
        id="link.missing_anchor",
    ),
    pytest.param(
        MODULE2,
        "01-listening.md#basics",
        "../../README.md",
        [f"{MODULE2}:7: '../../README.md' points outside docs/ [link.outside_docs]"],
        id="link.outside_docs",
    ),
    pytest.param(
        MODULE2,
        "阅读[案例]",
        "![图](../assets/images/none.png)阅读[案例]",
        [f"{MODULE2}:15: image '../assets/images/none.png' does not exist [link.missing_image]"],
        id="link.missing_image",
    ),
    pytest.param(
        MODULE2,
        "阅读[案例]",
        "![](../assets/images/none.png)阅读[案例]",
        [f"{MODULE2}:15: image '../assets/images/none.png' does not exist [link.missing_image]",
         f"{MODULE2}:15: image '../assets/images/none.png' has no alt text: a screen reader says nothing for it "
         "(the site, the tagged PDF and the slides show it) [link.no_alt]"],
        id="link.no_alt",
    ),
    pytest.param(
        MODULE2,
        "阅读[案例]",
        "![图](https://example.com/a.png)阅读[案例]",
        [f"{MODULE2}:15: image 'https://example.com/a.png' is on the internet [link.remote_image]"],
        id="link.remote_image",
    ),
    pytest.param(
        MODULE2,
        "阅读[案例]",
        "[网站](https://example)阅读[案例]",
        [f"{MODULE2}:15: 'https://example' is not a valid web address [link.bad_url]"],
        id="link.bad_url",
    ),
    pytest.param(
        MODULE1, "kind: module", "kind: lesson",
        [f"{MODULE1}:2: unknown page kind 'lesson' (allowed: home, agenda, module, session, case, worksheet, reading, "
         "glossary, downloads, page) [page.invalid_value]"],  # no follow-on problems from the unknown kind
        id="page.invalid_value",
    ),
    pytest.param(
        MODULE1, "# 倾听 {#listening}\n", "",
        [f"{MODULE1}:1: page does not start with a level-1 heading [page.no_title]",
         "docs/modules/01-listening.en.md:5: '#listening' here, but docs/modules/01-listening.md:8 has '#objectives' "
         "at this position [i18n.structure]"],
        id="page.no_title",
    ),
    pytest.param(
        MODULE1, "# 倾听 {#listening}", "# 倾听",
        [f"{MODULE1}:5: heading '倾听' has no {{#id}} [heading.missing_id]",
         "docs/modules/01-listening.en.md:5: '#listening' here, but docs/modules/01-listening.md:5 has heading '倾听' "
         "at this position [i18n.structure]"],
        id="heading.missing_id",
    ),
    pytest.param(
        "docs/modules/02-feedback.md", "## 反馈案例 {#feedback-case minutes=30 method=案例分析}",
        "## 反馈案例 {#feedback-case}",
        ["docs/modules/02-feedback.md:1: module has no sessions [module.no_sessions]",
         "docs/cases/late-report.md:3: no session has the id 'feedback-case' [session.unknown]"],
        id="module.no_sessions",
    ),
    pytest.param(
        MODULE1, "## 倾听练习 {#practice minutes=10 method=训练}", "#### 倾听练习 {#practice minutes=10 method=训练}",
        [f"{MODULE1}:30: heading jumps from level 2 to level 4 [heading.jump]",
         f"{MODULE1}:30: session is a level-4 heading on a module page [session.level]"],
        id="session.level",
    ),
    pytest.param(
        MODULE1, "{#practice minutes=10 method=训练}", "{#basics2 minutes=10 method=训练}",
        ["docs/modules/01-listening.en.md:30: '#practice' here, but docs/modules/01-listening.md:30 has '#basics2' "
         "at this position [i18n.structure]"],
        id="i18n.structure",
    ),
    pytest.param(
        "docs/modules/02-feedback.md", "{#feedback-case minutes=30 method=案例分析}",
        "{#basics minutes=30 method=案例分析}",
        ["docs/modules/02-feedback.md:13: session id 'basics' is also used at docs/modules/01-listening.md:13 "
         "[session.duplicate_id]",
         "docs/modules/02-feedback.en.md:13: '#feedback-case' here, but docs/modules/02-feedback.md:13 has '#basics' "
         "at this position [i18n.structure]",
         "docs/modules/01-listening.en.md:13: session 'basics' has 20 min here but 30 min at "
         "docs/modules/02-feedback.md:13 [i18n.session]",
         "docs/modules/01-listening.en.md:13: session 'basics' is 'lecture' here but '案例分析' at "
         "docs/modules/02-feedback.md:13 [i18n.session]",
         "docs/cases/late-report.md:3: no session has the id 'feedback-case' [session.unknown]"],
        id="session.duplicate_id",
    ),
    pytest.param(
        MODULE1, "- **提问**：用开放式问题深入。", "- **提问**：用开放式问题深入。\n  - 例如：为什么？",
        [f"{MODULE1}:20: list item indented by 2 space(s) [block.list_indent]"],
        id="block.list_indent",
    ),
    pytest.param(
        "docs/index.md", "<!-- course:agenda -->", "<!-- course:schedule -->",
        ["docs/index.md:10: unknown marker 'course:schedule' (known: course:agenda, course:modules, course:downloads) "
         "[block.unknown_marker]",
         "docs/index.en.md:10: 'course:agenda' here, but docs/index.md:10 has 'course:schedule' at this position "
         "[i18n.structure]"],
        id="block.unknown_marker",
    ),
    pytest.param(
        MODULE1, "{#basics minutes=20 method=讲授}", "{#basics minutes=twenty method=讲授}",
        [f"{MODULE1}:13: session has minutes=twenty; it needs positive whole minutes [session.minutes]",
         f"{MODULE1}:3: sessions add up to 10 min, module says 30 [timing.module_sum]",
         "docs/modules/01-listening.en.md:13: session 'basics' has 20 min here but 0 min at "
         "docs/modules/01-listening.md:13 [i18n.session]",
         "docs/modules/02-feedback.md:13: session runs 09:10–09:40, across the break at 09:30 [timing.crosses_pause]",
         "docs/course.yml:8: the agenda ends at 09:40, the day plan says 10:15 [timing.day_end]"],
        id="session.minutes",
    ),
    pytest.param(
        "docs/course.yml", '{start: "09:30", minutes: 15, kind: break}', '{start: "09:10", minutes: 15, kind: break}',
        [f"{MODULE1}:13: session runs 09:00–09:20, across the break at 09:10 [timing.crosses_pause]",
         "docs/course.yml:8: the agenda ends at 10:05, the day plan says 10:15 [timing.day_end]"],
        id="timing.crosses_pause",
    ),
    pytest.param(
        "docs/modules/01-listening.en.md", "minutes: 30", "minutes: 30\nfacilitator_only: true",
        ["docs/modules/01-listening.en.md:1: 'facilitator_only' is True here but absent in "
         "docs/modules/01-listening.md [i18n.front_matter]",
         "docs/modules/02-feedback.en.md:7: participants see this link, but docs/modules/01-listening.en.md is for "
         "facilitators only (it is not on the site or in the workbook) [link.facilitator_only]"],
        id="i18n.front_matter",
    ),
    pytest.param(
        MODULE1, '!!! trainer "培训师备注"', '!!!trainer "培训师备注"',
        [f"{MODULE1}:24: this looks like a facilitator block but '!!!trainer \"培训师备注\"' is not written exactly "
         "'!!! trainer \"…\"' or '!!! materials \"…\"': participants would see it [block.facilitator_spelling]"],
        id="block.facilitator_spelling",
    ),
    pytest.param(
        MODULE1, '!!! trainer "培训师备注"', '!!! Trainer "培训师备注"',
        [f"{MODULE1}:24: this looks like a facilitator block but '!!! Trainer \"培训师备注\"' is not written exactly "
         "'!!! trainer \"…\"' or '!!! materials \"…\"': participants would see it [block.facilitator_spelling]"],
        id="facilitator_spelling-capital",
    ),
    pytest.param(
        MODULE1, '!!! trainer "培训师备注"', '!!! trainer note "培训师备注"',
        [f"{MODULE1}:24: this looks like a facilitator block but '!!! trainer note \"培训师备注\"' is not written "
         "exactly '!!! trainer \"…\"' or '!!! materials \"…\"': participants would see it "
         "[block.facilitator_spelling]"],
        id="facilitator_spelling-two-words",
    ),
    pytest.param(
        MODULE1, '!!! trainer "培训师备注"\n    先请', '!!! trainer "培训师备注"\n\t先请',
        [f"{MODULE1}:24: this looks like a facilitator block but its body is indented with a tab, not 4 spaces: "
         "participants would see it [block.facilitator_spelling]"],
        id="facilitator_spelling-tab",
    ),
    pytest.param(
        MODULE1, '!!! trainer "培训师备注"', '！！！ trainer "培训师备注"',
        [f"{MODULE1}:24: this looks like a facilitator block but '！！！ trainer \"培训师备注\"' holds full-width, "
         "no-break or invisible characters: participants would see it [block.facilitator_spelling]"],
        id="facilitator_spelling-full-width",
    ),
    pytest.param(
        MODULE1, '!!! trainer "培训师备注"', '!!! trai\u200bner "培训师备注"',
        [f"{MODULE1}:24: this looks like a facilitator block but '!!! trai\u200bner \"培训师备注\"' holds full-width, "
         "no-break or invisible characters: participants would see it [block.facilitator_spelling]"],
        id="facilitator_spelling-zero-width",
    ),
    pytest.param(
        MODULE1, "    先请两位学员分享亲身经历，再讲要点。", "    先请两位学员分享亲身经历。\n\n  再讲要点。",
        [f"{MODULE1}:27: this line is not indented by 4 spaces, so it ends the '!!! trainer \"培训师备注\"' block "
         "of line 24: participants would see it [block.facilitator_spelling]"],
        id="facilitator_spelling-two-space-body",
    ),
    pytest.param(
        MODULE1, "    先请两位学员分享亲身经历，再讲要点。",
        "    先请两位学员分享亲身经历。\n\n\u00a0\u00a0\u00a0\u00a0再讲要点。",
        [f"{MODULE1}:27: this line is not indented by 4 spaces, so it ends the '!!! trainer \"培训师备注\"' block "
         "of line 24: participants would see it [block.facilitator_spelling]"],
        id="facilitator_spelling-nbsp-body",
    ),
    pytest.param(
        MODULE1, '!!! trainer "培训师备注"\n    先请', '> !!! trainer "培训师备注"\n>     先请',
        [f"{MODULE1}:24: '!!! trainer \"培训师备注\"' is inside a quote: only a box at the start of a line is hidden "
         "from participants for sure [block.nested_facilitator]"],
        id="nested_facilitator-quote",
    ),
    pytest.param(
        MODULE1, '!!! trainer "培训师备注"\n    先请', '- !!! trainer "培训师备注"\n  先请',
        [f"{MODULE1}:24: '!!! trainer \"培训师备注\"' is in a list: only a box at the start of a line is hidden "
         "from participants for sure [block.nested_facilitator]"],
        id="nested_facilitator-list-item",
    ),
    pytest.param(
        MODULE1, "    你会怎样复述对方的话？\n", "    你会怎样复述对方的话？\n\n!!! hint \"提示\"\n    先听完再说。\n",
        [f"{MODULE1}:41: '!!! hint' is not a box the outputs know, so it is shown as a plain note (boxes for everyone: "
         "question, note, abstract, info, tip, success, warning, failure, danger, bug, example, quote) "
         "[block.unknown_box]"],
        id="block.unknown_box",
    ),
    pytest.param(
        MODULE1, "了解倾听的作用。", "了解 <img/src=x onerror=alert(1)> 倾听的作用。",
        [f"{MODULE1}:15: raw HTML '<img/src=x onerror=alert(1)>' is not allowed (allowed: <br>, <sup>, <sub>, "
         "<kbd>, <mark>, <small>, <abbr> and comments) [html.not_allowed]"],
        id="html-that-markdown-reads-as-text",
    ),
    pytest.param(
        MODULE1, "了解倾听的作用。", "了解[倾听 <img/src=x onerror=alert(1)>](../index.md)的作用。",
        [f"{MODULE1}:15: raw HTML '<img/src=x onerror=alert(1)>' is not allowed (allowed: <br>, <sup>, <sub>, "
         "<kbd>, <mark>, <small>, <abbr> and comments) [html.not_allowed]"],
        id="html-read-as-text-in-a-link",
    ),
    pytest.param(
        MODULE1, '!!! question "讨论"\n    你最近', '!!! question "讨论<script>x</script>"\n    你最近',
        [f"{MODULE1}:21: raw HTML '<script>' is not allowed (allowed: <br>, <sup>, <sub>, "
         "<kbd>, <mark>, <small>, <abbr> and comments) [html.not_allowed]"],
        id="html-in-a-box-title",
    ),
    pytest.param(
        MODULE1, "## 倾听练习 {#practice minutes=10 method=训练}",
        "## 倾听练习 {#practice .facilitator_only minutes=10 method=训练}",
        [f"{MODULE1}:30: '.facilitator_only' is not '.facilitator-only': participants would see this section "
         "[attr.facilitator_class]"],
        id="attr.facilitator_class",
    ),
    pytest.param(
        MODULE1, "## 倾听练习 {#practice minutes=10 method=训练}",
        "## 倾听练习 {#practice minutes=10 method=训练 onclick=x}",
        [f"{MODULE1}:30: attribute 'onclick' is left out of every output (a heading takes an id, 'minutes=', "
         "'method=') [attr.left_out]"],
        id="attr.left_out",
    ),
    pytest.param(
        MODULE1, "了解倾听的作用。", "了解倾听的作用。{: onmouseover=alert(1)}",
        [f"{MODULE1}:15: '{{: onmouseover=alert(1)}}': attribute lists are read on headings only; here participants "
         "would see it as text [attr.not_allowed]"],
        id="attr-on-paragraph",
    ),
    pytest.param(
        MODULE1, "了解倾听的作用。", "了解[倾听](JaVaScRiPt:alert(1))的作用。",
        [f"{MODULE1}:15: 'JaVaScRiPt:alert(1)' is not allowed: links may only be web addresses (http, https), "
         "e-mail (mailto) or paths inside docs/ [link.bad_url]"],
        id="link-javascript",
    ),
    pytest.param(
        MODULE1, "了解倾听的作用。", "了解倾听的作用。\n\n<!--><svg onload=alert(1)>-->",
        [f"{MODULE1}:17: raw HTML '<svg onload=alert(1)>' is not allowed (allowed: <br>, <sup>, <sub>, <kbd>, "
         "<mark>, <small>, <abbr> and comments) [html.not_allowed]"],
        id="html-abrupt-comment",
    ),
    pytest.param(
        "docs/index.md", "## 日程 {#agenda}", "## 日程 {#agenda minutes=15 method=分享}",
        ["docs/index.md:8: heading '日程' has session attributes but this is a home page, not a module "
         "[session.outside_module]"],
        id="session.outside_module",
    ),
    pytest.param(
        MODULE1, "了解倾听的作用。\n\n", "",
        [f"{MODULE1}:13: session 'basics' has no purpose paragraph [session.no_purpose]"],
        id="session.no_purpose",
    ),
    pytest.param(
        MODULE1, '!!! question "讨论"\n    你最近一次被认真倾听是什么时候？\n\n', "",
        [f"{MODULE1}:13: session 'basics' has no '!!! question' block [session.no_question]"],
        id="session.no_question",
    ),
    pytest.param(
        MODULE1, "- **提问**：用开放式问题深入。\n", "",
        [f"{MODULE1}:17: session 'basics' has 2 key points [session.key_points]"],
        id="session.key_points",
    ),
    pytest.param(
        MODULE1, "- **提问**：用开放式问题深入。", "- 提问时用开放式问题深入。",
        [f"{MODULE1}:19: key point '提问时用开放式问题深入。' is not written '**term**: explanation' "
         "[session.key_point]"],
        id="session.key_point",
    ),
    pytest.param(
        MODULE1, "- **复述**：用自己的话重复。\n- **反馈**：说出听到的感受。\n- **交换**：角色互换再练一次。",
        "讨论：\n\n1. 案例中的经理做错了什么？\n2. 你会怎么做？\n3. 结果会怎样？",
        [f"{MODULE1}:36: a numbered list under '讨论：' looks like a case's questions [session.inline_case]"],
        id="session.inline_case",
    ),
    pytest.param(  # a numbered list not under the word for a discussion is a numbered list: no problem
        MODULE1, "- **复述**：用自己的话重复。\n- **反馈**：说出听到的感受。\n- **交换**：角色互换再练一次。",
        "1. 两人一组。\n2. 一人讲述，一人复述。\n3. 交换角色。",
        [],
        id="numbered-steps-are-not-a-case",
    ),
    pytest.param(
        MODULE1, "- **提问**：用开放式问题深入。",
        "- **提问**：用开放式问题深入。\n\n### 案例：老王的周会 {#wang}\n\n老王开会。",
        [f"{MODULE1}:21: '案例：老王的周会' is written inside session 'basics' [session.inline_case]",
         "docs/modules/01-listening.en.md:30: '#practice' here, but docs/modules/01-listening.md:21 has '#wang' at "
         "this position [i18n.structure]"],
        id="inline_case-heading",
    ),
    pytest.param(
        "docs/course.yml", "teaching_minutes: 60", "teaching_minutes: 60\nwords: {zh: {modul: 单元}}",
        ["docs/course.yml:7: unknown interface word 'modul' in 'words: zh' [settings.unknown_key]"],
        id="settings.words-unknown",
    ),
]


@pytest.mark.parametrize(("relative", "old", "new", "expected"), CASES)
def test_reports_the_mistake_with_its_place(tmp_path, relative, old, new, expected):
    course = copy_course(tmp_path)
    edit(course, relative, old, new)
    assert problems_of(course) == sorted(expected)


def test_a_glossary_term_with_an_apostrophe_matches_however_its_quotes_were_typed(tmp_path):
    """The glossary's cells are read with typographic quotes (`course.quotes`), a page's lines as written."""
    course = copy_course(tmp_path)
    edit(course, "docs/glossary.md", "| 反馈 | feedback |", "| 反馈 | manager's feedback |")
    on_the_page = lambda: [p for p in problems_of(course) if p.startswith("docs/index.en.md")]  # noqa: E731
    edit(course, "docs/index.en.md", "how to give feedback", "how to give manager’s feedback")
    assert on_the_page() == []
    edit(course, "docs/index.en.md", "how to give manager’s feedback", "how to give manager's feedback")
    assert on_the_page() == []
    edit(course, "docs/index.en.md", "how to give manager's feedback", "how to give comments")
    assert on_the_page() == ["docs/index.en.md:4: the Chinese page uses '反馈' (line 6) but this page "
                             "never says 'manager's feedback' [i18n.term]"]


def test_missing_twin_is_reported_for_the_page_that_exists(tmp_path):
    course = copy_course(tmp_path)
    (course / MODULE2_EN).unlink()
    assert problems_of(course) == [  # and nothing about the English case whose session was on that page
        f"{MODULE2}:1: no English page {MODULE2_EN} [i18n.missing_twin]",
    ]


def test_every_problem_code_has_a_fix():
    from build_tools.course.problems import FIXES

    codes = {case.id for case in CASES if "-" not in case.id}
    assert codes <= set(FIXES)
    assert all(text and not text.endswith(".") for text in FIXES.values())


def test_raw_html_is_limited_to_small_inline_marks(tmp_path):
    course = copy_course(tmp_path)
    edit(course, MODULE1, "了解倾听的作用。",
         "了解倾听的作用。H<sub>2</sub>O <img src=x.png onerror=alert(1)>\n\n<script>alert(1)</script>")
    allowed = "(allowed: <br>, <sup>, <sub>, <kbd>, <mark>, <small>, <abbr> and comments) [html.not_allowed]"
    assert [line for line in problems_of(course) if "html" in line] == [
        f"{MODULE1}:15: raw HTML '<img src=x.png onerror=alert(1)>' is not allowed {allowed}",
        f"{MODULE1}:17: raw HTML '<script>' is not allowed {allowed}",
    ]


def test_a_symbolic_link_under_docs_is_refused(tmp_path):
    course = copy_course(tmp_path)
    (course / "docs/assets").mkdir()
    (course / "docs/assets/evil.png").symlink_to("/etc/passwd")
    assert problems_of(course) == [
        "docs/assets/evil.png:1: 'docs/assets/evil.png' is a symbolic link to '/etc/passwd'; outputs only take "
        "real files inside docs/ [file.symlink]"
    ]


def test_a_module_may_not_run_into_the_next_day(tmp_path):
    course = copy_course(tmp_path)
    edit(course, "docs/course.yml", '    end: "10:15"\n    pauses:\n      - {start: "09:30", minutes: 15, kind: break}',
         '    end: "09:20"\n  - start: "09:00"\n    end: "09:40"')
    assert problems_of(course) == [
        f"{MODULE1}:5: module '倾听' starts on day 1 and ends on day 2 [timing.crosses_day]",
    ]


def test_a_course_may_allow_modules_across_days(tmp_path):
    course = copy_course(tmp_path)
    edit(course, "docs/course.yml", '    end: "10:15"\n    pauses:\n      - {start: "09:30", minutes: 15, kind: break}',
         '    end: "09:20"\n  - start: "09:00"\n    end: "09:40"')
    edit(course, "docs/course.yml", "teaching_minutes: 60", "teaching_minutes: 60\nmodules_may_span_days: true")
    assert problems_of(course) == []


def test_handouts_are_linked_from_materials(tmp_path):
    course = copy_course(tmp_path)
    edit(course, "docs/cases/late-report.md", "kind: case", "kind: case\nhandout: group")
    edit(course, "docs/cases/late-report.en.md", "kind: case", "kind: case\nhandout: group")
    assert problems_of(course) == [
        "docs/cases/late-report.en.md:3: no session's materials list links to this handout [handout.unlinked]",
        "docs/cases/late-report.md:3: no session's materials list links to this handout [handout.unlinked]",
    ]
    edit(course, MODULE1, "    - 白板", "    - 白板\n    - [案例](../cases/late-report.md)")
    edit(course, "docs/modules/01-listening.en.md", "    - Whiteboard",
         "    - Whiteboard\n    - [Case](../cases/late-report.md)")
    assert problems_of(course) == []


def test_materials_may_link_only_to_handouts(tmp_path):
    course = copy_course(tmp_path)
    edit(course, MODULE1, "    - 白板", "    - 白板\n    - [案例](../cases/late-report.md)")
    assert problems_of(course) == [
        f"{MODULE1}:29: materials link to docs/cases/late-report.md, which is not a handout [handout.not_handout]"
    ]


def test_every_language_needs_a_downloads_page(tmp_path):
    course = copy_course(tmp_path)
    (course / "docs/downloads.en.md").unlink()
    assert problems_of(course) == [
        "docs/course.yml:1: the English pages have no downloads page for the PDFs and decks [page.no_downloads]",
        "docs/downloads.md:1: no English page docs/downloads.en.md [i18n.missing_twin]",
    ]


def test_runaway_nesting_is_refused_before_any_renderer_sees_it(tmp_path):
    course = copy_course(tmp_path)
    ladder = "\n".join("    " * level + "- x" for level in range(2000))
    edit(course, MODULE1, "了解倾听的作用。", "了解倾听的作用。\n\n" + ladder)
    assert [line for line in problems_of(course) if "too_deep" in line] == [
        f"{MODULE1}:2016: lists or blocks are nested 1999 levels deep (at most 12) [block.too_deep]"
    ]


def test_a_course_may_rename_interface_words(tmp_path):
    course = copy_course(tmp_path)
    edit(course, "docs/course.yml", "teaching_minutes: 60", "teaching_minutes: 60\nwords: {en: {module: Unit}}")
    assert problems_of(course) == []


@pytest.mark.parametrize("word", ["{n:>999999999}", "{n.__class__}", "{x}", "{n!r}"])
def test_an_interface_word_is_a_template_with_named_fields_only(tmp_path, word):
    course = copy_course(tmp_path)
    edit(course, "docs/course.yml", "teaching_minutes: 60", f"teaching_minutes: 60\nwords: {{en: {{day: '{word}'}}}}")
    fields = "{day}, {hours}, {i}, {link}, {month}, {month_name}, {n}, {page}, {time}, {title}, {year}"
    assert problems_of(course) == [
        f"docs/course.yml:7: '{word}' in the word 'day' is not a field the outputs fill: use another word's name "
        f"or one of {fields} [settings.invalid]"]
    result = load_course(course)
    assert localise.word(result.course, "en", "day", n=2) == word  # never evaluated: shown as written


def test_a_word_may_use_another_word_and_literal_braces(tmp_path):
    course = copy_course(tmp_path)
    edit(course, "docs/course.yml", "teaching_minutes: 60",
         "teaching_minutes: 60\nwords: {en: {module: Unit, module_n: '{{{module}}} {n}'}}")
    assert problems_of(course) == []
    assert localise.word(load_course(course).course, "en", "module_n", n=3) == "{Unit} 3"


def test_participants_never_get_a_link_to_a_facilitator_only_page(tmp_path):
    course = copy_course(tmp_path)
    for name in ("late-report.md", "late-report.en.md"):
        edit(course, f"docs/cases/{name}", "kind: case", "kind: case\nfacilitator_only: true")
    assert problems_of(course) == [
        f"{MODULE2_EN}:15: participants see this link, but docs/cases/late-report.en.md is for facilitators only "
        "(it is not on the site or in the workbook) [link.facilitator_only]",
        f"{MODULE2}:15: participants see this link, but docs/cases/late-report.md is for facilitators only "
        "(it is not on the site or in the workbook) [link.facilitator_only]",
    ]
    edit(course, MODULE2, "阅读[案例](../cases/late-report.md)并讨论。", "阅读案例并讨论。")
    with (course / MODULE2).open("a", encoding="utf-8") as page:
        page.write('\n!!! trainer "培训师备注"\n    发[案例](../cases/late-report.md)。\n')
    assert [line for line in problems_of(course) if MODULE2 + ":" in line] == []


def test_a_file_no_page_uses_is_reported_as_unpublished(tmp_path):
    course = copy_course(tmp_path)
    (course / "docs/glossary.MD").write_text("---\nkind: glossary\n---\n# 术语\n", encoding="utf-8")
    (course / "docs/modules/01-listening.md~").write_text("备份\n", encoding="utf-8")
    (course / "docs/notes.txt").write_text("答案\n", encoding="utf-8")
    result = load_course(course)
    problems = [p for p in validate(result.course) if p.code == "file.not_published"]

    assert sorted(f"{p.source}: {p.message} [{p.code}]" for p in problems) == [
        "docs/glossary.MD:1: no page uses 'glossary.MD': no output publishes it [file.not_published]",
        "docs/modules/01-listening.md~:1: no page uses 'modules/01-listening.md~': no output publishes it "
        "[file.not_published]",
        "docs/notes.txt:1: no page uses 'notes.txt': no output publishes it [file.not_published]",
    ]
    assert all(p.warning for p in problems)  # advice: the build goes on, and leaves them out


def test_a_participant_link_to_a_file_the_site_does_not_publish_is_an_error(tmp_path):
    course = copy_course(tmp_path)
    (course / "docs/assets").mkdir()
    (course / "docs/assets/plan.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    (course / "docs/assets/answers.docx").write_bytes(b"PK")
    edit(course, MODULE1, "了解倾听的作用。", "了解倾听的作用。![计划](../assets/plan.svg)")
    edit(course, MODULE1, "    先请两位学员分享亲身经历，再讲要点。",
         "    先请两位学员分享[答案](../assets/answers.docx)。")

    assert [line for line in problems_of(course) if "[link.file_type]" in line] == [
        f"{MODULE1}:15: '../assets/plan.svg' is not a page or an image the site publishes (PNG, JPG, JPEG, GIF): "
        "participants would get a broken link [link.file_type]",
    ]  # the answer key in the trainer box reaches no participant output: not a problem


def test_file_names_that_differ_only_in_letter_case_are_an_error(tmp_path):
    course = copy_course(tmp_path)
    (course / "docs/assets/images").mkdir(parents=True)
    for name in ("steps.png", "Steps.png"):
        (course / "docs/assets/images" / name).write_bytes(b"\x89PNG\r\n\x1a\n")
    assert [line for line in problems_of(course) if "[file.case_clash]" in line] == [
        "docs/assets/images/steps.png:1: 'docs/assets/images/steps.png' and 'docs/assets/images/Steps.png' differ only "
        "in letter case: on Windows or macOS one replaces the other [file.case_clash]"]


def test_settings_that_load_from_another_host_break_the_offline_promise(tmp_path):
    course = copy_course(tmp_path)
    config = course / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "extra:\n  analytics:\n    provider: google\n"
                      "    property: G-TEST\nextra_javascript:\n  - https://cdn.example.org/widget.js\n",
                      encoding="utf-8")
    lines = config.read_text(encoding="utf-8").split("\n")
    analytics = lines.index("  analytics:") + 1
    script = lines.index("  - https://cdn.example.org/widget.js") + 1
    assert [line for line in problems_of(course) if "[site.remote]" in line] == [
        f"mkdocs.yml:{analytics}: 'analytics' loads 'google' from another host on every page: the site must work "
        "offline [site.remote]",
        f"mkdocs.yml:{script}: 'extra_javascript' loads 'https://cdn.example.org/widget.js' from another host on "
        "every page: the site must work offline [site.remote]",
    ]


def test_an_unquoted_clock_time_is_read_as_written(tmp_path):
    course = copy_course(tmp_path)
    edit(course, "docs/course.yml", 'end: "10:15"', "end: 10:15")  # YAML 1.1 reads 10:15 as 615 (base 60)
    assert problems_of(course) == []
    assert load_course(course).course.settings.days[0].end == 10 * 60 + 15


@pytest.mark.parametrize(("written", "saved", "why"), [
    ("..\\assets\\images\\steps.png", "steps.png", ": write paths with '/', not '\\'"),
    ("../assets/images/caf\u00e9.png", "cafe\u0301.png", ": a file of that name is there, but its letters are "
     "composed differently (a name saved on a Mac): type the file's name again"),
])
def test_a_missing_image_says_what_was_most_likely_meant(tmp_path, written, saved, why):
    course = copy_course(tmp_path)
    (course / "docs/assets/images").mkdir(parents=True)
    (course / "docs/assets/images" / saved).write_bytes(b"\x89PNG\r\n\x1a\n")
    edit(course, MODULE1, "了解倾听的作用。", f"了解倾听的作用。![图]({written})")
    assert [line for line in problems_of(course) if "[link.missing_image]" in line] == [
        f"{MODULE1}:15: image '{written}' does not exist{why} [link.missing_image]"]


def test_a_language_the_built_in_methods_do_not_name_needs_the_courses_own_methods(tmp_path):
    course = copy_course(tmp_path, THREE_LANGUAGES)
    methods = "methods:\n  - {zh: 讲授, en: lecture, ja: 講義}\n  - {zh: 练习, en: practice, ja: 演習}\n"
    edit(course, "docs/course.yml", methods, "")
    problems = problems_of(course)
    assert problems == ["docs/course.yml:2: course setting 'methods' is missing: the built-in methods have no names "
                        "in 'ja' [settings.missing]"]  # one problem, not one more per session with an empty list


def test_a_language_the_sites_theme_cannot_show_is_found_by_the_check(tmp_path):
    course = copy_course(tmp_path)
    config = course / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "        - locale: sw\n          name: Kiswahili\n",
                      encoding="utf-8")
    line = config.read_text(encoding="utf-8").split("\n").index("        - locale: sw") + 1
    assert f"mkdocs.yml:{line}: the site's theme has no interface words in 'sw' (menus, search, buttons) " \
           "[site.language]" in problems_of(course)


def test_what_no_output_writes_is_advice_and_what_participants_would_see_is_an_error(tmp_path):
    course = copy_course(tmp_path)
    edit(course, MODULE1, "## 倾听练习 {#practice minutes=10 method=训练}",
         "## 倾听练习 {#practice .wide minutes=10 method=训练 onclick=x}")
    edit(course, MODULE1, "    你会怎样复述对方的话？\n", "    你会怎样复述对方的话？\n\n!!! hint\n    先听完再说。\n")
    edit(course, MODULE1, "了解倾听的作用。", "了解倾听的作用。{: .wide}")
    result = load_course(course)
    severity = sorted((p.code, p.warning) for p in [*result.problems, *validate(result.course)])
    assert severity == [("attr.left_out", True), ("attr.left_out", True), ("attr.not_allowed", False),
                        ("block.unknown_box", True)]


def test_an_unquoted_clock_time_is_read_as_written_not_as_a_base_60_number(tmp_path):
    """YAML 1.1 reads `end: 10:15` as 615; the course means a quarter past ten, and gets it."""
    course = copy_course(tmp_path)
    edit(course, "docs/course.yml", 'end: "10:15"', "end: 10:15")
    assert problems_of(course) == []
    edit(course, "docs/course.yml", "end: 10:15", "end: 10:30")
    assert problems_of(course) == ["docs/course.yml:8: the agenda ends at 10:15, the day plan says 10:30 "
                                   "[timing.day_end]"]


def test_participant_text_that_speaks_to_the_trainer_is_advised_but_a_trainer_box_may_say_it(tmp_path):
    """Issue 24: "每组一份……发给各组" and notes about how the course was written reached participants."""
    course = copy_course(tmp_path, MINIMAL)
    edit(course, MODULE1, "本模块练习倾听。", "本模块练习倾听。请把练习表发给各组。")
    note = "    先请两位学员分享亲身经历，再讲要点。"
    edit(course, MODULE1, note, note + "练习表发给各组。")
    edit(course, MODULE1, "- **确认**：复述对方的话。", "- **确认**：复述对方的话（种子大纲第3条）。")
    result = load_course(course)
    advice = sorted(f"{p.source}: {p.message} [{p.code}]" for p in validate(result.course) if p.warning)
    assert advice == [
        f"{MODULE1}:18: participants read '种子大纲' here: it speaks to the trainer [text.for_trainer]",
        f"{MODULE1}:7: participants read '发给各组' here: it speaks to the trainer [text.for_trainer]",
    ]
    assert all(p.warning for p in validate(result.course) if p.code == "text.for_trainer")


def test_a_module_with_no_sessions_yet_is_told_so_not_that_the_day_ends_early(tmp_path):
    course = copy_course(tmp_path)
    for page in (MODULE2, MODULE2_EN):
        text = (course / page).read_text(encoding="utf-8")
        cut = text.index("\n## ", text.index("{#objectives}"))
        (course / page).write_text(text[:cut] + "\n", encoding="utf-8")
    assert problems_of(course) == [
        "docs/cases/late-report.en.md:3: no session has the id 'feedback-case' [session.unknown]",
        "docs/cases/late-report.md:3: no session has the id 'feedback-case' [session.unknown]",
        f"{MODULE2_EN}:1: module has no sessions [module.no_sessions]",
        f"{MODULE2}:1: module has no sessions [module.no_sessions]",
    ]


def test_a_materials_entry_that_names_a_handout_without_linking_it_is_found(tmp_path):
    """`make check` finds it (not only the first course's content tests): the checklist would miss its copies."""
    course = copy_course(tmp_path, TWO_DAY)
    page = "docs/units/01-listening/02-finding-needs.md"
    edit(course, page, "- [客户需求记录表](../../workbook/needs-log.md)，每人一份", "- 客户需求记录表，每人一份")
    assert problems_of(course) == [
        f"{page}:20: '客户需求记录表，每人一份' names the handout '客户需求记录表' (docs/workbook/needs-log.md) but "
        "does not link it [handout.unlinked]",
        "docs/workbook/needs-log.md:3: no session's materials list links to this handout [handout.unlinked]",
    ]
