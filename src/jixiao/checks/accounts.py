"""Final accounts (ACC): the balance of a 收入支出决算总表 and of the 决算说明 that restates it.

The national final-accounts forms (财决01表 收入支出决算总表, 财决01-1表 财政拨款收入支出决算总表, and the
公开 tables a department publishes) balance by construction:

* 收入总计 = 支出总计;
* 收入总计 = 本年收入合计 + 使用非财政拨款结余(和专用结余) + 年初结转和结余;
* 支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余;
* so 年初结转和结余 + 本年收入合计 (+ 使用结余) = 本年支出合计 (+ 结余分配) + 年末结转和结余.

These checks read the report's facts wherever they stand: a table (income and expense side by side, or one
block under the other) or the 决算说明's sentences (``收入总计697.38万元,支出总计697.38万元``). A figure's
row name is the text right before it (the nearest text cell on its left in a table, the clause before it in
prose); a name qualified otherwise (``财政拨款收入总计``, ``上年收入总计``) is compared only with figures
qualified alike. Precision first: an error where both names are the form's own and the units are resolved;
a warning where a term of the identity was not stated and is taken as 0.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING

from jixiao.checks._facts import TO_WANYUAN, compact, slack
from jixiao.checks._support import fmt
from jixiao.checks.registry import Context, check
from jixiao.issues import Issue, Severity

if TYPE_CHECKING:
    from jixiao.inputs.document import Document, Table
    from jixiao.inputs.facts import Fact

INCOME = "income"
EXPENSE = "expense"
# the rows of the form: key → (pattern of the name once qualifiers are cut, side)
TERMS: dict[str, tuple[re.Pattern[str], str | None]] = {
    "income_total": (re.compile(r"收入总计$"), INCOME),
    "expense_total": (re.compile(r"支出总计$"), EXPENSE),
    "total": (re.compile(r"^总计$"), None),  # the side of the rows above it
    "income_year": (re.compile(r"(?:本年)?收入合计$|^本年收入$"), INCOME),
    "expense_year": (re.compile(r"(?:本年)?支出合计$|^本年支出$"), EXPENSE),
    "used": (
        re.compile(
            r"^(?:使用|用)(?:非财政拨款结余|专用结余|事业基金弥补收支差额)(?:和专用结余|及专用结余)?$"
        ),
        INCOME,
    ),
    "carried_in": (re.compile(r"年初(?:财政拨款)?结转(?:和|及)?结余$"), INCOME),
    "distribution": (re.compile(r"^结余分配$"), EXPENSE),
    "carried_out": (re.compile(r"年末(?:财政拨款)?结转(?:和|及)?结余$"), EXPENSE),
}
_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[)）])"
)
_YEAR = re.compile(r"(?:19|20)\d{2}年度?|本年度|全年|本年(?=度)")
_FILLER = re.compile(r"(?:共计|合计为|为|是|达|共|实现|完成)$")
_LEAD = re.compile(r"^(?:其中|此外|另外|以及|及|和|与|比|较|同比)[:：,，]?")
_COMPARED = re.compile(r"上年|上一年|去年")
MAX_SCOPE = 3000  # characters of prose after a 收入总计 in which its other terms are looked for


@dataclass(slots=True)
class Entry:
    """A figure of the form: which row it is, how its name was qualified, and the fact."""

    key: str
    side: str
    qualifier: str
    fact: Fact
    value: Decimal  # in 万元 when the unit is money, else as written


@dataclass(slots=True)
class Scope:
    """Figures that belong to one statement of the accounts: one table, or one run of prose."""

    table: int | None
    entries: list[Entry] = field(default_factory=list)

    def first(self, key: str, qualifier: str, side: str | None = None) -> Entry | None:
        return next(
            (
                e
                for e in self.entries
                if e.qualifier == qualifier
                and (e.key == key or (key.endswith("_total") and e.key == "total" and e.side == side))
            ),
            None,
        )


def name_of(label: str) -> tuple[str, str | None, str] | None:
    """(key, side, qualifier) of a row name: ``2023年度财政拨款收入总计为`` → (income_total, income,
    财政拨款); None when the name is none of the form's rows."""
    text = compact(label)
    text = re.sub(r"[（(][^）)]*[)）]", "", text)  # (万元), (元), (1栏)
    text = _NUMBERING.sub("", text).strip(":：,，、")
    text = _LEAD.sub("", text)
    text = _YEAR.sub("", text)
    text = _FILLER.sub("", text)
    for key, (pattern, side) in TERMS.items():
        match = pattern.search(text)
        if match:
            qualifier = _LEAD.sub("", text[: match.start()])
            if len(qualifier) > 8 or re.search(r"[，,。；;]", qualifier):
                return None  # a clause, not a qualifier: not a row of the form
            return key, side, "上年" if _COMPARED.search(qualifier) else qualifier
    return None


