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
LEVEL1 = re.compile(r"产出指标|效益指标|满意度指标")
# The categories of the national template (rules/cz2020-self.yaml): level-1 names and the level-2
# names that stand under each of them (a level-2 name is never a level-1 category).
LEVEL1_CELL = re.compile(r"^(?P<name>产出|效益|效果|满意度)(?:指标)?$")
LEVEL1_CANON = {"产出": "产出指标", "效益": "效益指标", "效果": "效益指标", "满意度": "满意度指标"}
LEVEL2_CELL = (
    (re.compile(r"^(?:数量|质量|时效|(?:经济|社会|生态环境)?成本)(?:指标)?$"), "产出指标"),
    (re.compile(r"^(?:(?:经济|社会|生态)效益|可持续影响)(?:指标)?$"), "效益指标"),
    (re.compile(r"^(?:社会公众或)?服务对象满意度(?:指标)?$"), "满意度指标"),
)
REASON_HEADER = re.compile(r"原因|改进措施")
REASON_TEXT = re.compile(r"[。,，;；]|原因|由于|因|未|已|措施|加强|提高")
WEIGHT_HEADER = re.compile(r"分值|权重")
VALUE_HEADER = re.compile(r"指标值|完成值|得分系数")
SYMBOL_CELL = re.compile(r"^(?:[≤≥=<>]+|定量|定性|正向|反向|定量指标|定性指标)$")
MEASURE_CELL = re.compile(
    r"^(?:%|个|人|人次|次|件|项|户|天|台|套|家|所|篇|份|批|亩|万亩|公里|平方米|元|万元|亿元|千元)$"
)
TOTAL_SCORE_ROW = re.compile(r"^(?:总分|合计|总计|综合得分|自评得分|自评总分)")
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
    reason: Cell | None = None  # an indicator row's 偏差原因分析 cell
    unit_after: dict[int, str] = field(default_factory=dict)  # index in values → unit cell following it


@dataclass
class TableIndicator:
    """One row of a self-evaluation table: its categories, name, values, weight and score, reason."""

    level1: str
    level2: str | None
    name: str
    weight: Found
    score: Found
    target: tuple[int, int] | None = None  # spans: the builder takes the text as written
    actual: tuple[int, int] | None = None
    reason: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class TableFacts:
    """What the table pass found: figures, total-row budget fields, execution-rate score, indicators."""

    figures: list[Found] = field(default_factory=list)
    total: dict[str, Found] = field(default_factory=dict)  # initial/adjusted/executed/rate
    execution: dict[str, Found] = field(default_factory=dict)  # weight/score of 预算执行率
    indicators: list[TableIndicator] = field(default_factory=list)
    total_score: Found | None = None  # the 总分 row of an indicator table
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
    level2: str | None = None
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
    """Group cells into rows (a label and the numbers after it) and read each row as it closes.

    In an indicator table a ``|`` line is one row as a whole (its text cells may be values: ``完成``);
    one cell per line, a reason cell right after a complete row is that row's 偏差原因分析.
    """
    rows: list[Row] = []
    current: Row | None = None
    position = body_start
    for line in norm[body_start:].split("\n"):
        cells = cells_of_line(norm, position, position + len(line))
        position += len(line) + 1
        if is_indicator_line(line, cells, state):
            if current is not None and current.values:
                read_row(current, state, facts, fallback)
            current = None
            read_indicator_line(cells, state, facts)
            continue
        for cell in cells:
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
            if current is not None and is_reason_cell(current, cell, state):
                current.reason = cell
                continue
            if current is not None and current.values:
                read_row(current, state, facts, fallback)
            if not cell.prose:
                observe_text(cell, state)
            current = None if cell.prose else Row(cell)
            if current is not None:
                rows.append(current)
    if current is not None and current.values:
        read_row(current, state, facts, fallback)
    return rows


def is_indicator_line(line: str, cells: list[Cell], state: _State) -> bool:
    """A ``|`` row of an indicator table that holds numbers (not its header)."""
    return (
        state.mode == "indicator"
        and line.count("|") >= 2
        and any(c.number is not None for c in cells)
        and not INDICATOR_HEADER.search(line)
    )


def is_reason_cell(row: Row, cell: Cell, state: _State) -> bool:
    """The text right after a complete indicator row, under a 偏差原因 column, that reads like a reason."""
    return (
        state.mode == "indicator"
        and row.reason is None
        and len(row.values) >= value_columns(state) + 2
        and bool(REASON_HEADER.search("".join(state.header)))
        and category_of(cell.text) is None
        and bool(REASON_TEXT.search(cell.text))
        and not re.match(r"指标\d", cell.text)
    )


def value_columns(state: _State) -> int:
    """How many value columns (指标值, 完成值 …) stand before the 分值 column of an indicator header."""
    header = "".join(state.header)
    weight = WEIGHT_HEADER.search(header)
    before = header[: weight.start()] if weight else header
    return len(VALUE_HEADER.findall(before)) or 2


