"""Budget tables and money lists: which numbers of a row are amounts, the total row, glued cells.

In a budget table (年初预算数 / 全年预算数 / 全年执行数 / 执行率) the amounts of a row are the numbers whose
ratio agrees with the stated rate, so a 分值 column standing between them is not taken for money, and a
glued cell such as ``40004000100%`` is split the only way the rate allows. Under a declared unit, a plain
list row gives every number as money.
"""

from __future__ import annotations

import re
from decimal import Decimal

from jixiao.extract.patterns import Found
from jixiao.extract.table_grid import Cell, TableFacts, TableState, found, is_money_cell, table_unit
from jixiao.numbers import classify_rounding

BUDGET_HEADER = re.compile(
    r"年初预算|全年预算|调整后预算|预算执行数|全年执行|执行数\s*\(|预算数\s*\(|全年到位|执行资金"
)
BUDGET_HEADER_ENDS = "算数行(位金"  # the last character of each word of BUDGET_HEADER
MONEY_LABEL = re.compile(r"(?:预算|资金|经费|金额|总额|投资|拨款|收入|支出|合计|小计|总计)[:]?$")
NOT_MONEY_LABEL = re.compile(r"代码|编码|电话|编号|序号|行次|栏次|日期|时间|年度$|率|人数|数量")
TOTAL_ROW = re.compile(r"年度资金总额|资金总额|^总额|^合计|^总计")
COLUMN_RE = re.compile(
    r"(?P<initial>年初预算数?|年初数)|(?P<adjusted>全年预算数?|调整后预算数?|调整预算数?|全年\(调整\)预算数|预算数)"
    r"|(?P<executed>全年执行数|预算执行数|执行数|全年执行资金|实际支出)|(?P<other>到位资金|统筹整合资金数|预算金额)"
)
BUDGET_ROW = re.compile(r"资金|总额|合计|拨款|补助|财政|其他|结转|收入|支出|预算|经费")


def header_columns(header: list[str]) -> list[str]:
    """The amount columns of a budget header in order: ``initial``, ``adjusted``, ``executed``, ``other``."""
    joined = "".join(header).replace(" ", "")
    return [match.lastgroup or "other" for match in COLUMN_RE.finditer(joined)]


def named_columns(state: TableState) -> list[str]:
    """The header's amount columns that name a budget field (``other`` left out)."""
    return [c for c in state.columns if c != "other"]


def claim_total(label: str, state: TableState) -> bool:
    """True for the first total row (合计 / 资金总额 …) of the current budget table."""
    if TOTAL_ROW.search(label) and not state.total_done:
        state.total_done = True
        return True
    return False


def rate_agrees(numerator: Decimal, denominator: Decimal, rate: Decimal) -> bool:
    """``numerator / denominator`` written as ``rate`` percent (rounded or truncated)."""
    if denominator == 0:
        return numerator == 0 and rate == 0
    return classify_rounding(numerator * 100 / denominator, rate) != "wrong"


def split_glued(cell: Cell, columns: int) -> tuple[list[Decimal], Decimal] | None:
    """``40004000100%`` → ([4000, 4000], 100): the one split whose ratio gives the rate."""
    digits = cell.text.rstrip("%")
    if not digits.isdigit() or len(digits) < 4:
        return None
    if columns not in (0, 2):
        return None
    for rate_len in (3, 2, 1):
        rate_text, rest = digits[-rate_len:], digits[:-rate_len]
        if len(rate_text) > 1 and rate_text[0] == "0":
            continue
        answers = []
        for cut in range(1, len(rest)):
            first, second = rest[:cut], rest[cut:]
            if (second[0] == "0" and len(second) > 1) or first[0] == "0":
                continue
            if rate_agrees(Decimal(second), Decimal(first), Decimal(rate_text)):
                answers.append(([Decimal(first), Decimal(second)], Decimal(rate_text)))
        if len(answers) == 1:
            return answers[0]
        if answers:
            return None
    return None


def read_budget_row(label: str, values: list[Cell], state: TableState, facts: TableFacts) -> None:
    """Amounts are the numbers whose ratio agrees with the rate that follows them."""
    if not values or not label:
        return
    unit = table_unit(state)
    if state.header_open:
        state.columns = header_columns(state.header)
        state.layout = header_layout(state.header)
    positional = positional_row(label, values, state)
    if positional is not None:
        read_positional(label, positional, state, facts, claim_total(label, state))
        return
    amounts, rates, leftovers = sort_budget_cells(label, values, unit, state, facts)
    for cell in amounts:
        facts.figures.append(found(cell, "amount", unit, label))
    if claim_total(label, state):
        record_total(amounts, rates, leftovers, state, facts, label)


