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

from jixiao.checks._facts import half_step, place, severity_for, wanyuan, written
from jixiao.checks._support import fmt
from jixiao.checks.registry import Context, check
from jixiao.issues import Issue, Severity

if TYPE_CHECKING:
    from jixiao.inputs.facts import Fact

_UNIT = r"(?:亿元|千元|万元|元|万|亿)?"
_BEFORE = re.compile(rf"^{_UNIT}[，,。]?其中[:：]?$")
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


def _percent(fact: Fact) -> bool:
    return fact.kind == "rate" and fact.unit == "%"


def prose_sums(ctx: Context) -> Iterator[Sum]:
    document = ctx.document
    assert document is not None
    text = document.text
    facts = sorted((f for f in ctx.facts if f.table is None), key=lambda f: f.start)
    for i, whole in enumerate(facts[:-1]):
        if wanyuan(whole) is None:
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
            if wanyuan(fact) is None:
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
        yield Sum(whole, parts, hedged)


def _read_by_model(ctx: Context) -> set[int]:
    """Offsets of the wholes of the breakdowns the canonical model read (BUD011 checks them)."""
    return {
        span.start
        for path, span in ctx.evaluation.spans.items()
        if path.startswith("breakdowns[") and span.start is not None
    }


@check("FIG009", name="figures.prose-parts-sum-to-whole", group="figures")
def prose_parts_sum_to_whole(ctx: Context) -> Iterator[Issue]:
    """正文“X万元，其中A万元，B万元”：各分项之和不超过总数；少于总数且未写“主要”“等”时提示.

    Wrong::

        项目资金总预算为 1280.5 万元，其中部门预算项目支出 65.5 万元，专项预算支出 1200 万元。

    Right::

        项目资金总预算为 1265.5 万元，其中部门预算项目支出 65.5 万元，专项预算支出 1200 万元。
    """
    if ctx.document is None:
        return
    known = _read_by_model(ctx)
    for found in prose_sums(ctx):
        if found.whole.start in known:
            continue
        whole = wanyuan(found.whole)
        assert whole is not None
        amounts = [wanyuan(p) or Decimal(0) for p in found.parts]
        total = sum(amounts, Decimal(0))
        factor = whole / found.whole.value if found.whole.value else Decimal(1)
        slack = sum(
            (half_step(p) * ((wanyuan(p) or Decimal(0)) / p.value if p.value else 1) for p in found.parts),
            half_step(found.whole) * factor,
        )
        if abs(total - whole) <= slack:
            continue
        over = total > whole
        if not over and found.hedged:
            continue
        in_unit = (total / factor).normalize() if factor else total
        terms = " + ".join(written(p) for p in found.parts)
        yield ctx.issue(
            None,
            f"{place(ctx, found.whole)}，其后“其中”各分项 {terms} = {fmt(in_unit)}{found.whole.unit}，"
            + ("多于总数" if over else "少于总数（如只列了主要分项，请写明）"),
            expected=f"{fmt(in_unit)}{found.whole.unit}",
            found=written(found.whole),
            severity=severity_for(True, [found.whole, *found.parts]) if over else Severity.WARNING,
            at=(found.whole.start, found.whole.end),
            hint="核对总数与各分项，补上遗漏的分项或更正金额",
        )
