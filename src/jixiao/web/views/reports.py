"""Department pages: my reports, the evaluation form with live issues, uploads, submit."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from jixiao.inputs.kinds import DOCUMENT
from jixiao.inputs.workbook.layout import BASIC
from jixiao.intake import load
from jixiao.issues import Issue
from jixiao.web import services
from jixiao.web.conversions import ConversionsBusyError, conversion_slot
from jixiao.web.form_html import (
    budget_html,
    field_options_html,
    indicator_row_html,
    indicators_html,
    preview_slots_html,
)
from jixiao.web.forms import (
    INDICATOR_COLUMNS,
    MAX_INDICATOR_ROWS,
    UploadForm,
    blank_row,
    data_from_post,
    layout,
    place_issues,
    row_count,
)
from jixiao.web.labels import field_label
from jixiao.web.models import Account, Report, ReportVersion, SourceDocument, YearSetting
from jixiao.web.permissions import account_of
from jixiao.web.records import figures_by_path, tables_for
from jixiao.web.views.common import latest_year, report_or_403


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    account = account_of(request.user)
    if request.user.has_perm("web.view_year"):
        return redirect("year_table", year=latest_year())
    if account is None or account.role != Account.DEPARTMENT or account.department is None:
        raise PermissionDenied("该账号未分配部门，请联系财政局管理员")
    reports = Report.objects.filter(department=account.department).order_by("-year")
    filed = {r.year for r in reports}
    settings_by_year = {s.year: s for s in YearSetting.objects.order_by("-year")}
    context = {
        "department": account.department,
        "reports": reports,
        "open_years": [y for y in settings_by_year if y not in filed],
        "deadlines": {y: s.deadline for y, s in settings_by_year.items() if s.deadline},
    }
    return render(request, "web/home.html", context)


@login_required
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    account = account_of(request.user)
    if not request.user.has_perm("web.create_report") or account is None or account.department is None:
        raise PermissionDenied("只有部门账号可以新建自评")
    year = _int(request.POST.get("year"))
    try:
        report = services.create_report(account.department, year)
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("home")
    return redirect("report", pk=report.pk)


def _blank(report: Report) -> dict[str, Any]:
    return {"department": report.department.name, "year": report.year, "kind": "department"}


def _page(
    request: HttpRequest,
    report: Report,
    data: dict[str, Any],
    issues: list[Issue],
    *,
    revision: int,
    version: ReportVersion | None,
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """The report page for ``data`` with ``issues`` beside their fields; ``version`` is the stored one.
    The issues of the published report the data was read from have a section of their own."""
    form = layout(data)
    computed = figures_by_path(version.records if version else None)
    for row in form.indicators:
        row.records = computed.get(row.path)  # "由台账计算" with k/n under the actual
    source = SourceDocument.objects.filter(report=report).first()
    kept = [Issue.model_validate(item) for item in source.issues] if source else []
    placed, general = place_issues(services.document_only(issues, kept), form.slots())
    comments: dict[str, list[Any]] = {}
    for comment in report.comments.select_related("author", "version"):
        comment.field_label = field_label(comment.path)
        comments.setdefault(comment.path, []).append(comment)
    form.annotate(placed, comments)
    editable = request.user.has_perm("web.change_report", report)
    context = {
        "report": report,
        "version": version,
        "form": form,
        "budget_html": budget_html(form.budget, editable),
        "indicators_html": indicators_html(form.indicators, editable),
        "summary": _summary_of(version) if version else None,
        "general": general,
        "comments": comments,
        "revision": revision,
        "editable": editable,
        "can_submit": request.user.has_perm("web.submit_report", report),
        "can_review": request.user.has_perm("web.review_report", report),
        "can_withdraw": request.user.has_perm("web.withdraw_report", report),
        "can_unlock": request.user.has_perm("web.unlock_report", report),
        "upload_form": UploadForm(),
        "source_document": source,
        "source_issues": kept,
        "field_options": field_options_html(form),
        **(extra or {}),
    }
    return render(request, "web/report.html", context, status=status)


def _summary_of(version: Any) -> dict[str, Any]:
    summary = {key: getattr(version, key) for key in ("score", "declared_score", "grade", "execution_rate",
                                                      "errors", "warnings", "infos")}  # fmt: skip
    summary["score_note"] = services.score_note(_stored_issues(version))
    return summary


def _stored_issues(version: ReportVersion | None) -> list[Issue]:
    return [Issue.model_validate(item) for item in version.issues] if version else []


@login_required
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the form (or read-only view); POST: save, refusing a stale revision."""
    report = report_or_403(request, pk)
    version = report.current
    stored = version.data if version else _blank(report)
    if request.method != "POST":
        issues = _stored_issues(version)
        return _page(request, report, stored, issues, revision=report.revision, version=version)
    if not request.user.has_perm("web.change_report", report):
        raise PermissionDenied("当前状态下无权修改该报告")
    data, _slots = data_from_post(request.POST, stored)
    revision = _int(request.POST.get("revision"))
    evaluation, issues = services.build(data)  # scored once, by save_evaluation
    if evaluation is None:
        messages.error(request, "未保存：有填写错误（见各栏旁的提示），改正后再保存。")
        return _page(request, report, data, issues, revision=revision, status=422, version=version)
    try:
        services.save_evaluation(report, evaluation, request.user, revision)
    except services.ConflictError:
        messages.error(
            request,
            "未保存：您打开此页后，他人已保存了新的内容。为免覆盖，您的修改没有保存；"
            "下方仍是您填写的内容，请复制需要的部分后重新打开本页。",
        )
        checked = services.check_data(data, services.ruleset_for(report.year))
        return _page(
            request, report, data, checked.issues, revision=revision, version=report.current,
            status=409, extra={"conflict": True},
        )  # fmt: skip
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("report", pk=report.pk)
    messages.success(request, "已保存。")
    return redirect("report", pk=report.pk)


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        return -1


