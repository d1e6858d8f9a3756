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


# --- the department in the shapes real pages state it (made-up names) -------------------------------


@pytest.mark.parametrize(
    ("text", "department"),
    [
        # a form flattened into one line: the value ends where the next label starts
        (
            "2021年度财政项目绩效自评表单位名称:东湖市中心医院填报日期:2022年3月18日项目名称院区建设补助"
            "主管部门东湖市卫生健康委项目实施单位东湖市中心医院项目类别1、部门预算项目\n",
            "东湖市中心医院",
        ),
        # ... and ends at a word no label list knows, where a body's name ends
        (
            "项目支出绩效自评表(2020 年度)项目名称设备更新专项经费主管部门西岭区演艺中心"
            "实施单位西岭区文化和旅游局机关项目资金 (万元)年初预算数全年预算数\n",
            "西岭区文化和旅游局机关",
        ),
        # one cell per line, a seal after the label, 本级 after the supervisor's name
        (
            "部门预算项目支出绩效自评表(2023年度) |\n项目名称 |\n51000021R0001-工资性支出 |\n主管部门 |\n"
            "南溪县发展和改革局本级 |\n实施单位 (盖章) |\n南溪县发展和改革局 |\n",
            "南溪县发展和改革局",
        ),
        # codes before the names
        (
            "附件: 项目支出绩效自评表 (2022年度) 项目名称 委托业务项目 主管部门 219-北湖区青石镇人民政府 "
            "实施单位 219001-北湖区青石镇人民政府 项目资金 (万元) 年初预算数\n",
            "北湖区青石镇人民政府",
        ),
        # ``部门:`` over a final-accounts table
        (
            "收入支出决算总表 部门:东川县石门镇中心卫生院 金额单位:元\n收入 | 金额 |\n",
            "东川县石门镇中心卫生院",
        ),
        # a label's value on the next line, after a colon
        (
            "事前绩效评估报告\n项目名称:\n双向推介交流\n项目单位:\n西山州商务局\n主管部门:\n西山州政府\n",
            "西山州商务局",
        ),
    ],
)
def test_department_from_a_label_and_its_value(text: str, department: str) -> None:
    evaluation, _ = extract_text(text)
    assert evaluation.department == department


@pytest.mark.parametrize(
    ("text", "department"),
    [
        # the year before the body; the publisher is the same body without its place
        (
            "当前位置:首页 预决算公开 > 2023年度青川县农业农村局单位决算\n2023年度青川县农业农村局单位决算\n"
            "发布时间:2024-09-20 来源:县农业农村局\n第一部分 单位概况\n",
            "青川县农业农村局",
        ),
        # the finance bureau publishes the unit's final accounts: the title names the unit
        (
            "2022年度北湖市农业农村局部门决算\n来源:北湖市财政局 发布时间:2023-08-11\n目录\n",
            "北湖市农业农村局",
        ),
        # the government publishes the political consultative conference's accounts
        (
            "中国人民政治协商会议东州市南县委员会2023年度部门决算 |\n"
            "来源:南县人民政府 作者: 时间:2024-10-21 |\n",
            "中国人民政治协商会议东州市南县委员会",
        ),
        # a body whose title names it twice over (纪委监委)
        (
            "中国共产党东州市纪律检查委员会东州市监察委员会2023年度部门决算\n目录\n第一部分 单位概况\n",
            "中国共产党东州市纪律检查委员会东州市监察委员会",
        ),
        # the first part of a final-accounts note
        ("目录\n第一部分 北湖市林业局系统部门(单位)概况\n一、部门职责\n", "北湖市林业局"),
        # a budget report: the finance bureau's name on its own line under the title
        (
            "关于东州西县2022年预算执行情况和2023年预算草案的报告\n(2023年2月8日在县第十七届人民代表大会第二次会议上)\n"
            "西县财政局\n各位代表:\n受县人民政府委托,现将西县2022年预算执行情况提请审议。\n",
            "西县财政局",
        ),
        # a sub-district's own “三公” note: the place its title names (a sentence below is no title)
        (
            "东山回族自治县北塘街道2023年度“三公”经费决算情况说明\n一、总体情况\n"
            "东山县北塘街道办事处2023年度“三公”经费支出预算为24.5万元,支出决算为11.96万元。\n",
            "东山回族自治县北塘街道",
        ),
        # a page's header fields as a list: the publisher after ``- 发文机构``
        (
            "南岭区2021年化肥减量增效项目补助资金绩效自评\n- 索引号\n- 0152-2023-00013\n- 发文机构\n"
            "- 南岭区农业农村局\n- 公开目录\n- 绩效自评报告\n",
            "南岭区农业农村局",
        ),
        # ``附件3`` glued before the title of a county's self-evaluation of a transfer; bulleted page fields
        (
            "附件3东川省西岭县2021年中央食品监管专项转移支付绩效自评报告为进一步规范资金管理,对我局资金进行自评。\n",
            "东川省西岭县",
        ),
        (
            "• 发布机构\n  • 北湖市财政局\n  • 公开目录\n北湖市水务局2024年度部门决算\n目录\n",
            "北湖市水务局",
        ),
        # the finance bureau publishes a town's budget report: the town is its unit
        (
            "东湖镇2025年上半年预算执行情况的报告\n信息来源:西县财政局 发布日期:2025-09-29\n"
            "上半年,财政收入…\n",
            "东湖镇",
        ),
        # a notice signed with its date in Chinese numerals (○ for zero)
        (
            "各有关单位:\n现将资金管理办法印发给你们,请遵照执行。\n"
            "北湖市财政局 北湖市水利局\n二○二三年五月三十日\n",
            "北湖市财政局",
        ),
        # a county's final accounts: the place, not the congress session that approved them
        (
            "2023年南岭县决算(草案)的报告\n2024年10月18日南岭县第十七届人民代表大会常务委员会第二十四次会议通过\n"
            "受县人民政府委托,我代表县人民政府报告,请予审议。\n",
            "南岭县",
        ),
    ],
)
def test_department_from_a_title_before_the_publisher(text: str, department: str) -> None:
    evaluation, _ = extract_text(text)
    assert evaluation.department == department


