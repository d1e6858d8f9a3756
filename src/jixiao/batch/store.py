"""Result sinks: the SQLite journal every run writes as it goes, and the final .csv/.parquet/.xlsx.

SQLite is the durable store whatever ``--out`` says: rows are committed as each chunk comes back, so a
Ctrl-C or a crash keeps everything done. When ``--out`` is not ``.sqlite`` the journal sits next to it
(``results.csv`` → ``results.csv.sqlite``) and the requested format is written from it at the end of the
run (also after an interruption). Decimal figures are stored as exact text, never as floats.
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.batch.worker import STATUS_FAILED, Outcome

DOCUMENT_COLUMNS: dict[str, str] = {
    "file": "TEXT NOT NULL",
    "sha256": "TEXT",
    "size": "INTEGER",
    "mtime_ns": "INTEGER",
    "format": "TEXT",
    "status": "TEXT NOT NULL",  # ok · unreadable (the input's fault) · failed (timeout/crash: retried)
    "department": "TEXT",
    "year": "INTEGER",
    "kind": "TEXT",
    "ruleset": "TEXT",
    "budget_initial": "TEXT",  # 万元, exact decimal text
    "budget_adjusted": "TEXT",
    "budget_executed": "TEXT",
    "execution_rate": "TEXT",  # percent, 2 decimals half-up
    "declared_score": "TEXT",
    "computed_score": "TEXT",
    "grade": "TEXT",
    "declared_grade": "TEXT",
    "errors": "INTEGER",
    "warnings": "INTEGER",
    "infos": "INTEGER",
    "error": "TEXT",
    "seconds": "REAL",
    "worker": "TEXT",
    "ocr_pages": "TEXT",  # pages read by OCR ("1,2,5"), None when none was
    "ocr_confidence": "REAL",  # their mean confidence over the characters read (0-1)
}
ISSUE_COLUMNS: dict[str, str] = {
    "file": "TEXT NOT NULL",
    "sha256": "TEXT",
    "code": "TEXT NOT NULL",
    "severity": "TEXT NOT NULL",
    "line": "INTEGER",
    "path": "TEXT",
    "message": "TEXT",
}
DECIMAL_COLUMNS = ("budget_initial", "budget_adjusted", "budget_executed", "execution_rate")
SCORE_COLUMNS = ("declared_score", "computed_score")
FORMATS = (".sqlite", ".csv", ".parquet", ".xlsx")


def journal_path(out_file: Path) -> Path:
    """Where the SQLite journal of ``out_file`` lives (the file itself when it is .sqlite)."""
    if out_file.suffix.lower() in {".sqlite", ".sqlite3", ".db"}:
        return out_file
    return out_file.with_name(out_file.name + ".sqlite")


def _create(columns: dict[str, str]) -> str:
    return ", ".join(f"{name} {kind}" for name, kind in columns.items())


class Journal:
    """The SQLite results of a run: append rows as they come, answer what is already done."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute(
            f"CREATE TABLE IF NOT EXISTS documents (id INTEGER PRIMARY KEY, {_create(DOCUMENT_COLUMNS)})"
        )
        self.db.execute(
            f"CREATE TABLE IF NOT EXISTS issues (id INTEGER PRIMARY KEY, {_create(ISSUE_COLUMNS)})"
        )
        present = {row[1] for row in self.db.execute("PRAGMA table_info(documents)")}
        for name, kind in DOCUMENT_COLUMNS.items():  # a journal from an earlier version gains new columns
            if name not in present:
                self.db.execute(f"ALTER TABLE documents ADD COLUMN {name} {kind}")
        self.db.execute("CREATE INDEX IF NOT EXISTS documents_sha256 ON documents (sha256)")
        self.db.execute("CREATE INDEX IF NOT EXISTS documents_file ON documents (file)")
        self.db.execute("CREATE INDEX IF NOT EXISTS issues_file ON issues (file)")
        self.db.commit()

    def close(self) -> None:
        self.db.close()

    def forget_failed(self) -> int:
        """Drop the rows of files that failed (timeout, crash) so that this run retries them."""
        with self.db:
            self.db.execute(
                "DELETE FROM issues WHERE file IN (SELECT file FROM documents WHERE status = ?)",
                (STATUS_FAILED,),
            )
            return self.db.execute("DELETE FROM documents WHERE status = ?", (STATUS_FAILED,)).rowcount

    def done_keys(self) -> set[tuple[str, int, int]]:
        """(file, size, mtime_ns) of every audited file: skipped on a re-run without being read."""
        rows = self.db.execute("SELECT file, size, mtime_ns FROM documents WHERE size IS NOT NULL")
        return {(file, size, mtime) for file, size, mtime in rows}

    def done_hashes(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT sha256 FROM documents WHERE sha256 IS NOT NULL")}

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def add(self, outcomes: Iterable[Outcome]) -> None:
        """Append the rows of some outcomes and commit (one transaction per chunk)."""
        doc_sql = self._insert("documents", DOCUMENT_COLUMNS)
        issue_sql = self._insert("issues", ISSUE_COLUMNS)
        with self.db:
            for outcome in outcomes:
                # a file audited again (its content changed) replaces its earlier rows
                file = outcome.document["file"]
                self.db.execute("DELETE FROM documents WHERE file = ?", (file,))
                self.db.execute("DELETE FROM issues WHERE file = ?", (file,))
                self.db.execute(doc_sql, [outcome.document.get(c) for c in DOCUMENT_COLUMNS])
                self.db.executemany(issue_sql, [[i.get(c) for c in ISSUE_COLUMNS] for i in outcome.issues])

    @staticmethod
    def _insert(table: str, columns: dict[str, str]) -> str:
        return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"

    def rows(self, table: str) -> Iterator[dict[str, Any]]:
        columns = DOCUMENT_COLUMNS if table == "documents" else ISSUE_COLUMNS
        cursor = self.db.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id")
        for values in cursor:
            yield dict(zip(columns, values, strict=True))


def export(journal: Journal, out_file: Path) -> list[Path]:
    """Write the journal as ``out_file``'s format; return the files written (none for .sqlite)."""
    suffix = out_file.suffix.lower()
    if journal_path(out_file) == out_file:
        return []
    if suffix == ".csv":
        issues_file = out_file.with_name(out_file.stem + ".issues.csv")
        _write_csv(out_file, DOCUMENT_COLUMNS, journal.rows("documents"))
        _write_csv(issues_file, ISSUE_COLUMNS, journal.rows("issues"))
        return [out_file, issues_file]
    if suffix == ".parquet":
        issues_file = out_file.with_name(out_file.stem + ".issues.parquet")
        _write_parquet(out_file, journal.rows("documents"), decimals=True)
        _write_parquet(issues_file, journal.rows("issues"), decimals=False)
        return [out_file, issues_file]
    if suffix == ".xlsx":
        _write_xlsx(out_file, journal)
        return [out_file]
    raise ValueError(suffix)


def _write_csv(path: Path, columns: dict[str, str], rows: Iterable[dict[str, Any]]) -> None:
    # utf-8-sig so that Excel opens the Chinese text correctly
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns))
        writer.writeheader()
        writer.writerows(rows)


