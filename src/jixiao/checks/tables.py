"""Tables (TAB): in any table of a published report, totals against their parts, for every numeric column.

These checks read the report's Document and facts (``Context.document``/``facts``), not the canonical
model, so they hold for whatever table states the figures. Precision first (ADR 0018): an error only where
the table's structure is certain — the same rows add up in another column, or the same columns in other
rows, or the table is simple enough to admit one reading; a warning where the reading is plausible; an
info, once, where a total could not be matched to any reading of the table.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from jixiao.checks._facts import slack, terms
from jixiao.checks._grid import TOTAL_WORDS, Grid, Row, grids_of
from jixiao.checks._support import fmt
from jixiao.checks.registry import Context, check
from jixiao.issues import Issue, Severity


@dataclass(slots=True)
class Reading:
    """One way of reading which rows (or columns) a total adds up."""

    name: str  # above / above-nested / below / below-nested / left / right / others
    parts: list[Row] | list[int]
    matched: int = 0  # columns (or rows) where the parts add up to the total
    mismatched: int = 0


def _is_boundary(row: Row) -> bool:
    """A row of texts only, two or more: a section header inside the table (``二、支出``)."""
    return not row.cells and row.texts >= 2


def _plain(row: Row, excluded: frozenset[int]) -> bool:
    """A row that is a part of the total in its own right (not of a row above it, ``其中``); ``excluded``
    holds the rows after a ``其中`` row read as further parts of it."""
    return bool(row.cells) and not row.part and row.index not in excluded


def _leaves(
    rows: list[Row], start: int, step: int, excluded: frozenset[int] = frozenset()
) -> tuple[list[Row], int]:
    """The plain rows from ``start`` going ``step`` until a total row, a boundary or the table's edge:
    (rows, index where it stopped)."""
    found = []
    i = start
    while 0 <= i < len(rows):
        row = rows[i]
        if row.total or _is_boundary(row):
            break
        if _plain(row, excluded):
            found.append(row)
        i += step
    return found, i


def _nested(rows: list[Row], start: int, step: int, excluded: frozenset[int] = frozenset()) -> list[Row]:
    """Subtotal rows and the plain rows no subtotal covers, from ``start`` going ``step``; empty when
    there is no subtotal (the plain reading says it all)."""
    found: list[Row] = []
    i = start
    subtotals = 0
    while 0 <= i < len(rows):
        row = rows[i]
        if _is_boundary(row):
            break
        if row.total:
            found.append(row)
            subtotals += 1
            # a subtotal covers the plain rows on the far side of it (above it when totals stand below
            # their parts, below it when they stand above)
            _covered, i = _leaves(rows, i + step, step, excluded)
            continue
        if _plain(row, excluded):
            found.append(row)
        i += step
    return found if subtotals else []


MAX_CUTS = 64  # readings of where the rows after 其中 rows stop being parts of them, at most


def _cuts(rows: list[Row]) -> list[frozenset[int]]:
    """The ways of reading the unnumbered rows after a ``其中`` row: the first k of each run are further
    parts of it (left out of the total), the rest parts of the total in their own right — every k from 0
    to the run's length (``一般公共服务支出 / 其中：行政运行 / 一般行政管理事务 / 社会保障和就业支出``)."""
    runs: list[list[int]] = []
    for previous, row in zip([None, *rows], rows, strict=False):
        if row.maybe_part:
            if previous is not None and previous.maybe_part and runs:
                runs[-1].append(row.index)
            else:
                runs.append([row.index])
    options: list[frozenset[int]] = [frozenset()]
    for run in runs:
        grown = [option | frozenset(run[:k]) for option in options for k in range(len(run) + 1)]
        if len(grown) > MAX_CUTS:
            # too many: each run all in or all out, as the two plain readings
            return [frozenset(), frozenset(i for run in runs for i in run)]
        options = grown
    return options


MAX_TREE = 200  # rows of a block read as a hidden hierarchy, at most


