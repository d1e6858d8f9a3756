"""Reading a records table (CSV or .xlsx, one sheet, one header row): only the columns that are needed.

Bounded before and while reading: file size, the zip container (inflated size and ratio), rows, columns,
cell length, number magnitude, and how far the header is searched for. Columns whose header names personal
data (姓名, 身份证号, 电话, 住址 …) are never read; no formula may use them. Values of the columns that are
read are typed at once (:mod:`jixiao.records.values`): text is kept only as a key, never as text. Every
problem is a :class:`Problem` naming the sheet, row and column; nothing here raises on a user's file.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from jixiao.inputs.guard import Codes, Limits, check_file
from jixiao.records.values import Invalid, TextKey, Value, normalise_text
from jixiao.records.xlsx import Sheet, SheetError

MAX_CSV_BYTES = 100 * 1024 * 1024
MAX_XLSX_BYTES = 50 * 1024 * 1024
MAX_INFLATED_BYTES = 600 * 1024 * 1024  # a 100,000-row register inflates to ~60 MB; streamed, not held
MAX_ROWS = 500_000
MAX_COLUMNS = 500
MAX_HEADER_SEARCH = 20
MAX_EMPTY_RUN = 10_000  # a sheet formatted down to row 1,048,576 ends here
MAX_INLINE_ROWS = 10_000
REGISTER_LIMITS = Limits(max_bytes=MAX_XLSX_BYTES, max_inflated=MAX_INFLATED_BYTES, max_ratio=100)
REGISTER_CODES = Codes(too_large="REC006", not_container="REC006", bomb="REC006", encrypted="REC006")

PERSONAL = re.compile(
    r"姓名|名字|信访人|当事人|申请人|联系人|身份证|证件|电话|手机|联系方式|住址|地址|住所|户籍|出生|邮箱|"
    r"微信|QQ|车牌|银行|账号|反映内容|诉求内容|来信内容|主要内容|事由|name|phone|address|id_?(?:no|number|card)",
    re.IGNORECASE,
)

Converter = Callable[[object], "Value | Invalid"]


@dataclass
class Problem:
    """One thing wrong with a table or one of its cells (the check with ``code`` reports it)."""

    code: str
    message: str
    row: int | None = None
    column: str | None = None
    letter: str | None = None


@dataclass
class Column:
    name: str  # the name formulas use (a schema's canonical name, or the header as written)
    header: str
    letter: str | None
    values: list[Value] = field(default_factory=list)


@dataclass
class Table:
    """The columns read from one records table, typed, with where each row stood."""

    name: str
    file: str | None = None
    sha256: str | None = None
    sheet: str | None = None
    header_row: int | None = None
    rows: list[int] = field(default_factory=list)  # the source row number of each record
    columns: dict[str, Column] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)  # headers not read
    personal: list[str] = field(default_factory=list)  # headers not read because they name personal data
    problems: list[Problem] = field(default_factory=list)
    row_word: str = "行"  # 行 of a sheet, 条 of rows written inline
    kept: frozenset[int] | None = None  # a stored table (jixiao.records.stored): the text values it kept

    def __len__(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class Wanted:
    """A column to read: its name, the headers that may stand for it, how to type its cells."""

    name: str
    headers: tuple[str, ...]
    convert: Converter
    required: bool = False
    closed: bool = False  # its values come from a closed list (a text may be remembered with its value)


def clean_header(text: object) -> str:
    return normalise_text(str(text or "")).strip("*＊:：") if text is not None else ""


def is_personal(header: str) -> bool:
    return bool(PERSONAL.search(header))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- the file, before any parser sees it ------------------------------------------------------------


def precheck(path: Path) -> Problem | None:
    if not path.is_file():
        return Problem("REC006", f"台账文件“{path.name}”不存在")
    suffix = path.suffix.lower()
    size = path.stat().st_size
    if suffix not in (".csv", ".txt", ".xlsx", ".xlsm"):
        return Problem("REC006", f"台账文件“{path.name}”应为 .csv 或 .xlsx")
    limit = MAX_CSV_BYTES if suffix in (".csv", ".txt") else MAX_XLSX_BYTES
    if size > limit:
        return Problem("REC006", f"台账文件过大（{size // 1048576} MB，上限 {limit // 1048576} MB）")
    if suffix in (".csv", ".txt"):
        return None
    # the file guard: size, an encrypted or legacy (OLE) file, the zip's declared sizes, ratio and parts
    refused = check_file(
        path, suffix, name=path.name, codes=REGISTER_CODES, limits=REGISTER_LIMITS, what="台账工作簿"
    )
    if refused is not None:
        return Problem("REC006", refused.message)
    with zipfile.ZipFile(path) as archive:
        if "xl/workbook.xml" not in archive.namelist():
            return Problem("REC006", "台账不是 Excel 工作簿（缺少 xl/workbook.xml）")
    return None


# --- raw rows ----------------------------------------------------------------------------------------


def _csv_rows(path: Path) -> Iterator[Sequence[object]]:
    """Rows of a CSV file, UTF-8 (with or without BOM), else GB18030, streamed."""
    with path.open("rb") as probe:
        head = probe.read(1 << 16)
    encoding = "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError:
        encoding = "gb18030"
    with path.open("r", encoding=encoding, errors="strict", newline="") as handle:
        yield from csv.reader(handle)


class _Rows:
    """The rows of a CSV file or of records written inline: one stream, the header search then the records."""

    def __init__(self, rows: Iterator[Sequence[object]], name: str | None = None) -> None:
        self._rows = enumerate(rows, start=1)
        self.name = name

    def head(
        self, rows: int, width: int, *, only: int | None = None
    ) -> Iterator[tuple[int, Sequence[object]]]:
        for number, cells in self._rows:
            if only is None or number == only:
                yield number, cells[:width]
            if number >= rows:
                return

    def records(
        self, after: int, columns: Sequence[int], *, max_rows: int, max_gap: int
    ) -> Iterator[tuple[int, Sequence[object]]]:
        del after, max_rows, max_gap  # the stream is already past the header; the caller bounds it
        for number, cells in self._rows:
            yield number, [cells[index] if index < len(cells) else None for index in columns]

    def close(self) -> None:
        return None


def _open(path: Path, sheet: str | None) -> _Rows | Sheet | Problem:
    if path.suffix.lower() in (".csv", ".txt"):
        return _Rows(_csv_rows(path))
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return Problem("REC006", "台账工作簿已损坏，无法读取")
    try:
        return Sheet(archive, sheet)
    except SheetError as exc:
        archive.close()
        return Problem("REC006", str(exc))


# --- header and rows ---------------------------------------------------------------------------------


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _match_header(cells: Sequence[object], wanted: Sequence[Wanted]) -> dict[str, int]:
    """Which cell of a candidate header row stands for each wanted column (by name or alias)."""
    found: dict[str, int] = {}
    headers = [clean_header(cell) for cell in cells[:MAX_COLUMNS]]
    for spec in wanted:
        for alias in (spec.name, *spec.headers):
            key = clean_header(alias)
            if key in headers and spec.name not in found:
                found[spec.name] = headers.index(key)
    return found


def read_rows(
    rows: _Rows | Sheet,
    table: Table,
    wanted: Sequence[Wanted],
    header_row: int | None,
) -> None:
    """Find the header, then read the wanted columns of every record into ``table``."""
    header: Sequence[object] | None = None
    matched: dict[str, int] = {}
    number = 0
    search = header_row or MAX_HEADER_SEARCH
    # a schema's header holds two of its columns; a formula's bare words may be values, not columns
    need = min(2, len(wanted)) if any(spec.required for spec in wanted) else 1
    for row_number, cells in rows.head(search, MAX_COLUMNS, only=header_row):
        candidate = _match_header(cells, wanted)
        if header_row is not None or len(candidate) >= need:
            header, matched, number = cells, candidate, row_number
            break
    if header is None:
        where = f"第 {header_row} 行" if header_row else f"前 {MAX_HEADER_SEARCH} 行"
        names = "、".join(spec.name for spec in wanted[:8])
        table.problems.append(
            Problem("REC006", f"台账{where}中找不到表头（应含 {names} 等列）", row=header_row)
        )
        return
    table.header_row = number
    missing = [spec.name for spec in wanted if spec.required and spec.name not in matched]
    if missing:
        table.problems.append(
            Problem("REC006", f"台账表头（第 {number} 行）缺少必需的列：{'、'.join(missing)}", row=number)
        )
        return
    headers = [clean_header(cell) for cell in header[:MAX_COLUMNS]]
    used = set(matched.values())
    for index, text in enumerate(headers):
        if text and index not in used:
            (table.personal if is_personal(text) else table.ignored).append(text)
    order = sorted(matched.items(), key=lambda item: item[1])
    specs = {spec.name: spec for spec in wanted}
    for name, index in order:
        table.columns[name] = Column(name=name, header=headers[index], letter=_letter(index))
    layout = [(specs[name], index) for name, index in order]
    records = rows.records(number, [index for _, index in layout], max_rows=MAX_ROWS, max_gap=MAX_EMPTY_RUN)
    _read_records(records, table, layout, number)


_MEMO_LIMIT = 4096  # distinct cell texts (dates, values of a closed list) remembered per column


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_records(
    rows: Iterator[tuple[int, Sequence[object]]],
    table: Table,
    layout: list[tuple[Wanted, int]],
    last: int,
) -> None:
    """Type the cells of each record. A cell's text is remembered with its typed value only when that
    value is a date, a number or one of a closed list, so no free text (a name typed in the wrong
    column) is kept even while reading."""
    columns = [table.columns[spec.name].values for spec, _ in layout]
    memos: list[dict[object, Value]] = [{} for _ in layout]
    for number, raw in rows:
        if number - last > MAX_EMPTY_RUN:
            break  # a long run of empty rows ends the sheet (one formatted down to row 1,048,576)
        if all(_blank(value) for value in raw):
            continue
        last = number
        if len(table.rows) >= MAX_ROWS:
            table.problems.append(
                Problem("REC006", f"台账超过 {MAX_ROWS:,} 行，已拒绝计算（请按年度拆分）", row=number)
            )
            table.rows.clear()
            for values in columns:
                values.clear()
            return
        table.rows.append(number)
        for (spec, index), value, values, memo in zip(layout, raw, columns, memos, strict=True):
            plain = type(value) is str or type(value) is datetime
            if plain and value in memo:
                values.append(memo[value])
                continue
            converted = spec.convert(value)
            if isinstance(converted, Invalid):
                table.problems.append(
                    Problem(
                        converted.code,
                        converted.reason,
                        row=number,
                        column=table.columns[spec.name].header,
                        letter=_letter(index),
                    )
                )
                converted = None
            elif plain and len(memo) < _MEMO_LIMIT and (spec.closed or not isinstance(converted, TextKey)):
                memo[value] = converted
            values.append(converted)


def _discard(table: Table) -> None:
    """A table that could not be read to its end counts nothing (never a partial count)."""
    table.rows.clear()
    for column in table.columns.values():
        column.values.clear()


def read_file(
    path: Path, name: str, wanted: Sequence[Wanted], *, sheet: str | None, header_row: int | None
) -> Table:
    """Read ``wanted`` columns of ``path``; problems (also a file that cannot be read) are in the table."""
    table = Table(name=name, file=path.name, sheet=sheet)
    refused = precheck(path)
    if refused:
        table.problems.append(refused)
        return table
    table.sha256 = sha256_of(path)
    opened = _open(path, sheet)
    if isinstance(opened, Problem):
        table.problems.append(opened)
        return table
    table.sheet = opened.name
    try:
        read_rows(opened, table, wanted, header_row)
    except (csv.Error, UnicodeDecodeError):
        _discard(table)
        table.problems.append(Problem("REC006", "台账 CSV 文件格式有误或编码无法识别（应为 UTF-8 或 GBK）"))
    except Exception:  # a damaged workbook part (bad XML, a missing member) surfaces while streaming rows
        _discard(table)
        table.problems.append(Problem("REC006", "台账工作簿已损坏，读取中断"))
    finally:
        opened.close()
    return table


def read_inline(name: str, records: Iterable[Mapping[str, Any]], wanted: Sequence[Wanted]) -> Table:
    """Rows written in the evaluation file itself (``rows:`` of a records source): record i is row i."""
    listed = list(records)
    table = Table(name=name, header_row=None, row_word="条")
    data = json.dumps(listed, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")
    table.sha256 = hashlib.sha256(data).hexdigest()
    if len(listed) > MAX_INLINE_ROWS:
        table.problems.append(Problem("REC006", f"内嵌台账超过 {MAX_INLINE_ROWS:,} 行，请改用台账文件"))
        return table
    keys: list[str] = []
    for record in listed:
        keys.extend(str(key) for key in record if str(key) not in keys)
    header_cells: list[object] = list(keys)

    def rows() -> Iterator[Sequence[object]]:
        yield header_cells
        for record in listed:
            yield [record.get(key) for key in keys]

    read_rows(_Rows(rows()), table, wanted, 1)
    table.rows = [number - 1 for number in table.rows]  # record i, not "row i + 1"
    for problem in table.problems:
        if problem.row is not None:
            problem.row -= 1
            problem.letter = None
    return table
