"""Figures derived from the primary facts: totals, execution rates, shares, adjustments.

Every derived value here is exact (``Decimal`` to 28 digits); rounding happens only when a figure is
compared with what an author wrote (``checks``) or written out (``render``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.model import Evaluation, Line
from jixiao.numbers import percent

AMOUNT_COLUMNS = ("initial", "adjusted", "executed")
COLUMN_LABELS = {"initial": "年初预算数", "adjusted": "全年预算数", "executed": "全年执行数"}
LINE_LABELS = {
    "budget.total": "部门预算合计",
    "budget.basic": "基本支出",
    "budget.basic.personnel": "人员经费",
    "budget.basic.public": "日常公用经费",
    "budget.project": "项目支出",
    "budget.sources.general_public": "一般公共预算",
    "budget.sources.government_fund": "政府性基金预算",
    "budget.sources.state_capital": "国有资本经营预算",
    "budget.sources.special_account": "纳入专户管理的非税收入",
    "budget.sources.carryover": "上年结转",
    "budget.sources.other": "其他资金",
}


@dataclass(frozen=True)
class LineFigures:
    """One budget line's figures, as stated and as derived."""

    path: str
    label: str  # as the author named the line (财政拨款), else its standard name
    line: Line
    parent: str | None = None
    standard: str = ""  # the standard name (部门预算合计, 年度资金总额 for a project, a project's own name)

    @property
    def execution_rate(self) -> Decimal | None:
        """全年执行数 / 全年预算数 × 100 (exact)."""
        if self.line.executed is None or self.line.adjusted is None:
            return None
        return percent(self.line.executed, self.line.adjusted)

    @property
    def adjustment(self) -> Decimal | None:
        """全年预算 − 年初预算."""
        if self.line.adjusted is None or self.line.initial is None:
            return None
        return self.line.adjusted - self.line.initial

    @property
    def adjustment_rate(self) -> Decimal | None:
        """预算调整率 = (全年预算 − 年初预算) / 年初预算 × 100."""
        if self.adjustment is None or self.line.initial is None:
            return None
        return percent(self.adjustment, self.line.initial)

    @property
    def original_outturn(self) -> Decimal | None:
        """原始预算偏离度 (PEFA PI-1 style) = 全年执行 / 年初预算 × 100."""
        if self.line.executed is None or self.line.initial is None:
            return None
        return percent(self.line.executed, self.line.initial)


@dataclass
class Figures:
    """All budget lines by canonical path, and the whole's derived figures."""

    lines: dict[str, LineFigures] = field(default_factory=dict)
    total: Line | None = None  # the whole: stated total, else basic + project summed
    total_is_derived: bool = False

    def get(self, path: str) -> LineFigures | None:
        return self.lines.get(path)

    @property
    def execution_rate(self) -> Decimal | None:
        if self.total is None or self.total.executed is None or self.total.adjusted is None:
            return None
        return percent(self.total.executed, self.total.adjusted)

    @property
    def original_outturn(self) -> Decimal | None:
        if self.total is None or self.total.executed is None or self.total.initial is None:
            return None
        return percent(self.total.executed, self.total.initial)

    def share(self, path: str) -> Decimal | None:
        """A line's executed amount as a percent of its parent's executed amount (占比)."""
        child = self.lines.get(path)
        if child is None or child.parent is None or child.line.executed is None:
            return None
        parent = self.lines.get(child.parent)
        parent_line = parent.line if parent else (self.total if child.parent == "budget.total" else None)
        if parent_line is None or parent_line.executed is None:
            return None
        return percent(child.line.executed, parent_line.executed)

    @property
    def adjustment_rate(self) -> Decimal | None:
        if self.total is None or self.total.adjusted is None or not self.total.initial:
            return None
        return percent(self.total.adjusted - self.total.initial, self.total.initial)


def sum_lines(lines: Sequence[Line], name: str | None = None) -> Line:
    """Column-wise sum; a column is summed only when every part states it."""
    values: dict[str, Decimal | None] = {}
    for column in AMOUNT_COLUMNS:
        parts = [getattr(line, column) for line in lines]
        values[column] = sum(parts, Decimal(0)) if parts and all(p is not None for p in parts) else None
    return Line(name=name, **values)


def budget_lines(evaluation: Evaluation) -> dict[str, LineFigures]:
    """Every stated budget line by canonical path, with its parent path (for shares)."""
    budget = evaluation.budget
    found: dict[str, LineFigures] = {}

    def add(path: str, line: Line | None, parent: str | None = None, label: str | None = None) -> None:
        if line is not None:
            standard = label or LINE_LABELS.get(path) or line.name or path
            found[path] = LineFigures(path, label or line.name or standard, line, parent, standard)

    add("budget.total", budget.total, label="年度资金总额" if evaluation.kind == "project" else None)
    add("budget.basic", budget.basic, "budget.total")
    if budget.basic is not None:
        add("budget.basic.personnel", budget.basic.personnel, "budget.basic")
        add("budget.basic.public", budget.basic.public, "budget.basic")
    add("budget.project", budget.project, "budget.total")
    if budget.project is not None:
        for i, item in enumerate(budget.project.items):
            add(f"budget.project.items[{i}]", item, "budget.project", item.name or f"项目{i + 1}")
    if budget.sources is not None:
        for key in type(budget.sources).model_fields:
            add(f"budget.sources.{key}", getattr(budget.sources, key), "budget.total")
    return found


def derive(evaluation: Evaluation) -> Figures:
    """The derived figures of one evaluation."""
    lines = budget_lines(evaluation)
    budget = evaluation.budget
    if budget.total is not None:
        return Figures(lines=lines, total=budget.total)
    parts = [line for line in (budget.basic, budget.project) if line is not None]
    if parts:
        return Figures(lines=lines, total=sum_lines(parts, "部门预算合计"), total_is_derived=True)
    return Figures(lines=lines)
