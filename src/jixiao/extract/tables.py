"""Table rows: numbers that stand in cells (``|`` rows, one cell per line, space-separated) → figures.

A table's numbers carry no unit of their own; the unit comes from the table's header (``单位：万元``,
``(万元)``) or from a unit cell right after the number. What a number *is* follows from the header:

* budget tables (年初预算数 / 全年预算数 / 全年执行数 / 执行率): the amounts of a row are the numbers
  whose ratio agrees with the stated rate (so a 分值 column standing between them is not taken for
  money), glued cells such as ``40004000100%`` are split the only way the rate allows
  (``budget_tables``);
* indicator tables (指标值 / 完成值 / 分值 / 得分): target, actual, weight, score (``indicator_tables``);
* plain money lists under a unit: every number of a row, less its 序号/行次 — for rows of lines the
  recogniser left as paragraphs only; a recognised table's list rows are read from its facts, each
  number under its column (``inputs.stated``), so a score, rate or year column is never money.

This module walks the cells (``table_grid``) and hands each row to the reader of its table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jixiao.extract.budget_tables import (
    BUDGET_HEADER,
    BUDGET_HEADER_ENDS,
    header_columns,
    header_layout,
    read_budget_row,
    read_list_row,
    split_glued,
)
from jixiao.extract.indicator_tables import (
    INDICATOR_HEADER,
    category_of,
    is_flat_row,
    is_indicator_line,
    is_reason_cell,
    join_value_cell,
    observe_category,
    read_flat_row,
    read_indicator_line,
    read_indicator_row,
)
from jixiao.extract.passes import Earlier, Findings, Reading
from jixiao.extract.table_grid import (
    UNIT_CELL,
    UNIT_DECL,
    Cell,
    Row,
    TableFacts,
    TableIndicator,
    TableState,
    cells_of_line,
    doc_unit,
    found,
    is_prose,
    is_small_int,
    words_to_cells,
)
from jixiao.extract.text import Text
from jixiao.inputs.document import Block, Table
from jixiao.inputs.document import Cell as GridCell

__all__ = ["Cell", "TableFacts", "TableIndicator", "category_of", "split_glued", "table_facts", "table_rows"]

HEADER_ROW = re.compile(r"^(?:列次|栏次|行次)$")
EMPTY_CELL_LINE = re.compile(r"^\s*\|\s*$")  # one cell per line: an empty cell
BUDGET_HEADER_END = re.compile(f"[{re.escape(BUDGET_HEADER_ENDS)}]")


def table_rows(reading: Reading, earlier: Earlier) -> Findings:
    """The pass: every table row read (``values["tables"]``), numbers the prose pass read as amounts left."""
    taken = {f.start for f, _ in earlier.figures if f.kind == "amount"}
    return Findings(values={"tables": table_facts(reading.doc, reading.document.blocks, taken)})


WRITTEN_WITH_BARS = frozenset({"pipe", "docx", "html"})  # a row is a line of ``|``-separated cells


def table_facts(doc: Text, blocks: list[Block], taken: set[int]) -> TableFacts:
    """Walk every cell of the body in reading order: a table's grid row by row, a paragraph's words;
    ``taken`` holds start offsets of numbers already read as prose."""
    facts = TableFacts()
    walk = RowWalk(TableState(), facts, doc_unit(doc.norm[doc.body_start :]), taken)
    for block in blocks:
        if block.end <= doc.body_start:
            continue  # the leading URL:/QUERY: lines of a stored page
        if isinstance(block, Table):
            walk_grid(doc, block, walk)
        else:
            walk_line(doc.norm, doc.norm[block.start : block.end], block.start, walk)
    walk.close()
    return facts


def walk_grid(doc: Text, table: Table, walk: RowWalk) -> None:
    """A table's rows: each cell's words in order; a row of a table of rows (``|``, .docx, .html) that
    holds numbers under an indicator header is one indicator row as a whole; an empty cell of one cell
    per line keeps its column."""
    rows_of_lines = table.layout != "cell-per-line"
    written = table.layout in WRITTEN_WITH_BARS
    walk.in_grid = True
    for row in table.rows:
        cells = [cell for cell in row if not cell.merged and cell.start >= doc.body_start]
        if rows_of_lines and cells:
            line = doc.line_text(doc.line_of(cells[0].start))[1]
            words = [
                word for cell in cells for word in words_to_cells(doc.norm[cell.start : cell.end], cell.start)
            ]
            if is_indicator_line(line, words, walk.state, None if written else len(row) - 1):
                walk.close()
                read_indicator_line(words, walk.state, walk.facts)
                continue
            for word in words:
                walk.take(word)
            opens_header(cells, words, walk.state)
            continue
        for cell in cells:
            if cell.empty:
                walk.take_empty(cell.start)
                continue
            for word in words_to_cells(doc.norm[cell.start : cell.end], cell.start):
                walk.take(word)
    walk.in_grid = False


def opens_header(cells: list[GridCell], words: list[Cell], state: TableState) -> None:
    """A grid row of texts that opened an indicator table is its header as a whole: the columns named
    before the one that opened it (``三级指标 | 分值 | 年度指标值 | …``) are the table's too."""
    if state.mode != "indicator" or any(word.number is not None for word in words):
        return
    texts = [cell.text.strip() for cell in cells if cell.text.strip()]
    if any(INDICATOR_HEADER.search(text) for text in texts):
        state.header = texts


