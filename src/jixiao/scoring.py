"""Scoring under a rule set: every score comes with the formula and inputs that produced it.

``score(evaluation, ruleset) -> (Scorecard, issues)``. The rule score of an indicator is computed where
the rules allow (budget execution rate, quantitative indicators, computable departmental indicators);
a qualitative indicator's score is the author's judgement, so jixiao only derives the interval its band
allows and counts the declared score (kept inside [0, weight]) toward the total.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pydantic import BaseModel, Field

from jixiao.figures import Figures, derive
from jixiao.formulas import FormulaError, evaluate_formula
from jixiao.issues import Issue, Severity
from jixiao.model import DeptFacts, Evaluation, Indicator, walk_indicators
from jixiao.numbers import HUNDRED, format_decimal, format_score, round_half_up
from jixiao.rules.model import DeptIndicator, RuleSet

ZERO = Decimal(0)
ONE = Decimal(1)


class ScoreLine(BaseModel):
    """One indicator's score: declared by the author, computed under the rule set, and why."""

    path: str
    name: str
    level: int
    category: str | None = None  # rule-set key of the level-1 category above it
    kind: str | None = None
    weight: Decimal | None = None
    declared: Decimal | None = None
    computed: Decimal | None = None  # None: the rules cannot compute it (qualitative, missing input)
    used: Decimal | None = None  # what counts toward jixiao's total
    method: str = "declared"
    formula: str = ""
    inputs: dict[str, str] = Field(default_factory=dict)
    band: tuple[Decimal, Decimal] | None = None  # qualitative: allowed interval of the score
    band_upper_inclusive: bool = True
    value: Decimal | None = None  # the indicator's own value where computed (e.g. 执行率 %)
    is_leaf: bool = True


class Scorecard(BaseModel):
    ruleset: str
    lines: list[ScoreLine] = Field(default_factory=list)
    total: Decimal | None = None
    declared_total: Decimal | None = None
    grade: str | None = None
    declared_grade: str | None = None
    weight_total: Decimal | None = None

    def line(self, path: str) -> ScoreLine | None:
        return next((line for line in self.lines if line.path == path), None)

    def leaves(self) -> list[ScoreLine]:
        return [line for line in self.lines if line.is_leaf]


def expected_category_weights(evaluation: Evaluation, ruleset: RuleSet) -> dict[str, Decimal]:
    """Category weights the rule set expects for this evaluation (moving 满意度 when it has none)."""
    weights = {key: cat.weight for key, cat in ruleset.categories.items()}
    present = {ruleset.category_of(node.name) for node in evaluation.indicators}
    if "satisfaction" in weights and evaluation.indicators and "satisfaction" not in present:
        moved = weights.pop("satisfaction")
        target = ruleset.when_no_satisfaction.move_weight_to
        if target == "split_pro_rata":
            others = [k for k in ("output", "benefit") if k in weights]
            base = sum((weights[k] for k in others), ZERO)
            for key in others:
                weights[key] += moved * weights[key] / base if base else ZERO
        elif target in weights:
            weights[target] += moved
    return weights


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


INPUT_LABELS = {
    "staff_quota": "编制数",
    "staff_actual": "在职人数",
    "sangong_budget": "本年三公经费预算",
    "sangong_budget_last_year": "上年三公经费预算",
    "sangong_actual": "三公经费实际支出",
    "public_budget": "公用经费预算",
    "public_actual": "公用经费实际支出",
    "procurement_budget": "政府采购预算",
    "procurement_actual": "政府采购实际金额",
    "key_project_spending": "重点项目支出",
    "project_spending": "项目总支出",
    "carryover_year_end": "年末结转结余",
    "carryover_last_year_end": "上年末结转结余",
    "payment_planned": "既定支付进度",
    "payment_actual": "实际支付进度",
    "assets_in_use": "在用固定资产",
    "assets_total": "固定资产总额",
    "tasks_planned": "计划工作数",
    "tasks_done": "实际完成工作数",
    "tasks_on_time": "及时完成工作数",
    "budget_initial": "年初预算数",
    "budget_adjusted": "全年预算数",
    "budget_executed": "全年执行数",
}


