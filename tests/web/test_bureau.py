"""The bureau's year table (filters, last year, export, zip, not yet filed), version diffs with readable
names, and the Excel round trip of the department's form (blank template, the app's own workbook)."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jixiao.web import services
from jixiao.web.models import Department, Report, YearSetting

from .test_views import form_post


def _content(response: Any) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def bureau(district: dict[str, Any], clean: Any, seed: Any) -> dict[str, Any]:
    """甲局 clean and submitted, 乙局 with the seed's errors, 丙局 not filed; 甲局 also filed 2023."""
    services.submit(district["report_a"], district["dept_a"], district["report_a"].revision)
    report_b = district["report_b"]
    services.save_evaluation(report_b, seed, district["dept_b"], report_b.revision)
    Department.objects.create(name="丙局")
    last = services.get_or_create_report(district["a"], 2023)
    services.save_evaluation(
        last, clean("甲局", 2023).model_copy(update={"declared": seed.declared}), None, 0
    )
    YearSetting.objects.create(year=2024, ruleset="cz2020-self", deadline=datetime.date(2025, 3, 31))
    return district


def _rows(page: str) -> list[str]:
    body = page.split('id="year-table"', 1)[1].split("</tbody>", 1)[0]
    return list(body.split("<tr>")[2:])


def test_year_table_filters_and_search(client: Any, bureau: dict[str, Any]) -> None:
    client.force_login(bureau["reviewer"])
    url = reverse("year_table", args=[2024])
    everything = client.get(url).content.decode()
    assert len(_rows(everything)) == 3
    cases = {
        "q=乙": ["乙局"],
        "status=submitted": ["甲局"],
        "status=none": ["丙局"],
        "errors=yes": ["乙局"],
        "errors=no": ["甲局"],
        "min_score=99.5": ["甲局"],
        "max_score=99&q=局": ["乙局"],
        "min_score=abc": ["甲局", "乙局", "丙局"],  # not a number: no filter, no error
    }
    for query, names in cases.items():
        rows = _rows(client.get(f"{url}?{query}").content.decode())
        assert [n for n in ("甲局", "乙局", "丙局") if any(f">{n}</a>" in r for r in rows)] == names, query


def test_year_table_last_year_column_and_not_filed(client: Any, bureau: dict[str, Any]) -> None:
    client.force_login(bureau["reviewer"])
    page = client.get(reverse("year_table", args=[2024])).content.decode()
    row_a = next(r for r in _rows(page) if ">甲局</a>" in r)
    last = Report.objects.get(department=bureau["a"], year=2023).current.score
    now = Report.objects.get(department=bureau["a"], year=2024).current.score
    assert f'<td class="num">{last:f}</td>' in row_a
    assert f"{now - last:+f}" in row_a
    not_filed = page.split('id="not-filed"', 1)[1]
    assert "丙局（未填报）" in not_filed
    assert "乙局（填报中）" in not_filed
    assert "甲局" not in not_filed
    assert "2025-03-31" in not_filed


def test_year_export_is_the_filtered_table(client: Any, bureau: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    client.force_login(bureau["reviewer"])
    response = client.get(reverse("year_export", args=[2024]) + "?errors=yes")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(_content(response))).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["部门", "状态", "版本", "按规则得分"]
    assert [r[0] for r in rows[1:]] == ["乙局"]
    version = Report.objects.get(department=bureau["b"], year=2024).current
    assert Decimal(str(rows[1][3])) == version.score
    assert rows[1][rows[0].index("错误")] == version.errors


def test_year_zip_holds_every_shown_report(client: Any, bureau: dict[str, Any]) -> None:
    client.force_login(bureau["reviewer"])
    response = client.get(reverse("year_zip", args=[2024, "docx"]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(_content(response)))
    names = sorted(archive.namelist())
    assert names == ["乙局-2024年-自评报告-第1版.docx", "甲局-2024年-自评报告-第1版.docx"]
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(archive.read(names[1]))).paragraphs)
    assert "甲局" in text
    filtered = client.get(reverse("year_zip", args=[2024, "docx"]) + "?q=乙")
    assert zipfile.ZipFile(io.BytesIO(_content(filtered))).namelist() == ["乙局-2024年-自评报告-第1版.docx"]


