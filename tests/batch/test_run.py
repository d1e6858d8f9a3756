"""``run_audit`` end to end on local processes: rows, formats, resume, interruption, crashes."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest
from rich.console import Console

from jixiao.batch import run as run_module
from jixiao.batch.executors import LocalPool
from jixiao.batch.run import discover, run_audit
from jixiao.batch.store import Journal

from .conftest import SAMPLE, make_corpus

STABLE = ("file", "sha256", "status", "department", "year", "budget_executed", "computed_score", "errors")


def audit(paths: list[Path], out: Path, **kwargs: object) -> tuple[int, str]:
    buffer = io.StringIO()
    console = Console(file=buffer, width=200)
    options = {"jobs": 2, "scheduler": None, "html": None, "ruleset": None, **kwargs}
    code = run_audit(paths, out, console=console, **options)  # type: ignore[arg-type]
    return code, buffer.getvalue()


def documents(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return sorted(conn.execute(f"SELECT {', '.join(STABLE)} FROM documents").fetchall())


def test_folder_to_sqlite(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.sqlite"
    code, text = audit([corpus], out)
    assert code == 0
    rows = documents(out)
    assert len(rows) == 10
    statuses = [r[2] for r in rows]
    assert statuses.count("unreadable") == 1
    assert statuses.count("ok") == 9
    assert len({r[5] for r in rows if r[2] == "ok"}) == 9  # each file's own figures
    with sqlite3.connect(out) as conn:
        issues = conn.execute("SELECT count(*), count(DISTINCT file) FROM issues").fetchone()
        per_doc = conn.execute("SELECT sum(errors + warnings + infos) FROM documents").fetchone()[0]
    assert issues[0] == per_doc
    assert "共 10 份文档" in text
    assert "无法读取 1" in text
    assert "BUD001" in text  # the ten most frequent codes are listed


def test_rerun_skips_what_is_done_and_finishes_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    files = make_corpus(folder, 6)
    out = tmp_path / "r.sqlite"
    audit([folder], out)
    with sqlite3.connect(out) as conn:
        first_ids = dict(conn.execute("SELECT file, id FROM documents").fetchall())
    extra = folder / "late.yaml"
    extra.write_text(SAMPLE.read_text(encoding="utf-8").replace("219.09}", "218}"), encoding="utf-8")
    copy = folder / "copy-of-first.yaml"
    copy.write_bytes(files[0].read_bytes())  # same content: skipped by its hash
    code, text = audit([folder], out)
    assert code == 0
    assert "本次处理 1 份，跳过已有结果 8 份" in text
    with sqlite3.connect(out) as conn:
        now = dict(conn.execute("SELECT file, id FROM documents").fetchall())
    assert {f: now[f] for f in first_ids} == first_ids  # nothing done before was redone
    assert str(extra) in now
    assert str(copy) not in now


def test_changed_file_replaces_its_rows(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    files = make_corpus(folder, 2)
    out = tmp_path / "r.sqlite"
    audit([folder], out)
    files[0].write_text(SAMPLE.read_text(encoding="utf-8").replace("219.09}", "100}"), encoding="utf-8")
    audit([folder], out)
    rows = [r for r in documents(out) if r[0] == str(files[0])]
    assert len(rows) == 1
    assert rows[0][5] == "100"


def test_interruption_keeps_what_is_done(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = run_module.outcomes

    def interrupted(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        stream = real(*args, **kwargs)  # type: ignore[arg-type]
        yield next(stream)
        stream.close()  # type: ignore[attr-defined]
        raise KeyboardInterrupt

    monkeypatch.setattr(run_module, "outcomes", interrupted)
    out = tmp_path / "r.csv"
    code, text = audit([corpus], out)
    assert code == 130
    assert "已中断" in text
    kept = documents(tmp_path / "r.csv.sqlite")
    assert 0 < len(kept) < 10
    with out.open(encoding="utf-8-sig") as handle:
        assert len(list(csv.DictReader(handle))) == len(kept)  # the export is written anyway
    monkeypatch.setattr(run_module, "outcomes", real)
    code, text = audit([corpus], out)
    assert code == 0
    assert len(documents(tmp_path / "r.csv.sqlite")) == 10


def test_a_worker_crash_costs_one_file(tmp_path: Path) -> None:
    from .crashy import crash_on_marked

    folder = tmp_path / "c"
    files = make_corpus(folder, 5)
    culprit = folder / "crash-me.yaml"
    culprit.write_bytes(files[0].read_bytes())
    paths = [str(p) for p in sorted(folder.rglob("*.yaml"))]
    chunks = iter([paths[:3], paths[3:]])
    with LocalPool(2, None, 10.0, task=crash_on_marked) as pool:
        outcomes = [o for batch in pool.run(chunks) for o in batch]
    by_file = {o.document["file"]: o.document for o in outcomes}
    assert sorted(by_file) == sorted(paths)
    assert by_file[str(culprit)]["status"] == "failed"
    assert by_file[str(culprit)]["error"].startswith("处理失败：工作进程异常退出")
    assert all(d["status"] != "failed" for f, d in by_file.items() if f != str(culprit))


def test_failed_rows_are_retried_on_the_next_run(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.sqlite"
    audit([corpus], out)
    with sqlite3.connect(out) as conn:
        conn.execute("UPDATE documents SET status = 'failed' WHERE file LIKE '%dept-001.yaml'")
    code, text = audit([corpus], out)
    assert code == 0
    assert "本次处理 1 份" in text
    assert all(r[2] != "failed" for r in documents(out))


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx"])
def test_export_formats(corpus: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"results{suffix}"
    assert audit([corpus], out)[0] == 0
    journal = Journal(tmp_path / f"results{suffix}.sqlite")
    expected = {r["file"]: r for r in journal.rows("documents")}
    issue_count = len(list(journal.rows("issues")))
    journal.close()
    if suffix == ".csv":
        with out.open(encoding="utf-8-sig") as handle:
            got = {r["file"]: r for r in csv.DictReader(handle)}
        with (tmp_path / "results.issues.csv").open(encoding="utf-8-sig") as handle:
            assert len(list(csv.DictReader(handle))) == issue_count
        assert {f: r["budget_executed"] for f, r in got.items()} == {
            f: r["budget_executed"] or "" for f, r in expected.items()
        }
    elif suffix == ".parquet":
        from decimal import Decimal

        import pyarrow.parquet as pq

        table = pq.read_table(out).to_pylist()
        assert pq.read_table(tmp_path / "results.issues.parquet").num_rows == issue_count
        got = {r["file"]: r for r in table}
        for file, row in expected.items():
            want = row["budget_executed"]
            assert got[file]["budget_executed"] == (None if want is None else Decimal(want))
    else:
        import openpyxl

        book = openpyxl.load_workbook(out, read_only=True)
        assert book.sheetnames == ["文档", "问题"]
        assert book["文档"].max_row == len(expected) + 1
        assert book["问题"].max_row == issue_count + 1


def test_html_summary_is_self_contained(corpus: Path, tmp_path: Path) -> None:
    page = tmp_path / "summary.html"
    audit([corpus], tmp_path / "r.sqlite", html=page)
    text = page.read_text(encoding="utf-8")
    assert "<svg" in text
    assert "<b>10</b>文档" in text
    assert "BUD001" in text
    assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in text
    assert "<script" not in text


def test_discover_recurses_and_excludes_outputs(corpus: Path, tmp_path: Path) -> None:
    out = corpus / "results.xlsx"
    out.write_bytes(b"")
    (corpus / "~$lock.docx").write_bytes(b"")
    (corpus / "notes.md").write_text("x", encoding="utf-8")
    files, missing = discover([corpus, tmp_path / "nope"], {out.resolve()})
    assert missing == [tmp_path / "nope"]
    assert len(files) == 10
    assert any(p.parent.name == "sub" for p in files)
    assert all(p.suffix == ".yaml" for p in files)


def test_usage_errors_exit_2(corpus: Path, tmp_path: Path) -> None:
    assert audit([tmp_path / "missing"], tmp_path / "r.sqlite")[0] == 2
    assert audit([corpus], tmp_path / "r.json")[0] == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert audit([empty], tmp_path / "r.sqlite")[0] == 2


def test_the_rate_of_a_finished_run_is_its_average() -> None:
    """While running, the rate of the last samples; once done, files over the run's time."""
    from rich.progress import Progress

    from jixiao.batch.run import RateColumn

    now = [0.0]
    progress = Progress(get_time=lambda: now[0])
    task_id = progress.add_task("audit", total=100)
    task = progress.tasks[0]
    for at, files in ((1.0, 50), (2.0, 40)):
        now[0] = at
        progress.update(task_id, advance=files)
    assert str(RateColumn().render(task)) == "40.0 份/秒"  # 40 files in the last second
    now[0] = 20.0
    progress.update(task_id, advance=10)  # the last chunk, 18 seconds later
    assert task.finished
    assert str(RateColumn().render(task)) == "5.0 份/秒"  # 100 files in 20 seconds
