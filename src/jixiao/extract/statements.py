"""What the passes state, as the Evaluation holds it: figures one per span, rates as stated, warnings."""

from __future__ import annotations

from decimal import Decimal

from jixiao.extract import patterns as pt
from jixiao.extract.text import Text
from jixiao.issues import Issue, Severity
from jixiao.model import Stated, StatedFigure
from jixiao.numbers import decimals_of


def distinct_figures(figures: list[tuple[pt.Found, str | None]]) -> list[tuple[pt.Found, str | None]]:
    """In reading order, one figure per (span, kind, value): a rate read by prose and table passes
    alike is stated once, with the path either pass gave it. Amounts are kept as read: the parts of
    a glued cell (``40004000100%``) share one span and may share a value."""
    chosen: dict[tuple[int, int, str, Decimal, int], tuple[pt.Found, str | None]] = {}
    for index, (found, path) in enumerate(figures):
        key = (found.start, found.end, found.kind, found.value, index if found.kind == "amount" else -1)
        if key not in chosen or (path and not chosen[key][1]):
            chosen[key] = (found, path)
    return sorted(chosen.values(), key=lambda item: (item[0].start, item[0].kind))


def warn(
    code: str, message: str, file: str | None, line: int | None = None, hint: str | None = None
) -> Issue:
    return Issue(code=code, severity=Severity.WARNING, message=message, file=file, line=line, hint=hint)


def percent_stated(value: Decimal) -> Stated:
    """A rate as stated: ``88.9`` → 88.9 % with its written decimals."""
    return Stated(value=value, unit="%", decimals=decimals_of(value), text=f"{value}%")


def stated_of(doc: Text, found: pt.Found, path: str | None) -> StatedFigure:
    return StatedFigure(
        kind=found.kind,
        label=found.label,
        path=path,
        value=found.value,
        unit=found.unit,
        span=(found.start, found.end),
        line=doc.line_of(found.start),
        approx=found.approx,
    )
