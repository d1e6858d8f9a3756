"""How one indicator is scored: execution rate, quantitative (正向/等于/反向), qualitative bands."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from jixiao.figures import Figures
from jixiao.model import Indicator
from jixiao.numbers import HUNDRED, format_decimal, format_score, round_fraction_half_up, round_half_up
from jixiao.rules.model import RuleSet
from jixiao.scoring.card import ZERO, ScoreLine

ONE = Decimal(1)


def _plain_name(name: str) -> str:
    """An indicator name without quotes and spaces: ``“三公”经费变动率`` → ``三公经费变动率``."""
    return "".join(ch for ch in name if ch not in "\"'“”‘’「」 \u3000")


def _cap(value: Decimal, weight: Decimal) -> Decimal:
    return max(ZERO, min(value, weight))


def _fmt(value: Decimal | None) -> str:
    return "—" if value is None else format_score(value) if value == value.to_integral() else str(value)


def _executed_and_adjusted(figures: Figures) -> tuple[Decimal | None, Decimal | None, str]:
    """The whole's 全年执行数 and 全年预算数: as stated, else (column by column) basic + project."""
    total = figures.total
    executed = total.executed if total else None
    adjusted = total.adjusted if total else None
    note = ""
    parts = [figures.get(p) for p in ("budget.basic", "budget.project")]
    lines = [p.line for p in parts if p is not None]
    if len(lines) == 2:
        if executed is None and all(line.executed is not None for line in lines):
            executed = sum((line.executed or ZERO for line in lines), ZERO)
            note += "全年执行数未填写，取基本支出与项目支出之和；"
        if adjusted is None and all(line.adjusted is not None for line in lines):
            adjusted = sum((line.adjusted or ZERO for line in lines), ZERO)
            note += "全年预算数未填写，取基本支出与项目支出之和；"
    return executed, adjusted, note


def score_execution_rate(
    node: Indicator, weight: Decimal, figures: Figures, ruleset: RuleSet
) -> tuple[Decimal | None, Decimal | None, str, dict[str, str]]:
    """预算执行率得分 = min(全年执行数 / 全年预算数, 100%) × 分值, exact, rounded once half-up."""
    executed, adjusted, note = _executed_and_adjusted(figures)
    if executed is None or adjusted is None:
        return None, None, "缺少全年预算数或全年执行数，无法计算预算执行率", {}
    inputs = {"全年预算数(A)": f"{adjusted}万元", "全年执行数(B)": f"{executed}万元", "分值": _fmt(weight)}
    if adjusted == 0:
        return None, None, "全年预算数为 0，预算执行率无法计算", inputs
    rate = executed * HUNDRED / adjusted
    d = ruleset.score_decimals
    rule = ruleset.execution_rate
    if rule.score == "bands" and rule.bands:
        low, fraction = next(((b, f) for b, f in sorted(rule.bands, reverse=True) if rate >= b), (ZERO, ZERO))
        score = _within(round_fraction_half_up(Fraction(fraction) * Fraction(weight), d), weight)
        return (
            rate,
            score,
            f"{note}执行率 {format_decimal(rate, 2)}% 落在 ≥{_fmt(low)}% 档，"
            f"得分 = {fraction} × {_fmt(weight)} = {_fmt(score)}",
            inputs,
        )
    ratio = Fraction(executed) / Fraction(adjusted)
    if rule.cap_at_weight:
        ratio = min(ratio, Fraction(1))
    score = _within(round_fraction_half_up(ratio * Fraction(weight), d), weight)
    formula = (
        f"{note}执行率 = B/A = {executed} ÷ {adjusted} = {format_decimal(rate, 4)}%；"
        f"得分 = min(执行率, 100%) × {_fmt(weight)} = {_fmt(score)}"
    )
    return rate, score, formula, inputs


def _within(score: Decimal, weight: Decimal) -> Decimal:
    """A rule score is never below 0 nor above the weight (no bonus points)."""
    return _cap(score, weight)


def _band_qualitative(line: ScoreLine, node: Indicator, weight: Decimal, ruleset: RuleSet) -> None:
    """A qualitative indicator: the interval its band allows (the score itself is the author's)."""
    line.kind = line.kind or "qualitative"
    line.method = "qualitative"
    found = ruleset.band(node.band)
    if found:
        name, band = found
        line.band = (round_half_up(band.min * weight, 2), round_half_up(band.max * weight, 2))
        line.band_upper_inclusive = band.max_inclusive
        upper = "]" if band.max_inclusive else ")"
        line.formula = (
            f"定性指标，等级“{name}”，得分应在 [{_fmt(line.band[0])}, {_fmt(line.band[1])}{upper}"
            f" 区间内（作者判断，jixiao 只核对区间）"
        )
    else:
        line.formula = "定性指标，得分由评价人判断；未注明达成等级，只核对 0 ≤ 得分 ≤ 分值"