def _write_parquet(path: Path, rows: Iterable[dict[str, Any]], *, decimals: bool) -> None:
    """Parquet with exact decimal128 columns for amounts, rates and scores."""
    import pyarrow as pa  # noqa: PLC0415  (heavy: Parquet output only)
    import pyarrow.parquet as pq  # noqa: PLC0415  (heavy: Parquet output only)

    data = list(rows)
    if decimals:
        money = pa.decimal128(24, 6)
        for row in data:
            for column in (*DECIMAL_COLUMNS, *SCORE_COLUMNS):
                value = row[column]
                row[column] = None if value is None else Decimal(value).quantize(Decimal("0.000001"))
        fields = [
            pa.field(c, money if c in DECIMAL_COLUMNS + SCORE_COLUMNS else _arrow_type(k))
            for c, k in DOCUMENT_COLUMNS.items()
        ]
    else:
        fields = [pa.field(c, _arrow_type(k)) for c, k in ISSUE_COLUMNS.items()]
    schema = pa.schema(fields)
    pq.write_table(pa.Table.from_pylist(data, schema=schema), path)


def _arrow_type(sql: str) -> Any:
    import pyarrow as pa  # noqa: PLC0415  (heavy: Parquet output only)

    kind = sql.split(maxsplit=1)[0]
    return {"INTEGER": pa.int64(), "REAL": pa.float64()}.get(kind, pa.string())


def _write_xlsx(path: Path, journal: Journal) -> None:
    """Two sheets (文档, 问题); figures are written as numbers for display only (exact text in SQLite)."""
    import xlsxwriter  # noqa: PLC0415  (heavy: on an .xlsx only)

    numeric = {*DECIMAL_COLUMNS, *SCORE_COLUMNS}
    with xlsxwriter.Workbook(str(path), {"constant_memory": True}) as book:
        for sheet_name, table, columns in (
            ("文档", "documents", DOCUMENT_COLUMNS),
            ("问题", "issues", ISSUE_COLUMNS),
        ):
            sheet = book.add_worksheet(sheet_name)
            sheet.write_row(0, 0, list(columns))
            for r, row in enumerate(journal.rows(table), start=1):
                for c, column in enumerate(columns):
                    value = row[column]
                    if value is None:
                        continue
                    if column in numeric:
                        sheet.write_number(r, c, float(value))
                    else:
                        sheet.write(r, c, value)
