"""A records table kept between requests (the web app keeps an upload so a later save can compute again).

What is kept is the :class:`~jixiao.records.table.Table` already read — only the columns the formulas
(or the 信访 schema) need, typed — and nothing of the file. Dates and numbers are kept as they are. A text
value is kept as its key only when it is a value some formula compares with (``评价 = 满意``: the key of
满意), or one of a closed list (the 信访 register's 渠道, 评价, 是/否 …); every other text becomes a
*surrogate*, a key equal only to the same text in the same column. Equality among cells (duplicate case
numbers), emptiness and every comparison with a kept value stay exactly what they were, yet no free
text — a name or an ID number typed into a column that is read — is kept, not even as a hash a
dictionary could reverse. A formula that later compares with a value that was not kept is refused
(:func:`jixiao.records.engine.evaluate` raises; the user uploads the table again).

The blob is zlib-compressed JSON written by :func:`dump`; :func:`load` bounds what it inflates.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from jixiao.records import xinfang
from jixiao.records.formula import Literal, Measure, Name, nodes_of
from jixiao.records.table import Column, Problem, Table
from jixiao.records.values import TextKey, Value, literal_value, text_key

FORMAT = 1
MAX_INFLATED = 256 * 1024 * 1024  # 500,000 rows × 14 columns is ~100 MB of JSON


class StoredTableError(ValueError):
    """The blob is not a stored table of this format."""


def closed_keys() -> set[TextKey]:
    """The keys of every value of the 信访 register's closed lists (kept whatever the formulas say)."""
    values = {*xinfang.CHANNELS.values(), *xinfang.EVALUATIONS.values(), *xinfang.YES_NO.values()}
    values |= {value for value in xinfang.REVIEWS.values() if value}
    return {text_key(value) for value in values}


def compared_values(measures: Iterable[Measure], columns: Iterable[str] = ()) -> dict[str, TextKey]:
    """Text → key of every text value the formulas compare with (names that are not ``columns``)."""
    skip = set(columns)
    found: dict[str, TextKey] = {}
    for measure in measures:
        for item in nodes_of(measure):
            if isinstance(item, Name) and (item.text in skip or item.quoted_column):
                continue
            if isinstance(item, Name) or (isinstance(item, Literal) and not item.days):
                value = literal_value(item.text)
                if isinstance(value, TextKey):
                    found[item.text] = value
    return found


def _surrogate(column: str, number: int) -> TextKey:
    digest = hashlib.blake2b(f"\0surrogate\0{column}\0{number}".encode(), digest_size=8).digest()
    return TextKey(int.from_bytes(digest, "big"))


def _encode(column: str, values: list[Value], kept: set[int]) -> list[Any]:
    seen: dict[int, int] = {}
    out: list[Any] = []
    for value in values:
        if value is None:
            out.append(None)
        elif isinstance(value, TextKey):
            if value in kept:
                out.append(f"k{value:x}")
            else:
                out.append(f"s{seen.setdefault(value, len(seen))}")
        elif isinstance(value, date):
            out.append(value.toordinal())
        else:  # Decimal
            out.append(str(value))
    return out


def _decode(column: str, values: list[Any]) -> list[Value]:
    out: list[Value] = []
    for item in values:
        if item is None:
            out.append(None)
        elif isinstance(item, int):
            out.append(date.fromordinal(item))
        elif isinstance(item, str) and item[:1] == "k":
            out.append(TextKey(int(item[1:], 16)))
        elif isinstance(item, str) and item[:1] == "s":
            out.append(_surrogate(column, int(item[1:])))
        elif isinstance(item, str):
            out.append(Decimal(item))
        else:
            raise StoredTableError("unknown value")
    return out


def dump(table: Table, kept: Iterable[int]) -> bytes:
    """The table as a compressed blob; text keys outside ``kept`` (and the closed lists) become surrogates."""
    keep = {int(key) for key in kept} | {int(key) for key in closed_keys()}
    payload = {
        "format": FORMAT,
        "name": table.name,
        "file": table.file,
        "sha256": table.sha256,
        "sheet": table.sheet,
        "header_row": table.header_row,
        "row_word": table.row_word,
        "rows": table.rows,
        "columns": [
            [column.name, column.header, column.letter, _encode(column.name, column.values, keep)]
            for column in table.columns.values()
        ],
        "ignored": table.ignored,
        "personal": table.personal,
        "problems": [
            [problem.code, problem.message, problem.row, problem.column, problem.letter]
            for problem in table.problems
        ],
        "kept": sorted(f"{key:x}" for key in keep),
    }
    return zlib.compress(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)


def load(blob: bytes) -> Table:
    """The table :func:`dump` wrote; ``table.kept`` says which text values formulas may compare with."""
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(blob, MAX_INFLATED)
        if inflater.unconsumed_tail:
            raise StoredTableError("too large")
        payload = json.loads(data.decode("utf-8"))
        if payload.get("format") != FORMAT:
            raise StoredTableError("format")
        table = Table(
            name=payload["name"],
            file=payload["file"],
            sha256=payload["sha256"],
            sheet=payload["sheet"],
            header_row=payload["header_row"],
            rows=list(payload["rows"]),
            ignored=list(payload["ignored"]),
            personal=list(payload["personal"]),
            problems=[Problem(*item) for item in payload["problems"]],
            row_word=payload["row_word"],
        )
        for name, header, letter, values in payload["columns"]:
            table.columns[name] = Column(name, header, letter, _decode(name, values))
        table.kept = frozenset(int(key, 16) for key in payload["kept"])
    except (zlib.error, ValueError, KeyError, TypeError) as exc:
        raise StoredTableError(str(exc)) from exc
    return table
