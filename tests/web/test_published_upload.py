"""A published report (.txt .docx .pdf …) uploaded as a report's start gets the same full check as
``jixiao check FILE``: its Document and facts reach the relation checks (TAB/FIG…), their issues are stored
and shown with their lines, a later save keeps them, and a workbook or YAML upload drops them (ADR 0023).
A partial indicator table says "无法计算（已读取的指标仅覆盖 X/100 分）" instead of a score."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jixiao.pipeline import evaluate
from jixiao.web.models import Report, SourceDocument

from .conftest import SEED_YAML
from .test_views import form_post

# made-up figures in the shapes of published reports: a table whose 合计 row is off by 5, and a rate
# stated beside its two amounts that does not follow from them
PUBLISHED = """甲局2024年度部门整体支出绩效自评报告

一、基本情况
甲局2024年全年预算数 200 万元，全年执行数 190 万元，预算执行率 95%。

二、支出情况
表1 支出明细（单位：万元）
项目 | 全年预算数 | 全年执行数
基本支出 | 120 | 115
项目支出 | 80 | 75
合计 | 200 | 195

三、绩效情况
一般公共预算支出累计完成 96250 万元，完成预算数 240800 万元的 41.9%。
"""

# only the execution-rate line and one indicator of the table were read: 30 of the rule set's 100 points
PARTIAL = """甲局2024年度项目支出绩效自评表
项目名称 | 信访维稳经费
项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
年度资金总额 | 50 | 50 | 30 | 10 | 60% | 6
一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分
产出指标 | 数量指标 | 接待来访人次 | ≥100人次 | 120人次 | 20 | 20
"""


def _upload(client: Any, report: Report, name: str, content: bytes) -> str:
    response = client.post(
        reverse("report_upload", args=[report.pk]),
        {"file": SimpleUploadedFile(name, content), "revision": report.revision},
        follow=True,
    )
    assert response.status_code == 200
    return str(response.content.decode())


def _codes(issues: list[dict[str, Any]]) -> list[str]:
    return sorted(issue["code"] for issue in issues)


def test_an_uploaded_published_report_gets_the_full_check(
    client: Any, district: dict[str, Any], tmp_path: Path
) -> None:
    report = district["report_a"]
    client.force_login(district["dept_a"])
    page = _upload(client, report, "甲局自评报告.txt", PUBLISHED.encode("utf-8"))
    assert "已从" in page
    version = Report.objects.get(pk=report.pk).current
    assert version is not None
    # the same issues as the CLI on the same file
    path = tmp_path / "甲局自评报告.txt"
    path.write_text(PUBLISHED, encoding="utf-8")
    cli = evaluate(path).issues
    assert _codes(version.issues) == sorted(issue.code for issue in cli)
    assert {"TAB001", "FIG002"} <= set(_codes(version.issues))
    assert version.errors == sum(issue.severity.value == "error" for issue in cli)
    source = SourceDocument.objects.get(report=report)
    assert source.file_name == "甲局自评报告.txt"
    assert len(source.sha256) == 64
    assert {"TAB001", "FIG002"} <= set(_codes(source.issues))  # the model alone does not give them
    # shown in the document's own section, with its lines in the document
    shown = page.split('id="source-document"', 1)[1].split("</section>", 1)[0]
    assert "[TAB001]" in shown
    assert "第 11 行" in shown
    assert "[FIG002]" in shown
    assert "第 14 行" in shown


def test_a_later_save_keeps_the_document_issues(client: Any, district: dict[str, Any]) -> None:
    report = district["report_a"]
    client.force_login(district["dept_a"])
    _upload(client, report, "甲局自评报告.txt", PUBLISHED.encode("utf-8"))
    report.refresh_from_db()
    before = report.current
    assert before is not None
    response = client.post(reverse("report", args=[report.pk]), form_post(before.data, report.revision))
    assert response.status_code == 302
    after = Report.objects.get(pk=report.pk).current
    assert after is not None
    assert "TAB001" in _codes(after.issues)
    assert after.errors == before.errors
    # the live preview counts them too
    report.refresh_from_db()
    preview = client.post(reverse("report_preview", args=[report.pk]), form_post(after.data, report.revision))
    assert f'<span id="live-errors" class="n-err">错误 {after.errors}</span>' in preview.content.decode()


def test_a_yaml_upload_replaces_the_document_and_its_issues(client: Any, district: dict[str, Any]) -> None:
    report = district["report_a"]
    client.force_login(district["dept_a"])
    _upload(client, report, "甲局自评报告.txt", PUBLISHED.encode("utf-8"))
    report.refresh_from_db()
    page = _upload(client, report, "seed.yaml", SEED_YAML.read_bytes())
    assert not SourceDocument.objects.filter(report=report).exists()
    version = Report.objects.get(pk=report.pk).current
    assert version is not None
    assert "TAB001" not in _codes(version.issues)
    assert 'id="source-document"' not in page


def test_a_partial_indicator_table_is_not_computable(client: Any, district: dict[str, Any]) -> None:
    report = district["report_a"]
    client.force_login(district["dept_a"])
    page = _upload(client, report, "甲局摘录.txt", PARTIAL.encode("utf-8"))
    version = Report.objects.get(pk=report.pk).current
    assert version is not None
    assert version.score is None
    assert version.grade == ""
    assert "SCO014" in _codes(version.issues)
    live = page.split('id="live-score"', 1)[1].split("</b>", 1)[0]
    assert "无法计算（已读取的指标仅覆盖 30/100 分）" in live


def test_a_folder_import_checks_published_reports_in_full(district: dict[str, Any], tmp_path: Path) -> None:
    from jixiao.web.importing import import_folder

    name = "某市某区人力资源和社会保障局"
    (tmp_path / "report.txt").write_text(
        f"绩效自评表\n资金使用单位 | {name} |\n{PUBLISHED}", encoding="utf-8"
    )
    summary = import_folder(tmp_path, year=2024)
    assert summary.imported == ["report.txt"], summary.failed
    version = Report.objects.get(department__name=name, year=2024).current
    assert version is not None
    assert {"TAB001", "FIG002"} <= set(_codes(version.issues))
    assert SourceDocument.objects.get(report__department__name=name).file_name == "report.txt"
