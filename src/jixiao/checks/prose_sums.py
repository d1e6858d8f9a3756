"""A whole stated in prose against the parts listed after its ``其中`` (FIG009).

``项目资金总预算为2455.5万元，其中部门预算项目支出87.5万元，专项预算支出2350万元`` states a sum: the parts
are the amounts after ``其中`` to the end of the sentence, each under a name of its own (shares between
them are skipped). Parts that add up to more than their whole is an error; to less, a warning (a list may
name only the main parts), and nothing when the text says so (主要、等、包括) or the parts are stages of
the money rather than pieces of it (已拨付、已支出、到位…). A breakdown the canonical model read is BUD011's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.checks._facts import half_step, place, wanyuan, written
from jixiao.checks._support import fmt
from jixiao.checks.registry import Context, check
from jixiao.issues import Issue, Severity

if TYPE_CHECKING:
    from jixiao.inputs.facts import Fact

_BEFORE = re.compile(r"^[\u4e00-\u9fff]{0,3}[，,。]?其中[:：]?$")  # a unit or measure word, then 其中
_STAGES = re.compile(
    r"已|拨付|到位|使用|执行|完成|结余|剩余|用于|支付|兑付|发放|节约|比上年|较上年|同比|增|减"
)
_HEDGE = re.compile(r"主要|等|包括|部分|包含|如")
_END = re.compile(r"[。；;]|\n\s*\n")


@dataclass(slots=True)
class Sum:
    whole: Fact
    parts: list[Fact]
    hedged: bool
    units: list[str | None]  # of a count and its parts: 个, 头, 只… as written; empty for amounts
    marker: str = "其中"  # the words that open the list (其中, 分项情况是)


_MEASURE = re.compile(
    r"^\s*(?P<u>人次|公里|平方米|立方米|公斤|千克|[个人项件次户家所批份名台辆套场头只匹口株棵亩吨斤米座处间张本册盏块])"
)


def _measure(text: str, fact: Fact) -> str | None:
    """A count's measure word: the fact's count unit, or the word written right after a plain number."""
    if fact.kind == "count":
        return fact.unit
    if fact.kind != "number" or fact.unit:
        return None
    found = _MEASURE.match(text[fact.end : fact.end + 4])
    return found.group("u") if found else None


def _percent(fact: Fact) -> bool:
    return fact.kind == "rate" and fact.unit == "%"


def prose_sums(ctx: Context) -> Iterator[Sum]:
    document = ctx.document
    assert document is not None
    text = document.text
    facts = sorted((f for f in ctx.facts if f.table is None), key=lambda f: f.start)
    measures = {id(f): _measure(text, f) for f in facts}
    for i, whole in enumerate(facts[:-1]):
        kind = "amount" if wanyuan(whole) is not None else "count" if measures[id(whole)] else None
        if kind is None:
            continue
        at = text.find("其中", whole.end, whole.end + 8)
        if at < 0 or not _BEFORE.match(re.sub(r"\s+", "", text[whole.end : at + 2])):
            continue
        end_match = _END.search(text, at)
        end = end_match.start() if end_match else len(text)
        parts: list[Fact] = []
        complete = True
        for fact in facts[i + 1 :]:
            if fact.start >= end:
                break
            if _percent(fact):
                continue
            if (wanyuan(fact) is None) if kind == "amount" else not measures[id(fact)]:
                complete = False
                break
            label = re.sub(r"\s+", "", fact.labels[-1]) if fact.labels else ""
            if not label or "其中" in label[2:] or _STAGES.search(label) or re.search(r"\d", label):
                # another figure or a year inside the clause: the sentence ran on without its 。
                complete = False
                break
            parts.append(fact)
        if len(parts) < 2 or not complete:
            continue
        hedged = bool(_HEDGE.search(text[at:end])) or end_match is None
        units = [measures[id(f)] for f in (whole, *parts)] if kind == "count" else []
        yield Sum(whole, parts, hedged, units)


# ``决算总额2771万元，比上年下降1.8%。分项情况是：A决算120万元，…；B决算1033万元，…；C决算1618万元…。``
_ITEMISED = re.compile(r"(?:分项情况|分项|具体情况)(?:是|为|如下)?[:：]")
_CLAUSE = re.compile(r"[；;]")
_PERIOD = re.compile(r"。|\n\s*\n")
_CHANGED = re.compile(r"比上年|较上年|与上年|同比|上年|增长|下降|增加|减少|占")


def itemised_sums(ctx: Context) -> Iterator[Sum]:
    """``W…。分项情况是：A…；B…；C…。``: the whole is the first amount of the sentence right before the
    marker, each part the first amount of one clause (its change against last year beside it left out);
    the list ends at 。, at a clause holding no amount, or before a nested 其中 (the parts of a part)."""
    document = ctx.document
    assert document is not None
    text = document.text
    facts = sorted((f for f in ctx.facts if f.table is None), key=lambda f: f.start)
    for marker in _ITEMISED.finditer(text):
        head = text[: marker.start()].rstrip()
        if not head or head[-1] not in "。，,":
            continue
        sentence_start = max(head.rfind(mark, 0, len(head) - 1) for mark in "。；;\n") + 1
        wholes = [f for f in facts if sentence_start <= f.start < len(head) and wanyuan(f) is not None]
        if not wholes:
            continue
        end_match = _PERIOD.search(text, marker.end())
        end = end_match.start() if end_match else len(text)
        parts: list[Fact] = []
        cursor = marker.end()
        for clause_end in [m.start() for m in _CLAUSE.finditer(text, cursor, end)] + [end]:
            nested = text.find("其中", cursor, clause_end)
            stop = nested if nested >= 0 else clause_end  # a part's own parts follow its 其中
            amounts = [f for f in facts if cursor <= f.start < stop and wanyuan(f) is not None]
            first = amounts[0] if amounts else None
            label = re.sub(r"\s+", "", first.labels[-1]) if first is not None and first.labels else ""
            if first is None or not label or _CHANGED.search(label):
                break
            parts.append(first)
            cursor = clause_end + 1
            if nested >= 0:
                break
        if len(parts) >= 2:
            hedged = bool(_HEDGE.search(marker.group()))
            yield Sum(wholes[0], parts, hedged, units=[], marker=marker.group().rstrip(":："))


def _read_by_model(ctx: Context) -> set[int]:
    """Offsets of the wholes of the breakdowns the canonical model read (BUD011 checks them)."""
    return {
        span.start
        for path, span in ctx.evaluation.spans.items()
        if path.startswith("breakdowns[") and span.start is not None
    }


@check("FIG009", name="figures.prose-parts-sum-to-whole", group="figures", also=("FIG010",))
def prose_parts_sum_to_whole(ctx: Context) -> Iterator[Issue]:
    """正文“X万元（个），其中A，B”：各分项之和不超过总数；少于总数且未写“主要”“等”时提示.

    FIG010: the whole equals the parts' numbers added as written, though their units differ (元 + 万元,
    头 + 只) — amounts of different units added as if one.

    Wrong::

        项目资金总预算为 1280.5 万元，其中部门预算项目支出 65.5 万元，专项预算支出 1200 万元。

    Right::

        项目资金总预算为 1265.5 万元，其中部门预算项目支出 65.5 万元，专项预算支出 1200 万元。
    """
    if ctx.document is None:
        return
    known = _read_by_model(ctx)
    for found in [*prose_sums(ctx), *itemised_sums(ctx)]:
        if found.whole.start in known:
            continue
        units = set(found.units) if found.units else {p.unit for p in found.parts} | {found.whole.unit}
        if len(units) > 1 and sum((p.value for p in found.parts), Decimal(0)) == found.whole.value:
            yield _mixed_units(ctx, found)
            continue
        if found.whole.kind == "count" and len(units) > 1:
            continue  # counts of different things: no sum to compare
        issue = _sum_issue(ctx, found)
        if issue is not None:
            yield issue


def _value(fact: Fact) -> Decimal:
    """An amount in 万元, a count as it is."""
    amount = wanyuan(fact)
    return amount if amount is not None else fact.value


def _sum_issue(ctx: Context, found: Sum) -> Issue | None:
    whole = _value(found.whole)
    total = sum((_value(p) for p in found.parts), Decimal(0))
    factor = whole / found.whole.value if found.whole.value else Decimal(1)
    if found.whole.kind == "count":
        slack = Decimal(0)  # counts are exact
    else:
        slack = sum(
            (half_step(p) * (_value(p) / p.value if p.value else 1) for p in found.parts),
            half_step(found.whole) * factor,
        )
    if abs(total - whole) <= slack:
        return None
    over = total > whole
    if not over and found.hedged:
        return None
    in_unit = (total / factor).normalize() if factor else total
    terms = " + ".join(written(p) for p in found.parts)
    return ctx.issue(
        None,
        f"{place(ctx, found.whole)}，其后“{found.marker}”各分项 {terms} = {fmt(in_unit)}{found.whole.unit}，"
        + ("多于总数" if over else "少于总数（如只列了主要分项，请写明）"),
        expected=f"{fmt(in_unit)}{found.whole.unit}",
        found=written(found.whole),
        severity=Severity.ERROR if over else Severity.WARNING,
        cites=found.parts,
        at=(found.whole.start, found.whole.end),
        hint="核对总数与各分项，补上遗漏的分项或更正金额",
    )


def _mixed_units(ctx: Context, found: Sum) -> Issue:
    if found.units:
        terms = " + ".join(f"{fmt(p.value)}{u}" for p, u in zip(found.parts, found.units[1:], strict=True))
        whole = f"{fmt(found.whole.value)}{found.units[0]}"
    else:
        terms, whole = " + ".join(written(p) for p in found.parts), written(found.whole)
    money = found.whole.kind == "amount"
    return ctx.issue(
        None,
        f"第{ctx.line_of(found.whole.start)}行“{whole}”等于其后各分项 {terms} 的数字直接相加，"
        "但各分项单位不同" + ("，应先换算为同一单位" if money else "，不同计量单位的数不能直接相加"),
        expected="同一单位相加",
        found=f"{terms} = {whole}",
        code="FIG010",
        severity=Severity.ERROR if money else Severity.WARNING,
        cites=found.parts,
        at=(found.whole.start, found.whole.end),
        hint="换算为同一单位后再求和，或分别列示",
    )
