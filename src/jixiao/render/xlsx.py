"""The self-evaluation table (绩效自评表) as .xlsx, written with xlsxwriter (domain.md §1.6, §2.4).

Blocks: title and header, funds (年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分), 年度总体目标,
indicators (一级 | 二级 | 三级 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施) with merged
category cells, and 总分. Execution rates and the 总分 row are formulas whose cached values are the
view's figures, so the file shows the report's numbers before and after Excel recalculates.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from jixiao.report import INDICATOR_HEADER, BudgetRow, IndicatorRow, ReportView

SHEET = "绩效自评表"
NOTES_SHEET = "说明"
WIDTHS = (14, 16, 22, 14, 14, 9, 10, 28)
FUND_COLUMNS = ("initial", "adjusted", "executed")


def _number(value: Decimal | None) -> float | None:
    """Excel stores numbers as doubles: the Decimal is converted only at the very end."""
    return None if value is None else float(value)


class Formats:
    """The cell formats of the table."""

    def __init__(self, book: Workbook) -> None:
        base: dict[str, Any] = {"font_name": "宋体", "font_size": 10, "border": 1, "valign": "vcenter"}
        self.title = book.add_format({"font_name": "黑体", "font_size": 16, "align": "center"})
        self.plain = book.add_format({"font_name": "宋体", "font_size": 10})
        self.right = book.add_format({"font_name": "宋体", "font_size": 10, "align": "right"})
        self.head = book.add_format({**base, "bold": True, "align": "center", "text_wrap": True})
        self.text = book.add_format({**base, "text_wrap": True})
        self.center = book.add_format({**base, "align": "center", "text_wrap": True})
        self.amount = book.add_format({**base, "num_format": "#,##0.00"})
        self.score = book.add_format({**base, "num_format": "0.00", "align": "center"})
        self.rate = book.add_format({**base, "num_format": "0.00%", "align": "center"})


class TableWriter:
    """Writes the blocks one after the other, keeping the current row."""

    def __init__(self, book: Workbook, sheet: Worksheet, view: ReportView) -> None:
        self.book, self.sheet, self.view = book, sheet, view
        self.f = Formats(book)
        self.row = 0

    def header(self) -> None:
        view, sheet = self.view, self.sheet
        sheet.merge_range(0, 0, 0, 7, view.table_title, self.f.title)
        sheet.set_row(0, 30)
        sheet.merge_range(1, 0, 1, 4, f"填报单位（盖章）：{view.department}", self.f.plain)
        sheet.merge_range(1, 5, 1, 7, "金额单位：万元", self.f.right)
        self.row = 2
        if view.kind == "project":
            self._pair("项目名称", view.project or "")
            self._pair("主管部门", view.department)
        else:
            self._pair("部门（单位）名称", view.department)

    def _pair(self, label: str, value: str) -> None:
        self.sheet.merge_range(self.row, 0, self.row, 1, label, self.f.head)
        self.sheet.merge_range(self.row, 2, self.row, 7, value, self.f.text)
        self.row += 1

    def funds(self) -> None:
        sheet, f = self.sheet, self.f
        sheet.merge_range(self.row, 0, self.row, 1, "年度资金", f.head)
        for col, label in enumerate(("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"), 2):
            sheet.write(self.row, col, label, f.head)
        self.row += 1
        for budget_row in self.view.budget_rows:
            self._fund_row(budget_row)
            self.row += 1

    def _fund_row(self, data: BudgetRow) -> None:
        sheet, f, r = self.sheet, self.f, self.row
        fmt = f.head if data.indent == 0 else f.text
        sheet.merge_range(r, 0, r, 1, "　" * data.indent + data.label, fmt)
        for col, column in enumerate(FUND_COLUMNS, 2):
            sheet.write(r, col, _number(getattr(data, column)), f.amount)
        sheet.write(r, 5, _number(data.weight), f.score)
        if data.rate is not None:
            adjusted, executed = xl_rowcol_to_cell(r, 3), xl_rowcol_to_cell(r, 4)
            sheet.write_formula(
                r, 6, f'=IF({adjusted}=0,"",{executed}/{adjusted})', f.rate, float(data.rate / 100)
            )
        else:
            sheet.write_blank(r, 6, None, f.rate)
        sheet.write(r, 7, _number(data.score), f.score)

    def goal(self) -> None:
        sheet, f, r = self.sheet, self.f, self.row
        sheet.merge_range(r, 0, r + 1, 1, "年度总体目标", f.head)
        sheet.merge_range(r, 2, r, 4, "预期目标", f.head)
        sheet.merge_range(r, 5, r, 7, "实际完成情况", f.head)
        sheet.merge_range(r + 1, 2, r + 1, 4, self.view.goal, f.text)
        sheet.merge_range(r + 1, 5, r + 1, 7, self.view.achieved, f.text)
        sheet.set_row(r + 1, 60)
        self.row += 2

    def indicators(self) -> tuple[int, int]:
        """The indicator block; returns its first and last data rows (for the 总分 formulas)."""
        sheet, f = self.sheet, self.f
        for col, label in enumerate(INDICATOR_HEADER):
            sheet.write(self.row, col, label, f.head)
        self.row += 1
        first = self.row
        for data in self.view.indicator_rows:
            self._indicator_row(data)
            self.row += 1
        return first, self.row - 1

    def _indicator_row(self, data: IndicatorRow) -> None:
        sheet, f, r = self.sheet, self.f, self.row
        if data.level1_span > 1:
            sheet.merge_range(r, 0, r + data.level1_span - 1, 0, data.level1, f.center)
        elif data.level1_span == 1:
            sheet.write(r, 0, data.level1, f.center)
        if data.level2 and data.level2_span > 1:
            sheet.merge_range(r, 1, r + data.level2_span - 1, 1, data.level2, f.center)
        elif data.level2_span == 1:
            sheet.write(r, 1, data.level2, f.center)
        for col, text in ((2, data.level3), (3, data.target), (4, data.actual), (7, data.reason)):
            sheet.write(r, col, text, f.text)
        sheet.write(r, 5, _number(data.weight), f.score)
        sheet.write(r, 6, _number(data.score), f.score)

    def total(self, funds_row: int, first: int, last: int) -> None:
        sheet, f, r, view = self.sheet, self.f, self.row, self.view
        sheet.merge_range(r, 0, r, 4, "总分", f.head)
        for col, funds_col, cached in ((5, 5, view.total_weight), (6, 7, view.total_score)):
            parts = [xl_rowcol_to_cell(funds_row, funds_col)]
            if last >= first:
                parts.append(f"SUM({xl_rowcol_to_cell(first, col)}:{xl_rowcol_to_cell(last, col)})")
            sheet.write_formula(r, col, "=" + "+".join(parts), f.score, _number(cached))
        sheet.write(r, 7, f"评价等级：{view.grade}" if view.grade else "", f.center)
        self.row += 1


def write_notes(book: Workbook, view: ReportView) -> None:
    """A second sheet: the rule set and what the table corrected."""
    sheet = book.add_worksheet(NOTES_SHEET)
    sheet.set_column(0, 0, 100)
    sheet.write(0, 0, f"按规则集 {view.ruleset} 计算；所有合计、比率和得分均由程序计算。")
    sheet.write(1, 0, "与填报数据不一致、已按计算结果更正的项目：" if view.corrections else "无更正。")
    for i, note in enumerate(view.notes, 2):
        sheet.write(i, 0, note)


def write_xlsx(view: ReportView, output: Path) -> None:
    """Write the 绩效自评表 of ``view`` into ``output``."""
    book = xlsxwriter.Workbook(str(output))
    try:
        sheet = book.add_worksheet(SHEET)
        for col, width in enumerate(WIDTHS):
            sheet.set_column(col, col, width)
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        table = TableWriter(book, sheet, view)
        table.header()
        funds_row = table.row + 1  # the 年度资金总额 row, right below the funds header
        table.funds()
        table.goal()
        first, last = table.indicators()
        table.total(funds_row, first, last)
        write_notes(book, view)
    finally:
        book.close()