def scopes_of(ctx: Context) -> list[Scope]:
    """``scopes`` of the checked document, made once for ACC001 and ACC002 (``Context.derived``)."""
    return ctx.derived(_scopes_of_context)


def _scopes_of_context(ctx: Context) -> list[Scope]:
    assert ctx.document is not None
    return scopes(ctx.document, ctx.facts)


def scopes(document: Document, facts: Sequence[Fact]) -> list[Scope]:
    """The tables' scopes and the prose scopes, each with its figures of the form."""
    found = [table_scope(index, table, facts) for index, table in enumerate(document.tables())]
    return [s for s in found if s.entries] + prose_scopes(facts)


def _usable(fact: Fact) -> bool:
    return fact.kind in ("amount", "number")


def _value(fact: Fact) -> Decimal:
    factor = TO_WANYUAN.get(fact.unit or "") if fact.kind == "amount" else None
    return fact.value * factor if factor is not None else fact.value


def table_scope(index: int, table: Table, facts: Sequence[Fact]) -> Scope:
    """A table's figures of the form in reading order: row by row, each number under the nearest text
    on its left (income and expense side by side), a bare 总计 on the side of the rows before it."""
    scope = Scope(table=index)
    by_cell = {(f.row, f.column): f for f in facts if f.table == index}
    sides: dict[int, str] = {}  # the column of a row name → the side of the last name seen there
    for row_index, row in enumerate(table.rows):
        label, label_column = "", -1
        for column, cell in enumerate(row):
            fact = by_cell.get((row_index, column))
            if fact is None:
                if not cell.merged and cell.text.strip() and not re.fullmatch(r"[\d\s.,%-]*", cell.text):
                    label, label_column = cell.text, column
                continue
            if not _usable(fact):
                continue  # a 行次, a year: the name stands for the amount after it
            named = name_of(label) if label else None
            label = ""  # a row name stands before its first amount only
            if named is None:
                continue
            key, key_side, qualifier = named
            side = key_side or sides.get(label_column)
            if side is None:
                continue  # a 总计 with nothing above it to say whose
            sides[label_column] = side
            scope.entries.append(Entry(key, side, qualifier, fact, _value(fact)))
    return scope


# ``收、支总计各是4125.49,4143.91万元``: the income total and the expense total, respectively
_BOTH_TOTALS = re.compile(r"收\s*[、,，和与及]?\s*支总计各(?:是|为|为了)?\s*$")


def _respective(facts: Sequence[Fact]) -> dict[int, tuple[str, str, str]]:
    """The two figures of ``收、支总计各是A,B``: A the income total, B (the next amount) the expense total."""
    named: dict[int, tuple[str, str, str]] = {}
    money = [f for f in facts if f.table is None and _usable(f) and f.unit in TO_WANYUAN]
    for first, second in pairwise(money):
        label = compact(first.labels[-1]) if first.labels else ""
        if _BOTH_TOTALS.search(_YEAR.sub("", label)) and second.start - first.end <= 3:
            named[id(first)] = ("income_total", INCOME, "")
            named[id(second)] = ("expense_total", EXPENSE, "")
    return named


def prose_scopes(facts: Sequence[Fact]) -> list[Scope]:
    """Prose figures of the form: a scope opens at each 收入总计 (or the first row named) and runs
    while the figures keep to the form's rows, at most MAX_SCOPE characters."""
    found: list[Scope] = []
    current: Scope | None = None
    opened = 0
    respective = _respective(facts)
    for fact in facts:
        if fact.table is not None or not _usable(fact) or fact.unit not in TO_WANYUAN:
            continue
        named = respective.get(id(fact)) or (name_of(fact.labels[-1]) if fact.labels else None)
        if named is None:
            continue
        key, side, qualifier = named
        if side is None:
            continue  # a bare 总计 in a sentence names nothing
        if (
            current is None
            or fact.start - opened > MAX_SCOPE
            or (key == "income_total" and current.first("income_total", qualifier))
        ):
            current = Scope(table=None)
            found.append(current)
            opened = fact.start
        current.entries.append(Entry(key, side, qualifier, fact, _value(fact)))
    return found


def _same_units(entries: Sequence[Entry]) -> bool:
    """Money in known units (compared in 万元), or plain numbers of one table (one unit however unnamed)."""
    units = {e.fact.unit for e in entries}
    money = all(e.fact.kind == "amount" and e.fact.unit in TO_WANYUAN for e in entries)
    same_table = len({e.fact.table for e in entries}) == 1 and entries[0].fact.table is not None
    return money or (same_table and len(units) == 1)


