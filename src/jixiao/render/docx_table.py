"""The 绩效自评表 attached to the Word report: the funds block and the indicator block, formatted only.

Built with python-docx after the template is filled (docxtpl), from the view's rows: merged category cells,
the East-Asian font set on every run so that Word and LibreOffice show 仿宋 rather than a fallback font.
"""

from __future__ import annotations

import contextlib
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from jixiao.report import INDICATOR_HEADER, ReportView

TABLE_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"
TABLE_SIZE = Pt(10.5)  # 五号
# the unit in the header's stub, as a reader finds it (an extra line above the table would move the pages)
FUNDS_HEADER = ("项目（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
FUNDS_COLUMNS = ("initial", "adjusted", "executed", "weight", "rate", "score")
# cm, within the 15.6 cm type area. A number must never wrap inside its cell ("86." over "4" reads as two
# numbers, to people and to `jixiao check` alike): without Times New Roman, LibreOffice draws digits
# 0.24 cm wide at 五号, and a cell loses 0.38 cm to its margins, so 得分 ("36.66") takes 1.7 cm, 分值
# ("100") 1.4 cm, and an amount column ("123456.78") 2.4 cm.
FUNDS_WIDTHS = (3.7, 2.4, 2.4, 2.4, 1.2, 2.1, 1.4)
INDICATOR_WIDTHS = (1.5, 1.6, 2.5, 2.0, 2.0, 1.4, 1.7, 2.9)


def _write(cell: Any, text: str, *, bold: bool = False, center: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.first_line_indent = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(15)  # not the body's fixed 28 磅
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(1)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = TABLE_SIZE
    run.font.name = LATIN_FONT
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), TABLE_FONT)


def _table(document: Any, header: tuple[str, ...], rows: int, widths: tuple[float, ...]) -> Any:
    table = document.add_table(rows=rows + 1, cols=len(header))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # Word reads the cells' widths, LibreOffice the table grid: set both
    for grid_column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid_column.w = Cm(width)
    for column, width in zip(table.columns, widths, strict=True):
        for cell in column.cells:
            cell.width = Cm(width)
    with contextlib.suppress(KeyError):  # a bureau's template without the style: a plain table
        table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _write(cell, text, bold=True, center=True)
    return table


def _funds(document: Any, view: ReportView) -> None:
    table = _table(document, FUNDS_HEADER, len(view.budget_rows), FUNDS_WIDTHS)
    for row, budget in zip(table.rows[1:], view.budget_rows, strict=True):
        _write(row.cells[0], "　" * budget.indent + budget.label)
        for cell, column in zip(row.cells[1:], FUNDS_COLUMNS, strict=True):
            _write(cell, budget.text(column), center=True)


def _indicators(document: Any, view: ReportView) -> None:
    rows = view.indicator_rows
    table = _table(document, INDICATOR_HEADER, len(rows) + 1, INDICATOR_WIDTHS)
    for i, indicator in enumerate(rows, start=1):
        cells = table.rows[i].cells
        values = (indicator.level1, indicator.level2, indicator.level3, indicator.target, indicator.actual,
                  indicator.weight_text, indicator.score_text, indicator.reason)  # fmt: skip
        for column, (cell, text) in enumerate(zip(cells, values, strict=True)):
            if (column, indicator.level1_span) == (0, 0) or (column, indicator.level2_span) == (1, 0):
                continue  # inside a merged category cell
            _write(cell, text, center=column in (0, 1, 5, 6))
        for column, span in ((0, indicator.level1_span), (1, indicator.level2_span)):
            if span > 1:
                table.cell(i, column).merge(table.cell(i + span - 1, column))
    last = table.rows[-1].cells
    total = last[0].merge(last[4])
    _write(total, "总分", bold=True, center=True)
    _write(last[5], view.total_weight_text, bold=True, center=True)
    _write(last[6], view.total_score_text, bold=True, center=True)
    _write(last[7], f"评价等级：{view.grade}" if view.grade else "")


def attachment_title(document: Any, text: str) -> None:
    """A page break, then "附件：…" centred in 黑体."""
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(f"附件：{text}")
    run.bold = True
    run.font.size = Pt(16)
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "黑体")


def append_self_evaluation_table(document: Any, view: ReportView) -> None:
    """A page break, the title "附件：…绩效自评表", then the funds and indicator tables."""
    attachment_title(document, view.table_title)
    if view.budget_rows:
        _funds(document, view)
        document.add_paragraph()
    if view.indicator_rows:
        _indicators(document, view)
