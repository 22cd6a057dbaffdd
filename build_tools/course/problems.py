"""Problems found in a course, and the one place that turns them into text for a terminal or CI.

Checks return `Problem`s; they never print. Each code has one fix text in `FIXES`, so the advice
for a rule is worded once, whichever check finds it, and one default severity: an *error* (the outputs
would be wrong, unsafe or could not be built) or *advice* (`ADVICE`: house style, which a course may
follow or not). Advice is a warning unless the course makes it an error (`checks/severity.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from build_tools.course.source import SourceLocation

FIXES: dict[str, str] = {
    "settings.missing": "add the key to docs/course.yml (see README, 'Course settings')",
    "settings.unknown_key": "remove the key or correct its spelling; allowed keys are listed in the README",
    "settings.invalid": "correct the value as the message says",
    "page.front_matter": "start the page with front matter between two '---' lines",
    "settings.words": "add the missing interface words for the language under 'words:' in docs/course.yml "
    "(README, 'Interface words')",
    "page.unknown_key": "remove the key or correct its spelling "
    "(allowed: kind, minutes, session, facilitator_only, handout, translated_from)",
    "page.encoding": "save the file as UTF-8 (in Notepad: Save As, Encoding: UTF-8)",
    "file.symlink": "replace the symbolic link by a real file inside docs/",
    "file.case_clash": "rename one of the files (and the links to it) so that the names differ in more than "
    "letter case",
    "file.not_published": "name a page '….md' (lower case), link the file from a page, or move it out of docs/",
    "page.missing_key": "add the key to the page's front matter",
    "page.invalid_value": "correct the front-matter value as the message says",
    "page.no_title": "make the first line after the front matter a level-1 heading: '# Title {#id}'",
    "heading.jump": "use the next heading level down (after '##' comes '###')",
    "heading.missing_id": "add an explicit id at the end of the heading, e.g. '## Title {#my-id}'",
    "heading.duplicate_id": "give each heading of the page its own id",
    "module.no_objectives": "add a '## … {#objectives}' section with a list of learning objectives",
    "module.no_sessions": "add sessions: headings with minutes and method, "
    "e.g. '## Title {#id minutes=15 method=讲授}'",
    "session.minutes": "write the session's minutes as a positive whole number, e.g. minutes=15",
    "session.method": "use one of the course's methods (the message lists them; add new ones under 'methods:' "
    "in docs/course.yml)",
    "session.level": "sessions are level-2 or level-3 headings on a module page, the level-1 heading on a session page",
    "session.outside_module": "move the session to a module page, or remove 'minutes=' and 'method=' from the heading",
    "session.no_purpose": "start the session with one paragraph that says what it is for",
    "session.no_question": "add a '!!! question \"讨论\"' block with the session's activity or discussion question",
    "session.key_points": "give the session 3 to 6 key points, one list item each",
    "session.key_point": "write the key point as '- **term**: short explanation'",
    "session.inline_case": "move the case to its own page (kind: case, session: <id>) with '## … {#questions}'",
    "session.duplicate_id": "give each session an id that is unique across the whole course",
    "session.unknown": "use the id of a session on a module page",
    "block.nested_facilitator": "start '!!! trainer' and '!!! materials' blocks at the beginning of a line, "
    "not inside a list or another block",
    "block.list_indent": "indent nested list items by 4 spaces, as every example in the README does "
    "(with 2 or 3 it is easy to misread which item a line belongs to)",
    "block.facilitator_spelling": "write exactly '!!! trainer \"…\"' or '!!! materials \"…\"' at the start of "
    "a line, and indent its body by 4 spaces",
    "block.too_deep": "flatten the list: nest at most a few levels",
    "site.language": "use a language code the theme knows (Material: zh, zh-TW, en, ja, ko, fr, de, …; see "
    "partials/languages/ in the theme), or add its translation as overrides/partials/languages/<code>.html "
    "with theme custom_dir",
    "site.remote": "remove the setting from mkdocs.yml, or put the file under docs/ and name it by its path there",
    "html.not_allowed": "write it in Markdown instead (README, 'Raw HTML'): scripts, styles, frames, images "
    "and attributes in HTML are not published",
    "block.unknown_box": "use '!!! question', '!!! note', '!!! tip', '!!! warning' (or another kind the message "
    "lists), or '!!! trainer' / '!!! materials' for facilitators",
    "block.unknown_marker": "use one of the markers listed in the README ('Generated parts')",
    "attr.not_allowed": "remove it: an attribute list on a heading may hold only its id, '.facilitator-only', "
    "'.participant-only', 'minutes=' and 'method=' (README, 'Attributes')",
    "attr.left_out": "remove it: an attribute list on a heading may hold only its id, '.facilitator-only', "
    "'.participant-only', 'minutes=' and 'method=' (README, 'Attributes')",
    "attr.facilitator_class": "write the class exactly '.facilitator-only' to keep the section from participants",
    "timing.module_sum": "change a session's minutes or the module's 'minutes:' front matter so they agree",
    "timing.course_sum": "change module minutes or 'teaching_minutes' in docs/course.yml so they agree",
    "timing.crosses_pause": "change session minutes so the session ends before the pause, or move the pause",
    "timing.crosses_day": "move sessions so the module ends on the day it starts, or set "
    "'modules_may_span_days: true' in docs/course.yml",
    "timing.day_end": "change session minutes, pauses or the day's 'end' in docs/course.yml so they agree",
    "i18n.missing_twin": "create the twin page with the same headings, ids, sessions, minutes and methods",
    "i18n.structure": "make both languages' pages list the same ids in the same order",
    "i18n.session": "give the session the same minutes and method in both languages",
    "i18n.front_matter": "give both languages' pages the same front matter",
    "i18n.term": "use the glossary's term for this language (see docs/glossary.md)",
    "handout.unlinked": "link the handout from the materials list of the session that uses it",
    "text.for_trainer": "move the sentence into a '!!! trainer' box (or say it to participants), so that it "
    "stays out of the site and the workbook",
    "materials.unlisted": "add it under 'materials: items:' in docs/course.yml with how many the class needs (per "
    "participant, group, trainer or room), or name it as that list does",
    "handout.not_handout": "add 'handout: participant', 'handout: group' or 'handout: trainer' to the linked "
    "page's front matter, or do not link it from a materials list",
    "page.no_downloads": "add a page with 'kind: downloads' and the marker <!-- course:downloads -->",
    "i18n.stale": "update the translation, then run: make translations-current PAGE=<page>",
    "i18n.orphan": "remove the section from this page (its original was deleted), or restore the original",
    "i18n.untracked": "check the translation, then run: make translations-current PAGE=<page>",
    "glossary.table": "write the glossary as one table: Chinese term | English term | meaning",
    "link.missing_page": "correct the link to a page that exists under docs/ (Chinese file name, no .en)",
    "link.missing_anchor": "link to an id that exists on the target page",
    "link.facilitator_only": "move the link into a '!!! trainer' or '!!! materials' block, or make the linked "
    "page visible to participants",
    "link.file_type": "link a page under docs/ or show a PNG, JPEG or GIF image (convert an SVG drawing to PNG); "
    "other files are not published",
    "link.outside_docs": "keep links and images inside docs/",
    "link.missing_image": "put the image in docs/assets/images/ or correct its path",
    "link.no_alt": "say what the picture shows between the brackets: ![Three levels of listening](…)",
    "link.remote_image": "download the image into docs/assets/images/ and link it there: outputs work offline",
    "link.bad_url": "correct the web address (it must look like https://host/path)",
    "pdf.missing_glyph": "replace the character with one the PDF font has; the PDF would show an empty box",
    "pdf.render": "correct the image or style WeasyPrint reports; no PDF is written while it reports problems",
    "slides.unknown_key": "remove the key or correct its spelling; slides/decks.yml lists every key with a comment",
    "slides.invalid": "correct the value in slides/decks.yml as the message says",
    "slides.template": "use a template with the layouts and placeholders listed in the README "
    "('Using your company's slide template'), or correct the layout names under 'layouts:' in slides/decks.yml",
    "i18n.diagram": "draw the same diagrams in both languages: the same kind and number of items, in the same "
    "order",
    "diagram.kind": "write the kind after 'diagram' on the fence line: cycle, process, layers, matrix, hub or "
    "comparison (README, 'Diagrams')",
    "diagram.items": "give the diagram as many items as its kind takes (README, 'Diagrams'), or choose another kind",
    "diagram.syntax": "write each item as '- label: text' on its own line, a comparison column's points as "
    "'  - point' under it, and the title as '# title' on the first line",
    "diagram.too_long": "shorten the item: a diagram's label and text must fit its shape on a slide",
    "slides.too_long": "shorten the text: slides split long lists, but one item or title must fit a slide on its own",
    "slides.long_notes": "shorten the trainer notes that go with this slide, or move what is said before it is "
    "shown (set-up, seating, timing) into a trainer box before the slide's block, which goes with the slide before "
    "it; or lower sizes.min_notes in slides/decks.yml",
    "slides.word_budget": "shorten the item (a slide is read from the back of the room; the workbook carries "
    "the detail) or split it into two, or raise max_words (max_question_words for questions) in slides/decks.yml",
    "slides.image": "use a PNG, JPEG or GIF image under docs/assets/images/",
}


ADVICE: frozenset[str] = frozenset({
    "module.no_objectives", "session.no_purpose", "session.no_question", "session.key_points",
    "session.key_point", "session.inline_case", "i18n.term", "i18n.stale", "i18n.untracked",
    "file.not_published", "block.unknown_box", "attr.left_out", "block.list_indent", "text.for_trainer",
    "materials.unlisted", "slides.word_budget", "slides.long_notes",
})
"""House style: the codes that are advice (a warning with its fix) unless the course makes them errors
(`rules: strict: true`, `select:`, or `release: true` in docs/course.yml). Every other code is an error."""


def severity(code: str) -> str:
    """A code's default severity, as the README's problem-code table shows it: 'error' or 'advice'."""
    return "advice" if code in ADVICE else "error"


@dataclass(frozen=True)
class Problem:
    """One thing a trainer must fix: where, what, and a stable code that names the rule."""

    source: SourceLocation
    code: str
    message: str
    detail: tuple[str, ...] = ()  # extra lines shown under the message (e.g. what changed)
    warning: bool | None = None  # a warning is reported but stops no build; None: the code's default severity
    fix_page: str = ""  # what `<page>` in the fix names (a folder, say); the problem's own file when empty

    def __post_init__(self) -> None:
        if self.warning is None:
            object.__setattr__(self, "warning", self.code in ADVICE)

    @property
    def fix(self) -> str:
        """The one-line advice for this rule; a command in it names the page, so it runs as written."""
        return FIXES[self.code].replace("<page>", self.fix_page or self.source.path.as_posix())


class BuildError(Exception):
    """A build step could not produce a sound output for a reason outside the course source
    (a prerequisite output is missing, a system font is not installed, the built site has broken links).
    The CLI prints the message and exits 1; the previous output is left in place."""


class BuildInterrupted(BaseException):
    """Ctrl-C or a kill (SIGTERM) during a build: everything unwinds and the previous outputs stay.

    Not a KeyboardInterrupt: one raised inside code that Python runs through `exec` of a string (as
    `dataclasses` does when a module is imported) makes the interpreter end itself with SIGINT later,
    whatever exit status the build returns.
    """


class CourseError(Exception):
    """The course has problems; raised by builders so no output is written from a broken source."""

    def __init__(self, problems: list[Problem]):
        super().__init__(format_report(problems))
        self.problems = problems


def format_problem(problem: Problem) -> str:
    """Editor-clickable form: `path:line: message [code]`, any detail lines, and the fix."""
    kind = "warning: " if problem.warning else ""
    lines = [f"{problem.source}: {kind}{problem.message} [{problem.code}]"]
    lines += [f"    | {line}" for line in problem.detail]
    lines.append(f"    fix: {problem.fix}")
    return "\n".join(lines)


def format_ci_annotation(problem: Problem) -> str:
    """GitHub-style annotation, so CI shows the problem on the source line."""
    path = problem.source.path.as_posix()
    level = "warning" if problem.warning else "error"
    return f"::{level} file={path},line={problem.source.line}::{problem.message} [{problem.code}]"


def format_report(problems: Iterable[Problem], ci: bool = False) -> str:
    """All problems, sorted by place, then a count line."""
    ordered = sorted(problems, key=lambda p: (p.source.path.as_posix(), p.source.line, p.code, p.message))
    lines = [format_problem(p) for p in ordered]
    if ci:
        lines += [format_ci_annotation(p) for p in ordered]
    errors = sum(1 for p in ordered if not p.warning)
    warnings = len(ordered) - errors
    # "no problems found" only when there is nothing at all to say: advice alone reads "no errors, 3 warnings"
    summary = f"{errors} problem{'s' if errors != 1 else ''} found" if errors else (
        "no errors" if warnings else "no problems found")
    if warnings:
        summary += f", {warnings} warning{'s' if warnings != 1 else ''}"
    lines.append(summary)
    return "\n".join(lines)
