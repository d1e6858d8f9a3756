"""Indicator tables: categories, then rows read by column (values, 分值/权重, 得分, reason).

After the name come the value columns the header names before 分值/权重 (指标值, 完成值, 得分系数 — two by
default), then weight and score, then the reason column. A ``|`` line is one row: category cells first,
the name, ``≤``/``定量`` cells joined to the value after them, a 度量单位 cell to the value before it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from jixiao.extract.patterns import Found
from jixiao.extract.table_grid import (
    UNIT_CELL,
    Cell,
    Row,
    TableFacts,
    TableIndicator,
    TableState,
    found,
    table_unit,
)

INDICATOR_HEADER = re.compile(r"指标值|完成值")
INDICATOR_MONEY = re.compile(r"资金|金额|经费|投资|预算")
LEVEL1 = re.compile(r"产出指标|效益指标|满意度指标")
# The categories of the national template (rules/cz2020-self.yaml) and of the 2013 framework for a
# department's whole spending (rules/cz2013-dept.yaml: 投入 / 过程 / 产出 / 效果): level-1 names and the
# level-2 names that stand under each of them (a level-2 name is never a level-1 category).
LEVEL1_CELL = re.compile(r"^(?P<name>产出|效益|效果|满意度|投入|过程)(?:指标)?$")
LEVEL1_CANON = {
    "产出": "产出指标",
    "效益": "效益指标",
    "效果": "效益指标",
    "满意度": "满意度指标",
    "投入": "投入",
    "过程": "过程",
}
LEVEL2_CELL = (  # pattern, level-1, whether the level-2 name is written with 指标
    (re.compile(r"^(?:数量|质量|时效|(?:经济|社会|生态环境)?成本)(?:指标)?$"), "产出指标", True),
    (re.compile(r"^(?:(?:经济|社会|生态)效益|可持续影响)(?:指标)?$"), "效益指标", True),
    (re.compile(r"^(?:社会公众或)?服务对象满意度(?:指标)?$"), "满意度指标", True),
    (re.compile(r"^(?:目标设定|预算配置)$"), "投入", False),
    (re.compile(r"^(?:预算执行|预算管理|资产管理)$"), "过程", False),
    (re.compile(r"^职责履行$"), "产出指标", False),
    (re.compile(r"^履职效益$"), "效益指标", False),
)
REASON_HEADER = re.compile(r"原因|改进措施")
REASON_TEXT = re.compile(r"[。,，;；]|原因|由于|因|未|已|措施|加强|提高")
WEIGHT_HEADER = re.compile(r"分值|权重")
VALUE_HEADER = re.compile(r"指标值|完成值|得分系数|实际值|目标值|实现值")
SYMBOL_CELL = re.compile(r"^(?:[≤≥=<>]+|定量|定性|正向|反向|定量指标|定性指标)$")
MEASURE_CELL = re.compile(
    r"^(?:%|个|人|人次|次|件|项|户|天|台|套|家|所|篇|份|批|亩|万亩|公里|平方米|元|万元|亿元|千元)$"
)
CATEGORY_NOISE = re.compile(r"\s|\([^)]*\)分?|[\d.]+分")  # spaces, (说明), 分值 or ``(0-20)分`` beside a name
NAME_AS_VALUE = re.compile(
    r"^[≥≤≧≦<>=＞＜]|%$|^\d+(?:\.\d+)?\s*(?:%|万元|元|万亩|亩|公里|千米|平方米|立方米|厘米|米|人次|小时"
    r"|[个件人次项户天台套所家篇份批组辆株只头种例名场期座处吨])?$"
)


def reads_as_value(name: str) -> bool:
    """``16公里``, ``≥90%``, ``100%``: a value cell, never an indicator's name (``1、施肥`` is one)."""
    return bool(NAME_AS_VALUE.search(name.strip()))


TOTAL_SCORE_ROW = re.compile(r"^(?:总分|合计|总计|综合得分|自评得分|自评总分)")


