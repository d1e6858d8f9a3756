"""The report's outline: numbered headings and paragraphs, for a department or a project."""

from __future__ import annotations

from jixiao.model import Indicator, walk_indicators
from jixiao.numbers import chinese_ordinal, format_score
from jixiao.report.across_years import comparison_of, comparison_paragraph, reliability_paragraph
from jixiao.report.compute import Computed
from jixiao.report.corrections import view_weight
from jixiao.report.text import (
    basic_paragraphs,
    fund_paragraph,
    indicator_detail,
    line_sentence,
    project_paragraphs,
    score_heading,
    year_of,
)
from jixiao.report.view import Block
from jixiao.scoring import Scorecard

MISSING = "（待补充）"


def numbered(level: int, n: int, text: str) -> str:
    """A heading with its number: 一、 （一） 1. （1）."""
    number = {1: f"{chinese_ordinal(n)}、", 2: f"（{chinese_ordinal(n)}）", 3: f"{n}.", 4: f"（{n}）"}[level]
    return number + text


class Outline:
    """Blocks with headings numbered in order, whatever the input's own numbering was."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.counters = [0, 0, 0, 0, 0]

    def heading(self, level: int, text: str) -> None:
        self.counters[level] += 1
        for deeper in range(level + 1, len(self.counters)):
            self.counters[deeper] = 0
        self.blocks.append(Block(level, numbered(level, self.counters[level], text)))

    def text(self, *paragraphs: str | None) -> None:
        for paragraph in paragraphs:
            if paragraph:
                self.blocks.append(Block(0, paragraph))

    def texts_or_missing(self, paragraphs: list[str] | str | None) -> None:
        items = [paragraphs] if isinstance(paragraphs, str) else list(paragraphs or [])
        items = [p.strip() for p in items if p and p.strip()]
        self.text(*(items or [MISSING]))

    def section(self, level: int, title: str, paragraphs: list[str] | str | None) -> None:
        """A heading and its paragraphs, or the placeholder when the input has none."""
        self.heading(level, title)
        self.texts_or_missing(paragraphs)


def _category_heading(data: Computed, node: Indicator, path: str) -> str:
    """A category's heading: its name with weight, score and deduction from the scorecard."""
    line = data.card.line(path)
    weight = view_weight(line, data.card) if line else None
    return score_heading(node.name, weight, line.used if line else None)


def _children(path: str, node: Indicator) -> list[tuple[str, Indicator]]:
    found = walk_indicators(node.children, path)
    return [(p, n) for p, n, depth in found if depth == 1]


def _indicator_blocks(out: Outline, data: Computed, node: Indicator, path: str, level: int) -> None:
    if node.children:
        out.heading(level, _category_heading(data, node, path))
        for child_path, child in _children(path, node):
            _indicator_blocks(out, data, child, child_path, min(level + 1, 4))
        return
    out.heading(level, node.name)
    out.text(indicator_detail(node, data.card.line(path)), node.text)
    if node.reason:
        out.text(f"偏差原因分析及改进措施：{node.reason}")


def performance_blocks(out: Outline, data: Computed) -> None:
    """Total score and grade, then each level-1 category with its indicators."""
    ev, card = data.evaluation, data.card
    out.text(ev.narrative.summary)
    if card.total is None and not card.partial:
        out.text("未填写绩效指标，无法计算自评得分。")
        return
    if card.total is None:
        out.text(f"{_partial(card)}。各项指标情况如下：")
    else:
        out.text(
            f"根据{'项目支出' if ev.kind == 'project' else '部门整体支出'}绩效评价指标，经计算，"
            f"{year_of(ev)}年度自评得分{format_score(card.total)}分，评价等级为“{card.grade}”。具体情况如下："
        )
    for path, node, depth in walk_indicators(ev.indicators):
        if depth != 1:
            continue
        line = card.line(path)
        out.heading(2, _category_heading(data, node, path))
        if line is not None and line.kind == "execution_rate":
            sentence = line_sentence("财政拨款", data.figures.total, data.figures, "budget.total")
            out.text(sentence.replace("完成全年预算的", "预算执行率") if sentence else None)
        elif node.children:
            for child_path, child in _children(path, node):
                _indicator_blocks(out, data, child, child_path, 3)
        else:
            out.text(indicator_detail(node, line), node.text)