@login_required
@require_POST
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the live score and every issue beside its field, as the user types (nothing is saved)."""
    report = report_or_403(request, pk, "web.change_report")
    version = report.current
    stored = version.data if version else _blank(report)
    data, slots = data_from_post(request.POST, stored)
    checked = services.check_data(data, services.ruleset_for(report.year), tables_for(report))
    placed, general = place_issues(checked.issues, slots)  # the source document's have their own section
    checked = services.with_source(checked, services.source_issues(report))
    count = row_count(request.POST)
    all_slots = set(slots.values()) | {f"iss-ind-{n}" for n in range(count)}
    all_slots |= {f"iss-ind-{n}-{key}" for n in range(count) for key, _ in INDICATOR_COLUMNS}
    context = {
        "checked": checked,
        "summary": {**services.summary(checked), "score_note": services.score_note(checked.issues)},
        "general": general,
        "slots_html": preview_slots_html(sorted((slot, placed.get(slot, [])) for slot in all_slots)),
    }
    return render(request, "web/_preview.html", context)


@login_required
@require_POST
def new_row(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: one more blank indicator row at the end of the table (and the row count, out of band)."""
    report_or_403(request, pk, "web.change_report")
    n = row_count(request.POST)
    if n >= MAX_INDICATOR_ROWS:
        return HttpResponse(
            f'<tr><td colspan="7" class="error">指标行已达上限 {MAX_INDICATOR_ROWS} 行</td></tr>'
        )
    context = {"row_html": indicator_row_html(n, blank_row(n), editable=True), "count": n + 1}
    return render(request, "web/_new_row.html", context)


