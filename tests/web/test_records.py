"""Records in the web app: a department uploads its 信访 register to a report; bound indicators show
"由台账计算" with k/n; a changed register re-computes; the bureau sees measures, never rows; and no name
or ID number from the register reaches the database (any table, any column, the kept blob included),
the log or a page."""

from __future__ import annotations

import contextlib
import io
import logging
import zipfile
import zlib
from datetime import date
from typing import Any

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from jixiao.model import Computed, Indicator
from jixiao.records.values import text_key
from jixiao.web import services
from jixiao.web.forms import layout
from jixiao.web.models import RecordsUpload, Report

NAMES = ("王小明", "李秀英", "赵建国")
IDS = ("999999199001011234", "99999919851212567X", "999999200002029876")
PHONE = "19912345678"
SECRETS = (*NAMES, *IDS, PHONE)
HEADER = [
    "编号",
    "信访人姓名",
    "身份证号码",
    "联系电话",
    "渠道",
    "登记日期",
    "是否受理",
    "受理日期",
    "办结日期",
    "评价",
]
D = date
# hand-computed: 参评 3 of 4 concluded in 2024 (A4 未评价); 满意 2 of 3 (A3 不满意)
ROWS = [
    ["A1", NAMES[0], IDS[0], PHONE, "来信", D(2024, 3, 1), "是", D(2024, 3, 5), D(2024, 4, 1), "满意"],
    ["A2", NAMES[1], IDS[1], PHONE, "网上", D(2024, 4, 1), "是", D(2024, 4, 3), D(2024, 5, 1), "基本满意"],
    ["A3", NAMES[2], IDS[2], PHONE, "来访", D(2024, 5, 2), "是", D(2024, 5, 3), D(2024, 6, 1), "不满意"],
    ["A4", NAMES[0], IDS[0], PHONE, "电话", D(2024, 6, 1), "是", D(2024, 6, 2), D(2024, 6, 20), "未评价"],
    # a row whose columns slipped: a name as the case number and as the evaluation, an ID number as a date
    [NAMES[2], NAMES[1], IDS[1], PHONE, "来信", IDS[2], "是", D(2024, 7, 1), D(2024, 7, 9), NAMES[0]],
]  # fmt: skip