def _tree(grid: Grid, block: list[Row]) -> list[Row]:
    """The top rows of a block whose hierarchy the text does not show (``一般公共服务支出 300 / 人大事务 300
    / 行政运行 200 / 其他人大事务支出 100``, indentation lost): read in order, a row followed by rows that
    add up to it is their parent, and they (with their own children) are left out. Read in the column with
    the most figures; empty when no row is a parent."""
    block = [row for row in block if not row.part][:MAX_TREE]
    columns = sorted(grid.summable, key=lambda c: -sum(1 for row in block if c in row.cells))
    if not block or not columns:
        return []
    column = columns[0]
    values = [grid.value(row, column) for row in block]
    top: list[Row] = []
    parents = 0

    def node(i: int, depth: int) -> int:
        """The index after row ``i`` and its children."""
        nonlocal parents
        own = values[i]
        if own is None or depth > 8:
            return i + 1
        j, total, children = i + 1, Decimal(0), []
        while j < len(block) and total < own and values[j] is not None:
            children.append(values[j] or Decimal(0))
            total += values[j] or Decimal(0)
            j = node(j, depth + 1)
        if children and abs(total - own) <= slack([*children, own]):
            parents += 1
            return j
        return i + 1

    i = 0
    while i < len(block):
        top.append(block[i])
        i = node(i, 0)
    return top if parents else []


def _row_readings(grid: Grid, position: int) -> list[Reading]:
    rows = grid.rows
    readings: list[Reading] = []
    below_rows, _ = _leaves(rows, position + 1, 1)
    above_rows, _ = _leaves(rows, position - 1, -1)
    for name, block in (
        ("below-tree", below_rows),
        ("above-tree", sorted(above_rows, key=lambda r: r.index)),
    ):
        parts = _tree(grid, block)
        if parts:
            readings.append(Reading(name, parts))
    for excluded in _cuts(rows):
        above, _ = _leaves(rows, position - 1, -1, excluded)
        below, _ = _leaves(rows, position + 1, 1, excluded)
        for name, parts in (
            ("above", above),
            ("above-nested", _nested(rows, position - 1, -1, excluded)),
            ("below", below),
            ("below-nested", _nested(rows, position + 1, 1, excluded)),
        ):
            ordered = sorted(parts, key=lambda row: row.index)
            if ordered and all(r.parts != ordered for r in readings):
                readings.append(Reading(name + ("+" if excluded else ""), ordered))
    return readings


@dataclass(slots=True)
class Gap:
    """A total that its parts do not add up to."""

    total: Row
    column: int
    parts: list[Row]
    values: list[Decimal]
    difference: Decimal
    certain: bool
    reading: str


def _compare(grid: Grid, total: Row, column: int, parts: list[Row]) -> tuple[Decimal, list[Decimal]] | None:
    """(Σ parts − total, the parts' values) in ``column``; None when the total or every part is empty."""
    stated = grid.value(total, column)
    values = [v for v in (grid.value(row, column) for row in parts) if v is not None]
    if stated is None or not values:
        return None
    return sum(values, Decimal(0)) - stated, values


def _within(difference: Decimal, values: list[Decimal], total: Decimal) -> bool:
    return abs(difference) <= slack([*values, total])


def _scored(grid: Grid, total: Row, position: int, compared: list[int]) -> list[Reading]:
    """The readings of a total row, each with the columns it matches and misses."""
    readings = _row_readings(grid, position)
    for reading in readings:
        for column in compared:
            found = _compare(grid, total, column, reading.parts)  # type: ignore[arg-type]
            if found is None:
                continue
            difference, values = found
            if _within(difference, values, grid.value(total, column) or Decimal(0)):
                reading.matched += 1 if any(values) else 0
            else:
                reading.mismatched += 1
    return readings


def row_total_gaps(grid: Grid) -> tuple[list[Gap], list[Row]]:
    """The gaps of every total row, and the total rows no reading of the table could match."""
    gaps: list[Gap] = []
    unread: list[Row] = []
    columns = sorted(grid.summable)
    totals = []
    for position, total in enumerate(grid.rows):
        compared = [c for c in columns if c in total.cells] if total.total else []
        if compared:
            totals.append((position, total, compared, _scored(grid, total, position, compared)))
    # a table states its totals on one side of their parts: the side where totals add up decides
    sides = {"above": 0, "below": 0}
    for _position, _total, _compared, readings in totals:
        for reading in readings:
            if reading.matched and not reading.mismatched:
                sides[reading.name.split("-")[0].rstrip("+")] += 1
    side = None if sides["above"] == sides["below"] else max(sides, key=sides.__getitem__)
    for position, total, compared, found in totals:
        readings = [r for r in found if side is None or r.name.startswith(side)] or found
        if all(r.matched == 0 and r.mismatched == 0 for r in readings):
            continue
        best = max(readings, key=lambda r: (r.matched, -r.mismatched))
        if best.mismatched == 0 or _cut_short(grid, total, readings, compared):
            continue
        if best.matched == 0:
            chosen = _plain_reading(grid, position, readings, compared)
            if chosen is None:
                unread.append(total)
                continue
            best, certain = chosen
        else:
            certain = True
        for column in compared:
            compared_sum = _compare(grid, total, column, best.parts)  # type: ignore[arg-type]
            if compared_sum is None:
                continue
            difference, values = compared_sum
            if not _within(difference, values, grid.value(total, column) or Decimal(0)):
                gaps.append(Gap(total, column, best.parts, values, difference, certain, best.name))  # type: ignore[arg-type]
    return gaps, unread


