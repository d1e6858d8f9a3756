"""The report's sentences: its titles and the paragraphs that state amounts, rates and scores."""

from __future__ import annotations

from decimal import Decimal

from jixiao.figures import Figures
from jixiao.model import Evaluation, Indicator, Line
from jixiao.numbers import format_amount, format_percent, format_score
from jixiao.report.compute import Computed, carries_money, execution_rate
from jixiao.scoring import ScoreLine


def year_of(ev: Evaluation) -> str:
    """The year as printed; a blank to fill in when the source did not say."""
    return "____" if ev.year is None else str(ev.year)


def titles(ev: Evaluation) -> tuple[str, str, str]:
    """Report title, table title and opening paragraph, by kind of evaluation."""
    if ev.kind == "project":
        name = ev.project or "项目"
        base = ev.narrative.title or f"{name}{year_of(ev)}年度项目支出绩效自评报告"
        scope = f"{name}{year_of(ev)}年度项目支出"
        table = f"{year_of(ev)}年度项目支出绩效自评表"
    else:
        base = ev.narrative.title or f"{year_of(ev)}年度部门整体支出绩效自评报告"
        scope = f"{year_of(ev)}年度部门整体支出"
        table = f"{year_of(ev)}年度部门整体支出绩效自评表"
    title = base if ev.department in base else ev.department + base
    intro = (
        "根据《中华人民共和国预算法》和《中共中央 国务院关于全面实施预算绩效管理的意见》等有关规定，"
        f"结合本单位实际情况，{ev.department}对{scope}进行了绩效自评，现将有关情况报告如下："
    )
    return title, table, intro


def line_sentence(prefix: str, line: Line | None, figures: Figures, path: str) -> str | None:
    """ "…年初预算X万元，全年预算Y万元，实际支出Z万元，完成全年预算的R%。" (stated columns only)."""
    if line is None:
        return None
    parts = []
    for column, label in (("initial", "年初预算"), ("adjusted", "全年预算"), ("executed", "实际支出")):
        value = getattr(line, column)
        if value is not None:
            parts.append(f"{label}{format_amount(value)}万元")
    rate = execution_rate(figures, path)
    if rate is not None:
        parts.append(f"完成全年预算的{format_percent(rate)}")
    return prefix + "，".join(parts) + "。" if parts else None


def basic_paragraphs(data: Computed) -> list[str]:
    """基本支出 with the shares of 人员经费 and 日常公用经费."""
    ev, figures = data.evaluation, data.figures
    basic = ev.budget.basic
    if basic is None:
        return [f"{year_of(ev)}年度无基本支出。"]
    shares = []
    for key, label in (("personnel", "人员经费"), ("public", "日常公用经费")):
        part = getattr(basic, key)
        if part is not None and part.executed is not None:
            share = figures.share(f"budget.basic.{key}")
            tail = f"，占基本支出的{format_percent(share)}" if share is not None else ""
            shares.append(f"{label}支出{format_amount(part.executed)}万元{tail}")
    first = line_sentence(f"{year_of(ev)}年基本支出", basic, figures, "budget.basic")
    return [p for p in (first, "其中，" + "；".join(shares) + "。" if shares else None) if p]


def project_paragraphs(data: Computed) -> list[str]:
    """项目支出 with each project's amounts."""
    ev, figures = data.evaluation, data.figures
    project = ev.budget.project
    if project is None:
        return [f"{year_of(ev)}年度无项目支出。"]
    items = []
    for i, item in enumerate(project.items):
        sentence = line_sentence("", item, figures, f"budget.project.items[{i}]")
        name = item.name or f"项目{i + 1}"
        items.append(f"{name}（{sentence.rstrip('。')}）" if sentence else name)
    first = line_sentence(f"{year_of(ev)}年度项目支出", project, figures, "budget.project")
    listing = "项目包括：" + "；".join(items) + "。" if items else project.note
    return [p for p in (first, listing) if p]


def fund_paragraph(data: Computed, key: str, label: str) -> str:
    """One fund's spending (政府性基金预算, 国有资本经营预算), or "无" when it has none."""
    sources = data.evaluation.budget.sources
    line = getattr(sources, key) if sources else None
    year = year_of(data.evaluation)
    if line is not None and not carries_money(line):
        line = None  # stated as 0: the report says "无"
    sentence = line_sentence(f"{year}年度{label}支出", line, data.figures, f"budget.sources.{key}")
    return sentence or f"{year}年度无{label}支出。"


def score_heading(name: str, weight: Decimal | None, used: Decimal | None) -> str:
    """A category heading with its weight, score and deduction when both are known."""
    if weight is None or used is None:
        return name
    deduction = weight - used
    lost = "未扣分" if deduction <= 0 else f"扣{format_score(deduction)}分"
    return f"{name}（分值{format_score(weight)}分，得{format_score(used)}分，{lost}）"


def indicator_detail(node: Indicator, line: ScoreLine | None) -> str:
    """A leaf indicator's target, actual value, weight and score in one sentence."""
    parts = [f"年度指标值：{node.target or '未填写'}", f"实际完成值：{node.actual or '未填写'}"]
    if line is not None and line.weight is not None:
        parts.append(f"分值{format_score(line.weight)}分")
    if line is not None and line.used is not None:
        parts.append(f"得分{format_score(line.used)}分")
    return "，".join(parts) + "。"