def sort_budget_cells(
    label: str, values: list[Cell], unit: str, state: TableState, facts: TableFacts
) -> tuple[list[Cell], list[Cell], list[Cell]]:
    """(amounts, rates, leftovers) of a budget row; glued cells are read on the way."""
    amounts: list[Cell] = []
    pending: list[Cell] = []
    leftovers: list[Cell] = []
    rates: list[Cell] = []
    for cell in values:
        if cell.percent:
            if cell.number is not None and cell.number >= 1000:
                glued = split_glued(cell, len(named_columns(state)))
                if glued:
                    add_glued(cell, glued, label, unit, facts, state)
                continue
            accepted = accept_before_rate(pending, amounts, cell)
            amounts.extend(accepted)
            leftovers.extend(pending[len(accepted) :])
            pending = []
            rates.append(cell)
        elif is_money_cell(cell):
            pending.append(cell)
    if not rates and unrated_amounts(label, pending, state):
        amounts.extend(pending)
        pending = []
    leftovers.extend(pending)
    return amounts, rates, leftovers


def unrated_amounts(label: str, pending: list[Cell], state: TableState) -> bool:
    """A row without a rate: its numbers are amounts when few, on a money label, and not one bare integer."""
    return (
        bool(pending)
        and len(pending) <= max(3, len(state.columns))
        and bool(BUDGET_ROW.search(label))
        and (len(pending) >= 2 or "." in pending[0].text)
    )


def accept_before_rate(pending: list[Cell], earlier: list[Cell], rate: Cell) -> list[Cell]:
    """The longest prefix of ``pending`` whose last number over an earlier amount gives ``rate``."""
    assert rate.number is not None
    for size in range(len(pending), 0, -1):
        candidate = pending[size - 1].number
        assert candidate is not None
        bases = [c.number for c in earlier + pending[: size - 1] if c.number is not None]
        if any(rate_agrees(candidate, base, rate.number) for base in bases):
            return pending[:size]
    return []


def add_glued(
    cell: Cell,
    glued: tuple[list[Decimal], Decimal],
    label: str,
    unit: str,
    facts: TableFacts,
    state: TableState,
) -> None:
    """Figures of a glued cell share its span (the parts cannot be told apart in the text)."""
    amounts, rate = glued
    facts.replaced.add((cell.start, cell.end))
    parts = [Found("amount", value, unit, cell.start, cell.end, label) for value in amounts]
    facts.figures.extend(parts)
    rate_found = Found("rate", rate, "%", cell.start, cell.end, label)
    facts.figures.append(rate_found)
    if claim_total(label, state):
        named = named_columns(state)[-2:] or ["adjusted", "executed"]
        for column, part in zip(named, parts, strict=False):
            facts.total[column] = part
        facts.total["rate"] = rate_found


def record_total(
    amounts: list[Cell],
    rates: list[Cell],
    leftovers: list[Cell],
    state: TableState,
    facts: TableFacts,
    label: str,
) -> None:
    """The total row gives budget.total and, with two small leftovers, 预算执行率's weight and score."""
    unit = table_unit(state)
    columns = state.columns
    if len(columns) > len(amounts):
        columns = columns[len(columns) - len(amounts) :]
    if len(columns) == len(amounts):
        for column, cell in zip(columns, amounts, strict=True):
            if column != "other" and column not in facts.total:
                facts.total[column] = found(cell, "amount", unit, label)
    if rates:
        facts.total["rate"] = found(rates[0], "rate", "%", label)
    small = [c for c in leftovers if c.number is not None and c.number <= 100]
    if len(small) == 2:
        facts.execution["weight"] = found(small[0], "weight", "分", "分值")
        facts.execution["score"] = found(small[1], "score", "分", "得分")


def read_list_row(
    label: str, values: list[Cell], state: TableState, facts: TableFacts, fallback: str | None
) -> None:
    """Under a declared unit, money lists; elsewhere only numbers written like money (``1,003,618.46``)."""
    money = [c for c in values if is_money_cell(c)]
    if state.unit and label and not NOT_MONEY_LABEL.search(label):
        numbers_only = all(not c.percent for c in values)
        if (len(money) >= 2 and numbers_only) or (len(money) == 1 and MONEY_LABEL.search(label)):
            for cell in money:
                facts.figures.append(found(cell, "amount", state.unit, label))
            return
    for cell in money:
        if "," in cell.text and re.search(r"\.\d\d$", cell.text):
            facts.figures.append(found(cell, "amount", state.unit or fallback or "元", label))


# --- rows read by position ----------------------------------------------------------------------
# Budget rows read by position: a header that names its amount and score columns, a row that fills them.
#
# A self-evaluation form often has no rate column (``年初预算数(A) | 全年执行数(B) | 分值 | 得分``), so no
# stated rate can confirm which numbers are money. Then a row is read by position, and only when nothing
# is left to guess: the header declares the unit (``(万元)``), names amount columns and at least one
# 分值 / 执行率 / 得分 column, each once; the row is labelled as budget money and holds exactly as many
# numbers as the header names columns, not all of its amounts zero (a total row whose formula never ran);
# its 分值 and 得分 are plausible (score ≤ weight ≤ 100).

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
