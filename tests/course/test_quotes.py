"""Typographic quotes (`course.quotes`), on the tokens every output reads: what changes and what stays as written."""

from __future__ import annotations

from pathlib import Path

import pytest
from course_copies import MINIMAL

from build_tools.checks.checked import checked_course
from build_tools.course.diagrams import read_diagram
from build_tools.course.markdown_reading import PARSER, trailing_attributes
from build_tools.course.quote_marks import straight
from build_tools.course.quotes import shown_title
from build_tools.course.source import SourceLocation
from build_tools.parts.markdown_html import MarkdownConverter


def _children(markdown: str) -> list[tuple[str, str]]:
    return [(c.type, c.content) for t in PARSER.parse(markdown) if t.type == "inline" for c in t.children or ()]


def _text(markdown: str) -> str:
    return "".join(content for kind, content in _children(markdown) if kind == "text")


@pytest.mark.parametrize(("markdown", "shown"), [
    ('He said "don\'t" to the manager\'s team.', "He said “don’t” to the manager’s team."),
    ('"outer \'inner\' text"', "“outer ‘inner’ text”"),
    ("the trainers' room, '90s music", "the trainers’ room, ’90s music"),
    ('"A quotation that runs on', "“A quotation that runs on"),  # into the next paragraph: it opens
    ('a 12" screen', 'a 12" screen'),  # an inch mark (no pair) stays
    ('他说"你好"。', "他说“你好”。"),  # Chinese typed with ASCII quotes, no space beside them
    ('用"manager"一词，\'单引号\'也行', "用“manager”一词，‘单引号’也行"),
    ("他说“你好”，don’t", "他说“你好”，don’t"),  # typed typographic already: unchanged
    ("「直角引号」和＂全角＂", "「直角引号」和＂全角＂"),
    ('**"bold"** and *it\'s*', "“bold” and it’s"),
    ('a "quote\nover two lines"', "a “quoteover two lines”"),  # text tokens joined without their line break
])
def test_the_words_get_typographic_quotes(markdown: str, shown: str) -> None:
    assert _text(markdown) == shown


def test_code_html_links_escapes_and_entities_stay_as_written() -> None:
    children = _children('Use `x = "y"` and ["see"](https://example.org/a"b \'t\') <abbr title="x">it\'s</abbr> '
                         '\\"kept\\" &quot;also&quot;')
    assert ("code_inline", 'x = "y"') in children
    assert ("text", "“see”") in children  # a link's words change, its destination does not
    link = next(t for t in PARSER.parse('["see"](https://example.org/a"b)')[1].children if t.type == "link_open")
    assert link.attrs["href"] == 'https://example.org/a%22b'
    assert ("html_inline", '<abbr title="x">') in children and ("text", "it’s") in children
    assert _text('\\"kept\\" &quot;also&quot;') == '"kept" "also"'
    fenced = PARSER.parse('```\nsay "hi", don\'t\n```\n\n    indented "code"\n')
    assert [t.content for t in fenced if t.type in ("fence", "code_block")] == ['say "hi", don\'t\n',
                                                                                'indented "code"\n']


def test_an_attribute_list_at_the_end_stays_as_written() -> None:
    heading = '## Say "hi" to the manager\'s team {#hello minutes=20 method="group discussion" .facilitator-only}'
    last = _children(heading)[-1][1]
    text, attributes = trailing_attributes(last)
    assert text == "Say “hi” to the manager’s team"
    assert attributes is not None and attributes.values == {"minutes": "20", "method": "group discussion"}
    assert last.endswith('{#hello minutes=20 method="group discussion" .facilitator-only}')
    paragraph = _children("A \"quoted\" word {method='lecture'}")[-1][1]
    assert paragraph == "A “quoted” word {method='lecture'}"


def test_an_admonition_keeps_its_title_delimiters_and_shows_its_words_with_quotes() -> None:
    html = MarkdownConverter(checked_course(MINIMAL)).render(
        '!!! question "The manager\'s question"\n    Is it "fair"?\n').html
    assert '<p class="admonition-title">The manager’s question</p>' in html and "Is it “fair”?" in html


def test_a_heading_title_shows_the_quotes_of_its_words_and_keeps_its_markdown() -> None:
    source = 'Say "hi" to the manager\'s `x="y"` [team\'s](a\'b.md) <kbd>"k"</kbd>'
    inline = PARSER.parseInline(source)[0]
    assert shown_title(source, inline.children or ()) == \
        'Say “hi” to the manager’s `x="y"` [team’s](a\'b.md) <kbd>“k”</kbd>'
    assert straight(shown_title(source, inline.children or ())) == source
    escaped = 'Say \\"hi\\" it\'s'
    assert shown_title(escaped, PARSER.parseInline(escaped)[0].children or ()) == 'Say \\"hi\\" it’s'


def test_straight_folds_typographic_quotes_for_comparisons() -> None:
    assert straight("the manager’s “team” ‘x’") == "the manager's \"team\" 'x'"


def test_text_that_looks_like_a_tag_keeps_its_quotes_for_the_raw_html_check() -> None:
    """`<abbr title="x"onclick=…>` is not a CommonMark tag, so markdown-it keeps it as text: it stays as typed."""
    assert _text('<abbr title="x"onclick="alert(\'c\')">WHO</abbr> it\'s "ok"') == \
        '<abbr title="x"onclick="alert(\'c\')">WHO it’s “ok”'  # </abbr> is a tag, not text


def test_a_diagrams_words_get_typographic_quotes_as_the_pages_do() -> None:
    diagram = read_diagram("diagram hub", "# The leader's \"five\" tools\n- Centre: it's here\n- A\n- B\n- C\n",
                           SourceLocation(Path("p.md"), 1), [])
    assert diagram is not None and diagram.title == "The leader’s “five” tools"
    assert (diagram.items[0].label, diagram.items[0].text) == ("Centre", "it’s here")
