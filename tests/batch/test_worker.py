"""The per-file function: rows from the shared pipeline, and failures turned into rows."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

from jixiao.batch import worker
from jixiao.batch.worker import FileTimeout, audit_file, deadline
from jixiao.pipeline import evaluate

from .conftest import SAMPLE


def test_document_row_matches_the_pipeline() -> None:
    outcome = audit_file(SAMPLE)
    row = outcome.document
    result = evaluate(SAMPLE)
    assert row["status"] == "ok"
    assert row["sha256"] == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    assert (row["department"], row["year"], row["kind"]) == ("雁峰区信访局", 2024, "department")
    assert row["budget_adjusted"] == "219.09"
    assert row["execution_rate"] == "100.00"
    assert row["computed_score"] == str(result.scorecard.total)
    assert row["declared_score"] == "95"
    assert row["errors"] == result.counts["error"]
    assert len(outcome.issues) == len(result.issues)
    assert [i["code"] for i in outcome.issues] == [i.code for i in result.issues]
    assert all(i["file"] == str(SAMPLE) and i["sha256"] == row["sha256"] for i in outcome.issues)


def test_unreadable_file_is_a_row_with_its_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("department: [\n", encoding="utf-8")
    row = audit_file(bad).document
    assert row["status"] == "unreadable"
    assert "YAML" in row["error"]
    assert row["errors"] == 1


def test_a_crashing_pipeline_becomes_a_failed_row(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(path: object, ruleset: object, keep_children: bool = False) -> None:
        raise RuntimeError("reader bug")

    monkeypatch.setattr("jixiao.pipeline.evaluate", boom)
    outcome = audit_file(SAMPLE)
    assert outcome.document["status"] == "failed"
    assert "reader bug" in outcome.document["error"]
    assert [i["code"] for i in outcome.issues] == ["ENG900"]


def test_a_file_that_runs_too_long_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    def spin(path: object, ruleset: object, keep_children: bool = False) -> None:
        end = time.monotonic() + 30
        while time.monotonic() < end:
            pass

    monkeypatch.setattr("jixiao.pipeline.evaluate", spin)
    started = time.monotonic()
    outcome = audit_file(SAMPLE, timeout=0.3)
    assert time.monotonic() - started < 5
    assert outcome.document["status"] == "failed"
    assert [i["code"] for i in outcome.issues] == ["ENG901"]


def test_deadline_does_not_fire_after_the_block() -> None:
    with deadline(0.05):
        pass
    time.sleep(0.15)  # a late timer must not raise here
    with pytest.raises(FileTimeout):
        busy_under_deadline(0.05, 5)


def test_a_short_deadline_after_a_long_one_still_fires() -> None:
    # the watchdog is woken only for a deadline earlier than the one it sleeps until: after a file with a
    # 300 s limit it sleeps until then, and a 0.1 s limit must wake it
    with deadline(300):
        for _ in range(3000):  # until the watchdog thread has seen the 300 s deadline
            if worker._WATCHDOG.sleeps_until is not None:
                break
            time.sleep(0.01)
        assert worker._WATCHDOG.sleeps_until is not None
    with pytest.raises(FileTimeout):
        busy_under_deadline(0.1, 10)


def busy_under_deadline(limit: float, seconds: float) -> None:
    with deadline(limit):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            pass


def test_chunk_keeps_order() -> None:
    outcomes = worker.audit_chunk([str(SAMPLE), str(SAMPLE.with_name("missing.yaml"))])
    assert [o.document["status"] for o in outcomes] == ["ok", "unreadable"]


def test_deadline_in_a_worker_thread() -> None:
    """Dask runs tasks in threads: the timeout must reach a thread that is not the main one."""
    import threading

    caught: list[BaseException] = []

    def task() -> None:
        try:
            busy_under_deadline(0.1, 5)
        except FileTimeout as exc:
            caught.append(exc)

    thread = threading.Thread(target=task)
    thread.start()
    thread.join(10)
    assert len(caught) == 1
