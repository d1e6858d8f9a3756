"""A workflow that holds: approved versions unchangeable through every view, the admin and the ORM;
the bureau's unlock with a reason; approving with errors needs a confirmation and a note; withdrawal;
years limited to those the bureau opened."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from jixiao.web import services
from jixiao.web.models import FrozenVersionError, Report, ReportVersion, YearSetting

from .test_views import form_post


@pytest.fixture
def approved(district: dict[str, Any]) -> dict[str, Any]:
    report = district["report_a"]
    services.submit(report, district["dept_a"], report.revision)
    services.approve(report, district["reviewer"])
    report.refresh_from_db()
    district["version"] = report.current
    return district


def _frozen_unchanged(version: ReportVersion) -> None:
    stored = ReportVersion.objects.get(pk=version.pk)
    assert stored.frozen
    assert stored.data == version.data
    assert stored.score == version.score
    assert stored.errors == version.errors
    assert Report.objects.get(pk=version.report_id).status == Report.APPROVED
    assert ReportVersion.objects.filter(report_id=version.report_id).count() == 1


def test_department_cannot_change_an_approved_report_through_any_view(
    client: Any, approved: dict[str, Any]
) -> None:
    report, version = approved["report_a"], approved["version"]
    client.force_login(approved["dept_a"])
    post = form_post(version.data, report.revision)
    post["declared.total_score"] = "60"
    assert client.post(reverse("report", args=[report.pk]), post).status_code == 403
    assert client.post(reverse("report_preview", args=[report.pk]), post).status_code == 403
    upload = SimpleUploadedFile("a.yaml", b"department: x\nyear: 2024\n")
    assert client.post(reverse("report_upload", args=[report.pk]), {"file": upload}).status_code == 403
    assert client.post(reverse("report_submit", args=[report.pk]), {"revision": "9"}).status_code == 403
    assert client.post(reverse("report_withdraw", args=[report.pk])).status_code == 403
    assert client.post(reverse("report_new_row", args=[report.pk]), {"ind-count": "3"}).status_code == 403
    page = client.get(reverse("report", args=[report.pk])).content.decode()
    assert 'name="declared.total_score"' not in page  # read-only
    _frozen_unchanged(version)


def test_service_refuses_to_save_over_an_approved_report(approved: dict[str, Any], clean: Any) -> None:
    report = approved["report_a"]
    with pytest.raises(services.WorkflowError, match="解锁"):
        services.save_evaluation(report, clean("甲局"), approved["dept_a"], report.revision)
    _frozen_unchanged(approved["version"])


def test_orm_refuses_to_change_or_delete_a_frozen_version(approved: dict[str, Any]) -> None:
    version = approved["version"]
    changed = ReportVersion.objects.get(pk=version.pk)
    changed.score = 1
    with pytest.raises(FrozenVersionError):
        changed.save()
    changed.frozen = False  # unfreezing through save is refused too
    with pytest.raises(FrozenVersionError):
        changed.save()
    assert ReportVersion.objects.filter(pk=version.pk).update(errors=0, frozen=False) == 0
    # each refusal inside its own savepoint: a refused delete rolls its transaction back
    with pytest.raises(FrozenVersionError), transaction.atomic():
        ReportVersion.objects.get(pk=version.pk).delete()
    with pytest.raises(FrozenVersionError), transaction.atomic():
        ReportVersion.objects.filter(pk=version.pk).delete()
    with pytest.raises(FrozenVersionError), transaction.atomic():
        Report.objects.get(pk=version.report_id).delete()  # cascades to the frozen version
    _frozen_unchanged(version)


def test_admin_cannot_change_or_delete_a_frozen_version(client: Any, approved: dict[str, Any]) -> None:
    version, report = approved["version"], approved["report_a"]
    client.force_login(approved["admin"])
    url = reverse("admin:web_reportversion_change", args=[version.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="score"' not in page.content.decode()  # shown read-only
    posted = client.post(url, {"score": "1", "errors": "0", "frozen": "", "number": "1"})
    assert posted.status_code == 403
    assert (
        client.post(reverse("admin:web_reportversion_delete", args=[version.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert (
        client.post(reverse("admin:web_report_delete", args=[report.pk]), {"post": "yes"}).status_code == 403
    )
    bulk = client.post(
        reverse("admin:web_reportversion_changelist"),
        {"action": "delete_selected", "_selected_action": [version.pk], "post": "yes"},
    )
    assert bulk.status_code in {200, 302, 403}
    status_post = client.post(
        reverse("admin:web_report_change", args=[report.pk]), {"status": "draft", "return_reason": "x"}
    )
    assert status_post.status_code in {200, 302}
    _frozen_unchanged(version)  # status stays approved: it is read-only in the admin


def test_history_revert_of_a_frozen_version_is_refused(approved: dict[str, Any]) -> None:
    version = approved["version"]
    record = ReportVersion.history.filter(id=version.pk).order_by("history_date").first()
    with pytest.raises(FrozenVersionError):
        record.instance.save()
    _frozen_unchanged(version)


def test_unlock_needs_a_reason_and_keeps_the_approved_version(
    client: Any, approved: dict[str, Any], clean: Any
) -> None:
    report, version = approved["report_a"], approved["version"]
    client.force_login(approved["reviewer"])
    client.post(reverse("report_unlock", args=[report.pk]), {"reason": ""})
    assert Report.objects.get(pk=report.pk).status == Report.APPROVED
    client.post(reverse("report_unlock", args=[report.pk]), {"reason": "审计发现项目支出口径有误"})
    report.refresh_from_db()
    assert report.status == Report.RETURNED
    assert "审计发现项目支出口径有误" in report.return_reason
    reasons = list(report.history.values_list("history_change_reason", flat=True))
    assert any("解锁：审计发现项目支出口径有误" in (r or "") for r in reasons)
    services.save_evaluation(report, clean("甲局"), approved["dept_a"], report.revision)
    assert [v.number for v in report.versions.all()] == [2, 1]
    assert ReportVersion.objects.get(pk=version.pk).frozen
    assert ReportVersion.objects.get(pk=version.pk).data == version.data


def test_approving_with_errors_needs_confirmation_and_note(
    client: Any, district: dict[str, Any], seed: Any
) -> None:
    report = district["report_a"]
    services.save_evaluation(report, seed, district["dept_a"], report.revision)
    report.refresh_from_db()
    assert report.current.errors > 0
    Report.objects.filter(pk=report.pk).update(status=Report.SUBMITTED)  # as the bureau's folder import does
    client.force_login(district["reviewer"])
    page = client.get(reverse("report", args=[report.pk])).content.decode()
    assert 'name="confirm_errors"' in page
    assert "确认带错误通过" in page
    url = reverse("report_approve", args=[report.pk])
    plain = client.post(url, follow=True).content.decode()
    assert "未通过" in plain
    assert "确认带错误通过" in plain
    client.post(url, {"confirm_errors": "on"})  # no note
    client.post(url, {"note": "口径问题已电话核实"})  # no confirmation
    assert Report.objects.get(pk=report.pk).status == Report.SUBMITTED
    client.post(url, {"confirm_errors": "on", "note": "口径问题已电话核实，次年改正"})
    report.refresh_from_db()
    assert report.status == Report.APPROVED
    assert report.current.approval_note == "口径问题已电话核实，次年改正"
    shown = client.get(reverse("report", args=[report.pk])).content.decode()
    approval = shown.split('id="approval"', 1)[1].split("</p>", 1)[0]
    assert "口径问题已电话核实，次年改正" in approval
    assert f"含 {report.current.errors} 个错误" in approval


def test_department_withdraws_a_submission(client: Any, district: dict[str, Any]) -> None:
    report = district["report_a"]
    services.submit(report, district["dept_a"], report.revision)
    client.force_login(district["dept_a"])
    assert "撤回提交" in client.get(reverse("report", args=[report.pk])).content.decode()
    client.post(reverse("report_withdraw", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == Report.DRAFT
    assert "撤回提交" in list(report.history.values_list("history_change_reason", flat=True))
    assert client.post(reverse("report_withdraw", args=[report.pk])).status_code == 403  # nothing to withdraw


def test_reports_only_for_years_the_bureau_opened(client: Any, district: dict[str, Any]) -> None:
    client.force_login(district["dept_a"])
    for year in ("2099", "1990", "abc"):
        response = client.post(reverse("report_create"), {"year": year}, follow=True)
        assert "尚未由财政局开放" in response.content.decode()
    assert set(Report.objects.values_list("year", flat=True)) == {2024}
    YearSetting.objects.create(year=2025, ruleset="cz2020-self")
    home = client.get(reverse("home")).content.decode()
    assert '<option value="2025">' in home
    assert '<option value="2099">' not in home
    response = client.post(reverse("report_create"), {"year": "2025"})
    created = Report.objects.get(department=district["a"], year=2025)
    assert response.url == reverse("report", args=[created.pk])


def test_reviewer_lands_on_the_newest_year_with_data(client: Any, district: dict[str, Any]) -> None:
    client.force_login(district["reviewer"])
    assert client.get(reverse("home")).url == reverse("year_table", args=[2024])


def test_row_count_that_is_not_a_number_is_no_crash(client: Any, district: dict[str, Any]) -> None:
    report = district["report_a"]
    post = form_post(report.current.data, report.revision)
    client.force_login(district["dept_a"])
    for value in ("abc", "-5", "1e9", ""):
        post["ind-count"] = value
        assert client.post(reverse("report_preview", args=[report.pk]), post).status_code == 200
        assert client.post(reverse("report", args=[report.pk]), post).status_code in {302, 409, 422}
        post["revision"] = str(Report.objects.get(pk=report.pk).revision)


def test_many_indicator_rows_fit_under_the_field_limit(client: Any, district: dict[str, Any]) -> None:
    """About 120 rows hit Django's default 1,000-field limit (an English 400); 300 rows must save."""
    report = district["report_a"]
    post = form_post(report.current.data, report.revision)
    first = int(post["ind-count"])
    for n in range(first, 300):
        row = {"level": "3", "orig": "", "name": f"指标{n}", "kind": "", "target": "完成", "actual": "完成",
               "weight": "", "score": ""}  # fmt: skip
        post.update({f"ind-{n}-{key}": value for key, value in row.items()})
    post["ind-count"] = "300"
    assert len(post) > 2400
    client.force_login(district["dept_a"])
    response = client.post(reverse("report", args=[report.pk]), post)
    assert response.status_code in {302, 422}, response.status_code
    if response.status_code == 302:
        assert len(str(Report.objects.get(pk=report.pk).current.data)) > 10_000


def test_new_row_is_added_in_place(client: Any, district: dict[str, Any]) -> None:
    report = district["report_a"]
    client.force_login(district["dept_a"])
    response = client.post(
        reverse("report_new_row", args=[report.pk]), {"ind-count": "7"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert 'name="ind-7-name"' in page
    assert 'id="ind-row-7"' in page
    assert 'id="ind-count" value="8" hx-swap-oob="true"' in page
    assert "定量" in page
    assert "quantitative" in page


def test_error_pages_are_chinese(client: Any, district: dict[str, Any]) -> None:
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(district["dept_a"])
    csrf = strict.post(reverse("report", args=[district["report_a"].pk]), {"revision": "1"})
    assert csrf.status_code == 403
    assert "页面已过期" in csrf.content.decode()
    client.force_login(district["dept_a"])
    too_many = {f"f{i}": "x" for i in range(5000)}
    bad = client.post(reverse("report_preview", args=[district["report_a"].pk]), too_many)
    assert bad.status_code == 400
    assert "请求有误" in bad.content.decode()
    missing = client.get("/reports/999999/")
    assert missing.status_code == 404
    assert "未找到" in missing.content.decode()