def _cut_short(grid: Grid, total: Row, readings: list[Reading], compared: list[int]) -> bool:
    """A total above its parts that they fall short of, in a table that ends the document: the excerpt
    (or the page) most likely stops inside the table, and nothing can be said."""
    if not grid.last or any(not r.name.startswith("below") for r in readings):
        return False
    for reading in readings:
        for column in compared:
            found = _compare(grid, total, column, reading.parts)  # type: ignore[arg-type]
            if found is not None and found[0] > 0:
                return False
    return True


def _plain_reading(
    grid: Grid, position: int, readings: list[Reading], compared: list[int]
) -> tuple[Reading, bool] | None:
    """The one reading of a total no column confirms, and whether it is certain; None when the table
    admits several readings (the layout was not understood)."""
    names = {r.name: r for r in readings}
    above, below = names.get("above"), names.get("below")
    if len(readings) > 1 or len(compared) > 1:
        return None  # several readings, or every column disagrees: most likely a misread layout
    reading = above or below
    if reading is None:
        return None
    rows = grid.rows
    if reading is above:
        first = rows.index(reading.parts[0])  # type: ignore[arg-type]
        # the block starts at the header: nothing of the table above it that could be another part
        certain = all(not r.cells for r in rows[:first]) and all(
            not r.cells or r.part for r in rows[position + 1 :]
        )
        return reading, certain
    # a total above its parts: the table may go on past the end of an excerpt or a page
    column = compared[0]
    found = _compare(grid, rows[position], column, reading.parts)  # type: ignore[arg-type]
    if found is None:
        return None
    difference, _values = found
    if difference < 0 and grid.last:
        return None  # the parts fall short of the total and the table ends the document: cut off?
    return reading, difference > 0 and all(not r.cells for r in rows[:position])


@dataclass(slots=True)
class ColumnGap:
    row: Row
    total: int
    parts: list[int]
    values: list[Decimal]
    difference: Decimal
    certain: bool


def _is_total_column(header: str) -> bool:
    return any(word in header.replace(" ", "") for word in TOTAL_WORDS)


def column_total_gaps(grid: Grid) -> list[ColumnGap]:
    """Rows where a total column (合计/小计 in its header) differs from the columns it adds up."""
    columns = sorted(grid.summable)
    totals = [c for c in columns if _is_total_column(grid.headers.get(c, ""))]
    gaps: list[ColumnGap] = []
    for total in totals:
        others = [c for c in columns if c != total and c not in totals]
        candidates: list[list[int]] = []
        right = [c for c in others if c > total]
        left = [c for c in others if c < total]
        for k in range(1, len(right) + 1):
            candidates.append(right[:k])
        for k in range(1, len(left) + 1):
            candidates.append(left[-k:])
        if others and others not in candidates:
            candidates.append(others)
        best: tuple[int, int, list[int]] | None = None
        for parts in candidates:
            matched = mismatched = 0
            for row in grid.rows:
                found = _column_compare(grid, row, total, parts)
                if found is None:
                    continue
                difference, values = found
                if _within(difference, values, grid.value(row, total) or Decimal(0)):
                    matched += 1 if sum(1 for v in values if v) >= 2 else 0
                else:
                    mismatched += 1
            key = (matched, -mismatched, len(parts))
            if best is None or key > (best[0], -best[1], len(best[2])):
                best = (matched, mismatched, parts)
        if best is None or best[1] == 0 or best[0] == 0:
            continue
        matched, mismatched, parts = best
        certain = matched >= 2 and matched >= 2 * mismatched
        for row in grid.rows:
            found = _column_compare(grid, row, total, parts)
            if found is None:
                continue
            difference, values = found
            if not _within(difference, values, grid.value(row, total) or Decimal(0)):
                gaps.append(ColumnGap(row, total, parts, values, difference, certain))
    return gaps


def _column_compare(
    grid: Grid, row: Row, total: int, parts: list[int]
) -> tuple[Decimal, list[Decimal]] | None:
    stated = grid.value(row, total)
    values = [v for v in (grid.value(row, c) for c in parts) if v is not None]
    if stated is None or not values or len(values) < len(parts):
        return None
    return sum(values, Decimal(0)) - stated, values


