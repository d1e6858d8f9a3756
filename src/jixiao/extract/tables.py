"""Table rows: numbers that stand in cells (``|`` rows, one cell per line, space-separated) → figures.

A table's numbers carry no unit of their own; the unit comes from the table's header (``单位：万元``,
``(万元)``) or from a unit cell right after the number. What a number *is* follows from the header:

* budget tables (年初预算数 / 全年预算数 / 全年执行数 / 执行率): the amounts of a row are the numbers
  whose ratio agrees with the stated rate (so a 分值 column standing between them is not taken for
  money), glued cells such as ``40004000100%`` are split the only way the rate allows;
* indicator tables (指标值 / 完成值 / 分值 / 得分): target, actual, weight, score;
* plain money lists under a unit: every number of a row, less its 序号/行次.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.extract.patterns import NUM, Found
from jixiao.numbers import classify_rounding, parse_decimal

_CELL_NUM = re.compile(rf"^(?P<num>{NUM})(?P<pct>%)?$")
_GLUED_LABEL = re.compile(
    rf"^(?P<label>.*[:])(?P<num>{NUM})(?P<pct>%)?$|^(?P<label2>.*\D)(?P<num2>\d{{5,}})(?P<pct2>%)$"
)
_UNIT_DECL = re.compile(r"单位\s*[:]?\s*(?P<u>亿元|万元|千元|元)|\(\s*(?P<p>亿元|万元|千元|元)\s*[,)]")
_UNIT_CELL = re.compile(r"^(亿元|万元|千元|元)$")
BUDGET_HEADER = re.compile(
    r"年初预算|全年预算|调整后预算|预算执行数|全年执行|执行数\s*\(|预算数\s*\(|全年到位|执行资金"
)
INDICATOR_HEADER = re.compile(r"指标值|完成值")
MONEY_LABEL = re.compile(r"(?:预算|资金|经费|金额|总额|投资|拨款|收入|支出|合计|小计|总计)[:]?$")
NOT_MONEY_LABEL = re.compile(r"代码|编码|电话|编号|序号|行次|栏次|日期|时间|年度$|率|人数|数量")
INDICATOR_MONEY = re.compile(r"资金|金额|经费|投资|预算")
TOTAL_ROW = re.compile(r"年度资金总额|资金总额|^总额|^合计|^总计")
LEVEL1 = re.compile(r"产出指标|效益指标|满意度指标|成本指标")
COLUMN_RE = re.compile(
    r"(?P<initial>年初预算数?|年初数)|(?P<adjusted>全年预算数?|调整后预算数?|调整预算数?|全年\(调整\)预算数|预算数)"
    r"|(?P<executed>全年执行数|预算执行数|执行数|全年执行资金|实际支出)|(?P<other>到位资金|统筹整合资金数|预算金额)"
)
PROSE_LEN = 50
_TEXT_COMMA = re.compile(r",(?!\d{3})")
BUDGET_ROW = re.compile(r"资金|总额|合计|拨款|补助|财政|其他|结转|收入|支出|预算|经费")
HEADER_ROW = re.compile(r"^(?:列次|栏次|行次)$")


@dataclass
class Cell:
    text: str
    start: int
    end: int
    number: Decimal | None = None
    percent: bool = False
    prose: bool = False


@dataclass
class Row:
    label: Cell
    values: list[Cell] = field(default_factory=list)
    unit_after: dict[int, str] = field(default_factory=dict)  # index in values → unit cell following it


@dataclass
class TableFacts:
    """What the table pass found: figures, total-row budget fields, execution-rate score, indicators."""

    figures: list[Found] = field(default_factory=list)
    total: dict[str, Found] = field(default_factory=dict)  # initial/adjusted/executed/rate
    execution: dict[str, Found] = field(default_factory=dict)  # weight/score of 预算执行率
    indicators: list[tuple[str, str, list[Found]]] = field(default_factory=list)  # level1, name, [w, s] …
    replaced: set[tuple[int, int]] = field(default_factory=set)  # rate spans superseded by a split


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
    return "。" in word or (len(word) > PROSE_LEN and len(_TEXT_COMMA.findall(word)) >= 2)


def words_to_cells(piece: str, offset: int) -> list[Cell]:
    """Space-separated words; a word that is a number becomes a number cell, text words merge."""
    cells: list[Cell] = []
    for match in re.finditer(r"\S+", piece):
        word, start = match.group(), offset + match.start()
        if is_prose(word):
            cells.append(Cell(word, start, start + len(word), prose=True))
            continue
        number = _CELL_NUM.match(word)
        glued = None if number else _GLUED_LABEL.match(word)
        if glued:
            key = "" if glued.group("label") is not None else "2"
            cells.append(Cell(glued.group("label" + key), start, start + glued.end("label" + key)))
            digits, percent = glued.group("num" + key), bool(glued.group("pct" + key))
            start += glued.start("num" + key)
            word = word[glued.start("num" + key) :]
            cells.append(Cell(word, start, start + len(word), parse_decimal(digits), percent))
        elif number:
            cells.append(
                Cell(
                    word,
                    start,
                    start + len(word),
                    parse_decimal(number.group("num")),
                    bool(number.group("pct")),
                )
            )
        elif cells and cells[-1].number is None and not cells[-1].prose:
            cells[-1] = Cell(cells[-1].text + word, cells[-1].start, start + len(word))
        else:
            cells.append(Cell(word, start, start + len(word)))
    return cells


def doc_unit(norm: str) -> str | None:
    """The first unit a table header declares anywhere in the document."""
    match = _UNIT_DECL.search(norm)
    return (match.group("u") or match.group("p")) if match else None


@dataclass
class _State:
    unit: str | None = None
    mode: str = "list"
    header: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    sequence: int = 1
    header_open: bool = True
    recent: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)  # 行次 / 序号 columns seen in a header
    level1: str | None = None
    total_done: bool = False


def table_facts(norm: str, body_start: int, taken: set[int]) -> TableFacts:
    """Walk every cell of the body; ``taken`` holds start offsets of numbers already read as prose."""
    facts = TableFacts()
    state = _State()
    fallback_unit = doc_unit(norm[body_start:])
    build_rows(norm, body_start, state, facts, fallback_unit, taken)
    return facts


def build_rows(
    norm: str, body_start: int, state: _State, facts: TableFacts, fallback: str | None, taken: set[int]
) -> list[Row]:
    """Group cells into rows (a label and the numbers after it) and read each row as it closes."""
    rows: list[Row] = []
    current: Row | None = None
    position = body_start
    for line in norm[body_start:].split("\n"):
        for cell in cells_of_line(norm, position, position + len(line)):
            if cell.number is not None:
                if cell.start in taken:
                    continue
                if current is None:
                    current = Row(Cell("", cell.start, cell.start))
                    rows.append(current)
                current.values.append(cell)
                continue
            if current is not None and current.values and _UNIT_CELL.match(cell.text):
                current.unit_after[len(current.values) - 1] = cell.text
                continue
            if current is not None and current.values:
                read_row(current, state, facts, fallback)
            if not cell.prose:
                observe_text(cell, state)
            current = None if cell.prose else Row(cell)
            if current is not None:
                rows.append(current)
        position += len(line) + 1
    if current is not None and current.values:
        read_row(current, state, facts, fallback)
    return rows


def observe_text(cell: Cell, state: _State) -> None:
    """A text cell may declare a unit, open a budget or indicator table, or name a level-1 category."""
    declared = _UNIT_DECL.search(cell.text)
    if declared:
        state.unit = declared.group("u") or declared.group("p")
    state.recent = [*state.recent[-5:], cell.text]
    state.flags.update(flag for flag in ("行次", "序号") if flag in cell.text)
    window = "".join(state.recent)
    if BUDGET_HEADER.search(window) and not BUDGET_HEADER.search("".join(state.recent[:-1])):
        if state.mode != "budget" or not state.header_open:
            state.header = state.recent[:-1]
        state.mode = "budget"
        state.total_done = False
        state.header_open = True
    elif INDICATOR_HEADER.search(cell.text) and not cell.prose:
        state.mode = "indicator"
        state.header = []
        state.header_open = True
    if state.header_open:
        state.header.append(cell.text)
    level1 = LEVEL1.search(cell.text)
    if level1 and len(cell.text) <= 12:
        state.level1 = level1.group()


def header_columns(header: list[str]) -> list[str]:
    """The amount columns of a budget header in order: ``initial``, ``adjusted``, ``executed``, ``other``."""
    joined = "".join(header).replace(" ", "")
    return [match.lastgroup or "other" for match in COLUMN_RE.finditer(joined)]


def read_row(row: Row, state: _State, facts: TableFacts, fallback: str | None) -> None:
    """Turn one row's numbers into figures according to the table it stands in."""
    values = list(row.values)
    if "行次" in state.flags and values and is_small_int(values[0]):
        values = values[1:]
    if "序号" in state.flags and values and is_small_int(values[-1]) and values[-1].number == state.sequence:
        values = values[:-1]
        state.sequence += 1
    label = row.label.text.strip()
    if HEADER_ROW.match(label):
        return
    for index, unit in row.unit_after.items():
        if index < len(row.values):
            cell = row.values[index]
            facts.figures.append(found(cell, "amount", unit, label))
    if state.mode == "budget":
        read_budget_row(label, values, state, facts)
    elif state.mode == "indicator":
        read_indicator_row(label, values, state, facts)
    else:
        read_list_row(label, values, state, facts, fallback)
    if values:
        if state.header_open:
            state.columns = header_columns(state.header) if state.mode == "budget" else []
        state.header_open = False


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


