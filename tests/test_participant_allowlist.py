"""Hostile and careless course text, generated: trainer text and script never reach participants.

Each case copies the minimal fixture course, writes one snippet into the module page 01-listening, and
runs everything in this process: reading and checking (`course_and_problems`), then every participant
output: the site body of every participant page, the participant PDF HTML of every language and the text
of every participant slide. The promise under test:

- each case either builds clean or stops with an error at a line of the snippet (with a known code);
- whether it stops or not, no participant output holds the case's canary (`CANARY-<n>`: the trainer
  text, the hidden attribute value, the comment body, the script), an event-handler attribute, a
  `javascript:`/`vbscript:`/`data:` URL in `href`/`src`, a `<script>`, `<iframe>`, `<style>` or `<svg>`
  tag, or an HTML comment: the renderers are safe on their own, as defence in depth.

Careless-but-valid inputs (a list right under a paragraph line, an ordered list from 3, an untitled
question box, …) must build clean and keep their structure on the participant page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from course_copies import copy_course

from build_tools.course_check import course_and_problems
from build_tools.model import Edition
from build_tools.pdf.document import build_document
from build_tools.problems import CourseError
from build_tools.site.content import participant_html
from build_tools.slides.render import plan_all_decks
from build_tools.slides.settings import load_deck_settings

MODULE, MODULE_EN = "docs/modules/01-listening.md", "docs/modules/01-listening.en.md"
END = {MODULE: "    你会怎样复述对方的话？\n", MODULE_EN: "    How would you restate what you heard?\n"}
"""The last line of each module page (the question of session 'practice'): snippets go after it.

Not after the purpose paragraph of 'basics': a list or a box there would become (or cut off) the session's
key points, and a valid snippet would stop the build with `session.key_points`."""
SESSION_BASICS = "## 倾听的基础 {#basics minutes=20 method=讲授}"
PURPOSE = "了解倾听的作用。"
KEY_POINT = "- **提问**：用开放式问题深入。"
QUESTION_TITLE = '!!! question "讨论"\n    你最近一次被认真倾听是什么时候？'
MODULE_TITLE = "# 倾听 {#listening}"
C = "%C%"
"""Stands for the case's canary in a snippet."""

TRAINER_CODES = frozenset({"block.facilitator_spelling", "block.nested_facilitator"})
CLASS_CODES = frozenset({"attr.facilitator_class"})
ATTR_CODES = frozenset({"attr.not_allowed"})
HTML_CODES = frozenset({"html.not_allowed"})
LINK_CODES = frozenset({"link.bad_url", "link.outside_docs", "link.missing_page", "link.missing_image",
                        "link.remote_image"})
INDENT_CODES = frozenset({"block.list_indent"})

HANDLER = re.compile(r"<[^>]*\son\w+\s*=", re.IGNORECASE)
SCRIPT_URL = re.compile(r"""\b(?:href|src)\s*=\s*["']?\s*(?:javascript|vbscript|data)\s*:""", re.IGNORECASE)
TAGS = re.compile(r"<script|<iframe|<style|<svg|<!--", re.IGNORECASE)


@dataclass(frozen=True)
class Case:
    """One snippet written into the Chinese module page (and its English twin when `both`).

    `anchor` None puts the snippet after the page's last line; otherwise the snippet replaces `anchor`.
    `codes` are the problem codes one of which must stop the build at a line of the snippet (empty: the
    case must build clean). `shows` are pieces of HTML the Chinese participant page must hold.
    """

    name: str
    snippet: str
    codes: frozenset[str] = frozenset()
    anchor: str | None = None
    both: bool = False
    shows: tuple[str, ...] = ()
    leak: str = ""  # a known leak: the case is expected to fail (strict) until the renderers are fixed

    @property
    def stops(self) -> bool:
        return bool(self.codes)


# --- the corpus -------------------------------------------------------------------------------------------

