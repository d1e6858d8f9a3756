"""A target and an actual read together: one unit, one direction, every assumption said.

``read_indicator(target, actual, …) -> Reading`` is what scoring scores. Units convert within a
dimension (880000元 against ≤90万元 is 88 万元); a number written without a unit takes the other side's;
a bare number against a percent is read as the percent the target's magnitude suggests (0.8 against
≤2% is 0.8 %, 0.96 against ≥95% is 96 %) and the ambiguity is a note; dates compare as dates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from jixiao.values.dates import compare_dates
from jixiao.values.parse import Note, ParsedValue, Quantity, _plain, parse_value
from jixiao.values.vocabulary import Direction, Vocabulary, default_vocabulary

HUNDRED = Fraction(100)


@dataclass(frozen=True)
class Reading:
    """Target and actual in one unit (``target``/``actual`` as exact Fractions), or why they are not.

    ``form``: ``number`` (A against B in ``direction``), ``band`` (``low`` ≤ B ≤ ``high``; ``symmetric``:
    |B| ≤ ``high``), ``deadline`` (``deadline`` met / missed), ``none`` (``why_not`` says why).
    """

    form: Literal["number", "band", "deadline", "none"]
    direction: Direction | None = None
    target: Fraction | None = None
    actual: Fraction | None = None
    low: Fraction | None = None
    high: Fraction | None = None
    symmetric: bool = False
    unit: str = ""
    deadline: Literal["met", "missed"] | None = None
    target_text: str = ""  # what was understood, in Chinese (≤ 90万元)
    actual_text: str = ""
    assumed: tuple[str, ...] = ()  # readings the parser chose where the text was silent (未写方向 …)
    notes: tuple[Note, ...] = field(default_factory=tuple)
    why_not: str | None = None  # set when the pair cannot be compared
    target_parsed: ParsedValue | None = None
    actual_parsed: ParsedValue | None = None

    @property
    def comparable(self) -> bool:
        return self.why_not is None and self.form != "none"


def _quantity_from_value(value: Decimal, unit: str | None, vocabulary: Vocabulary) -> Quantity:
    """A number given as a field (``target_value: 90`` with ``unit: 万元``) as a Quantity."""
    dimension, factor = vocabulary.unit_table.get(unit or "", (None, Fraction(1)))
    return Quantity(value, unit or "", dimension, Fraction(value) * factor, factor, text=str(value))


def _closer(candidates: list[Fraction], reference: Fraction) -> Fraction:
    """The candidate nearest ``reference`` by ratio (0.8 vs 80 against 2: 0.8)."""
    if reference == 0:
        return candidates[0]

    def distance(value: Fraction) -> float:
        if value == 0:
            return math.inf
        return abs(math.log(abs(float(value)) / abs(float(reference))))

    return min(candidates, key=distance)


def _with_unit_of(bare: Quantity, other: Quantity, role: str, notes: list[Note]) -> Quantity:
    """A number written without a unit, in the unit of the other side; a percent read both ways."""
    if other.dimension == "percent" and 0 < abs(bare.value) <= 1:
        as_percent = Fraction(bare.value)
        as_fraction = Fraction(bare.value) * HUNDRED
        chosen = _closer([as_percent, as_fraction], other.base)
        reading, alternative = (
            (as_percent, as_fraction) if chosen == as_percent else (as_fraction, as_percent)
        )
        notes.append(
            Note(
                "percent-without-sign",
                f"{role}“{bare.text}”未写“%”，按 {_plain(reading)}% 理解（也可能是 {_plain(alternative)}%），"
                f"取与对方数值相近的读法",
            )
        )
        return replace(bare, unit="%", dimension="percent", base=chosen, factor=Fraction(1))
    return replace(
        bare, unit=other.unit, dimension=other.dimension, base=bare.base * other.factor, factor=other.factor
    )


def _pick_actual(parsed: ParsedValue, target: Quantity, notes: list[Note]) -> Quantity | None:
    """The actual number to compare: the one of the target's dimension, else a bare one, else none."""
    quantities = list(parsed.quantities)
    if not quantities:
        return None
    same = [q for q in quantities if target.dimension and q.dimension == target.dimension]
    same = [q for q in same if q.unit == target.unit] or same  # 45个 before 716批 against ≥50个
    bare = [q for q in quantities if q.bare]
    pool = same or bare or ([] if target.dimension else quantities)
    if not pool:
        return quantities[0]  # a different dimension: said by the caller as not comparable
    if len(pool) > 1:
        notes.append(
            Note(
                "several-numbers",
                f"实际完成值“{parsed.text}”中有 {len(pool)} 个可比较的数字，取第一个“{pool[0].text}”",
            )
        )
    return pool[0]


def _align(target: Quantity, actual: Quantity, notes: list[Note]) -> tuple[Quantity, Quantity, str | None]:
    """Target and actual in one unit, or the reason they are not comparable."""
    if target.dimension and actual.dimension and target.dimension != actual.dimension:
        return target, actual, (f"单位不可比：指标值单位为“{target.unit}”，实际完成值单位为“{actual.unit}”")
    if actual.bare and not target.bare:
        actual = _with_unit_of(actual, target, "实际完成值", notes)
    elif target.bare and not actual.bare:
        target = _with_unit_of(target, actual, "指标值", notes)
    return target, actual, None


