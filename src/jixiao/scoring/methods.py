"""How one indicator is scored: execution rate, quantitative (正向/等于/反向), qualitative bands."""

from __future__ import annotations

from decimal import Decimal

from jixiao.figures import Figures
from jixiao.model import Indicator
from jixiao.numbers import HUNDRED, format_decimal, format_score, round_half_up
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


def score_execution_rate(
    node: Indicator, weight: Decimal, figures: Figures, ruleset: RuleSet
) -> tuple[Decimal | None, Decimal | None, str, dict[str, str]]:
    """预算执行率得分 = min(全年执行数 / 全年预算数, 100%) × 分值 (proportional, capped)."""
    total = figures.total
    rate = figures.execution_rate
    if total is None or total.executed is None or total.adjusted is None:
        return None, None, "缺少全年预算数或全年执行数，无法计算预算执行率", {}
    inputs = {
        "全年预算数(A)": f"{total.adjusted}万元",
        "全年执行数(B)": f"{total.executed}万元",
        "分值": _fmt(weight),
    }
    if rate is None:
        return None, None, "全年预算数为 0，预算执行率无法计算", inputs
    d = ruleset.score_decimals
    rule = ruleset.execution_rate
    if rule.score == "bands" and rule.bands:
        low, fraction = next(((b, f) for b, f in sorted(rule.bands, reverse=True) if rate >= b), (ZERO, ZERO))
        score = round_half_up(fraction * weight, d)
        return (
            rate,
            score,
            f"执行率 {format_decimal(rate, 2)}% 落在 ≥{_fmt(low)}% 档，"
            f"得分 = {fraction} × {_fmt(weight)} = {_fmt(score)}",
            inputs,
        )
    ratio = min(rate / HUNDRED, ONE) if rule.cap_at_weight else rate / HUNDRED
    score = round_half_up(ratio * weight, d)
    formula = (
        f"执行率 = B/A = {total.executed} ÷ {total.adjusted} = {format_decimal(rate, 4)}%；"
        f"得分 = min(执行率, 100%) × {_fmt(weight)} = {_fmt(score)}"
    )
    return rate, score, formula, inputs


def _normalised_actual(node: Indicator) -> Decimal | None:
    """The actual value in the target's unit: ``0.96`` against ``≥95%`` means 96 %."""
    actual = node.actual_value
    if actual is None:
        return None
    if (
        (node.unit or "").startswith(("%", "％", "百分比"))
        and actual <= 1
        and (node.target_value or ZERO) > 1
        and "%" not in (node.actual or "%")
    ):
        return actual * HUNDRED
    return actual


def score_quantitative(
    node: Indicator, weight: Decimal, ruleset: RuleSet
) -> tuple[Decimal | None, str, dict[str, str]]:
    """正向 / 等于 / 反向 proportional scoring (财预〔2020〕10号 as the finance system implements it)."""
    target, actual = node.target_value, _normalised_actual(node)
    inputs = {
        "年度指标值(A)": node.target or _fmt(target),
        "实际完成值(B)": node.actual or _fmt(actual),
        "分值(w)": _fmt(weight),
    }
    if target is None or actual is None:
        return None, "指标值或实际完成值没有可比较的数字，按定性指标处理", inputs
    d = ruleset.score_decimals
    rules = ruleset.quantitative
    direction = node.direction or ">="
    if direction == "=" and target == 0:
        score = weight if actual <= 0 else ZERO
        return score, f"等于型，A = 0：B ≤ 0 得满分，否则 0 分 → {_fmt(score)}", inputs
    if direction == "=" and not rules.equal_as_positive:
        score = weight if actual == target else ZERO
        return score, f"等于型（严格）：B = A 得满分，否则 0 分 → {_fmt(score)}", inputs
    if direction in (">=", "="):
        if actual >= target or target == 0:
            return weight, f"正向：B ≥ A，得满分 {_fmt(weight)}", inputs
        score = round_half_up(actual / target * weight, d)
        return (
            score,
            f"正向：B < A，得分 = B/A × w = {actual} ÷ {target} × {_fmt(weight)} = {_fmt(score)}",
            inputs,
        )
    # reverse: lower is better
    if actual <= target:
        return weight, f"反向：B ≤ A，得满分 {_fmt(weight)}", inputs
    if target == 0:
        return ZERO, "反向：A = 0 而 B > 0，得 0 分", inputs
    if rules.reverse == "ratio":
        score = _cap(round_half_up(target / actual * weight, d), weight)
        return (
            score,
            f"反向（比值法）：得分 = A/B × w = {target} ÷ {actual} × {_fmt(weight)} = {_fmt(score)}",
            inputs,
        )
    if actual >= 2 * target:
        return ZERO, "反向：B ≥ 2A，得 0 分", inputs
    score = round_half_up((ONE - (actual - target) / target) * weight, d)
    return (
        score,
        (
            f"反向：得分 = (1 − (B − A)/A) × w = (1 − ({actual} − {target}) ÷ {target}) × {_fmt(weight)}"
            f" = {_fmt(score)}"
        ),
        inputs,
    )


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
