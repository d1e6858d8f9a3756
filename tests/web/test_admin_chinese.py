"""The admin speaks Chinese where Django and the kept libraries leave English: what screen readers read
(the index's column headers, the yes/no icons, the search icon), django-axes' fields, permission names."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import Permission

from jixiao.web.admin_chinese import chinese_permission_name

ENGLISH = ("Model name", "Add link", "Change or view list link", 'alt="True"', 'alt="False"', 'alt="Search"')


def _page(client: Any, admin: Any, url: str) -> str:
    client.force_login(admin)
    response = client.get(url)
    assert response.status_code == 200, url
    return str(response.content.decode())


def test_admin_lists_have_no_english_for_screen_readers(client: Any, district: dict[str, Any]) -> None:
    for url in ("/admin/", "/admin/web/account/", "/admin/web/reportversion/", "/admin/auth/user/"):
        page = _page(client, district["admin"], url)
        assert not [word for word in ENGLISH if word in page], url
    index = _page(client, district["admin"], "/admin/")
    assert '<th scope="col">模型名称</th>' in index
    accounts = _page(client, district["admin"], "/admin/web/account/")
    assert 'alt="否"' in accounts  # must_change_password of the test accounts
    assert 'alt="搜索"' in _page(client, district["admin"], "/admin/auth/user/")


def test_login_protection_fields_in_chinese(client: Any, district: dict[str, Any]) -> None:
    page = _page(client, district["admin"], "/admin/axes/accessattempt/")
    for english in ("Attempt Time", "Locked Out", "Path"):
        assert english not in page
    assert "尝试时间" in page


def test_permission_names_in_chinese(db: Any) -> None:
    assert chinese_permission_name("Can add 部门") == "可添加 部门"
    assert chinese_permission_name("Can view historical 部门") == "可查看 历史记录：部门"
    assert chinese_permission_name("可添加 部门") == "可添加 部门"
    names = list(Permission.objects.values_list("name", flat=True))
    assert names
    assert not [name for name in names if re.match(r"Can (add|change|delete|view) ", name)]
