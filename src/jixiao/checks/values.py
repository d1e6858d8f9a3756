"""Indicator values (SCO011–SCO013): what scoring could not score, read one way of several, or verify.

Scoring reads every target and actual with the value parser and keeps what it could not do as notes on
the scorecard line; these checks report them, so that nothing is scored silently.
"""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks._support import fmt
from jixiao.checks.registry import Context, check
from jixiao.issues import Issue, Severity
from jixiao.model import walk_indicators

# methods whose score needs no actual value of the indicator (computed from the budget or the rules)
_COMPUTED_ELSEWHERE = ("execution_rate", "sum")


@check("SCO011", name="scores.quantitative-unscorable", group="scores", severity=Severity.WARNING)
def quantitative_unscorable(ctx: Context) -> Iterator[Issue]:
    """定量指标无法按规则计分（单位不可比、指标值为 0 或负数、方向矛盾、逾期等），采用申报得分.

    Wrong::

        - {name: 办结时限, target: 3个月内, actual: 80天, weight: 10, score: 10}   # 月与天不可直接比较

    Right::

        - {name: 办结时限, target: 90天内, actual: 80天, weight: 10, score: 10}
    """
    for line in ctx.scorecard.leaves():
        for note in line.notes:
            if note.kind == "unscorable":
                yield ctx.issue(
                    f"{line.path}.actual",
                    f"“{line.name}”无法按规则计分：{note.message}；总分中采用申报得分"
                    f"{'' if line.declared is None else ' ' + fmt(line.declared)}",
                    hint="把指标值与实际完成值写成同一单位、可比较的数字或日期（如 ≥90%、≤90万元、12月底前）",
                )


@check("SCO012", name="scores.value-ambiguous", group="scores", severity=Severity.WARNING)
def value_ambiguous(ctx: Context) -> Iterator[Issue]:
    """指标值或实际完成值的写法有歧义（百分数未写 %、有多个数字、完成时间跨截止日），说明采用的读法.

    Wrong::

        - {name: 差错率, target: ≤2%, actual: 0.8, weight: 10, score: 10}   # 0.8% 还是 80%？

    Right::

        - {name: 差错率, target: ≤2%, actual: 0.8%, weight: 10, score: 10}
    """
    for line in ctx.scorecard.leaves():
        for note in line.notes:
            if note.kind == "ambiguous":
                yield ctx.issue(
                    f"{line.path}.actual",
                    f"“{line.name}”{note.message}",
                    hint="写明单位（%、万元、个…）和完成日期，避免两种读法",
                )


@check("SCO013", name="scores.declared-unverifiable", group="scores", severity=Severity.WARNING)
def declared_unverifiable(ctx: Context) -> Iterator[Issue]:
    """有年度指标值、分值和申报得分的指标须填写实际完成值，否则得分无法核实.

    Wrong::

        - {name: 培训人次, target: ≥50人次, weight: 10, score: 10}

    Right::

        - {name: 培训人次, target: ≥50人次, actual: 56人次, weight: 10, score: 10}
    """
    lines = {line.path: line for line in ctx.scorecard.leaves()}
    for path, node, _depth in walk_indicators(ctx.evaluation.indicators):
        line = lines.get(path)
        if line is None or node.children or line.method in _COMPUTED_ELSEWHERE:
            continue
        if line.method.startswith("dept:") or node.weight is None or node.score is None:
            continue
        if (node.actual or "").strip() or node.actual_value is not None:
            continue
        if not (node.target or "").strip() and node.target_value is None:
            continue  # no target either: scored against the rule set's standard (53号 过程 items)
        yield ctx.issue(
            f"{path}.actual",
            f"“{node.name}”申报得分 {fmt(node.score)}（分值 {fmt(node.weight)}），"
            "但未填写实际完成值，得分无法核实",
            expected="实际完成值",
            found="未填写",
            hint="填写该指标的实际完成值（数字、日期或完成情况）",
        )
