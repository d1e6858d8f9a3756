"""What the builder collects before the Evaluation is validated, and the helpers that record it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.extract import patterns as pt
from jixiao.extract.breakdowns import ProjectItem
from jixiao.extract.text import Text
from jixiao.issues import Issue, Severity
from jixiao.model import Span, Stated, StatedFigure
from jixiao.numbers import decimals_of


@dataclass(slots=True)
class Assembly:
    """What the builder collects before the Evaluation is validated."""

    figures: list[tuple[pt.Found, str | None]] = field(default_factory=list)
    paths: dict[str, pt.Found] = field(default_factory=dict)
    spans: dict[str, Span] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    sources: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    items: list[ProjectItem] = field(default_factory=list)


def add_figure(doc: Text, out: Assembly, item: pt.Found, path: str | None) -> None:
    """Record a figure; a canonical path is given to its first figure only."""
    if path and path in out.paths:
        path = None
    if path:
        give_path(doc, out, item, path)
    out.figures.append((item, path))


def give_path(doc: Text, out: Assembly, item: pt.Found, path: str) -> None:
    """``path`` is read from ``item``: remember the figure and its span."""
    out.paths[path] = item
    out.spans[path] = doc.span(item.start, item.end)


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