def rate_agrees(numerator: Decimal, denominator: Decimal, rate: Decimal) -> bool:
    """``numerator / denominator`` written as ``rate`` percent (rounded or truncated)."""
    if denominator == 0:
        return numerator == 0 and rate == 0
    return classify_rounding(numerator * 100 / denominator, rate) != "wrong"


def split_glued(cell: Cell, columns: int) -> tuple[list[Decimal], Decimal] | None:
    """``40004000100%`` → ([4000, 4000], 100): the one split whose ratio gives the rate."""
    digits = cell.text.rstrip("%")
    if not digits.isdigit() or len(digits) < 4:
        return None
    if columns not in (0, 2):
        return None
    for rate_len in (3, 2, 1):
        rate_text, rest = digits[-rate_len:], digits[:-rate_len]
        if len(rate_text) > 1 and rate_text[0] == "0":
            continue
        answers = []
        for cut in range(1, len(rest)):
            first, second = rest[:cut], rest[cut:]
            if (second[0] == "0" and len(second) > 1) or first[0] == "0":
                continue
            if rate_agrees(Decimal(second), Decimal(first), Decimal(rate_text)):
                answers.append(([Decimal(first), Decimal(second)], Decimal(rate_text)))
        if len(answers) == 1:
            return answers[0]
        if answers:
            return None
    return None


