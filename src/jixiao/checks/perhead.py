"""A headcount times its per-head standard against the amount stated (FIG008): ``120人，每人4000元，共48万``.

In one sentence: one count (人、名、户、人次、个、所、家), one standard per the same unit (``4000元/人``,
``每人4000元``, ``每户每年1200元``), and the amount they make (共计、合计、发放、补助…). A standard per month
is multiplied by the months the sentence states (``12个月``), and left alone when it states none. The
sentence must hold no other count or standard (several groups at several standards are not one product);
人均 (an average, itself rounded) is not a standard. The product is exact; the stated amount may differ
from it by half its last written digit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.checks._facts import half_step, place, wanyuan, written
from jixiao.checks._prose import sentences_of
from jixiao.checks._support import fmt
from jixiao.checks.registry import Context, check
from jixiao.issues import Issue

if TYPE_CHECKING:
    from jixiao.inputs.facts import Fact

HEADS = {"人": "人", "名": "人", "人次": "人", "户": "户", "个": "个", "所": "所", "家": "家"}
# after the standard's amount: ``元/人`` ``元/人·年`` ``元/人/月``
PER_AFTER = re.compile(
    r"^\s*(?:元|万元|千元)?\s*/\s*(?P<head>人次|人|名|户|个|所|家)(?:\s*[·/]\s*(?P<period>年|月))?"
)
# before it: ``每人`` ``每人每年`` ``每户每月`` ``按每人``
PER_BEFORE = re.compile(
    r"每(?P<head>人次|人|名|户|个|所|家)(?:每?(?P<period>年|月))?(?:补助|发放|标准为?|按)?\s*$"
)
MONTHS = re.compile(r"(?P<n>\d{1,2}|十二|十一|十|[一二三四五六七八九])\s*个\s*月")
TOTAL_WORDS = re.compile(r"共计|合计|总计|共|累计|发放|补助|拨付|兑付|资金|支出|金额")
AVERAGE = re.compile(r"人均|平均|户均")
_CN_MONTHS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@dataclass(slots=True)
class Product:
    count: Fact
    standard: Fact
    total: Fact
    months: int  # 1 unless the standard is per month


def _standard(ctx: Context, fact: Fact) -> tuple[str, str | None] | None:
    """(head, period) when ``fact`` is a per-head standard."""
    assert ctx.document is not None
    text = ctx.document.text
    after = PER_AFTER.match(text[fact.end : fact.end + 12])
    if after:
        return HEADS[after.group("head")], after.group("period")
    before = PER_BEFORE.search(text[max(0, fact.start - 10) : fact.start].replace(" ", ""))
    if before and not AVERAGE.search(text[max(0, fact.start - 12) : fact.start]):
        return HEADS[before.group("head")], before.group("period")
    return None


def _months(text: str) -> int | None:
    found = MONTHS.findall(text)
    if len(found) != 1:
        return None
    n = found[0]
    if n.isdigit():
        return int(n)
    return 10 + _CN_MONTHS.get(n[1:], 0) if n.startswith("十") and len(n) > 1 else _CN_MONTHS.get(n)


def products(ctx: Context) -> Iterator[Product]:
    document = ctx.document
    assert document is not None
    for sentence in sentences_of(ctx):
        standards = [(f, s) for f in sentence.facts if wanyuan(f) is not None and (s := _standard(ctx, f))]
        counts = [
            f
            for f in sentence.facts
            if f.kind == "count"
            and f.unit in HEADS
            and not re.match(r"\s*个?\s*月", document.text[f.end : f.end + 4])
        ]
        if len(standards) != 1 or len(counts) != 1:
            continue
        standard, (head, period) = standards[0]
        count = counts[0]
        if HEADS[count.unit or ""] != head or AVERAGE.search(sentence.text(document)):
            continue
        months = 1
        if period == "月":
            stated = _months(sentence.text(document))
            if stated is None:
                continue
            months = stated
        totals = [
            f
            for f in sentence.facts
            if f is not standard
            and wanyuan(f) is not None
            and f.start > min(count.start, standard.start)
            and TOTAL_WORDS.search(f.labels[-1] if f.labels else "")
        ]
        if len(totals) == 1:
            yield Product(count, standard, totals[0], months)


@check("FIG008", name="figures.headcount-times-standard", group="figures")
def headcount_times_standard(ctx: Context) -> Iterator[Issue]:
    """人数（户数）× 每人（每户）标准 = 所述金额（同一句中写明三者时）.

    Wrong::

        为全县 120 名困难学生发放生活补助，标准为 4000 元/人，共计发放 46 万元。

    Right::

        为全县 120 名困难学生发放生活补助，标准为 4000 元/人，共计发放 48 万元。
    """
    if ctx.document is None:
        return
    for product in products(ctx):
        standard, total = wanyuan(product.standard), wanyuan(product.total)
        assert standard is not None
        assert total is not None
        exact = product.count.value * standard * product.months
        factor = total / product.total.value if product.total.value else Decimal(1)
        if abs(exact - total) <= half_step(product.total) * factor:
            continue
        in_unit = exact / factor if factor else exact
        months = f" × {product.months}个月" if product.months != 1 else ""
        yield ctx.issue(
            None,
            f"{place(ctx, product.count)} × {place(ctx, product.standard)}{months} = "
            f"{fmt(in_unit.normalize())}{product.total.unit}，所述为{place(ctx, product.total)}",
            expected=f"{fmt(in_unit.normalize())}{product.total.unit}",
            found=written(product.total),
            cites=[product.count, product.standard, product.total],
            at=(product.total.start, product.total.end),
            hint="核对人数、标准与金额：金额 = 人数 × 每人标准",
        )
