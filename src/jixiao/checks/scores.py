"""Scores (SCO): within the weight, deductions, sums, declared vs rule scores, bands, grade."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.categories import forms_in
from jixiao.checks._support import (
    children_sum_mismatches,
    covered_weight,
    effective,
    fmt,
    judged_as_table,
    known,
    tree_terms,
)
from jixiao.checks.registry import Context, check
from jixiao.issues import Issue, Severity
from jixiao.model import walk_indicators
from jixiao.numbers import format_score


@check("SCO001", name="scores.within-weight", group="scores")
def within_weight(ctx: Context) -> Iterator[Issue]:
    """0 ≤ 得分 ≤ 分值 for every indicator (no bonus points).

    Wrong::

        - {name: 强化督导, weight: 10, score: 12}

    Right::

        - {name: 强化督导, weight: 10, score: 10}
    """
    for path, node, _depth in walk_indicators(ctx.evaluation.indicators):
        if node.score is not None and node.weight is not None and node.score > node.weight:
            yield ctx.issue(
                f"{path}.score",
                f"“{node.name}”得分 {fmt(node.score)} 超过分值 {fmt(node.weight)}",
                expected=f"≤ {fmt(node.weight)}",
                found=fmt(node.score),
                hint="得分不得突破分值，不设加分",
            )


@check("SCO002", name="scores.deduction-is-weight-minus-score", group="scores")
def deduction_is_weight_minus_score(ctx: Context) -> Iterator[Issue]:
    """填报的扣分 = 分值 − 得分 ("分值10分，得9分，扣1分").

    Wrong::

        - {name: 预算执行率, weight: 10, score: 9, deduction: 2}

    Right::

        - {name: 预算执行率, weight: 10, score: 9, deduction: 1}
    """
    for path, node, _depth in walk_indicators(ctx.evaluation.indicators):
        if node.deduction is None or node.score is None or node.weight is None:
            continue
        expected = node.weight - node.score
        if expected != node.deduction:
            yield ctx.issue(
                f"{path}.deduction",
                f"“{node.name}”分值 {fmt(node.weight)} − 得分 {fmt(node.score)} = {fmt(expected)}，"
                f"但填报扣 {fmt(node.deduction)} 分",
                expected=fmt(expected),
                found=fmt(node.deduction),
            )


@check("SCO003", name="scores.category-is-sum-of-children", group="scores")
def category_is_sum_of_children(ctx: Context) -> Iterator[Issue]:
    """上级指标得分 = 下级指标得分之和.

    Wrong::

        - {name: 产出指标, score: 50, children: [{score: 10}, {score: 10}, {score: 10}, {score: 5}]}

    Right::

        - {name: 产出指标, score: 35, children: [{score: 10}, {score: 10}, {score: 10}, {score: 5}]}
    """
    for path, node, total, terms in children_sum_mismatches(ctx.evaluation.indicators, "score"):
        yield ctx.issue(
            f"{path}.score",
            f"“{node.name}”填报得分 {fmt(node.score)}，但下级指标得分之和为 {terms} = {fmt(total)}",
            expected=fmt(total),
            found=fmt(node.score),
        )


@check("SCO004", name="scores.total-is-sum-of-categories", group="scores")
def total_is_sum_of_categories(ctx: Context) -> Iterator[Issue]:
    """申报总分 = 各一级指标得分之和.

    Wrong::

        indicators: [{score: 9}, {score: 50}, {score: 30}, {score: 10}]
        declared: {total_score: 100}

    Right::

        declared: {total_score: 99}
    """
    declared = ctx.evaluation.declared.total_score
    scores = [node.score for node in ctx.evaluation.indicators]
    if declared is None or not scores:
        return
    if any(s is None for s in scores):
        yield from _table_tree_total(ctx, declared)
        return
    total = sum((s for s in scores if s is not None), Decimal(0))
    if total != declared:
        terms = " + ".join(fmt(s) for s in scores)
        yield ctx.issue(
            "declared.total_score",
            f"申报总分 {fmt(declared)}，但一级指标得分之和为 {terms} = {fmt(total)}",
            expected=fmt(total),
            found=fmt(declared),
        )


def _table_tree_total(ctx: Context, declared: Decimal) -> Iterator[Issue]:
    """SCO004 on a tree read from a published self-evaluation table, whose categories write no 得分 of
    their own: each level-1 score is its indicators' sum. A sum above the declared total is an error; a
    sum below it only when the tree's weights make up the full total (no row is missing). A form the
    score-table checks read from its grid (SCO016) is theirs."""
    nodes = ctx.evaluation.indicators
    scores = [effective(node, "score") for node in nodes]
    if ctx.document is None or len(nodes) < 2 or any(v is None for v in scores):
        return
    if judged_as_table(ctx, "score") or forms_in(ctx.document.text) > 1:
        return  # a grid's form is SCO016's; several forms read into one tree have no one total
    total = sum((v for v in scores if v is not None), Decimal(0))
    if total == declared:
        return
    if total < declared:
        weights = known([effective(node, "weight") for node in nodes])
        if weights is None or sum(weights, Decimal(0)) != ctx.ruleset.total_weight:
            return
    terms, _ = tree_terms(ctx, nodes, "score")
    yield ctx.issue(
        "declared.total_score",
        f"申报总分 {fmt(declared)}，但一级指标得分之和为 {terms} = {fmt(total)}",
        expected=fmt(total),
        found=fmt(declared),
    )


@check("SCO005", name="scores.declared-matches-rule", group="scores")
def declared_matches_rule(ctx: Context) -> Iterator[Issue]:
    """申报得分 = 规则得分 where the rules compute one (预算执行率, 定量指标, 可计算的部门指标).

    Within 0.01 is fine; up to 0.5 is a warning (rounding of the score); beyond, an error.

    Wrong::

        budget: {total: {adjusted: 303.55, executed: 303.06}}
        indicators: [{name: 预算执行率, weight: 10, score: 9}]

    Right::

        indicators: [{name: 预算执行率, weight: 10, score: 9.98}]
    """
    tolerance = ctx.ruleset.tolerance
    for line in ctx.scorecard.leaves():
        if line.computed is None or line.declared is None:
            continue
        gap = abs(line.declared - line.computed)
        if gap <= tolerance.score_exact:
            continue
        severity = Severity.WARNING if gap <= tolerance.score_warning else None
        yield ctx.issue(
            f"{line.path}.score",
            f"“{line.name}”申报得分 {fmt(line.declared)}，按规则应得 {format_score(line.computed)}"
            f"（{line.formula}）",
            expected=format_score(line.computed),
            found=fmt(line.declared),
            severity=severity,
            hint="按规则集的计分方法重新计分",
        )


@check("SCO006", name="scores.qualitative-within-band", group="scores")
def qualitative_within_band(ctx: Context) -> Iterator[Issue]:
    """定性指标得分落在其达成等级的区间内 (达成 [80%, 100%]，部分达成 [60%, 80%)，未达成 [0, 60%)).

    Wrong::

        - {name: 强化督导, weight: 10, band: 部分达成年度指标并具有一定效果, score: 9}

    Right::

        - {name: 强化督导, weight: 10, band: 部分达成年度指标并具有一定效果, score: 7}
    """
    for line in ctx.scorecard.leaves():
        if line.band is None or line.declared is None:
            continue
        low, high = line.band
        inside = low <= line.declared and (
            line.declared <= high if line.band_upper_inclusive else line.declared < high
        )
        if not inside:
            upper = "]" if line.band_upper_inclusive else ")"
            yield ctx.issue(
                f"{line.path}.score",
                f"“{line.name}”得分 {fmt(line.declared)} 不在其达成等级允许的区间 "
                f"[{format_score(low)}, {format_score(high)}{upper} 内",
                expected=f"[{format_score(low)}, {format_score(high)}{upper}",
                found=fmt(line.declared),
                hint="调整得分或达成等级，使二者一致",
            )


@check("SCO007", name="scores.grade-matches-total", group="scores")
def grade_matches_total(ctx: Context) -> Iterator[Issue]:
    """申报等级与申报总分相符 (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 < 60).

    Wrong::

        declared: {total_score: 88, grade: 优}

    Right::

        declared: {total_score: 88, grade: 良}
    """
    declared = ctx.evaluation.declared
    if declared.total_score is None or not declared.grade:
        return
    expected = ctx.ruleset.grade_of(declared.total_score)
    if declared.grade.strip().rstrip("秀好等级") != expected.rstrip("秀好等级"):
        yield ctx.issue(
            "declared.grade",
            f"申报总分 {fmt(declared.total_score)} 对应等级“{expected}”，填报为“{declared.grade}”",
            expected=expected,
            found=declared.grade,
        )


@check("SCO008", name="scores.declared-total-matches-rule-total", group="scores", severity=Severity.WARNING)
def declared_total_matches_rule_total(ctx: Context) -> Iterator[Issue]:
    """申报总分与按规则重算的总分一致 (the bottom line of all score findings).

    Wrong::

        declared: {total_score: 99}     # rule total 94.98

    Right::

        declared: {total_score: 94.98}
    """
    card = ctx.scorecard
    if card.total is None or card.declared_total is None:
        return
    if covered_weight(ctx.evaluation.indicators) < ctx.ruleset.total_weight:
        return  # the indicators read cover only part of the score (an excerpt): no bottom line to redo
    gap = abs(card.total - card.declared_total)
    if gap <= ctx.ruleset.tolerance.score_exact:
        return
    grade_note = ""
    if ctx.ruleset.grade_of(card.declared_total) != card.grade:
        grade_note = f"，等级由“{ctx.ruleset.grade_of(card.declared_total)}”变为“{card.grade}”"
    yield ctx.issue(
        "declared.total_score",
        f"申报总分 {fmt(card.declared_total)}，按规则重算为 {format_score(card.total)}{grade_note}"
        "（定性指标采用申报得分）",
        expected=format_score(card.total),
        found=fmt(card.declared_total),
        hint="先更正上述各项得分，再更新总分",
    )


@check("SCO009", name="scores.total-within-100", group="scores")
def total_within_100(ctx: Context) -> Iterator[Issue]:
    """申报总分不超过总分值 (100)，不设加分项.

    Wrong::

        declared: {total_score: 102}

    Right::

        declared: {total_score: 100}
    """
    declared = ctx.evaluation.declared.total_score
    if declared is not None and declared > ctx.ruleset.total_weight:
        yield ctx.issue(
            "declared.total_score",
            f"申报总分 {fmt(declared)} 超过总分值 {fmt(ctx.ruleset.total_weight)}",
            expected=f"≤ {fmt(ctx.ruleset.total_weight)}",
            found=fmt(declared),
        )


@check("SCO010", name="scores.every-indicator-scored", group="scores", severity=Severity.WARNING)
def every_indicator_scored(ctx: Context) -> Iterator[Issue]:
    """每个有分值的指标都有得分：规则算不出（定性指标）又未填报得分的，总分中按 0 计.

    Wrong::

        - {name: 强化督导, target: 高效办理, actual: 完成, kind: qualitative, weight: 10}

    Right::

        - {name: 强化督导, target: 高效办理, actual: 完成, kind: qualitative, weight: 10, score: 10}

    A published target-setting table (绩效目标表: targets and weights, no actual and no score anywhere) is
    not a self-evaluation: nothing is said.
    """
    if ctx.document is not None and not any(
        node.score is not None or node.actual is not None
        for _, node, _ in walk_indicators(ctx.evaluation.indicators)
    ):
        return
    for line in ctx.scorecard.leaves():
        if line.weight and line.used is None:
            yield ctx.issue(
                f"{line.path}.score",
                f"“{line.name}”分值 {fmt(line.weight)}，但没有得分（规则无法计算，也未填报），总分中按 0 计",
                expected=f"0–{fmt(line.weight)}",
                found="未填",
                hint="填写该指标的自评得分，或给出可计算的指标值和实际完成值",
            )


@check("SCO014", name="scores.total-needs-full-weight", group="scores", severity=Severity.INFO)
def total_needs_full_weight(ctx: Context) -> Iterator[Issue]:
    """指标分值合计不足规则集总分值时，不计算总分和等级（只读到部分指标，如仅读到预算执行率一行）.

    Wrong::

        indicators:
          - {name: 预算执行率, weight: 10, score: 6}     # 只读到这一行：不能据此评为“差”

    Right::

        indicators:
          - {name: 预算执行率, weight: 10, score: 6}
          - {name: 产出指标, weight: 50, score: 48}
          - {name: 效益指标, weight: 30, score: 28}
          - {name: 满意度指标, weight: 10, score: 9}
    """
    if not ctx.scorecard.partial:
        return
    covered = covered_weight(ctx.evaluation.indicators)
    total = ctx.ruleset.total_weight
    yield ctx.issue(
        "indicators",
        f"无法计算总分和等级：已读取的指标仅覆盖 {fmt(covered)}/{fmt(total)} 分"
        "（各指标仍逐项核对；总分和等级须有全部指标）",
        expected=f"{fmt(total)} 分",
        found=f"{fmt(covered)} 分",
        hint="补全指标表（各一级指标及其分值），或核对是否只摘录了部分表格",
    )