TRAINER_OPENERS: tuple[tuple[str, str, str, bool], ...] = (
    # (id, opener line, prefix of each body line, correctly spelled)
    ("trainer-titled", '!!! trainer "培训师备注"', "", True),
    ("materials-titled", '!!! materials "物料"', "", True),
    ("trainer-untitled", "!!! trainer", "", True),
    ("no-space", "!!!trainer", "", False),
    ("capital", "!!! Trainer", "", False),
    ("upper", "!!! TRAINER", "", False),
    ("collapsible", "??? trainer", "", False),
    ("collapsible-open", "???+ trainer", "", False),
    ("full-width", "！！！ trainer", "", False),
    ("zero-width", "!!! trai\u200bner", "", False),
    ("nbsp-before-title", '!!! trainer\u00a0"x"', "", False),
    ("nbsp-before-marker", "\u00a0!!! trainer", "", False),
    ("indent-1", " !!! trainer", "", False),
    ("indent-2", "  !!! trainer", "", False),
    ("indent-3", "   !!! trainer", "", False),
    ("in-quote", "> !!! trainer", "> ", False),
    ("in-list", "- !!! trainer", "  ", False),
    ("two-words", "!!! trainer note", "", False),
    ("plural", "!!! trainers", "", False),
    ("trailing-space", '!!! trainer "培训师备注" ', "", False),
)
TRAINER_BODIES: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    # (id, body lines, correctly indented)
    ("4-spaces", (f"    {C} 先讲要点。", f"    {C} 再请学员分享。"), True),
    ("tab", (f"\t{C} 先讲要点。",), False),
    ("2-spaces", (f"  {C} 先讲要点。",), False),
    ("3-spaces", (f"   {C} 先讲要点。",), False),
    ("nbsp", (f"\u00a0\u00a0\u00a0\u00a0{C} 先讲要点。",), False),
    ("ideographic", (f"\u3000\u3000{C} 先讲要点。",), False),
    ("blank-then-1", (f"    {C} 先讲要点。", "", f" {C} 再请学员分享。"), False),
    ("blank-then-2", (f"    {C} 先讲要点。", "", f"  {C} 再请学员分享。"), False),
    ("blank-then-3", (f"    {C} 先讲要点。", "", f"   {C} 再请学员分享。"), False),
    ("lazy", (f"    {C} 先讲要点。", f"{C} 再请学员分享。"), False),
)


def trainer_cases() -> list[Case]:
    cases = []
    for (opener_id, opener, prefix, spelled), (body_id, body, indented) in (
            (o, b) for o in TRAINER_OPENERS for b in TRAINER_BODIES):
        lines = [opener, *((prefix + line).rstrip() if line else prefix.rstrip() for line in body)]
        clean = spelled and indented
        cases.append(Case(f"trainer-{opener_id}-{body_id}", "\n".join(lines),
                          frozenset() if clean else TRAINER_CODES))
    return cases


HEADING_CLASSES = (
    ("facilitator-only", ""),
    ("facilitator_only", "attr"),
    ("facilitators-only", "attr"),
    ("Facilitator-Only", "attr"),
    ("trainer-only", "attr"),
)
HEADING_KEYS = (
    ("onclick", f"onclick=\"alert('{C}')\""),
    ("style", f'style="background:url({C})"'),
    ("data-x", f'data-x="{C}"'),
    ("onmouseover", f"onmouseover={C}"),
    ("onclick-single-quotes", f"onclick='alert(1)//{C}'"),
    ("bare-key", f"onload {C}"),
)


def heading_cases() -> list[Case]:
    cases = []
    for name, wrong in HEADING_CLASSES:
        snippet = f"### 备注 {{#extra .{name}}}\n\n{C} 只给培训师看的说明。"
        cases.append(Case(f"heading-class-{name}", snippet, CLASS_CODES if wrong else frozenset(), both=True))
    cases.append(Case("heading-class-participant-only",
                      f'### 学员部分 {{#extra .participant-only}}\n\n学员可见的说明。\n\n!!! trainer "备注"\n    {C} 提示',
                      both=True, shows=('<h3 class="participant-only" id="extra">学员部分</h3>',
                                        "<p>学员可见的说明。</p>")))
    for name, attribute in HEADING_KEYS:
        cases.append(Case(f"heading-attr-{name}", f"### 备注 {{#extra {attribute}}}\n\n说明。", ATTR_CODES,
                          both=True))
        cases.append(Case(f"session-heading-attr-{name}", SESSION_BASICS[:-1] + f" {attribute}}}", ATTR_CODES,
                          anchor=SESSION_BASICS))
    return cases