@login_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Start from an uploaded workbook, YAML or last year's published report (size and type checked)."""
    report = report_or_403(request, pk, "web.change_report")
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, f"上传失败：{error}")
        return redirect("report", pk=report.pk)
    upload_file = form.cleaned_data["file"]
    suffix = Path(upload_file.name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="jixiao-upload-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        with path.open("wb") as out:
            for chunk in upload_file.chunks():
                out.write(chunk)
        try:
            evaluation, issues, source = _load_upload(path, upload_file.name)
        except ConversionsBusyError:
            messages.error(request, "未导入：正在转换的文件较多，请稍后再试。")
            return redirect("report", pk=report.pk)
        if evaluation is None and suffix == ".xlsx" and _is_rendered_table(path):
            messages.error(request, RENDERED_TABLE.format(name=upload_file.name))
            return redirect("report", pk=report.pk)
    if evaluation is None:
        for issue in issues[:10]:
            messages.error(request, f"无法读取“{upload_file.name}”：{issue.message}")
        return redirect("report", pk=report.pk)
    if evaluation.department != report.department.name or evaluation.year != report.year:
        messages.warning(
            request,
            f"文件中的部门/年度为“{evaluation.department or '未注明'} {evaluation.year or '未注明'}年”，"
            f"已按本报告改为“{report.department.name} {report.year}年”。",
        )
    try:
        services.save_evaluation(
            report,
            evaluation,
            request.user,
            _int(request.POST.get("revision")),
            source=source,
            replaces_source=source is None,
        )
    except services.ConflictError:
        messages.error(request, "未导入：他人已修改该报告，请刷新后重试。")
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已从“{upload_file.name}”导入，请核对各栏。")
    return redirect("report", pk=report.pk)


RENDERED_TABLE = (
    "“{name}”是本系统生成的《绩效自评表》：其中是按规则计算后的数字，不是填报的原始数据，不能导入。"
    "请在本页下载“填报 Excel”，修改后再上传。"
)


def _is_rendered_table(path: Path) -> bool:
    """The workbook is the rendered 绩效自评表 (jixiao.render.xlsx), not the input workbook."""
    from openpyxl import load_workbook  # noqa: PLC0415  (heavy: on an .xlsx only)

    from jixiao.render.xlsx import SHEET  # noqa: PLC0415  (heavy: on an .xlsx only)

    try:
        book = load_workbook(path, read_only=True)
    except Exception:  # already refused by the loader; only the message is chosen here
        return False
    try:
        return SHEET in book.sheetnames and BASIC not in book.sheetnames
    finally:
        book.close()


def _load_upload(path: Path, name: str) -> tuple[Any, list[Issue], services.Published | None]:
    """Load an uploaded file; a .doc is converted by LibreOffice within the machine's bounded slots. A
    published report (.docx .pdf .txt …) is read with its Document and facts, as ``jixiao check`` reads it
    (``services.Published``), so that every check of relations among its figures runs on it."""
    suffix = path.suffix.lower()
    if suffix not in DOCUMENT:
        evaluation, issues = load(path)
        return evaluation, issues, None
    if suffix == ".doc":
        with conversion_slot():
            source = services.read_published(path, name)
    else:
        source = services.read_published(path, name)
    return source.evaluation, source.issues, source if source.evaluation is not None else None


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_or_403(request, pk, "web.submit_report")
    try:
        services.submit(report, request.user, _int(request.POST.get("revision")))
    except services.ConflictError:
        messages.error(request, "未提交：他人已修改该报告，请核对后再提交。")
    except services.WorkflowError as exc:
        messages.error(request, f"未提交：{exc}")
    else:
        messages.success(request, "已提交财政局审核。")
    return redirect("report", pk=report.pk)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The department takes its submission back before the bureau decides."""
    report = report_or_403(request, pk, "web.withdraw_report")
    try:
        services.withdraw(report, request.user)
    except services.WorkflowError as exc:
        messages.error(request, f"未撤回：{exc}")
    else:
        messages.success(request, "已撤回提交，可以继续修改。")
    return redirect("report", pk=report.pk)
