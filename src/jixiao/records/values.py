"""Cell values of a records table, and values written in formulas, in one typed form.

A value is a ``date``, a ``Decimal``, a :class:`TextKey` or ``None`` (empty). Text is never kept: it is
reduced to a 64-bit key of its normalised form, which is all that equality (``评价 = 满意``, duplicate case
numbers) needs. So a name typed into the wrong column of a register is never held as text, stored,
logged or printed.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal

MAX_CELL_CHARS = 200
MAX_MAGNITUDE = Decimal(10) ** 12
EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01 (Excel's 1900 leap-year bug included)

_DATE = re.compile(
    r"^(?P<y>\d{4})\s*(?:-|/|\.|年)\s*(?P<m>\d{1,2})\s*(?:-|/|\.|月)\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_COMPACT_DATE = re.compile(r"^(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})$")
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


class TextKey(int):
    """The key of a text value: equal texts have equal keys; the text itself is gone."""

    __slots__ = ()


class Invalid:
    """A cell that cannot be what its column holds (kept apart from an empty cell)."""

    __slots__ = ("code", "reason")

    def __init__(self, reason: str, code: str = "REC010") -> None:
        self.reason = reason
        self.code = code  # the check that reports it: REC010 unreadable value, REC013 unknown value


Value = date | Decimal | TextKey | None


def normalise_text(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def text_key(text: str) -> TextKey:
    digest = hashlib.blake2b(normalise_text(text).encode("utf-8"), digest_size=8).digest()
    return TextKey(int.from_bytes(digest, "big"))


def _date_or_invalid(year: int, month: int, day: int) -> date | Invalid:
    try:
        return date(year, month, day)
    except ValueError:
        return Invalid("不是有效日期")


def parse_date_text(text: str) -> date | Invalid | None:
    """``2024-03-05``, ``2024/3/5``, ``2024.3.5``, ``2024年3月5日``, ``20240305`` (time of day ignored)."""
    stripped = normalise_text(text) if len(text) <= MAX_CELL_CHARS else None
    if stripped is None:
        return Invalid("内容过长")
    if not stripped:
        return None
    match = _DATE.match(stripped) or _COMPACT_DATE.match(stripped)
    if match is None:
        return Invalid("无法识别为日期")
    return _date_or_invalid(int(match["y"]), int(match["m"]), int(match["d"]))


def parse_number_text(text: str) -> Decimal | Invalid | None:
    stripped = normalise_text(text)
    if not stripped:
        return None
    if len(stripped) > 40 or not _NUMBER.match(stripped):
        return Invalid("无法识别为数字")
    value = Decimal(stripped.replace(",", ""))
    return value if abs(value) <= MAX_MAGNITUDE else Invalid("数值过大")


def as_date(raw: object) -> date | Invalid | None:
    """A cell read as a date: a workbook date, a date text, or an Excel serial number left unformatted."""
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, bool):
        return Invalid("无法识别为日期")
    if isinstance(raw, int | float | Decimal):
        number = Decimal(str(raw))
        if number == number.to_integral_value() and 20_000 <= number <= 80_000:
            return EXCEL_EPOCH + timedelta(days=int(number))
        compact = _COMPACT_DATE.match(str(number))
        if compact:
            return _date_or_invalid(int(compact["y"]), int(compact["m"]), int(compact["d"]))
        return Invalid("无法识别为日期")
    if isinstance(raw, str):
        return parse_date_text(raw)
    return Invalid("无法识别为日期")


def as_number(raw: object) -> Decimal | Invalid | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        return Invalid("无法识别为数字")
    if isinstance(raw, int | Decimal):
        value = Decimal(raw)
    elif isinstance(raw, float):
        if math.isnan(raw) or math.isinf(raw):
            return Invalid("无法识别为数字")
        value = Decimal(repr(raw))  # the shortest text that gives the float: what Excel shows
    elif isinstance(raw, str):
        return parse_number_text(raw)
    else:
        return Invalid("无法识别为数字")
    return value if abs(value) <= MAX_MAGNITUDE else Invalid("数值过大")


def as_text(raw: object) -> TextKey | Invalid | None:
    if raw is None:
        return None
    if isinstance(raw, datetime | date):
        return text_key(raw.strftime("%Y-%m-%d"))
    if isinstance(raw, float) and raw == int(raw):
        raw = int(raw)  # a case number 2024001 stored as a number
    text = str(raw)
    if len(text) > MAX_CELL_CHARS:
        return Invalid("内容过长")
    return text_key(text) if normalise_text(text) else None


def as_any(raw: object) -> Value | Invalid:
    """A cell of a column with no declared type: a date if it is one, a number if it is one, else text."""
    if raw is None:
        return None
    if isinstance(raw, datetime | date):
        return as_date(raw)
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        return as_number(raw)
    text = str(raw)
    if len(text) > MAX_CELL_CHARS:
        return Invalid("内容过长")
    stripped = normalise_text(text)
    if not stripped:
        return None
    if _DATE.match(stripped):
        return parse_date_text(stripped)
    if _NUMBER.match(stripped):
        return parse_number_text(stripped)
    return text_key(stripped)


def literal_value(text: str) -> Value | Invalid:
    """A value written in a formula, read as a cell would be (so ``= 2024-01-01`` meets a date cell)."""
    return as_any(text)
