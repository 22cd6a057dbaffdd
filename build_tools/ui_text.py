"""Interface words of the outputs (table headers, pause names), per language; never course content."""

from __future__ import annotations

_TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "time": "时间",
        "session": "环节",
        "method": "方式",
        "minutes": "分钟",
        "module": "模块",
        "sessions": "环节数",
        "break": "茶歇",
        "lunch": "午餐",
        "day": "第 {n} 天",
        "min": "{n} 分钟",
        "total": "合计",
        "workbook": "学员手册（PDF）",
        "facilitator": "讲师手册（PDF）",
        "deck_full": "全天课件（PowerPoint）",
        "deck_module": "模块 {n} 课件：{title}（PowerPoint）",
        "contents": "目录",
        "agenda": "课程日程",
        "trainer_notes": "培训师备注",
        "materials": "物料",
        "run_sheet": "流程表",
        "checklist": "物料清单",
        "notes": "笔记",
        "answer": "我的回答",
        "edition": "版本日期",
        "audience": "对象",
        "duration": "时长",
        "clock": "时间",
    },
    "en": {
        "time": "Time",
        "session": "Session",
        "method": "Method",
        "minutes": "Minutes",
        "module": "Module",
        "sessions": "Sessions",
        "break": "Break",
        "lunch": "Lunch",
        "day": "Day {n}",
        "min": "{n} min",
        "total": "Total",
        "workbook": "Participant workbook (PDF)",
        "facilitator": "Facilitator guide (PDF)",
        "deck_full": "Full-day slides (PowerPoint)",
        "deck_module": "Module {n} slides: {title} (PowerPoint)",
        "contents": "Contents",
        "agenda": "Agenda",
        "trainer_notes": "Trainer notes",
        "materials": "Materials",
        "run_sheet": "Run sheet",
        "checklist": "Materials checklist",
        "notes": "Notes",
        "answer": "My answer",
        "edition": "Edition",
        "audience": "Audience",
        "duration": "Duration",
        "clock": "Time",
    },
}


def ui(language: str, key: str, **values: object) -> str:
    """An interface word in a language (English for languages without their own table)."""
    table = _TEXT.get(language.split("-")[0].split("_")[0], _TEXT["en"])
    return table[key].format(**values)