def value_columns(state: TableState) -> int:
    """How many value columns (指标值, 完成值 …) stand before the 分值 column of an indicator header."""
    return header_value_columns("".join(state.header))


@lru_cache(maxsize=256)  # pure; asked for every cell of an indicator table, the header rarely changes
def header_value_columns(header: str) -> int:
    weight = WEIGHT_HEADER.search(header)
    before = header[: weight.start()] if weight else header
    return len(VALUE_HEADER.findall(before)) or 2


@lru_cache(maxsize=4096)  # pure; every text cell of every table asks, and category names repeat
def category_of(text: str) -> tuple[str, str | None] | None:
    """(level-1, level-2 or None) when a cell names a category: ``数量指标`` → (产出指标, 数量指标)."""
    cleaned = CATEGORY_NOISE.sub("", text)
    for pattern, parent, with_suffix in LEVEL2_CELL:
        if pattern.match(cleaned):
            return parent, cleaned if cleaned.endswith("指标") or not with_suffix else cleaned + "指标"
    level1 = LEVEL1_CELL.match(cleaned)
    if level1:
        return LEVEL1_CANON[level1.group("name")], None
    return None


def observe_category(text: str, state: TableState, start: int | None = None) -> bool:
    """Set the current level-1 / level-2 category from a cell that names one; a level-1 cell that writes
    its weight (``产出指标(50分)``, the cell at offset ``start``) gives the category's stated weight."""
    category = category_of(text)
    if category is None:
        level1 = LEVEL1.search(text)
        if not level1 or len(text) > 12:
            return False
        category = (level1.group(), None)
    if category[1] is None:
        written = category_weight(text, category[0], start)
        if written is not None or category[0] != state.level1 or state.level2 is not None:
            state.level1_weight = (
                written  # ``满意度指标(10分) | 满意度指标``: the level-2 named alike keeps it
            )
    elif category[0] != state.level1:
        state.level1_weight = None
    state.level1, state.level2 = category
    return True


CATEGORY_WEIGHT = re.compile(r"[(（]\s*(?P<w>\d{1,3}(?:\.\d{1,2})?)\s*分\s*[)）]")


def category_weight(text: str, level1: str, start: int | None) -> Found | None:
    """``产出指标(50分)`` → the weight 50 with its span; never a range (``(40-50)分``), nor without a span."""
    match = CATEGORY_WEIGHT.search(text)
    if match is None or start is None:
        return None
    weight = Decimal(match.group("w"))
    if not 0 < weight <= 100:
        return None
    return Found("weight", weight, "分", start + match.start("w"), start + match.end("w"), level1)


def is_indicator_line(line: str, cells: list[Cell], state: TableState, separators: int | None = None) -> bool:
    """A row of an indicator table, three cells or more (``|`` separators in ``line`` unless given), that
    holds numbers (not its header)."""
    return (
        state.mode == "indicator"
        and (line.count("|") if separators is None else separators) >= 2
        and any(c.number is not None for c in cells)
        and not INDICATOR_HEADER.search(line)
    )


def is_reason_cell(row: Row, cell: Cell, state: TableState) -> bool:
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


def join_value_cell(row: Row, cell: Cell) -> bool:
    """One cell per line: a ``≤``/``=`` cell waits for the value after it, a 度量单位 cell (``%``)
    joins the value before it. True when the cell was taken."""
    if not row.label.text or cell.number is not None:
        return False
    if SYMBOL_CELL.match(cell.text) and re.match(r"^[≤≥=<>]+$", cell.text):
        row.prefix = cell
        return True
    if MEASURE_CELL.match(cell.text) and not UNIT_CELL.match(cell.text) and row.values:
        last = row.values[-1]
        if last.number is not None:
            row.values[-1] = Cell(last.text + cell.text, last.start, cell.end, last.number, last.percent)
            return True
    return False


