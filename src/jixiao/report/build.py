"""``report_view(result) -> ReportView``: compute, then assemble the title, tables and outline."""

from __future__ import annotations

from jixiao.numbers import round_half_up
from jixiao.pipeline import Result
from jixiao.records.text import report_paragraphs
from jixiao.report.across_years import comparison_of, comparison_rows
from jixiao.report.blocks import build_blocks
from jixiao.report.compute import Computed, compute
from jixiao.report.rows import budget_rows, indicator_rows
from jixiao.report.text import titles
from jixiao.report.view import Block, ReportView


def report_view(result: Result) -> ReportView:
    """The view of a scored result (``result.readable`` must be true)."""
    if result.evaluation is None or result.ruleset is None:
        raise ValueError("report_view needs a loaded evaluation and its rule set")
    view = build_view(compute(result.evaluation, result.ruleset))
    paragraphs = report_paragraphs(result.records)
    if paragraphs:  # at the end of the performance section, before the problems
        at = next((i for i, b in enumerate(view.blocks) if b.level == 1 and "存在的问题" in b.text), None)
        at = len(view.blocks) if at is None else at
        view.blocks[at:at] = [Block(0, paragraph) for paragraph in paragraphs]
    return view


def build_view(data: Computed) -> ReportView:
    """Assemble the view from computed data."""
    ev, card = data.evaluation, data.card
    title, table_title, intro = titles(ev)
    view = ReportView(
        kind=ev.kind,
        title=title,
        table_title=table_title,
        department=ev.department,
        year=ev.year,
        project=ev.project,
        intro=intro,
        achieved=ev.narrative.summary or "",
        total_weight=card.weight_total,
        total_score=None if card.total is None else round_half_up(card.total, 2),
        grade=card.grade or "",
        ruleset=card.ruleset,
        corrections=data.corrections,
    )
    view.budget_rows = budget_rows(data)
    view.indicator_rows = indicator_rows(data)
    view.blocks = build_blocks(data)
    found = comparison_of(data)
    if found is not None:
        view.comparison_title = f"与上年对比（{found.last_year or '上年'}—{found.year or '本年'}年度）"
        view.comparison_rows, view.budget_comparison_rows = comparison_rows(found)
    return view
