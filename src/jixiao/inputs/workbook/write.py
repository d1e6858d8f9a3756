"""The Excel input workbook: ``write_template`` (blank), ``write_workbook`` (filled), ``load_workbook``.

Written with xlsxwriter (drop-down lists live on a hidden sheet because an inline list is limited to
255 characters; openpyxl would lose data validation if it re-saved a file, so it only ever reads).
The layout is in :mod:`jixiao.inputs.workbook.layout`, the reading in :mod:`jixiao.inputs.workbook.read`.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from jixiao.files import atomic_output
from jixiao.inputs.workbook import layout
from jixiao.inputs.workbook.example import README_LINES, example_evaluation
from jixiao.inputs.workbook.read import load_workbook as read_workbook
from jixiao.inputs.workbook.register import lists as register_lists
from jixiao.inputs.workbook.register import write_register
from jixiao.inputs.workbook.rows import basic_values, budget_rows, indicator_rows, rate_rows, source_rows
from jixiao.issues import Issue
from jixiao.library import default_library
from jixiao.model import Evaluation, Stated
from jixiao.numbers import decimals_of
from jixiao.rules import available, load_ruleset

__all__ = ["load_workbook", "write_template", "write_workbook"]

PROTECTION = {
    "format_cells": False,
    "format_columns": True,
    "format_rows": True,
    "insert_rows": True,
    "delete_rows": True,
    "sort": True,
    "autofilter": True,
    "select_locked_cells": True,
    "select_unlocked_cells": True,
}
AMOUNT_FORMAT = "0.00"


def load_workbook(path: Path) -> tuple[Evaluation | None, list[Issue]]:
    """Load an evaluation from a filled workbook (see :func:`jixiao.inputs.workbook.read.load_workbook`)."""
    return read_workbook(path)


def write_template(path: Path) -> None:
    """The blank input template: instructions, input sheets, a filled example sheet, drop-down lists."""
    with atomic_output(Path(path)) as temporary:
        _write(temporary, None, example_evaluation())


def write_workbook(evaluation: Evaluation, path: Path) -> None:
    """The template filled in with ``evaluation`` (reads back to the same model with load_workbook).

    Sub-evaluations (``evaluation.projects``) and the list of stated figures are not part of the form.
    """
    with atomic_output(Path(path)) as temporary:
        _write(temporary, evaluation, example_evaluation())


class _Formats:
    """The cell formats of one workbook (xlsxwriter formats belong to their workbook)."""

    def __init__(self, book: Workbook) -> None:
        base = {"font_name": "宋体", "font_size": 10, "valign": "vcenter"}
        self.header = book.add_format(
            {**base, "bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True, "align": "center"}
        )
        self.label = book.add_format({**base, "bg_color": "#F2F2F2", "border": 1, "text_wrap": True})
        self.section = book.add_format({**base, "bold": True, "bg_color": "#FCE4D6", "border": 1})
        self.note = book.add_format({**base, "font_color": "#595959", "text_wrap": True})
        self.title = book.add_format({**base, "bold": True, "font_size": 14})
        self.text = book.add_format({**base, "locked": False, "text_wrap": True, "border": 1})
        self.number = book.add_format({**base, "locked": False, "border": 1})
        self.amount = book.add_format({**base, "locked": False, "border": 1, "num_format": AMOUNT_FORMAT})
        self._percent: dict[int, Any] = {}
        self._book = book
        self._base = base

    def percent(self, decimals: int) -> Any:
        """A rate cell showing exactly the decimals the author wrote (99.8 stays 99.8, 100 stays 100)."""
        if decimals not in self._percent:
            num_format = "0" if decimals <= 0 else "0." + "0" * decimals
            self._percent[decimals] = self._book.add_format(
                {**self._base, "locked": False, "border": 1, "num_format": num_format}
            )
        return self._percent[decimals]

    def for_type(self, cell_type: str) -> Any:
        if cell_type == "amount":
            return self.amount
        if cell_type == "percent":
            return self.percent(2)
        if cell_type in {"int", "year", "score"}:
            return self.number
        return self.text


def _write(path: Path, evaluation: Evaluation | None, example: Evaluation) -> None:
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    try:
        fmt = _Formats(book)
        columns = _list_columns()
        lists = _list_ranges(columns)
        _write_readme(book.add_worksheet(layout.README), fmt)
        sheets = {name: book.add_worksheet(name) for name in layout.INPUT_SHEETS}
        _write_basic(sheets[layout.BASIC], fmt, evaluation, lists)
        _write_table(
            sheets[layout.BUDGET], fmt, layout.BUDGET_COLUMNS, budget_rows(evaluation), lists, freeze=(1, 2)
        )
        _write_table(
            sheets[layout.INDICATORS],
            fmt,
            layout.INDICATOR_COLUMNS,
            indicator_rows(evaluation),
            lists,
            freeze=(1, 3),
        )
        _write_table(sheets[layout.RATES], fmt, layout.RATE_COLUMNS, rate_rows(evaluation), lists)
        _write_table(sheets[layout.PROBLEMS], fmt, layout.PROBLEM_COLUMNS, _problem_rows(evaluation), lists)
        _write_table(
            sheets[layout.RECORD_SOURCES], fmt, layout.RECORD_SOURCE_COLUMNS, source_rows(evaluation), lists
        )
        sheets[layout.REGISTER] = book.add_worksheet(layout.REGISTER)
        write_register(book, sheets[layout.REGISTER], fmt, lists)
        if evaluation is not None and evaluation.narrative.outline:
            outline = [section.model_dump() for section in evaluation.narrative.outline]
            _write_table(book.add_worksheet(layout.OUTLINE), fmt, layout.OUTLINE_COLUMNS, outline, lists)
        _write_example(book.add_worksheet(layout.EXAMPLE), fmt, example)
        _write_lists(book, columns)
        for sheet in sheets.values():
            sheet.protect("", PROTECTION)
            sheet.set_landscape()
            sheet.set_paper(9)  # A4
            sheet.fit_to_pages(1, 0)  # all columns on the page width, as many pages as rows need
            sheet.repeat_rows(0)
        sheets[layout.BASIC].activate()
    finally:
        book.close()


def _list_columns() -> dict[str, list[str]]:
    """The drop-down lists: categories of the national rule set, enumerations, units, band names."""
    ruleset, _ = load_ruleset("cz2020-self")
    library = default_library()
    categories = list(ruleset.categories.values()) if ruleset else []
    return {
        "level1": [cat.name for cat in categories],
        "level2": list(dict.fromkeys(name for cat in categories for name in cat.level2)),
        "indicator_kind": list(layout.INDICATOR_KIND_LABELS.values()),
        "direction": list(layout.DIRECTION_LABELS.values()),
        "units": list(layout.UNITS),
        "bands": list(ruleset.qualitative_bands) if ruleset else [],
        "kind": list(layout.KIND_LABELS.values()),
        "grade": [grade.grade for grade in ruleset.grades] if ruleset else [],
        "ruleset": list(available()),
        "library_names": list(dict.fromkeys(entry.name for entry in library.entries)),
        "library": [entry.label for entry in library.entries],
        **register_lists(),
    }


def _list_ranges(columns: dict[str, list[str]]) -> dict[str, str]:
    """List name → the range formula data validation refers to (one column per list)."""
    ranges = {}
    for col, (name, values) in enumerate(columns.items()):
        letter = xlsxwriter.utility.xl_col_to_name(col)
        ranges[name] = f"='{layout.LISTS}'!${letter}$2:${letter}${max(len(values), 1) + 1}"
    return ranges


def _write_lists(book: Workbook, columns: dict[str, list[str]]) -> None:
    """The hidden last sheet holding the lists (an inline list is limited to 255 characters)."""
    sheet = book.add_worksheet(layout.LISTS)
    for col, (name, values) in enumerate(columns.items()):
        sheet.write_string(0, col, name)
        for row, value in enumerate(values, start=1):
            sheet.write_string(row, col, value)
    sheet.hide()
    sheet.protect("", PROTECTION)


def _validation(cell_type: str, choices: str | None, lists: dict[str, str]) -> dict[str, Any] | None:
    """The data validation of an input cell: a drop-down list, or a number range."""
    if choices:
        strict = choices in {"indicator_kind", "direction", "kind", "ruleset", "record_kind", "days"}
        return {
            "validate": "list",
            "source": lists[choices],
            "error_type": "stop" if strict else "information",
            "error_title": "请从下拉列表中选择",
            "error_message": "该栏只能从下拉列表中选择。" if strict else "不在常用选项中，确认要自行填写吗？",
        }
    if cell_type in {"amount", "percent", "score"}:
        return {
            "validate": "decimal",
            "criteria": ">=",
            "value": 0,
            "error_title": "应为非负数字",
            "error_message": "请填写不小于 0 的数字（金额单位万元，百分数填 99.83 表示 99.83%）。",
        }
    if cell_type in {"int", "year"}:
        low, high = (1990, 2100) if cell_type == "year" else (0, 10_000_000)
        return {
            "validate": "integer",
            "criteria": "between",
            "minimum": low,
            "maximum": high,
            "error_title": "应为整数",
            "error_message": f"请填写 {low} 到 {high} 之间的整数。",
        }
    return None


def _put(sheet: Worksheet, row: int, col: int, value: Any, cell_type: str, fmt: _Formats) -> None:
    """Write one model value: numbers as numbers (formatted), everything else as text."""
    if value is None:
        sheet.write_blank(row, col, None, fmt.for_type(cell_type))
    elif isinstance(value, Stated):
        # Excel holds a double; a decimal of up to 15 significant digits is written exactly ("%.16G")
        sheet.write_number(row, col, float(value.value), fmt.percent(value.decimals))
    elif isinstance(value, Decimal | int) and not isinstance(value, bool) and cell_type != "text":
        number_format = (
            fmt.percent(decimals_of(Decimal(value))) if cell_type == "percent" else fmt.for_type(cell_type)
        )
        sheet.write_number(row, col, float(value), number_format)
    elif isinstance(value, list):
        sheet.write_string(row, col, "\n".join(str(item) for item in value), fmt.text)
    else:
        sheet.write_string(row, col, str(value), fmt.text)


def _write_basic(
    sheet: Worksheet, fmt: _Formats, evaluation: Evaluation | None, lists: dict[str, str], top: int = 0
) -> int:
    """The key/value sheet: label | value | note; returns the next free row."""
    if top == 0:
        sheet.set_column(0, 0, 30, fmt.label)
        sheet.set_column(1, 1, 60, fmt.text)
        sheet.set_column(2, 2, 40, fmt.note)
    for col, header in enumerate(("项目", "填写内容", "说明")):
        sheet.write_string(top, col, header, fmt.header)
    sheet.write_comment(top, 1, "在本列填写；带“必填”的项目不能为空。", {"x_scale": 2})
    values = basic_values(evaluation)
    row = top + 1
    for field in layout.BASIC_FIELDS:
        row = _write_field(sheet, fmt, row, field, values.get(field.path), lists)
    sheet.merge_range(row, 0, row, 2, layout.DEPT_SECTION, fmt.section)
    row += 1
    for field in layout.DEPT_FIELDS:
        row = _write_field(sheet, fmt, row, field, values.get(field.path), lists)
    if top == 0:
        sheet.freeze_panes(1, 1)
    return row


def _write_field(
    sheet: Worksheet, fmt: _Formats, row: int, field: layout.Field, value: Any, lists: dict[str, str]
) -> int:
    sheet.write_string(row, 0, field.label + ("（必填）" if field.required else ""), fmt.label)
    _put(sheet, row, 1, value, field.type, fmt)
    sheet.write_string(row, 2, field.note, fmt.note)
    rule = _validation(field.type, field.choices, lists) if lists else None
    if rule:
        sheet.data_validation(row, 1, row, 1, rule)
    if (
        field.type in {"lines", "text"}
        and field.path.startswith("narrative.")
        and field.path != "narrative.title"
    ):
        sheet.set_row(row, 60)
    return row + 1


def _write_table(
    sheet: Worksheet,
    fmt: _Formats,
    columns: tuple[layout.Column, ...],
    rows: list[dict[str, Any]],
    lists: dict[str, str],
    *,
    top: int = 0,
    freeze: tuple[int, int] = (1, 0),
) -> int:
    """A table sheet: a locked, commented header row, then one row per item; returns the next free row."""
    input_rows = max(len(rows), 200)
    for col, column in enumerate(columns):
        locked_label = column.key == "row"
        if top == 0:
            sheet.set_column(col, col, column.width, fmt.label if locked_label else fmt.for_type(column.type))
        sheet.write_string(top, col, column.header, fmt.header)
        sheet.write_comment(top, col, column.comment, {"x_scale": 2, "y_scale": 1.2})
        rule = _validation(column.type, column.choices, lists) if lists else None
        if rule:
            sheet.data_validation(top + 1, col, top + input_rows, col, rule)
    for offset, values in enumerate(rows, start=1):
        for col, column in enumerate(columns):
            value = values.get(column.key)
            if column.key == "row":
                sheet.write_string(top + offset, col, str(value or ""), fmt.label)
            else:
                _put(sheet, top + offset, col, value, column.type, fmt)
    sheet.set_row(top, 32)
    if top == 0:
        sheet.freeze_panes(*freeze)
    return top + len(rows) + 1


def _problem_rows(evaluation: Evaluation | None) -> list[dict[str, Any]]:
    if evaluation is None:
        return []
    problems, measures = evaluation.narrative.problems, evaluation.narrative.measures
    count = max(len(problems), len(measures))
    return [
        {
            "problems": problems[i] if i < len(problems) else None,
            "measures": measures[i] if i < len(measures) else None,
        }
        for i in range(count)
    ]


def _write_readme(sheet: Worksheet, fmt: _Formats) -> None:
    sheet.set_column(0, 0, 110, fmt.note)
    sheet.write_string(0, 0, "预算绩效自评填报模板（jixiao）", fmt.title)
    for row, line in enumerate(README_LINES, start=2):
        sheet.write_string(row, 0, line, fmt.section if line.startswith("【") else fmt.note)
    sheet.protect("", PROTECTION)


def _write_example(sheet: Worksheet, fmt: _Formats, example: Evaluation) -> None:
    """The input sheets' layouts one below the other, filled with a realistic example (read-only)."""
    no_lists: dict[str, str] = {}
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 13, 16)
    row = 0
    sheet.write_string(row, 0, "示例：以下为填写示例（只读），请在各工作表中填写本单位数据", fmt.title)
    row += 2
    for title, columns, rows in (
        (layout.BASIC, None, None),
        (layout.BUDGET, layout.BUDGET_COLUMNS, budget_rows(example, blank_projects=0)),
        (layout.INDICATORS, layout.INDICATOR_COLUMNS, indicator_rows(example)),
        (layout.RATES, layout.RATE_COLUMNS, rate_rows(example)),
        (layout.PROBLEMS, layout.PROBLEM_COLUMNS, _problem_rows(example)),
    ):
        sheet.write_string(row, 0, f"【{title}】", fmt.section)
        row += 1
        if columns is None:
            row = _write_basic(sheet, fmt, example, no_lists, top=row)
        else:
            row = _write_table(sheet, fmt, columns, rows or [], no_lists, top=row)
        row += 1
    sheet.protect("", PROTECTION)
