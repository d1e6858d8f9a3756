"""A table flattened one cell a line with its header stacked above its values: the leaves are named only
when they are exactly as many as the values, and a lower header level splits one upper cell."""

from __future__ import annotations

from jixiao.checks._stacked import stacked_labels
from jixiao.inputs.facts import read_facts
from jixiao.intake import read_text

HEADER = (
    "“三公”经费合计 |\n因公出国(境)费 |\n公务用车购置及运行费 |\n公务接待费 |\n||\n"
    "小计 |\n公务用车购置费 |\n公务用车运行费 |\n|||\n"
)


def _labels(body: str) -> list[str]:
    text = f"某局“三公”经费预算表\n单位:万元\n{body}二、说明\n预算合计 64 万元。\n"
    _evaluation, _issues, document = read_text(text, "case.txt")
    facts = read_facts(document)
    found: list[str] = []
    for index, table in enumerate(document.tables()):
        names = stacked_labels(table, [f for f in facts if f.table == index])
        found += [names[id(f)] for f in facts if id(f) in names]
    return found


def test_the_lower_level_splits_the_upper_cell_it_shares_words_with() -> None:
    labels = _labels(HEADER + "64 |\n0 |\n58 |\n40 |\n18 |\n6 |\n")
    assert labels == [
        "“三公”经费合计",
        "因公出国(境)费",
        "公务用车购置及运行费小计",
        "公务用车购置费",
        "公务用车运行费",
        "公务接待费",
    ]


def test_one_value_fewer_than_the_leaves_names_nothing() -> None:
    assert _labels(HEADER + "64 |\n0 |\n58 |\n40 |\n18 |\n") == []


def test_a_lower_level_sharing_words_with_no_upper_cell_names_nothing() -> None:
    header = "合计 |\n出国费 |\n接待费 |\n||\n小计 |\n办公费 |\n|||\n"
    assert _labels(header + "10 |\n0 |\n6 |\n4 |\n") == []


def test_a_grid_of_several_cells_a_line_is_not_stacked() -> None:
    assert _labels("项目 | 金额 |\n基本支出 | 60 |\n项目支出 | 40 |\n") == []
