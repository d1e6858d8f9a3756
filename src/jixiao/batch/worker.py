"""The per-file work of an audit: a pure function from a path to plain rows (picklable, Dask-friendly).

Every document goes through the same ``jixiao.pipeline.evaluate`` as ``jixiao check``; the worker only
flattens its ``Result`` into one document row and one row per issue. Nothing here raises: a crash or a
timeout becomes a document row with ``status = "failed"`` and an ``ENG`` issue, so one bad file never
stops a run.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao import ocr, pipeline
from jixiao.numbers import round_half_up

DEFAULT_TIMEOUT = 120.0  # seconds per file
STATUS_OK, STATUS_UNREADABLE, STATUS_FAILED = "ok", "unreadable", "failed"
UNREADABLE_CODES = ("INP", "EXT")  # a load issue with these prefixes means the input could not be read


class FileTimeout(Exception):  # noqa: N818 - raised inside the worker thread by the watchdog
    """The file took longer than its time limit."""


@dataclass
class Outcome:
    """What one file produced: its document row and its issue rows (plain values only)."""

    document: dict[str, Any]
    issues: list[dict[str, Any]] = field(default_factory=list)


def _text(value: Decimal | None, decimals: int | None = None) -> str | None:
    """A Decimal as exact text (rounded half-up when ``decimals`` is given); None stays None."""
    if value is None:
        return None
    return str(round_half_up(value, decimals) if decimals is not None else value)


class _Watchdog:
    """One thread per process that raises :class:`FileTimeout` in threads whose deadline passed.

    A thread per file (``threading.Timer``) cost 0.5 ms a file, 4 % of a .txt audit; this one is started
    once per process (again after a fork) and sleeps until the nearest deadline. It is woken only when a
    new deadline comes before the time it sleeps until: a batch's next file (its deadline later than the
    last one's) leaves it asleep, where waking it for every file handed the GIL back and forth twice.
    """

    def __init__(self) -> None:
        self.wake = threading.Condition()
        self.armed: dict[int, float] = {}  # thread ident → monotonic deadline
        self.pid: int | None = None
        self.sleeps_until: float | None = None  # when the thread wakes by itself; None: when notified

    def arm(self, seconds: float) -> None:
        with self.wake:
            if self.pid != os.getpid():
                self.pid = os.getpid()
                self.armed.clear()
                self.sleeps_until = None
                threading.Thread(target=self._run, name="jixiao-watchdog", daemon=True).start()
            due = time.monotonic() + seconds
            self.armed[threading.get_ident()] = due
            if self.sleeps_until is None or due < self.sleeps_until:
                self.wake.notify()

    def extend(self, seconds: float) -> None:
        """Give the current thread's deadline ``seconds`` more (an OCR page has its own time limit)."""
        with self.wake:
            ident = threading.get_ident()
            if ident in self.armed:
                self.armed[ident] += seconds

    def disarm(self) -> None:
        with self.wake:
            self.armed.pop(threading.get_ident(), None)

    def _run(self) -> None:
        with self.wake:
            while True:
                now = time.monotonic()
                for ident, due in list(self.armed.items()):
                    if due <= now:
                        del self.armed[ident]
                        ctypes.pythonapi.PyThreadState_SetAsyncExc(
                            ctypes.c_ulong(ident), ctypes.py_object(FileTimeout)
                        )
                nearest = min(self.armed.values(), default=None)
                self.sleeps_until = nearest
                self.wake.wait(None if nearest is None else max(0.0, nearest - now))


