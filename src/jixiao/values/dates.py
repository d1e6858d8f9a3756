"""Dates in indicator values: deadlines (12月底前, 2024年11月30日前, 年底前, 三季度末) and the dates an
actual value names (11月完成, 2024年10月15日). A date is a span of days: ``11月`` is 1–30 November."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache

from jixiao.values.vocabulary import Vocabulary

# a leap year, so that 2月29日 is a valid day when the year is not written
_ANY_YEAR = 2024


@dataclass(frozen=True)
class DateSpan:
    """The days a written date may mean, within one year: (month, day) of the first and the last.

    ``year`` is the year as written (``None`` when not written); ``next_year`` is true for 次年/明年.
    """

    first: tuple[int, int]
    last: tuple[int, int]
    year: int | None = None
    next_year: bool = False
    start: int = 0  # offsets in the normalised text
    end: int = 0
    text: str = ""


def last_day(year: int | None, month: int) -> int:
    return calendar.monthrange(year or _ANY_YEAR, month)[1]


_PART_DAYS = {
    "初": (1, 10),
    "上旬": (1, 10),
    "中旬": (11, 20),
    "中": (11, 20),
    "下旬": (21, 0),
    "底": (21, 0),
}
_PART_DAYS["末"] = (21, 0)  # 0: the month's last day

_DATE = re.compile(
    r"(?:(?P<year>(?:19|20)\d\d)年|(?P<rel>次年|下年|下一年|明年))?"
    r"(?<![\d.个])(?P<month>1[0-2]|0?[1-9])月份?"
    r"(?:(?P<day>3[01]|[12]\d|0?[1-9])[日号]|(?P<part>上旬|中旬|下旬|底|末|初|中))?"
)
# 2024-06, 2024/6/15, 2024.6.15 (with a point, only with its day: 2024.5 is a number)
_NUMERIC_DATE = re.compile(
    r"(?<![\d.])(?P<year>(?:19|20)\d\d)(?P<sep>[-/.])(?P<month>1[0-2]|0?[1-9])"
    r"(?:(?P=sep)(?P<day>3[01]|[12]\d|0?[1-9]))?(?![\d.])"
)


def _span_of_month(
    year: int | None, month: int, day: str | None, part: str | None
) -> tuple[tuple[int, int], tuple[int, int]]:
    last = last_day(year, month)
    if day:
        d = min(int(day), last)
        return (month, d), (month, d)
    if part:
        low, high = _PART_DAYS[part]
        return (month, low), (month, high or last)
    return (month, 1), (month, last)


@lru_cache(maxsize=16)
def _word_patterns(
    year_end: tuple[str, ...],
    first_half: tuple[str, ...],
    quarters: tuple[tuple[str, int], ...],
    next_year: tuple[str, ...],
) -> list[tuple[re.Pattern[str], tuple[int, int], tuple[int, int]]]:
    """A compiled pattern per deadline word (年底, 上半年, 三季度), longest words first."""
    relative = "|".join(map(re.escape, sorted((w for w in next_year if w), key=len, reverse=True)))
    prefix = (
        r"(?:(?P<year>(?:19|20)\d\d)年?" + (f"|(?P<rel>{relative})" if relative else "|(?P<rel>(?!))") + ")?"
    )
    spans: list[tuple[str, tuple[int, int], tuple[int, int]]] = [(w, (12, 1), (12, 31)) for w in year_end]
    spans += [(w, (1, 1), (6, 30)) for w in first_half]
    spans += [
        (name, (month - 2, 1), (month, last_day(None, month))) for name, month in quarters if 3 <= month <= 12
    ]
    spans.sort(key=lambda item: len(item[0]), reverse=True)
    return [
        (re.compile(prefix + re.escape(word) + r"(?P<tail>末|底)?"), first, last)
        for word, first, last in spans
        if word
    ]


def find_dates(text: str, vocabulary: Vocabulary) -> list[DateSpan]:
    """Every date written in ``text`` (normalised: ASCII digits, no spaces), in order."""
    found: list[DateSpan] = []
    taken: list[tuple[int, int]] = []

    def add(span: DateSpan) -> None:
        if not any(span.start < end and start < span.end for start, end in taken):
            found.append(span)
            taken.append((span.start, span.end))

    for match in _NUMERIC_DATE.finditer(text):
        if match.group("sep") == "." and not match.group("day"):
            continue
        if any(text.startswith(unit, match.end()) for unit in vocabulary.units_longest_first) or any(
            text.startswith(magnitude, match.end()) for magnitude in vocabulary.magnitudes
        ):
            continue  # 2024.5.1万元 is no date either way; a number with a unit is a number
        year, month = int(match.group("year")), int(match.group("month"))
        first, last = _span_of_month(year, month, match.group("day"), None)
        add(DateSpan(first, last, year, False, match.start(), match.end(), match.group()))
    for match in _DATE.finditer(text):
        written = int(match.group("year")) if match.group("year") else None
        month = int(match.group("month"))
        first, last = _span_of_month(written, month, match.group("day"), match.group("part"))
        add(
            DateSpan(
                first, last, written, bool(match.group("rel")), match.start(), match.end(), match.group()
            )
        )
    words = vocabulary.deadlines
    patterns = _word_patterns(
        tuple(words.year_end), tuple(words.first_half), tuple(words.quarters.items()), tuple(words.next_year)
    )
    for pattern, first, last in patterns:
        for match in pattern.finditer(text):
            written = int(match.group("year")) if match.group("year") else None
            low = (last[0], 21) if match.group("tail") and last[0] == first[0] + 2 else first
            span = DateSpan(
                low, last, written, bool(match.group("rel")), match.start(), match.end(), match.group()
            )
            add(span)
    return sorted(found, key=lambda span: span.start)


def _resolved_year(span: DateSpan, other: DateSpan, year: int | None) -> int:
    """The year a span means: as written; else the other span's written year; else the evaluation's
    (0 when unknown: both sides then compare within one year); +1 for 次年."""
    if span.year is not None:
        return span.year
    base = other.year if other.year is not None and not other.next_year else (year or 0)
    return base + (1 if span.next_year else 0)


def compare_dates(done: DateSpan, deadline: DateSpan, lenient: DateSpan | None, year: int | None) -> str:
    """``met`` when every day ``done`` may mean is on or before the deadline; ``missed`` when every day
    is after the lenient reading of the deadline (``lenient``: 12月前 read as by the end of December);
    ``ambiguous`` otherwise."""
    done_year = _resolved_year(done, deadline, year)
    deadline_year = _resolved_year(deadline, done, year)
    done_first, done_last = (done_year, *done.first), (done_year, *done.last)
    strict = (deadline_year, *deadline.last)
    loose = (deadline_year, *(lenient or deadline).last)
    if done_last <= strict:
        return "met"
    if done_first > loose:
        return "missed"
    return "ambiguous"
