"""The one ``Issue`` type every stage reports with: a user's mistake is data, never an exception."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Issue(BaseModel):
    """A finding with a stable code, a place, expected vs found, a Chinese message and a fix hint.

    The place is a model ``path`` (``budget.total.executed``) and, when known, where it stands in the
    source: ``file`` + ``line``/``span`` for text, ``sheet`` + ``cell`` for a workbook.
    """

    model_config = ConfigDict(extra="forbid")

    code: str
    severity: Severity
    message: str
    path: str | None = None
    file: str | None = None
    line: int | None = None
    span: tuple[int, int] | None = None
    sheet: str | None = None
    cell: str | None = None
    expected: str | None = None
    found: str | None = None
    hint: str | None = None

    def where(self) -> str:
        """``file:line`` (or ``file[sheet!cell]``) for one-line output."""
        place = self.file or "<输入>"
        if self.sheet:
            return f"{place}[{self.sheet}!{self.cell or ''}]"
        if self.line is not None:
            return f"{place}:{self.line}"
        return place

    def one_line(self) -> str:
        text = f"{self.where()}: [{self.code}] {self.severity.label}：{self.message}"
        if self.expected is not None or self.found is not None:
            text += f"（应为 {self.expected}，实为 {self.found}）"
        return text


def sort_issues(issues: list[Issue]) -> list[Issue]:
    return sorted(issues, key=lambda i: (i.line is None, i.line or 0, SEVERITY_ORDER[i.severity], i.code))


def count_by_severity(issues: list[Issue]) -> dict[str, int]:
    counts = {s.value: 0 for s in Severity}
    for issue in issues:
        counts[issue.severity.value] += 1
    return counts
