"""Shares of one named whole, each stated beside its part (FIG014): a complete split adds up to 100 %.

A budget note lists the parts of a whole one item each, every part with its share of the whole named after
占 (``1. 基本支出 A 元，占一般公共预算支出的 P%`` … ``2. 项目支出 B 元，占一般公共预算支出的 Q%``), often
without stating the whole itself. When the parts listed are a complete split of that whole (the rule set's
``figure_names.partitions``: 一般公共预算支出 = 基本支出 + 项目支出), the whole is their sum, so:

- a share that does not follow from its part ÷ the sum of the parts (rounded as written) is an **error**
  (truncated, or reachable only at the rounding edge of the printed amounts: a **warning**);
- shares of parts of one split that add up to more than 100 % (beyond the rounding of the shares) are an
  **error** even when the split is incomplete.

Nothing for parts of no known split (they may overlap), a part named twice in the list (several years or
budgets), a list written after 其中 right behind its whole (FIG003 judges those against the whole), or a
list a share of which the canonical model read (BUD003 judges it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.checks._facts import HUNDRED, half_step, judge_percent, place, verdict_wording, wanyuan, written
from jixiao.checks._support import fmt
from jixiao.checks.registry import Context, check
from jixiao.checks.restated import Vocabulary, named_figures
from jixiao.checks.shares import _skipped
from jixiao.issues import Issue

if TYPE_CHECKING:
    from jixiao.inputs.facts import Fact

# between a part and its share: ``元,占一般公共预算支出的`` / ``万元，占基本支出预算``
_SHARE_OF = re.compile(
    r"^(?:亿元|千元|万元|元)?[,，]?(?:其|共)?占(?P<whole>[^\d%,，。；;:：]{2,24}?)(?:的)?(?:比重|比例|份额)?(?:为|是|达)?$"
)
_WHOLE_SUFFIX = re.compile(r"(?:预算数|预算|决算数|决算|总额|合计|总计|总数)$")
_OF_WHICH = re.compile(r"其中[:：]?\s*$")
REACH = 800  # characters from the first part of a list to its last


@dataclass(slots=True)
class Share:
    subject: str
    part: Fact
    share: Fact


@dataclass(slots=True)
class Listing:
    whole: str  # the whole as named after 占, without 预算/决算/总额
    shares: list[Share] = field(default_factory=list)


def _whole_key(name: str) -> str:
    return _WHOLE_SUFFIX.sub("", re.sub(r"\s+", "", name))


def listings(ctx: Context) -> list[Listing]:
    """The runs of parts stated with their share of one whole, in reading order."""
    assert ctx.document is not None
    text = ctx.document.text
    words = Vocabulary(ctx.ruleset.figure_names)
    prose = sorted((f for f in ctx.facts if f.table is None), key=lambda f: f.start)
    starts = [f.start for f in prose]
    found: list[Listing] = []
    for named in named_figures(ctx, words):
        part = named.fact
        if part.table is not None or not named.subject or part.start not in starts:
            continue
        index = starts.index(part.start)
        nxt = prose[index + 1] if index + 1 < len(prose) else None
        if nxt is None or nxt.kind != "rate" or nxt.unit != "%":
            continue
        match = _SHARE_OF.match(re.sub(r"\s+", "", text[part.end : nxt.start]))
        if match is None:
            continue
        whole = _whole_key(match.group("whole"))
        # the latest list of this whole (lists of its parts' parts may run in between)
        current = next((listing for listing in reversed(found) if listing.whole == whole), None)
        if (
            current is None
            or part.start - current.shares[0].part.start > REACH
            or any(s.subject == named.subject for s in current.shares)
        ):
            current = Listing(whole)
            found.append(current)
        current.shares.append(Share(named.subject, part, nxt))
    return [listing for listing in found if len(listing.shares) >= 2 and not _after_whole(text, listing)]


def _after_whole(text: str, listing: Listing) -> bool:
    """The list follows 其中 right behind its whole: FIG003 judges it against the whole."""
    start = listing.shares[0].part.start
    return bool(_OF_WHICH.search(text[max(0, start - 40) : start]))


def _split_of(listing: Listing, partitions: dict[str, list[list[str]]]) -> list[str] | None:
    """The known split of the listing's whole its parts belong to, if any."""
    subjects = {s.subject for s in listing.shares}
    for whole, splits in partitions.items():
        if _whole_key(whole) != listing.whole:
            continue
        for split in splits:
            if subjects <= set(split):
                return split
    return None


