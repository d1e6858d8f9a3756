"""Every view and download × every role: the server enforces who may read and write what."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from jixiao.web import services

ROLES = ["anonymous", "dept_a", "dept_b", "reviewer", "admin"]
OWNER = {"dept_a", "admin"}  # admin is a superuser: it may do anything
READERS = {"dept_a", "reviewer", "admin"}
REVIEWERS = {"reviewer", "admin"}


# (name, method, url for report A, status report A must be in, POST data, roles allowed)
def _a(name: str, *extra: Any) -> Any:
    return lambda d: reverse(name, args=[d["report_a"].pk, *extra])


VIEWS: list[tuple[str, str, Any, str, dict[str, str], set[str]]] = [
    ("report", "GET", _a("report"), "draft", {}, READERS),
    ("save", "POST", _a("report"), "draft",
     {"revision": "1", "declared.total_score": "100"}, OWNER),
    ("preview", "POST", _a("report_preview"), "draft",
     {"declared.total_score": "100"}, OWNER),
    ("upload", "POST", _a("report_upload"), "draft", {}, OWNER),
    ("submit", "POST", _a("report_submit"), "draft",
     {"revision": "1"}, OWNER),
    ("return", "POST", _a("report_return"), "submitted",
     {"reason": "请补充"}, REVIEWERS),
    ("approve", "POST", _a("report_approve"), "submitted", {}, REVIEWERS),
    ("comment", "POST", _a("report_comment"), "draft",
     {"path": "budget.total.executed", "text": "请核对"}, READERS),
    ("history", "GET", _a("report_history"), "draft", {}, READERS),
    ("version", "GET", _a("report_version", 1), "draft", {}, READERS),
    ("download-docx", "GET", _a("report_download", "docx"), "draft", {},
     READERS),
    ("download-xlsx", "GET", _a("report_download", "xlsx"), "draft", {},
     READERS),
    ("download-pdf", "GET", _a("report_download", "pdf"), "draft", {},
     READERS),
    ("year-table", "GET", lambda d: reverse("year_table", args=[2024]), "draft", {}, REVIEWERS),
    ("year-dashboard", "GET", lambda d: reverse("year_dashboard", args=[2024]), "draft", {}, REVIEWERS),
    ("trend", "GET", lambda d: reverse("department_trend", args=[d["a"].pk]), "draft", {}, READERS),
    ("create", "POST", lambda d: reverse("report_create"), "draft", {"year": "2025"}, {"dept_a", "dept_b"}),
    ("withdraw", "POST", _a("report_withdraw"), "submitted", {}, OWNER),
    ("unlock", "POST", _a("report_unlock"), "approved", {"reason": "补充材料"}, REVIEWERS),
    ("new-row", "POST", _a("report_new_row"), "draft", {"ind-count": "4"}, OWNER),
    ("diff", "GET", _a("report_diff"), "draft", {}, READERS),
    ("download-input", "GET", _a("report_download", "input"), "draft", {}, READERS),
    ("year-export", "GET", lambda d: reverse("year_export", args=[2024]), "draft", {}, REVIEWERS),
    ("year-zip", "GET", lambda d: reverse("year_zip", args=[2024, "docx"]), "draft", {}, REVIEWERS),
    ("blank-template", "GET", lambda d: reverse("blank_template"), "draft", {}, set(ROLES) - {"anonymous"}),
    ("password", "GET", lambda d: reverse("password_change"), "draft", {}, set(ROLES) - {"anonymous"}),
]  # fmt: skip

CASES = [pytest.param(view, role, id=f"{view[0]}-{role}") for view in VIEWS for role in ROLES]


def _request(client: Any, method: str, url: str, data: dict[str, str]) -> Any:
    return client.get(url) if method == "GET" else client.post(url, data)


@pytest.mark.parametrize(("view", "role"), CASES)
def test_role_view_matrix(client: Any, district: dict[str, Any], view: tuple[Any, ...], role: str,
                          monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    name, method, url_of, status, data, allowed = view
    if name.startswith(("download", "year-zip")):  # permission is what is tested here, not the renderer
        monkeypatch.setattr("jixiao.render.render_result", lambda result, to, output, template=None: [
            output.write_bytes(b"rendered")])  # fmt: skip
    report = district["report_a"]
    if status in {"submitted", "approved"}:
        services.submit(report, district["dept_a"], report.revision)
    if status == "approved":
        services.approve(report, district["reviewer"])
    if role != "anonymous":
        client.force_login(district[role])
    response = _request(client, method, url_of(district), data)
    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    elif role in allowed:
        assert response.status_code not in {401, 403, 404}, response.content[:300]
    else:
        assert response.status_code == 403, f"{role} reached {name}: {response.status_code}"


def test_other_department_cannot_write_by_url_guessing(client: Any, district: dict[str, Any]) -> None:
    client.force_login(district["dept_b"])
    before = district["report_a"].current.data
    for url_name in ("report", "report_submit", "report_comment", "report_upload", "report_preview"):
        response = client.post(
            reverse(url_name, args=[district["report_a"].pk]), {"revision": "1", "text": "x"}
        )
        assert response.status_code == 403
    assert district["report_a"].current.data == before
    assert not district["report_a"].comments.exists()


def test_department_sees_only_its_own_reports_on_home(client: Any, district: dict[str, Any]) -> None:
    client.force_login(district["dept_b"])
    page = client.get(reverse("home")).content.decode()
    assert reverse("report", args=[district["report_b"].pk]) in page
    assert reverse("report", args=[district["report_a"].pk]) not in page
    assert "甲局" not in page


def test_reviewer_cannot_edit_department_data(client: Any, district: dict[str, Any]) -> None:
    client.force_login(district["reviewer"])
    response = client.post(reverse("report", args=[district["report_a"].pk]), {"revision": "1"})
    assert response.status_code == 403


def test_submitted_report_is_locked_for_its_department(client: Any, district: dict[str, Any]) -> None:
    report = district["report_a"]
    services.submit(report, district["dept_a"], report.revision)
    client.force_login(district["dept_a"])
    response = client.post(reverse("report", args=[report.pk]), {"revision": "2"})
    assert response.status_code == 403


def test_admin_site_only_for_staff(client: Any, district: dict[str, Any]) -> None:
    client.force_login(district["reviewer"])
    assert client.get("/admin/").status_code == 302
    client.force_login(district["admin"])
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/web/yearsetting/add/").status_code == 200
