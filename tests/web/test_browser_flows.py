"""Browser flows in Debian's Chromium (Playwright, headless), screenshots in test-artifacts/web/:
the department adds and removes indicator rows in place and goes round trip through the Excel
workbook; the reviewer filters the year table, exports it, reads a version diff and approves a report
with errors after confirming with a note."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jixiao.web import services
from jixiao.web.models import Report

from .conftest import ARTIFACTS
from .test_browser import _login

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def _names(report: Report) -> list[str]:
    def walk(nodes: list[dict[str, Any]]) -> list[str]:
        return [n for node in nodes for n in [node["name"], *walk(node.get("children") or [])]]

    return walk(Report.objects.get(pk=report.pk).current.data["indicators"])


def test_department_adds_and_removes_rows_and_round_trips_excel(
    live_server: Any,
    district: dict[str, Any],
    page: Any,
    tmp_path: Path,
) -> None:
    report = district["report_a"]
    base = live_server.url
    page.set_viewport_size({"width": 1400, "height": 900})
    _login(page, base, "dept_a")
    page.goto(f"{base}/reports/{report.pk}/")
    before = int(page.input_value("#ind-count"))

    # add two rows in place (htmx), fill the first, remove the second
    page.click("#add-row")
    page.wait_for_selector(f"#ind-row-{before}")
    page.click("#add-row")
    page.wait_for_selector(f"#ind-row-{before + 1}")
    assert page.input_value("#ind-count") == str(before + 2)
    page.fill(f"input[name='ind-{before}-name']", "宣传资料发放份数")
    page.select_option(f"select[name='ind-{before}-kind']", "quantitative")
    page.fill(f"input[name='ind-{before}-target']", "≥1000份")
    page.fill(f"input[name='ind-{before}-actual']", "1200份")
    page.fill(f"input[name='ind-{before + 1}-name']", "待删除的指标")
    # the live panel sits beside the form: it never covers the field being edited
    field = page.locator(f"input[name='ind-{before}-actual']").bounding_box()
    panel = page.locator("#live").bounding_box()
    assert field["x"] + field["width"] <= panel["x"] or panel["y"] + panel["height"] <= field["y"]
    _shot(page, "5-rows-added.png")
    page.click(f"#ind-row-{before + 1} .row-remove")  # the confirmation is accepted by the fixture
    page.wait_for_selector(f"#ind-row-{before + 1}", state="detached")
    page.click("#save")
    page.wait_for_selector("text=已保存")
    names = _names(report)
    assert "宣传资料发放份数" in names
    assert "待删除的指标" not in names
    _shot(page, "6-rows-saved.png")

    # an existing row removed in place is gone after saving
    removed = page.input_value("input[name='ind-2-name']")  # 完成率, a level-3 indicator
    page.click("#ind-row-2 .row-remove")
    page.click("#save")
    page.wait_for_selector("text=已保存")
    assert removed not in _names(report)

    # round trip: download the form's Excel, upload it back (after confirming it replaces the draft)
    saved = Report.objects.get(pk=report.pk).current.data
    with page.expect_download() as download:
        page.click("text=填报 Excel")
    workbook = tmp_path / "填报表.xlsx"
    download.value.save_as(workbook)
    page.click("#upload summary")
    with page.expect_download() as blank:
        page.click("#blank-template")
    assert blank.value.suggested_filename == "自评填报模板.xlsx"
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    page.set_input_files("input[name=file]", str(workbook))
    page.click("#upload-submit")
    page.wait_for_selector("text=已从")
    assert any("替换当前填写的内容" in message for message in dialogs)
    after = Report.objects.get(pk=report.pk).current.data
    for key in ("budget", "indicators", "declared"):
        assert after[key] == saved[key], key
    _shot(page, "7-excel-round-trip.png")


def test_reviewer_filters_exports_diffs_and_approves_with_errors(
    live_server: Any,
    district: dict[str, Any],
    page: Any,
    seed: Any,
    tmp_path: Path,
) -> None:
    report = district["report_b"]
    services.save_evaluation(report, seed, district["dept_b"], report.revision)
    Report.objects.filter(pk=report.pk).update(status=Report.SUBMITTED)
    services.approve(report, district["reviewer"], "首版按原样通过", confirmed=True)
    services.unlock(report, district["reviewer"], "预算执行数需按决算更正")
    report.refresh_from_db()
    changed = seed.model_copy(deep=True)
    changed.budget.total.executed = changed.budget.total.adjusted  # the department corrects one figure
    services.save_evaluation(report, changed, district["dept_b"], report.revision)
    Report.objects.filter(pk=report.pk).update(status=Report.SUBMITTED)

    base = live_server.url
    _login(page, base, "reviewer")
    page.goto(f"{base}/years/2024/")
    page.select_option("select[name=status]", "submitted")
    page.click("#apply-filters")
    page.wait_for_url("**status=submitted**")
    rows = page.locator("#year-table tbody tr")
    assert rows.count() == 1
    assert "乙局" in rows.first.inner_text()
    _shot(page, "8-year-table-filtered.png")
    with page.expect_download() as export:
        page.click("#export-xlsx")
    path = tmp_path / "export.xlsx"
    export.value.save_as(path)
    from openpyxl import load_workbook

    sheet = load_workbook(path).worksheets[0]
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == ["乙局"]

    page.goto(f"{base}/reports/{report.pk}/diff/")
    diff = page.inner_text("#diff")
    assert "财政拨款（合计）·全年执行（万元）" in diff
    assert "303.06" in diff
    assert "303.55" in diff
    _shot(page, "9-version-diff.png")

    page.goto(f"{base}/reports/{report.pk}/")
    page.click("#approve-report")  # the browser asks for the confirmation box first
    assert page.evaluate("document.querySelector('#confirm-errors').validity.valueMissing")
    page.check("#confirm-errors")
    page.fill("#approval-note-input", "执行数已按决算更正，其余错误次年改正")
    page.click("#approve-report")
    page.wait_for_selector("text=版本已冻结")
    assert page.inner_text("#report-status") == "已通过"
    assert "执行数已按决算更正，其余错误次年改正" in page.inner_text("#approval")
    report.refresh_from_db()
    assert report.status == Report.APPROVED
    assert report.current.number == 2
    assert report.current.approval_note == "执行数已按决算更正，其余错误次年改正"
    _shot(page, "10-approved-with-note.png")
