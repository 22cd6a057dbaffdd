"""Hostile and careless course text, generated: trainer text and script never reach participants.

Each case copies the minimal fixture course, writes one snippet into the module page 01-listening (after
its last line, or in place of one line), and runs everything in this process: reading and checking
(`course_and_problems`), then the participant outputs of each language the snippet went into: the site
body of every participant page, the participant PDF HTML and the participant slide text. The promise:

- each case builds clean or stops with an error at a line of its snippet, with a known code;
- a case that builds clean shows its canary (`CANARY-<n>`: the trainer text, the hidden attribute value,
  the comment body, the script) in no participant output;
- whether it stops or not, the site and PDF HTML hold no live markup a browser would act on: no
  event-handler attribute, no `javascript:`/`vbscript:`/`data:` URL in an `href` or `src`, no `<script>`,
  `<iframe>`, `<style>` or `<svg>` element, no HTML comment: the renderers are safe on their own, as
  defence in depth (a stopped build is never published, so its text may show what the reading saw as text).

Careless-but-valid inputs (a list right under a paragraph line, an ordered list from 3, an untitled
question box, …) must build clean and keep their structure on the participant page.

Cases that show a known defect are marked `xfail(strict=True)` with the defect as the reason, grouped in
`KNOWN`; when one is fixed, its cases pass and the mark must go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from course_copies import copy_course

from build_tools.checks.checked import course_and_problems
from build_tools.course.editions import visible_in
from build_tools.course.model import Edition
from build_tools.course.problems import CourseError, Problem
from build_tools.pdf.document import build_document
from build_tools.pdf.whole_words import WORD_JOINER
from build_tools.site.content import participant_html
from build_tools.slides.render import plan_decks
from build_tools.slides.settings import DeckSettings, load_deck_settings

CONTINUED_MARKER = re.compile(r'<span class="continued-(?:cue|end)"[^>]*>[^<]*</span>\s*')
"""A PDF box's invisible page-string markers (`pdf.pages._cue_continued_boxes`)."""

pytestmark = pytest.mark.integration  # in-process, but 341 cases of PDF HTML and deck plans: not for `make test-fast`
SPREAD_OVER_WORKERS = True  # each case reads its own copy: the cases go to whichever worker is free (conftest)

MODULE, MODULE_EN = "docs/modules/01-listening.md", "docs/modules/01-listening.en.md"
LANGUAGE = {MODULE: "zh", MODULE_EN: "en"}
END = {MODULE: "    你会怎样复述对方的话？\n", MODULE_EN: "    How would you restate what you heard?\n"}
"""The last line of each module page (the question of session 'practice'): most snippets go after it.

Not after the purpose paragraph of 'basics' (`了解倾听的作用。`): a list there becomes the session's key
points and a box there cuts them off, so a valid snippet would stop the build with `session.key_points`."""
SESSION_HEADING = "## 倾听的基础 {#basics minutes=20 method=讲授}"
PURPOSE = "了解倾听的作用。"
KEY_POINT = "- **提问**：用开放式问题深入。"
QUESTION = '!!! question "讨论"\n    你最近一次被认真倾听是什么时候？'
MODULE_TITLE = "# 倾听 {#listening}"
C = "%C%"
"""Stands for the case's canary in a snippet."""

TRAINER_CODES = frozenset({"block.facilitator_spelling", "block.nested_facilitator"})
CLASS_CODES = frozenset({"attr.facilitator_class"})
ATTR_CODES = frozenset({"attr.not_allowed"})
HTML_CODES = frozenset({"html.not_allowed"})
LINK_CODES = frozenset({"link.bad_url", "link.missing_page", "link.missing_image", "link.remote_image"})
MARKER_CODES = frozenset({"block.unknown_marker"})

