"""The table checks' view of a grid: each number's row name is the text nearest on its left."""

from __future__ import annotations

from jixiao.checks._grid import grids
from jixiao.inputs.facts import read_facts
from jixiao.intake import read_text


def test_a_side_by_side_row_names_each_side_by_its_own_label() -> None:
    text = (
        "收入支出决算总表\n单位：万元\n项目 | 决算数 | 项目 | 决算数\n"
        "本年收入合计 | 80.00 | 本年支出合计 | 70.00\n"
        "收入总计 | 90.00 | 支出总计 | 90.00\n"
    )
    _evaluation, _issues, document = read_text(text, "case.txt")
    (grid,) = grids(document, read_facts(document))
    last = grid.rows[-1]
    assert (last.label, last.name_of(1), last.name_of(3)) == ("收入总计", "收入总计", "支出总计")
