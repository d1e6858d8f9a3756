"""End to end in Debian's Chromium (Playwright, headless): a department fixes an issue and submits,
a reviewer approves. Screenshots go to test-artifacts/web/."""

from __future__ import annotations

from typing import Any

import pytest

from jixiao.web.forms import slot_id
from jixiao.web.models import Report

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-for-tests")  # conftest.PASSWORD
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_department_fixes_issue_submits_and_reviewer_approves(
    live_server: Any, district: dict[str, Any], page: Any
) -> None:
    report = district["report_a"]
    base = live_server.url
    _login(page, base, "dept_a")
    page.goto(f"{base}/reports/{report.pk}/")
    total_slot = f"#{slot_id('budget.total.executed')}"

    page.fill("input[name='budget.basic.executed']", "70")  # total 100 ≠ basic 70 + project 40
    page.wait_for_selector(f"{total_slot} .issue[data-code=BUD001]", timeout=15000)
    assert "合计" in page.inner_text(total_slot)
    assert page.inner_text("#live-errors") != "错误 0"
    page.screenshot(path=str(ARTIFACTS / "1-issue-beside-field.png"), full_page=True)

    page.fill("input[name='budget.basic.executed']", "60")
    page.wait_for_selector(f"{total_slot} .issue[data-code=BUD001]", state="detached", timeout=15000)
    page.fill("textarea[name='narrative.summary']", "全年目标全部完成。")
    page.click("#save")
    page.wait_for_selector("text=已保存")
    assert Report.objects.get(pk=report.pk).current.data["narrative"]["summary"] == "全年目标全部完成。"

    page.click("#submit-report")
    page.wait_for_selector("text=已提交财政局审核")
    assert page.inner_text("#report-status") == "已提交待审"
    page.screenshot(path=str(ARTIFACTS / "2-submitted.png"), full_page=True)

    page.click("text=退出")
    _login(page, base, "reviewer")
    page.goto(f"{base}/years/2024/")
    page.click(f"a[href='/reports/{report.pk}/']")
    page.click("#approve-report")
    page.wait_for_selector("text=版本已冻结")
    assert page.inner_text("#report-status") == "已通过"
    assert Report.objects.get(pk=report.pk).status == Report.APPROVED
    page.screenshot(path=str(ARTIFACTS / "3-approved.png"), full_page=True)

    page.goto(f"{base}/years/2024/dashboard/")
    page.wait_for_selector("#chart-score canvas", timeout=15000)
    page.screenshot(path=str(ARTIFACTS / "4-dashboard.png"), full_page=True)