def comment_cases() -> list[Case]:
    clean = {
        "block": f"<!-- {C} -->",
        "multi-line": f"<!--\n{C} 第一行\n{C} 第二行\n-->",
        "multi-line-blank": f"<!--\n{C} 第一行\n\n{C} 空行之后\n-->",
        "unspaced": f"<!--{C}-->",
        "inline-paragraph": f"说明 <!-- {C} --> 继续。",
        "inline-multi-line": f"说明 <!-- {C}\n{C} 第二行 --> 继续。",
        "list-item": f"- 甲 <!-- {C} -->\n- 乙",
        "table-cell": f"| 列 | 说明 |\n| --- | --- |\n| 甲 <!-- {C} --> | 乙 |",
        "admonition-inline": f'!!! note "提示"\n    说明 <!-- {C} --> 继续。',
        "admonition-block": f'!!! note "提示"\n    <!-- {C} -->\n\n    说明。',
        "question-inline": f'!!! question "讨论"\n    你会怎么做？<!-- {C} -->',
        "quote": f"> 说明 <!-- {C} --> 继续。",
    }
    cases = [Case(f"comment-{name}", snippet) for name, snippet in clean.items()]
    cases += [
        Case("comment-purpose", f"{PURPOSE}<!-- {C} -->", anchor=PURPOSE),
        Case("comment-key-point", f"{KEY_POINT}<!-- {C} -->", anchor=KEY_POINT),
        Case("comment-question", QUESTION_TITLE + f"<!-- {C} -->", anchor=QUESTION_TITLE),
        Case("comment-question-title", QUESTION_TITLE.replace('"讨论"', f'"讨论<!-- {C} -->"'),
             anchor=QUESTION_TITLE),
        Case("comment-session-heading", SESSION_BASICS.replace(" {#", f" <!-- {C} --> {{#"), anchor=SESSION_BASICS),
        Case("comment-module-title", MODULE_TITLE.replace(" {#", f" <!-- {C} --> {{#"), anchor=MODULE_TITLE),
    ]
    stops = {
        "short-opener-svg": f"<!--> <svg onload=alert('{C}')> -->",
        "dash-opener-img": f"<!---> <img src=x onerror=alert('{C}')> -->",
        "bang-closer-script": f"<!-- a --!> <script>alert('{C}')</script> -->",
        "inline-short-opener": f"说明 <!--> <img src=x onerror=alert('{C}')> --> 继续。",
    }
    cases += [Case(f"comment-{name}", snippet, HTML_CODES) for name, snippet in stops.items()]
    return cases


def html_cases() -> list[Case]:
    snippets = {
        "script": f"<script>alert('{C}')</script>",
        "script-upper": f"<SCRIPT>alert('{C}')</SCRIPT>",
        "script-src": f'<script src="https://example.org/{C}.js"></script>',
        "script-inline": f"说明 <script>alert('{C}')</script> 继续。",
        "img-onerror": f"<img src=x onerror=\"alert('{C}')\">",
        "img-slash-inline": f"a <img/src=x onerror=alert('{C}')> b",
        "svg-onload": f"<svg/onload=alert('{C}')>",
        "a-slash-href": f"<a/href=javascript:alert('{C}')>点我</a>",
        "iframe": f'<iframe src="javascript:alert(\'{C}\')"></iframe>',
        "style": f"<style>body {{ background: url('{C}') }}</style>",
        "div-onclick": f"<div onclick=\"alert('{C}')\">文字</div>",
        "sup-onclick": f"文字<sup onclick=\"alert('{C}')\">1</sup>",
        "abbr-onclick": f"<abbr title=\"x\" onclick=\"alert('{C}')\">WHO</abbr> 说明。",
        "abbr-title-onclick": f"<abbr title=\"x\"onclick=\"alert('{C}')\">WHO</abbr> 说明。",
        "br-onclick": f"一<br onclick=\"alert('{C}')\">二",
        "kbd-style": f'按 <kbd style="background:url({C})">Ctrl</kbd> 键。',
        "object": f'<object data="javascript:alert(\'{C}\')"></object>',
        "embed": f'<embed src="data:text/html,{C}">',
        "form": f'<form action="javascript:alert(\'{C}\')"><button>提交</button></form>',
        "meta-refresh": f'<meta http-equiv="refresh" content="0;url=javascript:alert(\'{C}\')">',
        "link-stylesheet": f'<link rel="stylesheet" href="https://example.org/{C}.css">',
        "base": f'<base href="https://example.org/{C}/">',
        "math-href": f'<math href="javascript:alert(\'{C}\')">x</math>',
        "split-script": f"<scr<script>ipt>alert('{C}')</script>",
    }
    return [Case(f"html-{name}", snippet, HTML_CODES) for name, snippet in snippets.items()]


