"""The report's across-years parts: the budget-reliability paragraph (PEFA PI-1/PI-2 against the original
budget) and the comparison with last year (a paragraph, and the rows of the comparison table)."""

from __future__ import annotations

from decimal import Decimal

from jixiao.across.compare import Comparison, compare
from jixiao.across.reliability import grade_composition, grade_outturn, series_of, year_band
from jixiao.numbers import format_amount, format_percent, format_score
from jixiao.report.compute import Computed

COMPARISON_HEADER = (
    "指标",
    "上年指标值",
    "上年实际完成值",
    "上年得分",
    "本年指标值",
    "本年实际完成值",
    "本年得分",
)
BUDGET_COMPARISON_HEADER = (
    "预算行（万元）",
    "上年年初预算",
    "上年执行数",
    "本年年初预算",
    "本年执行数",
    "执行增减",
)


def _money(value: Decimal | None) -> str:
    return "—" if value is None else format_amount(value)


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else format_percent(value, 2)


def reliability_paragraph(data: Computed) -> str | None:
    """Outturn against the original budget this year, and the grades over the last three years."""
    rules = data.ruleset.reliability
    series = series_of(data.evaluation, data.card.total, data.card.grade)
    if not series or series[0].year != data.evaluation.year or series[0].outturn is None:
        return None
    this = series[0]
    text = (
        f"参照 PEFA 2016 框架以年初预算衡量预算可靠性：{this.year}年全年执行数"
        f"{_money(this.executed)}万元，为年初预算{_money(this.initial)}万元的{_pct(this.outturn)}"
    )
    if this.adjustment is not None:
        sign = "+" if this.adjustment > 0 else ""
        text += f"（年中调整{sign}{_pct(this.adjustment)}，按全年预算计的执行率{_pct(this.execution)}）"
    text += f"，单年落在 PI-1 的 {year_band(this.outturn, rules)} 档（A 档为 95%–105%）。"
    outturn, composition = grade_outturn(series, rules), grade_composition(series, rules)
    if outturn.letter is None:
        return text + "近三年有年初预算和执行数的年份不足两年，未评定等级。"
    years = "、".join(f"{year}年{_pct(value)}" for year, value in reversed(outturn.values))
    text += f"近三年执行数为年初预算的比例依次为{years}，PI-1 评为 {outturn.letter}（{outturn.reason}）"
    if composition.letter is not None:
        variances = "、".join(f"{year}年{_pct(value)}" for year, value in reversed(composition.values))
        text += f"；支出结构偏差（PI-2）依次为{variances}，评为 {composition.letter}"
    return text + "。"


def comparison_of(data: Computed) -> Comparison | None:
    found = compare(data.evaluation, data.card)
    return None if found.empty else found


def comparison_paragraph(found: Comparison) -> str:
    def score(value: Decimal | None) -> str:
        return "—" if value is None else format_score(value)

    last = f"{found.last_year}年度" if found.last_year else "上年度"
    parts = [f"与{last}相比，按规则总分由{score(found.last_total)}分变为{score(found.total)}分"]
    total = next((row for row in found.budget if row.label == "部门预算合计"), None)
    if total is not None and total.executed_change is not None:
        rate = total.executed_change_rate
        parts.append(
            f"全年执行数由{_money(total.last[2])}万元变为{_money(total.this[2])}万元"
            + ("" if rate is None else f"（{'+' if rate > 0 else ''}{_pct(rate)}）")
        )
    leaves = [row for row in found.indicators if row.depth > 1 or row.last_target or row.target]
    kept = sum(1 for row in leaves if not row.is_new and not row.target_changed)
    changed = sum(1 for row in leaves if row.target_changed)
    new = sum(1 for row in leaves if row.is_new)
    parts.append(f"{kept}项指标沿用上年指标值，{changed}项调整了指标值，{new}项为新增指标")
    return "；".join(parts) + "。逐项对比见附表“与上年对比”。"


def comparison_rows(found: Comparison) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """The formatted rows of the two comparison tables (indicators, budget lines)."""

    def score(value: Decimal | None) -> str:
        return "" if value is None else format_score(value)

    def money(value: Decimal | None) -> str:
        return "" if value is None else format_amount(value)

    indicators: list[tuple[str, ...]] = [
        (
            "　" * (row.depth - 1) + row.name + ("（新增）" if row.is_new else ""),
            row.last_target or "",
            row.last_actual or "",
            score(row.last_score),
            row.target or "",
            row.actual or "",
            score(row.score),
        )
        for row in found.indicators
    ]
    budget: list[tuple[str, ...]] = []
    for line in found.budget:
        change = line.executed_change
        rate = line.executed_change_rate
        budget.append(
            (
                line.label,
                money(line.last[0]),
                money(line.last[2]),
                money(line.this[0]),
                money(line.this[2]),
                ""
                if change is None
                else money(change) + ("" if rate is None else f"（{format_percent(rate, 2)}）"),
            )
        )
    return indicators, budget