def read_budget_row(label: str, values: list[Cell], state: _State, facts: TableFacts) -> None:
    """Amounts are the numbers whose ratio agrees with the rate that follows them."""
    if not values or not label:
        return
    unit = state.unit or "万元"
    if state.header_open:
        state.columns = header_columns(state.header)
    amounts: list[Cell] = []
    pending: list[Cell] = []
    leftovers: list[Cell] = []
    rates: list[Cell] = []
    for cell in values:
        if cell.percent:
            if cell.number is not None and cell.number >= 1000:
                glued = split_glued(cell, len([c for c in state.columns if c != "other"]))
                if glued:
                    add_glued(cell, glued, label, unit, facts, state)
                continue
            accepted = accept_before_rate(pending, amounts, cell)
            amounts.extend(accepted)
            leftovers.extend(pending[len(accepted) :])
            pending = []
            rates.append(cell)
        elif is_money_cell(cell):
            pending.append(cell)
    if (
        not rates
        and pending
        and len(pending) <= max(3, len(state.columns))
        and BUDGET_ROW.search(label)
        and (len(pending) >= 2 or "." in pending[0].text)
    ):
        amounts.extend(pending)
        pending = []
    leftovers.extend(pending)
    for cell in amounts:
        facts.figures.append(found(cell, "amount", unit, label))
    if TOTAL_ROW.search(label) and not state.total_done:
        state.total_done = True
        record_total(amounts, rates, leftovers, state, facts, label)


