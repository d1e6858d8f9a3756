"""The comparison with last year attached to the Word report: one table of indicators, one of budget lines."""

from __future__ import annotations

from typing import Any

from jixiao.render.docx_table import _table, _write, attachment_title
from jixiao.report import ReportView
from jixiao.report.across_years import BUDGET_COMPARISON_HEADER, COMPARISON_HEADER

COMPARISON_WIDTHS = (3.4, 2.1, 2.4, 1.5, 2.1, 2.4, 1.5)
BUDGET_WIDTHS = (3.6, 2.4, 2.4, 2.4, 2.4, 2.4)


def append_comparison_tables(document: Any, view: ReportView) -> None:
    """A page break, the title "附件：与上年对比（…）", then the indicator and budget tables."""
    if not view.comparison_rows and not view.budget_comparison_rows:
        return
    attachment_title(document, view.comparison_title)
    for header, rows, widths in (
        (COMPARISON_HEADER, view.comparison_rows, COMPARISON_WIDTHS),
        (BUDGET_COMPARISON_HEADER, view.budget_comparison_rows, BUDGET_WIDTHS),
    ):
        if not rows:
            continue
        table = _table(document, header, len(rows), widths)
        for row, values in zip(table.rows[1:], rows, strict=True):
            for column, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
                _write(cell, text, center=column > 0)
        document.add_paragraph()
