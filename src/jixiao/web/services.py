"""The app's one bridge to the core: build, evaluate and store evaluations; move reports through review.

Nothing here scores or checks: ``jixiao.inputs.structured.normalise.build_evaluation`` turns form data into an
Evaluation (its input mistakes come back as Issues), ``jixiao.pipeline.evaluate_model`` scores and checks.
A published report uploaded as a report's start is read by ``jixiao.intake.read_report`` and checked with
its Document and facts, as ``jixiao check FILE`` does (ADR 0023): what only the document gives is kept in
``SourceDocument`` and shown beside every later save's own issues.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jixiao.inputs.structured.normalise import build_evaluation
from jixiao.intake import read_report
from jixiao.issues import Issue, Severity, count_by_severity, sort_issues
from jixiao.library import attach_ids
from jixiao.model import Evaluation
from jixiao.numbers import round_half_up
from jixiao.pipeline import Result, evaluate_model
from jixiao.records.table import Table
from jixiao.rules import DEFAULT_RULESET, load_ruleset
from jixiao.web.models import Department, Report, ReportVersion, SourceDocument, YearSetting
from jixiao.web.records import tables_for

if TYPE_CHECKING:
    from jixiao.inputs.document import Document
    from jixiao.inputs.facts import Fact


class ConflictError(Exception):
    """Someone saved the report since this user loaded it (optimistic concurrency)."""

    def __init__(self, current_revision: int) -> None:
        super().__init__("该报告已被他人修改")
        self.current_revision = current_revision


class WorkflowError(Exception):
    """A status change that is not allowed now (message in Chinese)."""


@dataclass
class Checked:
    """The outcome of evaluating some data: the Evaluation (when valid), the Result, all issues."""

    evaluation: Evaluation | None
    result: Result | None
    issues: list[Issue] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return count_by_severity(self.issues)

    @property
    def has_errors(self) -> bool:
        return any(issue.severity == Severity.ERROR for issue in self.issues)


def ruleset_for(year: int, evaluation: Evaluation | None = None) -> str:
    """The bureau's rule set for the year, else the one the evaluation names, else the national default."""
    setting = YearSetting.objects.filter(year=year).first()
    if setting:
        return setting.ruleset
    return (evaluation.ruleset if evaluation else None) or DEFAULT_RULESET


def check_evaluation(
    evaluation: Evaluation,
    ruleset_id: str,
    tables: Mapping[str, Table] | None = None,
    *,
    source: Published | None = None,
) -> Checked:
    """Score and check; ``tables`` are the report's uploaded records tables, by source name; ``source``
    the published report the evaluation was read from (its Document and facts feed the relation checks,
    its intake issues come first, as in ``jixiao check FILE``)."""
    rules, rule_issues = load_ruleset(ruleset_id)
    if rules is None:
        return Checked(evaluation, None, rule_issues)
    if source is None:
        result = evaluate_model(evaluation, rules, tables=tables)
        return Checked(evaluation, result, rule_issues + result.issues)
    result = evaluate_model(
        evaluation, rules, source.file_name, tables=tables, document=source.document, facts=source.facts
    )
    return Checked(evaluation, result, rule_issues + sort_issues(source.issues + result.issues))


@dataclass
class Published:
    """A published report (.docx .pdf .txt .html …) as the intake read it: what ``jixiao check FILE`` reads
    (the Evaluation, the intake's issues, the Document and every number of it as a fact)."""

    file_name: str
    sha256: str
    evaluation: Evaluation | None
    issues: list[Issue]
    document: Document | None = None
    facts: Sequence[Fact] = ()


