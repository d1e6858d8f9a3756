"""Numbers as Chinese reports write them: amounts, percents, Chinese numerals; rounding and tolerance.

Rounding is 四舍五入 (``ROUND_HALF_UP``) everywhere: Python's ``round()`` rounds half to even and must
not be used on figures. Tolerance follows the digits the author wrote (domain §5.4).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_UP,
    Decimal,
    InvalidOperation,
    localcontext,
)
from fractions import Fraction
from typing import Literal

from jixiao.model import Stated

HUNDRED = Decimal(100)
WAN = Decimal(10_000)
UNIT_TO_WANYUAN = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": WAN, "千元": Decimal("0.1")}

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％－＋＞＜＝−", "0123456789.,%-+><=-")

Rounding = Literal["exact", "rounded", "truncated", "wrong"]


class NumberError(ValueError):
    """Text that should hold a number does not (the message is in Chinese, for the user)."""


# Every number read from a user's text lies within these bounds: 10^30 万元 is beyond any budget, 40
# significant digits beyond any figure; a number outside is a typo or an attack (``1.0e+999999`` overflows
# the arithmetic after it, a million-digit number makes each operation slow), refused where it is read.
MAX_DIGITS = 40
MAX_EXPONENT = 30


def bounded(value: Decimal, text: object = None) -> Decimal:
    """``value`` itself when it is a finite number within the bounds, else :class:`NumberError`."""
    if not value.is_finite():
        raise NumberError(f"“{_short(text if text is not None else value)}”不是有限的数字")
    if value and (abs(value.adjusted()) > MAX_EXPONENT or len(value.as_tuple().digits) > MAX_DIGITS):
        raise NumberError(
            f"数字“{_short(text if text is not None else value)}”超出可处理的范围"
            f"（绝对值 1e-{MAX_EXPONENT} 至 1e{MAX_EXPONENT}，不超过 {MAX_DIGITS} 位有效数字）"
        )
    return value


def _short(text: object) -> str:
    shown = str(text)
    return shown if len(shown) <= 40 else shown[:40] + "…"


def normalise_digits(text: str) -> str:
    """Full-width digits and signs to ASCII."""
    return text.translate(_FULLWIDTH)


def quantum(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-decimals)


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    """四舍五入 to ``decimals`` places."""
    return _quantize(value, decimals, ROUND_HALF_UP)


def round_fraction_half_up(value: Fraction, decimals: int) -> Decimal:
    """An exact fraction 四舍五入 to ``decimals`` places, once (halves away from zero, as ROUND_HALF_UP):
    ``Fraction(121, 200)`` (0.605) → 0.61, where dividing first in floating or 28-digit arithmetic may
    land just below the half."""
    scale = 10**decimals
    scaled = abs(value) * scale
    whole = int(scaled)
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    # from text, exactly: scaleb would round to the context's 28 digits
    result = Decimal(f"{'-' if value < 0 and whole else ''}{whole}E-{decimals}")
    return result if decimals else result.quantize(Decimal(1))


def truncate(value: Decimal, decimals: int) -> Decimal:
    """截尾 to ``decimals`` places (towards zero)."""
    return _quantize(value, decimals, ROUND_DOWN)


def _quantize(value: Decimal, decimals: int, rounding: str) -> Decimal:
    # quantize fails (InvalidOperation) when the result needs more than the context's 28 digits,
    # as a mistyped 10^30 would: give it the digits it needs instead of crashing
    with localcontext() as ctx:
        if value.is_finite():
            ctx.prec = max(ctx.prec, value.adjusted() + decimals + 2)
        return value.quantize(quantum(decimals), rounding=rounding)


def decimals_of(value: Decimal) -> int:
    """Digits after the point as written: ``Decimal("140.60")`` → 2, ``Decimal("25")`` → 0."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def classify_rounding(exact: Decimal, stated: Decimal, decimals: int | None = None) -> Rounding:
    """How ``stated`` (written with ``decimals`` places) relates to the exact value ``exact``.

    ``exact`` and ``rounded`` are both correct; ``truncated`` is a warning (截尾 instead of 四舍五入);
    ``wrong`` is an error.
    """
    d = decimals_of(stated) if decimals is None else decimals
    if exact == stated:
        return "exact"
    if round_half_up(exact, d) == stated:
        return "rounded"
    if truncate(exact, d) == stated:
        return "truncated"
    return "wrong"


