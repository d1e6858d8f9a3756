"""The year table's rows, kept per process and brought up to date by the reports that changed.

A save moves the data stamp (:mod:`jixiao.web.stamp`): rebuilding every department's row after each
save would cost the whole table (thousands of rows in a city) for one changed report. The history rows
between the kept stamp and the new one name the reports that changed (saved, submitted, returned,
approved, rescored, deleted); only their departments' rows are read and built again. A change of
departments or year settings, many changed reports, or a kept table older than ``stamp.MAX_AGE`` (a
change committed out of history-id order on PostgreSQL) rebuild the whole table.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.web.models import Department, Report, ReportVersion
from jixiao.web.stamp import MAX_AGE

SUMMARY_FIELDS = ("report_id", "number", "score", "declared_score", "grade", "execution_rate", "errors",
                  "warnings")  # fmt: skip
STATUS_LABELS = dict(Report.STATUSES)
INCREMENTAL_MAX = 200  # changed reports beyond which the whole table is read again
_KEPT: dict[int, YearData] = {}
_LOCK = threading.Lock()

ReportInfo = tuple[int, int, str, int]  # pk, department id, status, year


def _shown(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:f}"


@dataclass
class YearData:
    """Every department's row for ``year`` with what they were built from (immutable once built: an
    update makes a new one, sharing the rows that did not change)."""

    year: int
    stamp: tuple[Any, ...]
    built: float  # monotonic time of the last full build
    names: dict[int, str]  # department id -> name, in name order
    reports: dict[int, ReportInfo]  # report id -> info, this year and the year before
    latest: dict[int, tuple[Any, ...]]  # report id -> its newest version's summary columns
    rows: dict[int, dict[str, Any]] = field(default_factory=dict)  # department id -> row

    @property
    def ordered(self) -> list[dict[str, Any]]:
        return [self.rows[dept] for dept in self.names]

    def build_rows(self, departments: set[int] | None = None) -> None:
        """(Re)build the rows of ``departments`` (all when None) from ``reports`` and ``latest``."""
        this_year: dict[int, tuple[int, str]] = {}
        last_scores: dict[int, Decimal | None] = {}
        for pk, dept, status, report_year in self.reports.values():
            if departments is not None and dept not in departments:
                continue
            if report_year == self.year:
                this_year[dept] = (pk, status)
            elif pk in self.latest:
                last_scores[dept] = self.latest[pk][2]
        for dept in self.names if departments is None else departments:
            if dept in self.names:
                report_pk, status = this_year.get(dept, (None, ""))
                self.rows[dept] = _row(dept, self.names[dept], report_pk, status,
                                       self.latest.get(report_pk) if report_pk else None,
                                       last_scores.get(dept))  # fmt: skip


def _row(
    dept: int, name: str, report_pk: int | None, status: str, summary: tuple[Any, ...] | None,
    last: Decimal | None,
) -> dict[str, Any]:  # fmt: skip
    row = dict(zip(SUMMARY_FIELDS, summary or (None,) * len(SUMMARY_FIELDS), strict=True))
    score, declared, rate = row["score"], row["declared_score"], row["execution_rate"]
    row.update(
        department_id=dept,
        name=name,
        report_pk=report_pk,
        status=status,
        status_label=STATUS_LABELS.get(status, "未填报"),
        score_shown=_shown(score),
        declared_shown=_shown(declared),
        differs=score is not None and declared is not None and score != declared,
        rate_shown="—" if rate is None else f"{rate:f}%",
        last_score=last,
        change=None if last is None or score is None else score - last,
    )
    return row


def _full(year: int, stamp: tuple[Any, ...]) -> YearData:
    """Three queries whatever the number of departments (the reports of this year and the year before,
    their versions' summary columns, the departments), read as tuples; the Evaluation JSON and the
    issues are never read."""
    reports = {
        pk: (pk, dept, status, report_year)
        for pk, dept, status, report_year in Report.objects.filter(year__in=(year, year - 1)).values_list(
            "pk", "department_id", "status", "year"
        )
    }
    latest: dict[int, tuple[Any, ...]] = {}
    for version in (
        ReportVersion.objects.filter(report__year__in=(year, year - 1))
        .order_by("number")
        .values_list(*SUMMARY_FIELDS)
    ):
        latest[version[0]] = version
    names = dict(Department.objects.order_by("name").values_list("pk", "name"))
    data = YearData(year, stamp, time.monotonic(), names, reports, latest)
    data.build_rows()
    return data


def _changed_reports(old: tuple[Any, ...], new: tuple[Any, ...]) -> set[int]:
    """The reports whose history moved between two stamps (their own rows or their versions')."""
    changed = set(
        Report.history.filter(history_id__gt=old[1] or 0, history_id__lte=new[1] or 0).values_list(  # type: ignore[attr-defined]
            "id", flat=True
        )
    )
    changed |= set(
        ReportVersion.history.filter(history_id__gt=old[2] or 0, history_id__lte=new[2] or 0).values_list(  # type: ignore[attr-defined]
            "report_id", flat=True
        )
    )
    return changed


def _updated(kept: YearData, stamp: tuple[Any, ...]) -> YearData | None:
    """``kept`` brought to ``stamp`` by reading the changed reports only; None when only a full build
    will do (departments or year settings changed, too many reports, or the ids went backwards)."""
    same = kept.stamp[0] == stamp[0] and kept.stamp[3:] == stamp[3:]
    forward = all((n or 0) >= (o or 0) for o, n in zip(kept.stamp[1:3], stamp[1:3], strict=True))
    if not (same and forward):
        return None
    changed = _changed_reports(kept.stamp, stamp)
    if len(changed) > INCREMENTAL_MAX:
        return None
    year = kept.year
    reports = {pk: info for pk, info in kept.reports.items() if pk not in changed}
    latest = {pk: summary for pk, summary in kept.latest.items() if pk not in changed}
    departments = {kept.reports[pk][1] for pk in changed if pk in kept.reports}
    for info in Report.objects.filter(pk__in=changed, year__in=(year, year - 1)).values_list(
        "pk", "department_id", "status", "year"
    ):
        reports[info[0]] = info
        departments.add(info[1])
    for version in (
        ReportVersion.objects.filter(report_id__in=[pk for pk in changed if pk in reports])
        .order_by("number")
        .values_list(*SUMMARY_FIELDS)
    ):
        latest[version[0]] = version
    data = YearData(year, stamp, kept.built, kept.names, reports, latest, dict(kept.rows))
    data.build_rows(departments)
    return data


def year_data(year: int, stamp: tuple[Any, ...]) -> YearData:
    """The rows for ``stamp``: kept, brought up to date, or built anew."""
    kept = _KEPT.get(year)
    if kept is not None and time.monotonic() - kept.built < MAX_AGE:
        if kept.stamp == stamp:
            return kept
        data = _updated(kept, stamp)
    else:
        data = None
    if data is None:
        data = _full(year, stamp)
    with _LOCK:
        if len(_KEPT) > 8:
            _KEPT.clear()
        _KEPT[year] = data
    return data


def forget() -> None:
    with _LOCK:
        _KEPT.clear()