def test_version_diff_names_fields_in_chinese(client: Any, bureau: dict[str, Any], clean: Any) -> None:
    report = bureau["report_b"]
    client.force_login(bureau["dept_b"])
    post = form_post(report.current.data, report.revision)
    Report.objects.filter(pk=report.pk).update(status=Report.DRAFT)
    from jixiao.web.models import ReportVersion

    ReportVersion.objects.filter(report=report).update(frozen=True)  # the next save opens version 2
    post["budget.total.executed"] = "303.55"
    post["ind-0-score"] = "10"
    assert client.post(reverse("report", args=[report.pk]), post).status_code == 302
    page = client.get(reverse("report_diff", args=[report.pk])).content.decode()
    table = page.split('id="diff"', 1)[1]
    assert "财政拨款（合计）·全年执行（万元）" in table
    assert "303.06" in table
    assert "303.55" in table
    assert "指标“预算执行率”·得分" in table
    assert "budget.total.executed" not in table
    same = client.get(reverse("report_diff", args=[report.pk]) + "?from=1&to=1").content.decode()
    assert "两个版本的内容相同" in same


def test_comment_field_names_are_readable(client: Any, bureau: dict[str, Any]) -> None:
    report = bureau["report_a"]
    client.force_login(bureau["reviewer"])
    client.post(
        reverse("report_comment", args=[report.pk]), {"path": "budget.total.executed", "text": "请核对"}
    )
    page = client.get(reverse("report", args=[report.pk])).content.decode()
    comments = page.split('class="card comments"', 1)[1]
    assert "财政拨款（合计）·全年执行（万元）：请核对" in comments
    assert '<option value="budget.total.executed">财政拨款（合计）·全年执行（万元）</option>' in comments


def test_blank_template_linked_from_the_upload_and_read_back(client: Any, district: dict[str, Any]) -> None:
    report = district["report_a"]
    client.force_login(district["dept_a"])
    page = client.get(reverse("report", args=[report.pk])).content.decode()
    assert reverse("blank_template") in page.split('id="upload"', 1)[1].split("</details>", 1)[0]
    response = client.get(reverse("blank_template"))
    assert response.status_code == 200
    content = _content(response)
    assert content[:2] == b"PK"
    from openpyxl import load_workbook

    assert "基本信息" in load_workbook(io.BytesIO(content)).sheetnames


def test_own_excel_download_is_accepted_back(client: Any, district: dict[str, Any], seed: Any) -> None:
    """The form's Excel (填报 Excel) downloaded, edited and uploaded again gives the same evaluation."""
    report = district["report_a"]
    services.save_evaluation(report, seed, district["dept_a"], report.revision)
    report.refresh_from_db()
    before = report.current.data
    client.force_login(district["dept_a"])
    content = _content(client.get(reverse("report_download", args=[report.pk, "input"])))
    upload = SimpleUploadedFile("甲局-2024年-填报表-第1版.xlsx", content)
    response = client.post(
        reverse("report_upload", args=[report.pk]), {"file": upload, "revision": report.revision}, follow=True
    )
    assert "已从" in response.content.decode(), response.content.decode()[:2000]
    after = Report.objects.get(pk=report.pk).current.data
    for key in ("budget", "indicators", "declared"):
        assert after[key] == before[key], key


def test_kinds_and_print_stylesheet(client: Any, district: dict[str, Any]) -> None:
    report = district["report_a"]
    services.submit(report, district["dept_a"], report.revision)
    client.force_login(district["reviewer"])
    page = client.get(reverse("report", args=[report.pk])).content.decode()
    assert "execution_rate</span>" not in page
    assert "预算执行率</span>" in page
    assert 'media="print"' in page
    version_page = client.get(reverse("report_version", args=[report.pk, 1])).content.decode()
    assert "qualitative" not in version_page
    assert "定性" in version_page


def test_rendered_table_upload_points_to_the_fillable_workbook(client: Any, district: dict[str, Any]) -> None:
    """The 绩效自评表 holds computed figures (the rule score, the corrected total), not what was filed:
    uploading it is refused with a pointer to the 填报 Excel, and nothing is replaced."""
    report = district["report_a"]
    before = report.current.data
    client.force_login(district["dept_a"])
    content = _content(client.get(reverse("report_download", args=[report.pk, "xlsx"])))
    upload = SimpleUploadedFile("绩效自评表.xlsx", content)
    page = client.post(
        reverse("report_upload", args=[report.pk]), {"file": upload, "revision": report.revision}, follow=True
    ).content.decode()
    assert "是本系统生成的《绩效自评表》" in page
    assert "填报 Excel" in page
    assert Report.objects.get(pk=report.pk).current.data == before
