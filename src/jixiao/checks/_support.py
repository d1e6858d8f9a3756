"""Shared helpers of the check families: comparing stated figures with derived ones."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from jixiao.model import Indicator, covered_weight, walk_indicators

if TYPE_CHECKING:
    from jixiao.checks.registry import Context
from jixiao.numbers import decimals_of, percent_verdict, quantum

__all__ = [
    "children_sum_mismatches",
    "covered_weight",
    "effective",
    "fmt",
    "judged_as_table",
    "known",
    "rate_verdict",
    "rounding_slack",
    "sum_mismatch",
    "tree_terms",
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


def known(values: Sequence[Decimal | None]) -> list[Decimal] | None:
    """The values when every one is known, else None."""
    found = [v for v in values if v is not None]
    return found if len(found) == len(values) else None


def effective(node: Indicator, field: Literal["weight", "score"]) -> Decimal | None:
    """A node's ``field`` as stated, else the sum over its children when every one of them has it (a
    level-2 category of a self-evaluation table writes no 分值 of its own: its indicators' add up to it);
    None when neither says."""
    own: Decimal | None = getattr(node, field)
    if own is not None or not node.children:
        return own
    values = [effective(child, field) for child in node.children]
    if any(v is None for v in values):
        return None
    return sum((v for v in values if v is not None), Decimal(0))


def children_sum_mismatches(
    indicators: list[Indicator], field: Literal["weight", "score"]
) -> Iterator[tuple[str, Indicator, Decimal, str]]:
    """Every node whose stated ``field`` differs from the sum over its children, all of which state it:
    (path, node, sum of the children, the terms written out)."""
    for path, node, _depth in walk_indicators(indicators):
        own = getattr(node, field)
        values = known([effective(child, field) for child in node.children])
        if own is None or not node.children or values is None:
            continue
        total = sum(values, Decimal(0))
        if total != own:
            yield path, node, total, " + ".join(fmt(v) for v in values)


def _stated_spans(ctx: Context, field: str) -> dict[str, tuple[int, int]]:
    """Where each indicator's ``field`` is stated: its path → span (``indicators.产出指标.培训人次``)."""
    return {
        s.path.removesuffix(f".{field}"): s.span
        for s in ctx.evaluation.stated
        if s.path and s.path.startswith("indicators") and s.path.endswith(f".{field}")
    }


def judged_as_table(ctx: Context, field: Literal["weight", "score"]) -> bool:
    """Some indicator's ``field`` stands in a table grid of the document: the score-table checks (IND006,
    SCO016), which read the form's own rows, budget row and total row, judge its sums."""
    kind = "weight" if field == "weight" else "score"
    grid = {(f.start, f.end) for f in ctx.facts if f.table is not None and f.kind == kind}
    spans = _stated_spans(ctx, field)
    below = {path for path, _node, depth in walk_indicators(ctx.evaluation.indicators) if depth > 1}
    # a level-1 node (the budget row alone, a grid of its own above a form written otherwise) is no form
    return any(span in grid for path, span in spans.items() if path in below)


def tree_terms(
    ctx: Context, nodes: list[Indicator], field: Literal["weight", "score"]
) -> tuple[str, tuple[int, int] | None]:
    """The level-1 terms of a sum as a message writes them (a sum of the indicators below a category
    that states none says so), and the span of the first figure stated among them."""
    parts = []
    for node in nodes:
        value = effective(node, field)
        said = "" if getattr(node, field) is not None else "（下级指标之和）"
        parts.append(f"{node.name} {fmt(value)}{said}")
    spans = sorted(_stated_spans(ctx, field).values())
    return " + ".join(parts), spans[0] if spans else None