HANDLER = re.compile(r"<[^>]*\son\w+\s*=", re.IGNORECASE)
SCRIPT_URL = re.compile(r"""<[^>]*\b(?:href|src)\s*=\s*["']?\s*(?:javascript|vbscript|data)\s*:""", re.IGNORECASE)
TAGS = re.compile(r"<script|<iframe|<style|<svg|<!--", re.IGNORECASE)
FORBIDDEN_TAGS = frozenset({"script", "iframe", "style", "svg", "math", "object", "embed", "frame", "frameset",
                            "form", "base", "link", "applet"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data", "poster", "xlink:href", "srcset"})
BAD_SCHEME = re.compile(r"(?:javascript|vbscript|data):")


# --- known defects: each case that shows one is an expected (strict) failure --------------------------------

KNOWN: dict[str, str] = {}
"""Reasons for cases that show a defect still open (each marked as a strict expected failure); none today."""


# --- the corpus -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One snippet written into the Chinese module page (and into its English twin too when `both`).

    `anchor` None puts the snippet after the page's last line; otherwise the snippet replaces `anchor`.
    `codes`: one of them must stop the build at a line of the snippet, and every error there has one of
    them (empty: the case must build clean). `shows`: patterns the Chinese participant page and the
    Chinese participant PDF must both match.
    `known`: a key of `KNOWN` when the case shows a known defect.
    """

    name: str
    snippet: str
    codes: frozenset[str] = frozenset()
    anchor: str | None = None
    both: bool = False
    shows: tuple[str, ...] = ()
    titles: bool = False  # mkdocs.yml gives Chinese titles to untitled boxes
    known: str = ""

    @property
    def stops(self) -> bool:
        return bool(self.codes)


@dataclass(frozen=True)
class Opener:
    """A way to open a trainer box: its line, what each body line starts with, and which bodies the parser
    keeps inside a box of a facilitator kind (`hidden`), which the renderers therefore leave out."""

    name: str
    line: str
    prefix: str = ""
    spelled: bool = False  # exactly as the README says
    hidden: frozenset[str] = frozenset()
    reported: bool = True  # the checks see it
    bodies: frozenset[str] | None = None  # the bodies it is tried with (None: all of `BODIES`)


INSIDE = frozenset({"4-spaces", "8-spaces", "tab", "blank-then-4"})
"""Bodies indented as far as the box's marker: inside the box for markdown-it."""
SOME = frozenset({"4-spaces", "tab", "2-spaces", "nbsp", "blank-then-1", "lazy"})
"""The bodies tried with openers beyond the brief's list (each a variant of one there)."""

OPENERS = (
    Opener("trainer-titled", '!!! trainer "培训师备注"', spelled=True, hidden=INSIDE),
    Opener("materials-titled", '!!! materials "物料"', spelled=True, hidden=INSIDE),
    Opener("trainer-untitled", "!!! trainer", spelled=True, hidden=INSIDE, bodies=SOME),
    Opener("no-space", "!!!trainer", hidden=INSIDE | {"3-spaces", "blank-then-3"}),  # its marker is 3 wide
    Opener("capital", "!!! Trainer", hidden=INSIDE),
    Opener("upper", "!!! TRAINER", hidden=INSIDE),
    Opener("collapsible", "??? trainer", hidden=INSIDE),
    Opener("collapsible-open", "???+ trainer", hidden=INSIDE),
    Opener("full-width", "！！！ trainer"),
    Opener("zero-width", "!!! trai\u200bner"),
    Opener("nbsp-before-title", '!!! trainer\u00a0"x"', hidden=INSIDE),
    Opener("nbsp-before-marker", "\u00a0!!! trainer"),
    Opener("indent-1", " !!! trainer", hidden=INSIDE),
    Opener("indent-2", "  !!! trainer", hidden=INSIDE),
    Opener("indent-3", "   !!! trainer", hidden=INSIDE),
    Opener("in-quote", "> !!! trainer", "> ", hidden=INSIDE - {"tab"}),
    Opener("in-list", "- !!! trainer", "  ", hidden=INSIDE - {"tab"}),
    Opener("in-ordered-list", "1. !!! trainer", "   ", hidden=INSIDE - {"tab"}, bodies=SOME),
    Opener("two-words", "!!! trainer note", hidden=INSIDE),
    Opener("plural", "!!! trainers"),
    Opener("trailing-space", '!!! trainer "培训师备注" ', spelled=True, hidden=INSIDE, bodies=SOME),
)
BODIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("4-spaces", (f"    {C} 先讲要点。", f"    {C} 再请学员分享。")),
    ("tab", (f"\t{C} 先讲要点。",)),
    ("2-spaces", (f"  {C} 先讲要点。",)),
    ("3-spaces", (f"   {C} 先讲要点。",)),
    ("nbsp", (f"\u00a0\u00a0\u00a0\u00a0{C} 先讲要点。",)),
    ("ideographic", (f"\u3000\u3000{C} 先讲要点。",)),
    ("blank-then-1", (f"    {C} 先讲要点。", "", f" {C} 再请学员分享。")),
    ("blank-then-2", (f"    {C} 先讲要点。", "", f"  {C} 再请学员分享。")),
    ("blank-then-3", (f"    {C} 先讲要点。", "", f"   {C} 再请学员分享。")),
    ("lazy", (f"    {C} 先讲要点。", f"{C} 再请学员分享。")),
)
MORE_BODIES: tuple[tuple[str, tuple[str, ...]], ...] = (  # tried with the correctly spelled openers only
    ("8-spaces", (f"        {C} 代码样式的备注。",)),
    ("blank-then-4", (f"    {C} 先讲要点。", "", f"    {C} 再请学员分享。")),
)
CORRECT_BODIES = frozenset({"4-spaces", "8-spaces", "blank-then-4"})


def trainer_cases() -> list[Case]:
    """Every opener with every body: clean only when both are written as the README says."""
    cases = []
    for opener in OPENERS:
        for body_name, body in BODIES + (MORE_BODIES if opener.spelled else ()):
            if opener.bodies is not None and body_name not in opener.bodies:
                continue
            lines = [opener.line, *((opener.prefix + line).rstrip() for line in body)]
            clean = opener.spelled and body_name in CORRECT_BODIES
            hidden = body_name in opener.hidden
            assert opener.reported or hidden
            cases.append(Case(f"trainer-{opener.name}-{body_name}", "\n".join(lines),
                              frozenset() if clean else TRAINER_CODES))
    return cases


HIDDEN_NOTE = f'\n\n!!! trainer "备注"\n    {C} 不给学员看。'
"""Snippets whose own text may be published end with a correct trainer box, so that they carry a canary too."""


def placement_cases() -> list[Case]:
    """A correct box right under another block, without a blank line: markdown-it ends that block there."""
    box = f'!!! trainer "备注"\n    {C} 不给学员看。'
    above = {
        "paragraph": "说明。",
        "list": "- 甲\n- 乙",
        "ordered-list": "1. 甲\n2. 乙",
        "table": "| 甲 | 乙 |\n| --- | --- |\n| 1 | 2 |",
        "quote": "> 引用",
        "box": '!!! note "提示"\n    说明。',
        "trainer-box": f'!!! materials "物料"\n    - {C} 白板',
    }
    cases = [Case(f"placement-under-{name}", f"{text}\n{box}") for name, text in above.items()]
    cases.append(Case("placement-under-heading", f"### 备注 {{#extra}}\n{box}", both=True))
    cases.append(Case("placement-between-paragraphs", f"说明。\n{box}\n\n继续。"))
    return cases


HEADING_CLASSES = ("facilitator_only", "facilitators-only", "Facilitator-Only", "trainer-only", "only-trainers")
HEADING_ATTRIBUTES = {
    "onclick": f"onclick=\"alert('{C}')\"",
    "style": f'style="background:url({C})"',
    "data-x": f'data-x="{C}"',
    "onmouseover": f"onmouseover={C}",
    "onclick-single-quotes": f"onclick='alert(1)//{C}'",
    "bare-key": f"onload {C}",
}


def heading_cases() -> list[Case]:
    """Sections for one edition, and attributes a heading may not carry (heading text holds no canary)."""
    cases = [
        Case("heading-class-facilitator-only", f"### 备注 {{#extra .facilitator-only}}\n\n{C} 只给培训师看的说明。",
             both=True),
        Case("heading-class-facilitator-only-subsections",
             f"### 备注 {{#extra .facilitator-only}}\n\n{C} 说明。\n\n#### 细节 {{#extra-detail}}\n\n{C} 细节。",
             both=True),
        Case("heading-class-participant-only",
             f"### 学员部分 {{#extra .participant-only}}\n\n学员可见的说明。{HIDDEN_NOTE}", both=True,
             shows=(r'<h3 class="participant-only" id="[^"]*extra">学员部分</h3>', r"<p>学员可见的说明。</p>")),
    ]
    cases += [Case(f"heading-class-{name}", f"### 备注 {{#extra .{name}}}\n\n{C} 只给培训师看的说明。", CLASS_CODES,
                   both=True) for name in HEADING_CLASSES]
    # no output writes them (a warning, not an error): the build goes on, and the canary reaches nothing
    for name, attribute in HEADING_ATTRIBUTES.items():
        cases.append(Case(f"heading-attr-{name}", f"### 备注 {{#extra {attribute}}}\n\n说明。", both=True))
        cases.append(Case(f"session-heading-attr-{name}", SESSION_HEADING[:-1] + f" {attribute}}}",
                          anchor=SESSION_HEADING))
    return cases


def comment_cases() -> list[Case]:
    """Comments are allowed and never published; a comment a browser ends early is refused."""
    clean = {
        "block": f"<!-- {C} -->",
        "unspaced": f"<!--{C}-->",
        "multi-line": f"<!--\n{C} 第一行\n{C} 第二行\n-->",
        "multi-line-blank": f"<!--\n{C} 第一行\n\n{C} 空行之后\n-->",
        "inline-paragraph": f"说明 <!-- {C} --> 继续。",
        "inline-multi-line": f"说明 <!-- {C}\n{C} 第二行 --> 继续。",
        "list-item": f"- 甲 <!-- {C} -->\n- 乙",
        "table-cell": f"| 列 | 说明 |\n| --- | --- |\n| 甲 <!-- {C} --> | 乙 |",
        "admonition-inline": f'!!! note "提示"\n    说明 <!-- {C} --> 继续。',
        "admonition-block": f'!!! note "提示"\n    <!-- {C} -->\n\n    说明。',
        "question-inline": f'!!! question "讨论"\n    你会怎么做？<!-- {C} -->',
        "quote": f"> 说明 <!-- {C} --> 继续。",
        "in-link-text": f"请看[首页 <!-- {C} -->](../index.md)。",
    }
    cases = [Case(f"comment-{name}", snippet) for name, snippet in clean.items()]
    cases += [
        Case("comment-purpose", f"{PURPOSE}<!-- {C} -->", anchor=PURPOSE),
        Case("comment-key-point", f"{KEY_POINT}<!-- {C} -->", anchor=KEY_POINT),
        Case("comment-question-body", QUESTION + f"<!-- {C} -->", anchor=QUESTION),
        Case("comment-question-title", QUESTION.replace('"讨论"', f'"讨论<!-- {C} -->"'), anchor=QUESTION),
        Case("comment-session-heading", SESSION_HEADING.replace(" {#", f" <!-- {C} --> {{#"), anchor=SESSION_HEADING),
        Case("comment-module-title", MODULE_TITLE.replace(" {#", f" <!-- {C} --> {{#"), anchor=MODULE_TITLE),
        Case("comment-unknown-marker", f"<!-- course:{C} -->", MARKER_CODES),
    ]
    stops = {
        "short-opener-svg": (f"<!--> <svg onload=alert('{C}')> -->", ""),
        "dash-opener-img": (f"<!---> <img src=x onerror=alert('{C}')> -->", ""),
        "bang-closer-script": (f"<!-- a --!> <script>alert('{C}')</script> -->", ""),
        "inline-short-opener": (f'说明 <!--> <img src=x onerror="alert(\'{C}\')"> --> 继续。', ""),
    }
    cases += [Case(f"comment-{name}", snippet, HTML_CODES | LINK_CODES, known=known)
              for name, (snippet, known) in stops.items()]
    return cases


def html_cases() -> list[Case]:
    """Raw HTML beyond the few inline marks is refused at its line and never written."""
    refused = {
        "script": (f"<script>alert('{C}')</script>", ""),
        "script-upper": (f"<SCRIPT>alert('{C}')</SCRIPT>", ""),
        "script-src": (f'<script src="https://example.org/{C}.js"></script>', ""),
        "script-inline": (f"说明 <script>alert('{C}')</script> 继续。", ""),
        "split-script": (f"<scr<script>ipt>alert('{C}')</script>", ""),
        "img-onerror": (f"<img src=x onerror=\"alert('{C}')\">", ""),
        "img-onerror-inline": (f"a <img src=x onerror=\"alert('{C}')\"> b", ""),
        "iframe": (f'<iframe src="javascript:alert(\'{C}\')"></iframe>', ""),
        "style": (f"<style>body {{ background: url('{C}') }}</style>", ""),
        "style-attribute-inline": (f'说明 <span style="background:url({C})">文字</span>', ""),
        "div-onclick": (f"<div onclick=\"alert('{C}')\">文字</div>", ""),
        "sup-onclick": (f"文字<sup onclick=\"alert('{C}')\">1</sup>", ""),
        "abbr-onclick": (f"<abbr title=\"x\" onclick=\"alert('{C}')\">WHO</abbr> 说明。", ""),
        "br-onclick": (f"一<br onclick=\"alert('{C}')\">二", ""),
        "kbd-style": (f'按 <kbd style="background:url({C})">Ctrl</kbd> 键。', ""),
        "object": (f'<object data="javascript:alert(\'{C}\')"></object>', ""),
        "embed": (f'<embed src="data:text/html,{C}">', ""),
        "form": (f'<form action="javascript:alert(\'{C}\')"><button>提交</button></form>', ""),
        "meta-refresh": (f'<meta http-equiv="refresh" content="0;url=javascript:alert(\'{C}\')">', ""),
        "link-stylesheet": (f'<link rel="stylesheet" href="https://example.org/{C}.css">', ""),
        "base": (f'<base href="https://example.org/{C}/">', ""),
        "svg-spaced": (f"<svg onload=\"alert('{C}')\"></svg>", ""),
        "a-href": (f'说明 <a href="javascript:alert(\'{C}\')">点我</a>。', ""),
        "in-link-text": (f"请看[首页<img src=x onerror=\"alert('{C}')\">](../index.md)。", ""),
        "in-table-cell": (f"| 列 |\n| --- |\n| <img src=x onerror=\"alert('{C}')\"> |", ""),
        "in-list-item": (f"- 甲 <img src=x onerror=\"alert('{C}')\">\n- 乙", ""),
        "in-box": (f'!!! note "提示"\n    说明 <img src=x onerror="alert(\'{C}\')">', ""),
        "in-quote": (f"> <script>alert('{C}')</script>", ""),
    }
    codes = HTML_CODES | LINK_CODES  # an href/src in raw HTML is also checked as a link
    cases = [Case(f"html-{name}", snippet, codes, known=known) for name, (snippet, known) in refused.items()]
    browser_tags = {  # markdown-it reads these as text; a browser would read a tag
        "img-slash": f"a <img/src=x onerror=alert('{C}')> b",
        "svg-slash": f"<svg/onload=alert('{C}')>",
        "a-slash": f"<a/href=javascript:alert('{C}')>点我</a>",
        "abbr-no-space": f"<abbr title=\"x\"onclick=\"alert('{C}')\">WHO</abbr> 说明。",
        "img-quote-in-unquoted": f"<img src=x onerror=alert('{C}')>",
    }
    cases += [Case(f"html-{name}", snippet, codes) for name, snippet in browser_tags.items()]
    return cases


def title_cases() -> list[Case]:
    """Raw HTML in box titles and headings, which the slides take as text."""
    image = f"<img src=x onerror=\"alert('{C}')\">"
    script = f"<script>alert('{C}')</script>"
    return [
        Case("title-question-img", QUESTION.replace('"讨论"', f'"讨论{image}"'), HTML_CODES | LINK_CODES,
             anchor=QUESTION),
        Case("title-question-script", QUESTION.replace('"讨论"', f'"讨论{script}"'), HTML_CODES, anchor=QUESTION),
        Case("title-note-img", f'!!! note "提示{image}"\n    说明。', HTML_CODES | LINK_CODES),
        Case("title-session-img", SESSION_HEADING.replace(" {#", f" {image} {{#"), HTML_CODES | LINK_CODES,
             anchor=SESSION_HEADING),
        Case("title-session-script", SESSION_HEADING.replace(" {#", f" {script} {{#"), HTML_CODES,
             anchor=SESSION_HEADING),
        Case("title-module-sup", MODULE_TITLE.replace(" {#", f"<sup onclick=\"alert('{C}')\">1</sup> {{#"),
             HTML_CODES, anchor=MODULE_TITLE),
        Case("title-heading-img", f"### 备注 {image} {{#extra}}\n\n说明。", HTML_CODES | LINK_CODES, both=True),
    ]


def link_cases() -> list[Case]:
    """Links and images to anything but web addresses, e-mail or paths inside docs/ are refused."""
    links = {
        "javascript": f"javascript:alert('{C}')",
        "javascript-mixed-case": f"JaVaScRiPt:alert('{C}')",
        "javascript-entity": f"&#106;avascript:alert('{C}')",
        "javascript-hex-entity": f"&#x6A;avascript:alert('{C}')",
        "javascript-space": f" javascript:alert('{C}')",
        "javascript-angle": f"<javascript:alert('{C}')>",
        "javascript-angle-space": f"< javascript:alert('{C}')>",
        "javascript-colon-entity": f"javascript&colon;alert('{C}')",
        "data": f"data:text/html,{C}",
        "data-base64": f"data:text/html;base64,{C}",
        "vbscript": f"vbscript:msgbox('{C}')",
        "file": f"file:///etc/passwd?{C}",
        "protocol-relative": f"//evil.example/{C}",
    }
    cases = [Case(f"link-{name}", f"请点[这里]({target})。", LINK_CODES) for name, target in links.items()]
    cases.append(Case("link-javascript-tab-entity", f"请点[这里](java&#9;script:alert('{C}'))。", LINK_CODES))
    cases.append(Case("link-backslashes", f"请点[这里](\\\\evil.example\\{C})。", LINK_CODES))
    cases.append(Case("link-reference-javascript", f"请点[这里][x]。\n\n[x]: javascript:alert('{C}')", LINK_CODES))
    cases.append(Case("link-autolink-javascript", f"请点 <javascript:alert('{C}')>。", LINK_CODES))
    cases.append(Case("link-in-box", f'!!! note "提示"\n    请点[这里](javascript:alert(\'{C}\'))。', LINK_CODES))
    cases.append(Case("link-in-question", f'!!! question "讨论"\n    请点[这里](vbscript:msgbox(\'{C}\'))？',
                      LINK_CODES))
    cases.append(Case("link-in-key-point", KEY_POINT.replace("开放式问题", f"[开放式问题](javascript:alert('{C}'))"),
                      LINK_CODES, anchor=KEY_POINT))
    images = {
        "javascript": f"javascript:alert('{C}')",
        "data-svg": f"data:image/svg+xml,{C}",
        "file": f"file:///etc/passwd#{C}",
        "protocol-relative": f"//evil.example/{C}.png",
    }
    cases += [Case(f"image-{name}", f"![图]({target})", LINK_CODES) for name, target in images.items()]
    cases.append(Case("image-remote", f"![图](https://example.org/{C}.png)", LINK_CODES))
    cases.append(Case("image-alt-script", f"![图<script>alert('{C}')</script>](../index.md)", HTML_CODES))
    cases.append(Case("link-title-breakout", '请看[首页](../index.md "\\"><script>alert(1)</script>")。' + HIDDEN_NOTE))
    cases.append(Case("image-alt-breakout", '![\\"><svg onload=alert(1)>](../index.md)' + HIDDEN_NOTE, HTML_CODES))
    return cases


def attribute_list_cases() -> list[Case]:
    """Attribute lists are read on headings only; anywhere else they are refused."""
    snippets = {
        "paragraph-same-line": f"说明。{{: onmouseover=\"alert('{C}')\"}}",
        "paragraph-next-line": f"说明。\n{{: onmouseover=\"alert('{C}')\"}}",
        "paragraph-style": f'说明。\n{{: style="background:url({C})"}}',
        "image-onload": f"![图](../index.md){{onload=alert('{C}')}}",
        "link-onclick": f"[首页](../index.md){{onclick=\"alert('{C}')\"}}",
        "list-item": f"- 甲 {{: onclick=\"alert('{C}')\"}}\n- 乙",
    }
    return [Case(f"attr-list-{name}", snippet, ATTR_CODES) for name, snippet in snippets.items()]


def careless_cases() -> list[Case]:
    """Valid but loosely written Markdown: it builds clean and has the same structure on the site and in the
    PDF (`shows`: patterns; the PDF adds classes and styles of its own)."""
    return [
        Case("careless-list-under-paragraph", "要点：\n- 甲\n- 乙" + HIDDEN_NOTE,
             shows=(r"<p[^>]*>要点：</p>\s*<ul>\s*<li>甲</li>\s*<li>乙</li>\s*</ul>",)),
        Case("careless-ordered-from-3", "3. 甲\n4. 乙" + HIDDEN_NOTE,
             shows=(r'<ol start="3"[^>]*>\s*<li>甲</li>\s*<li>乙</li>\s*</ol>',)),
        # the fixture's mkdocs.yml gives no box titles: an untitled question is titled with the course's word
        # for a discussion, as on the slides
        Case("careless-untitled-question", "!!! question\n    你会怎样开始？" + HIDDEN_NOTE,
             shows=(r'<div class="admonition question[^"]*">\s*<p class="admonition-title">讨论</p>\s*'
                    r"<p>你会怎样开始？</p>",)),
        Case("careless-untitled-question-with-titles", "!!! question\n    你会怎样开始？" + HIDDEN_NOTE, titles=True,
             shows=(r'<div class="admonition question[^"]*">\s*<p class="admonition-title">讨论</p>\s*'
                    r"<p>你会怎样开始？</p>",)),
        Case("careless-table-under-paragraph", "对照：\n| 甲 | 乙 |\n| --- | --- |\n| 1 | 2 |" + HIDDEN_NOTE,
             shows=(r"<p[^>]*>对照：</p>\s*<table[^>]*>\s*<thead>\s*<tr>\s*<th[^>]*>甲</th>\s*<th[^>]*>乙</th>",
                    r"<tbody>\s*<tr>\s*<td[^>]*>1</td>\s*<td[^>]*>2</td>")),
        Case("careless-cjk-emphasis", "**重点**：说明。" + HIDDEN_NOTE,
             shows=(r"<p><strong>重点</strong>：说明。</p>",)),
        Case("careless-nested-list-4", "- 甲\n    - 甲一\n    - 甲二\n- 乙" + HIDDEN_NOTE,
             shows=(r"<li>甲<ul>\s*<li>甲一</li>\s*<li>甲二</li>\s*</ul>\s*</li>\s*<li>乙</li>",)),
        # 2 or 3 spaces nest as well (the one reading is CommonMark); 4 is house style, advice only
        Case("careless-nested-list-2", "- 甲\n  - 甲一\n- 乙" + HIDDEN_NOTE,
             shows=(r"<li>甲<ul>\s*<li>甲一</li>\s*</ul>\s*</li>\s*<li>乙</li>",)),
        Case("careless-ordered-nested-3", "1. 甲\n   1. 甲一\n2. 乙" + HIDDEN_NOTE,
             shows=(r"<li>甲<ol>\s*<li>甲一</li>\s*</ol>\s*</li>\s*<li>乙</li>",)),
        Case("careless-trainer-in-question",
             f'!!! question "讨论"\n    你会怎么做？\n\n    !!! trainer "备注"\n        {C} 提示', TRAINER_CODES),
        Case("careless-materials-in-note",
             f'!!! note "提示"\n    说明。\n\n    !!! materials "物料"\n        - {C} 白板', TRAINER_CODES),
        Case("careless-trainer-in-list-item", f'- 甲\n\n    !!! trainer "备注"\n        {C} 提示', TRAINER_CODES),
    ]


CASES = (trainer_cases() + placement_cases() + heading_cases() + comment_cases() + html_cases() + title_cases()
         + link_cases() + attribute_list_cases() + careless_cases())


# --- running a case ---------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one case produced: its problems, the snippet's lines per file and the participant outputs."""

    canary: str
    problems: list[Problem] = field(default_factory=list)
    lines: dict[str, range] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    refused: list[Problem] = field(default_factory=list)  # what the deck planner refused

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]


