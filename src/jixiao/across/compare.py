"""This year against last year: indicator by indicator (target, actual, score) and budget line by line.

Last year comes either from another evaluation (``compare --last``) or from what ``jixiao next`` kept in this
one (``Indicator.prior`` and ``history``). Indicators are paired by library id, then by their path of names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.library import plain
from jixiao.model import Budget, Evaluation, Indicator, Line, PriorValues, walk_indicators
from jixiao.numbers import HUNDRED
from jixiao.scoring import Scorecard

BUDGET_LINES = (
    ("部门预算合计", "total"),
    ("基本支出", "basic"),
    ("其中：人员经费", "basic.personnel"),
    ("其中：日常公用经费", "basic.public"),
    ("项目支出", "project"),
)
COLUMNS = ("initial", "adjusted", "executed")


@dataclass(frozen=True)
class IndicatorChange:
    """One indicator (or category) this year beside last year."""

    path: str
    depth: int
    name: str
    library_id: str | None
    last_target: str | None
    last_actual: str | None
    last_score: Decimal | None  # the rule score when there was one, else the declared score
    target: str | None
    actual: str | None
    score: Decimal | None
    is_new: bool = False  # no indicator of last year pairs with it

    @property
    def target_changed(self) -> bool:
        return not self.is_new and plain(self.target or "") != plain(self.last_target or "")

    @property
    def score_change(self) -> Decimal | None:
        if self.score is None or self.last_score is None:
            return None
        return self.score - self.last_score


@dataclass(frozen=True)
class BudgetChange:
    """One budget line: last year's and this year's 年初预算, 全年预算 and 全年执行 (万元)."""

    label: str
    last: tuple[Decimal | None, Decimal | None, Decimal | None]
    this: tuple[Decimal | None, Decimal | None, Decimal | None]

    @property
    def executed_change(self) -> Decimal | None:
        if self.this[2] is None or self.last[2] is None:
            return None
        return self.this[2] - self.last[2]

    @property
    def executed_change_rate(self) -> Decimal | None:
        """(本年执行 − 上年执行) ÷ 上年执行 × 100."""
        change = self.executed_change
        if change is None or not self.last[2]:
            return None
        return change * HUNDRED / self.last[2]


@dataclass
class Comparison:
    year: int | None
    last_year: int | None
    indicators: list[IndicatorChange] = field(default_factory=list)
    budget: list[BudgetChange] = field(default_factory=list)
    last_total: Decimal | None = None
    total: Decimal | None = None

    @property
    def empty(self) -> bool:
        return not self.budget and not any(not c.is_new for c in self.indicators)


def _line(budget: Budget, key: str) -> Line | None:
    node: object = budget
    for part in key.split("."):
        node = getattr(node, part, None) if node is not None else None
    return node if isinstance(node, Line) else None


def _amounts(line: Line | None) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    if line is None:
        return (None, None, None)
    return (line.initial, line.adjusted, line.executed)


def budget_changes(last: Budget, this: Budget) -> list[BudgetChange]:
    """Every standard line and every project either year states, with both years' amounts."""
    rows = []
    for label, key in BUDGET_LINES:
        before, now = _amounts(_line(last, key)), _amounts(_line(this, key))
        if any(v is not None for v in (*before, *now)):
            rows.append(BudgetChange(label, before, now))
    last_items = {plain(i.name or ""): i for i in (last.project.items if last.project else []) if i.name}
    this_items = {plain(i.name or ""): i for i in (this.project.items if this.project else []) if i.name}
    names = {plain(i.name): i.name for p in (last.project, this.project) if p for i in p.items if i.name}
    for key, name in names.items():
        rows.append(
            BudgetChange(f"项目：{name}", _amounts(last_items.get(key)), _amounts(this_items.get(key)))
        )
    return rows


def _score(card: Scorecard | None, path: str, node: Indicator) -> Decimal | None:
    line = card.line(path) if card is not None else None
    if line is not None and line.computed is not None:
        return line.computed
    if line is not None and line.used is not None:
        return line.used
    return node.score


def _last_from_prior(prior: PriorValues | None) -> tuple[str | None, str | None, Decimal | None]:
    if prior is None:
        return None, None, None
    return prior.target, prior.actual, prior.rule_score if prior.rule_score is not None else prior.score


def compare(
    evaluation: Evaluation,
    card: Scorecard | None = None,
    last: Evaluation | None = None,
    last_card: Scorecard | None = None,
) -> Comparison:
    """This year beside last year (``last`` given, else what ``jixiao next`` kept in ``evaluation``)."""
    if last is not None:
        last_year = last.year
        last_budget: Budget | None = last.budget
        last_total = last_card.total if last_card is not None else last.declared.total_score
    else:
        earlier = [h for h in evaluation.history if evaluation.year is None or h.year < evaluation.year]
        record = earlier[0] if earlier else None
        last_year = record.year if record else None
        last_budget = record.budget if record else None
        last_total = (record.rule_score or record.declared_score) if record else None
    result = Comparison(
        year=evaluation.year,
        last_year=last_year,
        last_total=last_total,
        total=card.total if card is not None else evaluation.declared.total_score,
    )
    if last_budget is not None:
        result.budget = budget_changes(last_budget, evaluation.budget)
    last_nodes = _index(last) if last is not None else {}
    for path, node, depth in walk_indicators(evaluation.indicators):
        if last is not None:
            match = last_nodes.get(("id", node.library_id or "")) or last_nodes.get(
                ("path", _plain_path(path))
            )
            before = (
                (match[1].target, match[1].actual, _score(last_card, match[0], match[1]))
                if match
                else (None, None, None)
            )
            is_new = match is None
        else:
            before = _last_from_prior(node.prior)
            is_new = node.prior is None
        result.indicators.append(
            IndicatorChange(
                path=path,
                depth=depth,
                name=node.name,
                library_id=node.library_id,
                last_target=before[0],
                last_actual=before[1],
                last_score=before[2],
                target=node.target,
                actual=node.actual,
                score=_score(card, path, node),
                is_new=is_new,
            )
        )
    return result


def _plain_path(path: str) -> str:
    return ".".join(plain(part) for part in path.split("."))


def _index(evaluation: Evaluation) -> dict[tuple[str, str], tuple[str, Indicator]]:
    found: dict[tuple[str, str], tuple[str, Indicator]] = {}
    for path, node, _depth in walk_indicators(evaluation.indicators):
        found.setdefault(("path", _plain_path(path)), (path, node))
        if node.library_id:
            found.setdefault(("id", node.library_id), (path, node))
    return found
