"""Bureau pages: the year table, comments, return with reasons, approve; history of a report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from jixiao.web import services
from jixiao.web.forms import CommentForm, ReturnForm, layout
from jixiao.web.models import Comment, Department, Report, ReportVersion
from jixiao.web.views.common import report_or_403

SORTS = {
    "name": lambda row: row["department"].name,
    "score": lambda row: -(row["version"].score or 0) if row["version"] else 1,
    "rate": lambda row: -(row["version"].execution_rate or 0) if row["version"] else 1,
    "errors": lambda row: -(row["version"].errors) if row["version"] else 1,
}


def year_rows(year: int) -> list[dict[str, Any]]:
    """One row per department: its report for the year (if any) and the current version's summary."""
    reports = {r.department_id: r for r in Report.objects.filter(year=year)}
    latest: dict[int, ReportVersion] = {}
    versions = ReportVersion.objects.filter(report__year=year).defer("data", "issues").order_by("number")
    for version in versions:
        latest[version.report_id] = version
    rows = []
    for department in Department.objects.all():
        report = reports.get(department.pk)
        rows.append(
            {
                "department": department,
                "report": report,
                "version": latest.get(report.pk) if report else None,
            }
        )
    return rows


@login_required
@require_GET
def year_table(request: HttpRequest, year: int) -> HttpResponse:
    if not request.user.has_perm("web.view_year"):
        raise PermissionDenied("只有财政局审核人可以查看全部部门")
    rows = year_rows(year)
    sort = request.GET.get("sort", "name")
    rows.sort(key=SORTS.get(sort, SORTS["name"]))
    counts: dict[str, int] = {}
    for row in rows:
        status = row["report"].get_status_display() if row["report"] else "未填报"
        counts[status] = counts.get(status, 0) + 1
    years = sorted(set(Report.objects.values_list("year", flat=True)) | {year}, reverse=True)
    context = {"year": year, "rows": rows, "sort": sort, "counts": counts, "years": years}
    return render(request, "web/year_table.html", context)


@login_required
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_or_403(request, pk, "web.comment_report")
    form = CommentForm(request.POST)
    version = report.current
    if form.is_valid() and version is not None:
        Comment.objects.create(
            report=report,
            version=version,
            path=form.cleaned_data["path"],
            text=form.cleaned_data["text"],
            author=request.user,
        )
        messages.success(request, "意见已添加。")
    else:
        messages.error(request, "意见未添加：请填写意见内容。")
    return redirect("report", pk=report.pk)


@login_required
@require_POST
def return_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_or_403(request, pk, "web.review_report")
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写退回原因。")
        return redirect("report", pk=report.pk)
    try:
        services.return_report(report, request.user, form.cleaned_data["reason"])
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已退回{report.department.name}。")
    return redirect("report", pk=report.pk)


@login_required
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_or_403(request, pk, "web.review_report")
    try:
        services.approve(report, request.user)
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已通过{report.department.name}的自评，版本已冻结。")
    return redirect("report", pk=report.pk)


@login_required
@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every version and the audit trail: who changed, submitted, returned, approved, when."""
    report = report_or_403(request, pk)
    events = report.history.select_related("history_user").order_by("-history_date")
    versions = report.versions.select_related("created_by", "approved_by").defer("data", "issues")
    edits = ReportVersion.history.filter(report_id=report.pk).select_related("history_user")
    context = {
        "report": report,
        "events": events,
        "versions": versions,
        "edits": edits.order_by("-history_date"),
    }
    return render(request, "web/history.html", context)


@login_required
@require_GET
def version_view(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """A past version, read-only (approved versions stay readable after later edits)."""
    report = report_or_403(request, pk)
    version = get_object_or_404(ReportVersion, report=report, number=number)
    checked = services.check_data(version.data, version.ruleset or services.ruleset_for(report.year))
    context = {"report": report, "version": version, "form": layout(version.data), "checked": checked}
    return render(request, "web/version.html", context)