def read_published(path: Path, file_name: str) -> Published:
    """Read an uploaded published report as the CLI does (``intake.read_report``, facts included)."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    report = read_report(path)
    issues = [issue.model_copy(update={"file": file_name}) for issue in report.issues]
    return Published(file_name, digest, report.evaluation, issues, report.document, report.facts)


def _key(issue: Issue) -> tuple[str, str, str | None, str]:
    return issue.code, issue.severity.value, issue.path, issue.message


def document_only(full: list[Issue], model: list[Issue]) -> list[Issue]:
    """The issues of the full check (with the document) that the stored data alone does not give."""
    left = Counter(_key(issue) for issue in model)
    only = []
    for issue in full:
        if left[_key(issue)]:
            left[_key(issue)] -= 1
        else:
            only.append(issue)
    return only


def source_issues(report: Report) -> list[Issue]:
    """The stored issues of the published report the report was started from (none when there is none)."""
    source = SourceDocument.objects.filter(report=report).only("issues").first()
    return [Issue.model_validate(item) for item in source.issues] if source else []


def with_source(checked: Checked, extra: list[Issue]) -> Checked:
    """``checked`` with the source document's issues beside its own."""
    if not extra:
        return checked
    return Checked(checked.evaluation, checked.result, sort_issues(checked.issues + extra))


def build(data: dict[str, Any]) -> tuple[Evaluation | None, list[Issue]]:
    """Plain data (form, stored JSON) → validated Evaluation, or the input mistakes as Issues."""
    return build_evaluation(data, {}, file=None, fmt="web")


def check_data(data: dict[str, Any], ruleset_id: str, tables: Mapping[str, Table] | None = None) -> Checked:
    """Plain data (form, stored JSON) → validated Evaluation → scored and checked."""
    evaluation, issues = build(data)
    if evaluation is None:
        return Checked(None, None, issues)
    return check_evaluation(evaluation, ruleset_id, tables)


def _two(value: Decimal | None) -> Decimal | None:
    return None if value is None else round_half_up(value, 2)


def summary(checked: Checked) -> dict[str, Any]:
    """The year-table columns of a version, all taken from the core's result."""
    counts = checked.counts
    card = checked.result.scorecard if checked.result else None
    figures = checked.result.figures() if checked.result else None
    declared = checked.evaluation.declared.total_score if checked.evaluation else None
    return {
        "score": _two(card.total) if card else None,
        "declared_score": _two(declared),
        "grade": (card.grade or "") if card else "",
        "execution_rate": _two(figures.execution_rate) if figures else None,
        "errors": counts["error"],
        "warnings": counts["warning"],
        "infos": counts["info"],
        "issues": [issue.model_dump(mode="json") for issue in checked.issues],
        "records": checked.result.records.model_dump(mode="json")
        if checked.result and checked.result.records
        else {},
    }


def score_note(issues: Sequence[Issue]) -> str:
    """Why a version has no rule total: the indicators read cover only part of the rule set's points
    (``无法计算（已读取的指标仅覆盖 10/100 分）``, as ``Scorecard.partial_note`` and the CLI say); empty
    otherwise. Read from the stored SCO014 issue, so that a stored version says it without its scorecard."""
    for issue in issues:
        if issue.code == "SCO014" and issue.found and issue.expected:
            return f"无法计算（已读取的指标仅覆盖 {issue.found.removesuffix(' 分')}/{issue.expected}）"
    return ""


def evaluation_json(evaluation: Evaluation) -> dict[str, Any]:
    return evaluation.model_dump(mode="json", exclude_none=True)


def get_or_create_report(department: Department, year: int) -> Report:
    report, _ = Report.objects.get_or_create(department=department, year=year)
    return report