_NET = re.compile(r"收支相抵|相抵后|结转下年|滚存结余|年终结余")
# ``加上结转下年、上解上级支出等0万元，支出总计…``: the balance is added into the total, not netted out of it
_ADDED = re.compile(r"(?:加上|加|含|包括)[^。；;，,]{0,20}$")


def _net_of_balance(document: Document, expense: Entry) -> bool:
    """A budget-execution report's 支出总计 stated net of a balance it names (``收支相抵，结转下年…``):
    the two totals are not meant to be equal. A balance the sentence adds into the total (``加上结转下年、
    安排预算稳定调节基金等0万元，支出总计…``, the town template) is part of it: the totals must agree."""
    if expense.fact.table is not None:
        return False
    text = document.text
    start = text.rfind("\n", 0, expense.fact.start) + 1
    end = text.find("\n", expense.fact.end)
    line_end = end if end >= 0 else len(text)
    return any(not _ADDED.search(text[start : m.start()]) for m in _NET.finditer(text, start, line_end))


def _place(ctx: Context, entry: Entry, name: str) -> str:
    line = ctx.line_of(entry.fact.start)
    unit = entry.fact.unit or ""
    return f"第{line}行“{name}”{fmt(entry.fact.value)}{unit}"


def _qualified(name: str, qualifier: str) -> str:
    return f"{qualifier}{name}" if qualifier and qualifier != "上年" else name


def _qualifiers(scope: Scope) -> list[str]:
    seen: list[str] = []
    for entry in scope.entries:
        if entry.qualifier not in seen:
            seen.append(entry.qualifier)
    return seen


@check("ACC001", name="accounts.income-total-equals-expense-total", group="accounts")
def income_total_equals_expense_total(ctx: Context) -> Iterator[Issue]:
    """决算表及决算说明中：收入总计 = 支出总计（收支平衡，按同一口径比较）.

    Compared within one table (the form's two sides) or one passage of the 决算说明; ``财政拨款收入总计``
    only with ``财政拨款支出总计``, this year's only with this year's.

    Wrong::

        2023年度收入总计697.38万元，支出总计679.38万元。

    Right::

        2023年度收入总计697.38万元，支出总计697.38万元。
    """
    if ctx.document is None:
        return
    for scope in scopes_of(ctx):
        for qualifier in _qualifiers(scope):
            income = scope.first("income_total", qualifier, INCOME)
            expense = scope.first("expense_total", qualifier, EXPENSE)
            if income is None or expense is None or not _same_units([income, expense]):
                continue
            gap = income.value - expense.value
            if abs(gap) <= slack([income.value, expense.value]) or _net_of_balance(ctx.document, expense):
                continue
            name_in = _qualified("收入总计", qualifier)
            name_out = _qualified("支出总计", qualifier)
            yield ctx.issue(
                None,
                f"{_place(ctx, income, name_in)}与{_place(ctx, expense, name_out)}不等，"
                f"相差 {fmt(abs(income.fact.value - expense.fact.value))}（决算收入总计应等于支出总计）",
                expected=fmt(income.fact.value),
                found=fmt(expense.fact.value),
                at=(expense.fact.start, expense.fact.end),
                cites=[income.fact],  # an unsure OCR reading among them: a warning (ctx.issue)
                hint="核对收入总计与支出总计：两者应相等（总计含年初、年末结转和结余）",
            )


SIDES = {
    INCOME: ("income_total", ("income_year", "used", "carried_in"), "收入总计"),
    EXPENSE: ("expense_total", ("expense_year", "distribution", "carried_out"), "支出总计"),
}
NAMES = {
    "income_year": "本年收入合计",
    "expense_year": "本年支出合计",
    "used": "使用非财政拨款结余",
    "carried_in": "年初结转和结余",
    "distribution": "结余分配",
    "carried_out": "年末结转和结余",
}
OPTIONAL = ("used", "distribution")  # rows a form may leave out when they are nil