def read_indicator_row(row: Row, values: list[Cell], state: TableState, facts: TableFacts) -> None:
    """A row read cell by cell (one cell per line): the name, then its numbers and reason."""
    label = row.label.text.strip()
    if not label or category_of(label) is not None or LEVEL1.fullmatch(label):
        return
    slots = list(values)
    if row.reason is not None:
        slots.append(row.reason)
    read_indicator(label, slots, state, facts)


def read_indicator_line(cells: list[Cell], state: TableState, facts: TableFacts) -> None:
    """A ``|`` row: category cells, the name, then the value cells in column order."""
    index = skip_categories(cells, state)
    if index >= len(cells) or cells[index].number is not None:
        return
    name = cells[index].text.strip()
    slots = value_slots(cells[index + 1 :], name, facts)
    if TOTAL_SCORE_ROW.match(name):
        read_total_row(slots, facts)
        return
    read_indicator(name, slots, state, facts)


def skip_categories(cells: list[Cell], state: TableState) -> int:
    """The index of the first cell after the leading category cells (which set the state's category)."""
    index = 0
    while index < len(cells) and cells[index].number is None:
        text = cells[index].text.strip()
        if not (
            observe_category(text, state, cells[index].start)
            or re.match(r"^(?:绩效指标|一级指标|二级指标)", text)
        ):
            break
        index += 1
    return index


def value_slots(cells: list[Cell], name: str, facts: TableFacts) -> list[Cell]:
    """The value cells after the name: ``≤`` joined to the value after it, a unit to the value before."""
    slots: list[Cell] = []
    prefix: Cell | None = None
    for cell in cells:
        if cell.number is None and SYMBOL_CELL.match(cell.text):
            prefix = None if re.match("[定正反]", cell.text) else cell  # ≤ ≥ =: part of the target
        elif cell.number is None and MEASURE_CELL.match(cell.text) and not slots:
            continue  # a 计量单位 column before the values: the unit of the values after it
        elif cell.number is None and MEASURE_CELL.match(cell.text) and slots:
            last = slots[-1]  # the 度量单位 column: part of the value before it
            if last.number is not None and UNIT_CELL.match(cell.text):
                facts.figures.append(found(last, "amount", cell.text, name))
            slots[-1] = Cell(last.text + cell.text, last.start, cell.end, last.number, last.percent)
        else:
            joined = cell
            if prefix is not None:
                joined = Cell(prefix.text + cell.text, prefix.start, cell.end, cell.number, cell.percent)
            slots.append(joined)
            prefix = None
    return slots


def read_total_row(slots: list[Cell], facts: TableFacts) -> None:
    """``总分 | 100 | 98.3``: the declared total score (weight first, then the score)."""
    numbers = [c for c in slots if c.number is not None and not c.percent]
    if len(numbers) >= 2 and facts.total_score is None:
        weight, score = numbers[0], numbers[1]
        if weight.number is not None and score.number is not None and score.number <= weight.number <= 100:
            facts.total_score = found(score, "score", "分", "总分")


ROLE = re.compile(
    rf"(?P<value>{VALUE_HEADER.pattern})|(?P<weight>{WEIGHT_HEADER.pattern})|(?P<score>得分|评分)"
)


@lru_cache(maxsize=256)  # pure; asked for every indicator row, the header rarely changes
def header_roles(header: str) -> tuple[str, ...]:
    """The header's value, weight and score columns in their order: ``年度指标值 实际完成值 分值 得分`` →
    (value, value, weight, score); ``指标值 指标权重(分) 全年完成值 指标得分(分)`` → (value, weight, value,
    score). 得分系数 is a value column."""
    return tuple(match.lastgroup or "" for match in ROLE.finditer(header))


def score_columns(
    slots: list[Cell], width: int, roles: tuple[str, ...] = ()
) -> tuple[Cell, Cell, list[Cell], list[Cell]] | None:
    """(weight, score, values, rest) of a row: where the header names one weight and one score column, in
    the header's order (a weight before the values, between them); else weight and score right after
    ``width`` values."""
    if roles.count("weight") == 1 and roles.count("score") == 1 and len(slots) >= len(roles):
        weight, score = roles.index("weight"), roles.index("score")
        values = [slots[i] for i, role in enumerate(roles) if role == "value"]
        return slots[weight], slots[score], values, slots[len(roles) :]
    if len(slots) >= width + 2:
        return slots[width], slots[width + 1], slots[:width], slots[width + 2 :]
    if len(slots) == 2:
        return slots[0], slots[1], [], []
    return None