def percent_verdict(exact: Decimal, stated: Decimal, decimals: int) -> tuple[Rounding, Decimal]:
    """How a stated percent relates to the computed one: (``exact``/``rounded``/``truncated``/``wrong``,
    the correctly rounded value). The one decision the checks and the report share.

    A stated 100 % (or 0 %) must be exact: "完成预算的100%" over 99.84 % is not a rounding but a claim.
    """
    expected = round_half_up(exact, decimals)
    verdict = classify_rounding(exact, stated, decimals)
    if verdict == "rounded" and stated in (HUNDRED, Decimal(0)):
        verdict = "wrong"
    return verdict, expected


def distinguishing_decimals(exact: Decimal, stated: Decimal, decimals: int, most: int = 4) -> int:
    """The fewest decimals (at least ``decimals``) at which ``exact`` no longer reads as ``stated``:
    99.84 against a stated 100 % needs 2 (``99.84%``), never "应为 100%，实为 100%"."""
    if round_half_up(exact, decimals) != stated:
        return decimals
    for places in range(max(decimals, 2), most + 1):  # as the report prints a computed percent: 99.84%
        if round_half_up(exact, places) != stated:
            return places
    return most


def sum_tolerance(terms: int, decimals: int) -> Decimal:
    """尾差 allowed for a sum of ``terms`` parts each rounded to ``decimals``: n × 0.5 × 10^-d."""
    return Decimal(terms) * Decimal("0.5") * quantum(decimals)


