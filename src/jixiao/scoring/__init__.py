"""Scoring under a rule set: every score comes with the formula and inputs that produced it.

``score(evaluation, ruleset) -> (Scorecard, issues)``. The rule score of an indicator is computed where
the rules allow (budget execution rate, quantitative indicators, computable departmental indicators);
a qualitative indicator's score is the author's judgement, so jixiao only derives the interval its band
allows and counts the declared score (kept inside [0, weight]) toward the total.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.figures import Figures, derive
from jixiao.issues import Issue, Severity
from jixiao.model import Evaluation, Indicator, covered_weight, walk_indicators
from jixiao.numbers import round_half_up
from jixiao.rules.model import DeptIndicator, RuleSet
from jixiao.scoring.card import ZERO, Scorecard, ScoreLine, ScoreNote
from jixiao.scoring.dept import INPUT_LABELS, dept_variables, readable_formula, score_dept_indicator
from jixiao.scoring.methods import (
    _band_qualitative,
    _cap,
    _fmt,
    _plain_name,
    score_execution_rate,
)
from jixiao.scoring.quantitative import score_quantitative
from jixiao.values import parse_value

__all__ = [
    "INPUT_LABELS",
    "ScoreLine",
    "ScoreNote",
    "Scorecard",
    "dept_variables",
    "expected_category_weights",
    "readable_formula",
    "score",
    "score_dept_indicator",
    "score_execution_rate",
    "score_quantitative",
]


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


@dataclass(frozen=True)
class _LeafContext:
    figures: Figures
    ruleset: RuleSet
    variables: dict[str, Decimal | None]
    dept_rules: dict[str, DeptIndicator]
    year: int | None = None


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
    elif _is_quantitative(node, ruleset):
        scored = score_quantitative(node, weight, ruleset, ctx.year)
        line.computed, line.formula, line.inputs, line.notes, line.method = scored
        line.kind = "quantitative"
    else:
        _band_qualitative(line, node, weight, ruleset)
    if line.computed is not None:
        line.used = line.computed
    elif node.score is not None and weight is not None:
        line.used = _cap(node.score, weight)


def _is_quantitative(node: Indicator, ruleset: RuleSet) -> bool:
    """Scored by the rules when marked quantitative, or unmarked with a target holding a number or a
    date in any form the rule set's vocabulary reads (5%以下, 12月底前); qualitative when marked so."""
    if node.kind == "quantitative":
        return True
    if node.kind is not None:
        return False
    parsed = parse_value(node.target, ruleset.vocabulary)
    # a number the parser refused (1e400) is said by scoring (SCO011), not taken for words
    return parsed.form in ("number", "band", "deadline") or any(n.severity == "error" for n in parsed.notes)


def score(
    evaluation: Evaluation, ruleset: RuleSet, figures: Figures | None = None
) -> tuple[Scorecard, list[Issue]]:
    """Score every indicator of ``evaluation`` under ``ruleset`` (``figures``: ``derive(evaluation)``, when
    the caller has it already)."""
    figures = derive(evaluation) if figures is None else figures
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
        _score_leaf(
            line, node, weight, _LeafContext(figures, ruleset, variables, dept_rules, evaluation.year)
        )
        line.weight = weight
        card.lines.append(line)
    _roll_up(card)
    leaves = card.leaves()
    if leaves:
        card.weight_total = sum((line.weight or ZERO for line in leaves), ZERO)
    card.covered, card.full_weight = covered_weight(evaluation.indicators), ruleset.total_weight
    if evaluation.indicators and card.covered < ruleset.total_weight:
        # the indicators read cover only part of the rule set's score (an excerpt, a table read in
        # part): a total and a grade over them would be a verdict the report never earned (SCO014
        # says so); each indicator is still scored
        card.partial = True
    elif any(line.used is not None for line in leaves):
        # indicators with neither a rule score nor a declared one count 0 (SCO010 names them); a tree
        # where none is scored has no total at all, rather than a made-up 0 (差)
        # one rounding for the total, the printed figure and the grade: half-up to the rule set's
        # decimals (declared scores with more digits, 9.995, would otherwise print 90 beside 良)
        card.total = round_half_up(sum((line.used or ZERO for line in leaves), ZERO), ruleset.score_decimals)
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
