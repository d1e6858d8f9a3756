"""A 信访 register on its own: every standard measure with k/n, for a year or month by month
(``jixiao records xinfang``, the web dashboard)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jixiao.records import xinfang
from jixiao.records.engine import Days, Measurement, Period, evaluate
from jixiao.records.formula import FormulaError, parse_formula
from jixiao.records.table import Table, read_file


@dataclass
class MeasureRow:
    measure: xinfang.StandardMeasure
    measurement: Measurement | None
    error: str | None = None


def read_register(path: Path, *, sheet: str | None = None, header_row: int | None = None) -> Table:
    """The register's columns, typed (problems of reading are in ``table.problems``)."""
    return read_file(path, "信访台账", list(xinfang.COLUMNS), sheet=sheet, header_row=header_row)


def readable(table: Table) -> bool:
    return table.header_row is not None and "编号" in table.columns and "登记日期" in table.columns


def measure_register(table: Table, period: Period, days: Days = "calendar") -> list[MeasureRow]:
    """Every standard measure over a register read by :func:`read_register` (completed and validated here)."""
    if not readable(table):
        return [MeasureRow(measure, None, "台账无法读取") for measure in xinfang.MEASURES]
    if "处理日期" not in table.columns:
        xinfang.complete(table)
        xinfang.validate(table, period)
    rows = []
    for measure in xinfang.MEASURES:
        try:
            rows.append(MeasureRow(measure, evaluate(parse_formula(measure.formula), table, period, days)))
        except FormulaError as exc:  # a built-in formula always fits a completed register
            rows.append(MeasureRow(measure, None, str(exc)))
    return rows


def months(year: int) -> list[Period]:
    return [Period(date(year, m, 1), date(year, m, calendar.monthrange(year, m)[1])) for m in range(1, 13)]


def monthly(table: Table, year: int, days: Days = "calendar") -> dict[str, list[Measurement | None]]:
    """Each standard measure for each month of ``year`` (a month is the period: 年初/年末 are its first and
    last day), for charts; the register is completed and validated against the whole year first."""
    if not readable(table):
        return {}
    measure_register(table, Period.year(year), days)
    series: dict[str, list[Measurement | None]] = {}
    for measure in xinfang.MEASURES:
        parsed = parse_formula(measure.formula)
        series[measure.name] = [evaluate(parsed, table, month, days) for month in months(year)]
    return series