def save_evaluation(
    report: Report,
    evaluation: Evaluation,
    user: Any,
    revision: int,
    *,
    source: Published | None = None,
    replaces_source: bool = False,
) -> ReportVersion:
    """Store a new state of the report's data, refusing when ``revision`` is stale.

    The core scores and checks the evaluation first, outside any transaction (on SQLite a write
    transaction locks the whole database, so it must hold the lock only for the writes); then
    ``_store`` bumps the revision and writes the version and the summary in one transaction: all
    land or none does. An approved report is refused (the bureau unlocks it first); after an unlock the
    frozen version is kept and the edit opens a new version.

    ``source``: the evaluation was read from this published report; it is checked with its Document and
    facts as ``jixiao check FILE`` does, and what only the document gives is kept (``SourceDocument``)
    for the later saves. ``replaces_source``: the data now comes from elsewhere (a workbook, a YAML), so
    a kept document no longer applies. Otherwise a kept document's issues stand beside this save's.
    """
    evaluation = evaluation.model_copy(update={"department": report.department.name, "year": report.year})
    evaluation = attach_ids(evaluation)  # a name picked from the library's suggestions is that indicator
    ruleset_id = ruleset_for(report.year, evaluation)
    tables = tables_for(report)  # uploaded records, by name
    checked = check_evaluation(evaluation, ruleset_id, tables)
    if source is not None:
        full = check_evaluation(evaluation, ruleset_id, tables, source=source)
        kept: list[Issue] | None = document_only(full.issues, checked.issues)
    else:
        kept = None if replaces_source else source_issues(report)
    values = {
        "data": evaluation_json(evaluation),
        "ruleset": ruleset_id,
        **summary(with_source(checked, kept or [])),
    }
    return _store(report, values, user, revision, source=source, kept=kept, replaces_source=replaces_source)


def rescore_year(year: int, user: Any = None) -> int:
    """Score and check again every open (not approved) current version of ``year`` under the year's rule
    set, e.g. after the bureau changed it; returns how many versions were updated.

    Approved versions are frozen: their scores stay those they were approved with. The stored data is
    not changed, only the rule set and the summary columns, each update in its own transaction.
    """
    updated = 0
    for report in Report.objects.filter(year=year).select_related("department"):
        version = report.versions.order_by("-number").first()
        if version is None or version.frozen:
            continue
        ruleset_id = ruleset_for(year)
        checked = with_source(check_data(version.data, ruleset_id, tables_for(report)), source_issues(report))
        with transaction.atomic():
            for key, value in {"ruleset": ruleset_id, **summary(checked)}.items():
                setattr(version, key, value)
            _audit(version, user, f"按规则集 {ruleset_id} 重新计算")
            version.save()
        updated += 1
    return updated


@transaction.atomic
def _store(
    report: Report,
    values: dict[str, Any],
    user: Any,
    revision: int,
    *,
    source: Published | None = None,
    kept: list[Issue] | None = None,
    replaces_source: bool = False,
) -> ReportVersion:
    """The writes of a save, in one transaction: revision bump, version, summary, audit, and the
    published report it was read from (``source``, its document-only issues ``kept``)."""
    bumped = Report.objects.filter(pk=report.pk, revision=revision).update(revision=F("revision") + 1)
    if not bumped:
        current = Report.objects.filter(pk=report.pk).values_list("revision", flat=True).first() or 0
        raise ConflictError(current)
    report.refresh_from_db()
    if report.status == Report.SUBMITTED:
        raise WorkflowError("报告已提交待审，审核期间不能修改")
    if report.status == Report.APPROVED:
        raise WorkflowError("报告已审核通过并冻结：如需修改，请联系财政局解锁")
    # the stored JSON is about to be replaced: not read (values sets both deferred fields, so the save
    # and its history row still write every column)
    current = report.versions.defer("data", "issues").order_by("-number").first()
    if current is None or current.frozen:
        version = ReportVersion(
            report=report, number=(current.number + 1) if current else 1, created_by=user, **values
        )
    else:
        version = current
        for key, value in values.items():
            setattr(version, key, value)
    _audit(version, user, "保存")
    version.save()
    _audit(report, user, "保存")
    report.save()
    if source is not None:
        SourceDocument.objects.update_or_create(
            report=report,
            defaults={
                "file_name": source.file_name,
                "sha256": source.sha256,
                "issues": [issue.model_dump(mode="json") for issue in kept or []],
                "uploaded_by": user if getattr(user, "pk", None) else None,
            },
        )
    elif replaces_source:
        SourceDocument.objects.filter(report=report).delete()
    return version


