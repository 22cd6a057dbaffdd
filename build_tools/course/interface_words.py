"""Interface words of the outputs (table headers, pause names, what a module is called), per language.

Chinese and English have defaults here; a course changes any of them, or gives every word of another
language, under `words:` in docs/course.yml. A word may use other words: `"{module} {n}"`.
Never course content.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

DEFAULT_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "time": "时间",
        "session": "环节",
        "method": "方式",
        "minutes": "分钟",
        "module": "模块",
        "modules": "课程模块",
        "case": "案例",
        "worksheet": "练习",
        "sessions": "环节数",
        "break": "茶歇",
        "lunch": "午餐",
        "buffer": "机动时间",
        "day": "第{n}天",
        "min": "{n} 分钟",
        "days_hours": "{n} 天（{hours} 小时）",
        "total": "合计",
        "workbook": "学员手册（PDF）",
        "facilitator": "培训师指南（PDF）",
        "deck_full": "全天课件（PowerPoint）",
        "deck_module": "{module} {n} 课件：{title}（PowerPoint）",
        "contents": "目录",
        "contents_cases": "标有{contents_case_page}的橙色条目是{case}页（含训练），印在所属模块的各环节之后。",
        "contents_case_page": "（{case}页）",
        "agenda": "课程日程",
        "trainer_notes": "培训师备注",
        "continued": "{title}（续）",
        "continued_next": "（续下页）",
        "materials": "物料",
        "run_sheet": "流程表",
        "checklist": "物料清单",
        "notes": "笔记",
        "answer": "我的回答",
        "edition": "版本日期",
        "audience": "对象",
        "duration": "时长",
        "clock": "时间",
        "slide_module": "{module} {n}：{title}",
        "slide_part": " ({i}/{n})",
        "slide_discussion": "讨论",
        "slide_key_points": "要点",
        "slide_questions": "思考题",
        "slide_thanks": "谢谢",
        "slide_point_sep": "：",
        "slide_ends": "结束时间：{time}",
        "slide_objectives": "学习目标",
        "home": "首页",
        "nav_modules": "{modules}",
        "nav_cases": "{case}",
        "nav_workbook": "{worksheet}",
        "permalink": "本节链接",
        "session_count": "{n} 个环节",
        "participant_edition": "学员手册",
        "facilitator_edition": "培训师指南",
        "module_n": "{module} {n}",
        "date": "{year}年{month}月{day}日",
        "month_names": "一月 二月 三月 四月 五月 六月 七月 八月 九月 十月 十一月 十二月",
        "checklist_ready": "已备",
        "checklist_first": "首次使用",
        "checklist_uses": "使用次数",
        "checklist_quantity": "数量",
        "case_label": "{case}：",
        "day_time": "第{n}天 {time}",
        "deck_course": "课程课件（PowerPoint）",
        "handout_page": "见第 {page} 页",
        "handout_copies": "印 {n} 份",
        "stale_notice": "本页的译文可能落后于英文原文。",
        "not_found": "找不到这个页面",
        "not_found_home": "返回首页",
        "worksheet_print": "需要纸质版？请打印{link}。",
        "downloads_notes": "课件的备注包含课程概览、学习目标，以及每个{session}的时间、{method}和目的。",
    },
    "en": {
        "time": "Time",
        "session": "Session",
        "method": "Method",
        "minutes": "Minutes",
        "module": "Module",
        "modules": "Modules",
        "case": "Case",
        "worksheet": "Workbook",
        "sessions": "Sessions",
        "break": "Break",
        "lunch": "Lunch",
        "buffer": "Flex time",
        "day": "Day {n}",
        "min": "{n} min",
        "days_hours": "{n} days ({hours} h)",
        "total": "Total",
        "workbook": "Participant workbook (PDF)",
        "facilitator": "Facilitator guide (PDF)",
        "deck_full": "Full-day slides (PowerPoint)",
        "deck_module": "{module} {n} slides: {title} (PowerPoint)",
        "contents": "Contents",
        "contents_cases": "Lines in orange, marked {contents_case_page}, list the case and exercise pages, printed "
                          "after their module’s sessions.",
        "contents_case_page": "(case page)",
        "agenda": "Agenda",
        "trainer_notes": "Trainer notes",
        "continued": "{title} (continued)",
        "continued_next": "(continued on next page)",
        "materials": "Materials",
        "run_sheet": "Run sheet",
        "checklist": "Materials checklist",
        "notes": "Notes",
        "answer": "My answer",
        "edition": "Edition",
        "audience": "Audience",
        "duration": "Duration",
        "clock": "Time",
        "slide_module": "{module} {n}: {title}",
        "slide_part": " ({i}/{n})",
        "slide_discussion": "Discussion",
        "slide_key_points": "Key points",
        "slide_questions": "Questions",
        "slide_thanks": "Thank you",
        "slide_point_sep": ": ",
        "slide_ends": "Ends at {time}",
        "slide_objectives": "Learning objectives",
        "home": "Home",
        "nav_modules": "{modules}",
        "nav_cases": "Case studies",
        "nav_workbook": "{worksheet}",
        "permalink": "Link to this section",
        "session_count": "{n} sessions",
        "participant_edition": "Participant workbook",
        "facilitator_edition": "Facilitator guide",
        "module_n": "{module} {n}",
        "date": "{day} {month_name} {year}",
        "month_names": "January February March April May June July August September October November December",
        "checklist_ready": "Ready",
        "checklist_first": "First needed",
        "checklist_uses": "Sessions",
        "checklist_quantity": "Quantity",
        "case_label": "{case}: ",
        "day_time": "Day {n} · {time}",
        "deck_course": "Course slides (PowerPoint)",
        "handout_page": "p. {page}",
        "handout_copies": "print {n}",
        "stale_notice": "This page may lag behind the Chinese original.",
        "not_found": "Page not found",
        "not_found_home": "Go to the home page",
        "worksheet_print": "Prefer paper? Print this sheet from the {link}.",
        "downloads_notes": "The slides’ notes hold the course overview, the learning objectives, and each session’s "
        "time, method and purpose.",
    },
}


WORD_KEYS: tuple[str, ...] = tuple(DEFAULT_WORDS["en"])
VALUE_NAMES = frozenset({"n", "hours", "i", "time", "title", "year", "month", "day", "month_name", "page", "link"})
"""Placeholders filled by the caller (`{time}` in "Day {n} · {time}"), never by another word of the same name."""


def defaults_for(language: str) -> dict[str, str]:
    """The built-in words of a language (`zh-Hans` uses `zh`); empty when there are none."""
    return dict(DEFAULT_WORDS.get(language.split("-")[0].split("_")[0], {}))


def merged_words(language: str, overrides: dict[str, str]) -> tuple[dict[str, str], tuple[str, ...]]:
    """The language's words with the course's overrides, and the keys still missing (no defaults)."""
    words = {**defaults_for(language), **overrides}
    missing = tuple(key for key in WORD_KEYS if key not in words)
    return words, missing


_FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def fill(template: str, values: Mapping[str, object], final: bool = True) -> str:
    """A word with its `{name}` fields filled in from `values`: named fields only, never a format spec or
    an attribute (a word is course text, not code); a field without a value stays as written. `{{` and
    `}}` are literal braces in the `final` text."""

    def put(match: re.Match[str]) -> str:
        if match[1] is None:
            return match[0][0] if final else match[0]
        return str(values[match[1]]) if match[1] in values else match[0]

    return _FIELD.sub(put, template)


def unknown_fields(template: str) -> tuple[str, ...]:
    """Fields of a word that the outputs cannot fill: not another word, not a value the toolchain gives."""
    return tuple(match[1] for match in _FIELD.finditer(template)
                 if match[1] is not None and match[1] not in WORD_KEYS and match[1] not in VALUE_NAMES)


def expand(words: dict[str, str]) -> dict[str, str]:
    """Words with references to other words filled in (`{module} {n}` → `单元 {n}`), placeholders kept. A word may
    use a word that uses another (the contents' legend names the case-page marker, which names the word for a
    case): each pass fills the words that have become plain."""
    expanded = dict(words)
    for _ in range(_WORD_DEPTH):
        plain = {key: value for key, value in expanded.items() if "{" not in value and key not in VALUE_NAMES}
        expanded = {key: fill(value, plain, final=False) for key, value in expanded.items()}
    return expanded


#: How deep words may use words that use words.
_WORD_DEPTH = 3