def percent(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """numerator / denominator × 100, exact to 28 digits; ``None`` when the denominator is zero."""
    if denominator == 0:
        return None
    return numerator * HUNDRED / denominator


def reachable_counts(base: int, stated: Decimal, decimals: int | None = None) -> list[int]:
    """Every whole k in [0, base] whose k/base, rounded (or truncated) to the stated decimals, gives
    ``stated`` percent. Empty means no whole count can produce the stated rate (granularity)."""
    d = decimals_of(stated) if decimals is None else decimals
    if base <= 0:
        return []
    # every k/base that rounds or truncates to ``stated`` lies in [stated − q/2, stated + q)
    q = quantum(d)
    low = ((stated - q / 2) * base / HUNDRED).to_integral_value(rounding=ROUND_CEILING)
    high = ((stated + q) * base / HUNDRED).to_integral_value(rounding=ROUND_FLOOR)
    found = []
    for k in range(max(0, int(low)), min(base, int(high)) + 1):
        exact = Decimal(k) * HUNDRED / Decimal(base)
        if classify_rounding(exact, stated, d) != "wrong":
            found.append(k)
    return found


def format_decimal(value: Decimal, decimals: int = 2, thousands: bool = False) -> str:
    """``value`` rounded half-up and written with exactly ``decimals`` places."""
    rounded = round_half_up(value, decimals)
    return f"{rounded:,.{decimals}f}" if thousands else f"{rounded:.{decimals}f}"


def format_amount(value: Decimal, decimals: int = 2) -> str:
    """An amount in 万元 as reports write it: ``303.06``."""
    return format_decimal(value, decimals)


def format_percent(value: Decimal, decimals: int = 2) -> str:
    """``99.84%``; whole percents drop the point only when ``decimals`` is 0."""
    return f"{format_decimal(value, decimals)}%"


def format_score(value: Decimal) -> str:
    """Scores: two decimals, trailing zeros dropped (``9.98``, ``10``, ``8.5``)."""
    text = format_decimal(value, 2)
    return text.rstrip("0").rstrip(".") if "." in text else text


# --- parsing ---------------------------------------------------------------------------------------

_NUMBER_RE = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?|[-+]?\.\d+")


def parse_decimal(text: str | int | Decimal) -> Decimal:
    """A plain number as written (``1,793.46``, ``１２``); keeps the written decimals."""
    if isinstance(text, Decimal):
        return bounded(text)
    if isinstance(text, int):
        return bounded(Decimal(text))
    cleaned = normalise_digits(text).strip().replace(",", "").replace(" ", "")
    try:
        value = Decimal(cleaned) if len(cleaned) <= 2 * MAX_DIGITS else None
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        cn = parse_chinese_number(cleaned)
        if cn is None:
            raise NumberError(f"“{_short(text)}”不是数字")
        return bounded(cn, text)
    return bounded(value, text)


@dataclass(frozen=True)
class Amount:
    """An amount as written, and its value in 万元."""

    value: Decimal  # as written, in ``unit``
    unit: str
    approx: bool = False

    @property
    def wanyuan(self) -> Decimal:
        return to_wanyuan(self.value, self.unit)

    @property
    def decimals(self) -> int:
        return decimals_of(self.value)


def to_wanyuan(value: Decimal, unit: str) -> Decimal:
    """Convert an amount in 元 / 万元 / 亿元 to 万元 exactly (no rounding: 881300.39 元 → 88.130039)."""
    try:
        factor = UNIT_TO_WANYUAN[unit]
    except KeyError:
        raise NumberError(f"未知的金额单位“{unit}”（应为 元、万元 或 亿元）") from None
    result = bounded(value) * factor
    if unit == "万元":
        return result
    # drop the zeros the conversion adds (881300.00 元 → 88.13) but never into exponent form:
    # 1.2 亿元 is 12000 万元, not 1.2E+4
    result = result.normalize()
    return result.quantize(Decimal(1)) if _exponent(result) > 0 else result


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


_AMOUNT_RE = re.compile(
    r"^(?P<num>[-+]?[\d０-９][\d０-９,，]*(?:[.．][\d０-９]+)?|[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟点]+)"
    r"\s*(?P<approx>余|多)?\s*(?P<unit>亿元|万元|千元|元)?$"
)


def parse_amount(text: str, default_unit: str = "万元") -> Amount:
    """``1,793.46万元``, ``881300.39元``, ``1.2亿元``, ``一百四十万元``, ``25000余万元``."""
    cleaned = normalise_digits(text).strip().replace(" ", "")
    match = _AMOUNT_RE.match(cleaned)
    if not match:
        raise NumberError(f"“{text}”不是金额（例：303.06万元）")
    unit = match.group("unit") or default_unit
    number = match.group("num")
    # "一百四十万元" reads as 1400000 元, which is the same 140 万元
    value = parse_decimal(number.replace("，", ","))
    return Amount(value=value, unit=unit, approx=bool(match.group("approx")))


_QUANTITY_RE = re.compile(r"^(?P<num>[-+]?\d[\d,]*(?:\.\d+)?)\s*(?P<approx>余|多)?\s*(?P<unit>[^\d\s]*)$")


def parse_quantity(text: str) -> Stated:
    """A count or measure as written: ``25000余份`` → 25000 份, approximate (a lower bound); ``716批``."""
    cleaned = normalise_digits(text).strip().replace(" ", "")
    match = _QUANTITY_RE.match(cleaned)
    if not match:
        raise NumberError(f"“{text}”不是数量（例：25000余份）")
    value = parse_decimal(match.group("num"))
    return Stated(
        value=value,
        unit=match.group("unit"),
        decimals=decimals_of(value),
        text=text,
        approx=bool(match.group("approx")),
    )


_PERCENT_RE = re.compile(
    r"^(?P<op>≥|≤|>=|<=|=|＝|>|<)?\s*(?P<num>[-+]?\d+(?:\.\d+)?)\s*(?P<unit>%|％|百分比)$"
)


def parse_percent(text: str | int | Decimal) -> Stated:
    """``99.83%``, ``100百分比``, ``99.83`` (taken as percent) → Stated in percent with its decimals."""
    if isinstance(text, int | Decimal):
        value = bounded(Decimal(text), text)
        return Stated(value=value, unit="%", decimals=decimals_of(value), text=str(text))
    cleaned = normalise_digits(text).strip().replace(" ", "")
    match = _PERCENT_RE.match(cleaned)
    if match:
        value = bounded(Decimal(match.group("num")), text)
    else:
        try:
            value = Decimal(cleaned) if len(cleaned) <= 2 * MAX_DIGITS else Decimal("NaN")
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite():
            raise NumberError(f"“{_short(text)}”不是百分数（例：99.83%）")
        value = bounded(value, text)
    return Stated(value=value, unit="%", decimals=decimals_of(value), text=text)


# --- Chinese numerals ------------------------------------------------------------------------------

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_CN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}