@dataclass(slots=True)
class RowWalk:
    """Cells in reading order grouped into rows (a label and the numbers after it), read as they close."""

    state: TableState
    facts: TableFacts
    fallback: str | None
    taken: set[int]
    rows: list[Row] = field(default_factory=list)
    current: Row | None = None
    in_grid: bool = False  # the cells come from a table's grid, whose facts place them under columns

    def close(self) -> None:
        """Read the open row if it holds numbers; no row is open afterwards."""
        if self.current is not None and self.current.values:
            read_row(self.current, self.state, self.facts, self.fallback)
        self.current = None

    def take(self, cell: Cell) -> None:
        """A number joins the open row; a unit or reason cell attaches to it; other text opens a row."""
        current = self.current
        if cell.number is not None:
            if cell.start not in self.taken:
                self.add_number(cell)
            return
        if current is not None and current.values and UNIT_CELL.match(cell.text):
            current.unit_after[len(current.values) - 1] = cell.text
            return
        if current is not None and self.state.mode == "indicator" and join_value_cell(current, cell):
            return
        if current is not None and is_reason_cell(current, cell, self.state):
            current.reason = cell
            return
        self.close()
        if not cell.prose:
            observe_text(cell, self.state)
            self.current = Row(cell, grid=self.in_grid)
            self.rows.append(self.current)

    def add_number(self, cell: Cell) -> None:
        if self.current is None:
            self.current = Row(Cell("", cell.start, cell.start), grid=self.in_grid)
            self.rows.append(self.current)
        prefix = self.current.prefix
        if prefix is not None:
            cell = Cell(prefix.text + cell.text, prefix.start, cell.end, cell.number, cell.percent)
            self.current.prefix = None
        self.current.values.append(cell)

    def take_empty(self, start: int) -> None:
        """An empty cell (a line holding only ``|``) of an indicator row keeps its column."""
        if self.state.mode == "indicator" and self.current is not None and self.current.label.text:
            self.current.values.append(Cell("", start, start))


def walk_line(norm: str, line: str, start: int, walk: RowWalk) -> None:
    """One line read as written: ``|`` pieces, then space-separated words.

    In an indicator table a ``|`` line is one row as a whole (its text cells may be values: ``完成``);
    one cell per line, a reason cell right after a complete row is that row's 偏差原因分析.
    """
    if walk.current is None and is_lone_prose(line):
        return  # a paragraph between tables: one prose cell, which opens and closes nothing
    cells = cells_of_line(norm, start, start + len(line))
    if is_indicator_line(line, cells, walk.state):
        walk.close()
        read_indicator_line(cells, walk.state, walk.facts)
        return
    if EMPTY_CELL_LINE.match(line):
        walk.take_empty(start)
    for cell in cells:
        walk.take(cell)


def is_lone_prose(line: str) -> bool:
    """A line that is one sentence-like word and no ``|`` cell (or blank): no row can come of it."""
    words = line.split()
    return not words or (len(words) == 1 and "|" not in line and is_prose(words[0]))


def observe_text(cell: Cell, state: TableState) -> None:
    """A text cell may declare a unit, open a budget or indicator table, or name a level-1 category."""
    declared = UNIT_DECL.search(cell.text)
    if declared:
        state.unit = declared.group("u") or declared.group("p")
    state.recent = [*state.recent[-5:], cell.text]
    for flag in ("行次", "序号"):
        if flag in cell.text:
            state.flags.add(flag)
    observe_header(cell, state)
    if state.header_open:
        state.header.append(cell.text)
    observe_category(cell.text, state, cell.start)


def observe_header(cell: Cell, state: TableState) -> None:
    """The recent words open a budget table, or the cell opens an indicator table (a fresh header)."""
    # a header word newly named ends in this cell, so on one of the last characters of BUDGET_HEADER's
    # words: a cheap test first (most cells have none), then the window is joined and searched twice
    if (
        BUDGET_HEADER_END.search(cell.text)
        and BUDGET_HEADER.search("".join(state.recent))
        and not BUDGET_HEADER.search("".join(state.recent[:-1]))
    ):
        if state.mode != "budget" or not state.header_open:
            state.header = state.recent[:-1]
        state.mode = "budget"
        state.total_done = False
        state.header_open = True
    elif INDICATOR_HEADER.search(cell.text) and not cell.prose:
        if state.mode != "indicator" or not state.header_open:
            state.header = []
        state.mode = "indicator"
        state.header_open = True


def read_row(row: Row, state: TableState, facts: TableFacts, fallback: str | None) -> None:
    """Turn one row's numbers into figures according to the table it stands in."""
    values = row_numbers(row, state)
    label = row.label.text.strip()
    if HEADER_ROW.match(label):
        return
    for index, unit in row.unit_after.items():
        if index < len(row.values):
            facts.figures.append(found(row.values[index], "amount", unit, label))
    if state.mode == "budget":
        read_budget_row(label, values, state, facts)
    elif state.mode == "indicator" and is_flat_row(row.label):
        read_flat_row(row.label, values, state, facts)
    elif state.mode == "indicator":
        read_indicator_row(row, values, state, facts)
    elif not row.grid:
        read_list_row(label, values, state, facts, fallback)
    if values:
        if state.header_open:
            state.columns = header_columns(state.header) if state.mode == "budget" else []
            state.layout = header_layout(state.header) if state.mode == "budget" else []
        state.header_open = False


def row_numbers(row: Row, state: TableState) -> list[Cell]:
    """The row's numbers less its 行次 (first) and 序号 (last, when it continues the sequence)."""
    values = list(row.values)
    if "行次" in state.flags and values and is_small_int(values[0]):
        values = values[1:]
    if "序号" in state.flags and values and is_small_int(values[-1]) and values[-1].number == state.sequence:
        values = values[:-1]
        state.sequence += 1
    return values
