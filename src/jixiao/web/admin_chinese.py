"""The admin in Chinese where Django and the kept libraries leave English: the yes/no icons' text (read by
screen readers), and the permission names (stored in English by ``migrate``: "Can add 部门")."""

from __future__ import annotations

import re
from typing import Any

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString

ACTIONS = {"add": "添加", "change": "修改", "delete": "删除", "view": "查看"}
PERMISSION_NAME = re.compile(r"^Can (add|change|delete|view) (.+)$")
YES_NO = {True: ("yes", "是"), False: ("no", "否"), None: ("unknown", "未知")}


def boolean_icon(value: bool | None) -> SafeString:
    """Django's admin yes/no icon with its text in Chinese (Django writes the Python value: "True")."""
    icon, text = YES_NO[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


def install_boolean_icon() -> None:
    """Every admin list and read-only field shows booleans through this one function."""
    from django.contrib.admin.templatetags import admin_list  # noqa: PLC0415  (once the apps are ready)

    admin_list._boolean_icon = boolean_icon  # type: ignore[attr-defined]


def chinese_permission_name(name: str) -> str:
    """ "Can add historical 部门" → "可添加 历史记录：部门"; names already in Chinese are kept."""
    match = PERMISSION_NAME.match(name)
    if match is None:
        return name
    action, subject = match.groups()
    if subject.startswith("historical "):
        subject = "历史记录：" + subject.removeprefix("historical ")
    return f"可{ACTIONS[action]} {subject}"


def rename_permissions(**kwargs: Any) -> None:
    """After ``migrate`` (post_migrate): the permission names in Chinese."""
    from django.contrib.auth.models import Permission  # noqa: PLC0415  (once the apps are ready)

    for permission in Permission.objects.filter(name__startswith="Can "):
        renamed = chinese_permission_name(permission.name)
        if renamed != permission.name:
            permission.name = renamed[:255]
            permission.save(update_fields=["name"])
