"""Reading a filled input workbook (openpyxl, read-only) into an Evaluation.

The file is checked before openpyxl sees it (size, zip container, encryption, uncompressed size), so
that a wrong, corrupt, encrypted or huge file is one clear Chinese issue, never a traceback. Sheets are
found by name, table columns by their header text, 基本信息 rows by their label; every value keeps its
sheet, row and column, so that any later issue points into the workbook.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path
from typing import Any

from jixiao.inputs.guard import check_file
from jixiao.inputs.kinds import unreadable
from jixiao.inputs.structured.normalise import build_evaluation
from jixiao.inputs.workbook import layout
from jixiao.inputs.workbook.cells import Cell, CellIssues
from jixiao.inputs.workbook.sheets import (
    Sheet,
    bind_register,
    read_basic,
    read_budget,
    read_indicators,
    read_simple_tables,
)
from jixiao.issues import Issue
from jixiao.model import Evaluation

CODE_NOT_WORKBOOK = "INP020"
CODE_ENCRYPTED = "INP021"
CODE_TOO_LARGE = "INP022"
CODE_LAYOUT = "INP023"
TEMPLATE_HINT = "用 jixiao template -o 自评模板.xlsx 生成模板，在其中填写"


def _precheck(path: Path) -> Issue | None:
    """The issue that stops a file before it is parsed (the file guard, then the workbook part), or None."""
    refused = check_file(path, ".xlsx")
    if refused is not None:
        if refused.code == CODE_NOT_WORKBOOK:
            return refused.model_copy(update={"hint": TEMPLATE_HINT})
        return refused
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        return unreadable(path, "不是 Excel 工作簿（缺少 xl/workbook.xml）", code=CODE_NOT_WORKBOOK)
    return None


def _read_sheets(path: Path) -> tuple[dict[str, Sheet] | None, Issue | None]:
    """All sheets the layout knows, as rows of cells (values as cached by Excel for formulas)."""
    import openpyxl  # noqa: PLC0415 (openpyxl costs 0.3 s to import: only when a workbook is read)

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Data Validation extension is not supported" and the like
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a damaged file; all mean the same to the user
        return None, unreadable(path, "工作簿已损坏，无法读取", code=CODE_NOT_WORKBOOK, hint=TEMPLATE_HINT)
    try:
        sheets: dict[str, Sheet] = {}
        for name in (*layout.INPUT_SHEETS, layout.OUTLINE):
            if name not in book.sheetnames:
                continue
            rows: list[list[Any]] = []
            worksheet = book[name]
            worksheet.reset_dimensions()  # never trust the stored dimension: read every row there is
            for values in worksheet.iter_rows():
                if len(rows) >= layout.MAX_ROWS:
                    return None, unreadable(
                        path, f"工作表“{name}”超过 {layout.MAX_ROWS} 行，不是自评填报表", code=CODE_TOO_LARGE
                    )
                rows.append([(cell.value, cell.number_format) for cell in values])
            sheets[name] = Sheet(name, rows)
        if layout.REGISTER in book.sheetnames:  # its rows are read by jixiao.records, only the columns needed
            sheets[layout.REGISTER] = Sheet(layout.REGISTER, [])
        return sheets, None
    except Exception:
        return None, unreadable(
            path, "工作簿内容已损坏，无法读取", code=CODE_NOT_WORKBOOK, hint=TEMPLATE_HINT
        )
    finally:
        book.close()


def load_workbook(path: Path) -> tuple[Evaluation | None, list[Issue]]:
    """Load an evaluation from a workbook made from the template; every problem names sheet, row, column."""
    path = Path(path)
    stop = _precheck(path)
    if stop is not None:
        return None, [stop]
    sheets, stop = _read_sheets(path)
    if sheets is None:
        return None, [stop] if stop else []
    missing = [name for name in layout.REQUIRED_SHEETS if name not in sheets]
    if missing:
        return None, [
            unreadable(
                path,
                f"不是 jixiao 自评填报表：缺少工作表“{'”“'.join(missing)}”",
                code=CODE_LAYOUT,
                hint=TEMPLATE_HINT,
            )
        ]
    out = CellIssues(str(path))
    data: dict[str, Any] = {}
    locations: dict[str, Any] = {}
    read_basic(sheets[layout.BASIC], data, locations, out)
    if layout.BUDGET in sheets:
        read_budget(sheets[layout.BUDGET], data, locations, out)
    if layout.INDICATORS in sheets:
        read_indicators(sheets[layout.INDICATORS], data, locations, out)
    read_simple_tables(sheets, data, locations, out)
    bind_register(data, sheets)
    if out.issues:
        return None, out.issues
    return build_evaluation(data, locations, file=str(path), fmt="xlsx", raw=path.read_bytes())


__all__ = ["Cell", "load_workbook"]
