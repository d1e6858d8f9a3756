"""The test oracle: a deliberately simple scorer written from the rule text alone, in Fractions.

It shares no code with ``jixiao.scoring`` or ``jixiao.values`` (it does not even read text: it scores the
structured indicator the property tests generate and then write out in a table's words). The rules, as
财预〔2020〕10号 and the finance system state them (domain.md §1.3, A = 年度指标值, B = 实际完成值, w = 分值):

- 正向 (≥): B ≥ A → w; B < A → B / A × w.  A target of 0 or below that is not met: no proportion exists.
- 等于 (=): A = 0: B ≤ 0 → w, else 0.  A > 0: as 正向.
- 反向 (≤), linear to zero at 2A: B ≤ A → w; A = 0 → 0; A < B < 2A → (1 − (B − A) / A) × w; B ≥ 2A → 0.
  A negative target exceeded: no proportion exists.
- A band [L, H]: inside → w; below L as 正向 against L; above H as 反向 against H.  ±N: |B| against N as 反向.
- A deadline: met (done on or before it) → w; missed → the rules give no score (the declared one stands).
- Every score is rounded once, half-up, to 2 decimals, and lies in [0, w].
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import floor


@dataclass(frozen=True)
class Spec:
    """A generated indicator: what it means (the oracle scores this), before it is written as text."""

    form: str  # number | band | symmetric | deadline
    direction: str = ">="  # >= | <= | =
    target: Fraction = Fraction(0)
    actual: Fraction = Fraction(0)
    low: Fraction = Fraction(0)
    high: Fraction = Fraction(0)
    weight: Fraction = Fraction(10)
    deadline: tuple[int, int] = (12, 31)  # (month, day)
    done: tuple[int, int] = (12, 31)


def half_up(value: Fraction, places: int = 2) -> Fraction:
    """四舍五入 of a non-negative exact value."""
    scale = 10**places
    return Fraction(floor(value * scale + Fraction(1, 2)), scale)


def _keep(value: Fraction, w: Fraction) -> Fraction:
    return min(max(half_up(max(value, Fraction(0))), Fraction(0)), w)


def _positive(a: Fraction, b: Fraction, w: Fraction) -> Fraction | None:
    if b >= a:
        return w
    if a <= 0:
        return None
    return _keep(b / a * w, w)


def _reverse(a: Fraction, b: Fraction, w: Fraction) -> Fraction | None:
    if b <= a:
        return w
    if a == 0:
        return Fraction(0)
    if a < 0:
        return None
    if b >= 2 * a:
        return Fraction(0)
    return _keep((1 - (b - a) / a) * w, w)


def oracle_score(spec: Spec) -> Fraction | None:
    """The score the rules give, or None where they give none."""
    w = spec.weight
    if spec.form == "deadline":
        return w if spec.done <= spec.deadline else None
    if spec.form == "symmetric":
        return _reverse(spec.high, abs(spec.actual), w)
    if spec.form == "band":
        if spec.low <= spec.actual <= spec.high:
            return w
        if spec.actual < spec.low:
            return _positive(spec.low, spec.actual, w)
        return _reverse(spec.high, spec.actual, w)
    a, b = spec.target, spec.actual
    if spec.direction == "=":
        if a == 0:
            return w if b <= 0 else Fraction(0)
        return _positive(a, b, w)
    if spec.direction == "<=":
        return _reverse(a, b, w)
    return _positive(a, b, w)