def department_blocks(data: Computed) -> list[Block]:
    """The outline of a 部门整体支出绩效自评报告 (domain.md §3 item 2)."""
    ev, out = data.evaluation, Outline()
    narrative = ev.narrative
    out.heading(1, "基本情况")
    out.section(2, "部门职能", narrative.functions)
    out.section(2, "机构设置及决算单位构成", narrative.organisation)
    staff = None if narrative.staff is None else f"截至{year_of(ev)}年12月31日，在职人员{narrative.staff}人。"
    out.section(2, "人员情况", staff)
    out.heading(1, "一般公共预算支出情况")
    out.heading(2, "基本支出情况")
    out.text(*basic_paragraphs(data))
    out.heading(2, "项目支出情况")
    out.text(*project_paragraphs(data))
    out.heading(1, "政府性基金预算支出情况")
    out.text(fund_paragraph(data, "government_fund", "政府性基金预算"))
    out.heading(1, "国有资本经营预算支出情况")
    out.text(fund_paragraph(data, "state_capital", "国有资本经营预算"))
    out.heading(1, "部门整体支出绩效情况")
    performance_blocks(out, data)
    _project_summaries(out, data)
    _across_years(out, data)
    _closing(out, data, "部门整体支出")
    return out.blocks


def _across_years(out: Outline, data: Computed) -> None:
    """Budget reliability against the original budget, and the comparison with last year when known."""
    reliability = reliability_paragraph(data)
    if reliability:
        out.heading(2, "预算可靠性")
        out.text(reliability)
    found = comparison_of(data)
    if found is not None:
        out.heading(2, "与上年对比")
        out.text(comparison_paragraph(found))


def _project_summaries(out: Outline, data: Computed) -> None:
    """One paragraph per project of the department: its funds, execution rate, score and grade."""
    if not data.projects:
        return
    out.heading(2, "所属项目支出绩效自评情况")
    for sub in data.projects:
        ev, card = sub.evaluation, sub.card
        out.heading(3, ev.project or ev.department)
        funds = line_sentence("项目资金", sub.figures.total, sub.figures, "budget.total")
        if card.total is not None:
            scored = f"按规则自评得分{format_score(card.total)}分，评价等级为“{card.grade}”。"
        else:
            scored = f"{_partial(card)}。" if card.partial else "未填写绩效指标。"
        out.text((funds or "") + scored)


def project_blocks(data: Computed) -> list[Block]:
    """The outline of a 项目支出绩效自评报告 (domain.md §1.7, adapted)."""
    ev, out = data.evaluation, Outline()
    narrative = ev.narrative
    out.heading(1, "基本情况")
    out.section(2, "项目概况", narrative.functions)
    funds = line_sentence(f"{year_of(ev)}年度项目资金", data.figures.total, data.figures, "budget.total")
    out.section(2, "项目资金情况", funds)
    out.section(1, "绩效目标完成情况", narrative.summary)
    out.heading(1, "绩效自评结果")
    narrative_summary, ev.narrative.summary = ev.narrative.summary, None
    performance_blocks(out, data)
    ev.narrative.summary = narrative_summary
    _across_years(out, data)
    _closing(out, data, "项目支出")
    return out.blocks


def _closing(out: Outline, data: Computed, scope: str) -> None:
    narrative = data.evaluation.narrative
    out.section(1, "存在的问题及原因分析", narrative.problems)
    out.section(1, "下一步改进措施", narrative.measures)
    out.section(1, f"{scope}绩效自评结果拟应用和公开情况", narrative.application)


def build_blocks(data: Computed) -> list[Block]:
    """The report's paragraphs in order, numbered."""
    return project_blocks(data) if data.evaluation.kind == "project" else department_blocks(data)


def _partial(card: Scorecard) -> str:
    """Why a scorecard has no total: its indicators cover only part of the rule set's weight."""
    covered = format_score(card.covered) if card.covered is not None else "—"
    full = format_score(card.full_weight) if card.full_weight is not None else "—"
    return (
        f"绩效指标不全（已填写的指标分值合计 {covered} 分，规则满分 {full} 分），无法计算自评得分和评价等级"
    )
