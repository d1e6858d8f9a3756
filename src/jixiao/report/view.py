"""The view's types: everything a renderer prints, already computed and formatted (style.md §10)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.numbers import format_amount, format_percent, format_score
from jixiao.report.corrections import Correction


def score_text(value: Decimal | None) -> str:
    """A score or weight as printed, "" when there is none."""
    return "" if value is None else format_score(value)


@dataclass(frozen=True)
class Block:
    """One paragraph of the report: ``level`` 1–4 is a heading (一、 （一） 1. （1）), 0 body text."""

    level: int
    text: str


@dataclass(frozen=True)
class BudgetRow:
    """One row of the funds block: amounts in 万元 (values rounded to 2 places, texts formatted)."""

    key: str  # total | income | expense
    label: str
    initial: Decimal | None = None
    adjusted: Decimal | None = None
    executed: Decimal | None = None
    rate: Decimal | None = None  # percent, rounded to 2 places
    share: Decimal | None = None
    weight: Decimal | None = None  # 分值 (年度资金总额 only)
    score: Decimal | None = None
    indent: int = 0

    def text(self, column: str) -> str:
        """The formatted cell: amounts and percents with two decimals, scores as scores, else ""."""
        value = getattr(self, column)
        if value is None:
            return ""
        if column in ("rate", "share"):
            return format_percent(value)
        if column in ("weight", "score"):
            return format_score(value)
        return format_amount(value)


# the columns of the 绩效自评表's indicator block, one per field of an IndicatorRow (Word and Excel alike)
INDICATOR_HEADER = (
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
)


@dataclass(frozen=True)
class IndicatorRow:
    """One row of the indicator block, with the row spans of its merged category cells (0 = inside)."""

    level1: str
    level2: str
    level3: str
    target: str
    actual: str
    weight: Decimal | None
    score: Decimal | None
    reason: str
    level1_span: int = 1
    level2_span: int = 1

    @property
    def weight_text(self) -> str:
        return score_text(self.weight)

    @property
    def score_text(self) -> str:
        return score_text(self.score)


@dataclass
class ReportView:
    """Everything a renderer prints, already computed and formatted."""

    kind: str
    title: str
    table_title: str
    department: str
    year: int | None
    project: str | None
    intro: str
    blocks: list[Block] = field(default_factory=list)
    budget_rows: list[BudgetRow] = field(default_factory=list)
    indicator_rows: list[IndicatorRow] = field(default_factory=list)
    goal: str = ""
    achieved: str = ""
    total_weight: Decimal | None = None
    total_score: Decimal | None = None
    grade: str = ""
    ruleset: str = ""
    corrections: list[Correction] = field(default_factory=list)
    # this year against last year (``jixiao next`` files, or a comparison): formatted rows of two tables
    comparison_title: str = ""
    comparison_rows: list[tuple[str, ...]] = field(default_factory=list)
    budget_comparison_rows: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def total_score_text(self) -> str:
        return score_text(self.total_score)

    @property
    def total_weight_text(self) -> str:
        return score_text(self.total_weight)

    @property
    def notes(self) -> list[str]:
        return [c.note for c in self.corrections]
