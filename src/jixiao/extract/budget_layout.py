"""Budget rows read by position: a header that names its amount and score columns, a row that fills them.

A self-evaluation form often has no rate column (``年初预算数(A) | 全年执行数(B) | 分值 | 得分``), so no
stated rate can confirm which numbers are money. Then a row is read by position, and only when nothing
is left to guess: the header declares the unit (``(万元)``), names amount columns and at least one
分值 / 执行率 / 得分 column, each once; the row is labelled as budget money and holds exactly as many
numbers as the header names columns, not all of its amounts zero (a total row whose formula never ran);
its 分值 and 得分 are plausible (score ≤ weight ≤ 100).
"""

from __future__ import annotations

import re

from jixiao.extract.table_grid import Cell, TableFacts, TableState, found, is_money_cell

LAYOUT_RE = re.compile(
    r"(?P<initial>年初预算数?|年初数)"
    r"|(?P<adjusted>全年预算数?|调整后预算数?|调整预算数?|全年\(调整\)预算数)"
    r"|(?P<executed>全年执行数|预算执行数|执行数|全年执行资金|实际支出)"
    r"|(?P<weight>分值|权重)|(?P<rate>执行率)|(?P<score>得分(?!计算|方法|说明|依据|标准))"
)
AMOUNT_COLUMNS = ("initial", "adjusted", "executed")
SCORE_COLUMNS = ("weight", "rate", "score")
MONEY_ROW = re.compile(r"资金|总额|合计|拨款|补助|财政|结转|收入|支出|预算|经费")


def header_layout(header: list[str]) -> list[str]:
    """The numeric columns a budget header names, in order (amounts, 分值, 执行率, 得分)."""
    joined = "".join(header).replace(" ", "")
    return [match.lastgroup or "" for match in LAYOUT_RE.finditer(joined)]


def positional_row(label: str, values: list[Cell], state: TableState) -> dict[str, Cell] | None:
    """The row's numbers by column when the header leaves nothing to guess, else None."""
    layout = state.layout
    if (
        not state.unit
        or len(set(layout)) != len(layout)
        or not set(layout) & set(AMOUNT_COLUMNS)
        or not set(layout) & set(SCORE_COLUMNS)
        or len(values) != len(layout)
        or not MONEY_ROW.search(label)
        or not all(is_money_cell(cell) for cell in values)
    ):
        return None
    row = dict(zip(layout, values, strict=True))
    if all(row[c].number == 0 for c in AMOUNT_COLUMNS if c in row):
        return None  # a form's total row left at zero (its formula never ran) says nothing
    weight = row["weight"].number if "weight" in row else None
    score = row["score"].number if "score" in row else None
    if weight is not None and not 0 < weight <= 100:
        return None
    if weight is not None and score is not None and score > weight:
        return None
    return row


def read_positional(
    label: str, row: dict[str, Cell], state: TableState, facts: TableFacts, total: bool
) -> None:
    """Amounts of a positional row; the total row also gives budget.total, its rate, 分值 and 得分."""
    unit = state.unit or "万元"
    for column in AMOUNT_COLUMNS:
        if column in row:
            figure = found(row[column], "amount", unit, label)
            facts.figures.append(figure)
            if total and column not in facts.total:
                facts.total[column] = figure
    if not total:
        return
    if "rate" in row:
        facts.total.setdefault("rate", found(row["rate"], "rate", "%", label))
    if "weight" in row and "score" in row:
        facts.execution["weight"] = found(row["weight"], "weight", "分", "分值")
        facts.execution["score"] = found(row["score"], "score", "分", "得分")
