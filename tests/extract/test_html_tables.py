"""HTML tables: merged cells (rowspan / colspan) expanded so every row lines up with its header."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from jixiao.inputs.files.html import MAX_SPAN, table_rows


def rows_of(html: str) -> list[list[str]]:
    table = LexborHTMLParser(html).css_first("table")
    assert table is not None
    return table_rows(table)


def test_rowspan_repeats_the_cell_down_and_colspan_across() -> None:
    html = (
        "<table><tr><th>一级指标</th><th>三级指标</th><th>分值</th><th>得分</th></tr>"
        "<tr><td rowspan='2'>产出指标</td><td>A</td><td>20</td><td>18</td></tr>"
        "<tr><td>B</td><td>30</td><td>30</td></tr>"
        "<tr><td colspan='2'>总分</td><td>50</td><td>48</td></tr></table>"
    )
    assert rows_of(html) == [
        ["一级指标", "三级指标", "分值", "得分"],
        ["产出指标", "A", "20", "18"],
        ["产出指标", "B", "30", "30"],
        ["总分", "总分", "50", "48"],
    ]


def test_a_merged_cell_in_the_middle_of_a_row() -> None:
    html = (
        "<table><tr><td>a</td><td rowspan='3'>m</td><td>b</td></tr>"
        "<tr><td>c</td><td>d</td></tr><tr><td>e</td><td>f</td></tr><tr><td>g</td><td>h</td></tr></table>"
    )
    assert rows_of(html) == [["a", "m", "b"], ["c", "m", "d"], ["e", "m", "f"], ["g", "h"]]


def test_hostile_or_broken_spans_are_bounded() -> None:
    html = "<table><tr><td colspan='99999999'>x</td><td rowspan='abc'>y</td></tr></table>"
    rows = rows_of(html)
    assert len(rows[0]) == MAX_SPAN + 1
    assert rows[0][-1] == "y"
