"""The figures the facts add to what the layout passes stated: an amount no pass recognised is not lost.

A table amount (unit resolved from the cell, its column, its row or the table; its column neither a score,
weight, rate, year nor count), a bare number in a column whose header says ``(%)`` or names a rate, and a
prose amount written with a bare 万 or 亿 join ``Evaluation.stated`` when no stated figure covers their
span. The list rows of a recognised table are read here only (the table pass reads its budget and
indicator rows). They get no canonical path: the passes that give paths decide
what a figure means; a fact only keeps it from being lost. A stated figure without a path whose span holds
two or more cells' facts (a run of cells read as one number) is withdrawn.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from itertools import accumulate

from jixiao.extract.passes import Earlier, Figure, Findings, Reading
from jixiao.extract.patterns import Found
from jixiao.inputs.document import Table
from jixiao.inputs.facts import Fact, names_money_only, table_and_bare_amount_facts

# a column whose header names money: only there does a unit declared for the whole table make an amount
MONEY_COLUMN = re.compile(r"金额|资金|经费|支出|收入|预算|决算|执行数|拨款|合计|小计|成本|费用|数$|额$")


# a row label naming money (``公务接待费``, ``会议费``, ``一般公共预算支出``)
MONEY_LABEL = re.compile(rf"{MONEY_COLUMN.pattern}|费")


def _trusted(
    fact: Fact,
    money_tables: set[int],
    lone: set[tuple[int, int | None]],
    headerless: set[int] | None = None,
    with_percent: set[tuple[int | None, int | None]] | None = None,
) -> bool:
    """An amount the added figures may take: its unit written in the cell or its column header, or
    declared for the table over a column its header places it in (a score, rate, year or count column
    already made it no amount), or over a table whose header names no column of another kind; its row's
    unit only in a column whose header names money; never a year-like integer unless the cell itself
    says 元."""
    if fact.unit_from == "cell":
        return True
    if fact.column_header and fact.unit_from in ("column", "table"):
        # ``金额(万元)``, or a unit declared for the table over a column its header places it in: a
        # score, rate, year or count column already made it no amount (``inputs.facts.classify``)
        return True
    if fact.text.isdigit() and len(fact.text) == 4 and 1990 <= fact.value <= 2100:
        return False
    if fact.unit_from == "table" and fact.table in money_tables:
        return True  # a table whose header names money columns only
    lone_money = fact.unit_from == "table" and (fact.table, fact.row) in lone and fact.labels
    if lone_money and MONEY_COLUMN.search(fact.labels[-1]):
        return True  # the one number of its row, its label (a key-value form's key) naming money
    if fact.unit_from == "table" and fact.table in (headerless or set()) and fact.labels:
        # a table without a header under a declared unit (a PDF's rows of a label and numbers): a row
        # whose label names money and that writes no percentage (a score row holds 分值 and 得分 too)
        return (fact.table, fact.row) not in (with_percent or set()) and bool(
            MONEY_LABEL.search(fact.labels[-1])
        )
    # a unit of the row, or of a table whose row stands under no header: the column must say it holds
    # money (a row ``资金总额(万元) 52 52 10 100% 10`` read without its header also holds 分值 and 得分)
    return bool(MONEY_COLUMN.search(fact.column_header))


class _Spans:
    """Spans, sorted, to ask whether one of them overlaps a fact (binary search, not a scan of all)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.reach = list(accumulate((end for _, end in ordered), max))  # the furthest end so far

    def overlap(self, fact: Fact) -> bool:
        """Some span starts before the fact ends and ends after it starts."""
        before = bisect_left(self.starts, fact.end)  # the spans starting before the fact's end
        return before > 0 and self.reach[before - 1] > fact.start


def _covered(fact: Fact, spans: _Spans) -> bool:
    return spans.overlap(fact)


