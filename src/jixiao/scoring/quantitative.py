"""Quantitative indicators scored exactly as the rules say (财预〔2020〕10号 as the finance system computes).

Target and actual are read by the value parser (:func:`jixiao.values.read_indicator`, with the rule
set's vocabulary) and scored on exact fractions: the proportion is multiplied before it is divided
(B × w ÷ A), rounded once half-up to the rule set's decimals, and kept within [0, w] in every branch.
What the rules cannot score (a target of 0 or below under ≥, units that do not compare, a deadline
missed) is said in a note, and the declared score stands.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from jixiao.model import Indicator
from jixiao.numbers import round_fraction_half_up
from jixiao.rules.model import RuleSet
from jixiao.scoring.card import ScoreNote
from jixiao.scoring.methods import _fmt
from jixiao.values import Reading, read_indicator
from jixiao.values.parse import _plain

ZERO = Fraction(0)
_METHODS = {">=": "positive", "<=": "reverse", "=": "equal"}


class Scored(NamedTuple):
    computed: Decimal | None
    formula: str
    inputs: dict[str, str]
    notes: list[ScoreNote]
    method: str  # positive | reverse | equal | band | deadline


def _terminates(value: Fraction) -> bool:
    """Whether the fraction is a finite decimal (its denominator has no prime but 2 and 5)."""
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def _w(weight: Fraction) -> str:
    return _plain(weight)


def _finish(exact: Fraction, weight: Decimal, ruleset: RuleSet) -> Decimal:
    """Round once half-up to the rule set's decimals, then keep within [0, w] (no bonus points).

    Full marks and zero are the weight as written and 0, as the rules state them.
    """
    if exact == Fraction(weight):
        return weight
    rounded = round_fraction_half_up(exact, ruleset.score_decimals)
    if exact <= 0 or rounded < 0:
        return Decimal(0)
    if ruleset.quantitative.cap_at_weight and rounded > weight:
        return weight
    return rounded


def _proportional(a: Fraction, b: Fraction, w: Fraction, what: str) -> tuple[Fraction | None, str]:
    """正向: B ≥ A → w; else B × w ÷ A (A > 0); a target of 0 or below cannot be met in proportion."""
    if b >= a:
        return w, f"{what}：B ≥ A，得满分 {_w(w)}"
    if a <= 0:
        return None, f"{what}：指标值 A = {_plain(a)} ≤ 0 而未达到，无法按比例计分（B ÷ A 无意义）"
    return b * w / a, f"{what}：B < A，得分 = B/A × w = {_plain(b)} × {_w(w)} ÷ {_plain(a)}"


def _reverse(
    a: Fraction, b: Fraction, w: Fraction, ruleset: RuleSet, what: str
) -> tuple[Fraction | None, str]:
    """反向: B ≤ A → w; A = 0 → 0; linear to zero at 2A, or the ratio A × w ÷ B."""
    if b <= a:
        return w, f"{what}：B ≤ A，得满分 {_w(w)}"
    if a == 0:
        return ZERO, f"{what}：A = 0 而 B > 0，得 0 分"
    if a < 0:
        return None, f"{what}：指标值 A = {_plain(a)} < 0 而 B 更高，无法按比例计分"
    if ruleset.quantitative.reverse == "ratio":
        return a * w / b, f"{what}（比值法）：得分 = A/B × w = {_plain(a)} × {_w(w)} ÷ {_plain(b)}"
    if b >= 2 * a:
        return ZERO, f"{what}：B ≥ 2A，得 0 分"
    return (2 * a - b) * w / a, (
        f"{what}：得分 = (1 − (B − A)/A) × w = (2 × {_plain(a)} − {_plain(b)}) × {_w(w)} ÷ {_plain(a)}"
    )


def _number(reading: Reading, w: Fraction, ruleset: RuleSet) -> tuple[Fraction | None, str]:
    a, b = reading.target, reading.actual
    assert a is not None
    assert b is not None
    if reading.direction == "=":
        if a == 0:
            full = b <= 0
            return (w if full else ZERO), f"等于型，A = 0：B ≤ 0 得满分，否则 0 分 → {_w(w) if full else '0'}"
        if not ruleset.quantitative.equal_as_positive:
            return (
                w if b == a else ZERO
            ), f"等于型（严格）：B = A 得满分，否则 0 分 → {_w(w) if b == a else '0'}"
        return _proportional(a, b, w, "等于型（按正向）")
    if reading.direction == "<=":
        return _reverse(a, b, w, ruleset, "反向")
    return _proportional(a, b, w, "正向")


def _band(reading: Reading, w: Fraction, ruleset: RuleSet) -> tuple[Fraction | None, str]:
    low, high, b = reading.low, reading.high, reading.actual
    assert low is not None
    assert high is not None
    assert b is not None
    if reading.symmetric:
        size = abs(b)
        if size <= high:
            return w, f"区间型：|B| = {_plain(size)} ≤ {_plain(high)}，得满分 {_w(w)}"
        return _reverse(high, size, w, ruleset, f"区间型（|B| 超出 ±{_plain(high)}，按反向）")
    if low <= b <= high:
        return w, f"区间型：{_plain(low)} ≤ B ≤ {_plain(high)}，得满分 {_w(w)}"
    if b < low:
        return _proportional(low, b, w, f"区间型（低于下限 {_plain(low)}，按正向）")
    return _reverse(high, b, w, ruleset, f"区间型（高于上限 {_plain(high)}，按反向）")


def _inputs(node: Indicator, reading: Reading, w: Fraction) -> dict[str, str]:
    return {
        "年度指标值(A)": node.target or reading.target_text,
        "实际完成值(B)": node.actual or reading.actual_text,
        "分值(w)": _w(w),
    }


def _understood(node: Indicator, reading: Reading) -> str:
    """How A and B were read, when that is not plain from the written texts (units converted, a
    percent without its sign): ``理解为 A ≤ 90万元，B = 88万元。``"""
    if not reading.comparable or reading.form not in ("number", "band"):
        return ""
    bounds = [reading.target] if reading.form == "number" else [reading.low, reading.high]
    numbers = [reading.actual, *bounds]
    written = f"{node.target or ''} {node.actual or ''}".replace(",", "")
    numbers_written = {Fraction(Decimal(n)) for n in re.findall(r"\d+(?:\.\d+)?", written)}
    if all(value is not None and abs(value) in numbers_written for value in numbers):
        return ""
    return f"理解为 A {reading.target_text}，B = {reading.actual_text}。"


def score_quantitative(node: Indicator, weight: Decimal, ruleset: RuleSet, year: int | None = None) -> Scored:
    """The rule score of one quantitative indicator, its formula with the understood values, and notes."""
    reading = read_indicator(
        node.target,
        node.actual,
        ruleset.vocabulary,
        direction=node.direction,
        unit=node.unit,
        target_value=node.target_value if not node.target else None,
        actual_value=node.actual_value if not node.actual else None,
        year=year,
    )
    w = Fraction(weight)
    inputs = _inputs(node, reading, w)
    method = {"band": "band", "deadline": "deadline"}.get(reading.form) or _METHODS.get(
        reading.direction or node.direction or ">=", "positive"
    )
    notes = [ScoreNote(kind="ambiguous", message=n.message) for n in reading.notes if n.severity != "error"]
    notes += [ScoreNote(kind="unscorable", message=n.message) for n in reading.notes if n.severity == "error"]
    assumed = "；".join(reading.assumed)
    prefix = (f"{assumed}。" if assumed else "") + _understood(node, reading)
    if not reading.comparable:
        why = reading.why_not or "无法比较"
        if why != "未填写实际完成值":  # a missing actual is SCO013's (the declared score is unverifiable)
            notes.append(ScoreNote(kind="unscorable", message=why))
        return Scored(None, f"{why}，按申报得分计", inputs, notes, method)
    if reading.form == "deadline":
        if reading.deadline == "met":
            return Scored(
                weight,
                f"时效型：按期完成（截止 {reading.target_text}），得满分 {_w(w)}",
                inputs,
                notes,
                method,
            )
        if ruleset.quantitative.deadline_missed == "zero":
            return Scored(
                Decimal(0), f"时效型：逾期（截止 {reading.target_text}），得 0 分", inputs, notes, method
            )
        message = f"逾期完成（截止 {reading.target_text}），规则不按比例计分"
        notes.append(ScoreNote(kind="unscorable", message=message))
        return Scored(None, f"时效型：{message}，按申报得分计", inputs, notes, method)
    exact, formula = _band(reading, w, ruleset) if reading.form == "band" else _number(reading, w, ruleset)
    if exact is None:
        notes.append(ScoreNote(kind="unscorable", message=formula.split("：", 1)[-1]))
        return Scored(None, f"{prefix}{formula}，按申报得分计", inputs, notes, method)
    result = _finish(exact, weight, ruleset)
    shown = _plain(exact)
    if Fraction(result) != exact:
        clamp = "，限于 [0, w]" if Fraction(result) in (ZERO, w) and exact not in (ZERO, w) else ""
        equals = "=" if _terminates(exact) else "≈"
        rounding = f" {equals} {shown}" if exact.denominator != 1 or clamp else ""
        formula += f"{rounding} → {_fmt(result)}（四舍五入保留 {ruleset.score_decimals} 位{clamp}）"
    elif "得满分" not in formula and "得 0 分" not in formula:
        formula += f" = {_fmt(result)}"
    return Scored(result, prefix + formula, inputs, notes, method)
