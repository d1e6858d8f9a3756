"""Shared helpers of the checks of relations among a document's facts (TAB, FIG).

A fact is a number as written (``jixiao.inputs.facts.Fact``, read here as plain data): its value, the
digits it was written with, its resolved unit, kind, labels and span. These helpers compare figures the
way ADR 0008 and ADR 0018 say: exactly, in one unit, with the rounding interval of every printed input
(a figure written with d decimals stands for anything in ±½·10^−d), and they say where a figure stands
(``第12行“全年执行数”303.06万元``) so that a message cites both places of a relation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.checks._support import fmt
from jixiao.issues import Severity
from jixiao.numbers import decimals_of, quantum, round_half_up, truncate

if TYPE_CHECKING:
    from jixiao.checks.registry import Context
    from jixiao.inputs.facts import Fact

HUNDRED = Decimal(100)
HALF = Decimal("0.5")
TO_WANYUAN = {"元": Decimal("0.0001"), "千元": Decimal("0.1"), "万元": Decimal(1), "亿元": Decimal(10000)}
SUMMABLE = frozenset({"amount", "number", "count", "weight", "score"})


def wanyuan(fact: Fact) -> Decimal | None:
    """An amount in 万元 (exact), or None when the fact is no amount of a known money unit."""
    factor = TO_WANYUAN.get(fact.unit or "")
    return fact.value * factor if factor is not None and fact.kind == "amount" else None


def half_step(fact: Fact) -> Decimal:
    """Half the last written digit: how far the printed figure may be from what it rounds."""
    return HALF * quantum(decimals_of(fact.value))


def slack(values: Iterable[Decimal]) -> Decimal:
    """How far a sum of printed figures may drift from the exact sum they round (尾差)."""
    return sum((HALF * quantum(decimals_of(v)) for v in values), Decimal(0))


_SPACES = re.compile(r"\s+")


def compact(text: str) -> str:
    """A label without spaces, brackets' contents kept: ``合 计`` → ``合计``."""
    return _SPACES.sub("", text)


def written(fact: Fact) -> str:
    """The figure as the message shows it: its digits and unit (``303.06万元``, ``99.83%``)."""
    unit = fact.unit or ""
    return f"{fmt(fact.value)}{unit}"


def place(ctx: Context, fact: Fact, label: str | None = None) -> str:
    """Where a figure stands, for a message: ``第12行“全年执行数”303.06万元``."""
    line = ctx.line_of(fact.start)
    name = label if label is not None else short_label(fact)
    quoted = f"“{name}”" if name else ""
    return f"第{line}行{quoted}{written(fact)}" if line else f"{quoted}{written(fact)}"


def short_label(fact: Fact) -> str:
    """The nearest label of a fact: its row label in a table, the end of its clause in prose."""
    if not fact.labels:
        return ""
    label = compact(fact.labels[-1])
    return label if len(label) <= 20 else "…" + label[-18:]


@dataclass(frozen=True, slots=True)
class RateVerdict:
    """How a stated percent relates to the figures it is computed from."""

    exact: Decimal  # the percent from the printed figures as they stand
    expected: Decimal  # ``exact`` rounded half-up to the stated decimals
    low: Decimal  # the percent over the rounding intervals of the printed inputs
    high: Decimal
    verdict: str  # consistent / truncated / rounding-edge / wrong


def judge_percent(stated: Decimal, exact: Decimal, low: Decimal, high: Decimal) -> RateVerdict:
    """``stated`` (percent, written with its decimals) against the percent computed from printed inputs:
    exact or rounded → consistent; truncated → truncated (a warning, ADR 0008); reachable only within
    the rounding intervals of the inputs → rounding-edge (a warning); else wrong."""
    d = decimals_of(stated)
    expected = round_half_up(exact, d)
    if stated in (expected, exact):
        verdict = "consistent"
    elif truncate(exact, d) == stated:
        verdict = "truncated"
    else:
        q = quantum(d)
        # the stated figure stands for [stated − q/2, stated + q/2); truncation for [stated, stated + q)
        reachable = high >= stated - q / 2 and low < stated + q
        verdict = "rounding-edge" if reachable else "wrong"
    return RateVerdict(exact, expected, low, high, verdict)


def verdict_wording(said: str, verdict: RateVerdict, shown: str = "") -> tuple[str, Severity]:
    """The message and severity of a stated percent that is not consistent: truncated and rounding-edge
    are warnings, wrong an error; ``shown`` (the rate as written) closes the message where given."""
    if verdict.verdict == "truncated":
        return f"{said}，四舍五入应为 {fmt(verdict.expected)}%，填报值为截尾", Severity.WARNING
    if verdict.verdict == "rounding-edge":
        message = (
            f"{said}，应为 {fmt(verdict.expected)}%；仅在各数按所写位数四舍五入的区间边缘"
            f"（{fmt(round(verdict.low, 4))}%–{fmt(round(verdict.high, 4))}%）才能得到"
        )
        return message + (f" {shown}" if shown else ""), Severity.WARNING
    return f"{said}，应为 {fmt(verdict.expected)}%" + (
        f"，与所述 {shown} 不符" if shown else ""
    ), Severity.ERROR


def ratio_range(
    numerator: Decimal, numerator_step: Decimal, denominator: Decimal, denominator_step: Decimal
) -> tuple[Decimal, Decimal] | None:
    """The percent numerator ÷ denominator over the rounding intervals of both (positive figures)."""
    low_den, high_den = denominator - denominator_step, denominator + denominator_step
    if low_den <= 0:
        return None
    low = (numerator - numerator_step) * HUNDRED / high_den
    high = (numerator + numerator_step) * HUNDRED / low_den
    return low, high


def terms(values: Sequence[Decimal]) -> str:
    """``a + b + c`` as written."""
    return " + ".join(fmt(v) for v in values)
