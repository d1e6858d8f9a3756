"""The PDF reader: a fresh child per file by default, one kept child inside a batch worker, same limits."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from jixiao.inputs.files import pdf_child
from jixiao.inputs.files.pdf_child import CHILD_MEMORY, PdfChild, close_kept_child, kept_child
from jixiao.inputs.files.read import read_document

from .pdf_maker import make_pdf

PAGES = [["Budget 230.52", "Executed 303.06"], ["Second page 99.83%"]]
TEXT = "Budget 230.52\nExecuted 303.06\nSecond page 99.83%"
TRUNCATED = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pa"


@pytest.fixture(autouse=True)
def no_kept_child() -> Iterator[None]:
    close_kept_child()
    yield
    close_kept_child()


@pytest.fixture
def hanging(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A file the child hangs on: the child's reader sleeps for a file named ``hang.pdf``."""
    hang = "def read(path):\n    if path.endswith('hang.pdf'):\n        import time; time.sleep(3600)\n"
    monkeypatch.setattr(pdf_child, "_CHILD", pdf_child._CHILD.replace("def read(path):\n", hang))
    return make_pdf(tmp_path / "hang.pdf", PAGES)


def test_batch_mode_reads_the_same_text_as_a_fresh_child(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "report.pdf", PAGES)
    alone, issues = read_document(path)
    assert issues == []
    assert alone is not None
    assert alone.text == TEXT
    assert pdf_child._KEPT.children == {}  # outside a batch worker nothing stays behind
    kept, kept_issues = read_document(path, keep_children=True)
    assert kept_issues == []
    assert kept == alone


def test_one_child_serves_many_files_in_a_batch(tmp_path: Path) -> None:
    paths = [make_pdf(tmp_path / f"r{i}.pdf", [[f"Report {i}"]]) for i in range(3)]
    pids = set()
    for i, path in enumerate(paths):
        document, _ = read_document(path, keep_children=True)
        assert document is not None
        assert document.text == f"Report {i}"
        pids.add(kept_child().pid)
    assert len(pids) == 1
    assert None not in pids


def test_the_kept_child_has_the_memory_limit(tmp_path: Path) -> None:
    read_document(make_pdf(tmp_path / "r.pdf", PAGES), keep_children=True)
    pid = kept_child().pid
    assert pid is not None
    limits = Path(f"/proc/{pid}/limits").read_text()
    line = next(row for row in limits.splitlines() if row.startswith("Max address space"))
    assert line.split()[3:5] == [str(CHILD_MEMORY), str(CHILD_MEMORY)]


def test_a_broken_file_costs_only_itself(tmp_path: Path) -> None:
    bad = tmp_path / "truncated.pdf"
    bad.write_bytes(TRUNCATED)
    good = make_pdf(tmp_path / "good.pdf", PAGES)
    document, issues = read_document(bad, keep_children=True)
    assert document is None
    assert [i.code for i in issues] == ["EXT007"]
    assert "损坏" in issues[0].message
    after, after_issues = read_document(good, keep_children=True)
    assert after_issues == []
    assert after is not None
    assert after.text == TEXT


def test_a_hanging_child_is_killed_and_the_next_file_gets_a_new_one(tmp_path: Path, hanging: Path) -> None:
    child = PdfChild(timeout=1.0)
    started = time.monotonic()
    result = child.read(hanging)
    assert result == {"timeout": 1.0}
    assert time.monotonic() - started < 10
    assert child.pid is None
    child.timeout = 60.0  # the fresh child's start-up alone can pass 1 s on a loaded machine
    assert child.read(make_pdf(tmp_path / "good.pdf", PAGES))["pages"][1] == "Second page 99.83%"
    child.close()


def test_the_child_ends_itself_on_its_alarm_even_if_nobody_kills_it(hanging: Path) -> None:
    command = [sys.executable, "-c", pdf_child._CHILD, str(CHILD_MEMORY), "1", "10"]
    child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    assert child.stdin is not None
    child.stdin.write(json.dumps(str(hanging)).encode() + b"\n")
    child.stdin.flush()
    try:
        assert child.wait(timeout=30) == -signal.SIGALRM
    finally:
        child.kill()
        child.stdin.close()
        child.wait()


def test_a_hang_becomes_a_chinese_timeout_issue(hanging: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_child, "PDF_TIMEOUT", 1.0)
    document, issues = read_document(hanging)
    assert document is None
    assert [i.code for i in issues] == ["EXT007"]
    assert "超时" in issues[0].message


def test_a_child_that_dies_mid_file_is_reported_and_replaced(tmp_path: Path, hanging: Path) -> None:
    child = PdfChild(timeout=30.0)
    results: list[dict[str, object]] = []
    reader = threading.Thread(target=lambda: results.append(child.read(hanging)))
    reader.start()
    deadline = time.monotonic() + 10
    while child.pid is None and time.monotonic() < deadline:
        time.sleep(0.01)
    pid = child.pid
    assert pid is not None
    time.sleep(0.5)  # let it start on the file
    os.kill(pid, 9)  # what a segfault or the memory limit looks like from outside
    reader.join(timeout=10)
    assert len(results) == 1
    assert "crashed" in results[0]
    second = child.read(make_pdf(tmp_path / "good.pdf", PAGES))
    assert second["pages"] == ["Budget 230.52\r\nExecuted 303.06", "Second page 99.83%"]
    assert child.pid != pid
    child.close()


def test_threads_share_the_kept_child_one_file_at_a_time(tmp_path: Path) -> None:
    paths = [make_pdf(tmp_path / f"r{i}.pdf", [[f"Report {i}"]]) for i in range(4)]
    found: dict[int, list[str]] = {}

    def work(index: int) -> None:
        texts = []
        for _ in range(5):
            document, _ = read_document(paths[index], keep_children=True)
            texts.append(document.text if document else "")
        found[index] = texts

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert found == {i: [f"Report {i}"] * 5 for i in range(4)}


def test_only_a_reader_asked_to_keep_its_child_keeps_it(tmp_path: Path) -> None:
    # the choice is an argument (a batch worker passes it), not a state of the thread or the process
    path = make_pdf(tmp_path / "r.pdf", PAGES)
    seen: list[bool] = []
    other = threading.Thread(target=lambda: seen.append(read_document(path)[0] is not None))
    other.start()
    other.join(timeout=60)
    assert seen == [True]
    assert pdf_child._KEPT.children == {}  # the other thread read with a fresh child
    read_document(path)
    assert pdf_child._KEPT.children == {}
    read_document(path, keep_children=True)
    assert list(pdf_child._KEPT.children) == [os.getpid()]
