"""The figures the facts add to the stated ones: table amounts placed under their columns, rate columns,
money-only tables; column-blind readings of a table's rows are gone (made-up figures, real shapes)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.extract.patterns import Found
from jixiao.inputs.facts import Fact
from jixiao.inputs.stated import _covered, _Spans, spanning_figures
from jixiao.intake import extract_text


def stated(text: str, kind: str) -> list[str]:
    evaluation, _ = extract_text(text)
    return [f"{s.value}{s.unit}" for s in evaluation.stated if s.kind == kind]


def test_a_declared_unit_over_columns_that_do_not_say_money() -> None:
    # 已下达 / 本次下达 name no money word, the header places them; 2031 in an amount column is money
    text = (
        "附件1\n某县补助资金分配表\n单位:万元\n"
        "地区 | 已下达 | 本次下达 | 合计下达 |\n"
        "东山镇 | 1200 | 2031 | 3231 |\n"
        "西河乡 | 300 | 150 | 450 |\n"
    )
    assert stated(text, "amount") == ["1200万元", "2031万元", "3231万元", "300万元", "150万元", "450万元"]


def test_a_score_column_under_a_declared_unit_is_no_amount() -> None:
    text = (
        "专项债券项目绩效评价表\n单位:亿元\n"
        "项目名称 | 债券性质 | 已发债券规模 | 自评分数\n"
        "甲医院建设工程 | 专项债券 | 0.35 | 95.5\n"
        "乙医院重建项目 | 专项债券 | 1.2 | 90\n"
    )
    assert stated(text, "amount") == ["0.35亿元", "1.2亿元"]


def test_a_table_whose_header_names_money_only_gives_every_number() -> None:
    # a two-level header written one cell per line: the numbers cannot be placed, but nothing in the
    # header names a column of another kind
    cells = ["经费合计", "因公出国(境)费", "公务用车购置及运行费", "公务接待费", ""]
    cells += ["小计", "购置费", "运行费"]
    text = "“三公”经费支出预算表\n单位:万元\n" + "".join(f"{c} |\n" for c in cells) + "|||\n"
    text += "".join(f"{n} |\n" for n in ["66", "0", "60", "40", "20", "6"])
    assert stated(text, "amount") == ["66万元", "0万元", "60万元", "40万元", "20万元", "6万元"]


def test_a_rate_column_gives_rates_and_a_row_writing_percent_signs_keeps_them() -> None:
    text = "年份 | 收入(亿元) | 比上年增长(%)\n2022 | 31.20 | 6.5\n2023 | 33.01 | 5.8\n"
    assert stated(text, "rate") == ["6.5%", "5.8%"]
    assert stated(text, "amount") == ["31.20亿元", "33.01亿元"]
    shifted = (
        "预算执行情况 | 年度预算数(万元) | 年初预算 | 调整后预算 | 执行数 | 执行率 | 分值 | 得分\n"
        "总额 | 12.00 | 12.00 | 11.40 | 95.00% | 10 | 9.5 | 说明\n"
    )
    assert stated(shifted, "rate") == ["95.00%"]


def test_a_year_table_from_a_pdf_text_layer() -> None:
    # two header lines whose words stand over their columns, a blank line between two rows
    text = (
        "           表 7  2019—2023 年度某县财政收支情况表\n\n"
        "   年份       财政总收入  (亿元)                      一般公共预算支出(亿元)\n"
        "                                 比上年增长  (%)                      比上年增长  (%)\n"
        "   2019            40.10             9.1               45.20              3.1\n"
        "\n"
        "   2020            42.30             5.5               41.90             -7.3\n"
        "   2021            44.00             4.0               48.60             16.0\n"
    )
    assert stated(text, "amount") == [
        "40.10亿元", "45.20亿元", "42.30亿元", "41.90亿元", "44.00亿元", "48.60亿元",
    ]  # fmt: skip
    assert stated(text, "rate") == ["9.1%", "3.1%", "5.5%", "-7.3%", "4.0%", "16.0%"]


def test_a_form_of_keys_and_values_one_per_row() -> None:
    text = (
        "评价机构:某咨询公司 单位:万元、个 | ||||\n"
        "项目名称 |\n某镇村干部报酬项目 |\n评价年度 |\n2023 | |||\n自评分值 |\n95 |\n"
        "各级资金投入总数 |\n186.20 |\n区级财政资金拨付数 |\n186.20 |\n资金抽查占比 |\n100% | |||\n"
        "抽查项目数 |\n2 |\n项目类别 |\n1 |\n"
    )
    assert stated(text, "amount") == ["186.20万元", "186.20万元"]


def test_a_two_level_pipe_header_whose_edge_cells_are_empty() -> None:
    text = (
        "单位：万元\n项目 | 2023年决算 | | 2024年预算 |\n | 金额 | 占比(%) | 金额 | 占比(%)\n"
        "基本支出 | 110.5 | 55.3 | 120 | 56\n项目支出 | 89.4 | 44.7 | 94.3 | 44\n"
    )
    assert stated(text, "amount") == ["110.5万元", "120万元", "89.4万元", "94.3万元"]
    assert stated(text, "rate") == ["55.3%", "56%", "44.7%", "44%"]
    units = "项目 | 预算数 | 执行数\n | 万元 | 万元\n合计 | 100 | 95\n"
    assert stated(units, "amount") == ["100万元", "95万元"]


def test_a_column_headed_with_a_percent_sign_holds_rates() -> None:
    cells = ["单位：万元", "项目", "预算数", "决算数", "决算数为预算数的%"]
    cells += ["基本支出", "120.5", "118.2", "98.1", "项目支出", "79.6", "70.0", "87.9"]
    text = "\n".join(cells) + "\n"
    assert stated(text, "amount") == ["120.5万元", "118.2万元", "79.6万元", "70.0万元"]
    assert stated(text, "rate") == ["98.1%", "87.9%"]


# the binary searches over spans (added_amounts, spanning_figures) against their plain formulations
span = st.tuples(st.integers(0, 60), st.integers(0, 8)).map(lambda p: (p[0], p[0] + p[1]))


def _fact(start: int, end: int, table: int | None = 0) -> Fact:
    return Fact(Decimal(1), "1", "万元", "amount", (), start, end, table=table)


@settings(max_examples=300, deadline=None)
@given(st.lists(span, max_size=12), span)
def test_covered_is_any_overlap(spans: list[tuple[int, int]], at: tuple[int, int]) -> None:
    fact = _fact(*at)
    plain = any(start < fact.end and fact.start < end for start, end in spans)
    assert _covered(fact, _Spans(spans)) == plain


@settings(max_examples=300, deadline=None)
@given(st.lists(span, max_size=12), st.lists(st.tuples(span, st.booleans()), max_size=6))
def test_spanning_figures_hold_two_cells(
    cells: list[tuple[int, int]], items: list[tuple[tuple[int, int], bool]]
) -> None:
    facts = [_fact(start, end) for start, end in cells] + [_fact(0, 70, table=None)]
    figures = tuple(
        (Found("amount", Decimal(1), "万元", start, end, ""), "budget.total" if has_path else None)
        for (start, end), has_path in items
    )
    plain = tuple(
        item
        for item, path in figures
        if path is None and sum(1 for a, b in cells if item.start <= a and b <= item.end) >= 2
    )
    assert spanning_figures(facts, figures) == plain


def test_a_unit_row_inside_a_pipe_table_and_a_flattened_two_level_header() -> None:
    # a web page's table: its title and ``单位:万元`` are rows of the table; the lower header level
    # (增减金额 | 增减幅度) arrives packed at the left, under the group 比上年增减 that spans two columns
    text = (
        "| 发布机构 | 某县财政局 | 发布日期 | 2024-03-01 |\n"
        "某县2023年“三公”经费决算统计表 | ||||\n"
        "单位:万元 | ||||\n"
        "项目 | 上年决算数 | 本年决算数 | 比上年增减 | |\n"
        "增减金额 | 增减幅度 | |||\n"
        "合计 | 120.50 | 110.25 | -10.25 | -8.51% |\n"
        "公务接待费 | 40.00 | 42.10 | 2.10 | 5.25% |\n"
    )
    assert stated(text, "amount") == [
        "120.50万元", "110.25万元", "-10.25万元", "40.00万元", "42.10万元", "2.10万元",
    ]  # fmt: skip
    assert stated(text, "rate") == ["-8.51%", "5.25%"]


def test_header_cells_led_by_a_year_over_percentage_columns_without_a_sign() -> None:
    # ``2022年决算数`` is a header word, not a number; 占调整预算% and 比上年增长% are the lower level
    # of 2023年执行数: their numbers are rates, never amounts
    text = (
        "表1 | ||||\n"
        "2023年某镇一般公共预算收入执行情况表 | ||||\n"
        "单位:万元 | ||||\n"
        "项 目 | 2022年决算数 | 2023年调整预算数 | 2023年执行数 | ||\n"
        "金额 | 占调整预算% | 比上年增长% | |||\n"
        "税收收入 | 520 | 560 | 548 | 97.9 | 5.38 |\n"
        "非税收入 | 80 | 60 | 66 | 110 | -17.50 |\n"
    )
    assert stated(text, "amount") == ["520万元", "560万元", "548万元", "80万元", "60万元", "66万元"]
    assert stated(text, "rate") == ["97.9%", "5.38%", "110%", "-17.50%"]


def test_a_unit_line_above_title_and_header_lines_and_a_table_in_two_parts() -> None:
    # a PDF's text layer: the unit line, then the header lines the recogniser leaves as lines, then rows
    # of a label and numbers apart by single spaces, broken by a row that has no numbers
    text = (
        "2024年某局财政拨款“三公”经费预算表\n"
        "金额单位:万元\n"
        "项目 2024年预算数\n"
        "小计 其中:一般公共预算安排数\n"
        "一、“三公”经费合计 30.40 30.40\n"
        "(一)公务接待费 12.20 12.20\n"
        "(二)公务用车费 18.20 18.20\n"
        "      1.公务用车购置费    \n"
        "2.公务用车运行维护费 18.20 18.20\n"
        "二、会议费 6.75 6.75\n"
    )
    assert stated(text, "amount") == [
        "30.40万元", "30.40万元", "12.20万元", "12.20万元", "18.20万元", "18.20万元",
        "18.20万元", "18.20万元", "6.75万元", "6.75万元",
    ]  # fmt: skip


def test_rows_without_a_header_under_a_declared_unit_and_rows_of_counts() -> None:
    # columns apart by spaces, no header the rows stand under: a row naming money gives an amount, a row
    # counting vehicles or batches (辆, 批) gives none
    text = (
        "某单位2025年度部门“三公”经费预算情况表\n"
        "    单位:元\n"
        "项目 2024-执行数 2025-预算数\n"
        "1、因公出国(境)费用    \n"
        "2、公务接待费   86000\n"
        "3、公务用车费   42000\n"
        "其中:(1)公务用车运行维护费   42000\n"
        "二、相关统计数    \n"
        "1.公务用车保有量(辆)   2\n"
        "2.公务接待批次(批)   35\n"
    )
    assert stated(text, "amount") == ["86000元", "42000元", "42000元"]


def test_an_aligned_total_row_without_its_code_stays_in_the_table() -> None:
    # a PDF's text layer: the total row has no 科目编码, and the CJK labels shift the positions of the
    # numbers after them; the row's numbers stand under the number columns, its label under 科目名称
    text = (
        "表2 2024年一般公共预算支出决算表\n单位:元\n"
        "科目编码   科目名称                 年初预算数     调整预算数      决算数     完成调整预算%\n"
        "205        教育支出                 1,200,000      1,260,000      1,251,300    99.3\n"
        "20502      普通教育                   800,000        840,000        838,000    99.8\n"
        "           合计                     1,200,000      1,260,000      1,251,300    99.3\n"
    )
    assert stated(text, "amount")[-3:] == ["1200000元", "1260000元", "1251300元"]
    assert stated(text, "rate") == ["99.3%", "99.8%", "99.3%"]


def test_a_two_level_header_one_cell_per_line_under_a_unit_cell() -> None:
    # 单位:万元 is the first cell; the upper level leaves the group's second column empty, the lower
    # level (金额 | 幅度(%)) follows: the 幅度 column holds rates, the 金额 column amounts
    cells = ["单位:万元", "项目", "2023年决算数", "2024年决算数", "比上年增减", "", "金额", "幅度(%)"]
    cells += ["合计", "64.00", "60.80", "-3.20", "-5.00", "公务接待费", "24.00", "25.20", "1.20", "5.00"]
    text = "某局2024年“三公”经费支出决算表\n" + "".join(f"{c} |\n" for c in cells)
    assert stated(text, "amount") == [
        "64.00万元", "60.80万元", "-3.20万元", "24.00万元", "25.20万元", "1.20万元",
    ]  # fmt: skip
    assert stated(text, "rate") == ["-5.00%", "5.00%"]


@pytest.mark.parametrize("separator", [" |\n", "\n"])
def test_a_table_by_year_one_cell_per_line_or_words(separator: str) -> None:
    # a yearbook's table whose first column holds years: the years are no amounts, the (%) columns
    # hold rates, never amounts in 亿元
    cells = ["年份", "财政总收入(亿元)", "增长(%)", "一般公共预算支出(亿元)", "增长(%)"]
    cells += ["2022", "38.20", "6.1", "44.50", "-2.4", "2023", "40.05", "4.8", "43.10", "-3.1"]
    text = "表5 某县财政收支情况\n" + "".join(f"{c}{separator}" for c in cells)
    assert stated(text, "amount") == ["38.20亿元", "44.50亿元", "40.05亿元", "43.10亿元"]
    assert stated(text, "rate") == ["6.1%", "-2.4%", "4.8%", "-3.1%"]
    words = "表5 某县财政收支情况\n" + " ".join(cells[:5]) + "\n" + " ".join(cells[5:10]) + "\n"
    words += " ".join(cells[10:]) + "\n"
    assert stated(words, "amount") == ["38.20亿元", "44.50亿元", "40.05亿元", "43.10亿元"]


def test_a_unit_declared_in_renminbi() -> None:
    text = (
        "2025年某局“三公”经费预算表\n金额单位：人民币元\n项目 | 预算数 |\n"
        "合计 | 64000.00 |\n公务接待费 | 24000.00 |\n公务用车运行维护费 | 40000.00 |\n"
    )
    assert stated(text, "amount") == ["64000.00元", "24000.00元", "40000.00元"]


def test_units_of_a_page_in_traditional_characters_with_readings_and_bare_yi() -> None:
    # a converter that writes a character's reading after it (萬(wàn)元), and a year-by-year list whose
    # key says (元) while the value writes a bare 億; made-up figures
    text = (
        "上半年,全區完成財政收入31200萬(wàn)元,為預(yù)算的52.1%。\n"
        "年份:2018\n預算(元):4,120億\n實際開支(元):4,305億\n增幅:8.8%\n"
    )
    assert stated(text, "amount") == ["31200万元", "4120亿元", "4305亿元"]


def test_a_bare_yi_after_a_key_that_names_no_money_is_not_read() -> None:
    text = "年份:2018\n人口:4,120萬\n面积:3.5億\n"
    assert stated(text, "amount") == []


def test_an_amount_whose_unit_a_pdf_line_break_put_on_the_next_line() -> None:
    text = "政府集中采购预算 41200 元,占 60.5%,同比增加 1530010\n元,增长 12.30%;接待费增加 2.06 万\n元。\n"
    assert stated(text, "amount") == ["41200元", "1530010元", "2.06万元"]


def test_a_table_without_a_unit_whose_numbers_the_text_states_in_wan_yuan() -> None:
    # the text states three of the table's numbers in 万元 and the table declares no unit: its numbers
    # are 万元 too; the row labelled ``增减%`` holds percentages without a sign (made-up figures)
    text = (
        "2020年“三公”经费决算数1530万元,其中公务接待费820万元,公务用车购置及运行费710万元(其中购置费25万元)。\n"
        "2020年决算数与2019年决算数对比情况\n"
        "年度 | 合计 | 公务接待费 | 公车购置及运行费 |\n"
        "2019年 | 1600 | 850 | 750 |\n"
        "2020年 | 1530 | 820 | 710 |\n"
        "2020年比2019年增减% | -4.38 | -3.53 | -5.33 |\n"
    )
    amounts = stated(text, "amount")
    assert amounts.count("1530万元") == 2
    assert "1600万元" in amounts
    assert "750万元" in amounts
    assert sorted(stated(text, "rate")) == ["-3.53%", "-4.38%", "-5.33%"]


@pytest.mark.parametrize(
    "prose",
    [
        "决算数1530万元,公务接待费820元,公务用车购置及运行费710万元。",  # two units: nothing said
        "决算数1530万元,公务接待费12万元。",  # too few of the table's numbers stated
    ],
)
def test_a_table_without_a_unit_stays_unread_when_the_text_does_not_settle_it(prose: str) -> None:
    text = f"{prose}\n对比情况\n年度 | 合计 | 公务接待费 | 公车购置及运行费 |\n2020年 | 1530 | 820 | 710 |\n"
    assert "820万元" not in stated(text, "amount")
