"""Computable departmental indicators (财预〔2013〕53号 family): inputs, formulas, deduction rules."""

from __future__ import annotations

from decimal import Decimal

from jixiao.figures import Figures
from jixiao.formulas import FormulaError, evaluate_formula
from jixiao.model import DeptFacts, Evaluation
from jixiao.numbers import HUNDRED, format_decimal, round_half_up
from jixiao.rules.model import DeptIndicator, RuleSet
from jixiao.scoring.card import ZERO
from jixiao.scoring.methods import ONE, _cap, _fmt

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
