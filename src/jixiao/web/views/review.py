"""Review of one report: comments, return with reasons, approve (with a note when errors remain), unlock;
its history, a past version and what changed between two versions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from jixiao.web import services
from jixiao.web.forms import ApproveForm, CommentForm, ReturnForm, UnlockForm, layout
from jixiao.web.labels import diff
from jixiao.web.models import Comment, ReportVersion
from jixiao.web.views.common import report_or_403


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
    form = ApproveForm(request.POST)
    form.is_valid()
    note, confirmed = form.cleaned_data.get("note", ""), form.cleaned_data.get("confirm_errors", False)
    try:
        services.approve(report, request.user, note, confirmed=confirmed)
    except services.WorkflowError as exc:
        messages.error(request, f"未通过：{exc}")
    else:
        messages.success(request, f"已通过{report.department.name}的自评，版本已冻结。")
    return redirect("report", pk=report.pk)


@login_required
@require_POST
def unlock(request: HttpRequest, pk: int) -> HttpResponse:
    """The bureau reopens an approved report, with a reason kept in its history."""
    report = report_or_403(request, pk, "web.unlock_report")
    form = UnlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写解锁原因。")
        return redirect("report", pk=report.pk)
    try:
        services.unlock(report, request.user, form.cleaned_data["reason"])
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"已解锁{report.department.name}的自评：已通过的版本保留，修改将形成新版本。"
        )
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


@login_required
@require_GET
def version_diff(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed between two versions (default: the one before the newest and the newest), field by
    field with readable names: what a reviewer checks when a returned report comes back."""
    report = report_or_403(request, pk)
    numbers = list(report.versions.order_by("number").values_list("number", flat=True))
    if not numbers:
        return render(request, "web/error.html", {"message": "报告尚无内容。"}, status=404)
    new = _number(request.GET.get("to"), numbers[-1])
    old = _number(request.GET.get("from"), numbers[-2] if len(numbers) > 1 else numbers[-1])
    versions = {v.number: v for v in report.versions.filter(number__in=[old, new])}
    if old not in versions or new not in versions:
        return render(request, "web/error.html", {"message": "没有该版本。"}, status=404)
    context = {
        "report": report,
        "numbers": numbers,
        "old": versions[old],
        "new": versions[new],
        "changes": diff(versions[old].data, versions[new].data),
    }
    return render(request, "web/diff.html", context)


def _number(value: str | None, default: int) -> int:
    return int(value) if value and value.isdigit() else default