def read_indicator(name: str, slots: list[Cell], state: TableState, facts: TableFacts) -> None:
    """``target actual weight score reason…``: weight and score stand right after the value columns.

    A number after the score stands in the reason column (``…|10|10|0|``) and is not a score.
    """
    if TOTAL_SCORE_ROW.match(name):
        read_total_row(slots, facts)  # a 总分 row read by words (a flattened or PDF table): not an indicator
        return
    width = value_columns(state)
    columns = score_columns(slots, width, header_roles("".join(state.header)))
    if columns is None:
        return
    weight, score, values, rest = columns
    if weight.number is None or weight.percent or score.percent or weight.number > 100:
        return
    if (score.number is None and score.text) or (score.number is not None and score.number > weight.number):
        return  # a text in the 得分 column; an empty one is a score not given
    unit = table_unit(state)
    money = [c for c in values if c.number is not None and not c.percent]
    if INDICATOR_MONEY.search(name) and not name.endswith(("率", "度")) and len(money) == width:
        facts.figures.extend(found(cell, "amount", unit, name) for cell in money)
    # a target whose % stands in the 度量单位 cell after it (``= | 100 | % | 98 |``): no % sign follows
    # the number in the text, so the rates are read here, the 完成值 beside it in the same measure
    numbers = [c for c in values if c.number is not None and not c.percent]
    if any(c.text.rstrip().endswith("%") for c in numbers):
        facts.figures.extend(found(cell, "rate", "%", name) for cell in numbers)
    weight_found = found(weight, "weight", "分", name)
    score_found = found(score, "score", "分", name) if score.number is not None else None
    facts.figures.extend(part for part in (weight_found, score_found) if part is not None)
    facts.indicators.append(table_indicator(name, state, weight_found, score_found, values, rest))


def table_indicator(
    name: str,
    state: TableState,
    weight: Found,
    score: Found | None,
    values: list[Cell],
    rest: list[Cell],
) -> TableIndicator:
    """The row as the builder takes it: category, name, weight and score, value and reason spans."""
    return TableIndicator(
        level1=state.level1 or "",
        level2=state.level2,
        name=name,
        weight=weight,
        score=score,
        target=(values[0].start, values[0].end) if values else None,
        actual=(values[-1].start, values[-1].end) if len(values) > 1 else None,
        reason=[(c.start, c.end) for c in rest if c.number is None],
        level1_weight=state.level1_weight,
    )


# Score tables (评分表) whose header names the categories and 得分, with no value column:
# ``一级指标 | 二级指标 | 三级指标 | 分值 | 得分``, or with no 分值 column at all,
# the weight written in the name (``部门决策(25分) | 目标任务(15分) | 相关性(5分) | 4``).
# Their category names are the framework's own (决策, 过程, 综合管理…), or lost to a
# merged cell (``(20分)``), so the rows are read by position: the text cells before the
# figures are the categories (a row that names fewer carries the ones above down), the
# last of them the indicator.
SCORE_HEADER_CELL = re.compile(
    r"^(?:[一二三]级\s*指\s*标|指标名称|评价指标|考核指标|分\s*值|权\s*重|得\s*分|自评得分|评分)$"
)
NAME_WEIGHT = re.compile(r"^(?P<name>.*?)\s*[(（]\s*(?P<w>\d{1,3}(?:\.\d)?)\s*分\s*[)）]$")
BARE_WEIGHT = re.compile(r"^[(（][^()（）]{0,8}?\d{1,3}\s*分?\s*[)）]$")  # a category whose name was lost
NUMBER_CELL = re.compile(r"^\d{1,3}(?:\.\d{1,2})?$")