def link_cases() -> list[Case]:
    links = {
        "javascript": f"javascript:alert('{C}')",
        "javascript-mixed-case": f"JaVaScRiPt:alert('{C}')",
        "javascript-entity": f"&#106;avascript:alert('{C}')",
        "javascript-space": f" javascript:alert('{C}')",
        "javascript-angle": f"<javascript:alert('{C}')>",
        "javascript-tab-entity": f"java&#9;script:alert('{C}')",
        "data": f"data:text/html,{C}",
        "data-base64": f"data:text/html;base64,{C}",
        "vbscript": f"vbscript:msgbox('{C}')",
        "file": f"file:///etc/passwd?{C}",
        "protocol-relative": f"//evil.example/{C}",
    }
    cases = [Case(f"link-{name}", f"请点[这里]({target})。", LINK_CODES) for name, target in links.items()]
    images = {
        "javascript": f"javascript:alert('{C}')",
        "data-svg": f"data:image/svg+xml,{C}",
        "file": f"file:///etc/passwd#{C}",
        "protocol-relative": f"//evil.example/{C}.png",
        "remote": f"https://example.org/{C}.png",
    }
    cases += [Case(f"image-{name}", f"![图]({target})", LINK_CODES) for name, target in images.items()]
    cases.append(Case("link-reference-javascript", f"请点[这里][x]。\n\n[x]: javascript:alert('{C}')", LINK_CODES))
    cases.append(Case("link-autolink-javascript", f"请点 <javascript:alert('{C}')>。", LINK_CODES | HTML_CODES))
    return cases


def attribute_list_cases() -> list[Case]:
    snippets = {
        "paragraph-same-line": f"说明。{{: onmouseover=\"alert('{C}')\"}}",
        "paragraph-next-line": f"说明。\n{{: onmouseover=\"alert('{C}')\"}}",
        "paragraph-style": f'说明。\n{{: style="background:url({C})"}}',
        "image-onload": f"![图](../index.md){{onload=alert('{C}')}}",
        "link-onclick": f"[首页](../index.md){{onclick=\"alert('{C}')\"}}",
        "list-item": f"- 甲 {{: onclick=\"alert('{C}')\"}}\n- 乙",
    }
    return [Case(f"attr-list-{name}", snippet, ATTR_CODES | LINK_CODES) for name, snippet in snippets.items()]


HIDDEN_NOTE = f'\n\n!!! trainer "备注"\n    {C} 不给学员看。'
"""Careless-but-valid snippets end with a correct trainer box, so that they carry a canary too."""


def careless_cases() -> list[Case]:
    return [
        Case("careless-list-under-paragraph", "要点：\n- 甲\n- 乙" + HIDDEN_NOTE,
             shows=("<p>要点：</p>\n<ul>\n<li>甲</li>\n<li>乙</li>\n</ul>",)),
        Case("careless-ordered-from-3", "3. 甲\n4. 乙" + HIDDEN_NOTE,
             shows=('<ol start="3">\n<li>甲</li>\n<li>乙</li>\n</ol>',)),
        Case("careless-untitled-question", "!!! question\n    你会怎样开始？" + HIDDEN_NOTE,
             shows=('<div class="admonition question">\n<p class="admonition-title">讨论</p>\n<p>你会怎样开始？</p>',)),
        Case("careless-table-under-paragraph", "对照：\n| 甲 | 乙 |\n| --- | --- |\n| 1 | 2 |" + HIDDEN_NOTE,
             shows=("<p>对照：</p>\n<table>", "<th>甲</th>", "<td>2</td>")),
        Case("careless-cjk-emphasis", "**重点**：说明。" + HIDDEN_NOTE, shows=("<p><strong>重点</strong>：说明。</p>",)),
        Case("careless-nested-list-4", "- 甲\n    - 甲一\n    - 甲二\n- 乙" + HIDDEN_NOTE,
             shows=("<li>甲\n<ul>\n<li>甲一</li>\n<li>甲二</li>\n</ul>\n</li>",)),
        Case("careless-nested-list-2", "- 甲\n  - 甲一\n- 乙" + HIDDEN_NOTE, INDENT_CODES),
        Case("careless-ordered-nested-3", "1. 甲\n   1. 甲一\n2. 乙" + HIDDEN_NOTE, INDENT_CODES),
        Case("trainer-in-question", f'!!! question "讨论"\n    你会怎么做？\n\n    !!! trainer "备注"\n        {C} 提示',
             TRAINER_CODES),
        Case("trainer-in-note", f'!!! note "提示"\n    说明。\n\n    !!! materials "物料"\n        - {C} 白板',
             TRAINER_CODES),
    ]


