"""The report's view: totals from parts, rates and shares computed, scores from the scorecard,
corrections listed, the outline numbered in order."""

from __future__ import annotations

import ast
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml

from jixiao.model import Evaluation
from jixiao.numbers import chinese_ordinal
from jixiao.pipeline import evaluate, evaluate_model
from jixiao.report import ReportView, report_view
from jixiao.rules import load_ruleset

FIXTURE = Path(__file__).resolve().parent / "render" / "dept.yaml"


def q2(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def view_of(data: dict) -> ReportView:
    from jixiao.inputs.structured.normalise import build_evaluation

    evaluation, issues = build_evaluation(data, {}, file="test.yaml", fmt="yaml")
    assert evaluation is not None, issues
    ruleset, _ = load_ruleset("cz2020-self")
    assert ruleset is not None
    return report_view(evaluate_model(evaluation, ruleset))


@pytest.fixture
def data() -> dict:
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))


def test_total_is_the_sum_of_basic_and_project(data: dict) -> None:
    view = view_of(data)
    total = view.budget_rows[0]
    budget = data["budget"]
    for column in ("initial", "adjusted", "executed"):
        expected = Decimal(str(budget["basic"][column])) + Decimal(str(budget["project"][column]))
        assert getattr(total, column) == q2(expected)
    assert total.executed != Decimal(str(budget["total"]["executed"]))  # the fixture's slip
    assert any(c.path == "budget.total.executed" for c in view.corrections)


def test_share_is_part_over_parent_and_the_wrong_one_is_corrected(data: dict) -> None:
    view = view_of(data)
    public = next(r for r in view.budget_rows if r.label.endswith("日常公用经费"))
    expected = q2(Decimal("13.82") * 100 / Decimal("163.09"))
    assert public.share == expected
    note = next(c for c in view.corrections if c.path == "budget.basic.public.share")
    assert note.stated == "9.47%"
    assert note.corrected == f"{expected}%"
    assert "8.47%" in " ".join(b.text for b in view.blocks)


def test_truncated_rate_is_corrected_to_half_up(data: dict) -> None:
    data["budget"] = {"total": {"initial": 230.52, "adjusted": 303.55, "executed": 303.06, "rate": "99.83%"}}
    view = view_of(data)
    exact = Decimal("303.06") * 100 / Decimal("303.55")
    assert view.budget_rows[0].rate == q2(exact) == Decimal("99.84")
    assert any(c.path == "budget.total.rate" and c.stated == "99.83%" for c in view.corrections)
    execution = view.budget_rows[0].score
    assert execution == q2(exact / 100 * 10)  # 9.98: proportional execution-rate score


def test_scores_capped_and_total_is_the_sum(data: dict) -> None:
    view = view_of(data)
    row = next(r for r in view.indicator_rows if r.level3 == "维稳工作")
    assert row.score == row.weight == Decimal(10)  # declared 12 > weight 10
    assert any(c.label == "维稳工作得分" and c.stated == "12分" for c in view.corrections)
    scores = [r.score for r in view.indicator_rows if r.score is not None]
    assert view.total_score == sum(scores, view.budget_rows[0].score or Decimal(0))
    assert view.grade == "优"


def test_qualitative_score_kept_inside_its_band(data: dict) -> None:
    node = data["indicators"][1]["children"][1]
    node.update(band="部分达成年度指标并具有一定效果", score=9)
    view = view_of(data)
    row = next(r for r in view.indicator_rows if r.level3 == node["name"])
    assert row.score == Decimal("7.99")  # band [6, 8) of weight 10
    assert any(c.path.endswith(f"{node['name']}.score") for c in view.corrections)


def test_consistent_input_needs_no_corrections() -> None:
    data = {
        "department": "某局",
        "year": 2024,
        "budget": {
            "basic": {"initial": 100, "adjusted": 100, "executed": 100},
            "project": {"initial": 50, "adjusted": 60, "executed": 54},
        },
        "indicators": [
            {"name": "预算执行率", "weight": 10, "score": 9.63},
            {
                "name": "产出指标",
                "weight": 90,
                "score": 90,
                "children": [{"name": "甲", "weight": 90, "score": 90}],
            },
        ],
        "declared": {"total_score": 99.63},
    }
    view = view_of(data)
    assert view.corrections == []
    assert view.budget_rows[0].executed == Decimal("154.00")
    assert view.total_score == Decimal("99.63")  # 154 / 160 × 10 = 9.625 → 9.63 half-up


