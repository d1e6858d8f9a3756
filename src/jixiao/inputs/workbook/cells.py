"""One workbook cell → one model value, or a located Chinese Issue.

Excel stores every number as a binary double, and openpyxl hands it over as ``float``. A float never
reaches the model: it is read back as the decimal Excel shows at full precision (15 significant
digits, Excel's own precision, so ``149.26999999999998`` from a formula is ``149.27``). Figures the
author *states* (rates, shares, scores) are further rounded half-up to the decimals the cell's number
format displays, because what the author saw and printed is the statement; primary facts (amounts,
weights) keep every digit typed. A cell in percent format (``0.00%``, what Excel makes of a typed
``99.83%``) holds a fraction and is multiplied by 100.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from jixiao.inputs.structured.normalise import DIRECTIONS
from jixiao.inputs.workbook import layout
from jixiao.issues import Issue, Severity
from jixiao.model import Span
from jixiao.numbers import NumberError, bounded, normalise_digits, parse_amount, parse_percent, round_half_up

CODE_VALUE = "INP024"  # a cell holds a value of the wrong kind
CODE_NEGATIVE = "INP025"  # a negative amount or score
CODE_REQUIRED = "INP026"  # a required cell is empty
CODE_STRUCTURE = "INP027"  # an indicator row with no place in the tree, a project row without a name

_DECIMALS_RE = re.compile(r"0\.(0+)")
_QUOTED_RE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


@dataclass
class Cell:
    """A cell's value and number format, with where it stands."""

    sheet: str
    row: int  # 1-based, as Excel shows it
    column: str  # letter
    header: str  # the column header or row label, for messages
    value: Any
    number_format: str = "General"

    @property
    def ref(self) -> str:
        return f"{self.column}{self.row}"

    @property
    def span(self) -> Span:
        return Span(sheet=self.sheet, line=self.row, column=self.column)

    @property
    def empty(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


@dataclass
class CellIssues:
    """Issues of one workbook, each naming the sheet, the row and the column."""

    file: str
    issues: list[Issue] = field(default_factory=list)

    def error(self, cell: Cell, problem: str, *, code: str = CODE_VALUE, hint: str | None = None) -> None:
        self.issues.append(
            Issue(
                code=code,
                severity=Severity.ERROR,
                message=f"工作表“{cell.sheet}”第 {cell.row} 行“{cell.header}”（{cell.ref}）：{problem}",
                file=self.file,
                sheet=cell.sheet,
                cell=cell.ref,
                hint=hint,
            )
        )


def format_decimals(number_format: str) -> int | None:
    """Decimals a number format displays (``0.00`` → 2, ``0`` → 0, ``0.0%`` → 1); None for General/text."""
    section = _QUOTED_RE.sub("", (number_format or "General").split(";")[0])
    if section.lower() in {"general", "@", ""}:
        return None
    match = _DECIMALS_RE.search(section)
    if match:
        return len(match.group(1))
    return 0 if "0" in section or "#" in section else None


def decimal_of(value: float | int) -> Decimal:
    """An Excel number as the decimal Excel shows at full precision (15 significant digits)."""
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(f"{value:.15g}")


def _plain(value: Decimal) -> str:
    return format(value, "f")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _shown_percent(cell: Cell) -> tuple[Decimal, int | None]:
    """A number cell as a percent value and the decimals it shows (a ``%`` format holds a fraction)."""
    value = decimal_of(cell.value)
    decimals = format_decimals(cell.number_format)
    if "%" in (cell.number_format or ""):
        value *= 100
    if decimals is not None:
        value = round_half_up(value, decimals)
    return value, decimals


def text_of(cell: Cell) -> str | None:
    """Any cell as the text the user sees (numbers without float noise, percents with ``%``)."""
    if cell.empty:
        return None
    if isinstance(cell.value, str):
        return cell.value.strip()
    if _is_number(cell.value):
        if "%" in (cell.number_format or ""):
            value, _ = _shown_percent(cell)
            return f"{_plain(value)}%"
        return (
            _plain(decimal_of(cell.value).normalize()) if isinstance(cell.value, float) else str(cell.value)
        )
    if isinstance(cell.value, datetime | date):
        return cell.value.isoformat()
    return str(cell.value)


def convert(cell: Cell, cell_type: layout.CellType, out: CellIssues) -> Any:
    """The model value of a cell for a column or field of ``cell_type``; None (with an issue) if wrong."""
    if cell.empty:
        return None
    if cell_type in {"text", "stated"}:
        return text_of(cell)
    if cell_type == "lines":
        lines = [line.strip() for line in (text_of(cell) or "").splitlines()]
        return [line for line in lines if line] or None
    if cell_type in {"int", "year"}:
        return _integer(cell, out)
    if cell_type == "amount":
        return _amount(cell, out)
    if cell_type == "score":
        return _score(cell, out)
    if cell_type == "percent":
        return _percent(cell, out)
    return _choice(cell, cell_type, out)


def _integer(cell: Cell, out: CellIssues) -> int | None:
    value = cell.value
    if isinstance(value, str):
        try:
            value = Decimal(normalise_digits(value).strip().replace(",", ""))
        except InvalidOperation:
            value = None
    elif _is_number(value):
        value = decimal_of(value)
    else:
        value = None
    if value is None or value != value.to_integral_value():
        out.error(cell, f"应为整数，填写的是“{text_of(cell)}”")
        return None
    if value < 0:
        out.error(cell, "不能为负数", code=CODE_NEGATIVE)
        return None
    return int(value)


def _amount(cell: Cell, out: CellIssues) -> Decimal | None:
    if _is_number(cell.value):
        value = decimal_of(cell.value)
    elif isinstance(cell.value, str):
        try:
            value = parse_amount(cell.value, default_unit="万元").wanyuan
        except NumberError:
            out.error(
                cell,
                f"“{cell.value.strip()}”不是金额",
                hint="金额填数字（单位万元），如 303.06；或带单位，如 881300.39元",
            )
            return None
    else:
        out.error(cell, f"应为数字，填写的是“{text_of(cell)}”")
        return None
    if not _within_bounds(value, cell, out):
        return None
    if value < 0:
        out.error(cell, f"金额不能为负数（填写的是 {_plain(value)}）", code=CODE_NEGATIVE)
        return None
    return value


def _score(cell: Cell, out: CellIssues) -> Decimal | None:
    if _is_number(cell.value):
        value = decimal_of(cell.value)
        decimals = format_decimals(cell.number_format)
        value = value if decimals is None else round_half_up(value, decimals)
    elif isinstance(cell.value, str):
        try:
            value = Decimal(normalise_digits(cell.value).strip().removesuffix("分").strip())
        except InvalidOperation:
            out.error(cell, f"“{cell.value.strip()}”不是分数", hint="得分填数字，如 9.98")
            return None
    else:
        out.error(cell, f"应为数字，填写的是“{text_of(cell)}”")
        return None
    if not _within_bounds(value, cell, out):
        return None
    if value < 0:
        out.error(cell, "分数不能为负数", code=CODE_NEGATIVE)
        return None
    return value


def _within_bounds(value: Decimal, cell: Cell, out: CellIssues) -> bool:
    """A number beyond any figure (1e999999, NaN, 10^300) is the user's mistake, never a crash later."""
    try:
        bounded(value)
    except NumberError as exc:
        out.error(cell, str(exc))
        return False
    return True


def _percent(cell: Cell, out: CellIssues) -> str | None:
    """A stated rate as the text the loader parses (``99.83%``), keeping the decimals shown."""
    if _is_number(cell.value):
        value, _ = _shown_percent(cell)
        return f"{_plain(value)}%"
    if isinstance(cell.value, str):
        try:
            parse_percent(cell.value.strip())
        except NumberError:
            out.error(cell, f"“{cell.value.strip()}”不是百分数", hint="百分数填 99.83 或 99.83%")
            return None
        return cell.value.strip()
    out.error(cell, f"应为百分数，填写的是“{text_of(cell)}”")
    return None


_CHOICES: dict[str, dict[str, str]] = {
    "kind": {label: key for key, label in layout.KIND_LABELS.items()}
    | {"部门": "department", "部门整体支出": "department", "项目支出": "project"},
    "indicator_kind": {label: key for key, label in layout.INDICATOR_KIND_LABELS.items()}
    | {"预算执行率": "execution_rate"},
    "direction": dict(DIRECTIONS),
    "record_kind": {label: key for key, label in layout.RECORD_KIND_LABELS.items()}
    | {"信访": "xinfang", "信访台账": "xinfang", "台账": "table"},
    "days": {label: key for key, label in layout.DAYS_LABELS.items()},
}


def _choice(cell: Cell, cell_type: str, out: CellIssues) -> str | None:
    text = text_of(cell) or ""
    key = {"kind": "kind"}.get(cell_type) or _choice_list(cell.header)
    if key is None:
        return text
    mapping = _CHOICES[key]
    if text in mapping:
        return mapping[text]
    if text in mapping.values():
        return text
    labels = "、".join(dict.fromkeys(k for k in mapping if not k.isascii() or key == "direction"))
    out.error(cell, f"“{text}”不是可选值", hint=f"请从下拉列表中选择：{labels}")
    return None


def _choice_list(header: str) -> str | None:
    """Which enumeration a ``choice`` column maps through (band, grade and rule set stay as written)."""
    return {
        "指标类型": "indicator_kind",
        "方向": "direction",
        "台账类型": "record_kind",
        "计日方式": "days",
    }.get(header)