def _transition(
    report: Report, user: Any, revision: int | None, to: str, reason: str, **fields: Any
) -> Report:
    """Move ``report`` to status ``to``, recording who and why in its history."""
    if revision is not None:
        bumped = Report.objects.filter(pk=report.pk, revision=revision).update(revision=F("revision") + 1)
        if not bumped:
            raise ConflictError(Report.objects.get(pk=report.pk).revision)
        report.refresh_from_db()
    else:
        report.revision += 1
    for key, value in fields.items():
        setattr(report, key, value)
    report.status = to
    _audit(report, user, reason)
    report.save()
    return report


def _audit(instance: Any, user: Any, reason: str) -> None:
    """Who and why, for django-simple-history (requests set the user too; commands and tests do not)."""
    instance._change_reason = reason
    if user is not None and getattr(user, "is_authenticated", False):
        instance._history_user = user


@transaction.atomic
def submit(report: Report, user: Any, revision: int) -> Report:
    """Submit for review: only when the current version has no error left."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    version = report.current
    if version is None:
        raise WorkflowError("尚未填报，不能提交")
    if report.status not in {Report.DRAFT, Report.RETURNED}:
        raise WorkflowError("当前状态不能提交")
    if version.errors:
        raise WorkflowError(f"还有 {version.errors} 个错误，请先改正再提交")
    return _transition(report, user, revision, Report.SUBMITTED, "提交审核", return_reason="")


@transaction.atomic
def return_report(report: Report, user: Any, reason: str) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.SUBMITTED:
        raise WorkflowError("只有待审的报告可以退回")
    if not reason.strip():
        raise WorkflowError("请填写退回原因")
    reason = reason.strip()
    return _transition(report, user, None, Report.RETURNED, f"退回：{reason[:80]}", return_reason=reason)


@transaction.atomic
def approve(report: Report, user: Any, note: str = "", *, confirmed: bool = False) -> Report:
    """Approve: the current version is frozen; reopening it needs the bureau's unlock.

    A version with errors is approved only when the reviewer confirms it and writes a note, which is
    kept on the version and shown beside the approval.
    """
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.SUBMITTED:
        raise WorkflowError("只有待审的报告可以通过")
    version = report.current
    if version is None:
        raise WorkflowError("报告没有内容")
    note = note.strip()
    if version.errors and not (confirmed and note):
        raise WorkflowError(
            f"该版本还有 {version.errors} 个错误：如确需通过，请勾选“确认带错误通过”并填写说明"
        )
    version.frozen = True
    version.approved_by = user
    version.approved_at = timezone.now()
    version.approval_note = note
    _audit(
        version,
        user,
        "审核通过，版本冻结" + (f"（带 {version.errors} 个错误：{note[:60]}）" if version.errors else ""),
    )
    version.save()
    return _transition(report, user, None, Report.APPROVED, "审核通过")


@transaction.atomic
def unlock(report: Report, user: Any, reason: str) -> Report:
    """The bureau reopens an approved report for changes, with a recorded reason.

    The approved version stays frozen and readable; the department's next save opens a new version."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.APPROVED:
        raise WorkflowError("只有已通过的报告需要解锁")
    reason = reason.strip()
    if not reason:
        raise WorkflowError("请填写解锁原因")
    return _transition(
        report, user, None, Report.RETURNED, f"解锁：{reason[:80]}", return_reason=f"财政局解锁：{reason}"
    )


@transaction.atomic
def withdraw(report: Report, user: Any) -> Report:
    """The department takes back a submission the bureau has not decided on yet."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.SUBMITTED:
        raise WorkflowError("只有待审的报告可以撤回")
    return _transition(report, user, None, Report.DRAFT, "撤回提交")


def opened_years() -> list[int]:
    """The years the bureau opened (newest first): departments create reports only for these."""
    return list(YearSetting.objects.order_by("-year").values_list("year", flat=True))


def create_report(department: Department, year: int) -> Report:
    """The department's report for an opened year (an existing one is returned as it is)."""
    existing = Report.objects.filter(department=department, year=year).first()
    if existing is not None:
        return existing
    if not YearSetting.objects.filter(year=year).exists():
        raise WorkflowError(f"{year}年度尚未由财政局开放填报")
    return get_or_create_report(department, year)
