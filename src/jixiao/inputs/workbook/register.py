"""The 台账 sheet of the input workbook: a blank 信访 register a department fills (ADR 0011).

Its columns are the built-in register's (:data:`jixiao.records.xinfang.COLUMNS`, under their own names),
with drop-downs for the values the register knows (渠道, 评价, 是/否, 复查/复核), date cells and the
0–30 days of an extension. There is no column for names, ID numbers or what a petition says: jixiao
never needs them. The sheet is read back by :mod:`jixiao.records` (only the columns a formula needs),
when an indicator or a rate names 台账 as its source (:func:`jixiao.inputs.workbook.sheets.bind_register`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from jixiao.inputs.workbook import layout
from jixiao.records import xinfang

VALIDATED_ROWS = 20_000  # rows below the header that carry the drop-downs (more may be typed)
DATE_FORMAT = "yyyy-mm-dd"

COLUMNS = (
    layout.Column("编号", "编号", "text", 14, "每件一个编号，不得重复（必填）"),
    layout.Column("渠道", "渠道", "choice", 8, "来信 / 来访 / 网上 / 电话", "channels"),
    layout.Column("登记日期", "登记日期", "date", 12, "收到并登记信访事项的日期（必填）"),
    layout.Column("是否受理", "是否受理", "choice", 9, "是 / 否；尚未决定的不填", "yes_no"),
    layout.Column(
        "受理日期",
        "受理日期",
        "date",
        12,
        "告知信访人是否受理的日期（收到后 15 日内，《信访工作条例》第二十三条）",
    ),
    layout.Column("交办转送日期", "交办转送日期", "date", 12, "交办或转送的日期（15 日内，第二十二条）"),
    layout.Column(
        "办结日期", "办结日期", "date", 12, "出具处理意见（办结、答复）的日期；受理后 60 日内（第三十四条）"
    ),
    layout.Column("延期", "延期", "int", 8, "经批准延长的日数，0–30（第三十四条）；未延期不填"),
    layout.Column(
        "复查复核", "复查复核", "choice", 9, "复查、复核件填写（期限 30 日，第三十五、三十六条）", "reviews"
    ),
    layout.Column("是否积案", "是否积案", "choice", 9, "信访积案填 是（不填为 否）", "yes_no"),
    layout.Column("积案化解日期", "积案化解日期", "date", 12, "积案审核通过（化解）的日期"),
    layout.Column(
        "评价", "评价", "choice", 10, "满意 / 基本满意 / 不满意 / 未评价（不填为 未评价）", "evaluations"
    ),
    layout.Column(
        "纳入评价",
        "纳入评价",
        "choice",
        9,
        "不纳入满意度评价的（诉讼、仲裁、复议等事项）填 否（不填为 是）",
        "yes_no",
    ),
    layout.Column("重复信访", "重复信访", "choice", 9, "重复信访件填 是（不填为 否）", "yes_no"),
)


def lists() -> dict[str, list[str]]:
    """The drop-down lists of the register and of the record bindings (on the hidden list sheet)."""
    return {
        "record_kind": list(layout.RECORD_KIND_LABELS.values()),
        "days": list(layout.DAYS_LABELS.values()),
        "record_sources": [layout.REGISTER],
        "xinfang_measures": [measure.name for measure in xinfang.MEASURES],
        "channels": list(dict.fromkeys(xinfang.CHANNELS.values())),
        "evaluations": list(dict.fromkeys(xinfang.EVALUATIONS.values())),
        "yes_no": ["是", "否"],
        "reviews": ["复查", "复核"],
    }


def _rule(column: layout.Column, ranges: dict[str, str]) -> dict[str, Any] | None:
    if column.choices:
        return {
            "validate": "list",
            "source": ranges[column.choices],
            "error_title": "请从下拉列表中选择",
            "error_message": "该栏只能从下拉列表中选择。",
        }
    if column.type == "date":
        return {
            "validate": "date",
            "criteria": "between",
            "minimum": date(1990, 1, 1),
            "maximum": date(2100, 12, 31),
            "error_title": "应为日期",
            "error_message": "请填写日期，如 2024-03-01。",
        }
    if column.key == "延期":
        return {
            "validate": "integer",
            "criteria": "between",
            "minimum": 0,
            "maximum": xinfang.MAX_EXTENSION_DAYS,
            "error_title": "应为 0–30 的整数",
            "error_message": "延期日数至多 30 日（《信访工作条例》第三十四条）。",
        }
    return None


def write_register(book: Workbook, sheet: Worksheet, formats: Any, ranges: dict[str, str]) -> None:
    """The blank register: a locked, commented header; unlocked typed columns with their drop-downs."""
    day = book.add_format(
        {"font_name": "宋体", "font_size": 10, "locked": False, "border": 1, "num_format": DATE_FORMAT}
    )
    for col, column in enumerate(COLUMNS):
        cell_format = day if column.type == "date" else formats.for_type(column.type)
        sheet.set_column(col, col, column.width, cell_format)
        sheet.write_string(0, col, column.header, formats.header)
        sheet.write_comment(0, col, column.comment, {"x_scale": 2, "y_scale": 1.2})
        rule = _rule(column, ranges)
        if rule:
            sheet.data_validation(1, col, VALIDATED_ROWS, col, rule)
    sheet.set_row(0, 32)
    sheet.freeze_panes(1, 1)
