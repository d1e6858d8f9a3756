"""What the bureau's year pages show, kept per process until the data they come from changes.

The year table and its charts read every department's status and summary columns: a few hundred rows
for a district, thousands for a city, the same for every reviewer until someone saves, submits, returns,
approves, imports or renames. Every such change goes through the ORM and leaves a row in the history
tables (django-simple-history, the audit trail) of reports, versions, departments and year settings, so
the newest history ids (and the number of departments, which a bulk creation adds without history)
are a stamp of the data: one indexed query. A page built for an older stamp is built again.

The cache is per process (no cache server to run); each process builds a year's rows once per change.
On PostgreSQL two transactions may commit in another order than their history ids were given: a page
built between the two commits would carry the later id without the earlier change, so nothing is kept
longer than ``MAX_AGE`` seconds whatever the stamp (SQLite writes one transaction at a time: no such race).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import connection

from jixiao.web.models import Department, Report, ReportVersion, YearSetting

T = TypeVar("T")
_KEPT: dict[tuple[Any, ...], tuple[tuple[Any, ...], float, Any]] = {}  # key -> (stamp, built at, value)
_LOCK = threading.Lock()
MAX_KEPT = 32  # years x kinds of page; a stale entry is rebuilt, an old one dropped
MAX_AGE = 30.0  # seconds: the bound on a page missing a change that committed out of history-id order


def _stamp_sql() -> str:
    newest = [
        f"(SELECT MAX(history_id) FROM {connection.ops.quote_name(model.history.model._meta.db_table)})"  # type: ignore[attr-defined]
        for model in (Report, ReportVersion, Department, YearSetting)
    ]
    departments = connection.ops.quote_name(Department._meta.db_table)
    return f"SELECT {', '.join(newest)}, (SELECT COUNT(*) FROM {departments})"


def data_stamp() -> tuple[Any, ...]:
    """The newest history id of reports, versions, departments and year settings, and the number of
    departments: it changes whenever anything the year pages show changes."""
    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql())
        row = cursor.fetchone()
    return (connection.alias, *row)


def kept(key: tuple[Any, ...], build: Callable[[], T], stamp: tuple[Any, ...] | None = None) -> T:
    """``build()``'s value for ``key``, built again when the data stamp moved since it was built.

    The value is shared by every request of the process: callers never change it."""
    stamp = data_stamp() if stamp is None else stamp
    found = _KEPT.get(key)
    now = time.monotonic()
    if found is not None and found[0] == stamp and now - found[1] < MAX_AGE:
        return found[2]  # type: ignore[no-any-return]
    value = build()
    with _LOCK:
        if len(_KEPT) >= MAX_KEPT:
            _KEPT.clear()
        _KEPT[key] = (stamp, now, value)
    return value


def forget() -> None:
    """Drop everything kept (tests: a rolled-back transaction can give the next test the same ids)."""
    with _LOCK:
        _KEPT.clear()
