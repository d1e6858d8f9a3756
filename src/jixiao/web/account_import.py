"""Departments and accounts created in bulk from an Excel sheet (the bureau's list of who files).

One row per account: 部门名称, 部门编码, 用户名, 姓名, 角色 (部门填报人 / 财政局审核人). A missing
department is created; an existing user name is left as it is (reported, never overwritten). Each new
account gets a random first password, shown once to the administrator, that its owner must change at
first login. A row's mistake is reported with its row number and the rest go on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from jixiao.inputs.guard import check_file
from jixiao.web.accounts import create_account
from jixiao.web.models import Account, Department

HEADERS = {"部门名称": "department", "部门编码": "code", "用户名": "username", "姓名": "name", "角色": "role"}
ROLES = {label: value for value, label in Account.ROLES} | {
    "审核人": Account.REVIEWER,
    "填报人": Account.DEPARTMENT,
}
MAX_ROWS = 5000
USERNAME = re.compile(r"^[\w.@+-]{1,150}$")


@dataclass
class AccountImport:
    created: list[tuple[str, str, str, str]] = field(default_factory=list)  # user, role, department, password
    skipped: list[str] = field(default_factory=list)  # Chinese reasons with the row number
    departments: list[str] = field(default_factory=list)  # departments created


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_rows(path: Path) -> tuple[list[dict[str, str]], list[str]]:
    """The account rows of the first sheet (header row found by its names), or the reasons it cannot."""
    from openpyxl import load_workbook  # noqa: PLC0415  (heavy: on an .xlsx only)

    refused = check_file(path, ".xlsx", name="账号名单")
    if refused is not None:
        return [], [refused.message]
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        return [], [f"无法读取该 Excel 文件（{type(exc).__name__}）"]
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 1, max_col=20)
        columns: dict[int, str] = {}
        found: list[dict[str, str]] = []
        for number, values in enumerate(rows, start=1):
            texts = [_text(v) for v in values]
            if not columns:
                columns = {i: HEADERS[t] for i, t in enumerate(texts) if t in HEADERS}
                if columns and {"username", "role"} - set(columns.values()):
                    return [], ["表头须包含“用户名”和“角色”两列"]
                continue
            row = {key: texts[i] if i < len(texts) else "" for i, key in columns.items()}
            if any(row.values()):
                found.append({**row, "row": str(number)})
        if not columns:
            return [], ["第一个工作表中没有找到表头（部门名称、部门编码、用户名、姓名、角色）"]
        return found, []
    finally:
        book.close()


def import_accounts(path: Path) -> AccountImport:
    """Create the departments and accounts listed in the workbook at ``path``."""
    result = AccountImport()
    rows, problems = read_rows(path)
    result.skipped += problems
    users = get_user_model().objects
    for row in rows:
        where = f"第{row['row']}行"
        username, role_label = row.get("username", ""), row.get("role", "")
        department_name = row.get("department", "")
        role = ROLES.get(role_label)
        if not USERNAME.match(username):
            result.skipped.append(f"{where}：用户名“{username}”为空或含有不允许的字符")
        elif role is None:
            result.skipped.append(f"{where}：角色“{role_label}”应为“部门填报人”或“财政局审核人”")
        elif role == Account.DEPARTMENT and not department_name:
            result.skipped.append(f"{where}：部门填报人须填写部门名称")
        elif users.filter(username=username).exists():
            result.skipped.append(f"{where}：用户名“{username}”已存在，未修改")
        else:
            with transaction.atomic():
                department = None
                if role == Account.DEPARTMENT:
                    department, made = Department.objects.get_or_create(
                        name=department_name[:200], defaults={"code": row.get("code", "")[:50]}
                    )
                    if made:
                        result.departments.append(department.name)
                _user, password = create_account(username, role, department, name=row.get("name", ""))
            result.created.append((username, dict(Account.ROLES)[role], department_name, password))
    return result


def write_import_template(path: Path) -> None:
    """A blank account list to fill in (the header row and one example row)."""
    import xlsxwriter  # noqa: PLC0415  (heavy: on an .xlsx only)

    book = xlsxwriter.Workbook(str(path))
    try:
        sheet = book.add_worksheet("账号")
        head = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        for col, label in enumerate(HEADERS):
            sheet.write_string(0, col, label, head)
        for col, value in enumerate(["区教育局", "D001", "jyj01", "张三", "部门填报人"]):
            sheet.write_string(1, col, value)
        sheet.data_validation(
            1, 4, MAX_ROWS, 4, {"validate": "list", "source": ["部门填报人", "财政局审核人"]}
        )
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, 4, 14)
    finally:
        book.close()