def write_case(root: Path, case: Case, canary: str) -> dict[str, range]:
    """Write the snippet (canary filled in); the lines it occupies in each file it went into."""
    if case.titles:
        path = root / "mkdocs.yml"
        default = "          default: true\n"
        assert default in path.read_text(encoding="utf-8")
        path.write_text(path.read_text(encoding="utf-8").replace(
            default, default + "          admonition_translations:\n            question: 讨论\n"), encoding="utf-8")
    snippet = case.snippet.replace(C, canary)
    lines = {}
    for relative in (MODULE, MODULE_EN) if case.both else (MODULE,):
        path = root / relative
        text = path.read_text(encoding="utf-8")
        if case.anchor is None:
            assert text.endswith(END[relative]), relative
            start = text.count("\n") + 2
            text = f"{text}\n{snippet}\n"
        else:
            assert text.count(case.anchor) == 1, case.anchor
            start = text[: text.index(case.anchor)].count("\n") + 1
            text = text.replace(case.anchor, snippet, 1)
        path.write_text(text, encoding="utf-8")
        lines[relative] = range(start, start + snippet.count("\n") + 1)
    return lines


def run_case(tmp_path: Path, case: Case, canary: str, deck_settings: DeckSettings) -> Outcome:
    """Copy the course, write the case, check it, and render the participant outputs it can reach.

    Only the outputs of the languages the snippet went into (another language's outputs are made from
    other pages and cannot hold it), which halves the time per case: the site body of each of their
    participant pages, their participant PDF HTML and their participant slides. A case writes only the
    module pages, so the deck settings (slides/decks.yml and its template) are read once (`deck_settings`).
    """
    root = copy_course(tmp_path)
    outcome = Outcome(canary, lines=write_case(root, case, canary))
    course, outcome.problems = course_and_problems(root)
    languages = [LANGUAGE[relative] for relative in outcome.lines]
    for page in course.pages:
        if page.language in languages and visible_in(page, Edition.PARTICIPANT):
            outcome.outputs[f"site {page.source_path.as_posix()}"] = participant_html(course, page).html
    for language in languages:
        document = build_document(course, language, Edition.PARTICIPANT)
        # without the word joiners that keep Chinese words whole on paper and the boxes' invisible "continued"
        # markers: they would hide a match
        html = document.html.replace(document.part_break, "").replace(WORD_JOINER, "")
        outcome.outputs[f"pdf {language}"] = CONTINUED_MARKER.sub("", html)
    try:
        plans = plan_decks(course, deck_settings, *languages)
    except CourseError as error:
        outcome.refused = list(error.problems)
        plans = []
    for plan in plans:
        slides = plan.slides_for(Edition.PARTICIPANT)
        text = "\n".join(repr((s.title, s.body, s.notes_for(Edition.PARTICIPANT))) for s in slides)
        outcome.outputs[f"deck {plan.language} {plan.module.number if plan.module else 'course'}"] = text
    return outcome


