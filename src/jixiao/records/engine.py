"""Evaluating a parsed formula over a table: whole counts k and n, and the exact Decimal value.

Filters use three-valued logic: a comparison with an empty cell is *unknown*, and only rows whose
filter is *true* count (``评价 = 满意`` neither counts nor excludes a row without 评价; ``非`` of
unknown is unknown).

Days are calendar days unless the source says ``days: working`` (Monday to Friday; public holidays
and their make-up working days are not known to jixiao). ``B - A`` is the number of days after A up to and
including B, so a matter accepted on 1 March and concluded on 30 April took 60 days.

``within(START, END, LIMIT)`` counts a row in the period in which its outcome became known: the day END
came if it came in time, else the day the limit ran out (START + LIMIT). A row still open whose limit runs
past the period's end is not yet due (``pending``) and is not counted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from jixiao.records.formula import (
    Arith,
    Compare,
    Empty,
    Expr,
    Filter,
    FormulaError,
    InYear,
    Logic,
    Measure,
    Member,
    Name,
    Not,
    YearBound,
)
from jixiao.records.formula import (
    Literal as LiteralValue,
)
from jixiao.records.table import Problem, Table, is_personal
from jixiao.records.values import Invalid, TextKey, Value, literal_value

HUNDRED = Decimal(100)
Days = Literal["calendar", "working"]
Tri = bool | None
RowExpr = Callable[[int], Value]
RowFilter = Callable[[int], Tri]


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


@dataclass
class Measurement:
    """The result of one formula over one table."""

    kind: str
    k: Decimal  # the count, the sum, or the total of days
    n: int | None  # the base of a share, ratio, within or average
    value: Decimal | None  # k, the sum, 100·k/n (percent) or the mean days; None when n = 0
    unit: str  # 件, %, 天 or ""
    rows: int  # records the measure looked at (those that passed its base or filter)
    pending: int = 0  # within: still open and not yet due at the period's end
    skipped: int = 0  # left out for an empty or unusable value


# --- days -----------------------------------------------------------------------------------------


def working_days_between(start: date, end: date) -> int:
    """Monday-to-Friday days after ``start`` up to and including ``end`` (negative when end < start)."""
    if end < start:
        return -working_days_between(end, start)
    weeks, extra = divmod((end - start).days, 7)
    weekday = start.weekday()
    return weeks * 5 + sum(1 for step in range(1, extra + 1) if (weekday + step) % 7 < 5)


def add_working_days(start: date, days: int) -> date:
    weeks, extra = divmod(days, 5)
    day = start + timedelta(weeks=weeks)
    while extra > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            extra -= 1
    return day


class _Compiler:
    def __init__(self, table: Table, period: Period, days: Days) -> None:
        self.table = table
        self.period = period
        self.days = days
        self.problems: dict[tuple[int, str], Problem] = {}

    # --- reporting a cell that does not fit the formula
    def _blame(self, row: int, columns: tuple[str, ...], message: str) -> None:
        name = columns[0] if columns else ""
        key = (row, name)
        if key not in self.problems and len(self.problems) < 10_000:
            column = self.table.columns.get(name)
            self.problems[key] = Problem(
                "REC010",
                message,
                row=self.table.rows[row],
                column=column.header if column else None,
                letter=column.letter if column else None,
            )

    # --- expressions
    def columns_of(self, expr: Expr) -> tuple[str, ...]:
        if isinstance(expr, Name) and expr.text in self.table.columns:
            return (expr.text,)
        if isinstance(expr, Arith):
            return self.columns_of(expr.left) + self.columns_of(expr.right)
        return ()

    def column(self, expr: Expr, role: str) -> RowExpr:
        """An expression that must read at least one column (the subject of a condition)."""
        if not self.columns_of(expr):
            if isinstance(expr, Name):
                if is_personal(expr.text):
                    raise FormulaError(f"“{expr.text}”是含个人信息的列，公式不能使用")
                if expr.text in self.table.ignored:
                    raise FormulaError(f"台账的“{expr.text}”列未读取（请重新读取或上传台账）")
                raise FormulaError(f"台账中没有“{expr.text}”列（{role}）")
            raise FormulaError(f"{role}应包含台账中的列")
        return self.expr(expr)

    def expr(self, expr: Expr) -> RowExpr:
        if isinstance(expr, Name):
            if expr.text in self.table.columns:
                values = self.table.columns[expr.text].values
                return values.__getitem__
            if expr.quoted_column:
                raise FormulaError(f"台账中没有“{expr.text}”列")
            if expr.text in self.table.ignored:  # a column of the file that was not read
                raise FormulaError(f"台账的“{expr.text}”列未读取（请重新读取或上传台账）")
            return self._value(expr.text)
        if isinstance(expr, LiteralValue):
            if expr.days:
                return self._constant(Decimal(expr.text), expr.text)
            return self._value(expr.text)
        if isinstance(expr, YearBound):
            bound = self.period.end if expr.end else self.period.start
            return lambda _row: bound
        return self._arith(expr)

    def _value(self, text: str) -> RowExpr:
        """A value written in the formula; a stored table compares only with the text values it kept."""
        value = literal_value(text)
        kept = self.table.kept
        if kept is not None and isinstance(value, TextKey) and value not in kept:
            raise FormulaError(f"上传的台账未保留取值“{text}”，无法比较（请重新上传台账后再计算）")
        return self._constant(value, text)

    @staticmethod
    def _constant(value: Value | Invalid, text: str) -> RowExpr:
        if isinstance(value, Invalid):
            raise FormulaError(f"“{text}”{value.reason}")
        return lambda _row: value

    def _arith(self, expr: Arith) -> RowExpr:
        left, right = self.expr(expr.left), self.expr(expr.right)
        columns = self.columns_of(expr)
        subtract = expr.op == "-"
        working = self.days == "working"

        def apply(row: int) -> Value:
            a, b = left(row), right(row)
            if a is None or b is None:
                return None
            if isinstance(a, date) and isinstance(b, date) and subtract:
                return Decimal(working_days_between(b, a) if working else (a - b).days)
            if isinstance(a, date) and isinstance(b, Decimal) and b == b.to_integral_value():
                step = int(-b if subtract else b)
                return add_working_days(a, step) if working and step >= 0 else a + timedelta(days=step)
            if isinstance(a, Decimal) and isinstance(b, Decimal):
                return a - b if subtract else a + b
            self._blame(row, columns, "值与公式的运算不符（日期与数字、文字不能这样相加减）")
            return None

        return apply

    # --- filters
    def filter(self, node: Filter | None) -> RowFilter:
        if node is None:
            return lambda _row: True
        if isinstance(node, Logic):
            parts = [self.filter(part) for part in node.parts]
            return _all(parts) if node.op == "and" else _any(parts)
        if isinstance(node, Not):
            inner = self.filter(node.part)

            def negate(row: int) -> Tri:
                value = inner(row)
                return None if value is None else not value

            return negate
        if isinstance(node, Empty):
            subject = self.column(node.column, "为空的判断")
            negated = node.negated
            return lambda row: (subject(row) is not None) if negated else (subject(row) is None)
        if isinstance(node, InYear):
            subject = self.column(node.column, "属于本年度的判断")
            period = self.period
            return lambda row: None if (day := subject(row)) is None else day in period
        if isinstance(node, Member):
            return self._member(node)
        return self._compare(node)

    def _member(self, node: Member) -> RowFilter:
        subject = self.column(node.column, "in 的左边")
        options = {self.expr(value)(0) for value in node.values if not self.columns_of(value)}
        if len(options) != len(node.values):
            raise FormulaError("in [ ] 中应为值，不能是列")
        negated = node.negated

        def member(row: int) -> Tri:
            value = subject(row)
            if value is None:
                return None
            return (value not in options) if negated else (value in options)

        return member

    def _compare(self, node: Compare) -> RowFilter:
        if not self.columns_of(node.left) and not self.columns_of(node.right):
            self.column(node.left, "比较的左边")  # names the missing column
        left, right = self.expr(node.left), self.expr(node.right)
        columns = self.columns_of(node.left) + self.columns_of(node.right)
        op = node.op

        def compare(row: int) -> Tri:
            a, b = left(row), right(row)
            if a is None or b is None:
                return None
            if type(a) is not type(b) and not (isinstance(a, TextKey) and isinstance(b, TextKey)):
                self._blame(row, columns, "值的类型与比较的另一边不符")
                return None
            if op == "=":
                return a == b
            if op == "!=":
                return a != b
            if isinstance(a, TextKey):
                self._blame(row, columns, "值是文字，不能比较大小")
                return None
            if op == "<":
                return a < b  # type: ignore[operator]
            if op == "<=":
                return a <= b  # type: ignore[operator]
            if op == ">":
                return a > b  # type: ignore[operator]
            return a >= b  # type: ignore[operator]

        return compare


def _all(parts: list[RowFilter]) -> RowFilter:
    def conjunction(row: int) -> Tri:
        unknown = False
        for part in parts:
            value = part(row)
            if value is False:
                return False
            unknown = unknown or value is None
        return None if unknown else True

    return conjunction


def _any(parts: list[RowFilter]) -> RowFilter:
    def disjunction(row: int) -> Tri:
        unknown = False
        for part in parts:
            value = part(row)
            if value is True:
                return True
            unknown = unknown or value is None
        return None if unknown else False

    return disjunction


def _percent(k: int, n: int) -> Decimal | None:
    return Decimal(k) * HUNDRED / Decimal(n) if n else None


def evaluate(measure: Measure, table: Table, period: Period, days: Days = "calendar") -> Measurement:
    """Compute ``measure`` over ``table``; raises :class:`FormulaError` for a formula that does not fit
    the table (an unknown column); cells that do not fit are problems of the table (REC010/REC011)."""
    compiler = _Compiler(table, period, days)
    rows = range(len(table))
    where = compiler.filter(measure.where)
    kind = measure.kind
    if kind == "count":
        k = sum(1 for row in rows if where(row) is True)
        result = Measurement(kind, Decimal(k), None, Decimal(k), "件", k)
    elif kind in ("share", "ratio"):
        base = compiler.filter(measure.base)
        in_base = [row for row in rows if base(row) is True]
        if kind == "share":
            k = sum(1 for row in in_base if where(row) is True)
        else:
            k = sum(1 for row in rows if where(row) is True)
        result = Measurement(kind, Decimal(k), len(in_base), _percent(k, len(in_base)), "%", len(in_base))
    elif kind == "sum":
        assert measure.column is not None
        column = compiler.column(measure.column, "合计的列")
        total, used, skipped = Decimal(0), 0, 0
        for row in rows:
            if where(row) is not True:
                continue
            value = column(row)
            if isinstance(value, Decimal):
                total += value
                used += 1
            else:
                skipped += 1
                if value is not None:
                    compiler._blame(row, compiler.columns_of(measure.column), "值不是数字，未计入合计")
        result = Measurement(kind, total, None, total, "", used, skipped=skipped)
    else:
        result = _timed(measure, compiler, where)
    known = {(problem.code, problem.row, problem.column) for problem in table.problems}
    table.problems.extend(p for p in compiler.problems.values() if (p.code, p.row, p.column) not in known)
    return result


def _timed(measure: Measure, compiler: _Compiler, where: RowFilter) -> Measurement:
    """avg_days and within: days from START to END, in the period."""
    assert measure.start is not None
    assert measure.end is not None
    start = compiler.column(measure.start, "开始日期")
    end = compiler.column(measure.end, "结束日期")
    limit = compiler.expr(measure.limit) if measure.limit is not None else None
    end_columns = compiler.columns_of(measure.end)
    period, working = compiler.period, compiler.days == "working"
    total, n, k, pending, skipped = Decimal(0), 0, 0, 0, 0
    for row in range(len(compiler.table)):
        if where(row) is not True:
            continue
        begun, finished = start(row), end(row)
        if not isinstance(begun, date) or (finished is not None and not isinstance(finished, date)):
            skipped += 1
            continue
        if finished is not None and finished < begun:
            column = compiler.table.columns.get(end_columns[0]) if end_columns else None
            if column is not None and column.letter is not None:  # a derived column's order is the schema's
                problem = Problem(
                    "REC011",
                    "早于开始日期，该行未计入",
                    row=compiler.table.rows[row],
                    column=column.header,
                    letter=column.letter,
                )
                compiler.problems.setdefault((row, "REC011"), problem)
            skipped += 1
            continue
        taken = (
            Decimal(working_days_between(begun, finished) if working else (finished - begun).days)
            if finished
            else None
        )
        if limit is None:  # avg_days: rows concluded in the period
            if taken is not None and finished in period:
                total += taken
                n += 1
            continue
        allowed = limit(row)
        if not isinstance(allowed, Decimal):
            skipped += 1
            continue
        deadline = add_working_days(begun, int(allowed)) if working else begun + timedelta(days=int(allowed))
        on_time = taken is not None and taken <= allowed
        known = finished if on_time else deadline
        if finished is None and deadline > period.end:
            if begun <= period.end:
                pending += 1
            continue
        if known in period:
            n += 1
            k += on_time
    if limit is None:
        mean = total / n if n else None
        return Measurement("avg_days", total, n, mean, "天", n, skipped=skipped)
    return Measurement("within", Decimal(k), n, _percent(k, n), "%", n, pending=pending, skipped=skipped)
