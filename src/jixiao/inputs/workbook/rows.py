"""An Evaluation as the rows of the input workbook (the writer's half of the layout).

The indicator tree is written one node per row, with the names of its ancestors repeated in the
columns to the left (一级 | 二级 | 三级), so that a row read alone says where it belongs. Deeper trees
than three levels are not part of the form: a fourth level is written as further 三级 rows.
"""

from __future__ import annotations

from typing import Any

from jixiao.inputs.workbook import layout
from jixiao.model import Computed, Evaluation, Indicator, Line

LINE_KEYS = (
    "name",
    "initial",
    "adjusted",
    "executed",
    "rate",
    "share",
    "additions",
    "reductions",
    "carryover",
)


def get_path(obj: Any, path: str) -> Any:
    """``get_path(evaluation, "declared.total_score")``; None as soon as a step is missing."""
    for part in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, part, None)
    return obj


def basic_values(evaluation: Evaluation | None) -> dict[str, Any]:
    """Model path → value for every labelled field of 基本信息 (enumerations as their Chinese labels)."""
    if evaluation is None:
        return {}
    values = {
        field.path: get_path(evaluation, field.path) for field in (*layout.BASIC_FIELDS, *layout.DEPT_FIELDS)
    }
    values["kind"] = layout.KIND_LABELS[evaluation.kind]
    return values


def _line_row(label: str, line: Line | None) -> dict[str, Any]:
    row: dict[str, Any] = {"row": label}
    if line is not None:
        row.update({key: getattr(line, key) for key in LINE_KEYS})
        row["note"] = line.note
    return row


def budget_rows(
    evaluation: Evaluation | None, blank_projects: int = layout.BLANK_PROJECT_ROWS
) -> list[dict[str, Any]]:
    """The fixed budget rows, then one row per project (padded with blank project rows to fill in)."""
    budget = evaluation.budget if evaluation else None
    rows = [_line_row(label, get_path(budget, path)) for label, path in layout.BUDGET_ROWS]
    items = budget.project.items if budget and budget.project else []
    rows.extend(_line_row(layout.PROJECT_ROW_LABEL, item) for item in items)
    rows.extend({"row": layout.PROJECT_ROW_LABEL} for _ in range(max(blank_projects - len(items), 0)))
    return rows


def _indicator_row(names: list[str], node: Indicator) -> dict[str, Any]:
    row: dict[str, Any] = dict(zip(("level1", "level2", "level3"), names, strict=False))
    row.update(
        kind=layout.INDICATOR_KIND_LABELS.get(node.kind or "", None),
        direction=layout.DIRECTION_LABELS.get(node.direction or "", None),
        target=node.target,
        actual=node.actual,
        unit=node.unit,
        band=node.band,
        weight=node.weight,
        score=node.score,
        deduction=node.deduction,
        reason=node.reason,
        text=node.text,
        library_id=node.library_id,
        **computed_cells(node.computed),
    )
    return row


def computed_cells(computed: Computed | None) -> dict[str, Any]:
    """The 计算来源/计算公式 cells of a figure bound to records."""
    if computed is None:
        return {}
    return {"computed_source": computed.source, "computed_formula": computed.formula}


def indicator_rows(evaluation: Evaluation | None) -> list[dict[str, Any]]:
    """One row per node of the indicator tree, depth first, ancestors' names repeated."""
    rows: list[dict[str, Any]] = []

    def visit(nodes: list[Indicator], ancestors: list[str]) -> None:
        for node in nodes:
            names = [*ancestors, node.name] if len(ancestors) < 3 else [*ancestors[:2], node.name]
            rows.append(_indicator_row(names, node))
            visit(node.children, names if len(names) < 3 else names[:2])

    if evaluation is not None:
        visit(evaluation.indicators, [])
    return rows


def rate_rows(evaluation: Evaluation | None) -> list[dict[str, Any]]:
    if evaluation is None:
        return []
    return [
        fact.model_dump() | {"rate": fact.rate, **computed_cells(fact.computed)} for fact in evaluation.rates
    ]


def source_rows(evaluation: Evaluation | None) -> list[dict[str, Any]]:
    """One row per records source (a source's inline ``rows:`` are not part of the form)."""
    if evaluation is None:
        return []
    return [
        source.model_dump(exclude={"rows"})
        | {
            "kind": layout.RECORD_KIND_LABELS[source.kind],
            "days": layout.DAYS_LABELS[source.days] if source.days != "calendar" else None,
        }
        for source in evaluation.records
    ]
