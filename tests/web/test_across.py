"""Across years in the web app: next year's report from this one (button), a department's years in one
chart, the bureau's reliability ranking with three years and the year's overclaims, library suggestions."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.urls import reverse

from jixiao.model import Budget, Line, YearRecord


def chart(page: str) -> Any:
    return json.loads(page.split('id="chart-data" type="application/json">', 1)[1].split("</script>", 1)[0])


def test_next_year_button_starts_the_following_year(client: Any, district: dict[str, Any]) -> None:
    from jixiao.web.models import Report

    client.force_login(district["dept_a"])
    page = client.get(reverse("report", args=[district["report_a"].pk])).content.decode()
    assert "生成 2025 年度自评" in page
    assert 'list="library-indicators"' not in page  # set by the script, on the inputs
    assert '<datalist id="library-indicators">' in page
    response = client.post(reverse("report_next_year", args=[district["report_a"].pk]))
    following = Report.objects.get(department=district["a"], year=2025)
    assert response.status_code == 302
    assert response.url == reverse("report", args=[following.pk])
    data = following.current.data
    assert data["year"] == 2025
    assert data["history"][0]["year"] == 2024
    leaf = data["indicators"][1]["children"][0]
    assert leaf["prior"]["score"] == "90"
    assert "score" not in leaf
    assert data["budget"]["total"].get("executed") is None
    # a second click never overwrites what was begun
    client.post(reverse("report_next_year", args=[district["report_a"].pk]))
    assert Report.objects.get(pk=following.pk).versions.count() == 1


def test_only_the_own_department_may_start_next_year(client: Any, district: dict[str, Any]) -> None:
    client.force_login(district["dept_b"])
    assert client.post(reverse("report_next_year", args=[district["report_a"].pk])).status_code == 403
    client.force_login(district["reviewer"])
    assert client.post(reverse("report_next_year", args=[district["report_a"].pk])).status_code == 403
    assert client.get(reverse("report_next_year", args=[district["report_a"].pk])).status_code == 405


def _three_years(district: dict[str, Any], clean: Any) -> None:
    """甲局 steady (99, 104, 97 % of the original budget), 乙局 erratic (130, 88, 112 %)."""
    from jixiao.web import services

    for name, dept, user, outturns in (
        ("甲局", district["a"], district["dept_a"], ("99", "104", "97")),
        ("乙局", district["b"], district["dept_b"], ("130", "88", "112")),
    ):
        evaluation = clean(name, 2024)
        evaluation.budget = Budget(
            total=Line(initial=Decimal(100), adjusted=Decimal(outturns[0]), executed=Decimal(outturns[0]))
        )
        evaluation.history = [
            YearRecord(
                year=2023, budget=Budget(total=Line(initial=Decimal(100), executed=Decimal(outturns[1])))
            ),
            YearRecord(
                year=2022, budget=Budget(total=Line(initial=Decimal(100), executed=Decimal(outturns[2])))
            ),
        ]
        report = services.get_or_create_report(dept, 2024)
        services.save_evaluation(report, evaluation, user, report.revision)


def test_reliability_ranks_departments_with_three_years(
    client: Any, district: dict[str, Any], clean: Any
) -> None:
    _three_years(district, clean)
    client.force_login(district["reviewer"])
    page = client.get(reverse("year_reliability", args=[2024])).content.decode()
    body = page.split('id="reliability-table"', 1)[1].split("</table>", 1)[0]
    assert body.index("甲局") < body.index("乙局")
    assert '<td class="grade g-A">A</td>' in body
    assert '<td class="grade g-C">C</td>' in body
    data = chart(page)
    assert data["years"] == ["2022", "2023", "2024"]
    assert data["series"][0] == {"name": "甲局", "values": [97.0, 104.0, 99.0]}


def test_overclaims_and_department_years(client: Any, district: dict[str, Any], seed: Any) -> None:
    from jixiao.web import services

    report = services.get_or_create_report(district["a"], 2024)
    services.save_evaluation(report, seed, district["dept_a"], report.revision)
    client.force_login(district["reviewer"])
    page = client.get(reverse("year_reliability", args=[2024])).content.decode()
    overclaims = page.split('id="overclaimed-table"', 1)[1]
    assert "甲局" in overclaims
    assert "4.02" in overclaims  # 99 declared, 94.98 by the rules
    client.force_login(district["dept_a"])
    years = client.get(reverse("department_years", args=[district["a"].pk])).content.decode()
    data = chart(years)
    assert data["years"] == ["2024"]
    assert data["outturn"] == [131.47]
    assert data["adjustment"] == [31.68]
    assert "未评" in years.split('id="grades"', 1)[1]


def test_across_pages_are_guarded(client: Any, district: dict[str, Any]) -> None:
    client.force_login(district["dept_a"])
    assert client.get(reverse("year_reliability", args=[2024])).status_code == 403
    assert client.get(reverse("department_years", args=[district["b"].pk])).status_code == 403


def test_a_name_from_the_library_keeps_its_id(district: dict[str, Any], clean: Any) -> None:
    from jixiao.model import Indicator
    from jixiao.web import services

    evaluation = clean("甲局", 2024)
    evaluation.indicators[1].children.append(
        Indicator(name="群众参评率", target="≥90%", actual="95%", weight=Decimal(0), score=Decimal(0))
    )
    report = district["report_a"]
    version = services.save_evaluation(report, evaluation, district["dept_a"], report.revision)
    children = version.data["indicators"][1]["children"]
    assert children[1]["library_id"] == "xinfang.evaluation-participation-rate"
    assert "library_id" not in children[0]  # 完成率: no entry of that name


def test_next_years_form_shows_last_years_actual(client: Any, district: dict[str, Any], seed: Any) -> None:
    from jixiao.web import services
    from jixiao.web.models import Report

    report = services.get_or_create_report(district["a"], 2024)
    services.save_evaluation(report, seed, district["dept_a"], report.revision)
    client.force_login(district["dept_a"])
    client.post(reverse("report_next_year", args=[report.pk]))
    following = Report.objects.get(department=district["a"], year=2025)
    page = client.get(reverse("report", args=[following.pk])).content.decode()
    assert '<small class="prior"' in page
    assert "上年：716批1550余人次，得分 10" in page
    assert "上年：99.41%，得分 10" in page


def test_comparison_page_pairs_this_year_with_last(client: Any, district: dict[str, Any], clean: Any) -> None:
    from jixiao.web import services

    # 2025 typed anew (not from jixiao next): compared with the 2024 report of the same department
    evaluation = clean("甲局", 2025)
    evaluation.budget.total.executed = Decimal(110)
    evaluation.budget.total.adjusted = Decimal(110)
    evaluation.budget.basic.executed = evaluation.budget.basic.adjusted = Decimal(70)
    report = services.get_or_create_report(district["a"], 2025)
    services.save_evaluation(report, evaluation, district["dept_a"], report.revision)
    client.force_login(district["dept_a"])
    page = client.get(reverse("report_compare", args=[report.pk])).content.decode()
    assert "与2024年度相比" in page
    budget = page.split('id="compare-budget"', 1)[1]
    assert "<td>部门预算合计</td>" in budget
    assert "10.00（10.00%）" in budget
    assert "完成率" in page.split('id="compare-indicators"', 1)[1]
    client.force_login(district["dept_b"])
    assert client.get(reverse("report_compare", args=[report.pk])).status_code == 403
    client.force_login(district["reviewer"])
    alone = client.get(reverse("report_compare", args=[district["report_b"].pk])).content.decode()
    assert "没有上年数据可比" in alone