def _deadline_reading(target: ParsedValue, actual: ParsedValue, year: int | None, base: Reading) -> Reading:
    assert target.date is not None
    notes = list(base.notes)
    if actual.date is not None:
        verdict = compare_dates(actual.date, target.date, target.lenient_date, year)
        if verdict == "ambiguous":
            notes.append(
                Note(
                    "deadline-ambiguous",
                    f"实际完成时间“{actual.text}”可能早于也可能晚于截止时间“{target.text}”，按按期完成理解",
                )
            )
            verdict = "met"
        met: Literal["met", "missed"] = "met" if verdict == "met" else "missed"
        return replace(base, form="deadline", direction="<=", deadline=met, notes=tuple(notes))
    if actual.status is not None:
        return replace(base, form="deadline", direction="<=", deadline=actual.status, notes=tuple(notes))
    why = "未填写实际完成值" if actual.form == "empty" else "实际完成值没有日期，无法与截止时间比较"
    return replace(base, form="none", why_not=why, notes=tuple(notes))


def _direction(
    parsed: ParsedValue, explicit: Direction | None, target: Fraction, assumed: list[str]
) -> Direction | None:
    if parsed.direction:
        return parsed.direction
    if explicit:
        return explicit
    if target == 0:
        assumed.append("指标值为 0 且未写方向，按“等于 0”理解")
        return "="
    assumed.append("未写方向，按“达到”（≥）理解")
    return ">="


def read_indicator(
    target: str | None,
    actual: str | None,
    vocabulary: Vocabulary | None = None,
    *,
    direction: Direction | None = None,
    unit: str | None = None,
    target_value: Decimal | None = None,
    actual_value: Decimal | None = None,
    year: int | None = None,
) -> Reading:
    """Read a target and an actual together (see the module's docstring).

    ``direction``, ``unit``, ``target_value`` and ``actual_value`` are what a table or a form states
    beside the texts (指标性质, 度量单位, a number column): used where the text is silent.
    """
    vocabulary = vocabulary or default_vocabulary()
    t, a = parse_value(target, vocabulary), parse_value(actual, vocabulary)
    if t.form in ("empty", "words", "status") and target_value is not None:
        t = replace(t, form="number", quantities=(_quantity_from_value(target_value, unit, vocabulary),))
    if a.form == "empty" and actual_value is not None:
        a = replace(a, form="number", quantities=(_quantity_from_value(actual_value, None, vocabulary),))
    notes = [replace(n, message=f"指标值：{n.message}") for n in t.notes]
    notes += [replace(n, message=f"实际完成值：{n.message}") for n in a.notes]
    base = Reading(
        "none",
        target_text=t.understood(vocabulary),
        actual_text=a.understood(vocabulary),
        notes=tuple(notes),
        target_parsed=t,
        actual_parsed=a,
    )
    if t.form == "deadline":
        return _deadline_reading(t, a, year, base)
    if t.form not in ("number", "band"):
        return replace(base, why_not="指标值没有可比较的数字或日期")
    reference = t.high if t.form == "band" else t.quantity
    assert reference is not None
    if reference.bare and unit:
        reference = (
            _quantity_from_value(reference.value, unit, vocabulary)
            if unit in vocabulary.unit_table
            else reference
        )
    if t.form == "number" and len(t.quantities) > 1:
        notes.append(
            Note(
                "several-numbers",
                f"指标值“{t.text}”中有 {len(t.quantities)} 个数字，取第一个“{reference.text}”",
            )
        )
    if a.form == "empty":
        return replace(base, why_not="未填写实际完成值", notes=tuple(notes))
    picked = _pick_actual(a, reference, notes)
    if picked is None:
        return replace(base, why_not="实际完成值没有可比较的数字", notes=tuple(notes))
    reference, picked, why = _align(reference, picked, notes)
    if why:
        return replace(base, why_not=why, notes=tuple(notes))
    unit_text = vocabulary.base_unit(reference.dimension) if reference.dimension else reference.unit
    actual_text = f"{_plain(picked.base)}{unit_text}"
    if t.form == "band":
        assert t.low is not None
        assert t.high is not None
        scale = (
            reference.base / t.high.base
            if t.high.base and t.high.bare and not reference.bare
            else Fraction(1)
        )
        return replace(
            base,
            form="band",
            low=t.low.base * scale,
            high=t.high.base * scale,
            symmetric=t.symmetric,
            actual=picked.base,
            unit=unit_text,
            actual_text=actual_text,
            notes=tuple(notes),
        )
    if t.direction is None and t.notes and any(n.code == "direction-conflict" for n in t.notes):
        return replace(base, why_not="指标值的方向词相互矛盾", notes=tuple(notes))
    assumed: list[str] = []
    chosen = _direction(t, direction, reference.base, assumed)
    sign = {">=": "≥ ", "<=": "≤ ", "=": "= "}[chosen] if chosen else ""
    return replace(
        base,
        form="number",
        direction=chosen,
        target=reference.base,
        actual=picked.base,
        unit=unit_text,
        target_text=f"{sign}{_plain(reference.base)}{unit_text}",
        actual_text=actual_text,
        assumed=tuple(assumed),
        notes=tuple(notes),
    )
