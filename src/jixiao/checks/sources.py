"""One sum of money credited to two sources (FIG011): ``自治区下达98.6万元``, later ``地方资金98.6万元``.

A report lists its funds by source (中央、省级、市级、县级、地方配套、其他…) more than once — as allocated, as
received, as spent. When the same amounts come back under other sources, the report contradicts itself
about where the money came from. The sources are the rule set's words (``figure_names.sources``); a
statement is an amount whose clause names exactly one source. Two statements of one amount are compared
only when another amount keeps its source in both lists (they are the same list told twice), and only
amounts that are not round (a decimal, or three digits or more) — equal sums of different funds are
common among round numbers. A warning: the wording may be loose rather than the figures wrong.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jixiao.checks._facts import wanyuan, written
from jixiao.checks.registry import Context, check
from jixiao.issues import Issue, Severity

if TYPE_CHECKING:
    from decimal import Decimal

    from jixiao.inputs.facts import Fact

_MONEY_WORDS = re.compile(r"资金|下达|拨付|补助|匹配|配套|到位|安排|投入")


@dataclass(frozen=True, slots=True)
class Credited:
    fact: Fact
    source: str
    value: Decimal  # 万元
    word: str  # the source as written (自治区、地方匹配)


def credited(ctx: Context) -> list[Credited]:
    """Every prose amount whose clause names one source of funds."""
    words = sorted(
        ((w, name) for name, ws in ctx.ruleset.figure_names.sources.items() for w in (*ws, name)),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
    found = []
    for fact in ctx.facts:
        amount = wanyuan(fact)
        if fact.table is not None or amount is None or not amount or not fact.labels:
            continue
        clause = re.sub(r"\s+|(?:19|20)\d\d年度?", "", fact.labels[-1])  # a year is no other figure
        if re.search(r"\d", clause) or not _MONEY_WORDS.search(clause):
            continue
        names: dict[str, str] = {}
        rest = clause
        for word, name in words:
            if word in rest:
                names.setdefault(name, word)
                rest = rest.replace(word, "")
        if len(names) == 1:
            [(name, word)] = names.items()
            found.append(Credited(fact, name, amount, word))
    return found


def _not_round(fact: Fact) -> bool:
    digits = fact.text.replace(",", "").split(".")
    return len(digits) > 1 or len(digits[0].lstrip("0")) >= 3


@check("FIG011", name="figures.same-sum-same-source", group="figures", severity=Severity.WARNING)
def same_sum_same_source(ctx: Context) -> Iterator[Issue]:
    """同一笔资金前后所述来源一致（“自治区下达98.6万元”之后不应称“地方资金98.6万元”）.

    Wrong::

        收到中央资金 1372.5 万元，自治区下达 96.4 万元，地方配套 851.2 万元。
        其中：中央资金 1372.5 万元，地方资金 96.4 万元，其他资金 851.2 万元。

    Right::

        收到中央资金 1372.5 万元，自治区下达 96.4 万元，地方配套 851.2 万元。
        其中：中央资金 1372.5 万元，自治区资金 96.4 万元，地方配套资金 851.2 万元。
    """
    if ctx.document is None or not ctx.ruleset.figure_names.sources:
        return
    items = credited(ctx)
    by_value: dict[Decimal, list[Credited]] = defaultdict(list)
    for item in items:
        by_value[item.value].append(item)
    switched: list[tuple[Credited, Credited]] = []
    kept = 0
    for group in by_value.values():
        sources = {item.source for item in group}
        if len(group) < 2:
            continue
        if len(sources) == 1:
            kept += 1  # the same amount under the same source: the lists are one list told again
        elif len(sources) == 2 and all(_not_round(item.fact) for item in group):
            first = group[0]
            other = next(item for item in group if item.source != first.source)
            switched.append((first, other))
    if not switched or not kept:
        return
    said = "；".join(
        f"{written(a.fact)}先称“{a.word}”（第{ctx.line_of(a.fact.start)}行），"
        f"后称“{b.word}”（第{ctx.line_of(b.fact.start)}行）"
        for a, b in switched
    )
    last = switched[-1][1].fact
    yield ctx.issue(
        None,
        f"同一笔资金前后所述来源不一：{said}",
        expected="来源前后一致",
        found="；".join(f"{written(a.fact)}：{a.word}→{b.word}" for a, b in switched),
        at=(last.start, last.end),
        hint="统一资金来源的口径（中央、省级、市县、其他），或说明调整原因",
    )
