"""“All done” said while an indicator falls short (FIG007): ``各项指标均已完成`` beside a quantitative
indicator whose actual misses its target.

The claim is read from the report's text (全部完成、均已完成、全面完成、均已达到…, not after 未/没有/基本);
the shortfall from the scorecard: a quantitative indicator the rules score below its weight (its actual
short of a ``≥`` target, above a ``≤`` one). A claim about every indicator (各项/所有/全部…指标) against a
shortfall the rules compute is an error; a claim of the work or the goals in general is a warning (it may
speak of something else).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.checks._support import fmt
from jixiao.checks.registry import Context, check
from jixiao.issues import Issue, Severity
from jixiao.scoring import ScoreLine

CLAIM = re.compile(
    r"(?P<scope>(?:各项|所有|全部|年度|预期|既定|设定的?|全年)?(?:绩效)?(?:指标|目标|任务)(?:值)?)?"
    r"[^。；;，,\n]{0,6}?"
    r"(?P<claim>均已(?:全部)?(?:完成|达到|实现|达成)|已?全部(?:完成|达到|实现|达成)|全面(?:完成|达到|实现|达成)"
    r"|均(?:完成|达到|实现|达成))"
)
HEDGE = re.compile(r"(?:未|没有|尚未|未能|基本|大部分|部分|大多|绝大部分|能否|是否|力争|确保|计划|将)$")
ALL_INDICATORS = re.compile(r"^(?:各项|所有|全部)(?:绩效)?指标")


def claims(text: str) -> Iterator[re.Match[str]]:
    """Every unhedged claim that all is done."""
    for match in CLAIM.finditer(text):
        before = text[max(0, match.start("claim") - 4) : match.start("claim")]
        scope_start = match.start("scope") if match.group("scope") else match.start("claim")
        hedge_zone = text[max(0, scope_start - 4) : scope_start] + before
        if HEDGE.search(before) or re.search(r"未|没有|尚未|基本|部分|力争|确保|计划", hedge_zone):
            continue
        yield match


def shortfalls(ctx: Context) -> list[ScoreLine]:
    """Quantitative indicators the rules score below their weight (the actual misses the target)."""
    return [
        line
        for line in ctx.scorecard.leaves()
        if line.kind == "quantitative"
        and line.computed is not None
        and line.weight is not None
        and line.computed < line.weight
    ]


@check("FIG007", name="figures.all-done-but-short", group="figures", severity=Severity.WARNING)
def all_done_but_short(ctx: Context) -> Iterator[Issue]:
    """文中称“全部完成/均已完成/全面完成”，但有定量指标的实际完成值未达到年度指标值.

    Wrong::

        narrative: {summary: 本年度各项绩效指标均已完成。}
        indicators:
          - name: 产出指标
            children: [{name: 培训人数, target: ≥200人, actual: 150人, weight: 10, score: 10}]

    Right::

        narrative: {summary: 本年度除培训人数外，其余绩效指标均已完成。}
        indicators:
          - name: 产出指标
            children: [{name: 培训人数, target: ≥200人, actual: 150人, weight: 10, score: 7.5}]
    """
    short = shortfalls(ctx)
    if not short:
        return
    text = ctx.document.text if ctx.document is not None else ctx.evaluation.narrative.summary or ""
    found = next(claims(text), None)
    if found is None:
        return
    line = short[0]
    node_span = ctx.locate(line.path)
    where = f"（第{node_span.line}行）" if node_span and node_span.line else ""
    said = found.group(0)
    claim_line = ctx.line_of(found.start()) if ctx.document is not None else None
    opening = f"第{claim_line}行称“{said}”" if claim_line else f"报告称“{said}”"
    others = f"等 {len(short)} 项" if len(short) > 1 else ""
    certain = (
        bool(found.group("scope") and ALL_INDICATORS.match(found.group("scope")))
        and not ctx.evaluation.projects
    )
    yield ctx.issue(
        line.path,
        f"{opening}，但“{line.name}”{where}{others}未达到年度指标值（{_shortfall(line)}）",
        expected="如实说明未完成的指标",
        found=said,
        severity=Severity.ERROR if certain else None,
        at=found.span() if ctx.document is not None else None,
        hint="逐项说明未完成指标的偏差原因，或更正“全部完成”的表述",
    )


def _shortfall(line: ScoreLine) -> str:
    target, actual = line.inputs.get("年度指标值(A)"), line.inputs.get("实际完成值(B)")
    values = f"指标值 {target}，实际完成值 {actual}，" if target and actual else ""
    return f"{values}按规则得 {fmt(line.computed)}/{fmt(line.weight)} 分"
