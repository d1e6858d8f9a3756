"""Table grids: the cells of a line (``|`` pieces, space-separated words) and the table pass's state.

A cell is text or a number (``%`` kept apart); the state remembers the table a row stands in (declared
unit, budget / indicator / list mode, header words, columns, current category).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.extract.patterns import NUM, Found
from jixiao.numbers import NumberError, parse_decimal

CELL_NUM = re.compile(rf"^(?P<num>{NUM})(?P<pct>%)?$")
GLUED_LABEL = re.compile(
    rf"^(?P<label>.*[:])(?P<num>{NUM})(?P<pct>%)?$|^(?P<label2>.*\D)(?P<num2>\d{{5,}})(?P<pct2>%)$"
)
UNIT_DECL = re.compile(r"单位\s*[:]?\s*(?P<u>亿元|万元|千元|元)|\(\s*(?P<p>亿元|万元|千元|元)\s*[,)]")
UNIT_CELL = re.compile(r"^(亿元|万元|千元|元)$")
PROSE_LEN = 50
TEXT_COMMA = re.compile(r",(?!\d{3})")
WORD = re.compile(r"\S+")


@dataclass(slots=True)
class Cell:
    text: str
    start: int
    end: int
    number: Decimal | None = None
    percent: bool = False
    prose: bool = False
    words: list[Cell] = field(default_factory=list)  # the space-separated words a text cell was merged from


@dataclass(slots=True)
class Row:
    label: Cell
    values: list[Cell] = field(default_factory=list)
    reason: Cell | None = None  # an indicator row's 偏差原因分析 cell
    unit_after: dict[int, str] = field(default_factory=dict)  # index in values → unit cell following it
    prefix: Cell | None = None  # a ``≤`` / ``=`` cell waiting for the value after it
    grid: bool = False  # opened in a table's grid (its list amounts are the facts')


@dataclass(slots=True)
class TableIndicator:
    """One row of a self-evaluation table: its categories, name, values, weight and score, reason."""

    level1: str
    level2: str | None
    name: str
    weight: Found
    score: Found | None  # None when the form leaves the 得分 cell empty
    target: tuple[int, int] | None = None  # spans: the builder takes the text as written
    actual: tuple[int, int] | None = None
    reason: list[tuple[int, int]] = field(default_factory=list)
    level1_weight: Found | None = None  # the weight written in the category cell: ``产出指标(50分)``


@dataclass(slots=True)
class TableFacts:
    """What the table pass found: figures, total-row budget fields, execution-rate score, indicators."""

    figures: list[Found] = field(default_factory=list)
    total: dict[str, Found] = field(default_factory=dict)  # initial/adjusted/executed/rate
    execution: dict[str, Found] = field(default_factory=dict)  # weight/score of 预算执行率
    indicators: list[TableIndicator] = field(default_factory=list)
    total_score: Found | None = None  # the 总分 row of an indicator table
    replaced: set[tuple[int, int]] = field(default_factory=set)  # rate spans superseded by a split


@dataclass(slots=True)
class TableState:
    """The table the walk is in: declared unit, mode (list / budget / indicator), header, category."""

    unit: str | None = None
    mode: str = "list"
    header: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    layout: list[str] = field(default_factory=list)  # numeric columns: amounts, weight, rate, score
    sequence: int = 1
    header_open: bool = True
    recent: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)  # 行次 / 序号 columns seen in a header
    level1: str | None = None
    level2: str | None = None
    level1_weight: Found | None = None  # the current level-1 category's written weight, if any
    total_done: bool = False


def table_unit(state: TableState) -> str:
    """The unit of the table's amounts: the declared one, else 万元."""
    return state.unit or "万元"


def cells_of_line(norm: str, start: int, end: int) -> list[Cell]:
    """The cells of one line: ``|`` pieces, then space-separated words inside a piece."""
    cells: list[Cell] = []
    position = start
    for piece in norm[start:end].split("|"):
        if piece.strip():
            cells.extend(words_to_cells(piece, position))
        position += len(piece) + 1
    return cells


def is_prose(word: str) -> bool:
    """A sentence, not a cell: it ends a clause with 。 or runs long with clause commas."""
    return "。" in word or (len(word) > PROSE_LEN and len(TEXT_COMMA.findall(word)) >= 2)


def words_to_cells(piece: str, offset: int) -> list[Cell]:
    """Space-separated words; a word that is a number becomes a number cell, text words merge."""
    cells: list[Cell] = []
    for match in WORD.finditer(piece):
        word, start = match.group(), offset + match.start()
        if is_prose(word):
            cells.append(Cell(word, start, start + len(word), prose=True))
            continue
        # both patterns need a digit first / a digit or % last: most words are text and skip them
        number = CELL_NUM.match(word) if word[0].isdecimal() else None
        # a run of digits beyond any figure (an id, a garbled line) is text: each number is parsed once
        value = _within_bounds(number.group("num")) if number else None
        if value is None:
            number = None
        glued = None if number or not (word[-1] == "%" or word[-1].isdecimal()) else GLUED_LABEL.match(word)
        if glued:
            value = _within_bounds(glued.group("num" if glued.group("label") is not None else "num2"))
            if value is None:
                glued = None
        if glued:
            assert value is not None
            cells.extend(glued_label_cells(word, start, glued, value))
        elif number:
            cells.append(Cell(word, start, start + len(word), value, bool(number.group("pct"))))
        elif cells and cells[-1].number is None and not cells[-1].prose:
            last, part = cells[-1], Cell(word, start, start + len(word))
            cells[-1] = Cell(last.text + word, last.start, part.end, words=[*(last.words or [last]), part])
        else:
            cells.append(Cell(word, start, start + len(word)))
    return cells


def _within_bounds(digits: str) -> Decimal | None:
    """The number ``digits`` writes, or None when it lies beyond any figure (``numbers.bounded``)."""
    try:
        return parse_decimal(digits)
    except NumberError:
        return None


def glued_label_cells(word: str, start: int, glued: re.Match[str], value: Decimal) -> list[Cell]:
    """``合计:4000`` / ``执行率…100%`` glued to its label → the label cell and the number cell (``value``)."""
    key = "" if glued.group("label") is not None else "2"
    label = Cell(glued.group("label" + key), start, start + glued.end("label" + key))
    percent = bool(glued.group("pct" + key))
    start += glued.start("num" + key)
    word = word[glued.start("num" + key) :]
    return [label, Cell(word, start, start + len(word), value, percent)]


def doc_unit(norm: str) -> str | None:
    """The first unit a table header declares anywhere in the document."""
    match = UNIT_DECL.search(norm)
    return (match.group("u") or match.group("p")) if match else None


def is_small_int(cell: Cell) -> bool:
    return (
        cell.number is not None
        and not cell.percent
        and cell.number == cell.number.to_integral()
        and (0 < cell.number < 1000)
        and "." not in cell.text
    )


def is_money_cell(cell: Cell) -> bool:
    """Not a phone number, code or year: at most 9 integer digits, or written with separators."""
    if cell.number is None or cell.percent:
        return False
    digits = cell.text.split(".")[0].replace(",", "")
    return len(digits) <= 9 or "," in cell.text


def found(cell: Cell, kind: str, unit: str, label: str) -> Found:
    assert cell.number is not None
    return Found(kind, cell.number, unit, cell.start, cell.end, label)