@check("FIG014", name="figures.shares-of-a-split-add-up", group="figures")
def shares_of_a_split_add_up(ctx: Context) -> Iterator[Issue]:
    """各分项均写明“占某总数的…%”且构成该总数的完整分法时，各占比应等于分项 ÷ 分项之和，合计为 100%.

    Wrong::

        1. 基本支出预算 1200000 元，占一般公共预算支出的 80.00%。
        2. 项目支出 300000 元，占一般公共预算支出的 25.00%。

    Right::

        1. 基本支出预算 1200000 元，占一般公共预算支出的 80.00%。
        2. 项目支出 300000 元，占一般公共预算支出的 20.00%。
    """
    if ctx.document is None:
        return
    partitions = ctx.ruleset.figure_names.partitions
    judged = _skipped(ctx)  # shares the canonical model read: BUD003 says those, once
    for listing in listings(ctx):
        split = _split_of(listing, partitions)
        if split is None or any(s.share.start in judged for s in listing.shares):
            continue
        shares = listing.shares
        total_share = sum((s.share.value for s in shares), Decimal(0))
        share_slack = sum((half_step(s.share) for s in shares), Decimal(0))
        terms = " + ".join(written(s.share) for s in shares)
        complete = {s.subject for s in shares} == set(split)
        amounts = [wanyuan(s.part) for s in shares]
        if complete and all(a is not None for a in amounts):
            whole = sum((a for a in amounts if a is not None), Decimal(0))
            flagged = False
            for share, amount in zip(shares, amounts, strict=True):
                issue = _judge(ctx, listing, share, amount, whole, terms, total_share)
                if issue is not None:
                    flagged = True
                    yield issue
            if flagged or abs(total_share - HUNDRED) <= share_slack:
                continue
        elif total_share <= HUNDRED + share_slack:
            continue
        first = shares[0].share
        yield ctx.issue(
            None,
            f"各分项占“{listing.whole}”的比重 {terms} = {fmt(total_share)}%，"
            + ("应为 100%（所列分项为其完整分法）" if complete else "超过 100%"),
            expected="100%",
            found=f"{fmt(total_share)}%",
            at=(first.start, first.end),
            cites=[s.share for s in shares[1:]],
            hint="核对各分项的金额与占比：同一总数的各分项占比之和不超过 100%",
        )


def _judge(
    ctx: Context,
    listing: Listing,
    share: Share,
    amount: Decimal | None,
    whole: Decimal,
    terms: str,
    total_share: Decimal,
) -> Issue | None:
    """A share against its part ÷ the sum of the parts (the whole of a complete split)."""
    if amount is None or whole <= 0:
        return None
    exact = amount * HUNDRED / whole
    per = amount / share.part.value if share.part.value else Decimal(1)
    others = [s.part for s in listing.shares]
    spread = sum((half_step(p) for p in others), Decimal(0)) * per
    low = (amount - half_step(share.part) * per) * HUNDRED / (whole + spread)
    high = (amount + half_step(share.part) * per) * HUNDRED / max(whole - spread, Decimal("0.000001"))
    verdict = judge_percent(share.share.value, exact, low, high)
    if verdict.verdict == "consistent":
        return None
    names = " + ".join(s.subject for s in listing.shares)
    sum_written = fmt((whole / per).normalize())
    said = (
        f"{place(ctx, share.part, share.subject)}占“{listing.whole}”的比重写作{written(share.share)}；"
        f"所列分项 {names} 即其完整分法，合计 {sum_written}{share.part.unit or ''}，"
        f"按此计算为 {fmt(round(exact, 4))}%（各分项占比合计 {terms} = {fmt(total_share)}%）"
    )
    message, severity = verdict_wording(said, verdict)
    return ctx.issue(
        None,
        message,
        expected=f"{fmt(verdict.expected)}%",
        found=written(share.share),
        severity=severity,
        at=(share.share.start, share.share.end),
        cites=others,
        hint="核对分项金额与占比：占比 = 分项 ÷ 各分项之和 × 100%，按四舍五入保留所写位数",
    )