def score_table_rows(
    tables: list[list[list[tuple[str, int, int]]]], text: str, totals: list[Found] | None = None
) -> list[TableIndicator]:
    """The indicators of score tables read by position (see above). ``tables`` are grids of cells as
    (text, start, end) in ``text``. A weight is taken from the 分值 cell right after the name, or, where
    the header has no 分值 column, from the name's ``(N分)``; the score from the number right after it
    (none when the form leaves it empty), never above the weight. The total score of a 合计 / 总分 row is
    appended to ``totals``."""
    found: list[TableIndicator] = []
    for rows in tables:
        roles: tuple[bool, bool] | None = None  # (has a 分值 column, has a 得分 column)
        parents: list[str] = []
        for row in rows:
            cells = [cell for cell in row if cell[0].strip()]
            header = score_header(cells)
            if header is not None:
                roles, parents = header, []
                continue
            if roles is None or not cells:
                continue
            if TOTAL_SCORE_ROW.match(re.sub(r"\s", "", cells[0][0])):
                total = score_total(cells[1:], roles, text)
                if total is not None and totals is not None:
                    totals.append(total)
                continue
            row_found = score_row(cells, roles, parents, text)
            if row_found is not None:
                found.append(row_found)
    return found


def score_header(cells: list[tuple[str, int, int]]) -> tuple[bool, bool] | None:
    """(分值 column, 得分 column) of a header row that names categories and a 得分 column and nothing else
    (no value column: a row with 指标值 / 完成值 is read by the table pass)."""
    texts = [re.sub(r"\s", "", cell[0]) for cell in cells]
    if len(texts) < 3 or not all(SCORE_HEADER_CELL.match(t) for t in texts):
        return None
    if not any(t.startswith(("一级", "二级", "三级")) for t in texts):
        return None
    has_weight = any(t in {"分值", "权重"} for t in texts)
    has_score = any("得分" in t or t == "评分" for t in texts)
    if not has_score:
        return None
    order = [t for t in texts if t in {"分值", "权重"} or "得分" in t or t == "评分"]
    if has_weight and order[0] not in {"分值", "权重"}:
        return None  # the score before the weight: not the order read here
    return has_weight, has_score


def score_row(
    cells: list[tuple[str, int, int]], roles: tuple[bool, bool], parents: list[str], text: str
) -> TableIndicator | None:
    """One row: categories, the name, then (分值) and 得分. ``parents`` carries the categories down."""
    first_number = next((i for i, cell in enumerate(cells) if NUMBER_CELL.match(cell[0].strip())), len(cells))
    names = cells[:first_number]
    numbers = cells[first_number:]
    if not names or any(not NUMBER_CELL.match(cell[0].strip()) for cell in numbers) or len(numbers) > 2:
        return None
    *above, leaf = names
    categories = [category_name(cell[0]) for cell in above]
    if len(categories) >= 2:
        parents[:] = categories[-2:]
    elif len(categories) == 1:
        parents[:] = [parents[0] if parents else "", categories[0]]
    has_weight, _ = roles
    name_text = leaf[0].strip()
    written = NAME_WEIGHT.match(name_text)
    name = (written.group("name") if written else name_text).strip()
    category = category_of(name)
    if not name or reads_as_value(name) or TOTAL_SCORE_ROW.match(name) or (category and category[1] is None):
        return (
            None  # a level-2 name with its own weight is this framework's indicator (经济效益(可选项) | 40)
        )
    if has_weight:
        if not numbers:
            return None
        weight = cell_found(numbers[0], "weight", name, text)
        score_cell = numbers[1] if len(numbers) > 1 else None
    else:
        if written is None or len(numbers) > 1:
            return None
        at = leaf[1] + text[leaf[1] : leaf[2]].rfind(written.group("w"))
        weight = Found("weight", Decimal(written.group("w")), "分", at, at + len(written.group("w")), name)
        if text[weight.start : weight.end] != written.group("w"):
            return None
        score_cell = numbers[0] if numbers else None
    score = cell_found(score_cell, "score", name, text) if score_cell is not None else None
    if weight is None or not 0 < weight.value <= 100:
        return None
    if score is not None and score.value > weight.value:
        return None
    level1, level2 = [*parents, "", ""][:2] if parents else ("", None)
    return TableIndicator(level1=level1 or "", level2=level2 or None, name=name, weight=weight, score=score)


