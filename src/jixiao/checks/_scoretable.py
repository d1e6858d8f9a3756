"""A score table of a published report as the score-table checks see it: rows with 分值 and 得分.

Built from a table grid and its facts (a number's kind follows from its column header: 分值/权重 → weight,
得分/评分 → score, 执行率 → rate), read as plain data. A grid may hold several forms one after another (a
department's project tables): a row starting with 项目名称 opens a new form. In a form:

* the **budget row** (年度资金总额 / 预算执行 …) states the 分值 and 得分 of budget execution beside its rate;
* a **total row** (总分 / 合计 / 总计 / 自评得分 …) states the form's full weight and its total score;
* a **category** is a cell naming a level-1 or level-2 indicator (产出指标, 数量指标 …), its weight written in
  it (``产出指标（50分）``) or on a row of its own that names nothing else;
* a **parent row** is numbered above the rows after it (``一、示范区建立`` over ``1、…``, ``2、…``) and
  states their sum again: it is not a leaf;
* every other row with a 分值 or 得分 is a **leaf** indicator.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.categories import category_level, weight_in_text
from jixiao.checks._facts import compact

if TYPE_CHECKING:
    from jixiao.checks.registry import Context
    from jixiao.inputs.document import Cell, Document, Table
    from jixiao.inputs.facts import Fact

TOTAL_NAMES = re.compile(r"^(?:总分|合计|总计|综合得分|自评总分|自评得分|总得分|得分合计|分值合计|评价得分)$")
_WEIGHT_COLUMN = re.compile(r"分值|权重")
_SCORE_COLUMN = re.compile(r"得分|评分")
_BUDGET = re.compile(r"资金总额|预算执行|执行率|年度资金")
_NEW_FORM = re.compile(r"^项目名称|^(?:专项|转移支付|项目)名称")
_NUMBERED = (  # outline levels of a row name, outermost first
    re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]"),
    re.compile(r"^[（(][一二三四五六七八九十]{1,3}[)）]"),
    re.compile(r"^\d{1,2}[、.．](?!\d)"),
    re.compile(r"^[（(]\d{1,2}[)）]"),
)


def category_name(text: str) -> str | None:
    """``产出指标（50分）`` → ``产出指标``; None when the cell names no category."""
    found = category_level(text)
    return found[1] if found else None


def level_of(name: str) -> int | None:
    plain = compact(name)
    return next((i for i, pattern in enumerate(_NUMBERED) if pattern.match(plain)), None)


@dataclass(slots=True)
class ScoreRow:
    index: int  # row index in the grid
    name: str  # the indicator's name (or the row's label)
    categories: list[tuple[str, Cell]]  # (category, its cell) named in the row, outermost first
    weight: Fact | None
    score: Fact | None
    kind: str  # leaf / budget / total / category / parent
    rate: Fact | None = None


@dataclass(slots=True)
class Form:
    """One self-evaluation form inside a table: its rows with 分值 or 得分, in order."""

    table: int
    rows: list[ScoreRow] = field(default_factory=list)
    cut: bool = False  # the table ends the document: the form may go on past the excerpt
    budget_seen: bool = False  # a budget row (年度资金总额, 预算执行…) stands in it, read or not

    def of_kind(self, *kinds: str) -> list[ScoreRow]:
        return [row for row in self.rows if row.kind in kinds]

    @property
    def total(self) -> ScoreRow | None:
        return next((row for row in self.rows if row.kind == "total"), None)


def forms_of(ctx: Context) -> list[Form]:
    """The forms of the checked document, read once for every score-table check (``Context.derived``)."""
    return ctx.derived(_forms_of_context)


def _forms_of_context(ctx: Context) -> list[Form]:
    return forms(ctx.document, ctx.facts) if ctx.document is not None else []


def forms(document: Document, facts: Sequence[Fact]) -> list[Form]:
    """Every form with a 分值 or 得分 column, in every table of ``document``."""
    by_table: dict[int, dict[tuple[int, int], Fact]] = defaultdict(dict)
    for fact in facts:
        if fact.table is not None and fact.row is not None and fact.column is not None:
            by_table[fact.table][(fact.row, fact.column)] = fact
    tables = list(document.tables())
    found: list[Form] = []
    for index, table in enumerate(tables):
        cells = by_table.get(index, {})
        if not any(f.kind in ("weight", "score") for f in cells.values()):
            continue
        last = index == len(tables) - 1 and len(document.text[table.end :].strip()) < 40
        found += [form for form in _forms(index, table, cells, last) if form.rows]
    return found


def _forms(index: int, table: Table, cells: dict[tuple[int, int], Fact], last: bool) -> list[Form]:
    current = Form(index)
    found = [current]
    for row_index, row in enumerate(table.rows):
        texts = [(c, cell) for c, cell in enumerate(row) if (row_index, c) not in cells and cell.text.strip()]
        own = [cell for _c, cell in texts if not cell.merged]
        if own and _NEW_FORM.match(compact(own[0].text)) and current.rows:
            current = Form(index)
            found.append(current)
        if any(_BUDGET.search(compact(cell.text)) for cell in own):
            current.budget_seen = True
        numbers = {c: cells[(row_index, c)] for c in range(len(row)) if (row_index, c) in cells}
        # a weight or score under its own column (``95分`` under 实际完成值 is an indicator's value)
        weight = next(
            (f for f in numbers.values() if f.kind == "weight" and _WEIGHT_COLUMN.search(f.column_header)),
            None,
        )
        score = next(
            (f for f in numbers.values() if f.kind == "score" and _SCORE_COLUMN.search(f.column_header)), None
        )
        is_total = any(TOTAL_NAMES.match(compact(cell.text)) for cell in own)
        if weight is None and score is None and not (is_total and current.rows):
            continue
        rate = next((f for f in numbers.values() if f.kind == "rate" and "执行" in f.column_header), None)
        categories = [(name, cell) for _c, cell in texts if (name := category_name(cell.text))]
        above = table.rows[row_index - 1] if row_index else []
        others = [
            cell.text.strip()
            for c, cell in texts
            if not cell.merged
            and category_name(cell.text) is None
            and not (c < len(above) and above[c].text.strip() == cell.text.strip())  # a merged cell's copy
        ]
        name = others[0] if others else ""
        if is_total:
            kind = "total"
            if weight is None and score is None:
                weight, score = _total_pair(list(numbers.values()))
        elif rate is not None or any(_BUDGET.search(compact(text)) for text in others[:1]):
            kind = "budget"
        elif not others and categories:
            kind = "category"
        else:
            kind = "leaf"
        current.rows.append(ScoreRow(row_index, name, categories, weight, score, kind, rate))
    for form in found:
        _mark_parents(form)
    if found:
        found[-1].cut = last and found[-1].total is None
    return found


def _total_pair(numbers: list[Fact]) -> tuple[Fact | None, Fact | None]:
    """A total row not placed under the header's columns (``总分 | 100 | 96.5``): its two numbers are the
    full weight and the total score when they read so (score ≤ weight ≤ 100); else nothing."""
    plain = [f for f in numbers if f.kind in ("number", "weight", "score") and f.unit in (None, "分")]
    if len(plain) != 2 or len(numbers) != 2:
        return None, None
    weight, score = plain
    if not (0 <= score.value <= weight.value <= 100):
        return None, None
    return weight, score


def _mark_parents(form: Form) -> None:
    """A numbered row that states the sum of the rows numbered below it is their parent, not a leaf."""
    leaves = form.of_kind("leaf")
    for position, row in enumerate(leaves):
        level = level_of(row.name)
        if level is None:
            continue
        children = []
        for other in leaves[position + 1 :]:
            other_level = level_of(other.name)
            if other_level is None or other_level <= level:
                break
            if other_level == min(
                (lv for r in leaves[position + 1 :] if (lv := level_of(r.name)) is not None and lv > level),
                default=other_level,
            ):
                children.append(other)
        if len(children) < 2:
            continue
        for field_name in ("weight", "score"):
            own = getattr(row, field_name)
            values = [getattr(child, field_name) for child in children]
            complete = own is not None and all(v is not None for v in values)
            if complete and sum((v.value for v in values if v), Decimal(0)) == own.value:
                row.kind = "parent"
                break


def _level(text: str) -> int | None:
    found = category_level(text)
    return found[0] if found else None


Block = tuple[str, Decimal, "Cell", list[ScoreRow]]  # a category: name, weight, its cell, its leaves


def categories_of(form: Form) -> list[Block]:
    """Each category with a weight and the leaves under it: a level-1 category whose weight is written
    in its cell (``产出指标（50分）``) gathers the rows from the one naming it to the one naming another
    level-1 category (a merged cell's copies and a name written on the first row only alike); a row of a
    category alone with its 分值 gathers the leaves after it up to the next category row of its level or
    above. A total or a budget row ends both."""
    found: list[Block] = []
    current: Block | None = None
    open_rows: list[tuple[int, Block]] = []  # (level, block)
    for row in form.rows:
        if row.kind in ("total", "budget"):
            current, open_rows = None, []
            continue
        if row.kind == "category" and row.weight is not None and row.categories:
            name, cell = row.categories[-1]
            level = _level(cell.text) or 2
            open_rows = [(lv, kept) for lv, kept in open_rows if lv < level]
            block: Block = (name, row.weight.value, cell, [])
            open_rows.append((level, block))
            found.append(block)
            continue
        level1 = [(name, cell) for name, cell in row.categories if _level(cell.text) == 1]
        if level1:
            name, cell = level1[0]
            weight = weight_in_text(cell.text)
            if current is None or current[0] != name or (weight is not None and current[1] != weight):
                current = (name, weight, cell, []) if weight is not None else None
                if current is not None:
                    found.append(current)
        if row.kind == "leaf":
            if current is not None:
                current[3].append(row)
            for _level_of_block, block in open_rows:
                block[3].append(row)
    return found
