"""Where the report departs from the author's figures: each stated figure it replaces is a Correction.

Totals become the sums of their parts, stated rates and shares the computed ones, qualitative scores
stay inside their band, and declared scores, weights, deductions, total and grade follow the scorecard.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.figures import AMOUNT_COLUMNS, COLUMN_LABELS, LINE_LABELS, Figures, sum_lines
from jixiao.model import Evaluation, Indicator, Line, Stated, walk_indicators
from jixiao.numbers import format_amount, format_percent, format_score, percent_verdict, quantum
from jixiao.scoring import Scorecard, ScoreLine

ZERO = Decimal(0)


@dataclass(frozen=True)
class Correction:
    """A stated figure the report replaces with the computed one."""

    path: str
    label: str
    stated: str
    corrected: str
    reason: str

    @property
    def note(self) -> str:
        """The one-line Chinese note the CLI prints after "已更正："."""
        return f"{self.label}：原为 {self.stated}，报告采用 {self.corrected}（{self.reason}）"


def _points(path: str, label: str, stated: Decimal, corrected: Decimal, reason: str) -> Correction:
    """A correction of a score-like figure, both values written as "N分"."""
    return Correction(path, label, f"{format_score(stated)}分", f"{format_score(corrected)}分", reason)


def _nodes_by_path(evaluation: Evaluation) -> dict[str, Indicator]:
    return {path: node for path, node, _ in walk_indicators(evaluation.indicators)}


# --- reconciliation: totals from parts -------------------------------------------------------------


def _amount_text(value: Decimal | None) -> str:
    return "未填写" if value is None else f"{format_amount(value)}万元"


def _reconcile_line(
    line: Line, parts: list[Line], path: str, label: str, out: list[Correction], why: str
) -> None:
    """Set each column of ``line`` that all ``parts`` state to their sum; note every change."""
    summed = sum_lines(parts)
    for column in AMOUNT_COLUMNS:
        value = getattr(summed, column)
        stated = getattr(line, column)
        if value is None or stated == value:
            continue
        setattr(line, column, value)
        if stated is not None:
            out.append(
                Correction(
                    f"{path}.{column}",
                    f"{label}{COLUMN_LABELS[column]}",
                    _amount_text(stated),
                    _amount_text(value),
                    why,
                )
            )


def reconcile_budget(evaluation: Evaluation) -> list[Correction]:
    """Make every total the sum of its stated parts, in place; return what changed."""
    budget = evaluation.budget
    out: list[Correction] = []
    basic, project = budget.basic, budget.project
    if basic is not None:
        parts = [p for p in (basic.personnel, basic.public) if p is not None]
        if len(parts) == 2:
            _reconcile_line(basic, parts, "budget.basic", "基本支出", out, "人员经费与日常公用经费之和")
    if project is not None and project.items:
        _reconcile_line(project, list(project.items), "budget.project", "项目支出", out, "各项目之和")
    if basic is not None and project is not None:
        whole = [basic, project]
        if budget.total is None:
            budget.total = sum_lines(whole, LINE_LABELS["budget.total"])
        else:
            _reconcile_line(
                budget.total, whole, "budget.total", "部门预算合计", out, "基本支出与项目支出之和"
            )
    return out


# --- stated rates and shares -----------------------------------------------------------------------


def _stated_percent_differs(exact: Decimal | None, stated: Stated | None) -> bool:
    """The checks' own decision (BUD005/BUD006, BUD003/BUD013): a stated 100 % over 99.84 % differs."""
    if exact is None or stated is None:
        return False
    return percent_verdict(exact, stated.value, stated.decimals)[0] in ("truncated", "wrong")


def rate_corrections(figures: Figures) -> list[Correction]:
    """Stated execution rates and shares that differ from the computed ones (truncation included)."""
    out: list[Correction] = []
    for path, lf in figures.lines.items():
        label = lf.standard
        for column, exact, name, why in (
            ("rate", lf.execution_rate, "执行率", "全年执行数 ÷ 全年预算数，四舍五入"),
            ("share", figures.share(path), "占比", "本项支出 ÷ 上级支出，四舍五入"),
        ):
            stated: Stated | None = getattr(lf.line, column)
            if _stated_percent_differs(exact, stated) and exact is not None and stated:
                out.append(
                    Correction(
                        f"{path}.{column}", label + name, f"{stated.value}%", format_percent(exact), why
                    )
                )
    return out


# --- scores ----------------------------------------------------------------------------------------


def clamp_qualitative(evaluation: Evaluation, card: Scorecard) -> list[Correction]:
    """Keep each declared qualitative score inside its band's interval (in place)."""
    out: list[Correction] = []
    nodes = _nodes_by_path(evaluation)
    for line in card.leaves():
        node = nodes.get(line.path)
        if node is None or line.band is None or node.score is None:
            continue
        low, high = line.band
        if not line.band_upper_inclusive:
            high -= quantum(2)
        kept = min(max(node.score, low), high)
        if kept != node.score:
            out.append(
                _points(
                    f"{line.path}.score",
                    f"{line.name}得分",
                    node.score,
                    kept,
                    f"定性指标得分应在所注达成等级的区间 [{format_score(line.band[0])}, "
                    f"{format_score(line.band[1])}] 内",
                )
            )
            node.score = kept
    return out


def _score_reason(line: ScoreLine) -> str:
    if line.method == "sum":
        return "下级指标得分之和"
    if line.computed is not None:
        return "按规则计算：" + line.formula
    return "不得超过分值"


def _line_corrections(node: Indicator, line: ScoreLine, card: Scorecard, out: list[Correction]) -> None:
    """Note one indicator's declared score, weight and deduction that differ from its scorecard line."""
    used = line.used
    if used is None:
        return
    path, name = line.path, line.name
    if node.score is not None and node.score != used and not any(c.path == f"{path}.score" for c in out):
        out.append(_points(f"{path}.score", f"{name}得分", node.score, used, _score_reason(line)))
    weight = view_weight(line, card)
    if node.weight is not None and weight is not None and node.weight != weight:
        out.append(_points(f"{path}.weight", f"{name}分值", node.weight, weight, "下级指标分值之和"))
    if node.deduction is not None and weight is not None and node.deduction != weight - used:
        out.append(_points(f"{path}.deduction", f"{name}扣分", node.deduction, weight - used, "分值减得分"))


def score_corrections(original: Evaluation, card: Scorecard) -> list[Correction]:
    """Declared scores, deductions, weights, total and grade that differ from the scorecard."""
    out: list[Correction] = []
    nodes = _nodes_by_path(original)
    for line in card.lines:
        node = nodes.get(line.path)
        if node is not None:
            _line_corrections(node, line, card, out)
    declared = original.declared
    if declared.total_score is not None and card.total is not None and declared.total_score != card.total:
        out.append(
            _points("declared.total_score", "总分", declared.total_score, card.total, "各指标得分之和")
        )
    if declared.grade and card.grade and declared.grade.strip() != card.grade:
        out.append(Correction("declared.grade", "评价等级", declared.grade, card.grade, "按总分所在等级区间"))
    return out


def view_weight(line: ScoreLine, card: Scorecard) -> Decimal | None:
    """A leaf's weight, or a category's: the sum of its leaves' weights when all state one."""
    if line.is_leaf:
        return line.weight
    under = [leaf for leaf in card.leaves() if leaf.path.startswith(line.path + ".")]
    if under and all(leaf.weight is not None for leaf in under):
        return sum((leaf.weight or ZERO for leaf in under), ZERO)
    return line.weight
