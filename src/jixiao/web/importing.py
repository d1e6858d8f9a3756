"""Import a folder of reports (YAML, workbooks, published documents) as the year's submissions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from jixiao.inputs.kinds import DOCUMENT, STRUCTURED, WORKBOOK
from jixiao.intake import load
from jixiao.model import Evaluation
from jixiao.web import services
from jixiao.web.models import Department, Report

SUPPORTED = STRUCTURED | WORKBOOK | DOCUMENT


@dataclass
class ImportSummary:
    imported: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # file, Chinese reason

    def text(self) -> str:
        lines = [f"导入 {len(self.imported)} 份，失败 {len(self.failed)} 份。"]
        lines += [f"  失败：{name}：{reason}" for name, reason in self.failed]
        return "\n".join(lines)


def store(
    evaluation: Evaluation,
    user: Any = None,
    *,
    status: str = Report.SUBMITTED,
    source: services.Published | None = None,
) -> Report:
    """Store one evaluation as its department's report for its year; ``source``: the published report it
    was read from (checked with its Document and facts, as ``jixiao check`` does).

    An approved report is not replaced (``WorkflowError``): the bureau unlocks it first."""
    department, _ = Department.objects.get_or_create(name=evaluation.department)
    with transaction.atomic():
        report = services.get_or_create_report(department, evaluation.year)
        if report.status == Report.APPROVED:
            raise services.WorkflowError(f"{department.name} {evaluation.year}年的自评已审核通过，未覆盖")
        if report.status == Report.SUBMITTED:
            Report.objects.filter(pk=report.pk).update(status=Report.DRAFT)
            report.refresh_from_db()
        services.save_evaluation(
            report, evaluation, user, report.revision, source=source, replaces_source=source is None
        )
        report.refresh_from_db()
        if status != report.status:
            report.status = status
            report._change_reason = "批量导入"  # type: ignore[attr-defined]
            report.save()
    return report


def import_folder(folder: Path, user: Any = None, *, year: int | None = None) -> ImportSummary:
    """Every supported file under ``folder`` (sorted): load or extract it and store it."""
    summary = ImportSummary()
    if not folder.is_dir():
        summary.failed.append((str(folder), "不是文件夹"))
        return summary
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED):
        source = services.read_published(path, path.name) if path.suffix.lower() in DOCUMENT else None
        evaluation, issues = (source.evaluation, source.issues) if source else load(path)
        if evaluation is None:
            summary.failed.append((path.name, issues[0].message if issues else "无法读取"))
            continue
        if year is not None:
            evaluation = evaluation.model_copy(update={"year": year})
        if evaluation.year is None:
            summary.failed.append((path.name, "文件中未能识别年度，请在导入时指定年度"))
            continue
        if not evaluation.department.strip():
            summary.failed.append((path.name, "文件中未能识别部门（单位）名称"))
            continue
        try:
            store(evaluation, user, source=source)
        except services.WorkflowError as exc:
            summary.failed.append((path.name, str(exc)))
            continue
        summary.imported.append(path.name)
    return summary
