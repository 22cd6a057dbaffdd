"""The site's table adjustments on HTML as MkDocs renders Markdown tables (no MkDocs run needed)."""

from __future__ import annotations

import re

from build_tools.course.display_names import capitalised
from build_tools.parts.markdown_html import MarkdownConverter
from build_tools.site.tables import (
    GLOSSARY_CLASS,
    LEAD_CLASS,
    NUMBER_CLASS,
    WORKSHEET_CLASS,
    WRITE_IN_CLASS,
    GlossaryRows,
    between_words,
    capitalise_column,
    mark_write_in,
    rewrite_tables,
    scope_headers,
)

WORKSHEET = """
| 阶段 | 关键问题 | 具体行动 | 负责人 |
| --- | --- | --- | --- |
| 计划（Plan） | 问题的**根源**是什么？ |  |  |
| 执行（Do） | 谁来做？ |  |  |
"""

PLAIN = """
| Time | Session | Method | Minutes |
| --- | --- | --- | ---: |
| 09:00–09:30 | [The first minute](x.md#a) | workshop | 30 |
| 10:30–10:45 | *Break* |  | 15 |
"""


def rendered(markdown: str) -> str:
    """Markdown as the site renders it (the tables extension of mkdocs.yml's configuration)."""
    from course_copies import MINIMAL

    from build_tools.checks.checked import checked_course

    return MarkdownConverter(checked_course(MINIMAL)).to_html(markdown)


def cells(html: str, tag: str = "td") -> list[str]:
    return re.findall(rf"<{tag}\b[^>]*>.*?</{tag}>", html, re.S)


def test_write_in_table_gets_labels_lines_and_the_width_of_its_empty_columns() -> None:
    html = rewrite_tables(rendered(WORKSHEET), mark_write_in)
    body = cells(html)

    assert html.startswith(f'<div class="{WORKSHEET_CLASS}">')
    assert cells(html, "th")[4] == f'<th data-label="阶段" class="{LEAD_CLASS}" scope="row">计划（Plan）</th>'
    assert body[0] == '<td data-label="关键问题">问题的<strong>根源</strong>是什么？</td>'
    assert body[1] == f'<td data-label="具体行动" class="{WRITE_IN_CLASS}"></td>'
    shares = [int(n) for n in re.findall(r'<col style="width: (\d+)%">', html)]
    assert len(shares) == 4 and abs(sum(shares) - 100) <= 2
    assert shares[2] == shares[3] > max(shares[:2]), shares
    assert cells(html, "th")[2] == f'<th class="{WRITE_IN_CLASS}">具体行动</th>'


def test_a_column_of_row_numbers_leaves_the_width_to_the_answers() -> None:
    markdown = "| No. | The customer's words | The need I heard |\n| --- | --- | --- |\n| 1 |  |  |\n| 2 |  |  |\n"
    html = rewrite_tables(rendered(markdown), mark_write_in)
    shares = [int(n) for n in re.findall(r'<col style="width: (\d+)%">', html)]

    assert shares[0] <= 15 and shares[1] == shares[2] >= 40, shares
    assert f'<th data-label="No." class="{LEAD_CLASS} {NUMBER_CLASS}" scope="row">1</th>' in html


def test_every_column_header_has_its_scope_and_each_worksheet_row_its_header() -> None:
    """A screen reader reads a write-in cell with its column's heading and its row's question."""
    html = rewrite_tables(rewrite_tables(rendered(WORKSHEET), scope_headers), mark_write_in)
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)

    assert re.findall(r"<th\b[^>]*>", rows[0]) and all('scope="col"' in th
                                                      for th in re.findall(r"<th\b[^>]*>", rows[0]))
    for row in rows[1:]:
        assert re.match(r'\s*<th [^>]*scope="row"', row), row
        assert 'scope="row"' not in row.split("</th>", 1)[1]


def test_a_table_left_empty_everywhere_shares_the_whole_width() -> None:
    markdown = "| 日期 | 结果 | 下一步 | 备注 |\n| --- | --- | --- | --- |\n|  |  |  |  |\n|  |  |  |  |\n"
    html = rewrite_tables(rendered(markdown), mark_write_in)

    assert re.findall(r'<col style="width: (\d+)%">', html) == ["25"] * 4
    assert LEAD_CLASS not in html


def test_tables_with_nothing_to_write_in_stay_as_they_are() -> None:
    html = rendered("| a | b |\n| --- | --- |\n| 1 | 2 |\n")

    assert rewrite_tables(html, mark_write_in).replace("\n", "") == html.replace("\n", "")


def test_method_names_are_capitalised_under_the_method_heading_only() -> None:
    html = rewrite_tables(rendered(PLAIN), capitalise_column("Method"))

    assert '<td>Workshop</td>' in html
    assert '<em>Break</em>' in html and ">The first minute</a>" in html
    assert capitalised("role play") == "Role play" and capitalised("讲授") == "讲授"
    assert capitalised("<strong>case study</strong>") == "<strong>Case study</strong>"


def test_glossary_rows_get_ids_and_the_table_leaves_the_search_index() -> None:
    markdown = ("| 中文 | English | 说明 |\n| --- | --- | --- |\n"
                "| 复述 | paraphrase | 用自己的话 |\n| 同理心 | empathy | 先承认感受 |\n")
    change = GlossaryRows(["中文", "English", "说明"], ["term-复述", "term-同理心"])
    html = rewrite_tables(rendered(markdown), change)

    assert change.found
    assert f'<div class="{GLOSSARY_CLASS}">\n<table data-search-exclude>' in html
    assert re.findall(r'<tr id="([^"]+)">', html) == ["term-复述", "term-同理心"]


def test_a_glossary_table_that_is_not_there_is_reported() -> None:
    change = GlossaryRows(["中文", "English", "说明"], ["term-x"])
    rewrite_tables(rendered(PLAIN), change)

    assert not change.found


def test_glossary_terms_may_break_between_words_only() -> None:
    assert between_words("高效管理者") == "高效<wbr>管理者"
    assert between_words("教练“五用”技巧") == "教练<wbr>“五用”<wbr>技巧"
    assert between_words("effective manager") == "effective manager"
    assert between_words("<strong>高效管理者</strong>") == "<strong>高效管理者</strong>"


def test_a_cell_whose_words_cannot_break_is_marked_and_a_long_link_address_is_not():
    long_word = "Supercalifragilistic" * 2
    html = rendered(f"""
| Term | Note |
| --- | --- |
| {long_word} | [a short title](../modules/02-role-thinking.md#ordinary-vs-effective-managers) |
| 内部客户与外部客户的区别在于他们与你在同一个组织里工作并依赖你的产出 | `{long_word}` |
""")
    cells = re.findall(r"<td([^>]*)>(.*?)</td>", html)
    assert [attributes for attributes, _ in cells] == [' class="long-words"', "", "", ' class="long-words"']
