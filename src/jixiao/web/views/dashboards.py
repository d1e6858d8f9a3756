"""Dashboards (Apache ECharts from the app's own static files): the year across departments, trends."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.html import json_script
from django.views.decorators.http import require_GET

from jixiao.web.models import Department, ReportVersion
from jixiao.web.stamp import kept
from jixiao.web.views.year import year_rows

BUCKETS = [(Decimal(0), Decimal(60), "60分以下"), (Decimal(60), Decimal(70), "60–70"),
           (Decimal(70), Decimal(80), "70–80"), (Decimal(80), Decimal(90), "80–90"),
           (Decimal(90), Decimal(101), "90分及以上")]  # fmt: skip


def _num(value: Decimal | None) -> float | None:
    # floats only for the chart's drawing; every figure was computed with Decimal by the core
    return None if value is None else float(value)


def year_chart_data(year: int) -> dict[str, Any]:
    """Ranked scores and execution rates, and the distribution of scores, for the year's charts."""
    rows = [r for r in year_rows(year) if r["number"] is not None]
    by_score = sorted(rows, key=lambda r: r["score"] or Decimal(-1))
    by_rate = sorted(rows, key=lambda r: r["execution_rate"] or Decimal(-1))
    scores = [r["score"] for r in rows if r["score"] is not None]
    return {
        "score": {
            "names": [r["name"] for r in by_score],
            "computed": [_num(r["score"]) for r in by_score],
            "declared": [_num(r["declared_score"]) for r in by_score],
        },
        "rate": {
            "names": [r["name"] for r in by_rate],
            "values": [_num(r["execution_rate"]) for r in by_rate],
        },
        "distribution": {
            "labels": [label for _lo, _hi, label in BUCKETS],
            "counts": [sum(1 for s in scores if lo <= s < hi) for lo, hi, _label in BUCKETS],
        },
    }


@login_required
@require_GET
def year_dashboard(request: HttpRequest, year: int) -> HttpResponse:
    if not request.user.has_perm("web.view_year"):
        raise PermissionDenied("只有财政局审核人可以查看全部部门")
    chart, count = kept(("year-chart", year), lambda: _chart(year))
    height = max(320, 22 * count + 80)
    return render(request, "web/year_dashboard.html", {"year": year, "chart": chart, "height": height})


def _chart(year: int) -> tuple[str, int]:
    """The chart data as the page's JSON <script> (built once per change of the data) and the number
    of departments shown."""
    data = year_chart_data(year)
    return json_script(data, "chart-data"), len(data["score"]["names"])


def trend_data(department: Department) -> dict[str, Any]:
    """The department's latest version per year: computed and declared score, execution rate."""
    latest: dict[int, ReportVersion] = {}
    for version in (
        ReportVersion.objects.filter(report__department=department)
        .select_related("report")
        .defer("data", "issues")
        .order_by("number")
    ):
        latest[version.report.year] = version
    years = sorted(latest)
    return {
        "years": [str(y) for y in years],
        "computed": [_num(latest[y].score) for y in years],
        "declared": [_num(latest[y].declared_score) for y in years],
        "rate": [_num(latest[y].execution_rate) for y in years],
    }


@login_required
@require_GET
def department_trend(request: HttpRequest, pk: int) -> HttpResponse:
    department = get_object_or_404(Department, pk=pk)
    if not request.user.has_perm("web.view_department", department):
        raise PermissionDenied("无权查看该部门")
    return render(request, "web/trend.html", {"department": department, "chart": trend_data(department)})
