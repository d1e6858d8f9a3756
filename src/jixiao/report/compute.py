"""The data a report view is built from: the reconciled evaluation, scored again, and its corrections."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from jixiao.figures import AMOUNT_COLUMNS, Figures, derive
from jixiao.model import Evaluation, Line
from jixiao.report.corrections import (
    Correction,
    clamp_qualitative,
    rate_corrections,
    reconcile_budget,
    score_corrections,
)
from jixiao.rules.model import RuleSet
from jixiao.scoring import Scorecard, score


@dataclass
class Computed:
    """The reconciled evaluation with its figures and scorecard, and the corrections on the way."""

    evaluation: Evaluation
    figures: Figures
    card: Scorecard
    ruleset: RuleSet
    corrections: list[Correction]
    projects: list[Computed] = field(default_factory=list)  # a department's own projects, computed alike


def compute(evaluation: Evaluation, ruleset: RuleSet) -> Computed:
    """Reconcile amounts, keep qualitative scores in their bands, score again, list the corrections."""
    work = evaluation.model_copy(deep=True)
    corrections = reconcile_budget(work)
    figures = derive(work)
    corrections += rate_corrections(figures)
    first, _ = score(work, ruleset)
    corrections += clamp_qualitative(work, first)
    card, _ = score(work, ruleset)
    corrections += score_corrections(evaluation, card)
    projects = [compute(project, ruleset) for project in evaluation.projects]
    for i, (project, sub) in enumerate(zip(evaluation.projects, projects, strict=True)):
        name = project.project or project.department
        corrections += [
            replace(c, path=f"projects[{i}].{c.path}", label=f"项目“{name}”{c.label}")
            for c in sub.corrections
        ]
    return Computed(work, figures, card, ruleset, corrections, projects)


def execution_rate(figures: Figures, path: str) -> Decimal | None:
    """The execution rate of the line at ``path`` (the whole's for ``budget.total`` when not a line)."""
    lf = figures.get(path)
    if lf is not None:
        return lf.execution_rate
    return figures.execution_rate if path == "budget.total" else None


def carries_money(line: Line) -> bool:
    """Whether any amount column of ``line`` is stated and not zero."""
    return any(getattr(line, column) for column in AMOUNT_COLUMNS)
