"""Browser flow (Debian Chromium, headless): the department binds an indicator to 满意率 on the records
page, uploads its 信访 register and sees "由台账计算" with k/n in the form and the monthly chart; the
bureau's reviewer sees the measures and the chart, and no upload form. Screenshots in test-artifacts/web/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jixiao.web import services

from .conftest import ARTIFACTS
from .test_browser import _login
from .test_records import SECRETS, bound, register_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_department_uploads_its_register_and_the_bureau_sees_the_measures(
    live_server: Any, district: dict[str, Any], page: Any, clean: Any, tmp_path: Path
) -> None:
    report = district["report_a"]
    services.save_evaluation(report, bound(clean("甲局")), district["dept_a"], report.revision)
    base = live_server.url
    _login(page, base, "dept_a")
    page.goto(f"{base}/reports/{report.pk}/")
    page.click("#records-link")
    page.wait_for_selector("#records-upload")

    # bind a second indicator to a standard measure, then upload the register
    page.select_option("#bind-target", "indicators.产出指标.完成率")
    page.fill("#bind-formula", "参评率")
    page.click("#bind-submit")
    page.wait_for_selector("text=已保存计算方式")
    register = tmp_path / "信访登记簿.xlsx"
    register.write_bytes(register_xlsx())
    page.set_input_files("#records-file", str(register))
    page.click("#records-upload-submit")
    page.wait_for_selector("text=已读取台账")
    page.wait_for_selector("#chart-records canvas")
    figures = page.inner_text("#records-figures")
    assert "2/3" in figures  # 满意率: 满意 + 基本满意 over those who evaluated
    assert "3/5" in figures  # 参评率 (the slipped row was concluded in 2024 and not evaluated)
    text = page.content()
    assert not [secret for secret in SECRETS if secret in text]
    page.screenshot(path=str(ARTIFACTS / "records-1-department.png"), full_page=True)

    page.click("text=返回自评")
    page.wait_for_selector("text=由台账计算：2/3 = 66.67%")
    page.screenshot(path=str(ARTIFACTS / "records-2-form.png"), full_page=True)

    # the bureau: measures and months, no upload form, no row
    page.click("button:has-text('退出')")
    _login(page, base, "reviewer")
    page.goto(f"{base}/reports/{report.pk}/records/")
    page.wait_for_selector("#chart-records canvas")
    assert "2/3" in page.inner_text("#records-figures")
    assert page.locator("#records-upload").count() == 0
    assert "第 6 行" not in page.content()
    page.screenshot(path=str(ARTIFACTS / "records-3-bureau.png"), full_page=True)