def register_xlsx(rows: list[list[Any]] = ROWS) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("登记簿")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADER)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(r, c, value, day)  # type: ignore[arg-type]
            else:
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def register_csv(rows: list[list[Any]]) -> bytes:
    lines = [",".join(HEADER)] + [",".join(str(value) for value in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def bound(evaluation: Any) -> Any:
    """The clean evaluation with its satisfaction indicator computed from the register."""
    satisfaction = Indicator(
        name="群众满意度", target="≥90%", actual="66.67%", weight=10, score=0,
        computed=Computed(source="信访台账", formula="满意率"),
    )  # fmt: skip
    indicators = [
        *evaluation.indicators,
        Indicator(name="满意度指标", weight=10, score=0, children=[satisfaction]),
    ]
    return evaluation.model_copy(update={"indicators": indicators})


@pytest.fixture
def bound_report(district: dict[str, Any], clean: Any) -> Report:
    report = district["report_a"]
    services.save_evaluation(report, bound(clean("甲局")), district["dept_a"], report.revision)
    report.refresh_from_db()
    return report


def upload(client: Any, report: Report, data: bytes, name: str = "台账.xlsx") -> Any:
    report.refresh_from_db()
    return client.post(
        reverse("report_records_upload", args=[report.pk]),
        {
            "file": SimpleUploadedFile(name, data),
            "name": "信访台账",
            "kind": "xinfang",
            "revision": report.revision,
        },
    )


def figure(report: Report, path: str = "indicators.满意度指标.群众满意度") -> dict[str, Any]:
    report.refresh_from_db()
    return next(f for f in report.current.records["figures"] if f["path"] == path)


def test_an_uploaded_register_computes_the_bound_indicator(
    client: Any, district: dict[str, Any], bound_report: Report
) -> None:
    assert "没有名为“信访台账”的台账" in figure(bound_report)["error"]  # nothing uploaded: said, not invented
    client.force_login(district["dept_a"])
    response = upload(client, bound_report, register_xlsx())
    assert response.status_code == 302
    found = figure(bound_report)
    assert (found["k"], found["n"]) == ("2", 3)
    page = client.get(reverse("report", args=[bound_report.pk])).content.decode()
    assert "由台账计算：2/3 = 66.67%" in page
    records_page = client.get(reverse("report_records", args=[bound_report.pk])).content.decode()
    assert 'id="chart-records"' in records_page  # the monthly chart
    assert "含个人信息的列未读取：信访人姓名、身份证号码、联系电话" in records_page
    assert "第 6 行" in records_page  # the department sees where its register needs fixing (not what)
    upload_row = RecordsUpload.objects.get(report=bound_report)
    assert (upload_row.rows, upload_row.file_name) == (5, "台账.xlsx")
    assert upload_row.monthly["measures"]["满意率"][3] == {"k": "1", "n": 1, "value": "100"}  # April: A1


def test_a_changed_register_recomputes_and_a_form_save_keeps_the_figure(
    client: Any, district: dict[str, Any], bound_report: Report
) -> None:
    client.force_login(district["dept_a"])
    upload(client, bound_report, register_csv(ROWS[:4]), "台账.csv")
    assert (figure(bound_report)["k"], figure(bound_report)["n"]) == ("2", 3)
    changed = [row[:] for row in ROWS[:4]]
    changed[2][9] = "满意"  # A3 now satisfied: 3/3
    upload(client, bound_report, register_csv(changed), "台账.csv")
    assert (figure(bound_report)["k"], figure(bound_report)["n"]) == ("3", 3)
    assert RecordsUpload.objects.filter(report=bound_report).count() == 1  # replaced, not added
    bound_report.refresh_from_db()
    post = {"revision": str(bound_report.revision), **layout(bound_report.current.data).fields()}
    post["declared.total_score"] = "99"  # an ordinary save of the form computes with the upload again
    assert client.post(reverse("report", args=[bound_report.pk]), post).status_code == 302
    assert (figure(bound_report)["k"], figure(bound_report)["n"]) == ("3", 3)
    assert bound_report.current.data["declared"]["total_score"] == "99"


def test_the_bureau_sees_measures_never_rows(
    client: Any, district: dict[str, Any], bound_report: Report
) -> None:
    client.force_login(district["dept_a"])
    upload(client, bound_report, register_xlsx())
    client.force_login(district["reviewer"])
    page = client.get(reverse("report_records", args=[bound_report.pk])).content.decode()
    assert "2/3" in page
    assert "第 6 行" not in page  # no row of the register, not even where a problem is
    assert 'id="records-upload"' not in page
    assert upload(client, bound_report, register_xlsx()).status_code == 403
    client.force_login(district["dept_b"])
    assert client.get(reverse("report_records", args=[bound_report.pk])).status_code == 403


def test_binding_an_indicator_on_the_records_page(client: Any, district: dict[str, Any], clean: Any) -> None:
    report = district["report_a"]
    client.force_login(district["dept_a"])
    post = {
        "target": "indicators.产出指标.完成率",
        "source": "信访台账",
        "formula": "参评率",
        "revision": report.revision,
    }
    assert client.post(reverse("report_records_bind", args=[report.pk]), post).status_code == 302
    report.refresh_from_db()
    node = report.current.data["indicators"][1]["children"][0]
    assert node["computed"] == {"source": "信访台账", "formula": "参评率"}
    assert [(s["name"], s["kind"]) for s in report.current.data["records"]] == [("信访台账", "xinfang")]
    upload(client, report, register_csv(ROWS[:4]), "台账.csv")
    assert (
        figure(report, "indicators.产出指标.完成率")["k"],
        figure(report, "indicators.产出指标.完成率")["n"],
    ) == ("3", 4)
    post = {**post, "formula": "", "revision": Report.objects.get(pk=report.pk).revision}
    client.post(reverse("report_records_bind", args=[report.pk]), post)
    report.refresh_from_db()
    assert "computed" not in report.current.data["indicators"][1]["children"][0]


def test_uploads_are_bounded_and_checked(
    client: Any, district: dict[str, Any], bound_report: Report, settings: Any
) -> None:
    client.force_login(district["dept_a"])
    response = upload(client, bound_report, b"%PDF-1.4", "台账.pdf")
    assert "应为 .xlsx 或 .csv" in _messages(client, bound_report)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 5_000_000)
    upload(client, bound_report, bomb.getvalue())
    assert "压缩炸弹" in _messages(client, bound_report)
    settings.UPLOAD_MAX_BYTES = 1000
    upload(client, bound_report, register_xlsx())
    assert "台账文件过大" in _messages(client, bound_report)
    assert response.status_code == 302
    assert not RecordsUpload.objects.filter(report=bound_report).exists()


def _messages(client: Any, report: Report) -> str:
    return client.get(reverse("report_records", args=[report.pk])).content.decode()


def database_text() -> str:
    """Every value of every table, as text; a kept table blob inflated."""
    parts: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, memoryview | bytes):
                        raw = bytes(value)
                        with contextlib.suppress(zlib.error):
                            raw = zlib.decompress(raw)
                        parts.append(raw.decode("utf-8", errors="replace"))
                    else:
                        parts.append(str(value))
    return "\n".join(parts)


def test_no_name_or_id_number_reaches_the_database_the_log_or_a_page(
    client: Any, district: dict[str, Any], bound_report: Report, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client.force_login(district["dept_a"])
    upload(client, bound_report, register_xlsx())
    upload(client, bound_report, register_csv(ROWS), "台账.csv")
    pages = [
        client.get(reverse(name, args=[bound_report.pk])).content.decode()
        for name in ("report", "report_records", "report_history")
    ]
    client.force_login(district["reviewer"])
    pages.append(client.get(reverse("report_records", args=[bound_report.pk])).content.decode())
    stored = database_text()
    assert "信访人姓名" in stored  # the dump does read the kept table (its header list)
    assert (figure(bound_report)["k"], figure(bound_report)["n"]) == ("2", 3)
    for secret in SECRETS:
        for where, text in (("database", stored), ("log", caplog.text), *(("page", page) for page in pages)):
            assert secret not in text, (secret, where)
        assert f"{text_key(secret):x}" not in stored  # not even the key of a name typed in a read column