def readable_formula(formula: str) -> str:
    """Rule formula, inputs in Chinese (``staff_actual / staff_quota`` → ``在职人数 ÷ 编制数``)."""
    for name in sorted(INPUT_LABELS, key=len, reverse=True):
        formula = formula.replace(name, INPUT_LABELS[name])
    return formula.replace("*", "×").replace(" / ", " ÷ ")


def dept_variables(evaluation: Evaluation, figures: Figures) -> dict[str, Decimal | None]:
    """Named inputs of departmental formulas: DeptFacts fields and the whole's budget figures."""
    facts = evaluation.dept or DeptFacts()
    names: dict[str, Decimal | None] = {
        key: None if value is None else Decimal(value) for key, value in facts.model_dump().items()
    }
    total = figures.total
    names.update(
        budget_initial=total.initial if total else None,
        budget_adjusted=total.adjusted if total else None,
        budget_executed=total.executed if total else None,
    )
    return names


def _deduct(value: Decimal, rule: DeptIndicator) -> Decimal:
    """Score of ``deduct_per_point`` / ``deduct_per_step`` rules: full at the standard, minus per point."""
    standard = rule.standard if rule.standard is not None else ZERO
    worse = value - standard if rule.better == "lower" else standard - value
    if rule.better == "target":
        worse = abs(value - standard)
    if worse <= 0:
        return rule.weight
    steps = worse / rule.step
    if rule.per_point == "ceil":
        steps = steps.to_integral_value(rounding="ROUND_CEILING")
    elif rule.per_point == "floor" or rule.scoring == "deduct_per_step":
        steps = steps.to_integral_value(rounding="ROUND_FLOOR")
    return _cap(rule.weight - steps * rule.deduct, rule.weight)


def score_dept_indicator(
    rule: DeptIndicator, variables: dict[str, Decimal | None], ruleset: RuleSet, weight: Decimal
) -> tuple[Decimal | None, Decimal | None, str, dict[str, str]]:
    """A 53号-family indicator: value by its formula, score by its rule (scaled to the node's weight)."""
    try:
        value = evaluate_formula(rule.formula, variables)
    except FormulaError as exc:
        return None, None, str(exc), {}
    inputs = {
        INPUT_LABELS.get(k, k): _fmt(v) for k, v in variables.items() if v is not None and k in rule.formula
    }
    scale = weight / rule.weight if rule.weight else ONE
    if value is None:
        if rule.when_not_applicable == "full_marks":
            return None, weight, f"{rule.name}：分母为 0（不适用），按满分计", inputs
        return None, None, f"{rule.name}：分母为 0（不适用），不计分", inputs
    if rule.scoring == "bands":
        raw = next((s for low, s in sorted(rule.bands, reverse=True) if value >= low), ZERO)
        if rule.better == "lower":
            raw = next((s for high, s in sorted(rule.bands) if value <= high), ZERO)
    elif rule.scoring == "proportional":
        raw = _cap(value / HUNDRED * rule.weight, rule.weight)
    else:
        raw = _deduct(value, rule)
    score = round_half_up(raw * scale, ruleset.score_decimals)
    given = "，".join(f"{k} = {v}" for k, v in inputs.items())
    formula = (
        f"{rule.name} = {readable_formula(rule.formula)}（{given}）= {format_decimal(value, 2)}%；"
        f"按规则得 {_fmt(score)} 分（满分 {_fmt(weight)}）"
    )
    return value, score, formula, inputs


@dataclass(frozen=True)
class _LeafContext:
    figures: Figures
    ruleset: RuleSet
    variables: dict[str, Decimal | None]
    dept_rules: dict[str, DeptIndicator]


