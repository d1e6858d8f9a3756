"""Cells run together under a header naming their columns: cut the one way the figures agree, or not
at all."""

from __future__ import annotations

from jixiao.inputs.document import Document, Table
from jixiao.inputs.facts import read_facts
from jixiao.inputs.glued import split_row, split_run
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
    # row's amounts and rate, and 预算执行率's 分值 and 得分, each where it stands in the run
    assert [(s.kind, str(s.value), s.path, s.span) for s in evaluation.stated] == [
        ("amount", "52", "budget.total.adjusted", (38, 40)),
        ("amount", "52", "budget.total.executed", (40, 42)),
        ("weight", "10", "indicators.预算执行率.weight", (42, 44)),
        ("rate", "100.00", "budget.total.rate", (44, 51)),
        ("score", "10", "indicators.预算执行率.score", (51, 53)),
    ]
    execution = evaluation.indicators[0]
    assert (execution.kind, execution.weight, execution.score) == ("execution_rate", 10, 10)


def test_a_rate_agrees_only_when_rounded_or_truncated_to_it() -> None:
    # 401 / 404 = 99.26 %: neither rounds nor truncates to 100 %, and a weight of 0 is no weight
    assert cut("40404010100%", ["amount", "amount", "amount", "weight", "rate"]) == [
        "40",
        "40",
        "40",
        "10",
        "100%",
    ]
    assert cut("4004399.5%", ["amount", "amount", "rate"]) is None  # 43/400 is 10.75 %, 4/400 is 1 %
    assert cut("20019999.5%", ["amount", "amount", "rate"]) == ["200", "199", "99.5%"]


def test_a_row_may_leave_out_the_score_or_the_weight_and_score() -> None:
    kinds = ["amount", "amount", "amount", "weight", "rate", "score"]
    spans = split_row("25252510100%", kinds, "年度资金总额")
    assert spans is not None
    assert [None if s is None else "25252510100%"[s[0] : s[1]] for s in spans] == [
        "25",
        "25",
        "25",
        "10",
        "100%",
        None,
    ]
    assert split_row("12.511.290%", kinds, "其中:财政拨款") is None  # 11.2 / 12.5 is 89.6 %
    assert split_row("25252510100%", kinds, "其中:财政拨款") is None  # a part has no weight
    spans = split_row("50504590%", kinds, "其中:财政拨款")  # no weight, no score
    assert spans is not None
    assert [None if s is None else "50504590%"[s[0] : s[1]] for s in spans] == [
        "50",
        "50",
        "45",
        None,
        "90%",
        None,
    ]


def test_a_whole_form_glued_into_one_paragraph() -> None:
    # OCR of a shared document: the header words and the rows with no separator, text around them
    text = (
        "项目支出绩效自评表(2021年度)项目名称某某专项经费主管部门某县文化局项目资金(万元)"
        "年初预算数全年预算数全年执行数分值执行率得分年度资金总额25252510100%其中:当年财政拨款"
        "252525100%上年结转资金其他资金年度总体目标预期目标实际完成情况完成设备更新,保障演出需要。\n"
    )
    tables = [b for b in recognise(text) if isinstance(b, Table)]
    assert [t.texts() for t in tables] == [
        [
            ["", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
            ["年度资金总额", "25", "25", "25", "10", "100%", ""],
            ["其中:当年财政拨款", "25", "25", "25", "", "100%", ""],
        ]
    ]
    evaluation, _ = extract_text(text)
    assert [f"{s.value}{s.unit}" for s in evaluation.stated if s.kind == "amount"] == ["25万元"] * 6
    assert [f"{s.value}{s.unit}" for s in evaluation.stated if s.kind == "rate"] == ["100%", "100%"]


def test_a_glued_run_is_never_a_percentage() -> None:
    evaluation, _ = extract_text("项目资金年度资金总额303010100%其中:当年财政拨款303030100%。\n")
    assert [s for s in evaluation.stated if s.kind == "rate"] == []


def test_a_whole_form_flattened_into_one_line_with_spaces() -> None:
    text = (
        "附件: 项目支出绩效自评表 (2022年度) 项目名称 委托业务项目 主管部门 某镇人民政府 项目资金 (万元) "
        "年初预算数 全年预算数 全年执行数 分值 执行率 得分 年度资金总额: 0 0 0 10 0 0 "
        "其中:本年财政拨款 70 69.85 69.85 上年结转资金 其他资金 年度总体目标 本项目共申请预算资金70万元。\n"
    )
    tables = [b for b in recognise(text) if isinstance(b, Table)]
    assert [t.texts()[1:] for t in tables] == [
        [
            ["年度资金总额", "0", "0", "0", "10", "0", "0"],
            ["其中:本年财政拨款", "70", "69.85", "69.85", "", "", ""],
        ]
    ]
    evaluation, _ = extract_text(text)
    amounts = [f"{s.value}{s.unit}" for s in evaluation.stated if s.kind == "amount"]
    assert amounts == ["0万元", "0万元", "0万元", "70万元", "69.85万元", "69.85万元", "70万元"]


def test_dashes_mark_the_cells_a_part_leaves_empty_and_a_row_of_zeros_is_cut() -> None:
    # OCR of a form: the 其中 rows write — where 分值 and 得分 do not apply; the row of a fund source
    # with no money is all zeros, which agree with any cut but cut only one way into well-formed numbers
    kinds = ["amount", "amount", "amount", "weight", "rate", "score"]
    run = "36.0036.0034.20—95.00%—"
    spans = split_row(run, kinds, "其中:当年财政拨款")
    assert spans is not None
    assert [run[span[0] : span[1]] if span else "" for span in spans] == [
        "36.00", "36.00", "34.20", "", "95.00%", "",
    ]  # fmt: skip
    assert split_run("0.000.000.000.00%", ["amount", "amount", "amount", "rate"]) == [
        (0, 4), (4, 8), (8, 12), (12, 17),
    ]  # fmt: skip
    text = (
        "项目支出绩效自评表(2024年度)\n项目名称某村道路硬化项目实施单位某镇人民政府项目资金(万元)"
        "年初预算数全年预算数全年执行数分值执行率得分年度资金总额36.0036.0034.201095.00%9.50"
        "其中:当年财政拨款36.0036.0034.20—95.00%—上年结转资金0.000.000.00—0.00%—\n"
    )
    evaluation, _ = extract_text(text)
    amounts = [f"{s.value}" for s in evaluation.stated if s.kind == "amount"]
    assert amounts == ["36.00", "36.00", "34.20", "36.00", "36.00", "34.20", "0.00", "0.00", "0.00"]
