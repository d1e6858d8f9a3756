"""Score tables (IND/SCO over any table): weights and scores as a published self-evaluation table states them.

The model-level checks (IND001, IND002, SCO001, SCO004) see the indicators the extraction placed in the
tree; a table read only in part, or whose level-1 rows carry no figures of their own, leaves them silent.
These checks read every table with a 分值/权重 or 得分 column directly (``_scoretable``): the form's rows,
its budget row, its categories and its total row. Precision first: the columns are named by the table's own
header, the total row states the form as complete; a table that ends the document without its total row
may be an excerpt cut short, and then only an excess is reported (as a warning).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.checks._scoretable import Form, ScoreRow, categories_of, forms_of
from jixiao.checks._support import fmt
from jixiao.checks.registry import Context, check
from jixiao.issues import Issue, Severity
from jixiao.numbers import decimals_of, quantum

if TYPE_CHECKING:
    from jixiao.inputs.facts import Fact


HALF = Decimal("0.5")


def slack(values: list[Decimal]) -> Decimal:
    """How far a sum of printed scores may drift from the exact one: half the last digit of each score
    written with decimals (``9.48``); a whole score (``20``) is exact, not rounded."""
    return sum((HALF * quantum(d) for v in values if (d := decimals_of(v)) > 0), Decimal(0))


def _modelled(ctx: Context, fact: Fact) -> bool:
    """The figure reached the indicator tree: the model-level check already judges it."""
    return any(
        s.span == (fact.start, fact.end) and (s.path or "").endswith((".score", ".weight"))
        for s in ctx.evaluation.stated
    )


def _named(row: ScoreRow) -> str:
    return row.name or (row.categories[-1][0] if row.categories else "该行")


@check("SCO015", name="scores.table-score-within-weight", group="scores")
def table_score_within_weight(ctx: Context) -> Iterator[Issue]:
    """自评表任一行的得分不超过同一行的分值（表头“分值/权重”与“得分”两列）.

    Wrong::

        一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分
        产出指标 | 数量指标 | 培训人次 | ≥200人次 | 210人次 | 10 | 12

    Right::

        产出指标 | 数量指标 | 培训人次 | ≥200人次 | 210人次 | 10 | 10
    """
    if ctx.document is None:
        return
    for form in forms_of(ctx):
        for row in form.rows:
            if row.kind == "total" or row.weight is None or row.score is None:
                continue
            if row.score.value <= row.weight.value or _modelled(ctx, row.score):
                continue
            line = ctx.line_of(row.score.start)
            yield ctx.issue(
                f"document.tables[{form.table}][{row.index}]",
                f"第{line}行“{_named(row)}”得分 {fmt(row.score.value)} 超过其分值 {fmt(row.weight.value)}",
                expected=f"≤ {fmt(row.weight.value)}",
                found=fmt(row.score.value),
                cites=[row.weight],  # an unsure OCR reading among them: a warning (ctx.issue)
                at=(row.score.start, row.score.end),
                hint="得分不得突破分值，不设加分",
            )


def _weights(form: Form) -> tuple[list[ScoreRow], Decimal] | None:
    """The rows whose weights make up the form's full weight (leaves and the budget row), and their sum;
    None when a leaf states no weight."""
    rows = form.of_kind("leaf", "budget")
    leaves = form.of_kind("leaf")
    if not leaves or any(row.weight is None for row in leaves):
        return None
    counted = [row for row in rows if row.weight is not None]
    return counted, sum((row.weight.value for row in counted if row.weight is not None), Decimal(0))


@check("IND006", name="indicators.table-weights-sum-to-total", group="indicators")
def table_weights_sum_to_total(ctx: Context) -> Iterator[Issue]:
    """自评表各指标分值（含预算执行率的分值）之和 = 表中“总分”行的分值（无总分行时不超过总分值 100）.

    The budget row's 分值 counts: the national form gives 预算执行率 10 and the indicators 90. A table that
    ends the document without a total row may be cut: only a sum above the rule set's total is said, as a
    warning.

    Wrong::

        项目资金 | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
        年度资金总额 | 30 | 30 | 30 | 10 | 100% | 10
        一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分
        产出指标 | 数量指标 | 设备更新数量 | 50件 | 50件 | 50 | 50
        满意度指标 | 服务对象满意度指标 | 使用人员满意度 | 100% | 100% | 50 | 50
        总分 | | | | | 100 | 100

    Right::

        产出指标 | 数量指标 | 设备更新数量 | 50件 | 50件 | 45 | 45
        满意度指标 | 服务对象满意度指标 | 使用人员满意度 | 100% | 100% | 45 | 45
        总分 | | | | | 100 | 100
    """
    if ctx.document is None:
        return
    for form in forms_of(ctx):
        found = _weights(form)
        if found is None:
            continue
        rows, total = found
        stated_row = form.total
        stated = stated_row.weight if stated_row is not None else None
        if stated is not None:
            expected, certain = stated.value, True
        elif total > ctx.ruleset.total_weight:
            expected, certain = ctx.ruleset.total_weight, False
        else:
            continue
        values = [row.weight.value for row in rows if row.weight is not None]
        if abs(total - expected) <= slack([*values, expected]) or _budget_unread(form, total < expected):
            continue
        first = rows[0].weight
        assert first is not None
        budget = [row for row in rows if row.kind == "budget"]
        said = f"（含预算执行 {fmt(budget[0].weight.value)} 分）" if budget and budget[0].weight else ""
        where = (
            f"第{ctx.line_of(stated.start)}行“{stated_row.name or '总分'}”的分值 {fmt(stated.value)}"
            if stated is not None and stated_row is not None
            else f"总分值 {fmt(expected)}"
        )
        place = stated if stated is not None else first
        facts = [row.weight for row in rows if row.weight is not None]
        yield ctx.issue(
            f"document.tables[{form.table}]",
            f"表中 {len(rows)} 项指标的分值（第{ctx.line_of(first.start)}行起）之和为 "
            f"{' + '.join(fmt(v) for v in values)} = {fmt(total)}{said}，与{where}不符",
            expected=fmt(expected),
            found=fmt(total),
            severity=Severity.ERROR if certain else Severity.WARNING,
            cites=[*facts, *([stated] if stated is not None else [])],
            at=(place.start, place.end),
            hint="调整各指标分值，使其与总分值一致（预算执行率与各项绩效指标分值合计为 100）",
        )


@check("IND007", name="indicators.table-category-weight-is-sum", group="indicators")
def table_category_weight_is_sum(ctx: Context) -> Iterator[Issue]:
    """自评表中一级指标注明的分值（“产出指标（50分）”）= 其下各三级指标分值之和.

    Wrong::

        一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分
        产出指标（50分） | 数量指标 | 培训人次 | ≥200人次 | 210人次 | 30 | 30
        产出指标（50分） | 质量指标 | 培训合格率 | ≥95% | 97% | 30 | 30
        效益指标（30分） | 社会效益指标 | 技能提升 | 明显 | 明显 | 30 | 28
        总分 | | | | | 100 | 98

    Right::

        产出指标（50分） | 数量指标 | 培训人次 | ≥200人次 | 210人次 | 25 | 25
        产出指标（50分） | 质量指标 | 培训合格率 | ≥95% | 97% | 25 | 25
    """
    if ctx.document is None:
        return
    for form in forms_of(ctx):
        blocks = categories_of(form)
        for position, (name, weight, cell, leaves) in enumerate(blocks):
            if not leaves or any(row.weight is None for row in leaves):
                continue
            if position == len(blocks) - 1 and form.cut:
                continue  # the last category of a table cut short may go on past the excerpt
            values = [row.weight.value for row in leaves if row.weight is not None]
            total = sum(values, Decimal(0))
            if abs(total - weight) <= slack([*values, weight]):
                continue
            facts = [row.weight for row in leaves if row.weight is not None]
            yield ctx.issue(
                f"document.tables[{form.table}]",
                f"第{ctx.line_of(cell.start)}行“{name}”注明分值 {fmt(weight)}，而其下 {len(leaves)} 项指标"
                f"分值之和为 {' + '.join(fmt(v) for v in values)} = {fmt(total)}",
                expected=fmt(weight),
                found=fmt(total),
                cites=facts,
                at=(cell.start, cell.end),
                hint=f"调整“{name}”下各指标分值，使其合计为 {fmt(weight)}，或更正注明的分值",
            )


@check("SCO016", name="scores.table-total-is-sum-of-scores", group="scores")
def table_total_is_sum_of_scores(ctx: Context) -> Iterator[Issue]:
    """自评表“总分”行的得分 = 各指标得分（含预算执行率得分）之和.

    Wrong::

        项目资金 | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
        年度资金总额 | 40 | 40 | 36 | 10 | 90% | 9
        一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分
        产出指标 | 数量指标 | 培训人次 | ≥200人次 | 210人次 | 50 | 50
        效益指标 | 社会效益指标 | 技能提升 | 明显 | 明显 | 40 | 38
        总分 | | | | | 100 | 99

    Right::

        总分 | | | | | 100 | 97
    """
    if ctx.document is None:
        return
    for form in forms_of(ctx):
        total_row = form.total
        if total_row is None or total_row.score is None:
            continue
        rows = form.of_kind("leaf", "budget")
        leaves = form.of_kind("leaf")
        if not leaves or any(row.score is None and row.weight is not None for row in leaves):
            continue
        scored = [row for row in rows if row.score is not None]
        values = [row.score.value for row in scored if row.score is not None]
        total = sum(values, Decimal(0))
        stated = total_row.score
        if abs(total - stated.value) <= slack([*values, stated.value]):
            continue
        if _budget_unread(form, total < stated.value):
            continue
        facts: list[Fact] = [row.score for row in scored if row.score is not None]
        yield ctx.issue(
            f"document.tables[{form.table}][{total_row.index}]",
            f"第{ctx.line_of(stated.start)}行“{total_row.name or '总分'}”得分 {fmt(stated.value)}，而表中 "
            f"{len(values)} 项得分（第{ctx.line_of(facts[0].start)}行起）之和为 "
            f"{' + '.join(fmt(v) for v in values)} = {fmt(total)}",
            expected=fmt(total),
            found=fmt(stated.value),
            severity=Severity.ERROR if _complete(form) else Severity.WARNING,
            cites=facts,
            at=(stated.start, stated.end),
            hint="总分应为各项得分之和：核对各项得分与总分",
        )


def _budget_unread(form: Form, short: bool) -> bool:
    """The form has a budget row whose 分值/得分 were not read, and the sum falls short: what is missing
    may be just that row's figures."""
    read = any(row.kind == "budget" and (row.weight or row.score) for row in form.rows)
    return short and form.budget_seen and not read


def _complete(form: Form) -> bool:
    """Every leaf states both figures: the sum is the form's own."""
    return all(row.weight is not None and row.score is not None for row in form.of_kind("leaf"))