_WATCHDOG = _Watchdog()


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise :class:`FileTimeout` in the current thread when the block runs longer than ``seconds``.

    Works in a process-pool worker (main thread) and in a Dask worker thread alike; the exception is
    delivered at the next Python bytecode, so a reader stuck inside C code stops when it returns.
    """
    if not seconds:
        yield
        return
    _WATCHDOG.arm(seconds)
    try:
        yield
    finally:
        _WATCHDOG.disarm()


def file_key(path: Path) -> dict[str, Any]:
    """Size and modification time: the cheap key that lets a re-run skip a file without reading it."""
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def sha256_of(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _document_row(path: Path, ruleset: str | None) -> dict[str, Any]:
    row: dict[str, Any] = {"file": str(path), "format": path.suffix.lower().lstrip("."), "ruleset": ruleset}
    try:
        row.update(file_key(path))
        row["sha256"] = sha256_of(path)
    except OSError:
        row.update(size=None, mtime_ns=None, sha256=None)
    return row


def _fill_from_result(row: dict[str, Any], result: Any) -> list[dict[str, Any]]:
    """Copy the figures, scores and issue counts of a pipeline ``Result`` into ``row``."""
    evaluation, card = result.evaluation, result.scorecard
    counts = result.counts
    row.update(errors=counts["error"], warnings=counts["warning"], infos=counts["info"])
    if evaluation is not None:
        row.update(department=evaluation.department, year=evaluation.year, kind=evaluation.kind)
        ocr = evaluation.source.ocr if evaluation.source else None
        if ocr is not None:
            row.update(ocr_pages=",".join(map(str, ocr.pages)) or None, ocr_confidence=ocr.confidence)
        figures = result.figures()
        total = figures.total if figures else None
        if total is not None:
            row.update(
                budget_initial=_text(total.initial),
                budget_adjusted=_text(total.adjusted),
                budget_executed=_text(total.executed),
            )
        row["execution_rate"] = _text(figures.execution_rate if figures else None, 2)
    if card is not None:
        row.update(
            ruleset=card.ruleset,
            declared_score=_text(card.declared_total),
            computed_score=_text(card.total),
            grade=card.grade,
            declared_grade=card.declared_grade,
        )
    if result.readable:
        row["status"] = STATUS_OK
    else:
        row["status"] = STATUS_UNREADABLE
        first = next((i for i in result.issues if i.code.startswith(UNREADABLE_CODES)), None)
        row["error"] = (first or result.issues[0]).message if result.issues else "无法读取"
    return [
        {"code": i.code, "severity": i.severity.value, "line": i.line, "path": i.path, "message": i.message}
        for i in result.issues
    ]


def audit_file(
    path: str | Path, ruleset: str | None = None, timeout: float | None = DEFAULT_TIMEOUT
) -> Outcome:
    """Evaluate one file with the shared pipeline and flatten it into rows; never raises."""
    path = Path(path)
    started = time.perf_counter()
    row = _document_row(path, ruleset)
    issues: list[dict[str, Any]]
    token = ocr.PAGE_STARTED.set(_WATCHDOG.extend)  # each OCR page adds its own time limit to the file's
    try:
        with deadline(timeout):  # a batch: the PDF and OCR readers keep one child each for many files
            result = pipeline.evaluate(
                path, ruleset, keep_children=True
            )  # looked up per call (tests patch it)
            issues = _fill_from_result(row, result)
    except FileTimeout:
        row.update(status=STATUS_FAILED, error=f"处理超时（超过 {timeout:g} 秒）")
        issues = [_engine_issue("ENG901", row["error"])]
    except Exception as exc:  # a bug in a reader or a check must not stop the batch
        row.update(status=STATUS_FAILED, error=f"处理失败：{type(exc).__name__}: {exc}")
        issues = [_engine_issue("ENG900", row["error"])]
    finally:
        ocr.PAGE_STARTED.reset(token)
    if row["status"] == STATUS_FAILED:
        row.update(errors=1, warnings=0, infos=0)
    row["seconds"] = round(time.perf_counter() - started, 6)
    row["worker"] = f"{os.uname().nodename}:{os.getpid()}"
    for issue in issues:
        issue.update(file=row["file"], sha256=row["sha256"])
    return Outcome(row, issues)


def _engine_issue(code: str, message: str) -> dict[str, Any]:
    return {"code": code, "severity": "error", "line": None, "path": None, "message": message}


def audit_chunk(
    paths: list[str], ruleset: str | None = None, timeout: float | None = DEFAULT_TIMEOUT
) -> list[Outcome]:
    """A chunk of files in one task: fewer round trips to the pool or the scheduler."""
    return [audit_file(path, ruleset, timeout) for path in paths]