def _parse_section(text: str) -> int | None:
    """A section below 万: ``三千零五十``, ``十二``, ``三百五`` (= 350)."""
    if not text:
        return 0
    if all(ch in _CN_DIGITS for ch in text) and len(text) > 1 and "零" not in text[1:]:
        # digit strings such as 二〇二四
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total = 0
    digit: int | None = None
    last_unit = 1
    saw_zero = False
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None and _CN_DIGITS[ch] != 0 and not saw_zero:
                return None  # two digits in a row: not a numeral
            digit = _CN_DIGITS[ch]
            saw_zero = saw_zero or digit == 0
            if digit == 0:
                digit = None
        elif ch in _CN_SMALL_UNITS:
            unit = _CN_SMALL_UNITS[ch]
            if unit >= last_unit and total:
                return None  # 十百: units must fall
            if digit is None and total and not saw_zero:
                return None  # 百十: a bare unit only opens a number (十二) or follows 零 (一千零十)
            total += (1 if digit is None else digit) * unit
            digit = None
            last_unit = unit
            saw_zero = False
        else:
            return None
    if digit is not None:
        # 三百五 → 350 (colloquial omission of the last unit) unless a 零 stood before it
        total += digit * (last_unit // 10 if last_unit > 1 and not saw_zero else 1)
    return total


def parse_chinese_integer(text: str) -> int | None:
    """``一百四十`` → 140, ``两万三千`` → 23000, ``一万五`` → 15000, ``二〇二四`` → 2024; else None."""
    text = text.strip()
    if not text:
        return None
    total = 0
    rest = text
    for unit_char in ("亿", "万"):
        if unit_char in rest:
            head, _, rest = rest.partition(unit_char)
            head_value = parse_chinese_integer(head) if unit_char == "亿" else _parse_section(head)
            if head_value is None:
                return None
            total += (head_value or 1) * _CN_BIG_UNITS[unit_char]
            if rest and len(rest) == 1 and rest in _CN_DIGITS and _CN_DIGITS[rest]:
                return total + _CN_DIGITS[rest] * _CN_BIG_UNITS[unit_char] // 10  # 一万五
    tail = _parse_section(rest)
    if tail is None:
        return None
    return total + tail


def parse_chinese_number(text: str) -> Decimal | None:
    """Chinese numerals with an optional 点 fraction: ``三点一四`` → 3.14; None when not a numeral."""
    text = text.strip()
    if not text or any(
        ch not in _CN_DIGITS and ch not in _CN_SMALL_UNITS and ch not in _CN_BIG_UNITS and ch != "点"
        for ch in text
    ):
        return None
    whole, _, frac = text.partition("点")
    integer = parse_chinese_integer(whole) if whole else 0
    if integer is None:
        return None
    if not frac:
        return Decimal(integer)
    if any(ch not in _CN_DIGITS for ch in frac):
        return None
    return Decimal(f"{integer}.{''.join(str(_CN_DIGITS[ch]) for ch in frac)}")


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (section numbers up to 99)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def first_number(text: str) -> Decimal | None:
    """The first Arabic number in a text (``≥90%`` → 90, ``716批`` → 716), or None.

    :class:`NumberError` when the number is written in exponent form (``1e400``) or is out of bounds.
    """
    normalised = normalise_digits(text)
    match = _NUMBER_RE.search(normalised)
    if match is None:
        return None
    if _EXPONENT_AFTER.match(normalised, match.end()):
        raise NumberError(f"“{_short(text)}”：不支持科学计数法，请写出完整的数字")
    return bounded(Decimal(match.group().replace(",", "")), text)


_EXPONENT_AFTER = re.compile(r"[eE][-+]?\d")
