"""Small registers written by hand for the records tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import xlsxwriter

from jixiao.records import xinfang
from jixiao.records.table import Table, Wanted, read_inline
from jixiao.records.values import as_any


def register(rows: Sequence[Mapping[str, object]]) -> Table:
    """A 信访 register from rows written inline (the schema's columns and conversions)."""
    return read_inline("信访台账", rows, list(xinfang.COLUMNS))


def table(rows: Sequence[Mapping[str, object]], names: Sequence[str]) -> Table:
    return read_inline("台账", rows, [Wanted(name, (), as_any) for name in names])


def write_xlsx(
    path: Path, header: Sequence[str], rows: Sequence[Sequence[object]], sheet: str = "登记簿"
) -> Path:
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet(sheet)
    ws.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value)
    book.close()
    return path
