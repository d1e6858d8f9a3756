"""Shared helpers of the check families: comparing stated figures with derived ones."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Literal

from jixiao.model import Indicator, covered_weight, walk_indicators
from jixiao.numbers import decimals_of, percent_verdict, quantum

__all__ = [
    "children_sum_mismatches",
    "covered_weight",
    "fmt",
    "rate_verdict",
    "rounding_slack",
    "sum_mismatch",
]

rate_verdict = percent_verdict  # the one decision of stated vs computed percents (the report uses it too)

HALF = Decimal("0.5")


def fmt(value: Decimal | None) -> str:
    """A figure as it reads in a message: the digits as stated, no exponent."""
    if value is None:
        return "—"
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text and decimals_of(value) > 4 else text


def rounding_slack(values: Sequence[Decimal]) -> Decimal:
    """How far a sum may drift because each value was rounded to the digits it shows (尾差)."""
    return sum((HALF * quantum(decimals_of(v)) for v in values), Decimal(0))


def sum_mismatch(parts: Sequence[Decimal], total: Decimal) -> tuple[Decimal, bool] | None:
    """None when Σ parts = total; else (difference, within rounding slack)."""
    difference = sum(parts, Decimal(0)) - total
    if difference == 0:
        return None
    return difference, abs(difference) <= rounding_slack([*parts, total])


def children_sum_mismatches(
    indicators: list[Indicator], field: Literal["weight", "score"]
) -> Iterator[tuple[str, Indicator, Decimal, str]]:
    """Every node whose stated ``field`` differs from the sum over its children, all of which state it:
    (path, node, sum of the children, the terms written out)."""
    for path, node, _depth in walk_indicators(indicators):
        own = getattr(node, field)
        values = [getattr(child, field) for child in node.children]
        if own is None or not node.children or any(v is None for v in values):
            continue
        total = sum(values, Decimal(0))
        if total != own:
            yield path, node, total, " + ".join(fmt(v) for v in values)