def _named(grid: Grid) -> str:
    return f"表“{grid.caption[:30]}”" if grid.caption else "表格"


def _header(grid: Grid, column: int) -> str:
    header = grid.headers.get(column, "")
    return f"“{header.split('/')[-1]}”" if header else f"第{column + 1}列"


@check("TAB001", name="tables.total-is-sum-of-parts", group="tables")
def total_is_sum_of_parts(ctx: Context) -> Iterator[Issue]:
    """表格中的合计（合计/小计/总计行或列）= 各组成部分之和，每个数值列（或行）分别核对.

    An error where the table's structure is certain (the same rows add up in another column, the same
    columns in other rows, or a simple table whose parts run from its header to its total); a warning
    where the reading is plausible; one info where no reading of a table matched its totals.

    Wrong::

        项目 | 全年预算数 | 全年执行数
        人员经费 | 120 | 118
        公用经费 | 30 | 29
        合计 | 150 | 149.5

    Right::

        项目 | 全年预算数 | 全年执行数
        人员经费 | 120 | 118
        公用经费 | 30 | 29
        合计 | 150 | 147
    """
    if ctx.document is None:
        return
    unread = []
    for grid in grids_of(ctx):
        gaps, missed = row_total_gaps(grid)
        unread += [(grid, row) for row in missed]
        reported = set()
        for gap in gaps:
            reported.add((gap.total.index, gap.column))
            yield _row_issue(ctx, grid, gap)
        for column_gap in column_total_gaps(grid):
            if (column_gap.row.index, column_gap.total) not in reported:
                yield _column_issue(ctx, grid, column_gap)
    if unread:
        grid, row = unread[0]
        fact = next(iter(row.cells.values()))
        yield ctx.issue(
            None,
            f"{len(unread)} 处合计行（首处为{_named(grid)}第{ctx.line_of(fact.start)}行“{row.label}”）"
            "与表中各行之和在任何一种读法下都对不上，可能是表格版式未能识别，未作核对",
            severity=Severity.INFO,
            at=(fact.start, fact.end),
            hint="请人工核对该表的合计数",
        )


def _row_issue(ctx: Context, grid: Grid, gap: Gap) -> Issue:
    fact = gap.total.cells[gap.column]
    stated = fact.value
    lines = [
        n for row in gap.parts if gap.column in row.cells if (n := ctx.line_of(row.cells[gap.column].start))
    ]
    where = f"第{min(lines)}–{max(lines)}行" if lines and min(lines) != max(lines) else f"第{lines[0]}行"
    side = "其上" if gap.reading.startswith("above") else "其下"
    computed = sum(gap.values, Decimal(0))
    shown = computed if fact.unit == (gap.parts[0].cells.get(gap.column) or fact).unit else None
    name = gap.total.name_of(gap.column)
    message = (
        f"{_named(grid)}第{ctx.line_of(fact.start)}行“{name}”的{_header(grid, gap.column)}"
        f"为 {fmt(stated)}，而{side}各行（{where}）之和为 {terms(gap.values)} = {fmt(computed)}，"
        f"相差 {fmt(abs(gap.difference))}"
    )
    return ctx.issue(
        f"document.tables[{grid.index}][{gap.total.index}][{gap.column}]",
        message,
        expected=fmt(shown) if shown is not None else fmt(computed),
        found=fmt(stated),
        severity=Severity.ERROR if gap.certain else Severity.WARNING,
        at=(fact.start, fact.end),
        cites=[row.cells[gap.column] for row in gap.parts if gap.column in row.cells],
        hint="核对合计数与各分项：合计应等于分项之和",
    )


def _column_issue(ctx: Context, grid: Grid, gap: ColumnGap) -> Issue:
    fact = gap.row.cells[gap.total]
    computed = sum(gap.values, Decimal(0))
    named = "".join(_header(grid, c) for c in gap.parts)
    message = (
        f"{_named(grid)}第{ctx.line_of(fact.start)}行“{gap.row.label}”的{_header(grid, gap.total)}"
        f"为 {fmt(fact.value)}，而同行{named}之和为 {terms(gap.values)} = {fmt(computed)}，"
        f"相差 {fmt(abs(gap.difference))}"
    )
    return ctx.issue(
        f"document.tables[{grid.index}][{gap.row.index}][{gap.total}]",
        message,
        expected=fmt(computed),
        found=fmt(fact.value),
        severity=Severity.ERROR if gap.certain else Severity.WARNING,
        at=(fact.start, fact.end),
        cites=[gap.row.cells[c] for c in gap.parts if c in gap.row.cells],
        hint="核对合计列与各分项列：合计应等于各列之和",
    )