def test_department_outline_is_numbered_in_order(data: dict) -> None:
    view = view_of(data)
    level1 = [b.text for b in view.blocks if b.level == 1]
    assert [t.split("、")[0] for t in level1] == [chinese_ordinal(n) for n in range(1, 9)]
    assert level1[0] == "一、基本情况"
    assert level1[4] == "五、部门整体支出绩效情况"
    assert level1[7] == "八、部门整体支出绩效自评结果拟应用和公开情况"
    # level-2 numbers restart under each level-1 heading
    current: list[str] = []
    for block in view.blocks:
        if block.level == 1:
            current = []
        elif block.level == 2:
            current.append(block.text)
            assert block.text.startswith(f"（{chinese_ordinal(len(current))}）")
    assert "（一）预算执行率（分值10分，得10分，未扣分）" in [b.text for b in view.blocks]


def test_missing_funds_say_none_and_missing_text_is_marked(data: dict) -> None:
    data["narrative"]["problems"] = []
    view = view_of(data)
    texts = [b.text for b in view.blocks]
    assert "2024年度无政府性基金预算支出。" in texts
    problems = texts.index("六、存在的问题及原因分析")
    assert texts[problems + 1] == "（待补充）"


def test_project_evaluation_has_its_own_title_and_outline() -> None:
    data = {
        "kind": "project",
        "department": "某区财政局",
        "project": "信访救助资金",
        "year": 2024,
        "budget": {"total": {"initial": 40, "adjusted": 43.2, "executed": 37.24}},
        "indicators": [{"name": "预算执行率", "weight": 10, "score": 9}],
    }
    view = view_of(data)
    assert view.title == "某区财政局信访救助资金2024年度项目支出绩效自评报告"
    level1 = [b.text for b in view.blocks if b.level == 1]
    assert level1[:3] == ["一、基本情况", "二、绩效目标完成情况", "三、绩效自评结果"]
    assert view.budget_rows[0].rate == Decimal("86.20")
    # only the execution-rate line (10 of 100 points): no total and no grade, and the report says why
    assert view.total_score is None
    texts = [b.text for b in view.blocks]
    assert any("已填写的指标分值合计 10 分，规则满分 100 分" in t for t in texts), texts


def test_report_module_imports_no_front_end_or_renderer() -> None:
    import jixiao.report as package

    files = sorted(Path(package.__file__).parent.glob("*.py"))
    assert len(files) > 1
    for file in files:
        tree = ast.parse(file.read_text(encoding="utf-8"))
        imported = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)] + [
            alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
        ]
        assert imported, file.name
        front_ends = ("jixiao.render", "jixiao.cli", "jixiao.web", "jixiao.batch")
        assert not [m for m in imported if m.startswith(front_ends)], file.name


def test_report_view_needs_a_loaded_result() -> None:
    from jixiao.pipeline import Result

    with pytest.raises(ValueError, match="loaded evaluation"):
        report_view(Result(file="x"))
    assert Evaluation(department="x", year=2024).kind == "department"


def test_department_report_summarises_its_projects(tmp_path: Path) -> None:
    source = tmp_path / "dept.yaml"
    source.write_text(
        "department: 测试局\nyear: 2024\nbudget:\n  total: {initial: 100, adjusted: 100, executed: 100}\n"
        "projects:\n  - department: 测试局\n    project: 信访工作经费\n    kind: project\n    year: 2024\n"
        "    budget:\n      total: {initial: 50, adjusted: 50, executed: 40, rate: 90%}\n"
        "    indicators:\n      - {name: 预算执行率, weight: 10, score: 10}\n",
        encoding="utf-8",
    )
    view = report_view(evaluate(source))
    texts = [block.text for block in view.blocks]
    heading = texts.index("（一）所属项目支出绩效自评情况")
    assert texts[heading + 1] == "1.信访工作经费"
    assert "实际支出40.00万元，完成全年预算的80.00%" in texts[heading + 2]
    assert "无法计算自评得分和评价等级" in texts[heading + 2]  # 10 of 100 points: no total (SCO014)
    notes = view.notes
    assert (
        "项目“信访工作经费”年度资金总额执行率：原为 90%，报告采用 80.00%（全年执行数 ÷ 全年预算数，四舍五入）"
        in notes
    )


def test_stated_100_percent_over_99_84_is_a_correction_as_the_check_says(data: dict) -> None:
    """One decision of stated against computed: BUD005 fires and the report lists the same correction."""
    data["budget"] = {"total": {"initial": 303.55, "adjusted": 303.55, "executed": 303.06, "rate": "100%"}}
    from jixiao.inputs.structured.normalise import build_evaluation

    evaluation, _ = build_evaluation(data, {}, file="test.yaml", fmt="yaml")
    assert evaluation is not None
    ruleset, _ = load_ruleset("cz2020-self")
    assert ruleset is not None
    result = evaluate_model(evaluation, ruleset)
    [bud005] = [i for i in result.issues if i.code == "BUD005"]
    assert (bud005.expected, bud005.found) == ("99.84%", "100%")
    view = report_view(result)
    [note] = [c for c in view.corrections if c.path == "budget.total.rate"]
    assert (note.stated, note.corrected) == ("100%", "99.84%")
