"""The report's across-years parts: the reliability paragraph and the comparison with last year, in the
Word report read back with python-docx."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx

from jixiao.across.next_year import next_evaluation
from jixiao.model import Budget, Line, walk_indicators
from jixiao.pipeline import evaluate, evaluate_model
from jixiao.render import render_result
from jixiao.report import report_view
from jixiao.report.across_years import BUDGET_COMPARISON_HEADER, COMPARISON_HEADER

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def second_year():
    """The clean example's 2025: next year's file filled in with made-up figures."""
    this = evaluate(EXAMPLES / "clean-archives-2024.yaml")
    assert this.evaluation is not None
    following = next_evaluation(this.evaluation, this.scorecard, this.ruleset)
    following.budget = Budget(
        total=Line(
            name="财政拨款", initial=Decimal("520.00"), adjusted=Decimal("530.00"), executed=Decimal("525.00")
        )
    )
    for _path, node, _depth in walk_indicators(following.indicators):
        if node.prior is not None and not node.children:
            node.actual, node.score = node.prior.actual, node.prior.score
            node.band = "达成年度指标" if node.kind == "qualitative" else None
    following.indicators[1].children[0].actual = "131000页"
    assert this.ruleset is not None
    return evaluate_model(following, this.ruleset)


def test_the_comparison_is_in_the_word_report(tmp_path: Path) -> None:
    result = second_year()
    output = tmp_path / "report.docx"
    render_result(result, "docx", output)
    document = docx.Document(str(output))
    texts = [p.text for p in document.paragraphs]
    assert "附件：与上年对比（2024—2025年度）" in texts
    assert any(t.startswith("与2024年度相比，按规则总分由98.3分变为") for t in texts)
    tables = {tuple(c.text for c in t.rows[0].cells): t for t in document.tables}
    indicators = tables[COMPARISON_HEADER]
    rows = {r.cells[0].text.strip("　"): [c.text for c in r.cells] for r in indicators.rows[1:]}
    assert rows["馆藏档案数字化页数"][1:6] == ["≥120000页", "126000页", "20", "≥120000页", "131000页"]
    budget = tables[BUDGET_COMPARISON_HEADER]
    lines = {r.cells[0].text: [c.text for c in r.cells] for r in budget.rows[1:]}
    assert lines["部门预算合计"][1:] == ["500.00", "509.60", "520.00", "525.00", "15.40（3.02%）"]


def test_the_reliability_paragraph_grades_three_years() -> None:
    result = second_year()
    view = report_view(result)
    text = "\n".join(b.text for b in view.blocks)
    # 2025: 525 ÷ 520 = 100.96 %; 2024: 509.60 ÷ 500 = 101.92 %
    assert "2025年全年执行数525.00万元，为年初预算520.00万元的100.96%" in text
    assert "2024年101.92%、2025年100.96%，PI-1 评为 A" in text


def test_a_single_year_report_says_the_grade_needs_more_years() -> None:
    view = report_view(evaluate(EXAMPLES / "yanfeng-xinfang-2024.yaml"))
    paragraph = next(b.text for b in view.blocks if b.text.startswith("参照 PEFA"))
    assert "年中调整+31.68%" in paragraph
    assert "单年落在 PI-1 的 D 档" in paragraph
    assert "未评定等级" in paragraph
    assert view.comparison_rows == []
