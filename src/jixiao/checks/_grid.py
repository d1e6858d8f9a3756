"""A table of a published report as the table checks see it: its rows, their labels and numbers.

Built from the document's table grid and the facts read from it (``Fact.table/row/column``), read as
plain data. A row's label is its first cell holding text and no number; a total row is labelled
合计/总计/小计/共计 (spaces ignored: ``合 计``); a ``其中`` row is a part of the row above it. A column is
summable when every number in it is an amount, a count, a weight, a score or a plain number (never a
rate, a year, a date, a document number or an ordinal), all in one unit.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.checks._facts import SUMMABLE, TO_WANYUAN, compact

if TYPE_CHECKING:
    from jixiao.checks.registry import Context
    from jixiao.inputs.document import Document, Table
    from jixiao.inputs.facts import Fact

TOTAL_WORDS = ("合计", "总计", "小计", "共计")
TAIL = 40  # characters after the last table that still make it end the document (a cut row)
_TOTAL = re.compile(r"(?:合计|总计|小计|共计)$|^(?:合计|总计|小计|共计|总合计)")
_OF_WHICH = re.compile(r"^其中")
_ENUMERATED = re.compile(
    r"^(?:\d{1,2}[.、．](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．])"
)
# a cell that is only a column rule (``|`` on a line of its own, one cell per line): no text of the row
_RULE = re.compile(r"^[|｜¦]+$")
_LABEL_TAIL = re.compile(r"[:：()（）\[\]【】]|(?:万元|千元|元|亿元)$")


def is_total_label(label: str) -> bool:
    """``合计`` / ``合 计`` / ``支出合计`` / ``浙江省合计`` / ``小计:``; never ``合计下达`` (a row label)."""
    plain = _LABEL_TAIL.sub("", compact(label))
    return bool(plain) and bool(_TOTAL.search(plain))


def is_part_label(label: str) -> bool:
    """A ``其中`` row: a part of the row above it."""
    return bool(_OF_WHICH.match(compact(label)))


@dataclass(slots=True)
class Row:
    index: int  # row index in the grid
    label: str
    cells: dict[int, Fact] = field(default_factory=dict)  # column → number
    texts: int = 0  # cells holding text and no number
    # a row right after a ``其中`` row, not numbered like its parent's siblings: maybe one more part of it
    maybe_part: bool = False
    names: dict[int, str] = field(default_factory=dict)  # column → the nearest text on its left

    def name_of(self, column: int) -> str:
        """The row's name for a column: the text nearest on its left (the expense side of a 收入支出 row)."""
        return self.names.get(column) or self.label

    @property
    def total(self) -> bool:
        return is_total_label(self.label)

    @property
    def part(self) -> bool:
        return is_part_label(self.label)


@dataclass(slots=True)
class Grid:
    """One table: its body rows with numbers, in order, and what each column holds."""

    index: int  # among the document's tables
    table: Table
    rows: list[Row]
    headers: dict[int, str]  # column → its header texts joined by "/"
    summable: set[int]  # columns whose numbers may be summed
    last: bool = False  # the table ends the document (an excerpt may stop inside it)

    @property
    def caption(self) -> str:
        return self.table.caption.text.strip() if self.table.caption else ""

    def value(self, row: Row, column: int) -> Decimal | None:
        """The number in ``row`` at ``column`` in the column's common unit (None when empty)."""
        fact = row.cells.get(column)
        if fact is None:
            return None
        factor = TO_WANYUAN.get(fact.unit or "") if fact.kind == "amount" else None
        return fact.value * factor if factor is not None and self._mixed(column) else fact.value

    def _mixed(self, column: int) -> bool:
        units = {row.cells[column].unit for row in self.rows if column in row.cells}
        return len(units) > 1


def grids_of(ctx: Context) -> list[Grid]:
    """The grids of the checked document, read once for every table check (``Context.derived``)."""
    return ctx.derived(_grids_of_context)


def _grids_of_context(ctx: Context) -> list[Grid]:
    return grids(ctx.document, ctx.facts) if ctx.document is not None else []


def grids(document: Document, facts: Sequence[Fact]) -> list[Grid]:
    """Every table of ``document`` with its facts, in order."""
    by_table: dict[int, list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.table is not None:
            by_table[fact.table].append(fact)
    tables = list(document.tables())
    found = []
    for index, table in enumerate(tables):
        rows = _rows(table, by_table.get(index, []))
        headers: dict[int, str] = {}
        kinds: dict[int, set[str]] = defaultdict(set)
        units: dict[int, set[str | None]] = defaultdict(set)
        for row in rows:
            for column, fact in row.cells.items():
                kinds[column].add(fact.kind)
                units[column].add(fact.unit if fact.kind != "amount" else "money")
                if fact.column_header and column not in headers:
                    headers[column] = fact.column_header
        summable = {c for c, k in kinds.items() if k <= SUMMABLE and len(units[c]) == 1 and c > 0}
        after = document.text[table.end :].strip()
        last = index == len(tables) - 1 and len(after) < TAIL
        found.append(Grid(index, table, rows, headers, summable, last=last))
    return found


def _rows(table: Table, facts: list[Fact]) -> list[Row]:
    """The body rows of ``table`` holding a number, with their labels."""
    by_row: dict[int, dict[int, Fact]] = defaultdict(dict)
    for fact in facts:
        if fact.row is not None and fact.column is not None and fact.row >= table.header_rows:
            by_row[fact.row].setdefault(fact.column, fact)
    rows = []
    for index in range(table.header_rows, len(table.rows)):
        cells = by_row.get(index, {})
        texts = [c.text.strip() for column, c in enumerate(table.rows[index]) if column not in cells]
        texts = [t for t in texts if t and not _RULE.match(t)]
        label = texts[0] if texts else ""
        names: dict[int, str] = {}
        nearest = ""
        for column, cell in enumerate(table.rows[index]):
            if column in cells:
                names[column] = nearest
            elif cell.text.strip() and not _RULE.match(cell.text.strip()):
                nearest = cell.text.strip()
        rows.append(Row(index, label, cells, len(texts), names=names))
    in_parts = False
    for row in rows:
        if row.part:
            in_parts = True
        elif row.total or (not row.cells and row.texts >= 2) or _ENUMERATED.match(row.label):
            in_parts = False
        elif in_parts and row.cells:
            row.maybe_part = True
    return rows
