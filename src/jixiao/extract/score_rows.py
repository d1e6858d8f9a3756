"""The budget row of a self-evaluation form read from its grid, where its 分值 is written only in a header.

The provincial forms give budget execution a weight in the header instead of a 分值 column:
``预算执行情况(万元)(20分) | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分(20分*执行率)`` over
``年度财政资金总额 | 278.4 | 30.00 | 10.77% | 2.15``. The row's rate and score are facts of the grid (their
kinds follow from their column headers); the weight is the ``N分`` the header writes, taken only when the
score is that weight times the rate (within the rounding of the printed figures): 20 × 10.77 % = 2.154.
"""

from __future__ import annotations

import re
from decimal import Decimal

from jixiao.extract.patterns import Found
from jixiao.inputs.document import Document, Table
from jixiao.inputs.facts import Fact
from jixiao.inputs.glued import header_columns, split_run

BUDGET_ROW = re.compile(r"资金总额|预算执行|财政资金|年度资金|项目资金")
HEADER_WEIGHT = re.compile(r"(?P<w>\d{1,2}(?:\.\d)?)\s*分(?=\s*[)）*×xX]|\s*$)")
ROUNDING = Decimal("0.011")  # a score printed to the cent of weight × a rate printed to 0.01 %


def header_weight_row(document: Document, facts: list[Fact]) -> dict[str, Found] | None:
    """``{"weight": …, "score": …}`` of the first budget row whose weight only a header writes."""
    tables = list(document.tables())
    by_row: dict[tuple[int, int], list[Fact]] = {}
    for fact in facts:
        if fact.table is not None and fact.row is not None:
            by_row.setdefault((fact.table, fact.row), []).append(fact)
    for (table_index, row_index), row in by_row.items():
        rates = [f for f in row if f.kind == "rate"]
        scores = [f for f in row if f.kind == "score"]
        if len(rates) != 1 or len(scores) != 1 or any(f.kind == "weight" for f in row):
            continue
        label = row[0].labels[-1] if row[0].labels else ""
        if not BUDGET_ROW.search(label):
            continue
        weight = written_weight(document, tables[table_index], row_index, scores[0])
        if weight is None:
            continue
        expected = weight.value * min(rates[0].value, Decimal(100)) / 100
        if abs(expected - scores[0].value) <= ROUNDING and scores[0].value <= weight.value:
            score = Found("score", scores[0].value, "分", scores[0].start, scores[0].end, "得分")
            return {"weight": weight, "score": score}
    return None


def written_weight(document: Document, table: Table, row_index: int, score: Fact) -> Found | None:
    """The ``N分`` written above the row, in the score's column or the row label's (one value only)."""
    columns = {0, score.column} if score.column is not None else {0}
    found: list[Found] = []
    for above in table.rows[:row_index]:
        for index, cell in enumerate(above):
            if index not in columns or cell.merged:
                continue
            base = document.text.find(cell.text, cell.start, cell.end + 1) if cell.text else -1
            for match in HEADER_WEIGHT.finditer(cell.text if base >= 0 else ""):
                start = base + match.start("w")
                end = base + match.end("w")
                if document.text[start:end] == match.group("w"):
                    found.append(Found("weight", Decimal(match.group("w")), "分", start, end, "分值"))
    values = {item.value for item in found}
    if len(values) != 1 or not 0 < next(iter(values)) <= 100:
        return None
    return found[0]


# The same form run together in a paragraph (a shared document read by a viewer):
# ``预算执行情况(万元)(20分)预算数(A)执行数(B)执行率(B/A)得分(20分*执行率)年度财政资金总额5045.591%18.2``
GLUED_BUDGET = re.compile(
    r"预算执行情况(?:\(万元\))?\((?P<w>\d{1,2})分\)\s*预算数(?:\(A\))?\s*执行数(?:\(B\))?\s*执行率(?:\(B/A\))?"
    r"\s*得分(?:\([^)]{0,12}\))?\s*(?:年度)?(?:财政)?资金总额[:：]?(?P<run>\d[\d.]*%\d[\d.]{0,5})(?![\d.%])"
)


# The national form's budget row run together with its header, the weight in a 分值 column:
# ``全年预算数(A)全年执行数(B)分值执行率(B/A)得分年度资金总额:202010100.00%10``
# is 20 | 20 | 10 | 100.00% | 10.
GLUED_NATIONAL_BUDGET = re.compile(
    r"(?P<header>(?:(?:年初|全年|调整后)预算数?(?:\([A-Z]\))?\s*){1,2}全年执行数?(?:\([A-Z]\))?\s*"
    r"(?:分值|权重)(?:\(\d{1,2}分\))?\s*执行率(?:\([A-Z]/[A-Z]\))?\s*得分)(?:得分计算方法)?"
    r"\s*(?:年度)?资金总额[:：]?\s*(?P<run>\d[\d.]*%\d[\d.]{0,5})(?![\d.%])"
)


def glued_budget_row(norm: str, start: int = 0) -> dict[str, Found] | None:
    """The budget row of such a form: its run cut the one way budget, executed and rate agree, the score
    the header's weight times the rate (within the rounding of the printed figures)."""
    match = GLUED_BUDGET.search(norm, start)
    if match is None:
        return glued_national_budget_row(norm, start)
    run = match.group("run")
    spans = split_run(run, ["amount", "amount", "rate", "score"])
    if spans is None:
        return None
    base = match.start("run")
    rate = Decimal(run[spans[2][0] : spans[2][1]].rstrip("%"))
    score_at = (base + spans[3][0], base + spans[3][1])
    score = Decimal(norm[score_at[0] : score_at[1]])
    weight = Decimal(match.group("w"))
    if score > weight or abs(weight * min(rate, Decimal(100)) / 100 - score) > ROUNDING:
        return None
    return {
        "weight": Found("weight", weight, "分", match.start("w"), match.end("w"), "分值"),
        "score": Found("score", score, "分", *score_at, "得分"),
    }


def glued_national_budget_row(norm: str, start: int = 0) -> dict[str, Found] | None:
    """The national form's budget row run together: the one cut of its run into the header's columns
    (amounts, 分值, 执行率, 得分) whose figures agree (``inputs.glued.split_run``)."""
    match = GLUED_NATIONAL_BUDGET.search(norm, start)
    if match is None:
        return None
    kinds = [kind for kind, _, _ in header_columns(match.group("header"))]
    if kinds.count("weight") != 1 or kinds.count("score") != 1 or kinds.count("rate") != 1:
        return None
    run = match.group("run")
    spans = split_run(run, kinds)
    if spans is None:
        return None
    base = match.start("run")
    weight_at = spans[kinds.index("weight")]
    score_at = spans[kinds.index("score")]
    weight = Decimal(run[weight_at[0] : weight_at[1]])
    score = Decimal(run[score_at[0] : score_at[1]])
    if not 0 < weight <= 100 or score > weight:
        return None
    return {
        "weight": Found("weight", weight, "分", base + weight_at[0], base + weight_at[1], "分值"),
        "score": Found("score", score, "分", base + score_at[0], base + score_at[1], "得分"),
    }
