"""Query counts of the year table and the save path do not grow with the number of departments (no N+1)."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jixiao.web import services, stamp, year_data
from jixiao.web.models import Department, Report, ReportVersion, YearSetting
from jixiao.web.views import year

from .test_views import form_post


def _add_departments(count: int, clean: Any, user: Any, start: int = 0) -> None:
    """``count`` more departments with a 2024 report; every other one edited after approval (2 versions)."""
    for i in range(start, start + count):
        department = Department.objects.create(name=f"测试局{i:03d}")
        report = services.get_or_create_report(department, 2024)
        services.save_evaluation(report, clean(department.name), user, 0)
        if i % 2:
            ReportVersion.objects.filter(report=report).update(frozen=True)
            report.refresh_from_db()
            services.save_evaluation(report, clean(department.name), user, report.revision)


def forget() -> None:
    """Nothing kept in this process: the next year page is built from scratch."""
    stamp.forget()
    year_data.forget()
    year._PAGES.clear()


def _queries(client: Any, method: str, url: str, data: Any = None) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
    return len(captured.captured_queries), response


# Built (the data changed since the page was last built in this process): session, user with account
# and department, the data stamp, reports and versions (this year and the year before), departments, year
# settings, years with reports (+1 slack; the newest year for the navigation comes from the cache).
YEAR_TABLE_QUERIES = 8
# Kept (nothing changed): session, user, the data stamp.
YEAR_TABLE_KEPT_QUERIES = 3


def test_year_table_queries_do_not_grow_with_departments(
    client: Any, district: dict[str, Any], clean: Any
) -> None:
    client.force_login(district["reviewer"])
    url = reverse("year_table", args=[2024])
    client.get(url)  # the newest year (navigation) is then in the process cache, as in steady use
    forget()
    few, response = _queries(client, "get", url)
    assert response.status_code == 200
    few_kept = _queries(client, "get", url)[0]
    _add_departments(12, clean, district["reviewer"])
    many, response = _queries(client, "get", url)  # the data stamp moved: built again
    page = response.content.decode()
    assert "测试局011" in page
    assert page.count("<tr>") == 14 + 1
    assert many == few, f"{few} queries for 2 departments, {many} for 14: N+1 on the year table"
    assert many <= YEAR_TABLE_QUERIES
    many_kept, response = _queries(client, "get", url)
    assert _body(response.content.decode()) == _body(page)
    assert few_kept == many_kept == YEAR_TABLE_KEPT_QUERIES
    for sort in ("score", "rate", "errors"):
        assert _queries(client, "get", f"{url}?sort={sort}")[0] == YEAR_TABLE_KEPT_QUERIES


def _body(page: str) -> str:
    return page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


DASHBOARD_KEPT_QUERIES = 3  # session, user, the data stamp


def test_dashboard_queries_do_not_grow_with_departments(
    client: Any, district: dict[str, Any], clean: Any
) -> None:
    client.force_login(district["reviewer"])
    url = reverse("year_dashboard", args=[2024])
    client.get(url)
    forget()
    few = _queries(client, "get", url)[0]
    _add_departments(12, clean, district["reviewer"])
    many, response = _queries(client, "get", url)
    assert json.dumps("测试局011") in response.content.decode()  # the chart's data, as JSON
    assert many == few, f"{few} queries for 2 departments, {many} for 14: N+1 on the dashboard"
    assert _queries(client, "get", url)[0] == DASHBOARD_KEPT_QUERIES


def _row(client: Any, department: Any) -> str:
    page = client.get(reverse("year_table", args=[2024])).content.decode()
    link = f'href="{reverse("department_trend", args=[department.pk])}"'
    return page.split(link, 1)[1].split("</tr>")[0] if link in page else ""


def test_year_table_kept_until_anything_it_shows_changes(
    client: Any, district: dict[str, Any], clean: Any
) -> None:
    """Every way the shown data changes moves the stamp: a save, the workflow, a rescore, a renamed or new
    department, a deadline."""
    client.force_login(district["reviewer"])
    a, report = district["a"], district["report_a"]
    assert "填报中" in _row(client, a)
    services.submit(report, district["dept_a"], report.revision)
    assert "已提交待审" in _row(client, a)
    services.return_report(report, district["reviewer"], "请补充")
    assert "已退回" in _row(client, a)
    report.refresh_from_db()
    lower = clean(a.name)
    lower.declared.total_score = Decimal(80)
    services.save_evaluation(report, lower, district["dept_a"], report.revision)
    assert '<td class="num differs">80.00</td>' in _row(client, a)
    ReportVersion.objects.filter(report=report).update(score=Decimal("1.00"))  # no history row: not seen
    services.rescore_year(2024)  # a rescore is: the computed score again
    assert '<td class="num">100.00</td>' in _row(client, a)
    a.name = "甲局（更名）"
    a.save()
    assert "甲局（更名）" in _row(client, a)
    Department.objects.bulk_create([Department(name="丙局")])  # no history row, one department more
    assert "丙局" in client.get(reverse("year_table", args=[2024])).content.decode()
    YearSetting.objects.create(year=2024, deadline=datetime.date(2025, 3, 31))
    assert "2025-03-31" in client.get(reverse("year_table", args=[2024])).content.decode()


def test_year_table_escapes_department_names(client: Any, district: dict[str, Any], clean: Any) -> None:
    Department.objects.create(name="<script>alert(1)</script>局")
    client.force_login(district["reviewer"])
    page = client.get(reverse("year_table", args=[2024])).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;局" in page


def test_year_table_links_and_summary(client: Any, district: dict[str, Any]) -> None:
    report = district["report_a"]
    services.submit(report, district["dept_a"], report.revision)
    client.force_login(district["reviewer"])
    page = client.get(reverse("year_table", args=[2024])).content.decode()
    row = page.split(f'href="{reverse("department_trend", args=[district["a"].pk])}"', 1)[1].split("</tr>")[0]
    assert "已提交待审" in row
    assert f'href="{reverse("report", args=[report.pk])}">审核</a>' in row
    assert '<td class="num">100.00</td>' in row
    assert "100.00%" in row


SAVE_QUERIES = 20  # request (session, user, account, report, version) + the save's transaction


@pytest.mark.parametrize("frozen", [False, True], ids=["open-version", "frozen-version"])
def test_save_queries_do_not_grow_with_departments(
    client: Any, district: dict[str, Any], clean: Any, frozen: bool
) -> None:
    report = district["report_a"]
    client.force_login(district["dept_a"])
    url = reverse("report", args=[report.pk])

    def save() -> int:
        current = Report.objects.get(pk=report.pk)
        if frozen:
            ReportVersion.objects.filter(report=current).update(frozen=True)
        count, response = _queries(client, "post", url, form_post(current.current.data, current.revision))
        assert response.status_code == 302
        return count

    few = save()
    _add_departments(12, clean, district["reviewer"], start=100)
    many = save()
    assert many == few, f"{few} queries with 2 departments, {many} with 14: the save path grew"
    assert many <= SAVE_QUERIES
    version = Report.objects.get(pk=report.pk).current
    assert version.history.order_by("-history_date").first().data == version.data  # history row is whole


def test_kept_pages_are_built_again_after_max_age(
    client: Any, district: dict[str, Any], monkeypatch: Any
) -> None:
    """Nothing is kept longer than MAX_AGE, whatever the stamp (a change committed out of id order)."""
    clock = [1000.0]
    monkeypatch.setattr(stamp.time, "monotonic", lambda: clock[0])
    client.force_login(district["reviewer"])
    url = reverse("year_table", args=[2024])
    client.get(url)  # built at 1000
    clock[0] += stamp.MAX_AGE - 1
    assert _queries(client, "get", url)[0] == YEAR_TABLE_KEPT_QUERIES
    clock[0] += 2
    assert _queries(client, "get", url)[0] > YEAR_TABLE_KEPT_QUERIES


# After one report changed: session, user, the data stamp, the reports and versions whose history moved
# (2), those reports and their versions (2), year settings, years with reports; not every department.
YEAR_TABLE_UPDATED_QUERIES = 9


def test_year_table_reads_only_the_reports_that_changed(
    client: Any, district: dict[str, Any], clean: Any
) -> None:
    _add_departments(12, clean, district["reviewer"])
    client.force_login(district["reviewer"])
    url = reverse("year_table", args=[2024])
    before = _body(client.get(url).content.decode())
    report = Report.objects.get(pk=district["report_b"].pk)
    services.submit(report, district["dept_b"], report.revision)
    count, response = _queries(client, "get", url)
    after = _body(response.content.decode())
    assert count == YEAR_TABLE_UPDATED_QUERIES
    changed = [row for row in after.split("</tr>") if row not in before.split("</tr>")]
    assert len(changed) == 1
    assert "乙局" in changed[0]
    assert "已提交待审" in changed[0]
    assert after == _body(client.get(url).content.decode())  # kept again
    forget()
    assert _body(client.get(url).content.decode()) == after  # as a full build gives it


def test_year_table_after_a_report_is_deleted(client: Any, district: dict[str, Any]) -> None:
    client.force_login(district["reviewer"])
    assert "填报中" in _row(client, district["b"])
    Report.objects.filter(pk=district["report_b"].pk).delete()
    row = _row(client, district["b"])
    assert "未填报" in row
    assert "查看" not in row
