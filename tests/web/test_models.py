"""Versions, optimistic concurrency, atomic saves, freezing and the audit trail."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from jixiao.model import Evaluation
from jixiao.web import services
from jixiao.web.models import Report, ReportVersion


def _with_score(evaluation: Evaluation, score: str) -> Evaluation:
    return evaluation.model_copy(
        update={"declared": evaluation.declared.model_copy(update={"total_score": Decimal(score)})}
    )


def test_save_stores_json_and_core_summary(district: dict[str, Any]) -> None:
    version = district["report_a"].current
    assert version.number == 1
    assert version.data["department"] == "甲局"
    assert version.data["budget"]["total"]["executed"] == "100"
    assert version.score == Decimal("100.00")  # the core's computed total
    assert version.execution_rate == Decimal("100.00")
    assert version.errors == 0


def test_seed_summary_comes_from_the_core(district: dict[str, Any], seed: Evaluation) -> None:
    report = district["report_a"]
    services.save_evaluation(report, seed, district["dept_a"], report.revision)
    version = report.current
    assert version.declared_score == Decimal("99.00")
    assert version.score == Decimal("94.98")  # `jixiao score` on the seed
    assert version.execution_rate == Decimal("99.84")
    assert version.data["department"] == "甲局"  # the report's department wins over the file's


def test_second_saver_is_refused(district: dict[str, Any], clean: Any) -> None:
    report = district["report_a"]
    start = report.revision
    services.save_evaluation(report, _with_score(clean("甲局"), "95"), district["dept_a"], start)
    with pytest.raises(services.ConflictError):
        services.save_evaluation(report, _with_score(clean("甲局"), "80"), district["dept_a"], start)
    assert report.current.data["declared"]["total_score"] == "95"
    assert Report.objects.get(pk=report.pk).revision == start + 1


def test_crash_mid_save_keeps_previous_version(
    district: dict[str, Any], clean: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = district["report_a"]
    before = report.current.data
    revision = report.revision

    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(ReportVersion, "save", crash)
    with pytest.raises(RuntimeError):
        services.save_evaluation(report, _with_score(clean("甲局"), "50"), district["dept_a"], revision)
    monkeypatch.undo()
    report = Report.objects.get(pk=report.pk)
    assert report.revision == revision  # the revision bump was rolled back too
    assert report.current.data == before


def test_approved_version_is_frozen_and_edit_after_unlock_opens_new_version(
    district: dict[str, Any], clean: Any
) -> None:
    report = district["report_a"]
    services.submit(report, district["dept_a"], report.revision)
    services.approve(report, district["reviewer"])
    report.refresh_from_db()
    assert report.status == Report.APPROVED
    approved = report.current
    assert approved.frozen
    assert approved.approved_by == district["reviewer"]
    with pytest.raises(services.WorkflowError, match="解锁"):
        services.save_evaluation(
            report, _with_score(clean("甲局"), "90"), district["dept_a"], report.revision
        )
    services.unlock(report, district["reviewer"], "补充偏差原因")
    report.refresh_from_db()
    services.save_evaluation(report, _with_score(clean("甲局"), "90"), district["dept_a"], report.revision)
    report.refresh_from_db()
    assert report.status == Report.RETURNED
    assert [v.number for v in report.versions.all()] == [2, 1]
    old = ReportVersion.objects.get(pk=approved.pk)
    assert old.data["declared"]["total_score"] == "100"  # untouched
    assert report.current.data["declared"]["total_score"] == "90"


def test_submit_refused_while_errors_remain(district: dict[str, Any], seed: Evaluation) -> None:
    report = district["report_a"]
    services.save_evaluation(report, seed, district["dept_a"], report.revision)
    report.refresh_from_db()
    assert report.current.errors > 0, "the seed report has known errors"
    with pytest.raises(services.WorkflowError, match="错误"):
        services.submit(report, district["dept_a"], report.revision)
    assert Report.objects.get(pk=report.pk).status == Report.DRAFT


def test_audit_trail_names_who_did_what(district: dict[str, Any]) -> None:
    report = district["report_a"]
    services.submit(report, district["dept_a"], report.revision)
    services.return_report(report, district["reviewer"], "请补充偏差原因")
    report.refresh_from_db()
    services.submit(report, district["dept_a"], report.revision)
    services.approve(report, district["reviewer"])
    reasons = list(report.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons[-4:] == ["提交审核", "退回：请补充偏差原因", "提交审核", "审核通过"]
    assert Report.objects.get(pk=report.pk).return_reason == ""
    users = list(report.history.order_by("history_date").values_list("history_user__username", flat=True))
    assert users[-4:] == ["dept_a", "reviewer", "dept_a", "reviewer"]


def test_return_needs_a_reason(district: dict[str, Any]) -> None:
    report = district["report_a"]
    services.submit(report, district["dept_a"], report.revision)
    with pytest.raises(services.WorkflowError):
        services.return_report(report, district["reviewer"], "  ")


def test_rescore_year_follows_a_changed_ruleset_and_spares_approved_versions(
    district: dict[str, Any],
) -> None:
    from jixiao.web import services
    from jixiao.web.models import YearSetting

    report_a, report_b = district["report_a"], district["report_b"]
    services.submit(report_b, district["dept_b"], report_b.revision)
    services.approve(report_b, district["reviewer"])
    before_b = report_b.versions.get()
    YearSetting.objects.create(year=2024, ruleset="cz2013-dept")
    assert services.rescore_year(2024, district["reviewer"]) == 1
    version_a = report_a.versions.order_by("-number").first()
    assert version_a.ruleset == "cz2013-dept"
    assert any(issue["code"] == "IND003" for issue in version_a.issues)  # 10/50/30/10 is not 53号's split
    after_b = report_b.versions.get()
    assert (after_b.ruleset, after_b.score, after_b.issues) == (
        before_b.ruleset,
        before_b.score,
        before_b.issues,
    )
    assert version_a.history.first().history_change_reason == "按规则集 cz2013-dept 重新计算"


def test_changing_the_years_ruleset_in_the_admin_rescores(client: Any, district: dict[str, Any]) -> None:
    from django.urls import reverse

    from jixiao.web.models import YearSetting

    client.force_login(district["admin"])
    response = client.post(reverse("admin:web_yearsetting_add"), {"year": 2024, "ruleset": "cz2013-dept"})
    assert response.status_code == 302
    assert YearSetting.objects.get(year=2024).ruleset == "cz2013-dept"
    assert district["report_a"].versions.order_by("-number").first().ruleset == "cz2013-dept"
