"""Budget lines: the canonical Budget from the figures that carry a path, project items, breakdowns."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from jixiao.extract import patterns as pt
from jixiao.extract.breakdowns import FoundBreakdown, ProjectItem, find_breakdowns, find_project_items
from jixiao.extract.passes import Earlier, Findings, Reading
from jixiao.extract.statements import percent_stated
from jixiao.model import BasicLine, Budget, Line, ProjectLine, Sources, Span
from jixiao.numbers import to_wanyuan


def breakdowns(reading: Reading, earlier: Earlier) -> Findings:
    """The pass: the ``其中`` breakdowns (``values["breakdowns"]``) and the project items (from a
    ``项目包括`` list or a 其中 on 项目支出)."""
    doc = reading.doc
    found = find_breakdowns(doc.norm, doc.body_start)
    items = find_project_items(doc.norm, doc.body_start) or items_of_breakdown(earlier.paths, found)
    spans: dict[str, Span] = {}
    for index, project_item in enumerate(items):
        spans[f"budget.project.items[{index}]"] = doc.span(*project_item.name_span)
        for column, (_, span) in project_item.columns.items():
            spans[f"budget.project.items[{index}].{column}"] = doc.span(*span)
    for index, item in enumerate(found):
        spans[f"breakdowns[{index}].total"] = doc.span(item.start, item.end)
    return Findings(spans=spans, items=tuple(items), values={"breakdowns": found})


def items_of_breakdown(paths: Mapping[str, pt.Found], breakdowns: list[FoundBreakdown]) -> list[ProjectItem]:
    """``项目支出X万元，其中：A项目…万元、B项目…万元`` → project items in the whole's column.

    The breakdown is then checked as 项目支出 = Σ items (BUD009) and leaves the list of breakdowns.
    """
    for index, item in enumerate(breakdowns):
        whole = item.breakdown
        if whole.unit != "万元" or not whole.complete or len(whole.parts) < 2:
            continue
        if not all(re.search(r"项目|专项|经费|资金", part.label) for part in whole.parts):
            continue
        for path, found in paths.items():
            column = path.removeprefix("budget.project.")
            if column in {"initial", "adjusted", "executed"} and found.start == item.start:
                del breakdowns[index]
                return [
                    ProjectItem(
                        part.label, (item.start, item.end), {column: (part.value, (item.start, item.end))}
                    )
                    for part in whole.parts
                ]
    return []


def budget_of(out: Earlier) -> Budget:
    """The canonical budget lines from the figures that carry a path (amounts in 万元)."""
    values = path_values(out.paths)
    basic = values.get("budget.basic")
    personnel, public = values.get("budget.basic.personnel"), values.get("budget.basic.public")
    sources = {
        key: Line(adjusted=Decimal(0), executed=Decimal(0), note=note)
        for key, (note, _, _) in out.sources.items()
    }
    project = values.get("budget.project")
    if out.items:
        project = project or {}
        project["items"] = [
            Line(name=item.name, **{k: v for k, (v, _) in item.columns.items()}) for item in out.items
        ]
    return Budget(
        total=Line.model_validate(values["budget.total"]) if "budget.total" in values else None,
        basic=BasicLine.model_validate({**(basic or {}), "personnel": personnel, "public": public})
        if basic or personnel or public
        else None,
        project=ProjectLine.model_validate(project) if project else None,
        sources=Sources.model_validate(sources) if sources else None,
    )


def path_values(paths: Mapping[str, pt.Found]) -> dict[str, dict[str, object]]:
    """budget line → column → value: amounts in 万元, rates and shares as stated."""
    values: dict[str, dict[str, object]] = {}
    for path, item in paths.items():
        if not path.startswith("budget."):
            continue
        line, _, column = path.rpartition(".")
        if column in {"rate", "share"}:
            values.setdefault(line, {})[column] = percent_stated(item.value)
        else:
            values.setdefault(line, {})[column] = to_wanyuan(item.value, item.unit)
    return values