@check("ACC002", name="accounts.balance-carries-over", group="accounts")
def balance_carries_over(ctx: Context) -> Iterator[Issue]:
    """决算：年初结转和结余 + 本年收入合计 (+ 使用结余) = 本年支出合计 (+ 结余分配) + 年末结转和结余.

    In the 决算说明's sentences each side is checked against its 总计 (收入总计 = 本年收入合计 + 使用结余 +
    年初结转和结余; 支出总计 likewise); where a 总计 is not stated, the two sides against each other. In a
    table with both 总计 rows the sums are TAB001's. A term the text leaves out (使用结余, 结余分配) is taken
    as 0, and the finding is then a warning.

    Wrong::

        2023年度收入总计697.38万元，支出总计697.38万元。
        收入合计690.38万元。此外，使用非财政拨款结余0.00万元，年初结转和结余17.00万元。
        支出合计680.38万元。此外，结余分配0.00万元。年末结转和结余17.00万元。

    Right::

        2023年度收入总计697.38万元，支出总计697.38万元。
        收入合计680.38万元。此外，使用非财政拨款结余0.00万元，年初结转和结余17.00万元。
        支出合计680.38万元。此外，结余分配0.00万元。年末结转和结余17.00万元。
    """
    if ctx.document is None:
        return
    for scope in scopes_of(ctx):
        for qualifier in _qualifiers(scope):
            yield from _balance(ctx, scope, qualifier)


def _balance(ctx: Context, scope: Scope, qualifier: str) -> Iterator[Issue]:
    totals = {side: scope.first(SIDES[side][0], qualifier, side) for side in SIDES}
    parts = {key: scope.first(key, qualifier) for side in SIDES for key in SIDES[side][1]}
    if scope.table is None:
        for side, (_key, keys, name) in SIDES.items():
            total = totals[side]
            stated = [e for k in keys if (e := parts[k]) is not None]
            if total is None or any(parts[k] is None for k in keys if k not in OPTIONAL):
                continue
            if not _same_units([total, *stated]):
                continue
            gap = sum((e.value for e in stated), Decimal(0)) - total.value
            if abs(gap) <= slack([total.value, *(e.value for e in stated)]):
                continue
            missing = [NAMES[k] for k in keys if parts[k] is None]
            said = " + ".join(f"{NAMES[k]} {fmt(e.fact.value)}" for k in keys if (e := parts[k]) is not None)
            computed = sum((e.fact.value for e in stated), Decimal(0))
            yield ctx.issue(
                None,
                f"{_place(ctx, total, _qualified(name, qualifier))}，而{said} = {fmt(computed)}"
                f"（第{ctx.line_of(stated[0].fact.start)}行起），相差 {fmt(abs(computed - total.fact.value))}"
                + (f"；{'、'.join(missing)}未说明，按 0 计" if missing else ""),
                expected=fmt(computed),
                found=fmt(total.fact.value),
                severity=Severity.WARNING if missing else Severity.ERROR,
                at=(total.fact.start, total.fact.end),
                cites=[e.fact for e in stated],
                hint=f"核对{name}及其构成：{name} = " + " + ".join(NAMES[k] for k in keys),
            )
    if scope.table is not None and all(totals.values()):
        return  # a table's two 总计 rows: TAB001 adds up each side, ACC001 compares the two
    needed = ("income_year", "carried_in", "expense_year", "carried_out")
    if scope.table is None and all(totals.values()):
        return  # prose: each side was compared with its 总计 above
    if any(parts[k] is None for k in needed):
        return
    income = [e for k in SIDES[INCOME][1] if (e := parts[k]) is not None]
    expense = [e for k in SIDES[EXPENSE][1] if (e := parts[k]) is not None]
    if not _same_units([*income, *expense]):
        return
    left = sum((e.value for e in income), Decimal(0))
    right = sum((e.value for e in expense), Decimal(0))
    if abs(left - right) <= slack([e.value for e in (*income, *expense)]):
        return
    missing = [NAMES[k] for k in OPTIONAL if parts[k] is None]
    income_said = " + ".join(f"{NAMES[e.key]} {fmt(e.fact.value)}" for e in income)
    expense_said = " + ".join(f"{NAMES[e.key]} {fmt(e.fact.value)}" for e in expense)
    left_written = sum((e.fact.value for e in income), Decimal(0))
    right_written = sum((e.fact.value for e in expense), Decimal(0))
    first = income[0].fact
    yield ctx.issue(
        None,
        f"第{ctx.line_of(first.start)}行起：{income_said} = {fmt(left_written)}，"
        f"而{expense_said} = {fmt(right_written)}，收支两方相差 {fmt(abs(left_written - right_written))}"
        + (f"；{'、'.join(missing)}未说明，按 0 计" if missing else ""),
        expected=fmt(left_written),
        found=fmt(right_written),
        severity=Severity.WARNING if missing else Severity.ERROR,
        at=(parts["carried_out"].fact.start, parts["carried_out"].fact.end),  # type: ignore[union-attr]
        cites=[e.fact for e in (*income, *expense)],
        hint="年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余：核对各项数字",
    )


__all__ = ["Scope", "name_of", "scopes"]
