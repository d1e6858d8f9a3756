"""Next year's evaluation from this year's (``jixiao next``): the same indicator tree and targets with this
year's figures kept beside them (``Indicator.prior``), budget figures empty, the narrative's fixed parts kept,
and this year's budget and scores appended to ``history`` (the series budget reliability needs)."""

from __future__ import annotations

import re

from jixiao.figures import LINE_LABELS
from jixiao.model import (
    BasicLine,
    Budget,
    Declared,
    DeptFacts,
    Evaluation,
    Indicator,
    Line,
    Narrative,
    PriorValues,
    ProjectLine,
    YearRecord,
    walk_indicators,
)
from jixiao.rules.model import RuleSet
from jixiao.scoring import Scorecard, score

HISTORY_YEARS = 5  # years kept in ``history``: three for PEFA, two more for the multi-year view
AMOUNTS = ("initial", "adjusted", "executed", "additions", "reductions", "carryover")


def _empty_line(line: Line | None, standard: str) -> Line | None:
    """The line without figures, named (its own name, else the standard one) so the file shows where the
    figures go; its projects keep their names."""
    if line is None:
        return None
    data: dict[str, object] = {"name": line.name or standard}
    if isinstance(line, ProjectLine):
        data["items"] = [_empty_line(item, f"项目{i + 1}") for i, item in enumerate(line.items)]
    if isinstance(line, BasicLine):
        data["personnel"] = _empty_line(line.personnel, LINE_LABELS["budget.basic.personnel"])
        data["public"] = _empty_line(line.public, LINE_LABELS["budget.basic.public"])
    return type(line).model_validate({k: v for k, v in data.items() if v is not None})


def empty_budget(budget: Budget) -> Budget:
    """The same lines (names and projects) with every figure empty; funding sources are the year's own."""
    return Budget(
        total=_empty_line(budget.total, LINE_LABELS["budget.total"]),
        basic=_empty_line(budget.basic, LINE_LABELS["budget.basic"]),
        project=_empty_line(budget.project, LINE_LABELS["budget.project"]),
    )


def _amounts_only(line: Line | None) -> Line | None:
    """A line's amounts (the stated rates and shares are this year's statements, not history)."""
    if line is None:
        return None
    data = {key: getattr(line, key) for key in ("name", *AMOUNTS)}
    if hasattr(line, "items"):
        data["items"] = [_amounts_only(item) for item in getattr(line, "items", [])]
    if hasattr(line, "personnel"):
        data["personnel"] = _amounts_only(getattr(line, "personnel", None))
        data["public"] = _amounts_only(getattr(line, "public", None))
    return type(line).model_validate({k: v for k, v in data.items() if v is not None})


def budget_record(budget: Budget) -> Budget:
    return Budget(
        total=_amounts_only(budget.total),
        basic=_amounts_only(budget.basic),
        project=_amounts_only(budget.project),
    )


def _next_indicator(node: Indicator, year: int | None, card: Scorecard | None, path: str) -> Indicator:
    line = card.line(path) if card is not None else None
    prior = PriorValues(
        year=year,
        target=node.target,
        actual=node.actual,
        weight=node.weight,
        score=node.score,
        rule_score=line.computed if line is not None else None,
    )
    children = [
        _next_indicator(child, year, card, child_path)
        for child_path, child, depth in walk_indicators(node.children, path)
        if depth == 1
    ]
    return Indicator(
        name=node.name,
        kind=node.kind,
        direction=node.direction,
        target=node.target,
        target_value=node.target_value,
        unit=node.unit,
        weight=node.weight,
        library_id=node.library_id,
        prior=prior if (prior.actual or prior.score is not None or prior.rule_score is not None) else None,
        children=children,
    )


def _next_title(title: str | None, year: int | None) -> str | None:
    if not title or year is None:
        return title
    return re.sub(rf"{year}(?=\s*年)", str(year + 1), title)


def next_evaluation(
    evaluation: Evaluation, card: Scorecard | None = None, ruleset: RuleSet | None = None
) -> Evaluation:
    """Next year's evaluation; ``card`` (this year's scorecard) gives the rule scores kept beside each
    indicator and in the history; with ``ruleset`` the department's projects are scored for theirs."""
    year = evaluation.year
    narrative = evaluation.narrative
    kept = Narrative(
        title=_next_title(narrative.title, year),
        functions=list(narrative.functions),
        organisation=narrative.organisation,
    )
    history = list(evaluation.history)
    if year is not None:
        history.insert(
            0,
            YearRecord(
                year=year,
                budget=budget_record(evaluation.budget),
                rule_score=card.total if card is not None else None,
                declared_score=evaluation.declared.total_score,
                grade=card.grade if card is not None else evaluation.declared.grade,
            ),
        )
    indicators = [
        _next_indicator(node, year, card, path)
        for path, node, depth in walk_indicators(evaluation.indicators)
        if depth == 1
    ]
    dept = None
    if evaluation.dept is not None and evaluation.dept.staff_quota is not None:
        dept = DeptFacts(staff_quota=evaluation.dept.staff_quota)  # 编制数 stays; everything else is yearly
    return Evaluation(
        kind=evaluation.kind,
        department=evaluation.department,
        year=None if year is None else year + 1,
        project=evaluation.project,
        province=evaluation.province,
        ruleset=evaluation.ruleset,
        budget=empty_budget(evaluation.budget),
        indicators=indicators,
        declared=Declared(),
        narrative=kept,
        dept=dept,
        projects=[
            next_evaluation(project, score(project, ruleset)[0] if ruleset else None, ruleset)
            for project in evaluation.projects
        ],
        history=[h for h in history if h.year is not None][:HISTORY_YEARS],
    )