def accept_before_rate(pending: list[Cell], earlier: list[Cell], rate: Cell) -> list[Cell]:
    """The longest prefix of ``pending`` whose last number over an earlier amount gives ``rate``."""
    assert rate.number is not None
    for size in range(len(pending), 0, -1):
        candidate = pending[size - 1].number
        assert candidate is not None
        bases = [c.number for c in earlier + pending[: size - 1] if c.number is not None]
        if any(rate_agrees(candidate, base, rate.number) for base in bases):
            return pending[:size]
    return []


def add_glued(
    cell: Cell, glued: tuple[list[Decimal], Decimal], label: str, unit: str, facts: TableFacts, state: _State
) -> None:
    """Figures of a glued cell share its span (the parts cannot be told apart in the text)."""
    amounts, rate = glued
    facts.replaced.add((cell.start, cell.end))
    parts = [Found("amount", value, unit, cell.start, cell.end, label) for value in amounts]
    facts.figures.extend(parts)
    rate_found = Found("rate", rate, "%", cell.start, cell.end, label)
    facts.figures.append(rate_found)
    if TOTAL_ROW.search(label) and not state.total_done:
        state.total_done = True
        named = [c for c in state.columns if c != "other"][-2:] or ["adjusted", "executed"]
        for column, part in zip(named, parts, strict=False):
            facts.total[column] = part
        facts.total["rate"] = rate_found


def record_total(
    amounts: list[Cell],
    rates: list[Cell],
    leftovers: list[Cell],
    state: _State,
    facts: TableFacts,
    label: str,
) -> None:
    """The total row gives budget.total and, with two small leftovers, 预算执行率's weight and score."""
    unit = state.unit or "万元"
    columns = state.columns
    if len(columns) > len(amounts):
        columns = columns[len(columns) - len(amounts) :]
    if len(columns) == len(amounts):
        for column, cell in zip(columns, amounts, strict=True):
            if column != "other" and column not in facts.total:
                facts.total[column] = found(cell, "amount", unit, label)
    if rates:
        facts.total["rate"] = found(rates[0], "rate", "%", label)
    small = [c for c in leftovers if c.number is not None and c.number <= 100]
    if len(small) == 2:
        facts.execution["weight"] = found(small[0], "weight", "分", "分值")
        facts.execution["score"] = found(small[1], "score", "分", "得分")


def read_indicator_row(label: str, values: list[Cell], state: _State, facts: TableFacts) -> None:
    """``name target actual weight score`` (or ``name weight score``) of a self-evaluation table."""
    numbers = [c for c in values if c.number is not None]
    if not label or not numbers or LEVEL1.fullmatch(label):
        return
    if len(numbers) >= 4:
        target, actual, weight, score = numbers[-4:]
        unit = state.unit or "万元"
        if INDICATOR_MONEY.search(label) and not label.endswith(("率", "度")) and not target.percent:
            facts.figures.append(found(target, "amount", unit, label))
            facts.figures.append(found(actual, "amount", unit, label))
    elif len(numbers) == 2:
        weight, score = numbers
    else:
        return
    if weight.percent or score.percent or weight.number is None or score.number is None:
        return
    if score.number > weight.number or weight.number > 100:
        return
    parts = [found(weight, "weight", "分", label), found(score, "score", "分", label)]
    facts.figures.extend(parts)
    facts.indicators.append((state.level1 or "", label, parts))


def read_list_row(
    label: str, values: list[Cell], state: _State, facts: TableFacts, fallback: str | None
) -> None:
    """Under a declared unit, money lists; elsewhere only numbers written like money (``1,003,618.46``)."""
    money = [c for c in values if is_money_cell(c)]
    if state.unit and label and not NOT_MONEY_LABEL.search(label):
        numbers_only = all(not c.percent for c in values)
        if (len(money) >= 2 and numbers_only) or (len(money) == 1 and MONEY_LABEL.search(label)):
            for cell in money:
                facts.figures.append(found(cell, "amount", state.unit, label))
            return
    for cell in money:
        if "," in cell.text and re.search(r"\.\d\d$", cell.text):
            facts.figures.append(found(cell, "amount", state.unit or fallback or "元", label))