@pytest.mark.parametrize(
    "text",
    [
        # the year is no place: ``新增地方政府`` is not a body's name
        "2023年度新增地方政府专项债券项目绩效评价情况\n发布时间:2024-06-19\n我单位2023年新增专项债券项目3个。\n",
        # ``本级部门`` is the city's own departments, no body
        "1、北川市本级部门项目支出绩效自评表(2021年)项目名称初中公用经费自评得分98\n",
        # a clause after a label, a column header, another body's field: no unit named
        "项目由资金使用单位为主组织实施。\n单位名称 | 金额 |\n合计 | 30 |\n省级主管部门 | 东省财政厅 |\n",
        # a congress and its session are not a department
        "2023年全县财政总收入完成545876万元,完成年初上报县人民代表大会预算收入计划的98.9%。\n",
        # a town's own government named without the town: no name
        "一、全镇收支决算情况\n镇人大一次会议批准的镇人民政府2023年一般公共预算收入为3522万元。\n",
    ],
)
def test_no_department_rather_than_a_wrong_one(text: str) -> None:
    evaluation, _ = extract_text(text)
    assert "department" not in evaluation.spans, evaluation.department


@pytest.mark.parametrize(
    ("text", "department"),
    [
        # the body that asked for the report is not the one reporting; the one introduced with a short name is
        (
            "2018年度项目支出绩效自评报告根据东山区财政局开展2019年绩效评价工作方案的要求,我单位开展绩效自评。"
            "一、项目概况(一)单位职能:东山区卫生和计划生育委员会(以下简称区卫计委)的主要职能:贯彻执行政策。\n",
            "东山区卫生和计划生育委员会",
        ),
        # in prose alone: the body the report names, not the one whose scheme it follows
        (
            "根据北湖市财政局的要求,现将北湖市交通运输局资金项目绩效自评报告如下:\n"
            "北湖市交通运输局全年完成道路32公里。\n",
            "北湖市交通运输局",
        ),
    ],
)
def test_department_from_prose_is_the_reporting_body(text: str, department: str) -> None:
    evaluation, _ = extract_text(text)
    assert evaluation.department == department