def score_total(cells: list[tuple[str, int, int]], roles: tuple[bool, bool], text: str) -> Found | None:
    """``合计 | 100 | 85``: the score after the full weight; ``总分 | 85`` where there is no 分值 column."""
    numbers = [cell for cell in cells if NUMBER_CELL.match(cell[0].strip())]
    if len(numbers) != len(cells) or len(numbers) != (2 if roles[0] else 1):
        return None
    score = cell_found(numbers[-1], "score", "总分", text)
    if score is None or score.value > 100:
        return None
    if roles[0] and not score.value <= Decimal(numbers[0][0].strip()) <= 100:
        return None
    return score


def category_name(cell_text: str) -> str:
    """A category cell's name without its weight (``部门决策(25分)`` → 部门决策); "" when only the weight
    is left (``(20分)``: the name was in a merged cell)."""
    text = re.sub(r"\s", "", cell_text)
    if BARE_WEIGHT.match(text):
        return ""
    written = NAME_WEIGHT.match(text)
    return written.group("name") if written else text


def cell_found(cell: tuple[str, int, int], kind: str, name: str, text: str) -> Found | None:
    """A number cell as a figure, its span the digits where they stand in ``text``."""
    digits = cell[0].strip()
    at = text.find(digits, cell[1], cell[2] + 1)
    if at < 0:
        return None
    return Found(kind, Decimal(digits), "分", at, at + len(digits), name)


# --- rows flattened with spaces onto one line ---------------------------------------------------
# Indicator rows flattened with spaces onto one line: ``产出指标(50分) 数量指标 名称 ≥50个 50 8 8``.
#
# The text words of such a row were merged into one label cell; its words are read again: words of the
# table's header are cut off, category words set the row's level-1 / level-2 category (text before the
# last category word is the previous row's reason), the next word is the name and the words after it are
# text values (``≥50个``, ``达成预期指标``). The row is read only when the value words and the numbers fill
# exactly the value columns, 分值 and 得分, or only 分值 and 得分 (the value cells left empty, which a
# flattened row cannot show): a name written with spaces, or a reason run into the next row with no
# category to mark where it ends, cannot be cut apart with certainty and is left out.

HEADER_WORD = re.compile(
    r"^(?:绩效指标|[一二三]级指标|(?:年度)?指标值|(?:实际)?完成值|全年实际值|分值|权重|得分|指标性质|度量单位)"
    r"|原因|改进措施"
)


def is_flat_row(label: Cell) -> bool:
    """A label cell merged from several space-separated words."""
    return len(label.words) >= 2


def read_flat_row(label: Cell, values: list[Cell], state: TableState, facts: TableFacts) -> None:
    """Categories, name and text values from the label's words, then the row's numbers."""
    words = after_header(label.words)
    last_category = -1
    for index, word in enumerate(words):
        if category_of(word.text) is not None:
            last_category = index
    for word in words[: last_category + 1]:
        observe_category(word.text, state, word.start)
    rest = words[last_category + 1 :]
    if not rest:
        return
    slots = [*rest[1:], *values]
    if len(slots) not in (value_columns(state) + 2, 2) or rest[0].number is not None:
        return  # every value column filled, or only 分值 and 得分 (the value cells left empty)
    read_indicator(rest[0].text, slots, state, facts)


def after_header(words: list[Cell]) -> list[Cell]:
    """The words after the last word of the table's header (all of them when there is none)."""
    cut = 0
    for index, word in enumerate(words):
        if HEADER_WORD.search(word.text):
            cut = index + 1
    return words[cut:]