class _Markup(HTMLParser):
    """What a browser would find in an output: forbidden elements, handlers, script URLs, comments."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS or (tag == "meta" and any(name == "http-equiv" for name, _ in attrs)):
            self.found.append(f"element <{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"handler {name}= on <{tag}>")
            cleaned = "".join(ch for ch in value or "" if ch > " ").lower()
            if name in URL_ATTRIBUTES and BAD_SCHEME.match(cleaned):
                self.found.append(f"URL {name}={value!r} on <{tag}>")

    handle_startendtag = handle_starttag

    def handle_comment(self, data: str) -> None:
        self.found.append(f"comment <!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        if decl.lower() != "doctype html":  # the PDF's own
            self.found.append(f"declaration <!{decl}>")

    def unknown_decl(self, data: str) -> None:
        self.found.append(f"declaration <![{data}]>")

    def handle_pi(self, data: str) -> None:
        self.found.append(f"processing instruction <?{data}>")


def leaks(outcome: Outcome, stops: bool) -> list[str]:
    """Every forbidden thing in a participant output, as 'output: what (where)'.

    A case that stops is never published (every build checks first); its site and PDF HTML are still
    rendered here and must hold no live markup (element, handler, script URL, comment): the renderers'
    allowlist is the second line. Its text may show the canary: what the one reading saw as text (a
    near-miss box, a refused script's inside) is text, and the error keeps it from participants.
    """
    found = []
    for name, text in outcome.outputs.items():
        deck = name.startswith("deck")
        if stops and deck:
            continue
        at = text.find(outcome.canary)
        if at >= 0 and not stops:
            found.append(f"{name}: canary in {text[max(0, at - 80): at + 40]!r}")
        if deck:  # slide text: any tag-like text would be shown as it is
            for pattern in (HANDLER, SCRIPT_URL, TAGS):
                match = pattern.search(text)
                if match:
                    found.append(f"{name}: {match[0]!r} in {text[max(0, match.start() - 60): match.end() + 40]!r}")
            continue
        markup = _Markup()  # HTML: what a browser would find (a '<' inside a quoted attribute value is text)
        markup.feed(text)
        markup.close()
        found += [f"{name}: {what}" for what in markup.found]
    return found


def verdict(case: Case, outcome: Outcome) -> list[str]:
    """Everything wrong with a case's outcome (empty when it keeps the promise)."""
    wrong = [f"participants would see {what}" for what in leaks(outcome, case.stops)]
    lines = outcome.lines[MODULE]
    at_snippet = [p for p in outcome.errors
                  if p.source.path.as_posix() == MODULE and p.source.line in lines and p.message.strip()]
    if not case.stops:
        wrong += [f"expected to build clean, but: {p.source.path}:{p.source.line}: {p.message} [{p.code}]"
                  for p in outcome.errors + outcome.refused]
        for output in (f"site {MODULE}", "pdf zh"):
            wrong += [f"{output} lacks {pattern!r}" for pattern in case.shows
                      if not re.search(pattern, outcome.outputs[output])]
    elif not any(p.code in case.codes for p in at_snippet):
        wrong.append(f"expected an error with a code of {sorted(case.codes)} on {MODULE} lines "
                     f"{lines.start}-{lines.stop - 1}; the errors are:")
        wrong += [f"  {p.source.path}:{p.source.line}: {p.message} [{p.code}]" for p in outcome.errors]
    else:
        # a snippet in one language only may also differ from its twin: i18n problems at its lines are fine
        wrong += [f"unexpected error at the snippet: {p.source.path}:{p.source.line}: {p.message} [{p.code}]"
                  for p in at_snippet if p.code not in case.codes and not p.code.startswith("i18n.")]
    return wrong


def params():
    """One test per case, its canary numbered by its place in the corpus. A case with a known defect is an
    expected failure only through `verdict` (`pytest.fail`): a traceback from the pipeline still fails it."""
    for number, case in enumerate(CASES, start=1):
        marks = []
        if case.known:
            marks.append(pytest.mark.xfail(strict=True, raises=pytest.fail.Exception, reason=KNOWN[case.known]))
        yield pytest.param(case, f"CANARY-{number}", id=case.name, marks=marks)


def test_the_corpus_is_large_and_every_case_has_a_canary() -> None:
    assert len(CASES) >= 220
    assert len({case.name for case in CASES}) == len(CASES)
    assert all(C in case.snippet for case in CASES)
    assert all(case.known in KNOWN for case in CASES if case.known)


def test_the_baseline_builds_clean_and_hides_its_trainer_text(tmp_path: Path) -> None:
    """Without a snippet: no problem, and the fixture's own trainer text reaches no participant output."""
    root = copy_course(tmp_path)
    course, problems = course_and_problems(root)
    assert [p for p in problems if not p.warning] == []
    outputs = [participant_html(course, page).html for page in course.pages if visible_in(page, Edition.PARTICIPANT)]
    outputs += [build_document(course, language.code, Edition.PARTICIPANT).html.replace(WORD_JOINER, "")
                for language in course.languages]
    assert not any("先请两位学员分享亲身经历" in text or "白板" in text for text in outputs)


@pytest.fixture(scope="module")
def deck_settings(tmp_path_factory: pytest.TempPathFactory) -> DeckSettings:
    """The fixture course's deck settings, the same for every case (no case writes under slides/)."""
    return load_deck_settings(copy_course(tmp_path_factory.mktemp("deck-settings")))


@pytest.mark.parametrize(("case", "canary"), list(params()))
def test_participants_never_see_it(tmp_path: Path, case: Case, canary: str, deck_settings: DeckSettings) -> None:
    wrong = verdict(case, run_case(tmp_path, case, canary, deck_settings))
    if wrong:
        pytest.fail("\n".join([f"{case.name} ({canary}):", *wrong]), pytrace=False)