@check("TAB002", name="tables.part-within-its-whole", group="tables")
def part_within_its_whole(ctx: Context) -> Iterator[Issue]:
    """表格中“其中”行的数不大于其上一行（所属总数）；合计为 0 而“其中”各行不为 0 属于错误.

    Where a later 其中 row could be a part of an earlier one (``其中：基本支出 60`` / ``其中：人员经费 50``:
    each within the whole, the ones not within an earlier part adding up to no more than it), the finding is
    a warning.

    Wrong::

        项目 | 年初预算数 | 全年预算数 | 全年执行数
        年度资金总额 | 0 | 0 | 0
        其中:本年财政拨款 | 61 | 60.5 | 60.5

    Right::

        项目 | 年初预算数 | 全年预算数 | 全年执行数
        年度资金总额 | 61 | 60.5 | 60.5
        其中:本年财政拨款 | 61 | 60.5 | 60.5
    """
    if ctx.document is None:
        return
    for grid in grids_of(ctx):
        for position, whole in enumerate(grid.rows):
            if not whole.cells or whole.part:
                continue
            parts = []
            for row in grid.rows[position + 1 :]:
                if not row.part:
                    break
                parts.append(row)
            found = [g for c in sorted(grid.summable) if (g := _part_gap(grid, whole, parts, c)) is not None]
            if found:
                yield _part_issue(ctx, grid, whole, found, parts)


def _part_gap(
    grid: Grid, whole: Row, parts: list[Row], column: int
) -> tuple[int, Decimal, list[Decimal], Row] | None:
    """(column, the whole, the parts' values, the first part) where the parts exceed their whole."""
    stated = grid.value(whole, column)
    values = [v for v in (grid.value(row, column) for row in parts) if v is not None]
    if stated is None or stated < 0 or not values or any(v < 0 for v in values):
        return None
    if sum(values, Decimal(0)) - stated <= slack([*values, stated]):
        return None
    return column, stated, values, next(row for row in parts if column in row.cells)


def _part_issue(
    ctx: Context,
    grid: Grid,
    whole: Row,
    gaps: list[tuple[int, Decimal, list[Decimal], Row]],
    parts: list[Row],
) -> Issue:
    column, stated, values, first = gaps[0]
    fact = whole.cells[column]
    part_line = ctx.line_of(first.cells[column].start)
    said = []
    for col, whole_value, part_values, _first in gaps:
        total = sum(part_values, Decimal(0))
        shown = terms(part_values) + f" = {fmt(total)}" if len(part_values) > 1 else fmt(total)
        said.append(f"{_header(grid, col)} {fmt(whole_value)} < {shown}")
    zero = all(whole_value == 0 for _c, whole_value, _v, _f in gaps)
    message = (
        f"{_named(grid)}第{ctx.line_of(fact.start)}行“{whole.label}”小于其下第{part_line}行起的“其中”分项"
        f"（“{first.label}”）：" + "；".join(said)
    )
    if zero:
        message += "。总数为 0 的项目不能有不为 0 的组成部分"
    nested = all(_nestable(part_values, whole_value) for _c, whole_value, part_values, _f in gaps)
    if nested:
        message += "；若后面的“其中”行是前一分项的细目（如人员经费属于基本支出），则无误"
    total = sum(values, Decimal(0))
    return ctx.issue(
        f"document.tables[{grid.index}][{whole.index}][{column}]",
        message,
        expected=f"≥ {fmt(total)}",
        found=fmt(stated),
        severity=Severity.WARNING if nested else Severity.ERROR,
        at=(fact.start, fact.end),
        cites=[row.cells[c] for c, _w, _v, _f in gaps for row in parts if c in row.cells],
        hint="核对总数与“其中”所列分项：分项之和不能超过总数",
    )


def _nestable(values: list[Decimal], whole: Decimal) -> bool:
    """The parts could be read as nested (``其中：基本支出 60`` / ``其中：人员经费 50``, the second a part
    of the first): each part within the whole, those not within an earlier part adding up to no more."""
    if any(v > whole for v in values):
        return False
    top: list[Decimal] = []
    for value in values:
        if not any(value <= earlier for earlier in top):
            top.append(value)
    return sum(top, Decimal(0)) <= whole