def _score_leaf(line: ScoreLine, node: Indicator, weight: Decimal | None, ctx: _LeafContext) -> None:
    """Fill a leaf's rule score, method and formula; what counts toward the total is ``used``."""
    ruleset = ctx.ruleset
    if weight is None:
        line.formula = "未填写分值，无法计分"
    elif node.kind == "execution_rate" or (line.level == 1 and line.category == "execution"):
        line.kind = "execution_rate"
        line.value, line.computed, line.formula, line.inputs = score_execution_rate(
            node, weight, ctx.figures, ruleset
        )
        line.method = "execution_rate"
    elif _plain_name(node.name) in ctx.dept_rules:
        rule = ctx.dept_rules[_plain_name(node.name)]
        line.value, line.computed, line.formula, line.inputs = score_dept_indicator(
            rule, ctx.variables, ruleset, weight
        )
        line.method = f"dept:{rule.name}"
    elif node.kind == "quantitative":
        line.computed, line.formula, line.inputs = score_quantitative(node, weight, ruleset)
        line.method = {">=": "positive", "<=": "reverse", "=": "equal"}.get(
            node.direction or ">=", "positive"
        )
    else:
        _band_qualitative(line, node, weight, ruleset)
    if line.computed is not None:
        line.used = line.computed
    elif node.score is not None and weight is not None:
        line.used = _cap(node.score, weight)


def score(evaluation: Evaluation, ruleset: RuleSet) -> tuple[Scorecard, list[Issue]]:
    """Score every indicator of ``evaluation`` under ``ruleset``."""
    figures = derive(evaluation)
    issues: list[Issue] = []
    card = Scorecard(
        ruleset=ruleset.id,
        declared_total=evaluation.declared.total_score,
        declared_grade=evaluation.declared.grade,
    )
    variables = dept_variables(evaluation, figures)
    dept_rules = {_plain_name(rule.name): rule for rule in ruleset.dept_indicators.values()}
    category = None
    for path, node, depth in walk_indicators(evaluation.indicators):
        if depth == 1:
            category = ruleset.category_of(node.name)
        line = ScoreLine(
            path=path,
            name=node.name,
            level=depth,
            category=category,
            kind=node.kind,
            weight=node.weight,
            declared=node.score,
            is_leaf=not node.children,
        )
        weight = node.weight
        if weight is None and depth == 1 and category in ruleset.categories:
            weight = ruleset.categories[category].weight
        if node.children:
            card.lines.append(line)
            continue
        _score_leaf(line, node, weight, _LeafContext(figures, ruleset, variables, dept_rules))
        line.weight = weight
        card.lines.append(line)
    _roll_up(card)
    leaves = card.leaves()
    if leaves:
        card.total = sum((line.used or ZERO for line in leaves), ZERO)
        card.weight_total = sum((line.weight or ZERO for line in leaves), ZERO)
        card.grade = ruleset.grade_of(card.total)
    elif evaluation.indicators == [] and evaluation.declared.total_score is not None:
        issues.append(
            Issue(
                code="SCO900",
                severity=Severity.INFO,
                path="indicators",
                message="没有指标明细，只能核对申报总分，无法按规则计分",
            )
        )
    return card, issues


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


def _roll_up(card: Scorecard) -> None:
    """A category's computed score is the sum of what counts under it."""
    for line in card.lines:
        if line.is_leaf:
            continue
        under = [leaf for leaf in card.lines if leaf.is_leaf and leaf.path.startswith(line.path + ".")]
        if under:
            line.used = sum((leaf.used or ZERO for leaf in under), ZERO)
            line.computed = line.used if all(leaf.used is not None for leaf in under) else None
            line.method = "sum"
            line.formula = (
                "下级指标得分之和 = "
                + " + ".join(_fmt(leaf.used) for leaf in under)
                + f" = {_fmt(line.used)}"
            )
