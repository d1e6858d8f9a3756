"""Records tables in the web app: an upload read once and kept typed, given to every evaluation by name.

The department uploads its register (or another records table) to a report. It passes the shared file
guard, is read by :func:`jixiao.records.table.read_file` for the columns the formulas (or the 信访 schema)
need, and is kept as :mod:`jixiao.records.stored` keeps it: no file, no personal column, no free text.
Each save then evaluates with these tables (``evaluate_model(..., tables=)``); the web never names a
file for the core to open. Decoded tables are cached per process by upload and content.
"""

from __future__ import annotations

import tempfile
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jixiao.inputs.guard import check_file
from jixiao.model import Evaluation, RecordSource
from jixiao.records import stored
from jixiao.records.compute import bindings, parse_bound, wanted_columns
from jixiao.records.formula import FormulaError
from jixiao.records.register import monthly
from jixiao.records.table import Table, read_file
from jixiao.web.models import RecordsUpload, Report

SUFFIXES = {".csv": None, ".xlsx": b"PK\x03\x04"}
MAX_SOURCE_NAME = 100
_CACHE: OrderedDict[tuple[int, str, str], Table] = OrderedDict()
_CACHE_SIZE = 4


@dataclass
class UploadResult:
    """What an upload gave: the table read (None when it could not be read) and the problems to show."""

    table: Table | None
    errors: list[str] = field(default_factory=list)


def source_of(evaluation: Evaluation, name: str) -> RecordSource | None:
    return next((source for source in evaluation.records if source.name == name), None)


def declare(evaluation: Evaluation, name: str, kind: str) -> Evaluation:
    """The evaluation with a records source ``name`` declared (an upload is passed to the core by name)."""
    existing = source_of(evaluation, name)
    if existing is not None and existing.kind == kind:
        return evaluation
    others = [source for source in evaluation.records if source.name != name]
    kept = existing.model_copy(update={"kind": kind}) if existing else RecordSource(name=name, kind=kind)  # type: ignore[arg-type]
    return evaluation.model_copy(update={"records": [*others, kept]})


def _measures(evaluation: Evaluation, source: RecordSource) -> list[Any]:
    found = []
    for _path, _label, computed in bindings(evaluation):
        if computed.source != source.name:
            continue
        try:
            found.append(parse_bound(source, computed)[0])
        except FormulaError:
            continue  # the check reports it (REC007) on save
    return found


def read_upload(upload: Any, name: str, kind: str, evaluation: Evaluation, sheet: str | None) -> UploadResult:
    """Read an uploaded file (a Django ``UploadedFile``) for ``evaluation``'s formulas on source ``name``."""
    file_name = Path(upload.name or "").name
    suffix = Path(file_name).suffix.lower()
    if suffix not in SUFFIXES:
        return UploadResult(None, [f"台账应为 .xlsx 或 .csv 文件，收到的是“{suffix or '无扩展名'}”"])
    magic = SUFFIXES[suffix]
    head = upload.read(8)
    upload.seek(0)
    if magic is not None and not head.startswith(magic):
        return UploadResult(None, [f"文件内容与扩展名“{suffix}”不符"])
    refused = check_file(upload.file, suffix, name=file_name)  # the shared file guard, before any parser
    if refused is not None:
        return UploadResult(None, [refused.message])
    source = source_of(evaluation, name) or RecordSource(name=name, kind=kind)  # type: ignore[arg-type]
    source = source.model_copy(update={"kind": kind})
    wanted = wanted_columns(source, _measures(evaluation, source))
    if not wanted:
        return UploadResult(None, ["该台账还没有被任何指标引用：请先在下方为指标设置计算公式，再上传台账"])
    with tempfile.TemporaryDirectory(prefix="jixiao-records-") as folder:
        path = Path(folder) / f"table{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        table = read_file(path, name, wanted, sheet=sheet or None, header_row=None)
    table.file = file_name
    if table.header_row is None or "REC006" in {problem.code for problem in table.problems}:
        return UploadResult(None, [p.message for p in table.problems if p.code == "REC006"][:5])
    return UploadResult(table)


def keep(
    report: Report, evaluation: Evaluation, name: str, kind: str, table: Table, user: Any
) -> RecordsUpload:
    """Store what was read (replacing an earlier upload of the same source) with its monthly measures."""
    source = source_of(evaluation, name) or RecordSource(name=name, kind=kind)  # type: ignore[arg-type]
    measures = _measures(evaluation, source)
    kept = stored.compared_values(measures, table.columns).values()
    blob = stored.dump(table, kept)
    series = _monthly(stored.load(blob), report.year) if kind == "xinfang" else {}
    upload, _ = RecordsUpload.objects.update_or_create(
        report=report,
        name=name,
        defaults={
            "kind": kind,
            "file_name": table.file or "",
            "sha256": table.sha256 or "",
            "rows": len(table),
            "table": blob,
            "monthly": series,
            "uploaded_by": user if getattr(user, "is_authenticated", False) else None,
        },
    )
    return upload


def _monthly(table: Table, year: int) -> dict[str, Any]:
    """Each standard 信访 measure by month of ``year``: k, n and the rate (for the dashboard)."""
    series = monthly(table, year)
    return {
        "year": year,
        "months": [f"{month}月" for month in range(1, 13)],
        "measures": {
            name: [
                None
                if m is None
                else {"k": str(m.k), "n": m.n, "value": None if m.value is None else str(m.value)}
                for m in values
            ]
            for name, values in series.items()
        },
    }


def tables_for(report: Report) -> dict[str, Table]:
    """The report's uploaded tables by source name, decoded (cached per process by upload and content)."""
    found: dict[str, Table] = {}
    for upload in RecordsUpload.objects.filter(report=report).only("pk", "name", "sha256", "uploaded_at"):
        key = (upload.pk, upload.sha256, upload.uploaded_at.isoformat())
        table = _CACHE.get(key)
        if table is None:
            blob = RecordsUpload.objects.filter(pk=upload.pk).values_list("table", flat=True).first()
            if blob is None:
                continue
            table = stored.load(bytes(blob))
            _CACHE[key] = table
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
        else:
            _CACHE.move_to_end(key)
        found[upload.name] = _fresh(table)
    return found


def _fresh(table: Table) -> Table:
    """A copy the core may complete (the 信访 register gains derived columns) without touching the cache."""
    copy = Table(
        name=table.name, file=table.file, sha256=table.sha256, sheet=table.sheet, header_row=table.header_row,
        rows=table.rows, ignored=table.ignored, personal=table.personal, problems=list(table.problems),
        row_word=table.row_word, kept=table.kept,
    )  # fmt: skip
    copy.columns = dict(table.columns)
    return copy


def figures_by_path(records: Mapping[str, Any] | None) -> dict[str, dict[str, Any]]:
    """A version's computed figures (``ReportVersion.records``) by model path."""
    return {figure["path"]: figure for figure in (records or {}).get("figures", []) if "path" in figure}