def test_a_label_cell_of_a_table_gives_the_next_cell() -> None:
    from jixiao.extract.department import label_in_grid
    from jixiao.extract.text import prepare
    from jixiao.inputs.document import Cell, Document, Table

    text = "单位名称(盖章)\t东湖区档案馆\t填报日期\t2024年3月1日\n"
    cells = [Cell("单位名称(盖章)", 0, 8), Cell("东湖区档案馆", 9, 15), Cell("填报日期", 16, 20)]
    document = Document(text=text, format="docx", blocks=[Table(rows=[cells], layout="docx")])
    assert label_in_grid(document, prepare(text, 0)) == ("东湖区档案馆", 9, 15)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("东湖区档案馆二〇二三年度部门决算\n", 2023),
        # a budget report about last year, published with next year's draft
        ("关于西县2022年预算执行情况和2023年预算草案的报告\n各位代表:\n", 2022),
        (
            "关于西县2022年预算执行情况和2023年预算草案的报告\n二、2023年度预算安排\n全县预算收入3亿元。\n",
            2022,
        ),
        # the year of a cited document, and a date, are not the year evaluated
        (
            "根据《东州市2021年度预算绩效管理办法》要求,现将自评情况报告如下。\n"
            "公开时间:2024年3月1日\n全年完成支出2023年预算的98%,2023年共办理事项12件。\n",
            2023,
        ),
    ],
)
def test_year_in_real_shapes(text: str, year: int) -> None:
    evaluation, _ = extract_text(text)
    assert evaluation.year == year


# the amounts engineer's cases for the same shapes (Chinese numerals, people's organisations, a form's year
# field), kept here so that both implementations answer them alike


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("某镇人民政府\n二〇二三年度财政决算报告\n全镇一般公共预算收入完成1200万元。\n", 2023),
        ("关于二零二二年预算执行情况的报告\n全县财政总收入完成3.2亿元,比二〇二一年增长4.1%。\n", 2022),
        ("一、一九九八年财政收支情况\n全县财政总收入完成860万元。\n", 1998),
    ],
)
def test_a_year_in_chinese_numerals(text: str, year: int) -> None:
    evaluation, _ = extract_text(text)
    assert evaluation.year == year


def test_people_s_organisations_are_bodies() -> None:
    evaluation, _ = extract_text("2024年预算单位部门决算公开\n目录\n第一部分某区残联概况\n一、部门职责\n")
    assert evaluation.department == "某区残联"


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("项目支出绩效自评表\n评价年度 | 2023 |\n项目名称 | 乡村道路养护 |\n", 2023),
        ("绩效自评表\n年度:2022\n单位名称:某县林业局\n上年度:2021\n", 2022),
        ("绩效自评表\n上年度:2021\n单位名称:某县林业局\n", None),
    ],
)
def test_a_form_s_year_field(text: str, year: int | None) -> None:
    evaluation, _ = extract_text(text)
    assert evaluation.year == year


@pytest.mark.parametrize(
    "text",
    [
        # the issuer of a document the text cites, written before its 《title》, is not the body reporting
        "按照要求及东山市卫生健康委员会办公室《关于开展2017年预算绩效评价工作的通知》,本单位开展自评。\n",
        # the code of a document number is not a body's name
        "根据南川市财办社〔2022〕12号文件精神,现将资金10万元下达给你们。\n",
        # ``全县`` names no place; ``人力资源和社会`` is no body
        "一、职能简介\n1.拟订全县人力资源和社会保障事业发展规划并组织实施。\n",
    ],
)
def test_prose_names_no_issuer_document_number_or_generic_place(text: str) -> None:
    evaluation, _ = extract_text(text)
    assert "department" not in evaluation.spans, evaluation.department


@pytest.mark.parametrize(
    ("text", "department"),
    [
        # a body introduced with a short name, its province named without 省
        (
            "根据北湖市财政局《资金绩效评价办法》的规定,河南青年创业协会(以下简称“省创协”)成立自评专班。\n",
            "河南青年创业协会",
        ),
        # the clause before the name ends at its verb; the name runs on to 管理处
        ("全年使用财政拨款安排西河市农产品检测中心出国团组0个。\n", "西河市农产品检测中心"),
        ("(一)南湖市烈士陵园管理处2022年度共有5个项目,预算35万元。\n", "南湖市烈士陵园管理处"),
        ("一、职能简介\n东山县白鹭镇小学校是一所公办小学校,现有教师48人。\n", "东山县白鹭镇小学校"),
        # a title naming the unit, then the level of the money it reports on
        ("东湖区残联中央转移支付2023年度绩效自评报告\n一、绩效目标分解下达情况\n", "东湖区残联"),
    ],
)
def test_department_in_prose_and_titles_of_fund_reports(text: str, department: str) -> None:
    evaluation, _ = extract_text(text)
    assert evaluation.department == department


