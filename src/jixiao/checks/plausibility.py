"""Plausibility (PLA): claims the report's own text contradicts, large adjustments, unexplained shortfalls."""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.checks._support import fmt
from jixiao.checks.registry import Context, check
from jixiao.issues import Issue, Severity
from jixiao.model import walk_indicators
from jixiao.numbers import HUNDRED, format_percent

# phrases that say a target is not (yet) met
INCOMPLETE = re.compile(
    r"计划(?:年底|年内|于|在|下一?步)?[^。；]{0,12}?达到|尚未|未能|未完成|没有完成|正在(?:推进|进行|办理)|有待|部分完成|仍有"
)
# words with which a report explains money left unspent (执行率偏低的原因)
EXPLAINS_LOW_EXECUTION = re.compile(
    r"执行率|执行进度|尾款|未支付|未付|未拨付|结余|节约|低于预算|未执行|延期|未完工|结转"
)
RATE_BELOW_100 = re.compile(
    r"(完成率|化解率|办结率|完成进度|达成率|执行率)[为达是：:]?\s*(\d{1,2}(?:\.\d+)?)\s*[%％]"
)


def incompleteness(text: str) -> str | None:
    """The phrase in ``text`` that reports the work as incomplete, if any."""
    match = INCOMPLETE.search(text)
    if match:
        return match.group(0)
    rate = RATE_BELOW_100.search(text)
    if rate:
        return rate.group(0)
    return None


@check(
    "PLA001", name="plausibility.full-marks-but-incomplete", group="plausibility", severity=Severity.WARNING
)
def full_marks_but_incomplete(ctx: Context) -> Iterator[Issue]:
    """满分指标的说明文字却表明目标未完成（“计划年底达到100%”“化解率88.9%”）.

    Wrong::

        - {name: 信访积案处理, weight: 10, score: 10, text: 当前审核化解率为88.9%，计划年底达到100%。}

    Right::

        - {name: 信访积案处理, weight: 10, score: 7, band: 部分达成年度指标并具有一定效果, text: …}
    """
    for path, node, _depth in walk_indicators(ctx.evaluation.indicators):
        if node.children or node.weight is None or node.score is None or node.score < node.weight:
            continue
        phrase = incompleteness(" ".join(filter(None, (node.actual, node.text))))
        if phrase:
            yield ctx.issue(
                f"{path}.score",
                f"“{node.name}”得满分 {fmt(node.score)}，但其说明写有“{phrase}”，目标似未全部完成",
                expected=f"< {fmt(node.weight)}（部分达成）",
                found=fmt(node.score),
                hint="按实际完成程度评定达成等级和得分，或补充已完成的依据",
            )


@check("PLA002", name="plausibility.large-budget-adjustment", group="plausibility", severity=Severity.WARNING)
def large_budget_adjustment(ctx: Context) -> Iterator[Issue]:
    """年中预算调整幅度大（|全年预算 − 年初预算| / 年初预算 超过规则集阈值，默认 20 %）须说明.

    A report whose problems section names the adjustment gets an info instead of a warning. The message
    also gives 全年执行 / 年初预算 (PEFA PI-1 style outturn against the original budget).

    Wrong::

        total: {initial: 230.52, adjusted: 303.55}     # +31.68 %, not explained

    Right::

        narrative: {problems: [年初预算编制不够精准，年中调整了部分预算。]}
    """
    figures = ctx.figures
    rate = figures.adjustment_rate
    total = figures.total
    limit = ctx.ruleset.plausibility.adjustment_warning_percent
    if rate is None or total is None or abs(rate) <= limit:
        return
    narrative = ctx.evaluation.narrative
    explained = any(
        "调整" in text or "追加" in text for text in [*narrative.problems, narrative.summary or ""]
    )
    outturn = figures.original_outturn
    extra = f"；全年执行数为年初预算的 {format_percent(outturn, 1)}" if outturn is not None else ""
    yield ctx.issue(
        "budget.total.adjusted",
        f"全年预算 {fmt(total.adjusted)} 万元较年初预算 {fmt(total.initial)} 万元调整 "
        f"{format_percent(rate, 2)}，超过 {fmt(limit)}%{extra}"
        + ("（报告已说明预算调整）" if explained else ""),
        expected=f"≤ {fmt(limit)}%",
        found=format_percent(rate, 2),
        severity=Severity.INFO if explained else None,
        hint="说明追加或调减预算的原因，提高年初预算编制的准确性",
    )


@check("PLA003", name="plausibility.low-execution-explained", group="plausibility", severity=Severity.WARNING)
def low_execution_explained(ctx: Context) -> Iterator[Issue]:
    """执行率低于规则集阈值（默认 90 %）时，报告须说明原因.

    An explanation anywhere counts: the problems section, the summary, or an indicator's 偏差原因分析.

    Wrong::

        total: {adjusted: 100, executed: 80}
        narrative: {problems: []}

    Right::

        narrative: {problems: [项目因疫情延期，执行率偏低。]}
    """
    rate = ctx.figures.execution_rate
    limit = ctx.ruleset.execution_rate.explain_below
    if rate is None or rate >= limit:
        return
    narrative = ctx.evaluation.narrative
    texts = [*narrative.problems, narrative.summary or ""]
    texts += [
        text
        for _, node, _ in walk_indicators(ctx.evaluation.indicators)
        for text in (node.reason, node.text)
        if text
    ]
    if any(EXPLAINS_LOW_EXECUTION.search(text) for text in texts):
        return
    yield ctx.issue(
        "budget.total.executed",
        f"预算执行率 {format_percent(rate, 2)} 低于 {fmt(limit)}%，报告未说明原因",
        expected=f"≥ {fmt(limit)}% 或说明原因",
        found=format_percent(rate, 2),
        hint="在“存在的问题及原因分析”中说明执行率偏低的原因",
    )


@check("PLA004", name="plausibility.target-set-too-low", group="plausibility", severity=Severity.INFO)
def target_set_too_low(ctx: Context) -> Iterator[Issue]:
    """正向定量指标实际完成值远超指标值（≥ 1.5 倍），年初指标值可能设定偏低.

    Wrong::

        - {name: 培训人次, target: ≥100人次, actual: 300人次}

    Right::

        - {name: 培训人次, target: ≥280人次, actual: 300人次}
    """
    ratio_limit = ctx.ruleset.quantitative.over_achievement_info_ratio
    for path, node, _depth in walk_indicators(ctx.evaluation.indicators):
        if node.kind != "quantitative" or node.direction not in (">=", None):
            continue
        if node.target_value is None or node.actual_value is None or node.target_value <= 0:
            continue
        ratio = node.actual_value / node.target_value
        if ratio >= ratio_limit:
            yield ctx.issue(
                f"{path}.actual",
                f"“{node.name}”实际完成值 {fmt(node.actual_value)} 是指标值 {fmt(node.target_value)} 的 "
                f"{format_percent(ratio * HUNDRED, 0)}，年初指标值可能设定偏低",
                expected=f"< {fmt(ratio_limit * node.target_value)}",
                found=fmt(node.actual_value),
                hint="分析超额完成原因；指标值明显偏低的，应按偏离度适度调减分值",
            )
