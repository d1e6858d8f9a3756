"""Facts: every number with its value as written, resolved unit, kind, labels and span, on the shapes
published reports really have (made-up figures)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.inputs.document import Document
from jixiao.inputs.facts import Fact, read_facts, table_and_bare_amount_facts
from jixiao.inputs.tables import recognise
from jixiao.intake import extract_text


def facts(text: str) -> list[Fact]:
    found = read_facts(Document(text=text, format="txt", blocks=recognise(text)))
    for fact in found:  # the span points at the number as written
        if fact.kind not in ("document-number", "date"):
            assert text[fact.start : fact.end].replace(",", "").startswith(str(fact.value).lstrip("-")[:1])
    return found


def summary(found: list[Fact], kind: str | None = None) -> list[tuple[str, str, str | None]]:
    return [(f.kind, str(f.value), f.unit) for f in found if kind is None or f.kind == kind]


def amounts(text: str) -> list[str]:
    evaluation, _ = extract_text(text)
    return [f"{s.value}{s.unit}" for s in evaluation.stated if s.kind == "amount"]


def test_bare_wan_and_yi_in_prose() -> None:
    text = "本年到位资金16.5万,已支出16.5万。财政收入较上年减少2.8亿。带动就业3万人次,产量10万斤。\n"
    assert summary(facts(text), "amount") == [
        ("amount", "16.5", "万元"),
        ("amount", "16.5", "万元"),
        ("amount", "2.8", "亿元"),
    ]
    assert amounts(text) == ["16.5万元", "16.5万元", "2.8亿元"]


def test_a_header_whose_bracket_was_lost_one_cell_per_line() -> None:
    cells = ["经费控制情况(万元", "2023 年决算数", "2024 年预算数", "2024 年决算数"]
    cells += ["公用经费", "88.40", "70.10", "86.35", "人员经费", "120.5", "118", "119.25"]
    text = "\n".join(cells) + "\n"
    found = facts(text)
    assert summary(found) == [
        ("amount", "88.40", "万元"),
        ("amount", "70.10", "万元"),
        ("amount", "86.35", "万元"),
        ("amount", "120.5", "万元"),
        ("amount", "118", "万元"),
        ("amount", "119.25", "万元"),
    ]
    assert found[1].labels == ("2024 年预算数", "公用经费")
    assert amounts(text)[:3] == ["88.40万元", "70.10万元", "86.35万元"]


def test_rubric_scores_under_an_earlier_wanyuan_header_are_scores() -> None:
    text = (
        "项目资金(万元) | 年初预算数 | 全年执行数 | 分值 | 执行率 | 得分\n"
        "年度资金总额 | 52 | 52 | 10 | 100.00% | 10\n"
        "其中:财政拨款 | 40 | 38 | 5 | 95% | 4.75\n"
    )
    assert summary(facts(text))[:5] == [
        ("amount", "52", "万元"),
        ("amount", "52", "万元"),
        ("weight", "10", "分"),
        ("rate", "100.00", "%"),
        ("score", "10", "分"),
    ]


def test_years_and_document_numbers_are_never_amounts() -> None:
    text = (
        "根据泉财农〔2020〕268号文件,2020年下达资金12万元。\n"
        "单位:万元\n"
        "年度 | 预算数 | 决算数\n"
        "2022 | 30 | 29\n"
        "2023 | 35 | 34.5\n"
    )
    found = facts(text)
    kinds = [(f.kind, f.text) for f in found]
    assert ("document-number", "〔2020〕268号") in kinds
    assert ("year", "2022") in kinds
    assert ("year", "2023") in kinds
    assert summary(found, "amount") == [
        ("amount", "12", "万元"),
        ("amount", "30", "万元"),
        ("amount", "29", "万元"),
        ("amount", "35", "万元"),
        ("amount", "34.5", "万元"),
    ]


def test_a_total_row_of_zeros_is_read() -> None:
    text = "合计: 0 0 0 10 0 0\n其中:本年财政拨款 61 60.5 60.5\n"
    found = facts(text)
    assert [str(f.value) for f in found] == ["0", "0", "0", "10", "0", "0", "61", "60.5", "60.5"]
    assert found[0].labels == ("合计:",)


def test_cells_run_together_under_a_unit_header() -> None:
    found = facts("乡镇补助资金(万元)备注东山镇4.5西河乡2.3南岭镇1.7合计8.5\n")
    assert summary(found) == [
        ("amount", "4.5", "万元"),
        ("amount", "2.3", "万元"),
        ("amount", "1.7", "万元"),
        ("amount", "8.5", "万元"),
    ]
    assert [f.labels[-1] for f in found] == ["东山镇", "西河乡", "南岭镇", "合计"]


def test_amount_first_breakdowns_and_targets() -> None:
    text = (
        "其中:30万元用于设备购置;30万元用于系统维护;29.5万元用于培训;保安,保洁人员工资150000元。\n"
        "苗木采购总成本≤60万元59万元8\n"
    )
    assert summary(facts(text), "amount") == [
        ("amount", "30", "万元"),
        ("amount", "30", "万元"),
        ("amount", "29.5", "万元"),
        ("amount", "150000", "元"),
        ("amount", "60", "万元"),
        ("amount", "59", "万元"),
    ]


def test_a_row_not_as_wide_as_its_header_takes_no_column_unit() -> None:
    # the header has a column the rows leave out (a merged cell): its columns cannot be placed
    text = (
        "资金(万元) | 来源 | 年初预算数 | 分值 | 得分\n基本支出 | 300.5 | 10 | 9\n项目支出 | 200 | 10 | 9\n"
    )
    assert summary(facts(text), "amount") == []


def test_an_indicator_row_whose_category_cells_were_left_out_stands_under_its_columns() -> None:
    # a web page's table flattened to | rows: the merged 一级/二级指标 cells appear on their first row only,
    # the rows padded at the end; the first name of a row says under which header column it stands
    text = (
        "绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 原因 |\n"
        "产出指标 | 数量指标 | 维修里程 | ≥12公里 | 12.5公里 | 30 | 30 | | |\n"
        "质量指标 | 验收合格率 | 100% | 100% | 30 | 30 | | | |\n"
        "及时完工率 | 100% | 95% | 30 | 28 | | | | |\n"
    )
    found = [(f.kind, str(f.value)) for f in facts(text) if f.kind in ("weight", "score")]
    assert found == [
        ("weight", "30"),
        ("score", "30"),
        ("weight", "30"),
        ("score", "30"),
        ("weight", "30"),
        ("score", "28"),
    ]


def test_a_row_that_no_name_anchors_is_placed_as_before() -> None:
    # a total row and a row starting with a number are not moved: as wide as the header, they stand as
    # written; narrower, they are not placed
    text = (
        "一级指标 | 二级指标 | 三级指标 | 分值 | 得分\n"
        "产出指标 | 数量指标 | 培训人次 | 40 | 40\n"
        "合计 | 40 | 40\n"
    )
    kinds = [(f.kind, str(f.value)) for f in facts(text) if f.row == 2]
    assert kinds == [("number", "40"), ("number", "40")]


def test_extract_facts_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("单位:万元\n项目 | 预算数\n合计 | 12\n公务接待费 | 5\n", encoding="gbk")
    result = CliRunner().invoke(app, ["extract", str(path), "--facts"])
    assert result.exit_code == 0
    assert re.search(r"report.txt:3\s+amount\s+12万元\s+预算数 / 合计", result.output)
    result = CliRunner().invoke(app, ["extract", str(path), "--facts", "--format", "json"])
    rows = json.loads(result.output)
    assert rows[0]["kind"] == "amount"
    assert rows[0]["value"] == "12"
    assert rows[0]["line"] == 3
    assert Decimal(rows[1]["value"]) == 5


def test_a_score_coefficient_column_is_a_rate_not_a_score() -> None:
    text = (
        "指标名称 | 年初指标值 | 全年完成值 | 得分系数(%) | 指标权重(分) | 指标得分(分)\n"
        "宣传活动开展 | 100 | 92 | 92 | 3 | 2.76\n"
    )
    assert summary(facts(text)) == [
        ("number", "100", None),
        ("number", "92", None),
        ("rate", "92", "%"),
        ("weight", "3", "分"),
        ("score", "2.76", "分"),
    ]


def test_about_and_bracketed_units_in_prose() -> None:
    text = "本年支出25000余元，另有1.2万余元结转；资金总额120.5（万元），其中财政拨款100（万元）。\n"
    assert summary(facts(text), "amount")[:2] == [("amount", "25000", "元"), ("amount", "1.2", "万元")]
    assert amounts(text) == ["25000元", "1.2万元", "120.5万元", "100万元"]


READ_ONCE = """项目资金(万元) | 全年预算数 | 全年执行数
年度资金总额 | 52 | 50.5
本年到位资金16.5万,已支出16.5万。
预算执行率97.12%，共举办培训12场。
"""


def test_each_block_is_read_once_and_the_facts_are_the_same_as_read_fresh() -> None:
    # the amounts pass reads the tables and the bare 万/亿 paragraphs; the checks then read every block
    # and get the same Fact objects for those, the others read now; the list equals a fresh reading
    document = Document(text=READ_ONCE, format="txt", blocks=recognise(READ_ONCE))
    part = table_and_bare_amount_facts(document)
    whole = read_facts(document)
    assert {id(f) for f in part} <= {id(f) for f in whole}
    assert len(whole) > len(part)  # 97.12% and 12场 stand in a paragraph the amounts pass skips
    fresh = read_facts(Document(text=READ_ONCE, format="txt", blocks=recognise(READ_ONCE)))
    assert [f.as_json() for f in whole] == [f.as_json() for f in fresh]
    assert [f.as_json() for f in read_facts(document)] == [f.as_json() for f in fresh]


def test_new_blocks_are_read_again() -> None:
    document = Document(text=READ_ONCE, format="txt", blocks=recognise(READ_ONCE))
    before = read_facts(document)
    other = "全年预算数 80 万元。"
    document.text, document.blocks = other, recognise(other)
    after = read_facts(document)
    assert summary(after) == [("amount", "80", "万元")]
    assert summary(before) != summary(after)


def test_numbers_of_a_list_share_the_unit_after_the_last() -> None:
    text = "收、支总计各是2316.48,2338.05万元。分别为120.5和86万元，各为3.2、3.1万元。共12、8个项目。\n"
    found = facts(text)
    amounts = [(f.kind, f.value, f.unit) for f in found if f.kind == "amount"]
    assert amounts == [
        ("amount", Decimal("2316.48"), "万元"),
        ("amount", Decimal("2338.05"), "万元"),
        ("amount", Decimal("120.5"), "万元"),
        ("amount", Decimal("86"), "万元"),
        ("amount", Decimal("3.2"), "万元"),
        ("amount", Decimal("3.1"), "万元"),
    ]


def test_a_thousands_separator_is_no_list() -> None:
    found = facts("支出1,234万元，收入2,345.5万元。\n")
    assert [(f.value, f.unit) for f in found if f.kind == "amount"] == [
        (Decimal("1234"), "万元"),
        (Decimal("2345.5"), "万元"),
    ]
