"""What a published report gave to check (DOC006): a document from which nothing was read says so.

A report whose text held no amount, rate or score that jixiao could read (a scan without OCR, a page of
images, a layout no reader understood) would otherwise pass every check in silence — and a clean result
would read as "no problem found". One issue says instead what was (not) read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from jixiao.checks.registry import Context, check
from jixiao.issues import Issue, Severity

FIGURES = ("amount", "rate", "score", "weight")


@check("DOC006", name="document.something-was-read", group="document", severity=Severity.WARNING)
def something_was_read(ctx: Context) -> Iterator[Issue]:
    """已发布的报告中读不出任何金额、比率或得分时明确说明：未作核对，不是“未发现问题”.

    Wrong::

        （一份扫描件或版式无法识别的报告：全文没有读出任何金额、比率、得分，也没有指标表）

    Right::

        2024年全年预算数 303.55 万元，全年执行数 303.06 万元，预算执行率 99.84%。
    """
    if ctx.document is None:
        return
    evaluation = ctx.evaluation
    kinds = Counter(fact.kind for fact in ctx.facts)
    if evaluation.indicators or evaluation.rates or evaluation.breakdowns or evaluation.stated:
        return
    if any(kinds[kind] for kind in FIGURES):
        return
    numbers = sum(kinds.values())
    found = f"读出 {numbers} 个数字（年份、编号等），没有金额、比率或得分" if numbers else "没有读出任何数字"
    yield ctx.issue(
        None,
        f"文档中未能读出任何金额、比率、得分或指标（{found}），jixiao 未对其作任何核对；"
        "结果为空不表示报告没有问题",
        expected="至少一个金额、比率或指标",
        found=found,
        hint="若为扫描件或图片，请安装文字识别组件（OCR）后重试，或提供 .docx/.txt 版本",
    )
