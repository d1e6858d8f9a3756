"""values: the value parser reads targets and actuals as real tables write them; what it cannot read is
a note, never a silent default."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from jixiao.values import parse_value, read_indicator

F = Fraction


@pytest.mark.parametrize(
    ("text", "direction", "value", "unit", "dimension"),
    [
        ("≥90%", ">=", "90", "%", "percent"),
        ("≥ 90 %", ">=", "90", "%", "percent"),
        ("＞＝９０％", ">=", "90", "%", "percent"),
        ("5%以下", "<=", "5", "%", "percent"),
        ("90%以上", ">=", "90", "%", "percent"),
        ("不低于90%", ">=", "90", "%", "percent"),
        ("不高于5%", "<=", "5", "%", "percent"),
        ("不超过90万元", "<=", "90", "万元", "money"),
        ("控制在5%以内", "<=", "5", "%", "percent"),
        ("至少3次", ">=", "3", "次", "count"),
        ("达到100%", ">=", "100", "%", "percent"),
        ("低于5%", "<=", "5", "%", "percent"),
        ("高于90%", ">=", "90", "%", "percent"),
        ("15个工作日内", "<=", "15", "个工作日", "workdays"),
        ("=0起", "=", "0", "起", "count"),
        ("1,793.46万元", None, "1793.46", "万元", "money"),
        ("25000余份", None, "25000", "份", "count"),
        ("≥1.2万人次", ">=", "1.2", "万人次", "count"),
        ("100百分比", None, "100", "百分比", "percent"),
        ("十五个工作日内", "<=", "15", "个工作日", "workdays"),
        ("≤3个月", "<=", "3", "个月", "months"),
        ("≥-5%", ">=", "-5", "%", "percent"),
        ("90%以上（含）", ">=", "90", "%", "percent"),
    ],
)
def test_number_direction_and_unit(
    text: str, direction: str | None, value: str, unit: str, dimension: str
) -> None:
    parsed = parse_value(text)
    assert parsed.form == "number"
    assert parsed.direction == direction
    assert parsed.quantity is not None
    assert parsed.quantity.value == Decimal(value)
    assert parsed.quantity.unit == unit
    assert parsed.quantity.dimension == dimension
    assert parsed.notes == ()


@pytest.mark.parametrize(
    ("text", "base"),
    [
        ("880000元", F(88)),
        ("1.2亿元", F(12000)),
        ("5千元", F(1, 2)),
        ("1.2万人次", F(12000)),
        ("2公里", F(2000)),
        ("48小时", F(2)),
        ("1平方公里", F(1_000_000)),
        ("3亩", F(2000)),
        ("5‰", F(1, 2)),
    ],
)
def test_units_convert_to_the_dimension_base(text: str, base: Fraction) -> None:
    quantity = parse_value(text).quantity
    assert quantity is not None
    assert quantity.base == base


@pytest.mark.parametrize(
    ("text", "low", "high", "symmetric"),
    [
        ("90%-110%", 90, 110, False),
        ("90-110%", 90, 110, False),
        ("5~8个", 5, 8, False),
        ("5至8天", 5, 8, False),
        ("±5%", -5, 5, True),
        ("100%±5%", 95, 105, False),
    ],
)
def test_bands(text: str, low: int, high: int, symmetric: bool) -> None:
    parsed = parse_value(text)
    assert parsed.form == "band"
    assert parsed.low is not None
    assert parsed.high is not None
    assert (parsed.low.base, parsed.high.base, parsed.symmetric) == (low, high, symmetric)


@pytest.mark.parametrize(
    ("text", "last"),
    [
        ("12月底前完成", (12, 31)),
        ("2024年11月30日前", (11, 30)),
        ("年底前完成验收", (12, 31)),
        ("6月中旬前", (6, 20)),
        ("上半年完成", (6, 30)),
        ("三季度末", (9, 30)),
        ("2024.6.15前", (6, 15)),
        ("12月前", (11, 30)),
    ],
)
def test_deadlines(text: str, last: tuple[int, int]) -> None:
    parsed = parse_value(text)
    assert parsed.form == "deadline"
    assert parsed.date is not None
    assert parsed.date.last == last


@pytest.mark.parametrize("text", ["按质按量完成", "明显提升", "一次性补助到位", "第一次", "", None, "   "])
def test_words_are_not_numbers(text: str | None) -> None:
    assert parse_value(text).form in ("words", "empty")


def test_a_year_is_not_a_number_of_years() -> None:
    parsed = parse_value("2024年完成50户改造")
    assert parsed.quantity is not None
    assert (parsed.quantity.value, parsed.quantity.unit) == (50, "户")


def test_exponent_form_is_a_note_not_a_number() -> None:
    parsed = parse_value("≥1.0e+999999")
    assert parsed.form == "words"
    assert [n.code for n in parsed.notes] == ["number-out-of-range"]


def test_contradicting_directions_are_a_note() -> None:
    parsed = parse_value("不低于5%以下")
    assert parsed.direction is None
    assert [n.code for n in parsed.notes] == ["direction-conflict"]


# --- target and actual together ----------------------------------------------------------------------


def test_units_convert_between_target_and_actual() -> None:
    reading = read_indicator("≤90万元", "880000元")
    assert (reading.direction, reading.target, reading.actual) == ("<=", 90, 88)


def test_a_bare_actual_takes_the_targets_unit() -> None:
    reading = read_indicator("15个工作日内", "12")
    assert (reading.direction, reading.target, reading.actual, reading.unit) == ("<=", 15, 12, "工作日")


@pytest.mark.parametrize(
    ("target", "actual", "read_as"),
    [("≤2%", "0.8", F(4, 5)), ("≥95%", "0.96", F(96)), ("≤1%", "0.5", F(1, 2)), ("≥100%", "1", F(100))],
)
def test_a_percent_without_its_sign_is_read_as_the_target_suggests_and_said(
    target: str, actual: str, read_as: Fraction
) -> None:
    reading = read_indicator(target, actual)
    assert reading.actual == read_as
    assert [n.code for n in reading.notes] == ["percent-without-sign"]


def test_the_actual_number_of_the_targets_unit_is_chosen() -> None:
    reading = read_indicator("≥1500人次", "接待716批1550余人次")
    assert reading.actual == 1550
    assert reading.notes == ()


def test_dimensions_that_do_not_compare_are_said() -> None:
    reading = read_indicator("≥50人次", "30万元")
    assert not reading.comparable
    assert reading.why_not is not None
    assert "单位不可比" in reading.why_not


@pytest.mark.parametrize(
    ("target", "actual", "verdict"),
    [
        ("12月底前完成", "11月完成", "met"),
        ("12月底前完成", "次年1月完成", "missed"),
        ("年底前", "按期完成", "met"),
        ("2024年11月30日前", "2024年12月5日", "missed"),
        ("11月底前", "逾期完成", "missed"),
        ("6月30日前", "6月30日", "met"),
    ],
)
def test_deadlines_compare_as_dates(target: str, actual: str, verdict: str) -> None:
    reading = read_indicator(target, actual, year=2024)
    assert reading.form == "deadline"
    assert reading.deadline == verdict


def test_a_month_across_the_deadline_is_read_as_met_and_said() -> None:
    reading = read_indicator("12月15日前", "12月完成")
    assert reading.deadline == "met"
    assert [n.code for n in reading.notes] == ["deadline-ambiguous"]


def test_no_direction_is_an_assumption_in_the_explanation() -> None:
    reading = read_indicator("100%", "98%")
    assert reading.direction == ">="
    assert reading.assumed == ("未写方向，按“达到”（≥）理解",)
    zero = read_indicator("0起", "1起")
    assert zero.direction == "="


def test_an_explicit_direction_is_used_when_the_text_is_silent() -> None:
    assert read_indicator("2%", "1%", direction="<=").direction == "<="
    assert read_indicator("2%以下", "1%", direction=">=").direction == "<="  # the text says more


def test_huge_values_are_explained_exactly_not_crashed() -> None:
    """Found by fuzzing: a 30-digit value in 亩 (a factor of 2000/3) made the explanation's Decimal raise."""
    reading = read_indicator("≥1234567890123456789012345678.5亩", "3亩")
    assert reading.target_text == "≥ 823045260082304526008230452333.333333平方米"
    assert reading.actual_text == "2000平方米"


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("90%-110%", "quantitative"),
        ("12月底前完成", "quantitative"),
        ("按质按量完成", "qualitative"),
        ("≥90%", "quantitative"),
    ],
)
def test_an_extracted_band_or_deadline_is_scored_by_the_rules(target: str, kind: str) -> None:
    from jixiao.extract.indicator_lines import typed
    from jixiao.model import Indicator

    assert typed(Indicator(name="指标", target=target, actual="95%")).kind == kind
