"""Indicators and weights (IND): weights sum to the total and to their category, every leaf weighted."""

from __future__ import annotations

import re
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
from jixiao.scoring import expected_category_weights


@check("IND001", name="indicators.level1-weights-sum-to-total", group="indicators")
def level1_weights_sum_to_total(ctx: Context) -> Iterator[Issue]:
    """一级指标分值之和 = 总分值 (100).

    Wrong::

        indicators:
          - {name: 预算执行率, weight: 10}
          - {name: 产出指标, weight: 50}
          - {name: 效益指标, weight: 30}

    Right::

        indicators:
          - {name: 预算执行率, weight: 10}
          - {name: 产出指标, weight: 60}
          - {name: 效益指标, weight: 30}
    """
    nodes = ctx.evaluation.indicators
    weights = [node.weight for node in nodes]
    if len(nodes) < 2:
        return  # one level-1 node alone (a table cut after its budget row) is not the whole set
    if any(w is None for w in weights):
        yield from _table_tree_weights(ctx)
        return
    total = sum((w for w in weights if w is not None), Decimal(0))
    expected = ctx.ruleset.total_weight
    if total < expected and _unread_category(ctx):
        return  # the text weighs a level-1 category no indicator of which was read (a table cut short)
    if total != expected:
        terms = " + ".join(f"{node.name} {fmt(node.weight)}" for node in nodes)
        yield ctx.issue(
            "indicators",
            f"一级指标分值之和 {terms} = {fmt(total)}，应为 {fmt(expected)}",
            expected=fmt(expected),
            found=fmt(total),
            hint="调整一级指标分值，使总分值为 100",
        )


_WEIGHED = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,14})\s*[(（]\s*(?P<weight>\d+(?:\.\d+)?)\s*分\s*[)）]")


def _unread_category(ctx: Context) -> bool:
    """The published text writes a level-1 category of the rule set with its weight (``满意度指标(10分)``)
    while none of the level-1 nodes read is that category: the reading stopped short of it (the excerpt
    ends inside the table), so a sum below the total says nothing about the report."""
    if ctx.document is None:
        return False
    read = {ctx.ruleset.category_of(node.name) for node in ctx.evaluation.indicators}
    for match in _WEIGHED.finditer(ctx.document.text):
        name = match.group("name")
        keys = (ctx.ruleset.category_of(name[i:]) for i in range(len(name)))  # 产出指标 in 绩效指标产出指标
        key = next((k for k in keys if k is not None), None)
        if key is not None and key not in read:
            return True
    return False


def _table_tree_weights(ctx: Context) -> Iterator[Issue]:
    """IND001 on a tree read from a published self-evaluation table, whose categories write no 分值 of
    their own: each level-1 weight is its indicators' sum. Their rows were read with certainty, but a row
    the reading declined is missing from them: a sum above the total is an error; a sum below it only
    when the tree accounts for the declared total score (the scores add up to it: nothing is missing).
    A form the score-table checks read from its grid (IND006) is theirs; a document of several forms
    says nothing (their rows share one tree)."""
    nodes = ctx.evaluation.indicators
    weights = [effective(node, "weight") for node in nodes]
    if ctx.document is None or any(w is None for w in weights) or judged_as_table(ctx, "weight"):
        return
    if forms_in(ctx.document.text) > 1:
        return  # several forms (one per project) read into one tree: their sum is no form's
    total = sum((w for w in weights if w is not None), Decimal(0))
    expected = ctx.ruleset.total_weight
    if total == expected:
        return
    if total < expected:
        scores = known([effective(node, "score") for node in nodes])
        declared = ctx.evaluation.declared.total_score
        if declared is None or scores is None or sum(scores, Decimal(0)) != declared:
            return
    terms, at = tree_terms(ctx, nodes, "weight")
    yield ctx.issue(
        "indicators",
        f"一级指标分值之和 {terms} = {fmt(total)}，应为 {fmt(expected)}",
        expected=fmt(expected),
        found=fmt(total),
        at=at,
        hint="调整各指标分值，使预算执行率与各项绩效指标分值合计为 100",
    )


