"""The report's records (台账): upload a register, bind indicators to its measures, the monthly chart.

Uploading and binding are the department's (``web.change_report``); the page itself is readable by
whoever may read the report, and shows the bureau the computed measures with k/n and the monthly series,
never a row: per-row problems (row and column, never a cell's content) are shown to the department only.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from jixiao.model import Computed, Evaluation, walk_indicators
from jixiao.records import xinfang
from jixiao.records.stored import StoredTableError
from jixiao.web import records, services
from jixiao.web.models import RecordsUpload, Report
from jixiao.web.permissions import is_own_department
from jixiao.web.records import MAX_SOURCE_NAME
from jixiao.web.views.common import report_or_403
from jixiao.web.views.reports import _int

DEFAULT_SOURCE = "信访台账"


def _evaluation(report: Report) -> Evaluation | None:
    version = report.current
    if version is None:
        return None
    evaluation, _issues = services.build(version.data)
    return evaluation


def _targets(evaluation: Evaluation | None) -> list[dict[str, Any]]:
    """Every indicator (level 3 and any other without children) and rate a binding can be set on."""
    if evaluation is None:
        return []
    found = [
        {"path": path, "label": node.name, "computed": node.computed}
        for path, node, _depth in walk_indicators(evaluation.indicators)
        if not node.children and node.kind != "execution_rate"
    ]
    found += [
        {"path": f"rates[{i}]", "label": f"比率：{fact.label}", "computed": fact.computed}
        for i, fact in enumerate(evaluation.rates)
    ]
    return found


@login_required
@require_GET
def records_page(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_or_403(request, pk)
    version = report.current
    evaluation = _evaluation(report)
    outcome = (version.records if version else None) or {}
    editable = request.user.has_perm("web.change_report", report)
    owner = request.user.has_perm("web.change_report", report) or _own(request, report)
    uploads = list(RecordsUpload.objects.filter(report=report).defer("table"))
    summaries = {summary["name"]: summary for summary in outcome.get("tables", [])}
    problems = outcome.get("problems", []) if owner else []
    charted = next((upload for upload in uploads if upload.monthly), None)  # the 信访 register's months
    context = {
        "report": report,
        "version": version,
        "editable": editable,
        "owner": owner,
        "uploads": [(upload, summaries.get(upload.name)) for upload in uploads],
        "figures": outcome.get("figures", []),
        "problems": problems[:200],
        "targets": _targets(evaluation),
        "measures": xinfang.MEASURES,
        "sources": sorted({upload.name for upload in uploads} | {DEFAULT_SOURCE}),
        "chart": charted.monthly if charted else None,
        "chart_name": charted.name if charted else "",
        "revision": report.revision,
    }
    return render(request, "web/records.html", context)


def _own(request: HttpRequest, report: Report) -> bool:
    """The department's own staff (who may see row numbers of problems even while the report is locked)."""
    return bool(is_own_department(request.user, report))


def _save(request: HttpRequest, report: Report, evaluation: Evaluation, done: str) -> None:
    try:
        services.save_evaluation(report, evaluation, request.user, _int(request.POST.get("revision")))
    except services.ConflictError:
        messages.error(request, "未保存：他人已修改该报告，请刷新后重试。")
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    except StoredTableError:
        messages.error(request, "已上传的台账无法读取，请重新上传。")
    else:
        messages.success(request, done)


@login_required
@require_POST
def records_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Read an uploaded register once, keep what was read (typed), compute again and save."""
    report = report_or_403(request, pk, "web.change_report")
    evaluation = _evaluation(report)
    if evaluation is None:
        messages.error(request, "请先填报并保存自评内容，再上传台账。")
        return redirect("report_records", pk=report.pk)
    name = (request.POST.get("name") or DEFAULT_SOURCE).strip()[:MAX_SOURCE_NAME] or DEFAULT_SOURCE
    kind = "table" if request.POST.get("kind") == "table" else "xinfang"
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择台账文件（.xlsx 或 .csv）。")
        return redirect("report_records", pk=report.pk)
    if upload.size is not None and upload.size > _limit():
        messages.error(request, f"台账文件过大（上限 {_limit() // 1024 // 1024} MB）")
        return redirect("report_records", pk=report.pk)
    evaluation = records.declare(evaluation, name, kind)
    sheet = (request.POST.get("sheet") or "").strip()[:100] or None
    read = records.read_upload(upload, name, kind, evaluation, sheet)
    if read.table is None:
        for error in read.errors or ["台账无法读取"]:
            messages.error(request, f"未上传：{error}")
        return redirect("report_records", pk=report.pk)
    records.keep(report, evaluation, name, kind, read.table, request.user)
    rows = len(read.table)
    _save(request, report, evaluation, f"已读取台账“{upload.name}”{rows} 行，并按台账重新计算。")
    return redirect("report_records", pk=report.pk)


def _limit() -> int:
    return int(settings.UPLOAD_MAX_BYTES)


@login_required
@require_POST
def records_bind(request: HttpRequest, pk: int) -> HttpResponse:
    """Bind an indicator's actual (or a rate) to a formula over a records source, or unbind it."""
    report = report_or_403(request, pk, "web.change_report")
    evaluation = _evaluation(report)
    target = request.POST.get("target", "")
    if evaluation is None or target not in {item["path"] for item in _targets(evaluation)}:
        messages.error(request, "未保存：请选择一个指标或比率。")
        return redirect("report_records", pk=report.pk)
    source = (request.POST.get("source") or DEFAULT_SOURCE).strip()[:MAX_SOURCE_NAME]
    formula = (request.POST.get("formula") or "").strip()[:1000]
    computed = Computed(source=source, formula=formula) if formula else None
    evaluation = _bound(evaluation, target, computed)
    if computed is not None and records.source_of(evaluation, source) is None:
        kind = "xinfang" if xinfang.standard_formula(formula) else "table"
        evaluation = records.declare(evaluation, source, kind)
    _save(request, report, evaluation, "已保存计算方式。" if computed else "已取消由台账计算。")
    return redirect("report_records", pk=report.pk)


def _bound(evaluation: Evaluation, target: str, computed: Computed | None) -> Evaluation:
    if target.startswith("rates["):
        index = int(target[6:-1])
        rates = list(evaluation.rates)
        rates[index] = rates[index].model_copy(update={"computed": computed})
        return evaluation.model_copy(update={"rates": rates})
    copy = evaluation.model_copy(deep=True)
    for path, node, _depth in walk_indicators(copy.indicators):
        if path == target:
            node.computed = computed
    return copy


@login_required
@require_POST
def records_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove an uploaded table (its figures can no longer be computed until a new upload)."""
    report = report_or_403(request, pk, "web.change_report")
    name = request.POST.get("name", "")
    deleted, _ = RecordsUpload.objects.filter(report=report, name=name).delete()
    evaluation = _evaluation(report)
    if deleted and evaluation is not None:
        _save(request, report, evaluation, f"已删除台账“{name}”。")
    return redirect("report_records", pk=report.pk)
