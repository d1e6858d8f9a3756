"""Unsure figures: a figure read by OCR below the confidence threshold is never the sole basis of an error.

Extraction records, for a value read from a scan, the recogniser's confidence (``Span.confidence`` for a
model path, ``StatedFigure.confidence`` for a figure in reading order). After the checks have run,
:func:`soften` turns every **error** that rests on an unsure figure (confidence below the threshold) into
a **warning** with the same code, whose message says which figure OCR read and how surely: the finding
may be the recogniser's misreading, not the author's mistake, and needs a look at the page.

An issue rests on a figure when any of these holds (none needs the check to say anything more):

- its place is the figure: the issue's source span overlaps the figure's;
- its model path is the figure's path, an ancestor or descendant of it, or a named sibling of it (the
  figures a sum, rate or share compares: ``budget.total.executed`` with ``budget.total.rate``,
  ``budget.basic`` with ``budget.project``; two items of a list, two headings, are not siblings);
- its message, expected or found value cites the figure's number (as the accuracy benchmark decides that
  an issue cites a figure).

Documents without OCR have no confidence anywhere, and nothing changes for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from jixiao.issues import Issue, Severity
from jixiao.model import Evaluation

TRUST = 0.9  # below this confidence a figure read by OCR is unsure (ADR 0012)
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True, slots=True)
class Unsure:
    """A figure read by OCR with a confidence below the threshold."""

    confidence: float
    page: int | None
    path: str | None = None
    span: tuple[int, int] | None = None
    value: Decimal | None = None
    text: str = ""


def unsure_figures(evaluation: Evaluation, threshold: float = TRUST) -> list[Unsure]:
    """Every span and stated figure of ``evaluation`` read with less confidence than ``threshold``."""
    found = []
    for path, span in evaluation.spans.items():
        if span.confidence is not None and span.confidence < threshold:
            where = (span.start, span.end) if span.start is not None and span.end is not None else None
            found.append(Unsure(span.confidence, span.page, path=path, span=where))
    for figure in evaluation.stated:
        if figure.confidence is not None and figure.confidence < threshold:
            text = f"{figure.value}{figure.unit}"
            found.append(Unsure(figure.confidence, figure.page, figure.path, figure.span, figure.value, text))
    return found


def soften(issues: list[Issue], evaluation: Evaluation, threshold: float = TRUST) -> list[Issue]:
    """``issues`` with every error that rests on an unsure figure turned into a warning that says so."""
    unsure = unsure_figures(evaluation, threshold)
    if not unsure:
        return issues
    out = []
    for issue in issues:
        basis = _basis(issue, unsure) if issue.severity == Severity.ERROR else None
        if basis is None:
            out.append(issue)
            continue
        note = ocr_note(basis.text, basis.page, basis.confidence, threshold)
        out.append(issue.model_copy(update={"severity": Severity.WARNING, "message": issue.message + note}))
    return out


def ocr_note(text: str, page: int | None, confidence: float, threshold: float = TRUST) -> str:
    """What an error softened for an unsure figure adds to its message (in Chinese)."""
    what = f"“{text}”" if text else ""
    where = f"第 {page} 页" if page else ""
    return (
        f"（所涉数字{what}为{where}扫描件经文字识别（OCR）读出，置信度 {confidence:.2f}，"
        f"低于 {threshold:g}，可能是识别错误：请对照原件核实；仅据此不判为错误）"
    )


def _basis(issue: Issue, unsure: list[Unsure]) -> Unsure | None:
    cited = _numbers(" ".join(filter(None, (issue.message, issue.expected, issue.found))))
    for figure in unsure:
        if issue.span and figure.span and issue.span[0] < figure.span[1] and figure.span[0] < issue.span[1]:
            return figure
        if issue.path and figure.path and _related(issue.path, figure.path):
            return figure
        if figure.value is not None and figure.value.normalize() in cited:
            return figure
    return None


def _related(one: str, other: str) -> bool:
    """Equal, one inside the other, or named siblings under the same parent (``budget.total.executed``
    and ``budget.total.rate``); items of a list (``narrative.outline[1]``, ``[15]``) are not related."""
    if one == other or _inside(one, other) or _inside(other, one):
        return True
    if one.endswith("]") or other.endswith("]"):
        return False
    return _parent(one) is not None and _parent(one) == _parent(other)


def _inside(path: str, ancestor: str) -> bool:
    return path.startswith(ancestor) and path[len(ancestor)] in ".["


def _parent(path: str) -> str | None:
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else None


def _numbers(text: str) -> set[Decimal]:
    found = set()
    for match in _NUMBER.finditer(text):
        try:
            found.add(Decimal(match.group().replace(",", "")).normalize())
        except InvalidOperation:
            continue
    return found
