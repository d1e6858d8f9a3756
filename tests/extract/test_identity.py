"""Title line, department and year."""

from __future__ import annotations

import pytest

from jixiao.intake import extract_text


def test_title_at_the_head_of_a_glued_line_and_its_year() -> None:
    evaluation, _ = extract_text(
        "1、重庆市某区林业局2023年度部门整体绩效自评表主管部门某区林业局部门联系人\n"
    )
    assert evaluation.narrative.title == "重庆市某区林业局2023年度部门整体绩效自评表"
    assert evaluation.year == 2023
    assert evaluation.department == "重庆市某区林业局"


def test_title_broken_over_two_lines_is_joined() -> None:
    evaluation, _ = extract_text("某县2023年度中央水利发展资金\n绩效自评报告\n一、基本情况\n")
    assert evaluation.narrative.title == "某县2023年度中央水利发展资金绩效自评报告"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("某区信访局 2024 年", "度部门整体支出绩效自评报告"),
        ("某县住房和城乡建设局 2018 年度部门整体", "支出绩效评价自评报告"),
        ("某区档案馆 2024 年度部门整体支出绩", "效自评报告"),  # broken inside 绩效
    ],
)
def test_a_title_wrapped_by_a_pdf_keeps_its_year(first: str, second: str) -> None:
    body = "根据有关规定，对 2022 年度部门整体支出进行了绩效自评。"
    evaluation, _ = extract_text(f"{first}\n{second}\n{body}\n")
    assert evaluation.narrative.title == first + second
    assert evaluation.year == int(first.split(" ")[1])


def test_navigation_is_not_a_title() -> None:
    text = "您现在的位置: 首页 > 通知公告 > 部门整体支出绩效评价报告\n部门整体支出绩效评价报告\n"
    evaluation, _ = extract_text(text)
    assert evaluation.narrative.title == "部门整体支出绩效评价报告"


@pytest.mark.parametrize(
    ("text", "department"),
    [
        ("项目支出绩效自评表\n主管部门\n廊坊市发改委\n实施单位\n廊坊市食品工程学校\n", "廊坊市食品工程学校"),
        (
            "绩效自评表\n中央主管部门 | 人力资源社会保障部 |\n"
            "资金使用单位 | 某市某区人力资源和社会保障局 |\n",
            "某市某区人力资源和社会保障局",
        ),
        ("欢迎来到南县政协网站!\n部门整体支出绩效评价报告\n南县政协坚持…\n", "南县政协"),
    ],
)
def test_department_by_field_priority(text: str, department: str) -> None:
    evaluation, _ = extract_text(text)
    assert evaluation.department == department


def test_no_department_rather_than_a_sentence_fragment() -> None:
    evaluation, _ = extract_text(
        "部门整体绩效自评表\n为建设成渝地区双城经济圈和西部(重庆)科学城营造良好氛围。\n"
    )
    assert "department" not in evaluation.spans


def test_year_prefers_nian_du_over_the_year_a_notice_was_written() -> None:
    text = "财政金融部关于2023年全区绩效评价结果情况的通报\n重点选择2022年度14个重点项目开展重点绩效评价\n"
    evaluation, _ = extract_text(text)
    assert evaluation.year == 2022


def test_years_compared_with_are_not_the_year_evaluated() -> None:
    text = (
        "某县某局2023年“三公”经费预算情况\n"
        "某县某局2023年“三公”经费支出预算为60万元,比上年减少5万元。\n"
        "(一)公务接待费3万元,与2022年预算一致;(二)公务用车运行费50万元,比2022年减少4万元;"
        "(三)因公出国费7万元,较2022年减少1万元。\n"
    )
    evaluation, _ = extract_text(text)
    assert evaluation.year == 2023


@pytest.mark.parametrize(
    ("text", "department"),
    [
        (
            "某县人民政府\n首页 >> 部门信息公开 >> 某县交通运输局 >> 正文\n"
            "某县2020年公路安全工程绩效自评报告\n某县人民政府办公室转发。某县人民政府。\n",
            "某县交通运输局",
        ),
        ("东湖镇2024年上半年预算执行情况的报告\n一、收入完成情况\n", "东湖镇"),
        ("关于西山县2023年预算执行情况和2024年预算草案的报告\n各位代表:\n", "西山县"),
        ("各位代表:\n我受南湖镇人民政府委托向大会作报告。南湖镇人民政府全年…\n", "南湖镇人民政府"),
    ],
)
def test_department_from_a_breadcrumb_a_place_title_or_the_body(text: str, department: str) -> None:
    evaluation, _ = extract_text(text)
    assert evaluation.department == department


@pytest.mark.parametrize(
    ("text", "department"),
    [
        # a notice signed at its end: the names right above the date; the issuer of a document cited by
        # its title (《…》) is not the department however often it is named
        (
            "关于下达2024年度某项补助资金的通知\n各有关乡镇财政所:\n"
            "根据《某市财政局 某市农业农村局关于下达补助资金的通知》和《某市财政局关于加强资金管理的通知》"
            "文件精神,现将补助资金36万元下达给你们。\n某县财政局 某县农业农村局\n2024年10月8日\n",
            "某县财政局",
        ),
        # a form's 省级财政部门 field names the funder, not the unit: the publisher stands in 来源
        (
            "补助资金区域绩效目标自评表\n来源:某区市场监管局 发布时间:2023-08-15\n"
            "省级财政部门\n某省财政厅\n省级主管部门\n某省市场监管局\n",
            "某区市场监管局",
        ),
        # the title of a final-accounts or “三公” note names the unit first
        ("某县实验幼儿园2022年度部门决算公开\n一、单位概况\n本单位为全额拨款事业单位。\n", "某县实验幼儿园"),
        (
            "关于某区司法局2021年度一般公共预算财政拨款“三公”经费支出决算情况说明\n"
            "“三公”经费支出决算为8.50万元。\n",
            "某区司法局",
        ),
        # ``X是Y`` in a sentence is no body's name
        (
            "一、概况\n某市第二幼儿园是某市教育局直属的事业单位,某市第二幼儿园在园幼儿500名。\n",
            "某市第二幼儿园",
        ),
    ],
)
def test_department_from_signature_budget_titles_and_not_from_citations(text: str, department: str) -> None:
    evaluation, _ = extract_text(text)
    assert evaluation.department == department