def fact_amounts(reading: Reading, earlier: Earlier) -> Findings:
    """The pass: amounts only the facts found join the stated figures; runs of cells read as one
    number are withdrawn (``values["facts_added"]`` when anything changed)."""
    facts = table_and_bare_amount_facts(reading.document)
    wrong = spanning_figures(facts, earlier.figures)
    gone = {id(item) for item in wrong}
    kept = [(item.start, item.end) for item, _ in earlier.figures if id(item) not in gone]
    tables = [block for block in reading.document.blocks if isinstance(block, Table)]
    money_tables = {index for index, table in enumerate(tables) if names_money_only(table)}
    headerless = {index for index, table in enumerate(tables) if not table.header_rows}
    added = added_amounts(facts, kept, reading.document.text, money_tables, headerless)
    taken = kept + [(item.start, item.end) for item in added]
    bounds = [(table.start, table.end) for table in tables]
    added += corroborated_amounts(facts, earlier.figures, taken, bounds)
    if not added and not wrong:
        return Findings()
    return Findings(
        figures=tuple((item, None) for item in added), withdraw=wrong, values={"facts_added": True}
    )


def added_amounts(
    facts: list[Fact],
    spans: list[tuple[int, int]],
    text: str,
    money_tables: set[int] | None = None,
    headerless: set[int] | None = None,
) -> list[Found]:
    """The amount facts no stated figure covers (``spans``), as figures without a path, in reading order."""
    added = []
    taken = _Spans(spans)
    # rows that write their percentages with ``%``: a bare number there is no percentage (a header
    # shifted by a merged cell puts 执行率 over the 分值 column)
    with_percent = {(f.table, f.row) for f in facts if f.kind == "rate" and f.unit_from == "cell"}
    per_row = Counter((f.table, f.row) for f in facts if f.table is not None)
    lone = {row for row, count in per_row.items() if count == 1}
    for fact in facts:
        if (
            fact.kind == "rate"
            and fact.table is not None
            and (fact.unit_from == "cell" or (fact.table, fact.row) not in with_percent)
            and (fact.unit_from in ("cell", "column") or _percent_row(fact))
            and not _covered(fact, taken)
        ):
            # a cell written ``95%`` no pass read (a glued row's), or a bare number in a column whose
            # header says ``(%)`` or names a rate
            label = fact.labels[-1] if fact.labels else ""
            added.append(Found("rate", fact.value, "%", fact.start, fact.end, label))
            continue
        if fact.kind != "amount" or fact.unit is None or _covered(fact, taken):
            continue
        trusted = fact.table is None or _trusted(fact, money_tables or set(), lone, headerless, with_percent)
        if not trusted:
            continue
        if fact.table is None and not _bare(text, fact):
            continue  # prose 元/万元/亿元 amounts are the prose passes'; a bare 万/亿 is not read there
        label = fact.labels[-1] if fact.labels else ""
        added.append(Found("amount", fact.value, fact.unit, fact.start, fact.end, label))
    return added


PERCENT_LABEL = re.compile(r"[%％]\s*[)）]?$")


def _percent_row(fact: Fact) -> bool:
    """A rate read from its row whose label ends in a percent sign (``2016年比2015年增减%``, ``增长(%)``):
    the row says its numbers are percentages, as a column header saying ``(%)`` does."""
    return fact.unit_from == "row" and bool(fact.labels) and bool(PERCENT_LABEL.search(fact.labels[-1]))


MONEY_CLAUSE = re.compile(
    r"资金|经费|支出|收入|预算|拨款|投资|投入|收益|增收|减收|财政|到位|下达|结余|结转|费|税|债|款"
    r"|資金|經費|預算|撥款|財政|開支|[(（]元[)）]"  # a page in 繁體; a key that says its unit, ``支出(元):``
)
# the key of a ``key: value`` line, right before the number (``預算(元):3,509億``)
KEY_BEFORE = re.compile(r"(?:^|\n)(?P<key>[^\n:：]{1,20})[:：]\s*$")