@pytest.mark.parametrize(
    ("text", "department"),
    [
        # a title naming the bureau without its place: the publisher's line names it in full
        ("点击量: 来源:北湖市财政局 时间:2023-07-21\n财政局部门2022年度部门决算\n目录\n", "北湖市财政局"),
        # ``县某局`` is completed by the county's name written under the title, not by ``2022年``
        (
            "2022年县农业农村局部门决算\n2023年10月30日  南溪县农业农村局\n第一部分 部门概况\n",
            "南溪县农业农村局",
        ),
        # a 县 bureau is never completed by a 市 one, nor by the body a report was asked for by
        ("2022年县财政局部门决算\n根据北湖市财政局的要求编制。\n", "县财政局"),
    ],
)
def test_a_name_without_its_place_is_completed_from_the_text(text: str, department: str) -> None:
    evaluation, _ = extract_text(text)
    assert evaluation.department == department


def test_a_page_in_traditional_script_names_its_unit_as_written() -> None:
    text = "東湖市第二實驗小學2022年度單位決算公開\n發布日期: 2023-09-25\n第一部分 單位概況\n"
    evaluation, _ = extract_text(text)
    assert evaluation.department == "東湖市第二實驗小學"
    assert evaluation.year == 2022
    assert evaluation.narrative.title is None or "決算" in evaluation.narrative.title


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("某县2023年度中央水利发展资金绩效自评报告", "project"),
        ("某局关于2021年度困难群众救助补助专项转移支付资金绩效自评报告", "project"),
        ("某县2020年第一批公路安全生命防护工程绩效自评报告", "project"),
        ("某局优抚对象生活补助经费2023年度绩效自评报告", "project"),
        ("某局2023年度部门整体支出绩效自评报告", "department"),
        ("某局2022年度部门决算", "department"),
    ],
)
def test_a_fund_s_self_evaluation_is_a_project_s(title: str, kind: str) -> None:
    evaluation, _ = extract_text(f"{title}\n一、基本情况\n")
    assert evaluation.kind == kind


def test_a_mirror_s_pinyin_after_each_character_is_no_part_of_the_name() -> None:
    text = (
        "返回手機(jī)版\n東湖市即墨區(qū)第二實(shí)驗(yàn)小學(xué)2022年度單位決算公開(kāi)\n"
        "發(fā)布日期: 2023-09-25\n第一部分 單位概況(kuàng)\n"
    )
    evaluation, _ = extract_text(text)
    assert evaluation.department == "東湖市即墨區第二實驗小學"
    span = evaluation.spans["department"]
    assert text[span.start : span.end] == "東湖市即墨區(qū)第二實(shí)驗(yàn)小學"
    assert evaluation.year == 2022


def test_a_clause_verb_cut_by_the_match_is_still_no_part_of_the_name() -> None:
    text = "一、部门基本情况\n经研究,设立中国农工党西河市委员会,内设一室四处。\n"
    evaluation, _ = extract_text(text)
    assert evaluation.department == "中国农工党西河市委员会"


def test_an_attachment_s_title_is_not_a_final_accounts_note_s() -> None:
    text = "东湖县白鹭镇中心学校2022年度单位决算\n目录\n第一部分 单位概况\n附件:2022年度项目支出绩效自评表\n"
    evaluation, _ = extract_text(text)
    assert evaluation.kind == "department"
    assert evaluation.narrative.title is None
    assert evaluation.department == "东湖县白鹭镇中心学校"
    assert evaluation.year == 2022


def test_a_third_party_report_names_the_unit_evaluated_not_its_client() -> None:
    text = (
        "东湖县白鹭镇2023年村级运转经费项目\n绩效评价报告\n委托单位:东湖县财政局\n"
        "被评价单位:东湖县白鹭镇人民政府\n评价机构:某某咨询有限公司\n"
    )
    evaluation, _ = extract_text(text)
    assert evaluation.department == "东湖县白鹭镇人民政府"
