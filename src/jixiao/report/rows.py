"""The two tables of the self-evaluation: the funds block and the indicator block."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from jixiao.figures import LINE_LABELS
from jixiao.model import Evaluation, Indicator, Line, walk_indicators
from jixiao.numbers import round_half_up
from jixiao.report.compute import Computed, carries_money, execution_rate
from jixiao.report.view import BudgetRow, IndicatorRow
from jixiao.scoring import Scorecard, ScoreLine

_SOURCE_KEYS = ("general_public", "government_fund", "state_capital", "special_account", "carryover", "other")
_ALWAYS_LISTED = ("general_public", "government_fund", "special_account", "other")


def _rounded(value: Decimal | None) -> Decimal | None:
    return None if value is None else round_half_up(value, 2)


def _row(
    key: str, label: str, line: Line | None, data: Computed, path: str = "", indent: int = 0
) -> BudgetRow:
    if line is None:
        return BudgetRow(key, label, indent=indent)
    return BudgetRow(
        key,
        label,
        _rounded(line.initial),
        _rounded(line.adjusted),
        _rounded(line.executed),
        _rounded(execution_rate(data.figures, path)),
        _rounded(data.figures.share(path)) if path else None,
        indent=indent,
    )


def execution_line(card: Scorecard) -> ScoreLine | None:
    """The scorecard line of the budget execution rate, if the tree has one."""
    return next((line for line in card.leaves() if line.kind == "execution_rate"), None)


def budget_rows(data: Computed) -> list[BudgetRow]:
    """The funds block: 年度资金总额, then 按收入性质分 and 按支出性质分."""
    budget = data.evaluation.budget
    exe = execution_line(data.card)
    head = _row("total", "年度资金总额", data.figures.total, data, "budget.total")
    rows = [
        replace(
            head,
            rate=_rounded(data.figures.execution_rate),
            share=None,
            weight=exe.weight if exe else None,
            score=exe.used if exe else None,
        ),
        BudgetRow("income", "按收入性质分："),
    ]
    sources = budget.sources
    general = _general_public(data)
    for key in _SOURCE_KEYS:
        line = general if key == "general_public" else getattr(sources, key) if sources else None
        if line is not None or key in _ALWAYS_LISTED:
            path = f"budget.sources.{key}" if sources and sources.general_public else ""
            rows.append(_row("income", LINE_LABELS[f"budget.sources.{key}"], line, data, path, 1))
    rows.append(BudgetRow("expense", "按支出性质分："))
    rows.append(_row("expense", "基本支出", budget.basic, data, "budget.basic", 1))
    if budget.basic is not None:
        for key, label in (("personnel", "其中：人员经费"), ("public", "其中：日常公用经费")):
            part = getattr(budget.basic, key)
            if part is not None:
                rows.append(_row("expense", label, part, data, f"budget.basic.{key}", 2))
    rows.append(_row("expense", "项目支出", budget.project, data, "budget.project", 1))
    if budget.project is not None:
        for i, item in enumerate(budget.project.items):
            path = f"budget.project.items[{i}]"
            rows.append(_row("expense", f"其中：{item.name or f'项目{i + 1}'}", item, data, path, 2))
    return rows


def _general_public(data: Computed) -> Line | None:
    """一般公共预算: as stated, else the whole when no other source carries money (the report's
    section 二 presents all spending as 一般公共预算支出)."""
    sources = data.evaluation.budget.sources
    if sources is not None and sources.general_public is not None:
        return sources.general_public
    others = [getattr(sources, key) for key in type(sources).model_fields] if sources else []
    if any(carries_money(line) for line in others if line is not None):
        return None
    return data.figures.total


def indicator_rows(data: Computed) -> list[IndicatorRow]:
    """The indicator block (the execution rate sits in the funds block), with merged-cell spans."""
    rows: list[IndicatorRow] = []
    for node in data.evaluation.indicators:
        if data.ruleset.category_of(node.name) == "execution" and not node.children:
            continue
        group: list[IndicatorRow] = []
        for child in node.children or [node]:
            leaves_under = child.children or [child]
            for k, leaf in enumerate(leaves_under):
                path = _path_of(data.evaluation, leaf)
                line = data.card.line(path) if path else None
                group.append(
                    IndicatorRow(
                        level1=node.name,
                        level2=child.name if child.children else "",
                        level3="" if leaf is node else leaf.name,
                        target=leaf.target or "",
                        actual=leaf.actual or "",
                        weight=line.weight if line else leaf.weight,
                        score=line.used if line else None,
                        reason=leaf.reason or "",
                        level2_span=(len(leaves_under) if k == 0 else 0) if child.children else 1,
                    )
                )
        rows.extend(replace(row, level1_span=len(group) if i == 0 else 0) for i, row in enumerate(group))
    return rows


def _path_of(evaluation: Evaluation, target: Indicator) -> str | None:
    return next((path for path, node, _ in walk_indicators(evaluation.indicators) if node is target), None)
