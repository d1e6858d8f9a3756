"""Cells run together under a header naming their columns: cut the one way the figures agree, or not
at all."""

from __future__ import annotations

from jixiao.inputs.document import Document, Table
from jixiao.inputs.facts import read_facts
from jixiao.inputs.glued import split_run
from jixiao.inputs.tables import recognise
from jixiao.intake import extract_text

BUDGET = ["amount", "amount", "weight", "rate", "score"]


def cut(run: str, kinds: list[str]) -> list[str] | None:
    spans = split_run(run, kinds)
    return None if spans is None else [run[a:b] for a, b in spans]


def test_the_issue_row_is_cut_by_its_rate_and_score() -> None:
    assert cut("525210100.00%10", BUDGET) == ["52", "52", "10", "100.00%", "10"]
    assert cut("40381095.00%9.5", BUDGET) == ["40", "38", "10", "95.00%", "9.5"]
    three = ["amount", "amount", "amount", "weight", "rate", "score"]
    assert cut("4000400039801099.50%9.95", three) == ["4000", "4000", "3980", "10", "99.50%", "9.95"]


def test_no_cut_without_a_rate_or_when_no_cut_agrees() -> None:
    assert cut("52521010", ["amount", "amount", "weight", "score"]) is None  # nothing to tell the cuts apart
    assert cut("5252100.00%", ["amount", "amount", "rate"]) == ["52", "52", "100.00%"]
    assert cut("5253100.00%", ["amount", "amount", "rate"]) is None  # no cut gives 100 %


def test_a_glued_row_becomes_a_table_and_its_facts() -> None:
    text = "项目资金(万元) 全年预算数 全年执行数 分值 执行率 得分\n年度资金总额:525210100.00%10\n"
    document = Document(text=text, format="txt", blocks=recognise(text))
    tables = [block for block in document.blocks if isinstance(block, Table)]
    assert [t.texts() for t in tables] == [
        [
            ["项目资金(万元)", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
            ["年度资金总额", "52", "52", "10", "100.00%", "10"],
        ]
    ]
    kinds = [(f.kind, str(f.value), f.unit) for f in read_facts(document)]
    assert kinds == [
        ("amount", "52", "万元"),
        ("amount", "52", "万元"),
        ("weight", "10", "分"),
        ("rate", "100.00", "%"),
        ("score", "10", "分"),
    ]
    evaluation, _ = extract_text(text)
    # the run was read as one rate of 525210100 %; the table pass reads the grid the cut gives: the total
    # row's amounts and rate, and 预算执行率's 分值 and 得分
    assert [(s.kind, str(s.value), s.path) for s in evaluation.stated] == [
        ("amount", "52", "budget.total.adjusted"),
        ("amount", "52", "budget.total.executed"),
        ("rate", "100.00", "budget.total.rate"),
    ]
    execution = evaluation.indicators[0]
    assert (execution.kind, execution.weight, execution.score) == ("execution_rate", 10, 10)
