"""The value parser: what a target (年度指标值) or an actual value (实际完成值) says, as tables write it.

``parse_value(text, vocabulary) -> ParsedValue``: the numbers with their units and dimensions, the
direction from symbols and words before or after the number (≥90%, 不低于90%, 5%以下, 15个工作日内,
控制在5%以内), bands (90%–110%, ±5%, 100%±5%), dates (12月底前, 2024年11月30日前, 11月完成), and words
saying a deadline was met or missed (按期完成, 逾期). What it cannot understand is a :class:`Note`,
never a silent default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Literal

from jixiao.numbers import (
    NumberError,
    bounded,
    normalise_digits,
    parse_chinese_number,
    round_fraction_half_up,
)
from jixiao.values.dates import DateSpan, find_dates, last_day
from jixiao.values.vocabulary import Direction, Vocabulary, default_vocabulary

Form = Literal["number", "band", "deadline", "status", "words", "empty"]

_NUMBER = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+|[零〇一二两三四五六七八九十百千万亿]+"
)
_CN_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_INCLUSIVE = ("（含）", "(含)")
_EXPONENT = re.compile(r"[eE][-+]?\d")
_MAX_TEXT = 2_000  # a value longer than this is narrative, not a value: only its start is read


@dataclass(frozen=True)
class Note:
    """Something the parser could not understand, or read one way of several (Chinese ``message``)."""

    code: str  # stable key: several-numbers, direction-conflict, number-out-of-range, …
    message: str
    severity: Literal["error", "warning", "info"] = "warning"


@dataclass(frozen=True)
class Quantity:
    """One number as written, with its unit and its value in the dimension's base unit.

    ``dimension`` is a key of the vocabulary's ``units`` (money, percent, count, duration, months,
    workdays, area, length, mass, volume), or ``None`` for a number written without a known unit.
    """

    value: Decimal  # as written (sign included), before magnitude and unit
    unit: str  # as written ("" for none); a magnitude before it is part of it (万人次)
    dimension: str | None
    base: Fraction  # in the dimension's base unit (万元, %, 天, 平方米 …); a bare number as is
    factor: Fraction = Fraction(1)  # base = value × factor (the unit's factor, its magnitude included)
    approx: bool = False
    start: int = 0
    end: int = 0
    before: str | None = None  # the direction word before the number
    after: str | None = None  # the direction word after the number and unit
    text: str = ""

    @property
    def bare(self) -> bool:
        return self.dimension is None

    def in_base(self, vocabulary: Vocabulary) -> str:
        """The value in the base unit, for explanations: ``88 万元``."""
        unit = vocabulary.base_unit(self.dimension) if self.dimension else self.unit
        return f"{_plain(self.base)}{unit}"


@dataclass(frozen=True)
class ParsedValue:
    """What one target or actual text says."""

    text: str
    form: Form
    direction: Direction | None = None
    direction_word: str | None = None
    quantities: tuple[Quantity, ...] = ()
    low: Quantity | None = None  # a band's bounds (±N: −N and N)
    high: Quantity | None = None
    symmetric: bool = False  # ±N around zero: |value| is compared
    date: DateSpan | None = None  # a deadline (target) or the date done (actual)
    lenient_date: DateSpan | None = None  # 12月前: by the end of December, read leniently
    status: Literal["met", "missed"] | None = None  # 按期完成 / 逾期
    notes: tuple[Note, ...] = field(default_factory=tuple)

    @property
    def quantity(self) -> Quantity | None:
        return self.quantities[0] if self.quantities else None

    def understood(self, vocabulary: Vocabulary | None = None) -> str:
        """What was understood, in Chinese: ``≤ 90万元``, ``区间 90%–110%``, ``截止 12月31日``."""
        vocabulary = vocabulary or default_vocabulary()
        if self.form == "band" and self.low and self.high:
            if self.symmetric:
                return f"绝对值 ≤ {_plain(self.high.base)}{_unit_of(self.high, vocabulary)}"
            return f"区间 {_plain(self.low.base)}–{_plain(self.high.base)}{_unit_of(self.high, vocabulary)}"
        if self.form == "number" and self.quantity:
            sign = {">=": "≥ ", "<=": "≤ ", "=": "= "}.get(self.direction or "", "")
            return f"{sign}{self.quantity.in_base(vocabulary)}"
        if self.form == "deadline" and self.date:
            year = f"{self.date.year}年" if self.date.year else ("次年" if self.date.next_year else "")
            return f"{year}{self.date.last[0]}月{self.date.last[1]}日"
        if self.form == "status":
            return "按期完成" if self.status == "met" else "逾期"
        return "无可比较的数字"


def _plain(value: Fraction) -> str:
    """A Fraction as a short decimal (exact when an integer, else rounded half-up to 6 places), in
    integer arithmetic: a 40-digit value is no problem for a 28-digit Decimal context."""
    if value.denominator == 1:
        return str(value.numerator)
    text = format(round_fraction_half_up(value, 6), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _unit_of(quantity: Quantity, vocabulary: Vocabulary) -> str:
    return vocabulary.base_unit(quantity.dimension) if quantity.dimension else quantity.unit


def _normalise(text: str) -> str:
    return normalise_digits(text).replace(" ", "").replace("\u3000", "").replace("\t", "")


@lru_cache(maxsize=64)
def _starting(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True) if w))


@lru_cache(maxsize=64)
def _ending(words: tuple[str, ...]) -> tuple[re.Pattern[str], int]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True) if w)
    return re.compile(f"(?:{alternatives})\\Z"), max(map(len, words))


def _ending_at(text: str, position: int, words: tuple[str, ...]) -> str | None:
    """The longest of ``words`` that ends at ``position``."""
    if not any(words):
        return None
    pattern, longest = _ending(words)
    found = pattern.search(text, max(0, position - longest), position)
    return found.group() if found else None


def _starting_at(text: str, position: int, words: tuple[str, ...]) -> str | None:
    """The longest of ``words`` that starts at ``position``."""
    if not any(words):
        return None
    found = _starting(words).match(text, position)
    return found.group() if found else None


def _number_value(token: str) -> Decimal | None:
    if _CN_NUMERAL.fullmatch(token):
        return parse_chinese_number(token)
    return Decimal(token.replace(",", ""))


def _unit_at(text: str, position: int, vocabulary: Vocabulary) -> tuple[str, str | None, Fraction, int]:
    """(unit as written, dimension, factor, end) of the unit starting at ``position``."""
    unit = _starting_at(text, position, vocabulary.units_longest_first)
    if unit:
        dimension, factor = vocabulary.unit_table[unit]
        return unit, dimension, factor, position + len(unit)
    for magnitude, multiplier in vocabulary.magnitudes.items():
        if text.startswith(magnitude, position):
            rest = _starting_at(text, position + len(magnitude), vocabulary.units_longest_first)
            if rest:
                dimension, factor = vocabulary.unit_table[rest]
                return magnitude + rest, dimension, factor * multiplier, position + len(magnitude) + len(rest)
            return magnitude, None, Fraction(multiplier), position + len(magnitude)
    return "", None, Fraction(1), position


def _quantities(
    text: str, dates: list[DateSpan], vocabulary: Vocabulary, notes: list[Note]
) -> list[Quantity]:
    found: list[Quantity] = []
    approx_before = tuple(vocabulary.approximate.before)
    approx_after = tuple(vocabulary.approximate.after)
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        if any(d.start <= start < d.end for d in dates):
            continue
        token = match.group()
        chinese = bool(_CN_NUMERAL.fullmatch(token))
        if not chinese and _EXPONENT.match(text, end):
            notes.append(
                Note("number-out-of-range", f"“{text[start : end + 12]}”：不支持科学计数法", "error")
            )
            return []
        if not chinese and re.fullmatch(r"(?:19|20)\d\d", token) and text.startswith("年", end):
            continue  # a year (2024年), not a number of years
        try:
            value = _number_value(token)
            if value is None:
                continue
            value = bounded(value, token)
        except NumberError as exc:
            notes.append(Note("number-out-of-range", str(exc), "error"))
            continue
        position = end
        approx = False
        word = _starting_at(text, position, approx_after)
        if word and word != "左右":
            approx, position = True, position + len(word)
        unit, dimension, factor, position = _unit_at(text, position, vocabulary)
        if chinese and (not unit or unit in vocabulary.magnitudes):
            continue  # 一般, 三季度: a Chinese numeral counts only with a unit after it
        word = _starting_at(text, position, approx_after)
        if word:
            approx, position = True, position + len(word)
        inclusive = _starting_at(text, position, _INCLUSIVE)
        after = _starting_at(text, position, vocabulary.after_longest_first)
        sign_at = start
        if start > 0 and text[start - 1] in "-+" and not (found and found[-1].end == start - 1):
            sign_at = start - 1
            if text[sign_at] == "-":
                value = -value
        before_approx = _ending_at(text, sign_at, approx_before)
        before_at = sign_at - len(before_approx) if before_approx else sign_at
        before = _ending_at(text, before_at, vocabulary.before_longest_first)
        if chinese and not (start == 0 or before or not text[start - 1].isalnum()):
            continue  # 第一次: a numeral inside a word
        if chinese and not after and position < len(text) and text[position].isalnum():
            continue  # 一次性: a numeral and a unit inside a word
        end_at = position + (len(inclusive) if inclusive else 0) + (len(after) if after else 0)
        if inclusive and not after:
            after = _starting_at(text, position + len(inclusive), vocabulary.after_longest_first)
            end_at += len(after) if after else 0
        found.append(
            Quantity(
                value=value,
                unit=unit,
                dimension=dimension,
                base=Fraction(value) * factor,
                factor=factor,
                approx=approx or bool(before_approx),
                start=before_at - (len(before) if before else 0),
                end=end_at if after else position,
                before=before,
                after=after,
                text=text[start:position],
            )
        )
    return found


def _band(
    text: str, quantities: list[Quantity], vocabulary: Vocabulary
) -> tuple[Quantity, Quantity, bool] | None:
    """The first band: N–M (a separator between two numbers), N±M, or ±N."""
    plus_minus = tuple(vocabulary.plus_minus)
    for i, quantity in enumerate(quantities):
        number_start = quantity.start + (len(quantity.before) if quantity.before else 0)
        sign = _ending_at(text, number_start, plus_minus)
        if sign:
            centre = (
                quantities[i - 1] if i > 0 and quantities[i - 1].end == number_start - len(sign) else None
            )
            spread = abs(quantity.base)
            if centre is not None:
                low = replace(centre, base=centre.base - spread * (centre.factor if quantity.bare else 1))
                high = replace(centre, base=centre.base + spread * (centre.factor if quantity.bare else 1))
                return low, high, False
            return replace(quantity, base=-spread), replace(quantity, base=spread), True
        if i + 1 < len(quantities):
            following = quantities[i + 1]
            between = text[quantity.end : following.start]
            if between in vocabulary.band_separators or (between == "" and following.value < 0):
                low, high = quantity, following
                if between == "":
                    high = replace(following, value=-following.value, base=-following.base)
                if low.bare and not high.bare:
                    low = replace(
                        low,
                        unit=high.unit,
                        dimension=high.dimension,
                        factor=high.factor,
                        base=low.base * high.factor,
                    )
                if low.base > high.base:
                    low, high = high, low
                return low, high, False
    return None


def _direction(
    quantity: Quantity, vocabulary: Vocabulary, notes: list[Note]
) -> tuple[Direction | None, str | None]:
    before = vocabulary.directions.before.get(quantity.before) if quantity.before else None
    after = vocabulary.directions.after.get(quantity.after) if quantity.after else None
    if before and after and before != after:
        notes.append(
            Note(
                "direction-conflict",
                f"“{quantity.before}”与“{quantity.after}”方向相反，无法判断指标方向",
                "warning",
            )
        )
        return None, None
    if after:
        return after, quantity.after
    if before:
        return before, quantity.before
    return None, None


def _status(text: str, vocabulary: Vocabulary) -> Literal["met", "missed"] | None:
    words = vocabulary.deadlines
    for word in sorted(words.missed + words.met, key=len, reverse=True):
        if word and word in text:
            return "missed" if word in words.missed else "met"
    return None


def _deadline(
    text: str, dates: list[DateSpan], vocabulary: Vocabulary
) -> tuple[DateSpan, DateSpan | None, str | None]:
    """The deadline of a target (its last date), the lenient reading of ``N月前``, and its marker word."""
    date = dates[-1]
    marker = _starting_at(text, date.end, vocabulary.after_longest_first)
    lenient = None
    bare_month = re.fullmatch(r"(?:(?:19|20)\d\d年)?(?:次年|下年|明年)?\d{1,2}月份?", date.text)
    if marker and marker in ("前", "之前", "以前") and bare_month and date.first[0] > 1:
        # 12月前: before December (by 30 November), or by December? Read strictly, accept leniently
        lenient = date
        month = date.first[0] - 1
        date = replace(date, first=(month, 1), last=(month, last_day(date.year, month)))
    return date, lenient, marker


def parse_value(text: str | None, vocabulary: Vocabulary | None = None) -> ParsedValue:
    """What ``text`` says (see the module's docstring); never raises on any text."""
    vocabulary = vocabulary or default_vocabulary()
    if text is None or not str(text).strip():
        return ParsedValue(text=text or "", form="empty")
    written = str(text)
    memo = vocabulary.memo
    known = memo.get(written)
    if isinstance(known, ParsedValue):
        return known
    if len(memo) >= _MEMO_SIZE:
        memo.clear()
    parsed = _parse(written, vocabulary)
    memo[written] = parsed
    return parsed


_MEMO_SIZE = 10_000


def _parse(written: str, vocabulary: Vocabulary) -> ParsedValue:
    norm = _normalise(written[:_MAX_TEXT])
    notes: list[Note] = []
    dates = find_dates(norm, vocabulary)
    quantities = _quantities(norm, dates, vocabulary, notes)
    band = _band(norm, quantities, vocabulary)
    if band is not None:
        low, high, symmetric = band
        return ParsedValue(
            written, "band", None, None, tuple(quantities), low, high, symmetric, notes=tuple(notes)
        )
    if quantities:
        first = quantities[0]
        direction, word = _direction(first, vocabulary, notes)
        return ParsedValue(written, "number", direction, word, tuple(quantities), notes=tuple(notes))
    if dates:
        date, lenient, marker = _deadline(norm, dates, vocabulary)
        return ParsedValue(
            written,
            "deadline",
            "<=",
            marker,
            date=date,
            lenient_date=lenient,
            status=_status(norm, vocabulary),
            notes=tuple(notes),
        )
    status = _status(norm, vocabulary)
    if status is not None:
        return ParsedValue(written, "status", status=status, notes=tuple(notes))
    return ParsedValue(written, "words", notes=tuple(notes))
