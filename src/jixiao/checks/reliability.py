"""Budget reliability (REL): spending against the original budget (年初预算), as PEFA 2016 PI-1 measures."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.across.reliability import grade_outturn, series_of, year_band
from jixiao.checks._support import fmt
from jixiao.checks.registry import Context, check
from jixiao.issues import Issue, Severity
from jixiao.numbers import format_percent


@check("REL001", name="reliability.adjusted-beyond-threshold", group="reliability", severity=Severity.INFO)
def adjusted_beyond_threshold(ctx: Context) -> Iterator[Issue]:
    """年中调整超过规则集阈值（默认 10 %）时，给出按年初预算计的执行比例及其 PEFA PI-1 档次.

    执行率 divides by the adjusted budget and so hides a large mid-year addition; PEFA measures against the
    original budget. With earlier years in the file (``jixiao next`` keeps them) the three-year PI-1 grade is
    given too.

    Wrong::

        budget: {total: {initial: 230.52, adjusted: 303.55, executed: 303.06}}   # +31.68 %: 131.47 % of 年初

    Right::

        budget: {total: {initial: 300.00, adjusted: 303.55, executed: 303.06}}   # +1.18 %
    """
    rules = ctx.ruleset.reliability
    series = series_of(ctx.evaluation)
    if not series or series[0].year != ctx.evaluation.year:
        return
    this = series[0]
    adjustment, outturn = this.adjustment, this.outturn
    if adjustment is None or outturn is None or abs(adjustment) <= rules.adjustment_info_percent:
        return
    grade = grade_outturn(series, rules)
    years = (
        f"；近三年 PEFA PI-1 评为 {grade.letter}（{grade.reason}）"
        if grade.letter
        else "；近三年数据不足，未评 PI-1 等级"
    )
    limit = fmt(rules.adjustment_info_percent)
    execution = format_percent(this.execution, 2) if this.execution is not None else "—"
    yield ctx.issue(
        "budget.total.initial",
        f"全年预算较年初预算调整 {format_percent(adjustment, 2)}，超过 {limit}%："
        f"全年执行数 {fmt(this.executed)} 万元为年初预算 {fmt(this.initial)} 万元的 "
        f"{format_percent(outturn, 2)}（按全年预算的执行率为 {execution}），"
        f"单年落在 PEFA PI-1 的 {year_band(outturn, rules)} 档{years}",
        expected=f"调整 ≤ {fmt(rules.adjustment_info_percent)}%",
        found=format_percent(adjustment, 2),
        hint="提高年初预算编制的完整性和准确性，减少年中追加；必要的调整在报告中说明原因",
    )
