"""Across years for the web app: each department's series of years from its latest versions, budget
reliability (PEFA PI-1/PI-2, computed by the core), and next year's report from this year's."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from jixiao.across.compare import Comparison, compare
from jixiao.across.next_year import next_evaluation
from jixiao.across.reliability import (
    DepartmentReliability,
    YearFigures,
    assess,
    merge_series,
    rank,
    series_of,
)
from jixiao.model import Evaluation
from jixiao.rules import load_ruleset
from jixiao.web import services
from jixiao.web.models import Department, Report, ReportVersion


def _latest_versions(department: Department | None = None, up_to: int | None = None) -> list[ReportVersion]:
    """The latest version of every report (of ``department``; of years up to ``up_to``)."""
    versions = ReportVersion.objects.select_related("report", "report__department").order_by("number")
    if department is not None:
        versions = versions.filter(report__department=department)
    if up_to is not None:
        versions = versions.filter(report__year__lte=up_to)
    latest: dict[int, ReportVersion] = {}
    for version in versions:
        latest[version.report_id] = version
    return list(latest.values())


def _figures(version: ReportVersion) -> list[YearFigures]:
    try:
        evaluation = Evaluation.model_validate(version.data)
    except ValidationError:
        return []
    return series_of(evaluation, version.score, version.grade or None)


def department_series(department: Department, up_to: int | None = None) -> list[YearFigures]:
    """The department's years, newest first: each stored year from its latest version, earlier years
    from the history a ``next`` report carries."""
    versions = sorted(_latest_versions(department, up_to), key=lambda v: v.report.year, reverse=True)
    series = merge_series(_figures(version) for version in versions)
    return [f for f in series if up_to is None or f.year <= up_to]


def reliability_rules(year: int) -> Any:
    ruleset, _ = load_ruleset(services.ruleset_for(year))
    if ruleset is None:
        ruleset, _ = load_ruleset(None)
    assert ruleset is not None
    return ruleset.reliability


def reliability_ranking(year: int) -> list[DepartmentReliability]:
    """Departments with a report for ``year``, most reliable first, each over its last three years."""
    rules = reliability_rules(year)
    versions = _latest_versions(up_to=year)
    by_department: dict[str, list[list[YearFigures]]] = {}
    filed = {v.report.department.name for v in versions if v.report.year == year}
    for version in sorted(versions, key=lambda v: v.report.year, reverse=True):
        name = version.report.department.name
        if name in filed:
            by_department.setdefault(name, []).append(_figures(version))
    return rank(
        assess(name, [f for f in merge_series(s) if f.year <= year], rules)
        for name, s in by_department.items()
    )


def overclaimed(year: int, count: int = 10) -> list[dict[str, Any]]:
    """The departments whose declared score most exceeds the rule score, largest gap first."""
    rows = []
    for version in _latest_versions(up_to=year):
        if version.report.year != year or version.score is None or version.declared_score is None:
            continue
        gap = version.declared_score - version.score
        if gap > 0:
            rows.append(
                {
                    "name": version.report.department.name,
                    "report": version.report_id,
                    "declared": version.declared_score,
                    "score": version.score,
                    "gap": gap,
                }
            )
    rows.sort(key=lambda r: (-r["gap"], r["name"]))
    return rows[:count]


def start_next_year(report: Report, user: Any) -> Report:
    """Next year's report of the same department from this report's latest version: the same indicators
    and targets, this year's figures beside them, budget empty. An existing next-year report with data is
    never overwritten: it is returned as it is."""
    target = services.get_or_create_report(report.department, report.year + 1)
    if target.versions.exists():
        return target
    version = report.versions.order_by("-number").first()
    if version is None:
        raise services.WorkflowError("本年度还没有保存的数据，无法生成下一年度")
    evaluation = Evaluation.model_validate(version.data)
    checked = services.check_evaluation(evaluation, services.ruleset_for(report.year, evaluation))
    card = checked.result.scorecard if checked.result else None
    ruleset = checked.result.ruleset if checked.result else None
    following = next_evaluation(evaluation, card, ruleset)
    services.save_evaluation(target, following, user, target.revision)
    return target


def percent(value: Decimal | None) -> float | None:
    # floats only for the chart's drawing; every figure was computed with Decimal by the core
    return None if value is None else float(round(value, 2))


def comparison(report: Report) -> Comparison | None:
    """This report against last year: what ``jixiao next`` kept in it, else last year's report."""
    version = report.versions.order_by("-number").first()
    if version is None:
        return None
    this = _checked(version)
    if this is None:
        return None
    evaluation, card = this
    found = compare(evaluation, card)
    if found.empty:
        earlier = Report.objects.filter(department=report.department, year=report.year - 1).first()
        last_version = earlier.versions.order_by("-number").first() if earlier else None
        last = _checked(last_version) if last_version is not None else None
        if last is not None:
            found = compare(evaluation, card, last[0], last[1])
    return None if found.empty else found


def _checked(version: ReportVersion) -> tuple[Evaluation, Any] | None:
    try:
        evaluation = Evaluation.model_validate(version.data)
    except ValidationError:
        return None
    checked = services.check_evaluation(evaluation, services.ruleset_for(version.report.year, evaluation))
    return evaluation, checked.result.scorecard if checked.result else None
