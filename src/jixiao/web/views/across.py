"""Across years: budget reliability ranking and the year's overclaims (bureau), a department's years in one
chart, and next year's report from this year's (department)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from jixiao.across.reliability import grade_composition, grade_outturn
from jixiao.numbers import format_percent
from jixiao.report.across_years import (
    BUDGET_COMPARISON_HEADER,
    COMPARISON_HEADER,
    comparison_paragraph,
    comparison_rows,
)
from jixiao.web import across, services
from jixiao.web.models import Department
from jixiao.web.permissions import account_of
from jixiao.web.views.common import report_or_403
from jixiao.web.views.dashboards import year_chart_data


def _pct(value: Any) -> str:
    return "—" if value is None else format_percent(value, 1)


def _outturns(item: Any, years: list[int]) -> list[float | None]:
    by_year = {f.year: f for f in item.series}
    return [across.percent(by_year[y].outturn) if y in by_year else None for y in years]


@login_required
@require_GET
def reliability(request: HttpRequest, year: int) -> HttpResponse:
    """Departments ranked by budget reliability with their three years, and the year's overclaims."""
    if not request.user.has_perm("web.view_year"):
        raise PermissionDenied("只有财政局审核人可以查看全部部门")
    ranking = across.reliability_ranking(year)
    years = [year - 2, year - 1, year]
    rows = []
    for item in ranking:
        by_year = {f.year: f for f in item.series}
        rows.append(
            {
                "name": item.department,
                "pi1": (item.outturn.letter if item.outturn else None) or "—",
                "pi2": (item.composition.letter if item.composition else None) or "—",
                "outturns": [_pct(by_year[y].outturn if y in by_year else None) for y in years],
                "adjustment": _pct(by_year[year].adjustment if year in by_year else None),
                "reason": item.outturn.reason if item.outturn else "",
            }
        )
    chart = {
        "years": [str(y) for y in years],
        "series": [{"name": item.department, "values": _outturns(item, years)} for item in ranking[:12]],
        "distribution": year_chart_data(year)["distribution"],
    }
    return render(
        request,
        "web/reliability.html",
        {"year": year, "years": years, "rows": rows, "overclaimed": across.overclaimed(year), "chart": chart},
    )


@login_required
@require_GET
def department_years(request: HttpRequest, pk: int) -> HttpResponse:
    """One department's scores, execution, adjustment and outturn against the original budget by year."""
    department = get_object_or_404(Department, pk=pk)
    if not request.user.has_perm("web.view_department", department):
        raise PermissionDenied("无权查看该部门")
    series = list(reversed(across.department_series(department)))
    rules = across.reliability_rules(series[-1].year) if series else None
    newest_first = list(reversed(series))
    grades = None
    if rules is not None:
        grades = {"pi1": grade_outturn(newest_first, rules), "pi2": grade_composition(newest_first, rules)}
    chart = {
        "years": [str(f.year) for f in series],
        "computed": [across.percent(f.rule_score) for f in series],
        "declared": [across.percent(f.declared_score) for f in series],
        "execution": [across.percent(f.execution) for f in series],
        "adjustment": [across.percent(f.adjustment) for f in series],
        "outturn": [across.percent(f.outturn) for f in series],
    }
    return render(
        request,
        "web/department_years.html",
        {"department": department, "chart": chart, "grades": grades, "series": newest_first},
    )


@login_required
@require_POST
def next_year(request: HttpRequest, pk: int) -> HttpResponse:
    """The department starts next year's report from this one (never overwriting one already begun)."""
    report = report_or_403(request, pk)
    account = account_of(request.user)
    if (
        not request.user.has_perm("web.create_report")
        or account is None
        or account.department_id != report.department_id
    ):
        raise PermissionDenied("只有本部门账号可以生成下一年度自评")
    try:
        target = across.start_next_year(report, request.user)
    except (services.WorkflowError, services.ConflictError) as exc:
        messages.error(request, f"未能生成下一年度：{exc}")
        return redirect("report", pk=report.pk)
    messages.success(
        request, f"已生成 {target.year} 年度自评：沿用本年度指标和指标值，上年实际完成值列于各指标旁"
    )
    return redirect("report", pk=target.pk)


@login_required
@require_GET
def compare_view(request: HttpRequest, pk: int) -> HttpResponse:
    """This year against last year: indicator by indicator and budget line by line (the figures ``jixiao
    next`` kept, else last year's report of the same department)."""
    report = report_or_403(request, pk)
    found = across.comparison(report)
    indicators, budget = comparison_rows(found) if found is not None else ([], [])
    return render(
        request,
        "web/compare.html",
        {
            "report": report,
            "found": found,
            "paragraph": comparison_paragraph(found) if found is not None else "",
            "indicator_header": COMPARISON_HEADER,
            "budget_header": BUDGET_COMPARISON_HEADER,
            "indicators": indicators,
            "budget": budget,
        },
    )