@check("IND002", name="indicators.children-weights-sum-to-parent", group="indicators")
def children_weights_sum_to_parent(ctx: Context) -> Iterator[Issue]:
    """下级指标分值之和 = 上级指标分值 (e.g. 产出指标 50 = Σ 三级指标分值).

    Wrong::

        - {name: 产出指标, weight: 50, children: [{name: A, weight: 10}, {name: B, weight: 25}]}

    Right::

        - {name: 产出指标, weight: 50, children: [{name: A, weight: 25}, {name: B, weight: 25}]}
    """
    for path, node, total, terms in children_sum_mismatches(ctx.evaluation.indicators, "weight"):
        yield ctx.issue(
            f"{path}.weight",
            f"“{node.name}”分值为 {fmt(node.weight)}，但其下级指标分值之和为 {terms} = {fmt(total)}",
            expected=fmt(total),
            found=fmt(node.weight),
            hint=f"调整下级指标分值，使其合计为 {fmt(node.weight)}，或更正“{node.name}”的分值",
        )


@check(
    "IND003", name="indicators.category-weights-follow-ruleset", group="indicators", severity=Severity.WARNING
)
def category_weights_follow_ruleset(ctx: Context) -> Iterator[Issue]:
    """一级指标分值与规则集的默认权重一致 (10/50/30/10 under 财预〔2020〕10号; adjustable with a reason).

    Wrong::

        - {name: 产出指标, weight: 40}      # cz2020-self expects 50

    Right::

        - {name: 产出指标, weight: 50}
    """
    expected = expected_category_weights(ctx.evaluation, ctx.ruleset)
    if _unread_category(ctx):  # a category cut off is not an absent one: its weight was not moved
        expected = {key: category.weight for key, category in ctx.ruleset.categories.items()}
    for path, node, depth in walk_indicators(ctx.evaluation.indicators):
        key = ctx.ruleset.category_of(node.name) if depth == 1 else None
        if key is None or node.weight is None or key not in expected or expected[key] == node.weight:
            continue
        yield ctx.issue(
            f"{path}.weight",
            f"“{node.name}”分值 {fmt(node.weight)} 与规则集 {ctx.ruleset.id} 的默认分值 "
            f"{fmt(expected[key])} 不同",
            expected=fmt(expected[key]),
            found=fmt(node.weight),
            hint="如确因项目特点调整权重，应在报告中说明理由",
        )


@check("IND004", name="indicators.leaf-has-weight", group="indicators")
def leaf_has_weight(ctx: Context) -> Iterator[Issue]:
    """每个末级指标都有大于 0 的分值.

    Wrong::

        - {name: 群众满意度, target: ≥90%, actual: 99.41%, score: 10}

    Right::

        - {name: 群众满意度, target: ≥90%, actual: 99.41%, weight: 10, score: 10}
    """
    for path, node, _depth in walk_indicators(ctx.evaluation.indicators):
        if node.children:
            continue
        if node.weight is None:
            yield ctx.issue(path, f"指标“{node.name}”没有填写分值", hint="为每个末级指标填写分值（权重）")
        elif node.weight == 0:
            yield ctx.issue(
                f"{path}.weight",
                f"指标“{node.name}”分值为 0",
                expected="> 0",
                found="0",
                hint="不计分的指标应删除，或给出分值",
            )


@check("IND005", name="indicators.ruleset-categories-present", group="indicators", severity=Severity.WARNING)
def ruleset_categories_present(ctx: Context) -> Iterator[Issue]:
    """规则集要求的一级指标齐全（满意度可缺省，其分值按规则转入效益）; unknown level-1 names are noted.

    Not judged when the indicators read account for less than the total score (a table cut short).

    Wrong::

        indicators: [{name: 预算执行率}, {name: 产出指标}]

    Right::

        indicators: [{name: 预算执行率}, {name: 产出指标}, {name: 效益指标}, {name: 满意度指标}]
    """
    nodes = ctx.evaluation.indicators
    if not nodes:
        return
    present = {ctx.ruleset.category_of(node.name) for node in nodes}
    expected = expected_category_weights(ctx.evaluation, ctx.ruleset)
    partial = covered_weight(nodes) < ctx.ruleset.total_weight  # an excerpt: absent is not missing
    for key, weight in ({} if partial else expected).items():
        if key not in present and weight > 0:
            yield ctx.issue(
                "indicators",
                f"缺少一级指标“{ctx.ruleset.categories[key].name}”（规则集分值 {fmt(weight)}）",
                expected=ctx.ruleset.categories[key].name,
                found="无",
            )
    for path, node, depth in walk_indicators(nodes):
        if depth == 1 and ctx.ruleset.category_of(node.name) is None:
            yield ctx.issue(
                path,
                f"一级指标“{node.name}”不在规则集 {ctx.ruleset.id} 的指标体系中",
                severity=Severity.INFO,
                hint="核对一级指标名称，或选用相应的规则集",
            )
