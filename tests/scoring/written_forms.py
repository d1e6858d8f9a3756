"""Hypothesis strategies: indicators as real tables write them, each with the Spec it means.

A Spec (what the indicator means: direction, target, actual, band, deadline, weight) is drawn first, then
written out in one of the forms tables use — the direction as a symbol or a word before or after the
number, the target and the actual in different units of one dimension (880000元 against ≤90万元), an
actual without a unit, bands, ±N, deadlines as dates. The oracle scores the Spec; jixiao reads the text.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import strategies as st

from .oracle import Spec

# dimension → written units with their factor to the base unit (the oracle's own table, from the
# units' definitions: 1 元 = 0.0001 万元, 1 小时 = 1/24 天 …)
UNITS: dict[str, dict[str, Fraction]] = {
    "money": {
        "万元": Fraction(1),
        "元": Fraction(1, 10_000),
        "千元": Fraction(1, 10),
        "亿元": Fraction(10_000),
    },
    "percent": {"%": Fraction(1)},
    "count": {
        "个": Fraction(1),
        "项": Fraction(1),
        "次": Fraction(1),
        "人次": Fraction(1),
        "户": Fraction(1),
    },
    "duration": {"天": Fraction(1), "小时": Fraction(1, 24), "周": Fraction(7)},
    "length": {"米": Fraction(1), "公里": Fraction(1000)},
    "area": {"平方米": Fraction(1), "公顷": Fraction(10_000)},
    "workdays": {"个工作日": Fraction(1)},
}

AT_LEAST_BEFORE = ["≥", ">=", "不低于", "不少于", "至少", "达到", "大于等于", "不小于"]
AT_LEAST_AFTER = ["以上", "及以上"]
AT_MOST_BEFORE = ["≤", "<=", "不高于", "不超过", "至多", "小于等于", "不大于"]
AT_MOST_AFTER = ["以下", "以内", "及以下"]
EQUAL_BEFORE = ["=", "等于"]


def decimal_text(value: Fraction) -> str:
    """A terminating fraction written as people write it (no exponent, no trailing zeros)."""
    text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _amount(lowest: int, highest: int) -> st.SearchStrategy[Fraction]:
    """A value with up to two decimals."""
    return st.integers(lowest * 100, highest * 100).map(lambda n: Fraction(n, 100))


weights = st.sampled_from(["10", "5", "4.5", "3", "20", "2.5", "15", "8", "30", "1"]).map(Fraction)


def _written(value: Fraction, dimension: str, unit: str) -> str:
    return decimal_text(value / UNITS[dimension][unit]) + unit


@st.composite
def number_forms(
    draw: st.DrawFn, *, direction: str | None = None, meet: bool | None = None
) -> tuple[Spec, str, str]:
    """≥ / ≤ / = indicators with a target and an actual, each in a unit of the same dimension."""
    dimension = draw(st.sampled_from(sorted(UNITS)))
    chosen = direction or draw(st.sampled_from([">=", "<=", "="]))
    target = draw(_amount(0, 2000))
    if dimension == "percent" and chosen != "=":
        target = draw(st.one_of(_amount(0, 200), _amount(-50, 0)))
    actual = draw(st.one_of(_amount(0, 4000), _amount(-100, 0) if dimension == "percent" else _amount(0, 10)))
    if meet is True:  # ≥ and = (as 正向) are met from the target up, ≤ from the target down
        step = draw(_amount(0, 50))
        actual = target + step if chosen in (">=", "=") else target - step
        if chosen == "<=" and target >= 0:
            actual = max(actual, Fraction(0))
    if chosen == "=" and target == 0:
        target = Fraction(0)
    units = UNITS[dimension]
    target_unit = draw(st.sampled_from(sorted(units)))
    actual_unit = draw(st.sampled_from(sorted(units)))
    number = _written(target, dimension, target_unit)
    if chosen == ">=":
        style = draw(st.sampled_from(["before", "after", "none"] if target != 0 else ["before", "after"]))
        words = AT_LEAST_BEFORE if style == "before" else AT_LEAST_AFTER
    elif chosen == "<=":
        style = draw(st.sampled_from(["before", "after", "control"]))
        words = AT_MOST_BEFORE if style == "before" else AT_MOST_AFTER
    else:
        style, words = "before", EQUAL_BEFORE
    word = draw(st.sampled_from(words))
    target_text = {
        "before": f"{word}{number}",
        "after": f"{number}{word}",
        "none": number,
        "control": f"控制在{number}以内",
    }[style]
    bare = dimension not in ("percent",) or actual > 1
    if draw(st.booleans()) and bare:
        actual_text = decimal_text(actual / units[target_unit])  # a number without its unit: the target's
    else:
        actual_text = _written(actual, dimension, actual_unit)
    spec = Spec("number", chosen, target=target, actual=actual, weight=draw(weights))
    return spec, target_text, actual_text


@st.composite
def band_forms(draw: st.DrawFn) -> tuple[Spec, str, str]:
    """N–M bands and ±N."""
    unit = draw(st.sampled_from(["%", "个", "天", "万元"]))
    if draw(st.booleans()):
        spread = draw(_amount(1, 50))
        actual = draw(_amount(-100, 100))
        spec = Spec("symmetric", low=-spread, high=spread, actual=actual, weight=draw(weights))
        return spec, f"±{decimal_text(spread)}{unit}", f"{decimal_text(actual)}{unit}"
    low = draw(_amount(1, 500))
    high = low + draw(_amount(1, 500))
    actual = draw(_amount(0, 2000))
    separator = draw(st.sampled_from(["-", "~", "～", "至", "–"]))
    first_unit = draw(st.sampled_from(["", unit]))
    text = f"{decimal_text(low)}{first_unit}{separator}{decimal_text(high)}{unit}"
    spec = Spec("band", low=low, high=high, actual=actual, weight=draw(weights))
    return spec, text, f"{decimal_text(actual)}{unit}"


_DAYS = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


@st.composite
def deadline_forms(draw: st.DrawFn) -> tuple[Spec, str, str]:
    """Deadlines (N月底前, N月D日前, 年底前) against the day the work was done."""
    month = draw(st.integers(1, 12))
    style = draw(st.sampled_from(["month-end", "day", "year-end"]))
    if style == "year-end":
        deadline, text = (12, 31), draw(st.sampled_from(["年底前完成", "年底前", "年内完成"]))
    elif style == "month-end":
        deadline, text = (
            (month, _DAYS[month]),
            f"{month}月底前" + draw(st.sampled_from(["", "完成", "完成验收"])),
        )
    else:
        day = draw(st.integers(1, _DAYS[month]))
        deadline, text = (month, day), f"{month}月{day}日" + draw(st.sampled_from(["前", "之前", "以前"]))
    done_month = draw(st.integers(1, 12))
    done = (done_month, draw(st.integers(1, _DAYS[done_month])))
    actual = f"{done[0]}月{done[1]}日" + draw(st.sampled_from(["", "完成", "完成验收"]))
    return Spec("deadline", deadline=deadline, done=done, weight=draw(weights)), text, actual


all_forms = st.one_of(number_forms(), band_forms(), deadline_forms())
