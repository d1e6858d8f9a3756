"""Accounts and the production start: the first admin without demo data, password rules, forced and
self-service password change, the login lockout, sessions, security headers, bulk account import."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from jixiao.web.models import Account, Department, Report

from .conftest import PASSWORD, make_user

GOOD = "Qiche-lanshan-2025"


def test_init_creates_first_admin_without_demo(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from jixiao.cli import app

    monkeypatch.setattr("jixiao.web.serve.prepare", lambda demo: [])  # the test database is migrated
    result = CliRunner().invoke(app, ["init", "--admin", "chief"], input=f"{GOOD}\n{GOOD}\n")
    assert result.exit_code == 0, result.output
    user = get_user_model().objects.get(username="chief")
    assert user.is_superuser
    assert user.check_password(GOOD)
    assert user.account.role == Account.REVIEWER
    assert get_user_model().objects.count() == 1  # no demo accounts
    assert not Department.objects.exists()
    assert not Report.objects.exists()
    again = CliRunner().invoke(app, ["init", "--admin", "other"], input=f"{GOOD}\n{GOOD}\n")
    assert again.exit_code == 2
    assert "已有管理员" in again.output


@pytest.mark.parametrize(
    ("password", "reason"),
    [("short1", "太短"), ("1234567890123", "数字"), ("password1234", "常见")],
)
def test_init_refuses_weak_passwords(
    db: Any, monkeypatch: pytest.MonkeyPatch, password: str, reason: str
) -> None:
    from jixiao.cli import app

    monkeypatch.setattr("jixiao.web.serve.prepare", lambda demo: [])
    result = CliRunner().invoke(app, ["init"], input=f"{password}\n{password}\n")
    assert result.exit_code == 2
    assert reason in result.output
    assert not get_user_model().objects.exists()


def test_demo_refused_beyond_loopback_and_hosts_required() -> None:
    from jixiao.web.serve import StartError, configure_hosts

    with pytest.raises(StartError, match=r"127\.0\.0\.1"):
        configure_hosts("0.0.0.0", True, [])
    with pytest.raises(StartError, match="--allowed-hosts"):
        configure_hosts("0.0.0.0", False, [])
    with pytest.raises(StartError, match=r"不能是 \*"):
        configure_hosts("0.0.0.0", False, ["*"])
    configure_hosts("0.0.0.0", False, ["jixiao.czj.example.cn"])
    from django.conf import settings

    assert "jixiao.czj.example.cn" in settings.ALLOWED_HOSTS
    assert "*" not in settings.ALLOWED_HOSTS
    settings.ALLOWED_HOSTS.remove("jixiao.czj.example.cn")


def test_forced_change_at_first_login_then_self_service(client: Any, db: Any) -> None:
    department = Department.objects.create(name="甲局")
    user = make_user("newbie", Account.DEPARTMENT, department)
    Account.objects.filter(user=user).update(must_change_password=True)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("password_change")
    page = client.get(reverse("password_change")).content.decode()
    assert "首次登录" in page
    assert "至少需要 10 个字符" in page
    short = {"old_password": PASSWORD, "new_password1": "abc", "new_password2": "abc"}
    weak = client.post(reverse("password_change"), short)
    assert weak.status_code == 200
    assert "太短" in weak.content.decode()
    done = client.post(reverse("password_change"),
                       {"old_password": PASSWORD, "new_password1": GOOD, "new_password2": GOOD})  # fmt: skip
    assert done.status_code == 302
    assert not Account.objects.get(user=user).must_change_password
    assert client.get(reverse("home")).status_code == 200  # logged in still, no more redirect
    user.refresh_from_db()
    assert user.check_password(GOOD)


def test_login_lockout_after_repeated_failures(db: Any, settings: Any) -> None:
    make_user("target", Account.REVIEWER)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        wrong = client.post(reverse("login"), {"username": "target", "password": "wrong"})
        assert wrong.status_code == 200
        assert "不正确" in wrong.content.decode()
    locked = client.post(reverse("login"), {"username": "target", "password": "wrong"})
    assert locked.status_code == 429
    assert "暂时锁定" in locked.content.decode()
    # the right password does not get in while locked, from any address
    right = Client(REMOTE_ADDR="10.9.8.7").post(
        reverse("login"), {"username": "target", "password": PASSWORD}
    )
    assert right.status_code == 429
    assert "_auth_user_id" not in right.client.session


def test_login_works_and_failures_reset(db: Any, settings: Any) -> None:
    make_user("someone", Account.REVIEWER)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("login"), {"username": "someone", "password": "wrong"})
    ok = client.post(reverse("login"), {"username": "someone", "password": PASSWORD})
    assert ok.status_code == 302
    client.post(reverse("logout"))
    again = client.post(reverse("login"), {"username": "someone", "password": "wrong"})
    assert again.status_code == 200  # the count started again after the success


def test_security_headers_and_session_settings(client: Any, settings: Any) -> None:
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    assert response["X-Frame-Options"] == "DENY"
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.CSRF_COOKIE_HTTPONLY


def test_https_setting_makes_cookies_secure(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    import jixiao.web.settings as web_settings

    monkeypatch.setenv("JIXIAO_HTTPS", "1")
    monkeypatch.setenv("JIXIAO_SESSION_HOURS", "2")
    secure = importlib.reload(web_settings)
    try:
        assert secure.SESSION_COOKIE_SECURE
        assert secure.CSRF_COOKIE_SECURE
        assert secure.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
        assert secure.SESSION_COOKIE_AGE == 2 * 3600
    finally:
        monkeypatch.delenv("JIXIAO_HTTPS")
        monkeypatch.delenv("JIXIAO_SESSION_HOURS")
        importlib.reload(web_settings)


def test_database_and_data_dir_are_private(db: Any, tmp_path: Path, settings: Any) -> None:
    from jixiao.web.serve import private_files

    database = tmp_path / "jixiao.sqlite3"
    database.write_bytes(b"")
    database.chmod(0o644)
    settings.DATA_DIR = tmp_path
    # a new dict, not the live one changed in place: the settings fixture restores it after the test
    settings.DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": database}}
    private_files()
    assert database.stat().st_mode & 0o777 == 0o600
    assert tmp_path.stat().st_mode & 0o777 == 0o700


def _account_sheet(rows: list[list[str]]) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate([["部门名称", "部门编码", "用户名", "姓名", "角色"], *rows]):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
    return buffer.getvalue()


def test_bulk_account_import_from_excel(client: Any, district: dict[str, Any]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = _account_sheet([
        ["丙局", "D003", "bing01", "王五", "部门填报人"],
        ["甲局", "", "jia02", "", "部门填报人"],
        ["", "", "shen02", "赵六", "财政局审核人"],
        ["丁局", "", "dept_a", "", "部门填报人"],  # exists already
        ["戊局", "", "wu01", "", "局长"],  # unknown role
    ])  # fmt: skip
    client.force_login(district["admin"])
    page = client.post(
        reverse("admin:web_account_import"),
        {"file": SimpleUploadedFile("名单.xlsx", content)},
    ).content.decode()
    assert "已创建 3 个账号" in page
    assert "第5行：用户名“dept_a”已存在" in page
    assert "第6行：角色“局长”" in page
    bing = Account.objects.get(user__username="bing01")
    assert bing.department.name == "丙局"
    assert bing.must_change_password
    assert Account.objects.get(user__username="jia02").department == district["a"]
    assert Account.objects.get(user__username="shen02").role == Account.REVIEWER
    assert not Department.objects.filter(name="戊局").exists()
    # the first password shown once on the page logs in, and must then be changed
    password = page.split("bing01", 1)[1].split("<code>", 1)[1].split("</code>", 1)[0]
    fresh = Client()
    assert fresh.post(reverse("login"), {"username": "bing01", "password": password}).status_code == 302
    assert fresh.get(reverse("home")).url == reverse("password_change")


def test_account_import_template_downloads(client: Any, district: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    client.force_login(district["admin"])
    response = client.get(reverse("admin:web_account_import_template"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert [c.value for c in book.worksheets[0][1]] == ["部门名称", "部门编码", "用户名", "姓名", "角色"]


def test_account_import_refuses_a_zip_bomb(client: Any, district: dict[str, Any]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .test_server import xlsx_bomb

    client.force_login(district["admin"])
    page = client.post(
        reverse("admin:web_account_import"), {"file": SimpleUploadedFile("名单.xlsx", xlsx_bomb())}
    ).content.decode()
    assert "已创建 0 个账号" in page
    assert "账号名单" in page.split('id="skipped-rows"', 1)[1]
    assert Account.objects.count() == 4  # the district's own


def test_admin_index_is_chinese(client: Any, district: dict[str, Any]) -> None:
    client.force_login(district["admin"])
    page = client.get(reverse("admin:index")).content.decode()
    for english in ("Access attempts", "Access failures", "Access logs", ">Axes<"):
        assert english not in page
    for chinese in ("登录保护", "登录失败计数", "绩效自评", "年度设置"):
        assert chinese in page