CASES = (trainer_cases() + heading_cases() + comment_cases() + html_cases() + link_cases()
         + attribute_list_cases() + careless_cases())


# --- running a case ---------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one case produced: its problems, the snippet's lines per file and every participant output."""

    canary: str
    problems: list = field(default_factory=list)
    lines: dict[str, range] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)


def write_case(root: Path, case: Case, canary: str) -> dict[str, range]:
    """Write the snippet (canary filled in); the lines it occupies in each file it went into."""
    snippet = case.snippet.replace(C, canary)
    lines = {}
    for relative in (MODULE, MODULE_EN) if case.both else (MODULE,):
        path = root / relative
        text = path.read_text(encoding="utf-8")
        if case.anchor is None:
            assert text.endswith(END[relative]), relative
            start = text.count("\n") + 2
            text = text + "\n" + snippet + "\n"
        else:
            assert text.count(case.anchor) == 1, case.anchor
            position = text.index(case.anchor)
            start = text[:position].count("\n") + 1
            text = text.replace(case.anchor, snippet, 1)
        path.write_text(text, encoding="utf-8")
        lines[relative] = range(start, start + snippet.count("\n") + 1)
    return lines


def run_case(tmp_path: Path, case: Case, canary: str) -> Outcome:
    root = copy_course(tmp_path)
    outcome = Outcome(canary, lines=write_case(root, case, canary))
    course, outcome.problems = course_and_problems(root)
    for page in course.pages:
        if page.visible_in(Edition.PARTICIPANT):
            outcome.outputs[f"site {page.source_path.as_posix()}"] = participant_html(course, page).html
    for language in course.languages:
        document = build_document(course, language.code, Edition.PARTICIPANT)
        outcome.outputs[f"pdf {language.code}"] = document.html.replace(document.part_break, "")
    try:
        plans = plan_all_decks(course, load_deck_settings(root))
    except CourseError as error:  # the decks refuse the course: allowed only when the checks stop it too
        outcome.outputs["decks"] = ""
        outcome.problems = [*outcome.problems, *error.problems]
        plans = []
    for plan in plans:
        slides = plan.slides_for(Edition.PARTICIPANT)
        text = "\n".join(repr((s.title, s.body, s.notes_for(Edition.PARTICIPANT))) for s in slides)
        outcome.outputs[f"deck {plan.language} {plan.module.number if plan.module else 'course'}"] = text
    return outcome


def leaks(outcome: Outcome) -> list[str]:
    """Every forbidden thing in a participant output, as 'output: what'."""
    found = []
    for name, text in outcome.outputs.items():
        if outcome.canary in text:
            index = text.index(outcome.canary)
            found.append(f"{name}: canary in {text[max(0, index - 80): index + 40]!r}")
        if not name.startswith("deck"):
            for pattern in (HANDLER, SCRIPT_URL, TAGS):
                match = pattern.search(text)
                if match:
                    found.append(f"{name}: {match[0]!r} in {text[max(0, match.start() - 60): match.end() + 40]!r}")
    return found


def stop_errors(outcome: Outcome) -> list:
    return [p for p in outcome.problems if not p.warning]


def params():
    for number, case in enumerate(CASES, start=1):
        marks = [pytest.mark.xfail(strict=True, reason=case.leak)] if case.leak else []
        yield pytest.param(case, f"CANARY-{number}", id=case.name, marks=marks)


def test_the_corpus_is_large_and_every_case_has_a_canary() -> None:
    assert len(CASES) >= 220
    assert len({case.name for case in CASES}) == len(CASES)
    assert all(C in case.snippet for case in CASES)


@pytest.mark.parametrize(("case", "canary"), list(params()))
def test_participants_never_see_it(tmp_path: Path, case: Case, canary: str) -> None:
    outcome = run_case(tmp_path, case, canary)
    errors = stop_errors(outcome)
    described = "\n".join(f"{p.source.path}:{p.source.line}: {p.message} [{p.code}]" for p in errors)
    assert leaks(outcome) == [], described
    if not case.stops:
        assert errors == [], described
        page = outcome.outputs[f"site {MODULE}"]
        for piece in case.shows:
            assert piece in page, page
        return
    snippet_lines = outcome.lines[MODULE]
    at_snippet = [p for p in errors
                  if p.source.path.as_posix() == MODULE and p.source.line in snippet_lines and p.message.strip()]
    assert at_snippet, f"no error on {MODULE} lines {snippet_lines.start}-{snippet_lines.stop - 1}:\n{described}"
    assert {p.code for p in at_snippet} <= case.codes, described
