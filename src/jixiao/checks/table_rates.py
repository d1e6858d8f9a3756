"""A table's percent column against two of its amount columns, the relation read from the table (TAB003).

Tables of published reports put a rate beside the amounts it is computed from, row after row: 预算金额 |
实际支出 | 资金使用率, or 调整预算数 | 执行数 | 占调整预算% | 比上年增长%. Which columns the rate divides is
not written in a way a pattern can trust (headers are split, merged or lost), but the rows say it: a
quotient (a ÷ b) or a change (a ÷ b − 1) of two amount columns that gives the stated percent, rounded as
written, in most rows is the column's relation. A row where it does not is then judged as every stated
percent is (ADR 0008, 0017): rounded is right; truncated, or reachable only at the rounding edge of the
printed amounts, a warning; otherwise an error.

Precision first: the relation is taken only when at least two rows follow it exactly and they are at least
two thirds of the rows that give the column a percent and both amounts; a column whose rows follow no one
relation says nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import permutations
from typing import TYPE_CHECKING

from jixiao.checks._facts import HUNDRED, half_step, judge_percent, verdict_wording
from jixiao.checks._grid import grids_of
from jixiao.checks._support import fmt
from jixiao.checks.registry import Context, check
from jixiao.issues import Issue

if TYPE_CHECKING:
    from jixiao.checks._facts import RateVerdict
    from jixiao.checks._grid import Grid, Row
    from jixiao.inputs.facts import Fact

_RATE_HEADER = re.compile(r"率|%|％|百分比|占|比重|增减|增长|增幅")
MIN_AGREEING = 2
SHARE_AGREEING = Decimal(2) / Decimal(3)


@dataclass(frozen=True, slots=True)
class Relation:
    numerator: int  # column
    denominator: int  # column
    change: bool  # a ÷ b − 1 (a growth) rather than a ÷ b


def _rate_columns(grid: Grid) -> list[int]:
    """Columns holding percents: rates read as such, or numbers under a header naming a rate."""
    found = []
    for column in sorted({c for row in grid.rows for c in row.cells}):
        facts = [row.cells[column] for row in grid.rows if column in row.cells]
        rates = [f for f in facts if f.kind == "rate"]
        if (rates and len(rates) == len(facts)) or (
            _RATE_HEADER.search(grid.headers.get(column, "")) and all(f.kind == "number" for f in facts)
        ):
            found.append(column)
    return found


def _amount_columns(grid: Grid, rate_columns: list[int]) -> list[int]:
    return sorted(c for c in grid.summable if c not in rate_columns)


def _verdict(relation: Relation, row: Row, rate: Fact) -> RateVerdict | None:
    a, b = row.cells.get(relation.numerator), row.cells.get(relation.denominator)
    if a is None or b is None or b.value <= 0 or a.value < 0 or a.unit != b.unit:
        return None
    ha, hb = half_step(a), half_step(b)
    exact = a.value * HUNDRED / b.value
    low = (a.value - ha) * HUNDRED / (b.value + hb)
    high = (a.value + ha) * HUNDRED / max(b.value - hb, Decimal("0.000001"))
    if relation.change:
        exact, low, high = exact - HUNDRED, low - HUNDRED, high - HUNDRED
    return judge_percent(rate.value, exact, low, high)


def _relations(grid: Grid, column: int, amounts: list[int]) -> list[Relation]:
    """The relations most rows of ``column`` follow exactly (several when they tie: 调整预算数 and 执行数
    equal in every row make a ÷ b and b ÷ a alike), the usual one first (the numerator right of the
    denominator, a quotient before a change); none when the rows are not clear about it."""
    pairs = sorted(permutations(amounts, 2), key=lambda p: (p[0] < p[1], p))
    scored: list[tuple[int, Relation]] = []
    for change in (False, True):
        for numerator, denominator in pairs:
            relation = Relation(numerator, denominator, change)
            verdicts = [
                v
                for row in grid.rows
                if column in row.cells and (v := _verdict(relation, row, row.cells[column])) is not None
            ]
            agreeing = sum(1 for v in verdicts if v.verdict == "consistent")
            if agreeing >= MIN_AGREEING and agreeing >= SHARE_AGREEING * len(verdicts):
                scored.append((agreeing, relation))
    if not scored:
        return []
    top = max(count for count, _relation in scored)
    return [relation for count, relation in scored if count == top]


@check("TAB003", name="tables.rate-column-follows-amounts", group="tables")
def rate_column_follows_amounts(ctx: Context) -> Iterator[Issue]:
    """表中比率列（执行率、使用率、占调整预算%、比上年增长%）与同一行的两个金额列一致（关系由各行自身确定）.

    Wrong::

        项目 | 预算金额(万元) | 实际支出(万元) | 资金使用率
        甲专项 | 850 | 830 | 97.6%
        乙专项 | 620 | 600 | 96.8%
        丙专项 | 1200 | 1180 | 92.3%

    Right::

        项目 | 预算金额(万元) | 实际支出(万元) | 资金使用率
        甲专项 | 850 | 830 | 97.6%
        乙专项 | 620 | 600 | 96.8%
        丙专项 | 1200 | 1180 | 98.3%
    """
    if ctx.document is None:
        return
    for grid in grids_of(ctx):
        rate_columns = _rate_columns(grid)
        amounts = _amount_columns(grid, rate_columns)
        if len(amounts) < 2:
            continue
        for column in rate_columns:
            relations = _relations(grid, column, amounts)
            for row in grid.rows:
                rate = row.cells.get(column)
                if rate is None or not relations:
                    continue
                verdicts = [_verdict(relation, row, rate) for relation in relations]
                if any(v is None or v.verdict == "consistent" for v in verdicts):
                    continue  # a row some relation of the table explains, or one without both amounts
                verdict = verdicts[0]
                assert verdict is not None
                yield _issue(ctx, grid, relations[0], row, rate, verdict)


def _issue(ctx: Context, grid: Grid, relation: Relation, row: Row, rate: Fact, verdict: RateVerdict) -> Issue:
    a, b = row.cells[relation.numerator], row.cells[relation.denominator]
    name_a = grid.headers.get(relation.numerator, "") or f"第{relation.numerator + 1}列"
    name_b = grid.headers.get(relation.denominator, "") or f"第{relation.denominator + 1}列"
    formula = f"{fmt(a.value)} ÷ {fmt(b.value)}" + (" − 1" if relation.change else "")
    said = (
        f"表中第{ctx.line_of(rate.start)}行“{row.label}”的比率写作 {fmt(rate.value)}%；本表其余多数行为"
        f"“{name_a}” ÷ “{name_b}”{'− 1' if relation.change else ''}，此行 {formula} = "
        f"{fmt(round(verdict.exact, 4))}%"
    )
    message, severity = verdict_wording(said, verdict)
    return ctx.issue(
        None,
        message,
        expected=f"{fmt(verdict.expected)}%",
        found=f"{fmt(rate.value)}%",
        severity=severity,
        at=(rate.start, rate.end),
        cites=[a, b],
        hint="核对此行的金额与比率：同一列的比率应按同一公式由本行金额算得",
    )