def _bare(text: str, fact: Fact) -> bool:
    """A prose amount written ``16.5万,`` / ``2.8亿。`` (``萬``/``億`` in 繁體), the 元 left out, in a
    clause about money, or after the key of a ``key: value`` line naming money: the clause ends after
    万/亿 (``10万斤``, ``3万人次`` are quantities of something else), and a population or an area
    (``总人口52万,``) is not money."""
    after = text[fact.end : fact.end + 3].lstrip()
    follower = after[1:2]
    if after[:1] not in ("万", "亿", "萬", "億") or "\u4e00" <= follower <= "\u9fff" or follower.isalnum():
        return False
    if fact.labels:
        return bool(MONEY_CLAUSE.search(fact.labels[-1]))
    key = KEY_BEFORE.search(text, max(0, fact.start - 24), fact.start)
    return bool(key and MONEY_CLAUSE.search(key.group("key")))


def spanning_figures(facts: list[Fact], figures: tuple[Figure, ...]) -> tuple[Found, ...]:
    """The stated figures without a path that read a run of table cells as one number
    (``525210100.00%`` for 52 | 52 | 10 | 100.00%): their span holds two or more cells' facts."""
    cells = sorted((fact.start, fact.end) for fact in facts if fact.table is not None)
    starts = [start for start, _ in cells]

    def holds_two(item: Found) -> bool:
        held = 0
        for index in range(bisect_left(starts, item.start), len(cells)):
            start, end = cells[index]
            if start > item.end:
                break  # this cell and every later one start after the figure ends
            if end <= item.end:
                held += 1
                if held == 2:
                    return True
        return False

    return tuple(item for item, path in figures if path is None and holds_two(item))


# a table without a unit takes the unit of the text when at least this many of its numbers (this many of
# them of three digits or more) are amounts the text states with that one unit
CORROBORATING, CORROBORATING_LARGE = 3, 2


def corroborated_amounts(
    facts: list[Fact],
    figures: tuple[Figure, ...],
    taken: list[tuple[int, int]],
    tables: list[tuple[int, int]],
) -> list[Found]:
    """The numbers of a table that declares no unit, when the text outside the tables states several of
    them as amounts in one unit (``“三公”经费决算数2364万元`` above a table of 2364 | 12 | 1356 … with no
    ``单位``): the table's numbers are amounts in that unit. Two units, too few or too small matches, or a
    table a pass already read (one of its bare numbers stated), say nothing."""
    stated: dict[object, set[str]] = {}
    for item, _path in figures:
        inside = any(start <= item.start < end for start, end in tables)
        if item.kind == "amount" and not inside:
            stated.setdefault(item.value.normalize(), set()).add(item.unit)
    by_table: dict[int, list[Fact]] = {}
    resolved: set[int] = set()
    for fact in facts:
        if fact.table is None:
            continue
        if fact.kind == "amount":
            resolved.add(fact.table)  # a unit of its own somewhere: the table is not unitless
        elif fact.kind == "number" and fact.unit is None:
            by_table.setdefault(fact.table, []).append(fact)
    spans = _Spans(taken)
    added: list[Found] = []
    for table, numbers in by_table.items():
        if table in resolved or any(spans.overlap(fact) for fact in numbers):
            continue
        values = {fact.value.normalize() for fact in numbers}
        matched = {value: stated[value] for value in values if value in stated}
        units = set().union(*matched.values()) if matched else set()
        large = [value for value in matched if abs(value) >= 100]
        if len(matched) < CORROBORATING or len(large) < CORROBORATING_LARGE or len(units) != 1:
            continue
        unit = units.pop()
        for fact in numbers:
            if not spans.overlap(fact):
                label = fact.labels[-1] if fact.labels else ""
                added.append(Found("amount", fact.value, unit, fact.start, fact.end, label))
    return added