def category_of(text: str) -> tuple[str, str | None] | None:
    """(level-1, level-2 or None) when a cell names a category: ``数量指标`` → (产出指标, 数量指标)."""
    cleaned = re.sub(r"\s|\([^)]*\)|[\d.]+分", "", text)
    for pattern, parent in LEVEL2_CELL:
        if pattern.match(cleaned):
            return parent, cleaned if cleaned.endswith("指标") else cleaned + "指标"
    level1 = LEVEL1_CELL.match(cleaned)
    if level1:
        return LEVEL1_CANON[level1.group("name")], None
    return None


def observe_category(text: str, state: _State) -> bool:
    """Set the current level-1 / level-2 category from a cell that names one."""
    category = category_of(text)
    if category is None:
        level1 = LEVEL1.search(text)
        if not level1 or len(text) > 12:
            return False
        category = (level1.group(), None)
    state.level1, state.level2 = category
    return True


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
        if state.mode != "indicator" or not state.header_open:
            state.header = []
        state.mode = "indicator"
        state.header_open = True
    if state.header_open:
        state.header.append(cell.text)
    observe_category(cell.text, state)


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
        read_indicator_row(row, values, state, facts)
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


def read_indicator_row(row: Row, values: list[Cell], state: _State, facts: TableFacts) -> None:
    """A row read cell by cell (one cell per line): the name, then its numbers and reason."""
    label = row.label.text.strip()
    if not label or category_of(label) is not None or LEVEL1.fullmatch(label):
        return
    slots = list(values)
    if row.reason is not None:
        slots.append(row.reason)
    read_indicator(label, slots, state, facts)


def read_indicator_line(cells: list[Cell], state: _State, facts: TableFacts) -> None:
    """A ``|`` row: category cells, the name, then the value cells in column order."""
    index = 0
    while index < len(cells) and cells[index].number is None:
        text = cells[index].text.strip()
        if not (observe_category(text, state) or re.match(r"^(?:绩效指标|一级指标|二级指标)", text)):
            break
        index += 1
    if index >= len(cells) or cells[index].number is not None:
        return
    name = cells[index].text.strip()
    slots: list[Cell] = []
    prefix: Cell | None = None
    for cell in cells[index + 1 :]:
        if cell.number is None and SYMBOL_CELL.match(cell.text):
            prefix = None if re.match("[定正反]", cell.text) else cell  # ≤ ≥ =: part of the target
        elif cell.number is None and MEASURE_CELL.match(cell.text) and slots:
            last = slots[-1]  # the 度量单位 column: part of the value before it
            if last.number is not None and _UNIT_CELL.match(cell.text):
                facts.figures.append(found(last, "amount", cell.text, name))
            slots[-1] = Cell(last.text + cell.text, last.start, cell.end, last.number, last.percent)
        else:
            joined = cell
            if prefix is not None:
                joined = Cell(prefix.text + cell.text, prefix.start, cell.end, cell.number, cell.percent)
            slots.append(joined)
            prefix = None
    if TOTAL_SCORE_ROW.match(name):
        read_total_row(slots, facts)
        return
    read_indicator(name, slots, state, facts)


def read_total_row(slots: list[Cell], facts: TableFacts) -> None:
    """``总分 | 100 | 98.3``: the declared total score (weight first, then the score)."""
    numbers = [c for c in slots if c.number is not None and not c.percent]
    if len(numbers) >= 2 and facts.total_score is None:
        weight, score = numbers[0], numbers[1]
        if weight.number is not None and score.number is not None and score.number <= weight.number <= 100:
            facts.total_score = found(score, "score", "分", "总分")


def read_indicator(name: str, slots: list[Cell], state: _State, facts: TableFacts) -> None:
    """``target actual weight score reason…``: weight and score stand right after the value columns.

    A number after the score stands in the reason column (``…|10|10|0|``) and is not a score.
    """
    width = value_columns(state)
    if len(slots) >= width + 2:
        weight, score = slots[width], slots[width + 1]
        values, rest = slots[:width], slots[width + 2 :]
    elif len(slots) == 2:
        weight, score = slots
        values, rest = [], []
    else:
        return
    if weight.number is None or score.number is None or weight.percent or score.percent:
        return
    if score.number > weight.number or weight.number > 100:
        return
    unit = state.unit or "万元"
    money = [c for c in values if c.number is not None and not c.percent]
    if INDICATOR_MONEY.search(name) and not name.endswith(("率", "度")) and len(money) == width:
        facts.figures.extend(found(cell, "amount", unit, name) for cell in money)
    parts = [found(weight, "weight", "分", name), found(score, "score", "分", name)]
    facts.figures.extend(parts)
    facts.indicators.append(
        TableIndicator(
            level1=state.level1 or "",
            level2=state.level2,
            name=name,
            weight=parts[0],
            score=parts[1],
            target=(values[0].start, values[0].end) if values else None,
            actual=(values[-1].start, values[-1].end) if len(values) > 1 else None,
            reason=[(c.start, c.end) for c in rest if c.number is None],
        )
    )


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
